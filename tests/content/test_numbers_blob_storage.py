"""Every derived number in the blob storage lesson, recomputed.

Each test names the section or question that states the number; numeric questions must
expect exactly what the arithmetic gives, and section bodies must print the same figure.
"""

from __future__ import annotations

import math

from tests.content.sources import course_lesson
from tests.content.sources import model_body as body
from tests.content.sources import model_numeric as numeric

LESSON = "blob-storage"
KiB, MiB, GiB, TiB = 2**10, 2**20, 2**30, 2**40
DAY = 86_400


lesson = course_lesson(LESSON)


def test_object_storage_durability_and_size_cap(lesson):
    text = body(lesson, "bs-object-storage")
    annual_loss = 1 - 0.99999999999
    losses = 10_000_000 * annual_loss
    assert math.isclose(losses, 1e-4, rel_tol=1e-3) and round(1 / losses, -2) == 10_000
    assert "10⁷ × 10⁻¹¹ = 10⁻⁴" in text and "every 10,000 years" in text
    assert 10_000 * 5 * GiB == 50_000 * GiB and round(50_000 * GiB / TiB, 1) == 48.8
    assert "48.8 TiB" in text and "10,000 × 5 GiB = 50,000 GiB" in text


def test_q_eleven_nines(lesson):
    losses = 100_000_000 * (1 - 0.99999999999)
    assert numeric(lesson, "bs-q-eleven-nines") == round(1 / losses) == 1_000


def test_uploads_part_limits_and_resume_arithmetic(lesson):
    text = body(lesson, "bs-uploads")
    smallest_cap = 10_000 * 5 * MiB
    assert smallest_cap == 50_000 * MiB and round(smallest_cap / GiB, 1) == 48.8
    assert "50,000 MiB ≈ 48.8 GiB" in text
    part_for_5tib = 5 * TiB / 10_000 / MiB
    assert round(part_for_5tib) == 524 and "≈ 524 MiB" in text
    assert round(10_000 * 5 * GiB / TiB, 1) == 48.8 and "exactly 10,000 × 5 GiB" in text
    seconds = 2e9 * 8 / 10e6
    assert seconds == 1_600 and round(seconds / 60) == 27 and "1,600 s, about 27 minutes" in text
    assert round(0.9 * seconds / 60) == 24 and "24 minutes" in text
    assert 8 * MiB * 8 / 10e6 < 7 and "under 7 seconds" in text


def test_q_min_part(lesson):
    assert numeric(lesson, "bs-q-min-part") == 5 * TiB / 10_000 / MiB == 524.288


def test_presigned_proxy_bandwidth_and_max_expiry(lesson):
    text = body(lesson, "bs-presigned")
    mbps = 1_000_000 * 5e6 * 8 / DAY / 1e6
    assert round(mbps) == 463 and "≈ 463 Mbps" in text
    assert 7 * DAY == 604_800 and "604,800 s" in text


def test_q_proxy_bandwidth(lesson):
    mbps = 2_000_000 * 4e6 * 8 / DAY / 1e6
    assert round(mbps) == 741 and numeric(lesson, "bs-q-proxy-bandwidth") == 741


def test_redundancy_overheads_disks_repair_and_f4(lesson):
    text = body(lesson, "bs-redundancy")

    def overhead(k: int, m: int) -> float:
        return (k + m) / k

    assert overhead(6, 3) == 1.5 and overhead(10, 4) == 1.4
    assert round(overhead(12, 4), 2) == 1.33  # LRC(12,2,2): 12 data + 2 local + 2 global
    assert round(overhead(17, 3), 2) == 1.18 and "≈ 1.18" in text
    logical_pb = 10
    raw = {"3×": 3.0 * logical_pb, "RS(6,3)": 1.5 * logical_pb, "RS(10,4)": 1.4 * logical_pb}
    assert raw == {"3×": 30, "RS(6,3)": 15, "RS(10,4)": 14}
    disks = {name: round(pb * 1e15 / 20e12) for name, pb in raw.items()}
    assert disks == {"3×": 1_500, "RS(6,3)": 750, "RS(10,4)": 700}
    for figure in ("30 PB | 1,500", "15 PB | 750", "14 PB | 700"):
        assert figure in text
    assert 10 * 256e6 == 2.56e9 and "2.56 GB" in text
    assert math.isclose(3 * 1.2, 3.6) and math.isclose(1.4 * 2, 2.8)
    assert math.isclose(1.4 * 1.5, 2.1) and "1.4 × 1.5 = 2.1" in text


def test_q_redundancy_numbers(lesson):
    assert numeric(lesson, "bs-q-ec-raw") == 6 * (6 + 3) / 6 == 9
    assert numeric(lesson, "bs-q-repair-read") == 10 * 256e6 / 1e9 == 2.56


def test_chunking_manifest_and_cdc(lesson):
    text = body(lesson, "bs-chunking")
    chunks = GiB // (4 * MiB)
    assert chunks == 256 and chunks * 32 == 8 * KiB and "256 × 32 B = 8 KiB" in text
    assert 2**13 == 8_192 and "2¹³ = 8,192 bytes" in text
    hashes = 1e15 / (8 * KiB)
    assert round(hashes / 1e11, 1) == 1.2 and "1.2 × 10¹¹ hashes" in text


def test_q_manifest_size(lesson):
    size = (10 * GiB // (4 * MiB)) * 32
    assert size == 81_920 and numeric(lesson, "bs-q-manifest-size") == size / KiB == 80


def test_delta_sync_signature(lesson):
    text = body(lesson, "bs-delta-sync")
    blocks = 100e6 / 8_000
    assert blocks == 12_500 and "= 12,500" in text
    assert blocks * (4 + 16) == 250_000 and "250 KB signature" in text


def test_q_rsync_signature(lesson):
    assert numeric(lesson, "bs-q-rsync-signature") == 200e6 / 10e3 * 20 / 1e3 == 400


def test_media_ladder_segments_and_upload_volume(lesson):
    text = body(lesson, "bs-media")
    ladder_mbps = [6, 3, 1.5, 0.75]

    def gb_per_hour(mbps: float) -> float:
        return mbps * 1e6 * 3_600 / 8 / 1e9

    assert [gb_per_hour(r) for r in ladder_mbps] == [2.7, 1.35, 0.675, 0.3375]
    for figure in ("2.7 GB", "1.35 GB", "0.675 GB", "0.34 GB"):
        assert figure in text
    total = gb_per_hour(sum(ladder_mbps))
    assert sum(ladder_mbps) == 11.25 and round(total, 2) == 5.06 and "≈ 5.06 GB" in text
    assert 7_200 / 6 == 1_200 and 4 * 1_200 == 4_800 and "4,800 for the ladder" in text
    hours_a_day = 500 * 60 * 24
    assert hours_a_day == 720_000 and "720,000 hours a day" in text
    assert round(hours_a_day * total / 1e6, 1) == 3.6 and "≈ 3.6 PB" in text
    assert 3 * 6 == 18 and "18 s or more" in text


def test_q_ladder_storage(lesson):
    gb = sum([6, 3, 1.5, 0.75]) * 1e6 * 7_200 / 8 / 1e9
    assert numeric(lesson, "bs-q-ladder-storage") == gb == 10.125
    assert 6e6 * 7_200 / 8 / 1e9 == 5.4  # the top rung alone, named in the explanation
