"""Every derived number in the API design lesson, recomputed.

Each test names the section or question that states the number; numeric questions must
expect exactly what the arithmetic gives, and section bodies must print the same figure.
"""

from __future__ import annotations

import json
import math

from tests.content.sources import course_lesson
from tests.content.sources import model_body as body
from tests.content.sources import model_numeric as numeric

LESSON = "api-design"


lesson = course_lesson(LESSON)


def varint(n: int) -> bytes:
    """Protocol Buffers base-128 varint: 7 bits a byte, low group first, top bit = more."""
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | (0x80 if n else 0))
        if not n:
            return bytes(out)


def test_api_styles_round_trips_and_protobuf_size(lesson):
    text = body(lesson, "api-styles")
    assert 3 * 100 == 300 and "300 ms" in text and "100 ms" in text
    field_1_varint = (1 << 3) | 0  # field number 1, wire type 0 (varint)
    encoded = bytes([field_1_varint]) + varint(150)
    assert encoded == bytes.fromhex("089601") and "`08 96 01`" in text
    assert len(json.dumps({"id": 150}, separators=(",", ":"))) == 10 and "takes 10" in text
    assert len(range(0, 16 + 1)) == 17 and "17 status codes" in text  # OK = 0 .. UNAUTHENTICATED = 16


def test_q_round_trips(lesson):
    rtt = 120
    assert numeric(lesson, "api-q-round-trips") == 3 * rtt - rtt == 240


def test_api_pagination_deep_page_and_full_walk(lesson):
    text = body(lesson, "api-pagination")
    page, size = 5_000, 20
    offset = (page - 1) * size
    assert offset == 99_980 and offset + size == 100_000
    assert "99,980" in text and "100,000 rows" in text
    rows, per_page = 1_000_000, 100
    pages = rows // per_page
    touched = sum(per_page * k for k in range(1, pages + 1))
    assert pages == 10_000 and touched == 100 * 10_000 * 10_001 // 2 == 5_000_500_000
    assert math.isclose(touched, 5.0e9, rel_tol=0.001) and "5.0 × 10⁹" in text
    assert round(touched / rows, -3) == 5_000 and "5,000 times less" in text


def test_q_offset_rows(lesson):
    assert numeric(lesson, "api-q-offset-rows") == (2_500 - 1) * 40 + 40 == 100_000


def test_api_safe_writes_key_store_size(lesson):
    records = 5_000_000 * 2  # two days of keyed requests
    size_bytes = records * 2_000
    assert size_bytes == 20e9 and "**20 GB**" in body(lesson, "api-safe-writes")
    assert numeric(lesson, "api-q-key-storage") == size_bytes / 1e9 == 20


def test_api_webhooks_polling_and_retry_schedule(lesson):
    text = body(lesson, "api-webhooks")
    assert 10_000 / 10 == 1_000 and "**1,000 requests/s**" in text
    assert numeric(lesson, "api-q-polling-load") == 10_000 / 10

    def minutes_until_retry(n: int) -> int:  # gaps of 1, 2, 4, ... minutes
        return sum(2 ** (i - 1) for i in range(1, n + 1))

    assert minutes_until_retry(12) == 2**12 - 1 == 4_095 and "4,095 min" in text
    assert minutes_until_retry(13) == 8_191 and "8,191 min" in text
    assert round(4_095 / 60) == 68 and abs(8_191 / 60 - 136.5) < 0.05
    three_days_min = 3 * 24 * 60
    assert minutes_until_retry(12) <= three_days_min < minutes_until_retry(13)


def test_api_gateways_hourly_pace(lesson):
    rate = 5_000 / 3_600
    assert round(rate, 2) == 1.39 and "1.39 requests/s" in body(lesson, "api-gateways-limits")
    assert numeric(lesson, "api-q-hourly-pace") == round(rate, 2)
