"""Lesson 13 (consensus): every derived number, recomputed from its stated assumptions.

Each test names the section, question or card that states the number, checks the arithmetic,
and checks that the text (and a numeric question's key) carries the recomputed value.
"""

from __future__ import annotations

from math import comb

import pytest

from tests.content.sources import body, card, key, yaml_fixture

HOURS_PER_YEAR = 365 * 24


lesson = yaml_fixture("lessons/13-consensus.yaml", "lesson")
deck = yaml_fixture("flashcards/consensus.yaml", "deck")


def majority(n: int) -> int:
    return n // 2 + 1


def p_majority_lost(n: int, p_down: float) -> float:
    """Chance that the group has no majority: more than n - majority(n) nodes are down."""
    tolerated = n - majority(n)
    return sum(comb(n, k) * p_down**k * (1 - p_down) ** (n - k) for k in range(tolerated + 1, n + 1))


def test_majority_table(lesson):
    # cs-majorities: the table of nodes, majority and crashes tolerated
    text = body(lesson, "cs-majorities")
    for n in range(1, 8):
        row = f"| {n} | {majority(n)} | {n - majority(n)} |"
        assert row in text, row
    # 2f + 1 nodes tolerate exactly f crashes, and 2f + 2 nodes tolerate no more
    for f in range(4):
        assert 2 * f + 1 - majority(2 * f + 1) == f
        assert 2 * f + 2 - majority(2 * f + 2) == f


def test_nodes_for_three_crashes(lesson):
    # cs-q-nodes-for-f: smallest n with n - majority(n) >= 3
    n = next(n for n in range(1, 20) if n - majority(n) >= 3)
    assert n == 7 == 2 * 3 + 1
    assert key(lesson, "cs-q-nodes-for-f") == n
    assert majority(6) == 4 and majority(6) > 6 - 3  # six nodes with 3 down have no majority


def test_even_size_costs_an_ack(lesson):
    # cs-q-even-size, cs-fc-even-size: 4 nodes need 3 acks and tolerate 1, like 3 nodes
    assert (majority(4), 4 - majority(4)) == (3, 1)
    assert (majority(3), 3 - majority(3)) == (2, 1)
    assert "raises the majority from 2 to 3" in body(lesson, "cs-majorities")


def test_majority_downtime(lesson, deck):
    # cs-majorities, cs-q-majority-downtime, cs-fc-three-99: nodes up 99 %, independent
    three = p_majority_lost(3, 0.01)
    assert three == pytest.approx(3 * 0.01**2 * 0.99 + 0.01**3)
    assert round(three, 6) == 0.000298
    assert round((1 - three) * 100, 2) == 99.97
    hours = three * HOURS_PER_YEAR
    assert round(hours, 1) == 2.6
    assert key(lesson, "cs-q-majority-downtime") == pytest.approx(hours, rel=0.01)
    single = 0.01 * HOURS_PER_YEAR
    assert single == pytest.approx(87.6)
    assert single / hours > 30  # "more than 30 times better"
    five = p_majority_lost(5, 0.01)
    assert five == pytest.approx(0.00000985, rel=0.01)
    assert round(five * HOURS_PER_YEAR * 60) == 5  # about 5 minutes a year
    text = body(lesson, "cs-majorities")
    for s in ("0.000298", "99.97 %", "**2.6 hours**", "87.6 hours", "≈ 0.00000985", "**about 5 minutes**"):
        assert s in text, s
    assert "2.6 h" in card(deck, "cs-fc-three-99")


def test_zone_placement(lesson):
    # cs-majorities, cs-fc-zones: 5 nodes as 2 + 2 + 1 survive any zone; two zones cannot
    zones = [2, 2, 1]
    assert all(sum(zones) - lost >= majority(5) for lost in zones)
    two_zones = [3, 2]
    assert any(sum(two_zones) - lost < majority(5) for lost in two_zones)


def test_partition_sides():
    # cs-majorities, cs-fc-partition-side, cs-q-minority-leader: 5 nodes split 3 + 2
    assert 3 >= majority(5) > 2


def test_commit_latency(lesson):
    # cs-raft-log, cs-q-commit-latency: leader + the two fastest acks of 1, 10, 10, 70 ms
    rtts = sorted([1, 10, 10, 70])
    acks_needed = majority(5) - 1  # the leader counts itself
    latency = rtts[acks_needed - 1]
    assert latency == 10
    assert key(lesson, "cs-q-commit-latency") == latency
    assert "commits take about **10 ms**" in body(lesson, "cs-raft-log")


def test_raft_log_diagram(lesson):
    # cs-raft-log: entry 4 on 3 of 5 nodes is committed, entry 5 on 2 of 5 is not
    logs = {"leader": 5, "follower1": 5, "follower2": 4, "follower3": 3, "follower4": 2}
    on = {i: sum(length >= i for length in logs.values()) for i in (4, 5)}
    assert on == {4: 3, 5: 2}
    assert on[4] >= majority(5) > on[5]
    text = body(lesson, "cs-raft-log")
    assert "entry 4 is on 3 of 5 nodes -> committed" in text
    assert "entry 5 is on 2 of 5 -> not yet" in text


def test_lease_renewals(lesson, deck):
    # cs-leases-locks, cs-q-lease-renewals, cs-fc-renewal-load: 12,000 clients, 12 s TTL, TTL/3
    every_s = 12 / 3
    rate = 12_000 / every_s
    assert (every_s, rate) == (4, 3000)
    assert key(lesson, "cs-q-lease-renewals") == rate
    assert "12,000 / 4 = **3,000 renewals per second**" in body(lesson, "cs-leases-locks")
    assert "3,000" in card(deck, "cs-fc-renewal-load")


def test_fencing_example(lesson):
    # cs-leases-locks: the 15 s pause outlasts the 10 s lease; token 33 < 34 is rejected
    assert 15 > 10 and 33 < 34
    text = body(lesson, "cs-leases-locks")
    assert "GC pause (15 s)" in text and "10 s" in text
