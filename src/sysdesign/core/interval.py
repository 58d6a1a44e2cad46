"""Range answers — ``20k-50k``, ``20k to 50k``, ``30k ±3x``, ``30k x/ 3`` — and how they are graded.

A range says "I am 90 % sure the answer lies in here". It is graded twice: whether it held
the true value (a hit), and by the interval score of Gneiting and Raftery (2007, "Strictly
proper scoring rules, prediction, and estimation", JASA 102(477), eq. 43), here taken on
log10 values so that a range over bytes scores like one over requests:

    score = (u - l) + (2 / alpha) * (l - x) if x < l
                    + (2 / alpha) * (x - u) if x > u

with l, u the log10 of the range's ends, x the log10 of the truth and alpha = 0.1 for a
90 % range. The width term rewards a narrow range; the penalty term, twenty times the
distance outside, makes a range that misses cost more than one that is honest about its
doubt. Lower is better; a hit scores its width alone.

A unit typed on one end only is shared: ``2-3 PB`` is 2 PB to 3 PB and ``20-50k`` is
20k to 50k. Pure: no terminal, no clock.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from sysdesign.core.quantity import (
    DIMENSION_NAMES,
    Quantity,
    QuantityError,
    format_number,
    parse_quantity,
    with_unit,
)

ALPHA = 0.1  # a 90 % range
COVERAGE = 1 - ALPHA
RANGE, FACTOR, PLUS_MINUS = "range", "factor", "plus-minus"

EXAMPLES = "20k-50k, 20k to 50k, 30k ±3x or 30k x/ 3"


class IntervalError(QuantityError):
    """A range that cannot be used; the message says how to write one."""


@dataclass(frozen=True)
class Interval:
    """A range as typed, its ends read as quantities (base units, low < high)."""

    low: Quantity
    high: Quantity
    style: str  # range | factor | plus-minus
    text: str

    @property
    def dim(self) -> str:
        return self.low.dim

    @property
    def bare(self) -> bool:
        """No unit on either end: the ends are read in the unit the step asks for."""
        return self.low.unit is None and self.high.unit is None


# --- reading ------------------------------------------------------------------------------

_FACTOR = re.compile(r"^(?P<center>.+?)\s*(?:x/|×/|\*/|×÷|x÷)\s*(?P<factor>\d+(?:\.\d+)?)\s*[x×]?\s*$")
_PLUS_MINUS = re.compile(r"^(?P<center>.+?)\s*(?:±|\+/-|\+-)\s*(?P<spread>.+?)\s*$")
_FACTOR_SPREAD = re.compile(r"^(?P<factor>\d+(?:\.\d+)?)\s*[x×]$")
_WORD_TO = re.compile(r"\s+(?:to|until|through)\s+|\s*(?:…|\.\.\.?)\s*", re.IGNORECASE)
_DASHES = "-–—"
_LEADING = re.compile(r"^\s*(\$?)\s*([+-]?(?:\d[\d,_'’]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(.*)$")


def looks_like_interval(text: str) -> bool:
    """Whether the text is written as a range (it may still be a malformed one)."""
    if not isinstance(text, str):
        return False
    stripped = text.strip()
    if _FACTOR.match(stripped) or _PLUS_MINUS.match(stripped) or _WORD_TO.search(stripped):
        return True
    return bool(_dash_splits(stripped))


def _dash_splits(text: str) -> list[int]:
    """Positions of dashes that may separate two ends (not a sign, not an exponent's minus)."""
    out = []
    for index, char in enumerate(text):
        if char not in _DASHES or index == 0:
            continue
        before = text[:index]
        previous = before.rstrip()[-1:]
        if not previous:
            continue
        if before[-1] in "eE" and len(before) >= 2 and (before[-2].isdigit() or before[-2] == "."):
            continue  # an exponent: 2e-5
        if previous in "+-–—(*/^±×÷":
            continue  # a sign after an operator: 5 * -2
        if not re.match(r"\s*(?:[\d.$]|$)", text[index + 1:]):
            continue  # a hyphen inside a unit (GB-month): a range's high end starts with a number
        out.append(index)
    return out


def parse_interval(text: str) -> Interval:
    """Read a range, or raise IntervalError with a message a person can act on."""
    if not isinstance(text, str) or not text.strip():
        raise IntervalError(f"type a range such as {EXAMPLES}")
    if len(text) > 80:
        raise IntervalError("could not read that: the answer is too long")
    shown = text.strip()
    factor = _FACTOR.match(shown)
    if factor:
        return _by_factor(shown, factor.group("center"), factor.group("factor"), FACTOR)
    plus_minus = _PLUS_MINUS.match(shown)
    if plus_minus:
        spread = plus_minus.group("spread")
        as_factor = _FACTOR_SPREAD.match(spread)
        if as_factor:
            return _by_factor(shown, plus_minus.group("center"), as_factor.group("factor"), FACTOR)
        return _by_spread(shown, plus_minus.group("center"), spread)
    words = _WORD_TO.search(shown)
    if words:
        return _by_ends(shown, shown[: words.start()], shown[words.end():])
    splits = _dash_splits(shown)
    if not splits:
        raise IntervalError(f"could not read {shown!r} as a range (try {EXAMPLES})")
    last_error: IntervalError | None = None
    for index in splits:
        try:
            return _by_ends(shown, shown[:index], shown[index + 1:])
        except IntervalError as exc:
            last_error = exc
    assert last_error is not None
    raise last_error


def _read_end(text: str, which: str, whole: str) -> Quantity:
    if not text.strip():
        raise IntervalError(f"the range {whole!r} has no {which} end (try {EXAMPLES})")
    try:
        return parse_quantity(text)
    except QuantityError as exc:
        raise IntervalError(f"could not read the {which} end of {whole!r}: {exc}") from None


def _share_suffix(low_text: str, high_text: str) -> tuple[str, str]:
    """``2-3 PB`` → ``2 PB``, ``3 PB``; ``20-50k`` → ``20k``, ``50k``; ``$20-50k`` → both in $."""
    low, high = _LEADING.match(low_text), _LEADING.match(high_text)
    if not low or not high:
        return low_text, high_text
    low_sign, low_number, low_rest = low.groups()
    high_sign, high_number, high_rest = high.groups()
    if not low_rest.strip() and high_rest.strip():
        low_text = f"{low_sign or high_sign}{low_number}{high_rest}"
    elif not high_rest.strip() and low_rest.strip():
        high_text = f"{high_sign or low_sign}{high_number}{low_rest}"
    if low_sign and not high_sign:
        high_text = "$" + high_text.strip()
    elif high_sign and not low_sign:
        low_text = "$" + low_text.strip()
    return low_text, high_text


def _by_ends(whole: str, low_text: str, high_text: str) -> Interval:
    low_text, high_text = _share_suffix(low_text.strip(), high_text.strip())
    low = _read_end(low_text, "low", whole)
    high = _read_end(high_text, "high", whole)
    if low.unit is None and high.unit is not None:  # 20k-50k rps: the unit is shared
        low = _read_end(f"{low_text} {high.unit}", "low", whole)
    elif high.unit is None and low.unit is not None:
        high = _read_end(f"{high_text} {low.unit}", "high", whole)
    return _checked(whole, low, high, RANGE)


def _by_factor(whole: str, center_text: str, factor_text: str, style: str) -> Interval:
    center = _read_end(center_text, "middle", whole)
    factor = float(factor_text)
    if not factor > 1 or not math.isfinite(factor):
        raise IntervalError(f"the factor in {whole!r} must be more than 1: 30k ±3x means 10k to 90k")
    low = Quantity(center.value / factor, center.dim, center.unit)
    high = Quantity(center.value * factor, center.dim, center.unit)
    return _checked(whole, low, high, style)


def _by_spread(whole: str, center_text: str, spread_text: str) -> Interval:
    center = _read_end(center_text, "middle", whole)
    leading = _LEADING.match(spread_text)
    if leading and not leading.group(3).strip() and center.unit:
        spread_text = spread_text + " " + center.unit  # 30 ms ± 5 is 25 ms to 35 ms
    spread = _read_end(spread_text, "spread", whole)
    if spread.dim != center.dim and spread.unit is not None:
        raise IntervalError(f"in {whole!r} the middle is {DIMENSION_NAMES.get(center.dim, center.dim)} but the "
                            f"spread is {DIMENSION_NAMES.get(spread.dim, spread.dim)}; write both in one kind of unit")
    if spread.value <= 0:
        raise IntervalError(f"the spread in {whole!r} must be more than zero")
    if center.value - spread.value <= 0:
        raise IntervalError(f"{whole!r} reaches zero or below; an estimate is positive — use a factor "
                            "instead (30k ±3x) or a low and a high end (10k-90k)")
    low = Quantity(center.value - spread.value, center.dim, center.unit)
    high = Quantity(center.value + spread.value, center.dim, center.unit)
    return _checked(whole, low, high, PLUS_MINUS)


def _checked(whole: str, low: Quantity, high: Quantity, style: str) -> Interval:
    if low.dim != high.dim and not (low.unit is None or high.unit is None):
        raise IntervalError(
            f"the two ends of {whole!r} are different kinds of quantity: "
            f"{DIMENSION_NAMES.get(low.dim, low.dim)} and {DIMENSION_NAMES.get(high.dim, high.dim)}"
        )
    if low.dim != high.dim:  # one end a bare count next to a unit: 20k-50 ms
        raise IntervalError(f"give both ends of {whole!r} in the same unit (2 ms-5 ms or 2-5 ms)")
    if low.value <= 0 or high.value <= 0:
        raise IntervalError(f"both ends of {whole!r} must be more than zero")
    if not (math.isfinite(low.value) and math.isfinite(high.value)):
        raise IntervalError(f"could not read {whole!r}: a number is too large")
    if low.value == high.value:
        raise IntervalError(f"{whole!r} has the same number at both ends; a range needs a low and a "
                            "higher end (or type the number alone for a point estimate)")
    if low.value > high.value:
        raise IntervalError(f"{whole!r} runs downwards; put the low end first "
                            f"({_end_text(high)}-{_end_text(low)})")
    return Interval(low, high, style, whole)


def _end_text(quantity: Quantity) -> str:
    from sysdesign.core.quantity import count_words, format_quantity

    return format_quantity(quantity.value, quantity.unit) if quantity.unit else count_words(quantity.value, short=True)


# --- writing ------------------------------------------------------------------------------

def format_interval(low: float, high: float, unit: str | None, *, prose: bool = True) -> str:
    """A range in ``unit`` from base-unit ends, the unit written once: ``20,000 to 50,000 rps``,
    ``$20,000 to $50,000 per month``."""
    from sysdesign.core.quantity import MONEY_DIMS, unit_factor

    factor, dim = unit_factor(unit) if unit else (1.0, None)
    low_text = format_number(low / factor)
    if dim in MONEY_DIMS:
        low_text = "$" + low_text
    return f"{low_text} to {with_unit(format_number(high / factor), unit, prose=prose)}"


# --- grading ------------------------------------------------------------------------------

@dataclass(frozen=True)
class IntervalGrade:
    """How a range fared against the true value (all in base units, scores in log10)."""

    low: float
    high: float
    truth: float
    hit: bool
    width: float  # log10(high / low)
    outside: float  # log10 distance from the nearer end when the truth is outside, else 0
    score: float  # width + (2 / alpha) * outside

    @property
    def factor(self) -> float:
        """The range's width as a factor: high / low."""
        return 10**self.width

    @property
    def below(self) -> bool:
        """The truth lies below the range (the range was too high)."""
        return self.truth < self.low


def interval_score(low: float, high: float, truth: float, alpha: float = ALPHA) -> float:
    """Gneiting & Raftery's interval score on log10 values (lower is better)."""
    return grade_interval(low, high, truth, alpha).score


def grade_interval(low: float, high: float, truth: float, alpha: float = ALPHA) -> IntervalGrade:
    if not (low > 0 and high > 0 and truth > 0) or low > high:
        raise ValueError("a range needs 0 < low <= high and a positive truth")
    lo, hi, x = math.log10(low), math.log10(high), math.log10(truth)
    outside = (lo - x) if x < lo else (x - hi) if x > hi else 0.0
    width = hi - lo
    return IntervalGrade(low, high, truth, low <= truth <= high, width, outside, width + (2 / alpha) * outside)
