"""What an estimation step reads: arithmetic with units, money, bits and bytes, and the
estimating items of issue 12 (lowercase gbps, powers, bare numbers, the 86,400 hint)."""

from __future__ import annotations

import pytest

from sysdesign.core import estimate as est
from sysdesign.core.expression import ExpressionError, evaluate_expression, looks_like_expression
from sysdesign.core.quantity import (
    MONEY,
    MONEY_RATE,
    PRICE,
    STORAGE_PRICE,
    format_quantity,
    parse_quantity,
)

# --- arithmetic as an answer -----------------------------------------------------------------


@pytest.mark.parametrize(("text", "unit", "value", "echo"), [
    ("500M * 2 / 86400", "rps", 500e6 * 2 / 86_400, "= 11,574 rps"),  # bare: read in the step's unit
    ("1.1 EB / (5 * 365)", "PB", 1.1e18 / 1825, "= 0.603 PB"),
    ("2e9 B / 1 Gbps", "s", 16.0, "= 16 s"),  # 2e9 bytes over 1.25e8 bytes a second
    ("100M users * 20 / day", "rps", 100e6 * 20 / 86_400, "= 23,148 rps"),
    ("2^20 * 8", "b", 2**20 * 8 / 8, "= 8,388,608 b"),
    ("2**20 B * 2", "B", 2.0**21, "= 2,097,152 B"),
    ("(1M - 200k) / day", "rps", 800e3 / 86_400, "= 9.26 rps"),
    ("500M x 2 / 86400", "rps", 500e6 * 2 / 86_400, "= 11,574 rps"),
    ("1.1 EB * $0.02 per GB-month", "$/mo", 1.1e9 * 0.02 / (30 * 86_400), "= $22,000,000 per month"),
    ("1 ms * 1000", "s", 1.0, "= 1 s"),
])
def test_arithmetic_is_worked_out_and_echoed_in_the_steps_unit(text, unit, value, echo):
    assert looks_like_expression(text)
    reading = est.read_estimate(text, unit)
    assert reading.quantity.value == pytest.approx(value, rel=1e-9)
    assert reading.echo == echo


def test_a_day_of_data_is_read_per_day_for_a_per_day_step():
    reading = est.read_estimate("1.1 EB / (5 * 365)", "TB/day")
    assert reading.quantity.value == pytest.approx(1.1e18 / 1825 / 86_400)
    assert reading.echo == "= 603 TB per day" and reading.note == "read as 603 TB per day"


@pytest.mark.parametrize(("text", "unit", "message"), [
    ("1 GB + 5 ms", "s", "adds an amount of data and a duration, which do not mix"),
    ("1 PB * 2", "Gbps", "your arithmetic gives an amount of data (2 PB), but this step asks for a bandwidth, in Gbps. An amount of data"),
    ("2e9 B / 1 GB", "rps", "a plain number (the units cancel)"),
    ("3 MB * zz", "MB", "could not read 'zz'"),
    ("5 / 0", "rps", "division by zero"),
    ("100k - 200k * 1", "rps", "must be more than zero"),
])
def test_a_unit_error_in_arithmetic_is_explained_not_graded(text, unit, message):
    with pytest.raises(est.AnswerError) as caught:
        est.read_estimate(text, unit)
    assert message in str(caught.value)


def test_expression_errors_are_plain_messages():
    for text in ("", "1 +", "__import__('os')", "2 ** 99999", "1" + " + 1" * 40, "3 MB.real"):
        with pytest.raises(ExpressionError):
            evaluate_expression(text)


def test_a_single_dash_between_two_numbers_is_a_range_not_a_subtraction():
    with pytest.raises(est.AnswerError, match="runs downwards"):
        est.read_estimate("1M - 200k", "rps")
    assert est.read_estimate("200k - 1M", "rps").interval == (200e3, 1e6)


def test_intervals_mode_asks_for_a_range():
    with pytest.raises(est.AnswerError, match="asks for a 90 % range"):
        est.read_estimate("23k", "rps", want_range=True)
    assert est.read_estimate("20k-50k", "rps", want_range=True).interval == (20e3, 50e3)


def test_a_range_verdict_shows_hit_and_score_with_the_working():
    held = est.judge_reading(23_148, "rps", est.read_estimate("20k-50k", "rps"))
    assert held.grade == "range held" and held.log10_error is None and held.interval.hit
    assert "Interval score 0.40" in held.message
    missed = est.judge_reading(23_148, "rps", est.read_estimate("30k to 50k", "rps"))
    assert missed.grade == "range missed"
    assert "below your 30,000 to 50,000 rps, by ×1.3" in missed.message
    assert "= width 0.22 + 20 × 0.113 outside" in missed.message
    row = est.result_row("read_qps", "reads", "rps", 23_148, "30k to 50k", missed)
    # width log10(50/30) = 0.2218; outside log10(30,000/23,148) = 0.1126; 0.2218 + 20 × 0.1126 = 2.474
    assert row["interval"] == {"low": 30_000, "high": 50_000, "hit": False, "score": 2.474,
                               "width_log10": 0.2218, "outside_log10": 0.1126}
    assert row["log10_error"] is None and row["grade"] == "range missed"


def test_a_range_of_the_wrong_kind_is_graded_wrong_unit():
    verdict = est.judge_reading(23_148, "rps", est.read_estimate("1-2 PB", "rps"))
    assert verdict.grade == "wrong unit" and "your range is an amount of data" in verdict.message


