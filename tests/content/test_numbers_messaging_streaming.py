"""Messaging and streaming: every number the lesson derives, recomputed."""

from __future__ import annotations

import math

import pytest

from tests.conftest import REPO
from tests.content.sources import answer, questions_fixture

LESSON = REPO / "lessons" / "15-messaging-streaming.yaml"
DAY = 86_400
MB, GB, TB = 10**6, 10**9, 10**12


questions = questions_fixture(LESSON)


def test_kafka_default_retention_is_seven_days():
    # ms-queues-logs: log.retention.hours = 168
    assert 168 / 24 == 7


def test_consumer_and_compaction_defaults():
    # ms-consumer-groups: max.poll.interval.ms = 300000 is 5 minutes;
    # ms-queues-logs: delete.retention.ms = 86400000 keeps a tombstone for one day
    assert 300_000 / 1000 / 60 == 5
    assert 86_400_000 / 1000 / 3600 == 24


def test_partition_count_rule(questions):
    # ms-partitions, ms-q-partition-count: max(t/p, t/c) with t=60, p=10, c=5 MB/s
    need = max(60 / 10, 60 / 5)
    assert need == 12
    assert answer(questions, "ms-q-partition-count") == need


def test_retention_disk(questions):
    # ms-partitions, ms-q-disk: 20 MB/s for 7 days, replication factor 3
    seconds = 7 * DAY
    assert seconds == 604_800
    raw = 20 * MB * seconds
    assert round(raw / TB, 1) == 12.1
    assert round(3 * raw / TB, 1) == 36.3
    assert answer(questions, "ms-q-disk") == round(3 * raw / TB, 1)


def test_idle_consumers(questions):
    # ms-consumer-groups, ms-q-idle-consumers: 8 partitions, 10 consumers
    assert max(0, 10 - 8) == answer(questions, "ms-q-idle-consumers") == 2


def test_lag_drain(questions):
    # ms-consumer-groups, ms-q-lag-drain: 1.8M lag, 15k/s consumed, 12k/s produced
    seconds = 1_800_000 / (15_000 - 12_000)
    assert seconds == 600
    assert answer(questions, "ms-q-lag-drain") == seconds / 60
    # the tempting slip (ignoring new arrivals) falls outside the tolerance
    slip = 1_800_000 / 15_000 / 60
    tol = questions["ms-q-lag-drain"]["answer"]["tolerance"]
    assert abs(slip - 10) / 10 > tol


def test_sqs_redrive_time(questions):
    # ms-retries-dlq, ms-q-dlq-time: visibility 60 s, maxReceiveCount 4
    visibility, max_receives = 60, 4
    receives = [i * visibility for i in range(max_receives)]
    assert receives == [0, 60, 120, 180]
    moved_at = receives[-1] + visibility
    assert moved_at == 240 == answer(questions, "ms-q-dlq-time")
    tol = questions["ms-q-dlq-time"]["answer"]["tolerance"]
    assert abs(180 - 240) / 240 > tol  # "start of the last receive" is marked wrong


def test_windows(questions):
    # ms-windows: five-minute tumbling windows per day, one-hour windows every 5 minutes
    assert 24 * 60 // 5 == 288
    assert 60 // 5 == 12
    # ms-q-hop-count: 10-minute windows every 2 minutes
    assert 10 / 2 == answer(questions, "ms-q-hop-count") == 5


def test_watermark(questions):
    # ms-watermarks table: bound 10 s, window end 12:05:00 (seconds after 12:00:00)
    end, bound = 300, 10
    for newest, fires in ((298, False), (307, False), (311, True)):
        assert (newest - bound >= end) is fires
    # ms-q-watermark-wait: bound 15 s, newest 12:04:50
    newest, bound = 290, 15
    assert end - (newest - bound) == 25 == answer(questions, "ms-q-watermark-wait")


def test_scan_time(questions):
    # ms-batch-mapreduce, ms-q-scan-time: 10 TB at 100 MB/s per disk
    one_disk = 10 * TB / (100 * MB)
    assert one_disk == 100_000
    assert round(one_disk / 3600, 1) == 27.8  # "almost 28 hours"
    assert one_disk / 1000 == 100 == answer(questions, "ms-q-scan-time")


def test_click_volume(questions):
    # ms-interview, ms-q-click-volume: 10,000 clicks/s, 200 B each
    per_day = 10_000 * DAY
    assert per_day == 864_000_000
    gb = per_day * 200 / GB
    assert math.isclose(gb, 172.8)
    assert answer(questions, "ms-q-click-volume") == pytest.approx(gb)
    # seven days with replication factor 3 "about 3.6 TB"
    assert round(gb * 7 * 3 / 1000, 1) == 3.6
    # peak 50,000/s all day overstates five times
    assert 50_000 / 10_000 == 5


def test_numeric_tolerances_are_at_least_five_percent(questions):
    for q in questions.values():
        if q["kind"] == "numeric":
            assert q["answer"]["tolerance"] >= 0.05, q["id"]
