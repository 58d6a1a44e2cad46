"""Every derived number in the operations-resilience lesson, recomputed.

Each test names the section or question it checks; numeric questions' answers must equal
the recomputation, and the figures quoted in the section bodies must be the ones derived here.
"""

from __future__ import annotations

import math

import pytest
import yaml

from tests.conftest import REPO
from tests.content.sources import keyed_choice as _keyed_choice
from tests.content.sources import numeric as _numeric
from tests.content.sources import question as _question
from tests.content.sources import raw_body as _body
from tests.content.sources import yaml_fixture

LESSON = REPO / "lessons" / "20-operations-resilience.yaml"
DECK = REPO / "flashcards" / "operations-resilience.yaml"
DAY_S = 86_400
MONTH_H = 30 * 24  # a 30-day SLO window in hours


lesson = yaml_fixture(LESSON, "lesson")


def test_ops_signals_log_volume_and_cardinality(lesson):
    # ops-signals: 5,000 req/s x 10 lines x 500 B = 25 MB/s = 2.16 TB a day
    rate = 5_000 * 10 * 500
    assert rate == 25_000_000
    assert rate * DAY_S == 2.16e12
    # 40 endpoints x 8 status codes x 5 regions; x 2 million user ids
    assert 40 * 8 * 5 == 1_600
    assert 1_600 * 2_000_000 == 3.2e9
    body = _body(lesson, "ops-signals")
    assert "2.16 TB" in body and "1,600" in body and "3.2 billion" in body


def test_ops_q_cardinality(lesson):
    assert _numeric(lesson, "ops-q-cardinality") == 25 * 6 * 4 * 50 == 30_000


def test_ops_q_log_volume(lesson):
    per_day = 2_000 * 5 * 400 * DAY_S
    assert round(per_day / 1e9) == 346
    assert _keyed_choice(lesson, "ops-q-log-volume") == "346 GB"
    # the distractors: one thousand seconds' worth, and ten times too much
    assert 2_000 * 5 * 400 * 1_000 == 4e9
    assert round(per_day * 10 / 1e9, -2) == 3_500


def test_ops_red_use_mm1_table_and_question(lesson):
    # ops-red-use: R = S / (1 - U) with S = 10 ms
    for utilisation, response in [(0.5, 20), (0.8, 50), (0.9, 100), (0.95, 200)]:
        assert 10 / (1 - utilisation) == pytest.approx(response)
    assert _numeric(lesson, "ops-q-mm1") == pytest.approx(20 / (1 - 0.8)) == 100


def test_ops_tracing_waterfall_and_sampling(lesson):
    # ops-tracing: sequential calls plus 15 ms in the gateway
    calls = 25 + 70 + 330 + 40
    assert calls == 465 and calls + 15 == 480
    assert 300 / 480 == 0.625
    assert 25 + max(70, 330) + 40 + 15 == 410
    assert 20_000 * 30 * 500 == 300_000_000  # 300 MB/s of spans
    body = _body(lesson, "ops-tracing")
    assert "62.5 %" in body and "410 ms" in body and "300 MB/s" in body


def test_ops_q_parallel_spans(lesson):
    assert _numeric(lesson, "ops-q-parallel-spans") == 10 + 30 + max(120, 200) + 40 == 280
    assert 10 + 30 + 120 + 200 + 40 == 400  # the "add everything" mistake named in the explain


def test_ops_burn_rate_table(lesson):
    # ops-burn-rate: share of budget = burn rate x window / 720 h
    assert pytest.approx(14.4) == 0.0144 / 0.001
    assert pytest.approx(0.02) == 14.4 * 1 / MONTH_H
    assert pytest.approx(0.05) == 6 * 6 / MONTH_H
    assert pytest.approx(0.10) == 1 * 72 / MONTH_H
    assert pytest.approx(50) == MONTH_H / 14.4
    # a total outage crosses 1.44 % of an hour after ~52 s; a 2 % error rate after ~43 min
    assert pytest.approx(51.84) == 0.0144 * 60 * 60
    assert pytest.approx(43.2) == 1.44 / 2 * 60
    body = _body(lesson, "ops-burn-rate")
    assert "50 hours" in body and "52 seconds" in body and "43 minutes" in body


