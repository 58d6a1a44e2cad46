"""Every derived number in the storage-engines lesson and deck, recomputed.

Each test names the section, question or card whose figure it checks. Where the text states a
figure, the test also checks that the text still says it, so a later edit cannot change one
without the other.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from tests.content.sources import back, body, yaml_fixture
from tests.content.sources import rough as answer

REPO = Path(__file__).resolve().parents[2]
KB, MB, GB, TB = 10**3, 10**6, 10**9, 10**12


lesson = yaml_fixture("lessons/09-storage-engines.yaml", "lesson")
deck = yaml_fixture("flashcards/storage-engines.yaml", "deck")


def test_why_indexes_scan_vs_index(lesson):
    text = body(lesson, "se-why-indexes")
    table = 100 * 10**6 * 1 * KB
    assert table == 100 * GB
    scan_s = table / (1 * GB)                 # SSD streaming ~1 GB/s
    assert scan_s == 100 and "**100 s**" in text
    index_s = 4 * 100e-6                      # four page reads of ~100 µs
    assert index_s == pytest.approx(0.4e-3) and "**0.4 ms**" in text
    assert scan_s / index_s == pytest.approx(250_000) and "250,000 times" in text
    keydir = 100 * 10**6 * 100                # 100 M keys × ~100 B per entry
    assert keydir == 10 * GB and "~10 GB" in text


def test_why_indexes_sequential_vs_random(lesson, deck):
    text = body(lesson, "se-why-indexes")
    random_bps = 100 * 4 * KB                 # 100 seeks/s (10 ms each) × 4 KB
    sequential_bps = 1 * MB / 0.020           # 1 MB in 20 ms
    assert random_bps == 0.4 * MB and sequential_bps == pytest.approx(50 * MB)
    assert sequential_bps / random_bps == pytest.approx(125)
    assert "**125 times**" in text and "125×" in back(deck, "se-fc-seq-random")


def test_q_seq_vs_random(lesson):
    assert answer(lesson, "se-q-seq-vs-random") == pytest.approx((80 * MB) / (200 * 4 * KB))


def test_btree_depth_table(lesson, deck):
    text = body(lesson, "se-btree")
    page = 4096                               # 4 KB pages, as the section says (4,096 bytes)
    assert 500**2 * page == pytest.approx(1 * GB, rel=0.03) and "| 3 | 500² = 250,000 | 1 GB |" in text
    assert 500**3 * page == pytest.approx(512 * GB) and "| 512 GB |" in text
    assert 500**4 * page == pytest.approx(256 * TB) and "| 256 TB |" in text
    upper = 1 + 500 + 500**2                  # levels 1-3 of the four-level tree
    assert upper == 250_501 and "250,501 pages" in text
    assert upper * page == pytest.approx(1 * GB, rel=0.03)
    assert "500³ = 125 million" in back(deck, "se-fc-btree-leaf-count")


def test_btree_page_rewrite_and_fill(lesson, deck):
    text = body(lesson, "se-btree")
    assert 16 * 1024 // 128 == 128 and "16,384 ÷ 128 = 128" in text
    assert back(deck, "se-fc-page-amp").startswith("128×")
    assert round(math.log(2) * 100) == 69 and "69 %" in text


def test_q_btree_capacity(lesson):
    leaves = 300 ** (4 - 1)                   # root is level 1: three levels of fan-out
    assert leaves == 27_000_000
    assert answer(lesson, "se-q-btree-capacity") == pytest.approx(leaves * 16 * KB / GB)


def test_wal_numbers(lesson):
    text = body(lesson, "se-wal")
    assert 1 * GB / (100 * MB) == 10 and "about 10 s" in text          # replay time
    assert 7200 / 60 == 120 and "120 times a second" in text
    assert 120 * 50 == 6000 and "6,000 commits/s" in text
    assert 3 * 200 == 600 and "600 ms" in text


def test_q_group_commit(lesson):
    flushes_per_s = 10_000 / 60               # one flush per turn of a 10,000 rpm platter
    assert round(flushes_per_s) == 167
    assert answer(lesson, "se-q-group-commit") == pytest.approx(flushes_per_s * 30)


def test_lsm_flush_interval(lesson):
    assert 64 / 16 == 4 and "every 4 s" in body(lesson, "se-lsm")


def test_compaction_levels(lesson, deck):
    text = body(lesson, "se-compaction")
    levels = [256 * MB * 10**i for i in range(6)]   # L1 … L6
    assert levels[1:5] == [2.56 * GB, 25.6 * GB, 256 * GB, 2.56 * TB]
    assert "256 MB, 2.56 GB, 25.6 GB, 256 GB, 2.56 TB" in text
    first_fit = next(i + 1 for i, cap in enumerate(levels) if cap >= 1 * TB)
    assert first_fit == 5 and "reaches level 5" in text
    assert back(deck, "se-fc-rocksdb-l5") == "2.56 TB."


def test_q_levels_needed(lesson):
    levels = [256 * MB * 10**i for i in range(10)]
    first_fit = next(i + 1 for i, cap in enumerate(levels) if cap >= 10 * TB)
    assert answer(lesson, "se-q-levels-needed") == first_fit == 6


def test_compaction_amplification_and_grace(lesson, deck):
    text = body(lesson, "se-compaction")
    overhead = sum(10.0**-k for k in range(1, 30))   # upper levels relative to the last
    assert overhead == pytest.approx(1 / 9) and round(overhead * 100) == 11 and "~11 %" in text
    assert 30 / 10 == 3 and "is 3×" in text
    assert 864_000 / 86_400 == 10 and "864,000 s = 10 days" in text
    assert "864,000 s, which is 10 days" in back(deck, "se-fc-gc-grace")


def test_secondary_index_write_bill(lesson):
    text = body(lesson, "se-secondary-indexes")
    assert 3000 * (1 + 5) == 18_000 and "**18,000**" in text
    assert answer(lesson, "se-q-index-writes") == 2500 * (1 + 3)


def test_columnar_worked_example(lesson):
    text = body(lesson, "se-columnar")
    table = 10 * 10**9 * 100 * 8
    assert table == 8 * TB and "= 8 TB" in text
    assert 8 * TB / (20 * GB) == 400 and "400 s" in text
    read = table * 3 / 100
    assert read == 240 * GB and "240 GB" in text
    assert read / 10 == 24 * GB and "24 GB" in text
    assert read / 10 / (20 * GB) == pytest.approx(1.2) and "1.2 s" in text


def test_q_columnar_bytes(lesson):
    table = 5 * 10**9 * 50 * 8
    assert table == 2 * TB
    assert answer(lesson, "se-q-columnar-bytes") == pytest.approx(table * 4 / 50 / 10 / GB)