# --- money ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "dim", "value"), [
    ("$22M/mo", MONEY_RATE, 22e6 / (30 * 86_400)),
    ("$22M per month", MONEY_RATE, 22e6 / (30 * 86_400)),
    ("22M $/mo", MONEY_RATE, 22e6 / (30 * 86_400)),
    ("$48k a month", MONEY_RATE, 48e3 / (30 * 86_400)),
    ("$0.09 per GB", PRICE, 0.09 / 1e9),
    ("$0.02/GB-month", STORAGE_PRICE, 0.02 / (1e9 * 30 * 86_400)),
    ("$2B", MONEY, 2e9),  # after a dollar sign, B is a billion
    ("2 cents", MONEY, 0.02),
])
def test_money_reads(text, dim, value):
    quantity = parse_quantity(text)
    assert quantity.dim == dim and quantity.value == pytest.approx(value)
    assert parse_quantity(format_quantity(quantity.value, quantity.unit, prose=True)).value == pytest.approx(value)


def test_a_dollar_amount_for_a_monthly_bill_or_a_price_is_read_per_period():
    assert est.read_estimate("$22M", "$/mo").quantity.value == pytest.approx(22e6 / (30 * 86_400))
    assert est.read_estimate("0.02", "$/GB-month").quantity.value == pytest.approx(0.02 / (1e9 * 30 * 86_400))
    assert est.read_estimate("$0.02", "$/GB-month").quantity.value == pytest.approx(0.02 / (1e9 * 30 * 86_400))
    assert format_quantity(22e6 / (30 * 86_400), "$/mo", prose=True) == "$22,000,000 per month"


# --- issue 12, estimating ------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["55 gbps", "55 Gbps", "55 Gb/s", "55 gb/s", "55 gbit/s"])
def test_lowercase_bits_are_bits(text):
    assert parse_quantity(text).value == pytest.approx(55e9 / 8)


def test_only_a_capital_b_is_a_byte():
    assert parse_quantity("55 GBps").value == pytest.approx(55e9)
    assert parse_quantity("55 GB/s").value == pytest.approx(55e9)
    assert parse_quantity("5 mbps").value == pytest.approx(5e6 / 8)
    verdict = est.judge(55.6e9 / 8, "Gbps", parse_quantity("55 gbps"))
    assert verdict.grade == "spot on" and not any("bits" in hint for hint in verdict.hints)


@pytest.mark.parametrize(("text", "value"), [("16^6", 16**6), ("2^20", 2**20), ("2**20", 2**20), ("2^10 B", 1024)])
def test_powers_are_numbers(text, value):
    assert parse_quantity(text).value == value
    assert est.read_estimate(text, "B").quantity.value == value  # a bare power read in the step's unit


def test_a_unit_typo_is_asked_again_with_a_suggestion():
    with pytest.raises(est.AnswerError, match="did you mean Gbps"):
        est.read_estimate("55 Gbsp", "Gbps")


def test_the_day_in_seconds_hint_only_for_rates():
    time_verdict = est.judge(0.01, "ms", parse_quantity("1e-7 s"))
    assert not any("86,400" in hint for hint in time_verdict.hints)
    assert "You: 100 ns;" in time_verdict.message and "1e-07" not in time_verdict.message
    rate_verdict = est.judge(23_148, "rps", parse_quantity("2bn per second"))  # a daily figure typed per second
    assert any("86,400" in hint for hint in rate_verdict.hints)
    count_verdict = est.judge(100, "servers", parse_quantity("8640000"))
    assert not any("86,400" in hint for hint in count_verdict.hints)


def test_a_bare_number_in_a_drill_is_read_in_the_questions_unit():
    reading = est.read_estimate("8.76", "h")
    assert reading.quantity.value == pytest.approx(8.76 * 3600)


def test_json_numbers_carry_no_float_noise():
    assert est.tidy(1100.0000000000002) == 1100.0
    verdict = est.judge(1100.0000000000002, "GB", parse_quantity("1.1 TB"))
    row = est.result_row("x", "x", "GB", 1100.0000000000002 * 1e9, "1.1 TB", verdict)
    assert row["expected"] == 1100.0 and row["given"] == 1100.0


def test_one_is_followed_by_a_singular_in_stories():
    from sysdesign.cli.common import course

    family = next(s for s in course().scenarios if s.id == "news-feed")
    params = est.example_params(family)
    params["posts_per_user"] = 1 / 86_400
    story = est.render_story(family, params)
    assert "publishes 1 post a day" in story and "1 posts" not in story


def test_any_text_is_read_or_refused_with_a_message():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @given(st.text(alphabet="0123456789.kMGBbps $/*+-()^ x×÷edayhmsEPT%", max_size=30))
    @settings(max_examples=500, deadline=None, derandomize=True)
    def check(text):
        try:
            reading = est.read_estimate(text, "rps")
        except est.AnswerError as exc:
            assert str(exc) and "\n" not in str(exc)
        else:
            assert reading.quantity.value > 0

    check()


def test_a_plain_number_with_a_plus_in_its_exponent_is_not_arithmetic():
    reading = est.read_estimate("2.3e+4", "rps")
    assert reading.quantity.value == 23_000 and reading.echo == ""


def test_stored_parameters_carry_no_float_noise(tmp_path):
    from sysdesign.cli.common import course
    from sysdesign.flows.estimate import Drawn

    family = next(s for s in course().scenarios if s.id == "photo-sharing")
    params = est.example_params(family)
    drawn = Drawn(family, params, "", est.solve(family, params), None, True)
    assert drawn.record["values"]["storage_price"]["value"] == 0.02
    assert drawn.record["values"]["thumb_share"]["value"] == 90
