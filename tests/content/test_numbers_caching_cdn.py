"""Caching and CDNs in depth: every number the lesson derives, recomputed."""

from __future__ import annotations

import math

import pytest

from tests.conftest import REPO
from tests.content.sources import answer, questions_fixture

LESSON = REPO / "lessons" / "16-caching-cdn.yaml"
GB, KB = 10**9, 10**3


questions = questions_fixture(LESSON)


def outside_tolerance(questions: dict, qid: str, wrong: float) -> bool:
    a = questions[qid]["answer"]
    return abs(wrong - a["value"]) / a["value"] > a["tolerance"]


def test_hit_ratio_cascade(questions):
    # cc-levels and cc-q-cascade: 100,000/s, CDN 90 %, app cache 80 %, buffer pool 99 %
    origin = 100_000 * (1 - 0.90)
    db = origin * (1 - 0.80)
    assert round(origin) == 10_000
    assert round(db) == 2_000 == answer(questions, "cc-q-cascade")
    assert round(db * (1 - 0.99)) == 20
    # miss ratios multiply: 0.1 x 0.2 = 2 % reach the database, 98 % hit overall
    assert math.isclose((1 - 0.90) * (1 - 0.80), 0.02)
    # the slip the explanation names: 72 % overall hits -> 28,000/s
    assert round(100_000 * (1 - 0.9 * 0.8)) == 28_000
    assert outside_tolerance(questions, "cc-q-cascade", 28_000)
    # 90 % -> 95 % at the CDN halves everything behind it
    assert math.isclose((1 - 0.95) / (1 - 0.90), 0.5)


def test_fingerprinted_asset_ttl():
    # cc-ttl-negative, cc-cache-control: one year in seconds
    assert 365 * 86_400 == 31_536_000


def test_jitter_spread(questions):
    # cc-ttl-negative, cc-q-jitter-rate: 1,000,000 keys, TTL 3,600 s +/- 10 %
    low, high = 3_600 * 0.9, 3_600 * 1.1
    assert (round(low), round(high)) == (3_240, 3_960)
    window = high - low
    assert round(window) == 720
    rate = 1_000_000 / window
    assert round(rate) == 1_389  # "about 1,390"
    assert answer(questions, "cc-q-jitter-rate") == pytest.approx(rate, rel=0.01)
    assert outside_tolerance(questions, "cc-q-jitter-rate", 1_000_000 / 360)


def test_hot_key(questions):
    # cc-hot-keys: 500,000 reads/s against ~100,000 ops/s per node -> at least 5 nodes' worth
    assert math.ceil(500_000 / 100_000) == 5
    # cc-q-l1-load: 200 servers, each refills at most once per 1 s TTL
    servers, ttl = 200, 1
    assert servers / ttl == 200 == answer(questions, "cc-q-l1-load")


def test_herd_size(questions):
    # cc-herds, cc-q-herd-size: 20,000 reads/s, 200 ms rebuild
    assert round(20_000 * 0.2) == 4_000 == answer(questions, "cc-q-herd-size")


def test_cdn_numbers(questions):
    # cc-cdn, cc-q-offload: 40 Gbps served, 95 % byte hit ratio (90 % -> 4 Gbps)
    assert round(40 * (1 - 0.95), 6) == 2 == answer(questions, "cc-q-offload")
    assert round(40 * (1 - 0.90), 6) == 4
    # cc-q-purge-cost: 5,000 paths, 1,000 free, $0.005 each after
    cost = (5_000 - 1_000) * 0.005
    assert math.isclose(cost, 20) and answer(questions, "cc-q-purge-cost") == 20
    assert outside_tolerance(questions, "cc-q-purge-cost", 5_000 * 0.005)
    # cc-q-shield: 300 PoPs coalesce into one origin fetch
    assert answer(questions, "cc-q-shield") == 1


def test_freshness(questions):
    # cc-cache-control, cc-q-age-left: max-age=600, Age 420, stale-while-revalidate=60
    max_age, age, swr = 600, 420, 60
    assert max_age - age == 180 == answer(questions, "cc-q-age-left")
    assert max_age + swr == 660
    # heuristic freshness: 10 % of 10 days is one day
    assert math.isclose(0.10 * 10, 1)


def test_interview_catalogue(questions):
    # cc-interview, cc-q-working-set: 100M products, 20 % hot, 2 KB each
    hot = 0.2 * 100_000_000 * 2 * KB / GB
    assert math.isclose(hot, 40) and answer(questions, "cc-q-working-set") == 40
    assert math.isclose(100_000_000 * 2 * KB / GB, 200)
    assert math.isclose(hot * 1.5, 60)  # "half again" for overhead
    # cc-q-interview-db: 200,000/s, CDN 90 %, Redis 95 %
    origin = 200_000 * (1 - 0.90)
    assert round(origin) == 20_000
    assert round(origin * (1 - 0.95)) == 1_000 == answer(questions, "cc-q-interview-db")


def test_numeric_tolerances_are_at_least_five_percent(questions):
    for q in questions.values():
        if q["kind"] == "numeric":
            assert q["answer"]["tolerance"] >= 0.05, q["id"]
