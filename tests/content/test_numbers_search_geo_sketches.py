"""Search, geo and probabilistic structures: every derived number, recomputed."""

from __future__ import annotations

import math

from tests.conftest import REPO
from tests.content.sources import answer, questions_fixture

LESSON = REPO / "lessons" / "17-search-geo-sketches.yaml"
GB = 10**9
LN2 = math.log(2)
KM_PER_DEG_LON = 111.32  # at the equator
KM_PER_DEG_LAT = 110.57


questions = questions_fixture(LESSON)


def accepts(questions: dict, qid: str, value: float) -> bool:
    a = questions[qid]["answer"]
    return abs(value - a["value"]) <= a["tolerance"] * abs(a["value"])


def bloom_bits_per_key(p: float) -> float:
    return -math.log(p) / LN2**2


def test_scan_and_postings(questions):
    # sg-inverted-index, sg-q-like-scan: 100 GB at 1 GB/s
    assert 100 * GB / GB == 100 == answer(questions, "sg-q-like-scan")
    # sg-q-postings-size: 1 % of 100M docs, one byte per gap (gaps ~100 < 128 fit a varint byte)
    postings = 0.01 * 100_000_000
    assert postings == 1_000_000
    assert 100_000_000 / postings == 100 < 128
    assert postings * 1 / 10**6 == answer(questions, "sg-q-postings-size") == 1
    assert postings * 8 / 10**6 == 8
    # with ids spread at random, gaps are geometric (p = 1 %): share above 127 needs 2 bytes
    over = 0.99**127
    assert round(over, 2) == 0.28
    assert round(postings * (1 + over) / 10**6, 1) == 1.3  # "nearer 1.3 MB"


def test_edge_ngrams(questions):
    # sg-analysis: "search" min 2 -> 5 prefixes; sg-q-edge-ngrams: "elastic" -> 6
    def grams(word: str, low: int = 2) -> list[str]:
        return [word[:i] for i in range(low, len(word) + 1)]

    assert grams("search") == ["se", "sea", "sear", "searc", "search"]
    assert len(grams("elastic")) == 6 == answer(questions, "sg-q-edge-ngrams")
    assert "maximum of 10" in questions["sg-q-edge-ngrams"]["prompt"]  # 10 >= 7 letters


def test_tf_idf_table_and_question(questions):
    # sg-ranking table: N = 10M
    n = 10_000_000
    assert round(math.log10(n / 9_900_000), 3) == 0.004
    assert math.isclose(math.log10(n / 100_000), 2)
    assert math.isclose(math.log10(n / 10_000), 3)
    assert math.isclose(answer(questions, "sg-q-idf"), math.log10(n / 10_000))


def test_bm25(questions):
    k1, b = 1.2, 0.75

    def tf_part(tf: float, rel_len: float = 1.0) -> float:
        return tf * (k1 + 1) / (tf + k1 * (1 - b + b * rel_len))

    # sg-ranking table
    assert [round(tf_part(t), 3) for t in (1, 2)] == [1.0, 1.375]
    assert round(tf_part(3), 2) == 1.57
    assert round(tf_part(10), 2) == 1.96
    assert math.isclose(tf_part(1e12), k1 + 1, rel_tol=1e-9)
    assert answer(questions, "sg-q-bm25-tf") == tf_part(2)
    # sg-q-long-doc: twice the average length, one mention
    assert math.isclose(1 - b + b * 2, 1.75)
    assert round(tf_part(1, 2), 2) == 0.71


def test_geohash_cells(questions):
    # sg-geohash table: bits split longitude first
    for length, (lon_bits, lat_bits) in {4: (10, 10), 5: (13, 12), 6: (15, 15),
                                         7: (18, 17)}.items():
        bits = 5 * length
        assert lon_bits == math.ceil(bits / 2) and lat_bits == bits // 2
    width = {n: 360 / 2**lb * KM_PER_DEG_LON for n, lb in ((4, 10), (5, 13), (6, 15), (7, 18))}
    height = {n: 180 / 2**lb * KM_PER_DEG_LAT for n, lb in ((4, 10), (5, 12), (6, 15), (7, 17))}
    assert round(width[4]) == 39 and round(height[4], 1) == 19.4  # "39 km x 19.5 km"
    assert round(width[5], 1) == 4.9 and round(height[5], 1) == 4.9
    assert round(width[6], 2) == 1.22 and round(height[6], 2) == 0.61
    assert round(width[7] * 1000) == 153 and round(height[7] * 1000) == 152
    # sg-q-geohash-width: 360 / 2^15 degrees at ~111 km per degree
    assert 2**15 == 32_768 and round(360 / 2**15, 3) == 0.011
    assert accepts(questions, "sg-q-geohash-width", 360 / 2**15 * 111)
    # half as wide at 60 degrees
    assert math.isclose(math.cos(math.radians(60)), 0.5)
    # radius 2 km with length-5 cells: nine cells span about 15 km
    assert round(3 * width[5]) == 15


