"""Estimation rounds: parameters drawn from a family, worked solutions, grading by order of magnitude.

Pure: randomness comes in as a ``random.Random``, nothing here reads a clock or a terminal.

Grading compares the learner's quantity with the expected one in base units by
``|log10(given / expected)|``: within 1.5× is "spot on", within 3× "close", within 10×
"right order of magnitude", beyond that "off". A quantity of the wrong kind (an amount
of data for a request rate) is graded "wrong unit", apart from a wrong number.

Units are SI decimal throughout (1 GB = 10^9 bytes); binary prefixes (GiB) are converted
when the learner uses them, and bandwidth is in bits per second (1 byte = 8 bits).
"""

from __future__ import annotations

import math
import random
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from sysdesign.content.scenarios import Param, Scenario, Step
from sysdesign.core.calibration import (
    HELD,
    MISSED,
    SKIPPED,
    UNANSWERED,
    WRONG_UNIT,
    factor_text,
)
from sysdesign.core.constants import CONSTANTS, PLACEHOLDER
from sysdesign.core.documents import GradedStep
from sysdesign.core.errors import AnswerError
from sysdesign.core.formula import evaluate_all, parse_formula
from sysdesign.core.interval import IntervalGrade, format_interval, grade_interval
from sysdesign.core.quantity import (
    COUNT,
    DATA,
    DATARATE,
    DAY_S,
    DIMENSION_NAMES,
    FRACTION,
    MONEY,
    MONEY_RATE,
    PRICE,
    RATE,
    STORAGE_PRICE,
    TIME,
    UNITS,
    VECTORS,
    Quantity,
    QuantityError,
    approx,
    best_unit,
    count_words,
    format_number,
    format_quantity,
    parse_quantity,
    period_of,
    readable_quantity,
    round1,
    sci,
    unit_factor,
    unit_label,
    with_unit,
)

SPOT_ON, CLOSE, ORDER, OFF = "spot on", "close", "right order of magnitude", "off"
GRADES = (SPOT_ON, CLOSE, ORDER, OFF)
GRADE_ORDER = (SPOT_ON, CLOSE, ORDER, HELD, OFF, MISSED, WRONG_UNIT, SKIPPED, UNANSWERED)  # best to worst
THRESHOLDS = ((math.log10(1.5), SPOT_ON), (math.log10(3), CLOSE), (1.0, ORDER))

UNITS_NOTE = (
    "Units: SI decimal prefixes — 1 KB = 1,000 bytes, 1 GB = 10^9 bytes (binary KiB/GiB "
    "are 1,024-based and are converted if you use them). B = byte, b = bit, and only a capital B "
    "is a byte (gbps is bits); bandwidth is in bits per second (1 byte = 8 bits). A day is 86,400 s, a month 30 days, a year "
    "365 days. A bare number is read in the unit the step asks for."
)
HEAD_DAY = 1e5  # 86,400 s/day ≈ 10^5 — the mental shortcut


def grade_for(error: float) -> str:
    """The grade of an absolute log10 error."""
    for limit, name in THRESHOLDS:
        if error <= limit + 1e-12:
            return name
    return OFF


# --- parameters --------------------------------------------------------------------------

def example_params(scenario: Scenario) -> dict[str, float]:
    return {p.id: p.example for p in scenario.params}


def draw_params(scenario: Scenario, rng: random.Random) -> dict[str, float]:
    """Values for every parameter, drawn from its range and rounded as a person would say it."""
    return {p.id: draw_value(p, rng) for p in scenario.params}


def draw_value(param: Param, rng: random.Random) -> float:
    if param.choices:
        return rng.choice(param.choices)
    low, high = param.low, param.high
    if low > 0 and high / low >= 4:
        value = math.exp(rng.uniform(math.log(low), math.log(high)))
    else:
        value = rng.uniform(low, high)
    if param.round:
        value = round(value / param.round) * param.round
        if value < low - 1e-12 * high:
            value += param.round
        if value > high + 1e-12 * high:
            value -= param.round
    else:
        factor = unit_factor(param.unit)[0] if param.unit else 1.0
        value = float(f"{value / factor:.2g}") * factor
    return min(max(value, low), high)


def step_values(scenario: Scenario, params: dict[str, float]) -> dict[str, float]:
    """Every step's value in base units."""
    formulas = {s.id: parse_formula(s.formula) for s in scenario.steps}
    return evaluate_all(formulas, {**CONSTANTS, **params})


# --- writing parameters and values ----------------------------------------------------------