def test_ops_q_burn_rate_and_budget_share(lesson):
    assert _numeric(lesson, "ops-q-burn-rate") == pytest.approx(0.006 / 0.001) == 6
    assert 30 / 6 == 5  # days the budget lasts, from the explain
    assert _keyed_choice(lesson, "ops-q-budget-share") == f"{6 * 6 / MONTH_H:.0%}".replace("%", " %")
    assert _question(lesson, "ops-q-exhaust")["answer"] is (round(MONTH_H / 14.4) == 50)


def test_ops_deploys_canary_numbers(lesson):
    # ops-deploys: 1 % of 20,000 req/s for 10 minutes
    per_s = 20_000 * 0.01
    assert per_s == 200 and per_s * 600 == 120_000
    assert pytest.approx(120) == 120_000 * 0.001 and pytest.approx(600) == 120_000 * 0.005
    assert pytest.approx(12) == 2 * 0.01 * 600
    body = _body(lesson, "ops-deploys")
    assert "120,000" in body and "12 canary requests" in body


def test_ops_q_canary_requests(lesson):
    total = 8_000 * 0.05 * 15 * 60
    assert _numeric(lesson, "ops-q-canary-requests") == total == 360_000
    assert total * 0.001 == pytest.approx(360) and total * 0.005 == pytest.approx(1_800)


def test_ops_overload_hpa_and_queue(lesson):
    # ops-overload: HPA example, connection cap, and the queue that outgrows its clients
    assert math.ceil(10 * 90 / 60) == 15
    assert 100 * 20 == 2_000
    queued = (1_500 - 1_000) * 10
    assert queued == 5_000 and queued / 1_000 == 5
    assert _numeric(lesson, "ops-q-hpa") == math.ceil(8 * 75 / 50) == 12


def test_ops_q_queue_wait(lesson):
    queued = (2_500 - 2_000) * 20
    assert queued == 10_000
    assert _keyed_choice(lesson, "ops-q-queue-wait") == f"{queued / 2_000:g} s" == "5 s"
    assert queued / 2_500 == 4  # the distractor: dividing by the offered rate


def test_ops_calls_backoff_and_amplification(lesson):
    # ops-calls: 100 ms base, five retries; three layers of three attempts
    waits = [100 * 2**attempt for attempt in range(5)]
    assert waits == [100, 200, 400, 800, 1_600] and sum(waits) == 3_100
    assert 3**3 == 27
    assert _numeric(lesson, "ops-q-amplification") == 4**3 == 64


def test_ops_dr_numbers(lesson):
    # ops-dr: lag x write rate, restore time, active-active headroom, DNS failover
    assert 2 * 3_000 == 6_000
    restore_s = 20e12 / 1e9
    assert restore_s == 20_000 and round(restore_s / 3_600, 1) == 5.6
    assert (2 - 1) / 2 == 0.5 and round((3 - 1) / 3, 2) == 0.67
    assert pytest.approx(1.5) == 1 / ((3 - 1) / 3)
    assert 10 * 3 + 60 == 90
    assert _numeric(lesson, "ops-q-rpo-writes") == 1.5 * 4_000 == 6_000
    assert _keyed_choice(lesson, "ops-q-active-active") == f"{(4 - 1) / 4:.0%}".replace("%", " %")


def test_deck_figures_match_the_lesson():
    backs = {c["id"]: c["back"] for c in yaml.safe_load(DECK.read_text(encoding="utf-8"))["cards"]}
    assert "2.16 TB" in backs["ops-fc-log-volume"]
    assert "Ten times" in backs["ops-fc-mm1-90"] and pytest.approx(10) == 1 / (1 - 0.9)
    assert "52 seconds" in backs["ops-fc-outage-detect"]
    assert "15" in backs["ops-fc-hpa-example"]
    assert "27" in backs["ops-fc-retry-amplification"]
    assert "67 %" in backs["ops-fc-active-headroom"]
