"""Every derived number in the replication-partitioning lesson and deck, recomputed.

Each test names the section, question or card whose figure it checks, and checks that the text
still states the figure, so an edit cannot change one without the other.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.content.sources import back, body, yaml_fixture
from tests.content.sources import rough as answer

REPO = Path(__file__).resolve().parents[2]
MB, GB, TB = 10**6, 10**9, 10**12


lesson = yaml_fixture("lessons/11-replication-partitioning.yaml", "lesson")
deck = yaml_fixture("flashcards/replication-partitioning.yaml", "deck")


def quorum(replicas: int) -> int:
    return replicas // 2 + 1


def test_new_follower_catch_up(lesson, deck):
    text = body(lesson, "rp-replication-log")
    copy_s = 2 * TB / (200 * MB)
    assert copy_s == 10_000 and "10,000 s, about 2.8 h" in text
    assert copy_s / 3600 == pytest.approx(2.8, abs=0.05)
    backlog = 20 * MB * copy_s
    assert backlog == 200 * GB and "200 GB of new log" in text
    gain = 100 * MB - 20 * MB
    assert gain == 80 * MB and "it gains 80 MB/s" in text
    assert backlog / gain == 2500 and "2,500 s, about 42 minutes" in text
    assert round(2500 / 60) == 42
    assert back(deck, "rp-fc-catch-up-math").startswith("2,500 s, about 42 minutes")


def test_q_catch_up(lesson):
    seconds = 40 * GB / (50 * MB - 10 * MB)
    assert seconds == 1000
    assert answer(lesson, "rp-q-catch-up") == pytest.approx(seconds / 60, abs=0.05)


def test_failover_lost_writes(lesson, deck):
    text = body(lesson, "rp-failover")
    assert 2000 * 0.5 == 1000 and "**1,000 writes**" in text
    assert back(deck, "rp-fc-lost-writes-math").startswith("About 1,000")
    assert answer(lesson, "rp-q-lost-writes") == pytest.approx(4000 * 0.3)


def test_multi_leader_worked_conflict(lesson):
    text = body(lesson, "rp-multi-leader")
    # Y writes 40 ms after X; a clock 50 ms fast on X's side makes X's stamp the later one.
    x_stamp, y_stamp = 0 + 50, 40
    assert x_stamp > y_stamp and "40 ms later" in text and "50 ms fast" in text


def test_cassandra_quorums(lesson, deck):
    text = body(lesson, "rp-leaderless")
    assert quorum(6) == 4 and "⌊6 ÷ 2⌋ + 1 = 4" in text
    assert quorum(3) == 2 and "needs 2 of the local 3" in text
    assert back(deck, "rp-fc-quorum-six").startswith("4 (⌊6 ÷ 2⌋ + 1)")
    assert answer(lesson, "rp-q-quorum-levels") == quorum(3 * 3) == 5


def test_fixed_partitions_new_node(lesson, deck):
    text = body(lesson, "rp-rebalancing-routing")
    assert 1000 / 10 == 100 and "is 100 each" in text
    taken = 1000 / 11
    assert round(taken) == 91 and "1,000 ÷ 11 ≈ 91" in text
    assert round(taken / 10) == 9 and "roughly 9 from each" in text
    assert round(100 / 11) == 9 and "about 9 % of the data" in text
    assert back(deck, "rp-fc-eleventh-node").startswith("About 9 % (1 ÷ 11), roughly 91")


def test_q_rebalance_moved(lesson):
    per_node = 1200 / 15
    assert per_node == 80 and 3 * per_node == 240
    assert answer(lesson, "rp-q-rebalance-moved") == pytest.approx(100 * 3 / 15)


def test_scatter_gather_tail(lesson, deck):
    text = body(lesson, "rp-secondary-indexes")
    slow = 1 - 0.99**20
    assert round(slow * 100) == 18 and "1 − 0.99²⁰ ≈ 18 %" in text
    assert back(deck, "rp-fc-local-cost").startswith("About 18 % (1 − 0.99²⁰)")


def test_q_scatter_tail(lesson):
    slow = 1 - 0.98**30
    assert answer(lesson, "rp-q-scatter-tail") == pytest.approx(slow * 100, abs=0.05)


def test_gsi_and_lsi_quotas_agree(lesson, deck):
    text = body(lesson, "rp-secondary-indexes")
    assert "| 5 per table; 10 GB per partition key value | 20 per table by default |" in text
    assert "10 GB" in back(deck, "rp-fc-lsi-limit")


def test_hbase_first_split(lesson, deck):
    flush_size = 128 * MB                     # hbase.hregion.memstore.flush.size default
    assert 2 * flush_size == 256 * MB and "256 MB" in back(deck, "rp-fc-hbase-region")
    assert "10 GB" in back(deck, "rp-fc-hbase-region")


def test_redis_cluster_slots(lesson, deck):
    assert 2**14 == 16_384
    assert "16,384 slots" in body(lesson, "rp-rebalancing-routing")
    assert "16,384" in back(deck, "rp-fc-redis-slots")