def param_text(param: Param, value: float, *, bare: bool = False) -> str:
    """A parameter as the story tells it: 100 million, 20 per day, 3 MB, 90 %, 5 years."""
    if bare:
        factor = unit_factor(param.unit)[0] if param.unit else 1.0
        number = value / factor
        return count_words(number) if abs(number) >= 1e6 else format_number(number)
    if not param.unit:
        return count_words(value)
    factor, dim = unit_factor(param.unit)
    if dim in (RATE, COUNT) and abs(value / factor) >= 1e6:
        return f"{count_words(value / factor)} {unit_label(param.unit, prose=True)}"
    return format_quantity(value, param.unit, prose=True)


def render_story(scenario: Scenario, params: dict[str, float]) -> str:
    def fill(match) -> str:
        param = scenario.param(match.group(1))
        if param is None:
            return match.group(0)
        return param_text(param, params[param.id], bare=match.group(2) == "n")

    text = PLACEHOLDER.sub(fill, scenario.story).strip()
    text = _ONE_PLURAL.sub(_singular, text)
    paragraphs = [" ".join(line.strip() for line in block.splitlines()) for block in text.split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


_ONE_PLURAL = re.compile(r"(?<![\d.,])\b1(\s+)([a-z]+(?:ies|s))\b")


def _singular(match: re.Match) -> str:
    """'1 posts' → '1 post', '1 queries' → '1 query' — for the words a story counts."""
    from sysdesign.core.quantity import COUNT_WORDS

    word = match.group(2)
    single = word[:-3] + "y" if word.endswith("ies") else word[:-1]
    if single in COUNT_WORDS or word in COUNT_WORDS and single + "s" == word:
        return f"1{match.group(1)}{single}"
    return match.group(0)


def value_text(value: float, unit: str | None) -> str:
    return format_quantity(value, unit, prose=True)


def _constant_text(name: str) -> str:
    return f"1 {name}"


def _is_bits(unit: str | None) -> bool:
    """Units counting bits (Gbps, Mb, Gbit/s), as against bytes (GB/s, MB, GBps)."""
    if not unit:
        return False
    head = unit.strip().split("/")[0].split(" per ")[0]
    if head.endswith("bps"):
        return True
    return head.endswith(("b", "bit", "bits"))


def _is_per_day(unit: str | None) -> bool:
    split = period_of(unit)
    return split is not None and split[1] in ("day", "d", "days")


def _per_second(unit: str | None) -> bool:
    if not unit or _is_per_day(unit) or period_of(unit) is not None:
        return False
    _, dim = unit_factor(unit)
    return dim in (RATE, DATARATE)


# --- worked solutions ----------------------------------------------------------------------

@dataclass(frozen=True)
class Working:
    step: Step
    value: float  # base units
    formula: str  # the formula with names: read_qps × photo_size
    numbers: str  # the same with the numbers put in
    result: str  # 23,148 rps
    approx: str  # ≈ 23k rps ('' when it adds nothing)
    head: str  # the arithmetic in one's head
    notes: tuple[str, ...]  # unit conversions, the author's note
    napkin: tuple[str, ...] = ()  # mantissas × powers of ten, shown on request ('' lines: not a product)

    @property
    def expected_in_unit(self) -> float:
        return self.value / unit_factor(self.step.unit)[0]


def _head_factor(unit: str | None) -> float:
    """A unit's factor with a day taken as 10^5 s, the way one rounds it mentally."""
    if not unit:
        return 1.0
    factor, dim = unit_factor(unit)
    if _is_per_day(unit):
        return factor * DAY_S / HEAD_DAY
    if dim == TIME and factor >= DAY_S:
        return factor / DAY_S * HEAD_DAY
    return factor


def solve(scenario: Scenario, params: dict[str, float]) -> list[Working]:
    """The worked solution, one Working per step, in the scenario's order."""
    values = step_values(scenario, params)
    units: dict[str, str | None] = {p.id: p.unit for p in scenario.params}
    units.update({s.id: s.unit for s in scenario.steps})
    units.update({name: name for name in CONSTANTS})
    everything = {**CONSTANTS, **params, **values}
    head_env = {name: _head_factor(name) for name in CONSTANTS}
    for name, value in {**params, **values}.items():
        unit = units[name]
        factor = unit_factor(unit)[0] if unit else 1.0
        head_env[name] = round1(value / factor) * _head_factor(unit)
    out = []
    for step in scenario.steps:
        formula = parse_formula(step.formula)

        def show(name: str) -> str:
            if name in CONSTANTS:
                return _constant_text(name)
            return value_text(everything[name], units[name])

        def show_head(name: str) -> str:
            if name in CONSTANTS:
                return _constant_text(name)
            unit = units[name]
            factor = unit_factor(unit)[0] if unit else 1.0
            number = sci(round1(everything[name] / factor))
            return with_unit(number, unit, prose=True)

        value = values[step.id]
        head_value = formula.evaluate(head_env)
        head_number = sci(head_value / _head_factor(step.unit))
        head = f"{formula.render(show_head, _number)} ≈ {with_unit(head_number, step.unit, prose=True)}".strip()
        result = value_text(value, step.unit)
        rough = _approx_for(value, step.unit)
        out.append(
            Working(
                step=step,
                value=value,
                formula=formula.render(lambda n: n, _number),
                numbers=formula.render(show, _number),
                result=result,
                approx=rough,
                head=head,
                notes=tuple(_notes(step, formula.names, units, everything, value)),
                napkin=_napkin_of(formula, step, units, everything, head_env),
            )
        )
    return out


def _napkin_of(formula, step: Step, units: dict, everything: dict, head_env: dict) -> tuple[str, ...]:
    """Mantissas × powers of ten for this step (``core.napkin``), in the step's unit."""
    import ast

    from sysdesign.core.napkin import napkin

    def number_of(node: ast.AST) -> float:
        if isinstance(node, ast.Name):
            if node.id in CONSTANTS:
                return _head_factor(node.id)
            unit = units[node.id]
            return everything[node.id] / (unit_factor(unit)[0] if unit else 1.0)
        return base_of(node)

    def base_of(node: ast.AST) -> float:
        if isinstance(node, ast.Name):
            if node.id in CONSTANTS:
                return _head_factor(node.id)
            return number_of(node) * _head_factor(units[node.id])
        from sysdesign.core.formula import _evaluate

        return _evaluate(node, head_env, 0)

    return napkin(formula, number_of, base_of, _head_factor(step.unit),
                  lambda number: with_unit(number, step.unit, prose=True))


def _number(value: float) -> str:
    return format_number(value, 4)


def _approx_for(value: float, unit: str) -> str:
    _, dim = unit_factor(unit)
    shown = value / unit_factor(unit)[0]
    better = best_unit(value, dim) if dim in (DATA, DATARATE, TIME) else None
    if better and better != unit and period_of(unit) is None:
        return approx(value, unit=better)
    if abs(shown) >= 10_000 or _is_per_day(unit) and abs(shown) >= 1e6:
        return approx(value, unit=unit)
    return ""


_YEAR_UNITS = ("y", "yr", "yrs", "year", "years")


def _notes(step: Step, names: Iterable[str], units: dict, values: dict, value: float) -> list[str]:
    notes = []
    input_units = [units[n] for n in names]
    if any(_is_per_day(u) or u == "day" for u in input_units) and _per_second(step.unit):
        notes.append("Per day → per second: a day has 86,400 s ≈ 10^5 s, so divide a daily figure by 10^5 (the shortcut lands about 14 % low).")
    if _is_per_day(step.unit) and any(_per_second(u) for u in input_units):
        notes.append("Per second → per day: multiply by 86,400 s ≈ 10^5.")
    year_names = [n for n in names if units[n] in _YEAR_UNITS]
    if year_names and any(_is_per_day(u) for u in input_units):
        years = values[year_names[0]] / (365 * DAY_S)
        days = years * 365
        notes.append(f"{format_number(years)} y × 365 days = {format_number(days)} days ≈ {sci(days)}.")
    if _is_bits(step.unit) and not all(_is_bits(u) for u in input_units if u and unit_factor(u)[1] in (DATA, DATARATE)):
        bytes_unit = best_unit(value, DATARATE, bits=False)
        notes.append(
            f"Bytes → bits: {format_quantity(value, bytes_unit)} × 8 bits per byte = {format_quantity(value, step.unit)}."
        )
    if step.note:
        notes.append(step.note.strip())
    return notes


# --- reading and grading answers -------------------------------------------------------------

@dataclass(frozen=True)
class Verdict:
    grade: str
    log10_error: float | None  # |log10(given / expected)|, None for a wrong unit
    ratio: float | None  # given / expected
    given: float | None  # base units
    message: str
    hints: tuple[str, ...]
    typed_unit: str | None = None  # the unit the learner typed (None: a bare number)
    interval: IntervalGrade | None = None  # a range answer's grade (None: a point answer)


def read_answer(text: str, unit: str | None, *, bare_ok: bool = True) -> tuple[Quantity, str]:
    """The learner's quantity, in the dimension of ``unit`` where the reading is clear.

    A bare number (or one with a count word: ``2bn requests``) is read in ``unit``; an
    amount given for a per-day step (``600 TB`` for ``TB/day``) is read per day. The second
    value says how the answer was read when that is not obvious ('' otherwise).
    """
    expected_dim = unit_factor(unit)[1] if unit else COUNT
    try:
        quantity = parse_quantity(text, expected_dim if unit else None)
    except QuantityError as exc:
        raise AnswerError(str(exc)) from None
    return into_step(quantity, unit, bare_ok=bare_ok)


def into_step(quantity: Quantity, unit: str | None, *, bare_ok: bool = True) -> tuple[Quantity, str]:
    """A typed quantity read the way the step asks: bare numbers in its unit, amounts per its period."""
    expected_factor, expected_dim = unit_factor(unit) if unit else (1.0, COUNT)
    note = ""
    bare = quantity.unit is None or (quantity.dim == COUNT and quantity.unit in UNITS and expected_dim != COUNT)
    if bare and unit:
        number = quantity.value  # count words carry a factor of 1
        if not bare_ok and expected_dim not in (COUNT, FRACTION):
            raise AnswerError(f"give a unit too, for example {_example_of(expected_dim)}")
        quantity = Quantity(number * expected_factor, expected_dim, None)
        note = f"read as {format_quantity(quantity.value, unit, prose=True)}"
    split = period_of(unit)
    if split is not None and quantity.unit is not None and quantity.dim != expected_dim:
        period_seconds = unit_factor(split[1])[0]
        if (quantity.dim, expected_dim) in _PER_PERIOD:
            quantity = Quantity(quantity.value / period_seconds, expected_dim, quantity.unit)
            note = f"read as {format_quantity(quantity.value, unit, prose=True)}"
    if quantity.dim == MONEY and expected_dim in (PRICE, STORAGE_PRICE) and quantity.unit is not None:
        # $0.02 for a price per GB-month is $0.02 per GB-month, as a bare 0.02 would be
        quantity = Quantity(quantity.value * expected_factor, expected_dim, quantity.unit)
        note = f"read as {format_quantity(quantity.value, unit, prose=True)}"
    if quantity.value <= 0:
        raise AnswerError("an estimate must be more than zero")
    return quantity, note


_PER_PERIOD = {(DATA, DATARATE), (COUNT, RATE), (MONEY, MONEY_RATE)}  # an amount given for a per-period step


@dataclass(frozen=True)
class Reading:
    """A typed answer made ready for grading: a point, a range, or arithmetic with its value."""

    quantity: Quantity  # the point; for a range, its geometric middle (base units)
    note: str = ""  # how a bare or per-period answer was read ('' when obvious)
    interval: tuple[float, float] | None = None  # a range's ends, base units
    style: str = ""  # how the range was written: range | factor | plus-minus
    echo: str = ""  # arithmetic's value in the step's unit: '= 11,574 rps'


RANGE_HELP = "a 90 % range such as 20k-50k, 20k to 50k, 30k ±3x or 30k x/ 3"


def read_estimate(text: str, unit: str | None, *, bare_ok: bool = True, want_range: bool = False) -> Reading:
    """Read a point (``23k``), a range (``20k-50k``, ``30k ±3x``) or arithmetic (``500M * 2 / 86400``).

    A single dash between two quantities is always a range (``1M - 200k`` runs downwards and
    is refused); to subtract, write brackets: ``(1M - 200k) / day``. ``want_range`` refuses
    anything but a range (``estimate --intervals``). AnswerError says what to type instead.
    """
    from sysdesign.core.expression import looks_like_expression
    from sysdesign.core.interval import IntervalError, looks_like_interval, parse_interval

    stripped = text.strip() if isinstance(text, str) else ""
    arithmetic = looks_like_expression(stripped) and bool(re.search(r"[*/()×÷^+]|\bx\b", stripped))
    if looks_like_interval(stripped):
        try:
            interval = parse_interval(stripped)
        except IntervalError as exc:
            if not arithmetic:
                raise AnswerError(str(exc)) from None
        else:
            low, note = into_step(interval.low, unit, bare_ok=True)
            high, _ = into_step(interval.high, unit, bare_ok=True)
            middle = Quantity(math.sqrt(low.value * high.value), low.dim, low.unit)
            # like a point's: say how the range was read only when a typed unit was converted
            note = f"read as {format_interval(low.value, high.value, unit)}" if note and low.unit else ""
            return Reading(middle, note, (low.value, high.value), interval.style)
    if want_range:
        raise AnswerError(f"this round asks for {RANGE_HELP}")
    try:
        quantity, note = read_answer(stripped, unit, bare_ok=bare_ok)
    except AnswerError:
        if not arithmetic:
            raise
        return _read_arithmetic(stripped, unit)  # a sum, not one quantity: 500M * 2 / 86400
    return Reading(quantity, note)


def _read_arithmetic(text: str, unit: str | None) -> Reading:
    from sysdesign.core.expression import ExpressionError, describe, evaluate_expression

    try:
        result = evaluate_expression(text)
    except ExpressionError as exc:
        raise AnswerError(str(exc)) from None
    expected_factor, expected_dim = unit_factor(unit) if unit else (1.0, COUNT)
    wanted = VECTORS[expected_dim]
    note = ""
    if result.bare and result.dims == VECTORS[COUNT]:
        quantity = Quantity(result.value * expected_factor, expected_dim, None)
    elif tuple(result.dims) == tuple(wanted):
        quantity = Quantity(result.value, expected_dim, unit)
    elif period_of(unit) is not None and (result.dim, expected_dim) in _PER_PERIOD:
        period_seconds = unit_factor(period_of(unit)[1])[0]
        quantity = Quantity(result.value / period_seconds, expected_dim, unit)
        note = f"read as {format_quantity(quantity.value, unit, prose=True)}"
    else:
        shown = ""
        if result.dim is not None:
            better = best_unit(result.value, result.dim)
            shown = f" ({readable_quantity(result.value, better)})" if better else ""
        what = "a plain number (the units cancel)" if not any(result.dims) else describe(result.dims)
        hints = dimension_hints(result.dim, None, expected_dim, unit) if result.dim and any(result.dims) else ()
        raise AnswerError(
            f"your arithmetic gives {what}{shown}, but this step asks for "
            f"{dimension_words(expected_dim, unit)}, in {unit_label(unit, prose=True) or 'a plain number'}"
            + (f". {hints[0].rstrip('.')}" if hints else "")
        )
    if quantity.value <= 0:
        raise AnswerError(f"your arithmetic comes to {format_number(quantity.value)}; an estimate must be more than zero")
    return Reading(quantity, note, echo="= " + readable_quantity(quantity.value, unit))


def _example_of(dim: str) -> str:
    return {
        TIME: "100 ns, 2 ms or 8.7 h",
        DATA: "3 MB or 1.1 PB",
        DATARATE: "55 Gbps or 6.9 GB/s",
        RATE: "23k rps",
        FRACTION: "99.9 %",
    }.get(dim, "23k")


def _times(ratio: float) -> str:
    factor = ratio if ratio >= 1 else 1 / ratio
    return f"{format_number(factor, 2)}×"


def judge(expected: float, unit: str | None, quantity: Quantity, note: str = "") -> Verdict:
    """Grade a quantity (base units) against the expected value (base units) of a step."""
    _, expected_dim = unit_factor(unit) if unit else (1.0, COUNT)
    shown_expected = format_quantity(expected, unit, prose=True)
    if quantity.dim != expected_dim and not {quantity.dim, expected_dim} <= {COUNT, FRACTION}:
        given_words = dimension_words(quantity.dim, quantity.unit, period=not quantity.unit)
        wanted = dimension_words(expected_dim, unit)
        typed = f" ({unit_label(quantity.unit, prose=True)})" if quantity.unit else ""
        message = (
            f"Wrong kind of quantity: you gave {given_words}{typed}, but this step asks for "
            f"{wanted} — here {shown_expected}."
        )
        hints = dimension_hints(quantity.dim, quantity.unit, expected_dim, unit)
        return Verdict(WRONG_UNIT, None, None, None, message, hints, quantity.unit)
    ratio = quantity.value / expected
    error = abs(math.log10(ratio))
    grade = grade_for(error)
    you = format_quantity(quantity.value, unit, prose=True)
    typed = quantity.unit
    if typed and typed not in UNITS_COUNT_WORDS and typed != unit and _same_dim(typed, quantity.dim):
        in_step_unit = quantity.value / unit_factor(unit)[0] if unit else quantity.value
        if 0.01 <= abs(in_step_unit) < 1e6:  # 100 ns = 0.0001 ms helps nobody
            you = f"{readable_quantity(quantity.value, typed, prose=False)} = {you}"
        else:
            you = readable_quantity(quantity.value, typed)
    if grade == SPOT_ON:
        how = "within 1.5×"
    else:
        how = f"{_times(ratio)} too {'high' if ratio > 1 else 'low'}"
    label = grade[0].upper() + grade[1:]
    message = f"{label} — {how}. You: {you}; expected {shown_expected}."
    hints = []
    if note and quantity.unit is not None:
        hints.append(f"You answered {note.removeprefix('read as ')}.")
    hints.extend(_unit_hints(quantity, unit))
    if grade != SPOT_ON:
        hints.extend(_ratio_hints(ratio, expected_dim))
    return Verdict(grade, error, ratio, quantity.value, message, tuple(hints), quantity.unit)


def judge_reading(expected: float, unit: str | None, reading: Reading) -> Verdict:
    """Grade a point as ``judge`` does, a range by hit or miss and its interval score."""
    if reading.interval is None:
        return judge(expected, unit, reading.quantity, reading.note)
    return judge_interval(expected, unit, reading)


def judge_interval(expected: float, unit: str | None, reading: Reading) -> Verdict:
    """A 90 % range against the true value: held or missed, with the interval score worked."""
    _, expected_dim = unit_factor(unit) if unit else (1.0, COUNT)
    middle = reading.quantity
    if middle.dim != expected_dim and not {middle.dim, expected_dim} <= {COUNT, FRACTION}:
        verdict = judge(expected, unit, middle, reading.note)  # the wrong-unit message and hints
        return Verdict(WRONG_UNIT, None, None, None, verdict.message.replace("you gave", "your range is"),
                       verdict.hints, middle.unit)
    low, high = reading.interval
    graded = grade_interval(low, high, expected)
    yours = format_interval(low, high, unit)
    truth = format_quantity(expected, unit, prose=True)
    if graded.hit:
        grade = HELD
        message = (f"Range held — {truth} is inside your {yours}. Interval score {graded.score:.2f} "
                   f"(its width: ×{format_number(graded.factor, 2)} from low to high, {graded.width:.2f} in log10).")
    else:
        grade = MISSED
        side = "below" if graded.below else "above"
        by = format_number(10**graded.outside, 2)
        message = (f"Range missed — {truth} is {side} your {yours}, by ×{by}. Interval score {graded.score:.2f} "
                   f"= width {graded.width:.2f} + 20 × {graded.outside:.3f} outside (in log10).")
    hints = []
    if reading.note:
        hints.append(f"You answered {reading.note.removeprefix('read as ')}.")
    if not graded.hit:
        nearer = graded.high if not graded.below else graded.low
        hints.extend(_ratio_hints(nearer / expected, expected_dim))
    return Verdict(grade, None, None, None, message, tuple(hints), middle.unit, graded)


UNITS_COUNT_WORDS = frozenset(name for name, (_, dim) in UNITS.items() if dim == COUNT)


def _same_dim(unit: str, dim: str) -> bool:
    try:
        return unit_factor(unit)[1] == dim
    except ValueError:
        return False


_PERIOD_NAMES = {"s": "second", "min": "minute", "h": "hour", "d": "day", "day": "day", "wk": "week",
                 "mo": "month", "month": "month", "y": "year", "yr": "year", "year": "year"}
_MACHINE_WORDS = frozenset({
    "server", "servers", "machine", "machines", "node", "nodes", "shard", "shards", "worker", "workers", "host", "hosts",
})  # fmt: skip


def _per(unit: str | None) -> str:
    """The period of a rate unit in words: 'second' for rps and Gbps, 'day' for TB/day."""
    split = period_of(unit)
    if split is None:
        return "second"
    return _PERIOD_NAMES.get(split[1], _PERIOD_NAMES.get(split[1].lower(), split[1]))


def dimension_words(dim: str, unit: str | None = None, *, period: bool = True) -> str:
    """What a dimension is called, with the period of a rate: 'a rate (per day)' for /day.

    ``period=False`` leaves the period out, for a quantity shown next to its typed unit.
    """
    if dim == RATE:
        return f"a rate (per {_per(unit)})" if period else "a rate"
    if dim == DATARATE and _per(unit) != "second":
        return f"a data rate (per {_per(unit)})" if period else "a data rate"
    return DIMENSION_NAMES.get(dim, dim)


_PERIOD_SECONDS = {"second": 1.0, "minute": 60.0, "hour": 3600.0, "day": DAY_S, "week": 7 * DAY_S,
                   "month": 30 * DAY_S, "year": 365 * DAY_S}


def _change_period(typed: str | None, unit: str | None) -> str:
    """', then × 86,400 for per day' when two rates count over different periods."""
    have, want = _per(typed), _per(unit)
    if have == want or have not in _PERIOD_SECONDS or want not in _PERIOD_SECONDS:
        return "" if have == want else f", then per {have} → per {want}"
    ratio = _PERIOD_SECONDS[want] / _PERIOD_SECONDS[have]
    if ratio > 1:
        return f", then × {format_number(ratio)} for per {want}"
    return f", then ÷ {format_number(1 / ratio)} for per {want}"


def _time_in(unit: str | None) -> str:
    """In which unit 'the time' of a rate unit is counted, for a hint."""
    per = _per(unit)
    return "in seconds (a day is 86,400 s)" if per == "second" else f"in {per}s"


def dimension_hints(given: str, typed: str | None, wanted: str, unit: str | None) -> tuple[str, ...]:
    """How to get from the kind of quantity given to the kind asked for, in the right direction.

    Only pairs with a single, always-true relation get a hint; any other pair (a duration
    for an amount of data, a percentage for a rate …) gets none rather than a wrong one.
    """
    typed_text = f" ({unit_label(typed, prose=True)})" if typed else ""
    asked = unit_label(unit, prose=True) or "a number"
    words = dimension_words(given, typed, period=not typed)
    words = words[0].upper() + words[1:]
    if given == DATARATE and wanted == DATA:
        bytes_ = ", then ÷ 8 for bytes" if _is_bits(typed) and not _is_bits(unit) else ""
        return (
            f"{words}{typed_text} is data per {_per(typed)}; an amount of data ({asked}) is that "
            f"rate multiplied by how long it flows, {_time_in(typed)}{bytes_}.",
        )
    if given == DATA and wanted == DATARATE:
        bits = ", then × 8 for bits" if _is_bits(unit) and not _is_bits(typed) else ""
        return (
            f"An amount of data{typed_text} is not {dimension_words(DATARATE, unit, period=False)} ({asked}): divide it "
            f"by the time it moves in, {_time_in(unit)}{bits}.",
        )
    if given == RATE and wanted == COUNT:
        if unit and unit.strip().lower() in _MACHINE_WORDS:
            return (f"{words}{typed_text} is not a number of {asked}: divide it by what one of them handles.",)
        return (
            f"{words}{typed_text} is a count per {_per(typed)}; a number of {asked} is the rate multiplied "
            f"by a time (the period it runs over, or how long each one lasts).",
        )
    if given == COUNT and wanted == RATE:
        return (f"A count is not {dimension_words(RATE, unit, period=False)} ({asked}): divide it by the time it is spread over, {_time_in(unit)}.",)
    if given in (DATA, DATARATE) and wanted == COUNT and unit and unit.strip().lower() in _MACHINE_WORDS:
        what = "holds" if given == DATA else "handles"
        return (f"{words}{typed_text} is not a number of {asked}: divide it by what one of them {what}.",)
    if given == RATE and wanted == DATARATE:
        bits = ", × 8 for bits" if _is_bits(unit) else ""
        return (
            f"{words}{typed_text} counts requests; {dimension_words(DATARATE, unit, period=False)} ({asked}) is the data they carry: "
            f"multiply by the size of each request{bits}{_change_period(typed, unit)}.",
        )
    if given == DATARATE and wanted == RATE:
        bits = ", ÷ 8 for bytes" if _is_bits(typed) else ""
        return (
            f"{words}{typed_text} is data per {_per(typed)}; {dimension_words(RATE, unit, period=False)} ({asked}) counts requests: "
            f"divide by the size of each request{bits}{_change_period(typed, unit)}.",
        )
    if given == RATE and wanted == DATA:
        return (
            f"{words}{typed_text} counts things per {_per(typed)}; an amount of data ({asked}) is that rate × "
            f"the size of each × how long they keep coming.",
        )
    if given == DATA and wanted == RATE:
        return (
            f"An amount of data{typed_text} counts bytes; {dimension_words(RATE, unit, period=False)} ({asked}) is that "
            f"divided by the size of each and by the time it is spread over.",
        )
    return ()


def _unit_hints(quantity: Quantity, unit: str | None) -> list[str]:
    hints = []
    typed = quantity.unit or ""
    if "i" in typed[:2] and typed[:2] in ("Ki", "Mi", "Gi", "Ti", "Pi", "Ei"):
        hints.append(f"You used binary units ({typed}: powers of 1,024); compared in bytes with the SI answer.")
    if typed and unit and _is_bits(typed) != _is_bits(unit) and quantity.dim in (DATA, DATARATE):
        bits, bytes_ = (quantity.unit, unit) if _is_bits(typed) else (unit, quantity.unit)
        hints.append(f"{bits} counts bits, {bytes_} bytes (1 byte = 8 bits): yours is {format_quantity(quantity.value, unit, prose=True)}.")
    return hints


def _near(ratio: float, target: float, slack: float = 0.2) -> bool:
    return abs(math.log10(ratio) - math.log10(target)) <= math.log10(1 + slack)


_RATES = (RATE, DATARATE, MONEY_RATE)


def _ratio_hints(ratio: float, dim: str | None = None) -> list[str]:
    """Likely slips behind a ratio, each only where it can happen: bits against bytes for data,
    a day in seconds for rates (not for a duration, where 1e-7 s against 10 ms is no such slip)."""
    hints = []
    for factor, text, dims in (
        (8, "Off by about 8×: bits against bytes? (1 byte = 8 bits)", (DATA, DATARATE)),
        (DAY_S, "Off by about 86,400×: that is a day in seconds — per day against per second?", _RATES),
        (365, "Off by about 365×: per day against per year?", _RATES + (TIME,)),
        (24, "Off by about 24×: per hour against per day?", _RATES + (TIME,)),
        (3600, "Off by about 3,600×: per second against per hour?", _RATES),
    ):
        if dim is not None and dim not in dims:
            continue
        if _near(ratio, factor) or _near(ratio, 1 / factor):
            hints.append(text)
    for power in (1, 2, 3):
        step = 1000.0**power
        if _near(ratio, step, 0.25) or _near(ratio, 1 / step, 0.25):
            hints.append(f"Off by about {format_number(step)}×: a prefix slipped? (k → M → G → T → P → E go up by 1,000)")
    return hints


def median_error(errors: Iterable[float | None]) -> float | None:
    numbers = [e for e in errors if e is not None]
    return statistics.median(numbers) if numbers else None


def error_words(error: float | None) -> str:
    """A log10 error as a factor with its grade: 0.3 → '×2.0 (close)'."""
    if error is None:
        return "no graded answers yet"
    return f"{factor_text(error)} ({grade_for(error)})"


def tidy(value: float | None) -> float | None:
    """A float rounded to 12 significant digits, so JSON shows 1100.0, not 1100.0000000000002."""
    if value is None or not math.isfinite(value) or value == 0:
        return value
    return float(f"{value:.12g}")


def result_row(step_id: str, name: str, unit: str | None, expected: float, given_text: str | None, verdict: Verdict | None, grade: str | None = None) -> GradedStep:
    """One graded step for --json and the store: numbers in ``unit``.

    A range answer adds ``interval``: its ends in ``unit``, whether it held the true value,
    its interval score and width and the distance outside (log10); a point answer has
    ``interval: null``.
    """
    factor = unit_factor(unit)[0] if unit else 1.0
    graded = verdict.interval if verdict is not None else None
    return {
        "id": step_id,
        "name": name,
        "unit": unit,
        "expected": tidy(expected / factor),
        "given": None if verdict is None or verdict.given is None else tidy(verdict.given / factor),
        "given_text": given_text,
        "log10_error": None if verdict is None or verdict.log10_error is None else round(verdict.log10_error, 4),
        "grade": grade or (verdict.grade if verdict else UNANSWERED),
        "interval": None if graded is None else {
            "low": tidy(graded.low / factor),
            "high": tidy(graded.high / factor),
            "hit": graded.hit,
            "score": round(graded.score, 4),
            "width_log10": round(graded.width, 4),
            "outside_log10": round(graded.outside, 4),
        },
    }


# --- quick drills ---------------------------------------------------------------------------

@dataclass(frozen=True)
class DrillQuestion:
    id: str
    prompt: str
    expected: float  # base units
    unit: str | None  # the unit of the answer as the table writes it
    answer_text: str  # the table's answer, as written
    note: str
    bare_ok: bool


def drill_pool(topic) -> list[DrillQuestion]:
    """Every question a reference topic's tables can ask."""
    out = []
    for table in topic.tables:
        for spec_index, spec in enumerate(table.drills):
            for row_index, row in enumerate(table.rows):
                cells = dict(row.cells)
                answer = cells.get(spec.answer, "")
                if not answer:
                    continue
                try:
                    quantity = parse_quantity(answer)
                except QuantityError:
                    continue
                prompt = PLACEHOLDER.sub(lambda m, c=cells: c.get(m.group(1), m.group(0)), spec.prompt)
                note = PLACEHOLDER.sub(lambda m, c=cells: c.get(m.group(1), m.group(0)), spec.explain) if spec.explain else ""
                out.append(
                    DrillQuestion(
                        id=f"{table.id}/{spec_index}/{row_index}",
                        prompt=prompt,
                        expected=quantity.value,
                        unit=quantity.unit,  # a bare answer is read in the table's own unit
                        answer_text=answer,
                        note=note,
                        bare_ok=spec.bare,
                    )
                )
    return out


def drill_questions(topic, rng: random.Random, count: int) -> list[DrillQuestion]:
    """``count`` questions from a topic, shuffled; the pool repeats only when it runs out."""
    pool = drill_pool(topic)
    if not pool:
        return []
    out: list[DrillQuestion] = []
    while len(out) < count:
        batch = list(pool)
        rng.shuffle(batch)
        out.extend(batch[: count - len(out)])
    return out
