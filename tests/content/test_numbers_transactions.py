"""Lesson 12 (transactions): every derived number, recomputed from its stated assumptions.

Each test names the section, question or card that states the number, checks the arithmetic,
and checks that the text (and a numeric question's key) carries the recomputed value.
"""

from __future__ import annotations

import math

import pytest

from tests.content.sources import body, card, key, yaml_fixture

HOURS_PER_YEAR = 365 * 24


lesson = yaml_fixture("lessons/12-transactions.yaml", "lesson")
deck = yaml_fixture("flashcards/transactions.yaml", "deck")


def test_group_commit(lesson, deck):
    # tx-acid, tx-q-group-commit, tx-fc-fsync-cap: a 2 ms flush, 20 commits per flush
    flushes_per_s = 1 / 0.002
    assert flushes_per_s == pytest.approx(500)
    assert flushes_per_s * 20 == pytest.approx(10_000)
    assert key(lesson, "tx-q-group-commit") == pytest.approx(flushes_per_s * 20)
    text = body(lesson, "tx-acid")
    assert "**500 commits/s**" in text and "**10,000 commits/s**" in text
    assert "500" in card(deck, "tx-fc-fsync-cap")


def test_async_commit_window(lesson, deck):
    # tx-acid, tx-fc-async-commit: at most 3 × wal_writer_delay (default 200 ms)
    assert 3 * 200 == 600
    assert "about 600 ms" in body(lesson, "tx-acid")
    assert "3 × wal_writer_delay" in card(deck, "tx-fc-async-commit")


def test_lost_updates_on_stock(lesson):
    # tx-anomalies, tx-q-lost-stock: 50 requests all read 100 before any writes
    stock, requests = 100, 50
    final = stock - 1  # every request writes back 100 - 1
    lost = requests - (stock - final)
    assert (final, lost) == (99, 49)
    assert key(lesson, "tx-q-lost-stock") == final
    text = body(lesson, "tx-anomalies")
    assert "ends at 99" in text and "49 decrements" in text


def test_read_skew_total(lesson):
    # tx-levels: 500 + 500, 100 moved from account 2 to account 1 between the two reads
    before = (500, 500)
    after = (before[0] + 100, before[1] - 100)
    skewed_total = before[0] + after[1]
    assert skewed_total == 900 and sum(before) == 1000
    text = body(lesson, "tx-levels")
    assert "total 900" in text and "500 + 500 = 1,000" in text


def test_hot_row_ceiling(lesson, deck):
    # tx-locking, tx-fc-hot-row: a row locked 5 ms per transaction
    ceiling = 1 / 0.005
    assert ceiling == pytest.approx(200)
    assert "**200 updates/s**" in body(lesson, "tx-locking")
    assert "200 (1 / 0.005 s)" in card(deck, "tx-fc-hot-row")


def test_cas_storm(lesson, deck):
    # tx-locking, tx-q-cas-attempts, tx-fc-cas-storm: 10 clients, one winner per round
    attempts = sum(range(1, 11))
    assert attempts == 55 and attempts / 10 == 5.5
    assert key(lesson, "tx-q-cas-attempts") == attempts
    assert "**55 attempts**" in body(lesson, "tx-locking")
    assert "55" in card(deck, "tx-fc-cas-storm")


def test_rare_conflicts_cost_little(lesson):
    # tx-locking: with a 1 % conflict rate, expected attempts per update = 1 / (1 - 0.01)
    assert round(1 / 0.99, 2) == 1.01
    assert "1 / 0.99 ≈ 1.01" in body(lesson, "tx-locking")


def test_2pc_messages(deck):
    # tx-2pc, tx-fc-2pc-messages: prepare, vote, decision, ack per participant
    assert len(["prepare", "vote", "decision", "ack"]) == 4
    assert "Four" in card(deck, "tx-fc-2pc-messages")


def test_2pc_availability(lesson, deck):
    # tx-2pc, tx-q-2pc-downtime, tx-fc-2pc-downtime: five participants at 99.9 %
    up = 0.999**5
    assert round(up * 100, 2) == 99.50
    down_h = (1 - up) * HOURS_PER_YEAR
    assert round(down_h, 1) == 43.7
    assert round(1 - up, 5) * 100 == pytest.approx(0.499)
    assert down_h / (0.001 * HOURS_PER_YEAR) == pytest.approx(5, rel=0.01)
    assert key(lesson, "tx-q-2pc-downtime") == pytest.approx(down_h, rel=0.01)
    text = body(lesson, "tx-2pc")
    assert "0.999⁵ ≈ 99.50 %" in text and "0.499 % of 8,760 h ≈ **43.7 hours" in text
    assert "43.7 h" in card(deck, "tx-fc-2pc-downtime")


def test_postgres_xid_headroom(lesson):
    # tx-mvcc: 32-bit transaction ids compared modulo 2^32 leave 2^31 ≈ 2.1 billion of headroom
    assert math.isclose(2**31 / 1e9, 2.147, rel_tol=1e-3)
    assert "about 2 billion ids" in body(lesson, "tx-mvcc")
