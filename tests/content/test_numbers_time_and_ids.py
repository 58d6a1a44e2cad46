"""Lesson 14 (time and IDs): every derived number, recomputed from its stated assumptions.

Each test names the section, question or card that states the number, checks the arithmetic,
and checks that the text (and a numeric question's key) carries the recomputed value.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone

import pytest

from tests.content.sources import body, card, key, yaml_fixture

SECONDS_PER_YEAR = 365.25 * 86_400


lesson = yaml_fixture("lessons/14-time-and-ids.yaml", "lesson")
deck = yaml_fixture("flashcards/time-and-ids.yaml", "deck")


def test_clock_drift(lesson, deck):
    # ti-clocks, ti-q-drift-day, ti-fc-drift-30s, ti-fc-drift-day: 200 ppm
    ppm = 200e-6
    assert ppm * 30 == pytest.approx(0.006)
    day = ppm * 86_400
    assert day == pytest.approx(17.28)
    assert key(lesson, "ti-q-drift-day") == pytest.approx(day, rel=0.01)
    text = body(lesson, "ti-clocks")
    assert "200 × 10⁻⁶ × 30 s = **6 ms**" in text
    assert "200 × 10⁻⁶ × 86,400 s ≈ **17 s**" in text
    assert "6 ms" in card(deck, "ti-fc-drift-30s") and "17 s" in card(deck, "ti-fc-drift-day")


def test_leap_seconds(lesson):
    # ti-clocks: TAI - UTC was 10 s in 1972 and is 37 s since the end of 2016
    assert 37 - 10 == 27
    assert "27 leap seconds" in body(lesson, "ti-clocks")


def test_lww_example(lesson):
    # ti-skew-bites, ti-q-lww-loser: A is 50 ms fast, B's write comes 20 ms later
    a_stamp = 0 + 50
    b_stamp = 20 + 0
    assert a_stamp > b_stamp  # LWW keeps A's earlier write
    text = body(lesson, "ti-skew-bites")
    assert "10:00.050" in text and "10:00.020" in text


def test_lamport_diagram(lesson):
    # ti-lamport: P1 a=1 send=2 e=3; P2 b=1 recv=max(1,2)+1 send=4; P3 c=1 d=2 recv=max(2,4)+1
    p2_recv = max(1, 2) + 1
    p2_send = p2_recv + 1
    p3_recv = max(2, p2_send) + 1
    assert (p2_recv, p2_send, p3_recv) == (3, 4, 5)
    text = body(lesson, "ti-lamport")
    assert "max(1, 2) + 1 = 3" in text and "max(2, 4) + 1 = 5" in text
    assert "recv(3) -- send(4)" in text and "recv(5)" in text


def test_lamport_receive(lesson):
    # ti-q-lamport-receive: clock 7, message stamped 12
    assert key(lesson, "ti-q-lamport-receive") == max(7, 12) + 1 == 13


def test_vector_clocks(lesson):
    # ti-vector: the cart example; ti-q-vector-compare: [3, 1] vs [2, 2]
    def before(v, w):
        return all(x <= y for x, y in zip(v, w)) and v != w

    a_side, b_side = (2, 0), (1, 1)
    assert not before(a_side, b_side) and not before(b_side, a_side)
    merged = tuple(max(x, y) for x, y in zip(a_side, b_side))
    assert merged == (2, 1)
    stored_via_a = (merged[0] + 1, merged[1])
    assert stored_via_a == (3, 1)
    assert before(a_side, stored_via_a) and before(b_side, stored_via_a)
    text = body(lesson, "ti-vector")
    assert "[A:2, B:1]" in text and "clock [A:3, B:1]" in text
    assert not before((3, 1), (2, 2)) and not before((2, 2), (3, 1))


def test_auto_increment(lesson, deck):
    # ti-id-central: 1,000,050 -> 1,003,050 in a day; ti-fc-bigint-life at 10,000/s
    assert 1_003_050 - 1_000_050 == 3_000
    assert "about 3,000 orders a day" in body(lesson, "ti-id-central")
    years = 2**63 / 10_000 / SECONDS_PER_YEAR
    assert round(years / 1e6) == 29
    assert "29 million years" in card(deck, "ti-fc-bigint-life")
    # odd/even servers and step N: server k issues k, k + N, ...
    odd = {1 + 2 * i for i in range(1000)}
    even = {2 + 2 * i for i in range(1000)}
    assert not odd & even


def test_block_allocation(lesson, deck):
    # ti-id-central, ti-q-block-requests, ti-fc-block-load: 50,000 IDs/s in blocks of 1,000
    rate = 50_000 / 1_000
    assert rate == 50
    assert key(lesson, "ti-q-block-requests") == rate
    assert "50,000 / 1,000 = **50 requests a second**" in body(lesson, "ti-id-central")


def test_uuid_layouts(lesson, deck):
    # ti-uuid: v4 = 122 random + 4 + 2; v7 = 48 + 4 + 12 + 2 + 62, 74 random
    assert 122 + 4 + 2 == 128
    assert 48 + 4 + 12 + 2 + 62 == 128 and 12 + 62 == 74
    assert 32 + 4 == 36 and 128 // 8 == 16
    text = body(lesson, "ti-uuid")
    assert "74 random bits" in text and "36 characters" in text
    # the example is a well-formed version 7, variant 10xx UUID
    example = "0192f0c4-5e7b-7c3a-9d2e-6a1f3b8e0c55"
    assert example in text and len(example) == 36
    assert example[14] == "7" and example[19] in "89ab"


def test_uuid_birthday(lesson, deck):
    # ti-uuid, ti-q-v4-years, ti-fc-v4-birthday: 50 % at sqrt(2 ln 2 · 2^122) ≈ 1.18 × 2^61
    n = math.sqrt(2 * math.log(2) * 2**122)
    assert round(math.sqrt(2 * math.log(2)), 2) == 1.18
    assert n == pytest.approx(2.7e18, rel=0.01)
    years_at_billion = n / 1e9 / SECONDS_PER_YEAR
    years_at_million = n / 1e6 / SECONDS_PER_YEAR
    assert round(years_at_billion) == 86
    assert round(years_at_million, -3) == 86_000
    assert key(lesson, "ti-q-v4-years") == pytest.approx(years_at_billion, rel=0.01)
    text = body(lesson, "ti-uuid")
    assert "**2.7 × 10¹⁸**" in text and "86,000 years" in text
    assert "2.7 × 10¹⁸" in card(deck, "ti-fc-v4-birthday")


def test_uuidv7_lifetime(lesson, deck):
    # ti-uuid, ti-fc-v7-end: 2^48 ms after 1970
    year = 1970 + 2**48 / 1000 / SECONDS_PER_YEAR
    assert int(year) == 10889
    assert "year 10889" in body(lesson, "ti-uuid") and "10889" in card(deck, "ti-fc-v7-end")


def test_id_sizes_order(lesson):
    # ti-q-id-sizes: INT 4 B < Snowflake 8 B < binary UUID 16 B < text UUID 36 B
    sizes = {"A UUIDv7 stored as text with hyphens": 36, "A Snowflake ID": 8,
             "A 32-bit INT auto-increment": 4, "A UUIDv7 stored as binary": 16}
    q = next(q for q in lesson["questions"] if q["id"] == "ti-q-id-sizes")
    shown = [q["choices"][i] for i in q["answer"]]
    assert shown == sorted(sizes, key=sizes.get)


def test_snowflake_limits(lesson, deck):
    # ti-snowflake, ti-q-snowflake-years and the cards: 1 + 41 + 10 + 12 bits
    assert 1 + 41 + 10 + 12 == 64
    years = 2**41 / 1000 / SECONDS_PER_YEAR
    assert round(years, 1) == 69.7
    assert round(2**41 / 1e12, 1) == 2.2
    assert key(lesson, "ti-q-snowflake-years") == pytest.approx(years, rel=0.01)
    assert 2**10 == 1024 and 2**12 == 4096
    per_worker_s = 4096 * 1000
    fleet_s = 1024 * per_worker_s
    assert round(per_worker_s / 1e6, 1) == 4.1 and round(fleet_s / 1e9, 1) == 4.2
    text = body(lesson, "ti-snowflake")
    for s in ("**69.7 years**", "**1,024**", "**4,096**", "≈ 4.1 million", "about 4.2 billion"):
        assert s in text, s
    assert "69.7 years" in card(deck, "ti-fc-snowflake-life")
    assert "4.2 billion" in card(deck, "ti-fc-snowflake-fleet")
    # the shift amounts in the sample code: worker above 12 sequence bits, time above 22
    assert "(ts << 22) | (state.worker << 12) | state.seq" in text and 10 + 12 == 22


def test_twitter_epoch(lesson, deck):
    # ti-snowflake, ti-fc-twitter-2080: epoch 1288834974657 ms, + 2^41 ms
    epoch_ms = 1288834974657
    start = datetime.fromtimestamp(epoch_ms / 1000, tz=timezone.utc)
    end = datetime.fromtimestamp((epoch_ms + 2**41) / 1000, tz=timezone.utc)
    assert (start.year, start.month, start.day) == (2010, 11, 4)
    assert (end.year, end.month) == (2080, 7)
    assert "1288834974657 ms (4 November 2010)" in body(lesson, "ti-snowflake")
    assert "July 2080" in body(lesson, "ti-snowflake") and "July 2080" in card(deck, "ti-fc-twitter-2080")
    # an epoch of 1970 used by a system launched in 2025 has spent 55 of its years
    assert 2025 - 1970 == 55 and "55 of its 69.7 years" in body(lesson, "ti-snowflake")


def test_instagram_layout(lesson):
    # ti-snowflake: 41 + 13 + 10 = 64; 2^13 shards, 2^10 per ms per shard
    assert 41 + 13 + 10 == 64 and 2**13 == 8192 and 2**10 == 1024
    assert "(8,192 shards)" in body(lesson, "ti-snowflake")


def test_js_safe_integer(lesson):
    # ti-snowflake, ti-q-js-ids: doubles are exact to 2^53 - 1; today's IDs are ~1.9e18
    assert 2**53 - 1 == 9_007_199_254_740_991
    assert float(2**53 + 1) == float(2**53)  # the first integer a double cannot hold
    assert "2⁵³ − 1" in body(lesson, "ti-snowflake")
