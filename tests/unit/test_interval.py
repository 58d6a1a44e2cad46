"""Range answers: every spelling reads back, malformed ranges say what is wrong, the interval
score matches hand-computed values, and calibration reports known hit rates."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sysdesign.core import calibration as cal
from sysdesign.core import estimate as est
from sysdesign.core.interval import (
    FACTOR,
    PLUS_MINUS,
    RANGE,
    IntervalError,
    format_interval,
    grade_interval,
    interval_score,
    looks_like_interval,
    parse_interval,
)
from sysdesign.core.quantity import format_number, format_quantity, parse_quantity, unit_factor

UNITS = [None, "rps", "PB", "TB", "Gbps", "GB/s", "ms", "ns", "TB/day", "/day", "$", "$/mo", "%", "servers"]
ROUNDING = 5e-3  # format_number keeps three significant figures below 1,000

values = st.floats(min_value=1e-3, max_value=1e12, allow_nan=False, allow_infinity=False)


def _written(value: float, unit: str | None) -> str:
    return format_quantity(value, unit) if unit else format_number(value)


def _number_only(value: float, unit: str | None) -> str:
    factor = unit_factor(unit)[0] if unit else 1.0
    return format_number(value / factor)


@given(low=values, ratio=st.floats(min_value=1.05, max_value=1e4), unit=st.sampled_from(UNITS),
       spelling=st.sampled_from(["{a}-{b}", "{a} - {b}", "{a}–{b}", "{a} to {b}", "{a}—{b}", "{a}..{b}"]),
       shared=st.booleans())
@settings(max_examples=400, deadline=None, derandomize=True)
def test_every_range_spelling_reads_back(low, ratio, unit, spelling, shared):
    factor = unit_factor(unit)[0] if unit else 1.0
    low, high = low * factor, low * ratio * factor
    first = _number_only(low, unit) if shared and unit and not unit.startswith("$") else _written(low, unit)
    text = spelling.format(a=first, b=_written(high, unit))
    assume(float(first.replace(",", "").lstrip("$").split()[0].split("/")[0]) > 0)
    assert looks_like_interval(text), text
    interval = parse_interval(text)
    assert interval.style == RANGE
    assert interval.low.value == pytest.approx(low, rel=ROUNDING), text
    assert interval.high.value == pytest.approx(high, rel=ROUNDING), text
    assert interval.low.dim == interval.high.dim


@given(center=values, spread=st.sampled_from([1.5, 2, 3, 4, 10, 2.5]), unit=st.sampled_from(UNITS),
       spelling=st.sampled_from(["{c} ±{f}x", "{c} ± {f}×", "{c} +/- {f}x", "{c} x/ {f}", "{c} x/{f}", "{c} ×/ {f}"]))
@settings(max_examples=300, deadline=None, derandomize=True)
def test_every_factor_spelling_reads_back(center, spread, unit, spelling):
    factor = unit_factor(unit)[0] if unit else 1.0
    written = _written(center * factor, unit)
    middle = parse_quantity(written).value  # the centre as it reads back
    text = spelling.format(c=written, f=format_number(spread))
    interval = parse_interval(text)
    assert interval.style == FACTOR
    assert interval.low.value == pytest.approx(middle / spread, rel=1e-9), text
    assert interval.high.value == pytest.approx(middle * spread, rel=1e-9), text


@given(low=values, ratio=st.floats(min_value=1.05, max_value=1e3), unit=st.sampled_from(UNITS))
@settings(max_examples=200, deadline=None, derandomize=True)
def test_a_formatted_range_reads_back(low, ratio, unit):
    factor = unit_factor(unit)[0] if unit else 1.0
    low, high = low * factor, low * ratio * factor
    text = format_interval(low, high, unit)
    interval = parse_interval(text)
    assert interval.low.value == pytest.approx(low, rel=ROUNDING) and interval.high.value == pytest.approx(high, rel=ROUNDING)


@pytest.mark.parametrize(("text", "low", "high", "style"), [
    ("20k-50k", 20e3, 50e3, RANGE),
    ("20k to 50k", 20e3, 50e3, RANGE),
    ("30k ±3x", 10e3, 90e3, FACTOR),
    ("30k x/ 3", 10e3, 90e3, FACTOR),
    ("2-3 PB", 2e15, 3e15, RANGE),  # the unit on one end is shared
    ("20-50k", 20e3, 50e3, RANGE),  # and so is the multiplier
    ("20k–50k rps", 20e3, 50e3, RANGE),
    ("$20-50k", 20e3, 50e3, RANGE),
    ("1e-5-2e-5", 1e-5, 2e-5, RANGE),  # an exponent's minus is not a separator
    ("10k ± 5k", 5e3, 15e3, PLUS_MINUS),
    ("30 ms ± 10", 0.02, 0.04, PLUS_MINUS),
    ("100 ns..1 us", 1e-7, 1e-6, RANGE),
    ("5 GB to 2 TB", 5e9, 2e12, RANGE),
])
def test_spellings_from_the_issue_and_more(text, low, high, style):
    interval = parse_interval(text)
    assert (interval.low.value, interval.high.value, interval.style) == (pytest.approx(low), pytest.approx(high), style)


@pytest.mark.parametrize(("text", "message"), [
    ("50k-20k", "runs downwards; put the low end first (20k-50k)"),
    ("10-10", "same number at both ends"),
    ("30k ±1x", "must be more than 1"),
    ("30k ±0.5x", "must be more than 1"),
    ("10 ms ± 20", "reaches zero or below"),
    ("20k-", "has no high end"),
    ("zzz-50k", "could not read the low end"),
    ("20k-50 ms", "runs downwards"),  # 20k ms against 50 ms: the unit was shared
    ("2 GB-5 ms", "different kinds of quantity"),
    ("0-5k", "must be more than zero"),
    ("20k-50 Gbsp", "did you mean Gbps?"),
])
def test_malformed_ranges_say_what_is_wrong(text, message):
    with pytest.raises(IntervalError) as caught:
        parse_interval(text)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


@given(st.text(alphabet="0123456789kMG -–.,±x/to$%msPB", max_size=24))
@settings(max_examples=400, deadline=None, derandomize=True)
def test_any_text_is_a_range_or_a_clear_message(text):
    try:
        interval = parse_interval(text)
    except IntervalError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert 0 < interval.low.value < interval.high.value


def test_a_point_or_a_negative_exponent_is_not_a_range():
    for text in ("23k", "2.3e-4", "1.1 PB", "-5", "200M/day", "$0.02 per GB-month", "$0.02/GB-mo"):
        assert not looks_like_interval(text), text


# --- the interval score, by hand -------------------------------------------------------------

@pytest.mark.parametrize(("low", "high", "truth", "score"), [
    (10, 1000, 100, 2.0),  # inside: the width alone, log10(1000/10)
    (10, 1000, 10, 2.0),  # on the edge counts as inside
    (10, 1000, 10_000, 2.0 + 20 * 1.0),  # one decade above: 2/alpha = 20 per decade outside
    (10, 1000, 1, 2.0 + 20 * 1.0),  # one decade below
    (20_000, 50_000, 23_148, math.log10(2.5)),  # 0.39794
    (20_000, 50_000, 100_000, math.log10(2.5) + 20 * math.log10(2)),  # 0.39794 + 6.0206 = 6.41854
    (1, 2, 4, math.log10(2) + 20 * math.log10(2)),  # 21 × 0.30103 = 6.32163
])
def test_interval_score_matches_hand_computation(low, high, truth, score):
    assert interval_score(low, high, truth) == pytest.approx(score, abs=1e-12)


def test_interval_score_hand_values_written_out():
    assert interval_score(20_000, 50_000, 100_000) == pytest.approx(6.418539921, abs=1e-9)
    assert interval_score(1, 2, 4) == pytest.approx(6.321629909, abs=1e-9)  # 21 × log10 2
    assert interval_score(10, 1000, 100, alpha=0.5) == pytest.approx(2.0)
    assert interval_score(10, 1000, 10_000, alpha=0.5) == pytest.approx(2.0 + 4 * 1.0)  # 2/alpha = 4


def test_grade_interval_says_hit_side_width_and_distance():
    graded = grade_interval(30_000, 50_000, 23_148)
    assert not graded.hit and graded.below
    assert graded.width == pytest.approx(math.log10(50 / 30))
    assert graded.outside == pytest.approx(math.log10(30_000 / 23_148))
    assert graded.factor == pytest.approx(50 / 30)
    with pytest.raises(ValueError):
        grade_interval(5, 1, 3)


# --- calibration over many rounds --------------------------------------------------------------

def _hand_wilson(hits: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def _graded_round(rng: random.Random, family: str, hits: list[bool], day: int) -> dict:
    """A stored round whose ranges hold the truth exactly where ``hits`` says, built through
    the real reader, grader and result rows."""
    rows = []
    for index, hit in enumerate(hits):
        truth = 10 ** rng.uniform(1, 9)
        factor = 10 ** rng.uniform(0.1, 1)
        middle = truth if hit else truth * 10 ** rng.choice([-2, 2])
        reading = est.read_estimate(f"{format_number(middle)} ±{factor:.2f}x", "rps")
        verdict = est.judge_reading(truth, "rps", reading)
        assert verdict.interval.hit is hit
        rows.append(est.result_row(f"s{index}", "step", "rps", truth, "typed", verdict))
    return {"scenario": family, "when": f"2025-01-{day:02d}T10:00:00+00:00", "steps": rows, "median_log10_error": None}


def test_calibration_over_fifty_generated_rounds_reports_the_known_hit_rates():
    rng = random.Random(20)
    rounds = []
    for number in range(50):
        if number % 2:  # 25 rounds of 4 ranges: 2 of 4 hold, a 50 % hit rate
            rounds.append(_graded_round(rng, "photo-sharing", [True, False, True, False], number % 28 + 1))
        else:  # 25 rounds of 4: 19 of every 20 hold over the whole set (95 %)
            hits = [not (number % 10 == 0 and i == 0) for i in range(4)]  # misses in rounds 0, 10 … 40
            rounds.append(_graded_round(rng, "drill-latency", hits, number % 28 + 1))
    result = cal.range_calibration(rounds)
    by_family = {f["scenario"]: f for f in result["families"]}

    photo = by_family["photo-sharing"]
    assert (photo["ranges"], photo["held"], photo["share"]) == (100, 50, 0.5)
    assert photo["band"] == [pytest.approx(v, abs=1e-4) for v in _hand_wilson(50, 100)]
    assert photo["verdict"] == "overconfident"
    assert photo["message"] == "overconfident: 50 % of your 90 % ranges held the answer; widen them"

    latency = by_family["drill-latency"]
    held = sum(1 for r in rounds if r["scenario"] == "drill-latency" for s in r["steps"] if s["interval"]["hit"])
    assert (latency["ranges"], latency["held"]) == (100, held) and held == 95
    assert latency["verdict"] == "calibrated"  # 95 % is within the band around 90 %
    assert latency["band"][0] < 0.9 < latency["band"][1]

    overall = result["overall"]
    assert (overall["ranges"], overall["held"], overall["share"]) == (200, 145, 0.725)
    assert overall["verdict"] == "overconfident"
    assert overall["band"] == [pytest.approx(v, abs=1e-4) for v in _hand_wilson(145, 200)]
    widths = sorted(s["interval"]["width_log10"] for r in rounds for s in r["steps"])
    assert overall["median_width_log10"] == pytest.approx((widths[99] + widths[100]) / 2, abs=1e-4)


@pytest.mark.parametrize(("hits", "n", "verdict"), [
    (40, 40, "underconfident"),  # every range held, and enough of them: wider than need be
    (100, 100, "underconfident"),
    (20, 20, "calibrated"),  # twenty of twenty is still within the band around 90 %
    (9, 10, "calibrated"),
    (3, 4, "too few"),
    (0, 3, "overconfident"),  # even three misses in three are enough to tell
])
def test_verdicts(hits, n, verdict):
    ranges = [{"hit": i < hits, "width_log10": 0.5, "score": 0.5} for i in range(n)]
    summary = cal.range_summary(ranges)
    assert summary["verdict"] == verdict
    if verdict == "underconfident":
        assert summary["message"].endswith("you can narrow them")


def test_rounds_without_ranges_give_no_calibration():
    assert cal.range_calibration([{"scenario": "x", "when": "", "steps": [{"grade": "spot on"}]}]) == {
        "overall": None, "families": []}
    assert cal.range_summary([]) is None
    assert cal.wilson(0, 0) == (0.0, 1.0)
