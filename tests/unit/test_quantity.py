"""Reading and writing quantities: what people type, round trips, and garbage."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sysdesign.core.quantity import (
    COUNT,
    DATA,
    DATARATE,
    RATE,
    TIME,
    UNITS,
    QuantityError,
    approx,
    format_number,
    format_quantity,
    parse_quantity,
    sci,
    unit_factor,
)

# The examples, and what each must read as (base units: s, B, /s, B/s).
TYPED = [
    ("23k", 23_000, COUNT),
    ("23,148", 23_148, COUNT),
    ("2.3e4", 23_000, COUNT),
    ("23 K rps", 23_000, RATE),
    ("0.023M", 23_000, COUNT),
    ("1.1 PB", 1.1e15, DATA),
    ("1,044,000 TB", 1.044e18, DATA),
    ("55.6 Gbps", 55.6e9 / 8, DATARATE),
    ("6.9 GB/s", 6.9e9, DATARATE),
    ("3 MB", 3e6, DATA),
    ("8.7 h", 8.7 * 3600, TIME),
    # and more ways people write the same things
    ("23,148 rps", 23_148, RATE),
    ("2.3×10^4 rps", 23_000, RATE),
    ("2.3 x 10^4", 23_000, COUNT),
    ("~23k", 23_000, COUNT),
    ("10^5", 1e5, COUNT),
    ("2bn", 2e9, COUNT),
    ("2 bn per day", 2e9 / 86_400, RATE),
    ("200M/day", 2e8 / 86_400, RATE),
    ("600 TB/day", 600e12 / 86_400, DATARATE),
    ("600 TB per day", 600e12 / 86_400, DATARATE),
    ("5 photos/s", 5, RATE),
    ("3 req/min", 0.05, RATE),
    ("1 GiB", 2**30, DATA),
    ("8 b", 1, DATA),
    ("100 µs", 1e-4, TIME),
    ("100 us", 1e-4, TIME),
    ("5 years", 5 * 365 * 86_400, TIME),
    ("99.9 %", 0.999, "fraction"),
    # the counts that the storage and messaging scenarios answer in
    ("300 partitions", 300, COUNT),
    ("91 brokers", 91, COUNT),
    ("9,375 disks", 9375, COUNT),
    ("16.2 disks/day", 16.2 / 86_400, RATE),
    ("50M series", 50e6, COUNT),
    ("15.6 trillion chunks", 15.6e12, COUNT),
    ("35 replicas", 35, COUNT),
]


@pytest.mark.parametrize("text,value,dim", TYPED)
def test_what_people_type(text, value, dim):
    quantity = parse_quantity(text)
    assert quantity.dim == dim
    assert quantity.value == pytest.approx(value, rel=1e-9)


def test_bits_and_bytes_are_different():
    assert parse_quantity("1 Gb").value * 8 == pytest.approx(parse_quantity("1 GB").value)
    assert parse_quantity("1 Gbps").value * 8 == pytest.approx(parse_quantity("1 GB/s").value)


def test_si_and_binary_prefixes_are_different():
    assert parse_quantity("1 TB").value == 1e12
    assert parse_quantity("1 TiB").value == 2**40


@pytest.mark.parametrize("text", ["", "   ", "abc", "12,34", "5 parsecs", "GB", "1e999", "10^999", "1e308 EB", "x" * 100, "--5", "5 5 5"])
def test_unreadable_text_says_could_not_read(text):
    with pytest.raises(QuantityError, match="could not read"):
        parse_quantity(text)


@given(st.text(max_size=40))
@settings(max_examples=400, deadline=None)
def test_garbage_never_raises_anything_else(text):
    try:
        quantity = parse_quantity(text)
    except QuantityError as exc:
        assert str(exc).startswith("could not read")
    else:
        assert math.isfinite(quantity.value)


@given(st.from_regex(r"\A[ 0-9.,eE^x×*+\-~kKMGTPEib/sBpq% a-z]{0,20}\Z"))
@settings(max_examples=400, deadline=None)
def test_number_like_garbage_never_raises_anything_else(text):
    try:
        parse_quantity(text)
    except QuantityError as exc:
        assert str(exc).startswith("could not read")


# Every unit the parser knows, plus the compound per-period units scenarios use.
ALL_UNITS = sorted(UNITS) + ["TB/day", "GB per day", "/day", "/month", "points/s", "req/min", "MB per hour", "photos a day"]
SIG = 3
ROUNDING = 0.5 * 10 ** (1 - SIG) * (1 + 1e-9)  # half a unit in the last of SIG digits


@given(
    unit=st.sampled_from(ALL_UNITS),
    value=st.floats(min_value=1e-12, max_value=1e24, allow_nan=False, allow_infinity=False),
    negative=st.booleans(),
    prose=st.booleans(),
)
@settings(max_examples=1500, deadline=None)
def test_format_then_parse_gives_the_value_back(unit, value, negative, prose):
    factor, dim = unit_factor(unit)
    base = (-value if negative else value) * factor
    assume(math.isfinite(base) and base != 0)
    text = format_quantity(base, unit, sig=SIG, prose=prose)
    back = parse_quantity(text)
    assert back.dim == dim, (unit, text)
    assert back.value == pytest.approx(base, rel=ROUNDING), (unit, text)


@given(value=st.floats(min_value=-1e20, max_value=1e20, allow_nan=False), sig=st.integers(1, 6))
@settings(max_examples=500, deadline=None)
def test_format_number_then_parse(value, sig):
    text = format_number(value, sig)
    assert parse_quantity(text).value == pytest.approx(value, rel=0.5 * 10 ** (1 - sig) * (1 + 1e-9), abs=1e-300)


@pytest.mark.parametrize("value,unit,text", [
    (23_148.148, "rps", "23,148 rps"),
    (55.5556e9 / 8, "Gbps", "55.6 Gbps"),
    (0.864, "s", "0.864 s"),
    (1.095e18, "PB", "1,095 PB"),
    (1.1e18, None, "1.1e+18"),
])  # fmt: skip
def test_format_quantity_reads_like_a_person_wrote_it(value, unit, text):
    assert format_quantity(value, unit) == text


def test_prose_units():
    assert format_quantity(600e12 / 86_400, "TB/day", prose=True) == "600 TB per day"
    assert format_quantity(5 * 365 * 86_400, "y", prose=True) == "5 years"
    assert format_quantity(86_400, "d", prose=True) == "1 day"


def test_rough_readings():
    assert approx(1.095e18, DATA) == "≈ 1.1 EB"
    assert approx(23_148, unit="rps") == "≈ 23k rps"
    assert approx(2e9 / 86_400, unit="/day") == "≈ 2 bn per day"
    assert sci(23_148) == "2×10^4"
    assert sci(1e9) == "10^9"
    assert sci(48) == "50"


@pytest.mark.parametrize("dim,wanted,unwanted", [
    (TIME, "100 ns", "PB"),
    (DATA, "1.1 PB", "Gbps"),
    (DATARATE, "55 Gbps", "rps"),
    (RATE, "23k rps", "PB"),
    (None, "1.1 PB", None),  # no dimension: the general examples, as before
])  # fmt: skip
def test_unreadable_answers_suggest_examples_of_the_kind_asked(dim, wanted, unwanted):
    for text in ("zzz", "5 zorks"):
        with pytest.raises(QuantityError) as caught:
            parse_quantity(text, dim)
        message = str(caught.value)
        if text == "zzz":
            assert wanted in message, message
        if unwanted:
            assert unwanted not in message, message
    assert parse_quantity("100 ns", TIME) == parse_quantity("100 ns")  # the dimension only picks examples


# Ways to write money, durations in parts and powers (issue 14: accept what people type).
MORE_TYPED = [
    ("$1.1M", 1.1e6, "money"),
    ("US$ 1,100,000", 1.1e6, "money"),
    ("1.1 million USD", 1.1e6, "money"),
    ("2 dollars", 2, "money"),
    ("8 h 46 min", 8 * 3600 + 46 * 60, TIME),
    ("8h46m", 8 * 3600 + 46 * 60, TIME),
    ("1 day, 2 hours and 3 minutes", 86_400 + 7_200 + 180, TIME),
    ("2 min 30 s", 150, TIME),
    ("16^6", 16**6, COUNT),
    ("62**6 urls", 62**6, COUNT),
    ("2^10 B", 1024, DATA),
]


@pytest.mark.parametrize("text,value,dim", MORE_TYPED)
def test_money_durations_in_parts_and_powers(text, value, dim):
    quantity = parse_quantity(text)
    assert quantity.dim == dim
    assert quantity.value == pytest.approx(value, rel=1e-9)


@pytest.mark.parametrize("text", ["$5 GB", "8 h 46 zorks", "5 m", "3 MB 2 KB", "$", "9^99999"])
def test_mixed_or_odd_forms_are_not_misread(text):
    try:
        quantity = parse_quantity(text)
    except QuantityError as exc:
        assert str(exc).startswith("could not read")
    else:  # "5 m" stays five million, as before: a lone m is not minutes
        assert text == "5 m" and quantity.value == 5e6 and quantity.dim == COUNT
