"""Answers written as the arithmetic one did: ``500M * 2 / 86400``, ``1.1 EB / (5 * 365)``,
``2e9 B / 1 Gbps``.

Every quantity in the text (a number with its multiplier and unit, as ``parse_quantity``
reads it) becomes a name; the rest goes through the whitelisted formula evaluator
(``core.formula``: + - * / ** and parentheses, never ``eval``) twice: once for the value in
base units, once for its dimension as (data, time, money) exponents, so ``1 GB + 5 ms`` is
refused with the reason. ``^`` is a power, ``×`` and ``÷`` multiply and divide, and the
names ``second minute hour day week month year`` are durations (``2bn / day``).

Pure: no terminal, no clock.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from sysdesign.core.constants import CONSTANTS
from sysdesign.core.formula import DimensionError, FormulaError, describe_dims, parse_formula
from sysdesign.core.quantity import (
    COUNT,
    TIME,
    VECTORS,
    QuantityError,
    parse_quantity,
)

MAX_LENGTH = 120
_OPERATORS = re.compile(r"[*/()×÷^+]|\s-\s|\bx\b")
_NUMBER = re.compile(
    r"(?<![\w.])(\$\s*)?((?:\d[\d,_'’]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)"
)
_WORD = re.compile(r"\s*(/?[A-Za-zµμ%$¢][A-Za-zµμ%$¢]*(?:/[A-Za-zµμ]+|-(?:month|mo)\b)?)")
_POWER = re.compile(r"(\d+(?:\.\d+)?)\s*(?:\^|\*\*)\s*([+-]?\d{1,4})(?!\s*(?:\^|\*\*|\d))")


class ExpressionError(ValueError):
    """The text is arithmetic that cannot be used; the message says why."""


@dataclass(frozen=True)
class Evaluated:
    value: float  # in base units
    dims: tuple[int, int, int]  # (data, time, money) exponents
    bare: bool  # no unit anywhere: the result is read in the unit the step asks for
    dim: str | None  # the named dimension of ``dims`` (None: no quantity has it)


def looks_like_expression(text: str) -> bool:
    """Arithmetic between quantities, not a single quantity (``2e-5`` and ``200M/day`` are not)."""
    return isinstance(text, str) and bool(_OPERATORS.search(text.strip()))


def evaluate_expression(text: str) -> Evaluated:
    """The value and dimension of an arithmetic answer, or ExpressionError saying what is wrong."""
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError("the answer is empty")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is longer than {MAX_LENGTH} characters")
    source, values, dims, bare = _tokenize(text.strip())
    env_dims: dict[str, tuple[int, ...]] = {**dims, **{name: VECTORS[TIME] for name in CONSTANTS}}
    try:
        formula = parse_formula(source)
    except FormulaError as exc:
        raise ExpressionError(f"could not read {text.strip()!r} as arithmetic: {exc.message}") from None
    unknown = sorted(formula.names - set(env_dims))
    if unknown:
        raise ExpressionError(f"could not read {unknown[0]!r} in {text.strip()!r}: write numbers with units "
                              "(500M, 3 MB, 1 Gbps) joined by + - * / and brackets")
    try:
        value = formula.evaluate({**CONSTANTS, **values})
        vector = tuple(formula.dimension(env_dims))
    except DimensionError as exc:
        raise ExpressionError(f"the units in {text.strip()!r} do not work out: {exc.message}") from None
    except FormulaError as exc:
        raise ExpressionError(f"could not work out {text.strip()!r}: {exc.message}") from None
    if not math.isfinite(value):
        raise ExpressionError("the result is too large to compute")
    uses_constants = bool(formula.names & set(CONSTANTS))
    return Evaluated(value, vector, bare and not uses_constants, dimension_named(vector))


def dimension_named(vector: tuple[int, ...]) -> str | None:
    for name, known in VECTORS.items():
        if tuple(known) == tuple(vector) and name != "fraction":
            return name
    return None


def describe(vector: tuple[int, ...]) -> str:
    """A (data, time, money) vector in words: 'an amount of data', 'a rate per second' …"""
    return describe_dims(vector)


def _tokenize(text: str) -> tuple[str, dict[str, float], dict[str, tuple[int, ...]], bool]:
    """The text with every quantity replaced by a name ``_qN``, their values and dimensions."""
    text = (text.replace("×", "*").replace("÷", "/").replace("−", "-")
            .replace("\u00a0", " ").replace("\u202f", " "))
    text = re.sub(r"(?<=[\d\s)])x(?=[\s\d(])", "*", text)  # 500M x 2
    text = _POWER.sub(lambda m: _power(m.group(1), m.group(2)), text)
    out: list[str] = []
    values: dict[str, float] = {}
    dims: dict[str, tuple[int, ...]] = {}
    bare = True
    pos = 0
    while pos < len(text):
        match = _NUMBER.search(text, pos)
        if not match:
            out.append(text[pos:])
            break
        out.append(text[pos:match.start()])
        end, quantity = _longest_quantity(text, match)
        name = f"_q{len(values)}"
        values[name] = quantity.value
        dims[name] = VECTORS.get(quantity.dim, VECTORS[COUNT])
        if quantity.unit is not None:
            bare = False
        out.append(f" {name} ")
        pos = end
    return "".join(out).replace("^", "**"), values, dims, bare


def _power(base: str, exponent: str) -> str:
    try:
        return repr(float(base) ** int(exponent))
    except OverflowError:
        raise ExpressionError(f"{base}^{exponent} is too large to compute") from None


def _longest_quantity(text: str, match: re.Match) -> tuple[int, object]:
    """The quantity starting at ``match``: the number with up to four words after it, longest first."""
    start, end = match.start(), match.end()
    candidates = [end]
    cursor = end
    for _ in range(4):
        word = _WORD.match(text, cursor)
        if not word or word.group(1) == "x":
            break
        cursor = word.end()
        candidates.append(cursor)
    last_error: QuantityError | None = None
    for stop in reversed(candidates):
        piece = text[start:stop]
        try:
            return stop, parse_quantity(piece)
        except QuantityError as exc:
            last_error = exc if last_error is None else last_error
    raise ExpressionError(str(last_error) if last_error else f"could not read {text[start:end]!r}")
