"""Reading and grading answers to the five kinds of question.

Answers arrive as text (a letter, letters, t/f, a number with a unit) from any front
end; ``read_answer`` turns the text into the answer's shape or raises AnswerError with a
message saying what to type, and ``is_correct`` compares it with the key.
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass

from sysdesign.content.model import NumericAnswer, Question
from sysdesign.core.quantity import FRACTION, Quantity, QuantityError, parse_quantity, unit_factor

LETTERS = string.ascii_lowercase


class AnswerError(ValueError):
    """The text is not a valid answer to this question; the message says what is."""


@dataclass(frozen=True)
class Graded:
    correct: bool
    given: object
    expected: str  # the right answer, written out for the learner


def letter(index: int) -> str:
    return LETTERS[index]


def _letters(text: str, n: int) -> list[int]:
    cleaned = text.replace(",", " ").replace(";", " ").split()
    if len(cleaned) == 1 and len(cleaned[0]) > 1 and cleaned[0].isalpha():
        cleaned = list(cleaned[0])  # "acd" reads as a c d
    out = []
    for token in cleaned:
        token = token.strip().lower().rstrip(").")
        if len(token) == 1 and token in LETTERS[:n]:
            out.append(LETTERS.index(token))
        elif token.isdigit() and 1 <= int(token) <= n:
            out.append(int(token) - 1)
        else:
            raise AnswerError(f"{token!r} is not one of the choices {letter(0)}–{letter(n - 1)}")
    return out


def read_answer(question: Question, text: str):
    """The learner's answer in the shape of ``question.answer``."""
    text = (text or "").strip()
    n = len(question.choices)
    if not text:
        raise AnswerError(answer_hint(question))
    kind = question.kind
    if kind == "choice":
        picked = _letters(text, n)
        if len(picked) != 1:
            raise AnswerError(f"pick one choice: a letter {letter(0)}–{letter(n - 1)}")
        return picked[0]
    if kind == "multi":
        picked = _letters(text, n)
        if len(set(picked)) != len(picked):
            raise AnswerError("a letter appears twice")
        return tuple(sorted(picked))
    if kind == "order":
        picked = _letters(text, n)
        if sorted(picked) != list(range(n)):
            raise AnswerError(f"give all {n} letters once each, in order (e.g. {' '.join(LETTERS[:n][::-1])})")
        return tuple(picked)
    if kind == "truefalse":
        lowered = text.lower()
        if lowered in ("t", "true", "y", "yes", "1"):
            return True
        if lowered in ("f", "false", "n", "no", "0"):
            return False
        raise AnswerError("answer t (true) or f (false)")
    return _read_numeric(question.answer, text)


class Reading(float):
    """A numeric answer in the key's unit; ``also`` holds other fair readings of the same text.

    A bare ``0.63`` typed for a percentage reads as 0.63 % and also as the share 63 %.
    """

    also: tuple[float, ...]

    def __new__(cls, value: float, also: tuple[float, ...] = ()) -> Reading:
        reading = super().__new__(cls, value)
        reading.also = also
        return reading


def _read_numeric(key: NumericAnswer, text: str) -> Reading:
    try:
        quantity = parse_quantity(text)
    except QuantityError as exc:
        raise AnswerError(str(exc)) from None
    value = numeric_in_key_unit(key, quantity)
    also: tuple[float, ...] = ()
    if quantity.unit is None and key.unit and unit_factor(key.unit)[1] == FRACTION and 0 < value <= 1:
        also = (value / unit_factor(key.unit)[0],)  # a share: 0.63 of the whole is 63 %
    return Reading(value, also)


def numeric_in_key_unit(key: NumericAnswer, quantity: Quantity) -> float:
    """The given quantity in the key's unit; a bare number is taken to be in that unit."""
    if quantity.unit is None or key.unit is None:
        return quantity.value
    factor, dim = unit_factor(key.unit)
    if quantity.dim != dim:
        raise AnswerError(f"that is {quantity.dim}, but the question asks for {dim} (in {key.unit})")
    return quantity.value / factor


def answer_hint(question: Question) -> str:
    """What to type for this kind of question."""
    n = len(question.choices)
    return {
        "choice": f"type one letter {letter(0)}–{letter(n - 1)}",
        "multi": "type every right letter, e.g. a,c",
        "order": f"type the letters in order, e.g. {' '.join(LETTERS[:n])}",
        "truefalse": "type t or f",
        "numeric": "type a number, with a unit if you like",
    }[question.kind]


def is_correct(question: Question, given) -> bool:
    key = question.answer
    if question.kind == "numeric":
        assert isinstance(key, NumericAnswer)
        return any(_close(key, value) for value in (given, *getattr(given, "also", ())))
    return given == key


def _close(key: NumericAnswer, value: float) -> bool:
    if key.value == 0:
        return abs(value) <= key.tolerance
    return math.isfinite(value) and abs(value - key.value) <= abs(key.value) * key.tolerance + 1e-12


def expected_text(question: Question) -> str:
    key = question.answer
    if question.kind == "choice":
        return f"{letter(key)}) {question.choices[key]}"
    if question.kind == "multi":
        return "; ".join(f"{letter(i)}) {question.choices[i]}" for i in key)
    if question.kind == "order":
        return " → ".join(f"{letter(i)}) {question.choices[i]}" for i in key)
    if question.kind == "truefalse":
        return "true" if key else "false"
    if key.unit in ("$", "USD", "usd", "dollar", "dollars"):
        return f"${format_number(key.value)} (within ±{key.tolerance:.0%})"
    unit = f" {key.unit}" if key.unit else ""
    return f"{format_number(key.value)}{unit} (within ±{key.tolerance:.0%})"


def format_number(value: float) -> str:
    """A number as a person writes it: 16,777,216 · 0.5 · 8.76 · 2.5e-07."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    if 1e-3 <= abs(value) < 1e15:
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return f"{value:.3g}"


def grade(question: Question, text: str) -> Graded:
    """Read and grade in one step (AnswerError propagates for unreadable text)."""
    given = read_answer(question, text)
    return Graded(is_correct(question, given), given, expected_text(question))