def _geohash(lat: float, lon: float, length: int) -> str:
    alphabet = "0123456789bcdefghjkmnpqrstuvwxyz"
    lat_rng, lon_rng, bits, even = [-90.0, 90.0], [-180.0, 180.0], [], True
    while len(bits) < 5 * length:
        rng, val = (lon_rng, lon) if even else (lat_rng, lat)
        mid = (rng[0] + rng[1]) / 2
        bits.append(1 if val >= mid else 0)
        rng[0 if val >= mid else 1] = mid
        even = not even
    return "".join(alphabet[int("".join(map(str, bits[i:i + 5])), 2)]
                   for i in range(0, len(bits), 5))


def test_equator_points_share_no_prefix():
    # sg-geohash, sg-q-prefix-gap: "s0000..." and "7zzzz..."
    assert _geohash(0.0001, 0.0001, 5) == "s0000"
    assert _geohash(-0.0001, -0.0001, 5) == "7zzzz"


def test_quadtree(questions):
    # sg-quadtree-s2-h3, sg-q-leaves: 200M places, at most 100 per leaf
    leaves = 200_000_000 / 100
    assert leaves == 2_000_000 == answer(questions, "sg-q-leaves")
    assert 200_000_000 * 8 / GB == 1.6
    # internal nodes of a full 4-ary tree: (L - 1) / 3
    assert round((leaves - 1) / 3 / leaves, 2) == 0.33


def test_cell_size_order(questions):
    # sg-q-cell-sizes: geohash 4 > H3 res 7 (~5.16 km2) > geohash 7 > S2 level 30 (< 1 cm2)
    geohash4 = 39.1 * 19.4
    h3_res7 = 5.16
    geohash7 = 0.153 * 0.152
    s2_level30 = 1e-10  # km2, under one square centimetre
    areas = [geohash7, h3_res7, s2_level30, geohash4]  # in the question's choice order
    ranked = sorted(range(4), key=lambda i: -areas[i])
    assert ranked == questions["sg-q-cell-sizes"]["answer"]
    assert round(geohash4, -1) == 760  # "about 760 km2"


def test_bloom_filter(questions):
    # sg-bloom table and formulas
    assert round(bloom_bits_per_key(0.10), 1) == 4.8
    assert round(bloom_bits_per_key(0.01), 1) == 9.6
    assert round(bloom_bits_per_key(0.001), 1) == 14.4
    assert round(bloom_bits_per_key(0.01) * LN2, 1) == 6.6
    assert round(bloom_bits_per_key(0.001) * LN2) == 10
    assert round(math.log(10) / LN2**2, 1) == 4.8  # per tenfold cut in p
    assert round((1 - math.exp(-7 / 10)) ** 7 * 100, 2) == 0.82
    # sg-q-bloom-bits and sg-q-bloom-k
    assert accepts(questions, "sg-q-bloom-bits", bloom_bits_per_key(0.01))
    assert not accepts(questions, "sg-q-bloom-bits", -math.log(0.01) / LN2)  # the slip
    k_choice = questions["sg-q-bloom-k"]
    assert k_choice["choices"][k_choice["answer"]] == str(round(9.6 * LN2))
    # sg-q-bloom-memory: 1e9 keys at 9.6 bits
    assert math.isclose(1e9 * 9.6 / 8 / GB, 1.2)
    assert answer(questions, "sg-q-bloom-memory") == 1.2
    assert not accepts(questions, "sg-q-bloom-memory", 9.6)


def test_hyperloglog(questions):
    # sg-hll-cms: Redis 16,384 six-bit registers
    assert 16_384 * 6 / 8 == 12_288
    assert round(1.04 / math.sqrt(16_384) * 100, 2) == 0.81
    assert round(1.04 / math.sqrt(1_024) * 100, 2) == 3.25
    assert 1_024 * 6 / 8 < 1_000  # "under 1 KB"
    assert 1e9 * 8 / GB == 8  # exact set of a billion 8-byte ids
    # sg-q-hll-error: m = 4,096
    assert answer(questions, "sg-q-hll-error") == 1.04 / math.sqrt(4_096) * 100


def test_count_min_sketch(questions):
    eps, delta = 0.001, 0.01
    width, depth = math.ceil(math.e / eps), math.ceil(math.log(1 / delta))
    assert (width, depth) == (2_719, 5)
    assert round(width * depth, -2) == 13_600
    assert round(width * depth * 4 / 1000) == 54
    assert 10_000_000 * eps == 10_000
    assert answer(questions, "sg-q-cms-width") == width
    # the diagram: min(9, 7, 8)
    assert min(9, 7, 8) == 7


def test_interview(questions):
    # sg-interview and sg-q-crawler: 10 billion URLs
    urls = 10**10
    assert urls * 100 / 10**12 == 1  # 1 TB of strings
    assert math.isclose(urls * 9.6 / 8 / GB, 12)
    assert answer(questions, "sg-q-crawler") == 12
    assert round(urls * bloom_bits_per_key(0.001) / 8 / GB) == 18
    # nearby drivers: a million drivers every 4 s
    assert 1_000_000 / 4 == 250_000


def test_numeric_tolerances_are_at_least_five_percent(questions):
    for q in questions.values():
        if q["kind"] == "numeric":
            assert q["answer"]["tolerance"] >= 0.05, q["id"]
