"""Every derived number in the data-modelling lesson and deck, recomputed.

Each test names the section, question or card whose figure it checks, and checks that the text
still states the figure, so an edit cannot change one without the other.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from tests.content.sources import back, body, yaml_fixture
from tests.content.sources import rough as answer

REPO = Path(__file__).resolve().parents[2]
KB, MB, GB = 10**3, 10**6, 10**9
DAY = 86_400


lesson = yaml_fixture("lessons/10-data-modelling.yaml", "lesson")
deck = yaml_fixture("flashcards/data-modelling.yaml", "deck")


def test_food_delivery_rates(lesson):
    text = body(lesson, "dm-access-patterns")
    assert round(2_000_000 / DAY) == 23 and "2 M/day ≈ 23/s average" in text
    assert 50_000 / 4 == 12_500 and "50,000 ÷ 4 = 12,500/s" in text


def test_q_position_rate(lesson):
    assert answer(lesson, "dm-q-position-rate") == 30_000 / 5


def test_relational_growth(lesson, deck):
    text = body(lesson, "dm-relational")
    per_day = 1_000_000 * 2 * KB
    assert per_day == 2 * GB and "2 GB a day" in text
    assert per_day * 365 == 730 * GB and "730 GB a year" in text
    assert "730 GB" in back(deck, "dm-fc-relational-growth")


def test_q_orders_growth(lesson):
    assert answer(lesson, "dm-q-orders-growth") == pytest.approx(300_000 * 2 * KB * 365 / GB)


def test_denormalised_author_names(lesson, deck):
    text = body(lesson, "dm-denormalisation")
    assert 5000 * 20 == 100_000 and "**100,000**" in text
    renames = 1000 * 500
    assert renames == 500_000 and "500,000 row updates" in text
    assert renames / DAY == pytest.approx(5.8, abs=0.05) and "≈ 5.8" in text
    assert round(renames / DAY) == 6 and "**6 a second**" in text
    assert back(deck, "dm-fc-denorm-math").startswith("100,000")


def test_embedded_comment_limit(lesson):
    text = body(lesson, "dm-document")
    assert 16 * MB / (2 * KB) == 8000 and "**8,000 comments**" in text


def test_q_comment_limit(lesson):
    decimal, binary = 16 * MB / (4 * KB), 16 * 2**20 / (4 * 2**10)
    assert answer(lesson, "dm-q-comment-limit") == decimal == 4000
    assert binary == 4096 and abs(binary / decimal - 1) < 0.05  # both readings accepted


def test_chat_bucket_sizes(lesson):
    text = body(lesson, "dm-partition-keys")
    per_day = 2000 * 500
    assert per_day == 1 * MB and "1 MB a day, 365 MB a year" in text
    assert 100 * MB / per_day == 100 and "about 100 days" in text
    assert per_day * 30 == 30 * MB and "about 30 MB" in text


def test_vote_key_variants(lesson, deck):
    text = body(lesson, "dm-partition-keys")
    assert math.ceil(4500 / 1000) == 5 and "⌈4,500 ÷ 1,000⌉ = **5**" in text
    assert answer(lesson, "dm-q-write-variants") == math.ceil(4500 / 1000)
    assert back(deck, "dm-fc-variants-math").startswith("5 ")
    assert 4500 / 4 > 1000  # four variants would still be over the limit


def test_q_device_day(lesson):
    per_day = DAY * 200
    assert answer(lesson, "dm-q-device-day") == pytest.approx(per_day / MB, rel=0.01)
    assert per_day * 30 / MB == pytest.approx(520, rel=0.01)   # the explanation's month


def test_graph_hops(lesson, deck):
    text = body(lesson, "dm-graph-ts-search")
    assert 200**2 == 40_000 and "200² = 40,000" in text
    assert 200**3 == 8_000_000 and "8 million" in text
    assert "200³" in back(deck, "dm-fc-hops")


def test_gorilla_compression(lesson, deck):
    text = body(lesson, "dm-graph-ts-search")
    assert round(16 / 1.37) == 12 and "about 12× smaller" in text
    points = 1_000_000 / 10 * DAY
    assert points == 8.64e9 and "8.64 billion points" in text
    assert points * 16 / GB == pytest.approx(138, abs=0.5) and "138 GB raw" in text
    assert points * 1.37 / GB == pytest.approx(11.8, abs=0.05) and "11.8 GB compressed" in text
    assert "12×" in back(deck, "dm-fc-gorilla")


def test_q_ts_storage(lesson):
    points = 500_000 / 10 * DAY
    assert answer(lesson, "dm-q-ts-storage") == pytest.approx(points * 1.37 / GB, rel=0.01)
    assert points * 16 / GB == pytest.approx(69, rel=0.01)   # the uncompressed figure
