"""A lesson's check questions: the hint before a second try, and the score at the end. Pure."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from sysdesign.content.model import Lesson, NumericAnswer, Question
from sysdesign.core.quantity import format_number


def retry_hint(question: Question, given: object) -> str | None:
    """What a wrong answer got right or wrong, without giving the answer away; None when a
    second try would be a free guess (true/false has only the other answer left)."""
    key = question.answer
    if question.kind == "choice" and isinstance(given, int) and 0 <= given < len(question.choices):
        return f"It is not “{question.choices[given]}”."
    if question.kind == "multi" and isinstance(given, tuple) and isinstance(key, tuple):
        right = len(set(given) & set(key))
        wrong = len(set(given) - set(key))
        return (f"Of the {_count(len(given), 'option')} you marked, {right} "
                f"{'is' if right == 1 else 'are'} right and {wrong} {'is' if wrong == 1 else 'are'} not; "
                f"the answer has {_count(len(key), 'option')}.")
    if question.kind == "order" and isinstance(given, tuple) and isinstance(key, tuple):
        in_place = sum(1 for g, k in zip(given, key) if g == k)
        return f"{in_place} of the {len(key)} are in the right place."
    if question.kind == "numeric" and isinstance(key, NumericAnswer):
        return _numeric_hint(key, float(given))  # type: ignore[arg-type]
    return None


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _numeric_hint(key: NumericAnswer, value: float) -> str | None:
    if not math.isfinite(value):
        return None
    if key.value == 0 or value == 0 or (value > 0) != (key.value > 0):
        return "Too high." if value > key.value else "Too low."
    ratio = abs(value / key.value)
    direction = "high" if value > key.value else "low"
    if ratio >= 3 or ratio <= 1 / 3:
        factor = ratio if ratio >= 1 else 1 / ratio
        power = round(math.log10(factor))
        about = f"about {format_number(10 ** power)}×" if power >= 1 else f"about {factor:.0f}×"
        return f"Too {direction}, by {about}: check the units and each step."
    return f"Too {direction}, but in the right range."


@dataclass(frozen=True)
class LessonScore:
    """How a reading of a lesson went on its checks."""

    asked: int  # check questions answered in this reading
    first_time: int  # right at the first answer
    second_try: int  # right after the hint
    revisit: tuple[int, ...]  # indexes of sections with a check not right the first time

    @property
    def right(self) -> int:
        return self.first_time + self.second_try


def lesson_score(lesson: Lesson, answers: Iterable[tuple[str, bool]]) -> LessonScore:
    """Score `answers` (question id, right?) in the order given, the first for each question
    being its first try; questions not answered are left out."""
    tries: dict[str, list[bool]] = {}
    for qid, correct in answers:
        tries.setdefault(qid, []).append(correct)
    first = sum(1 for t in tries.values() if t[0])
    second = sum(1 for t in tries.values() if not t[0] and any(t[1:]))
    revisit = tuple(i for i, section in enumerate(lesson.sections)
                    if any(qid in tries and not tries[qid][0] for qid in section.checks))
    return LessonScore(asked=len(tries), first_time=first, second_try=second, revisit=revisit)
