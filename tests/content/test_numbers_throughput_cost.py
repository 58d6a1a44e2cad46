"""The throughput and cost sheets (lessons/reference/throughput.yaml, cost.yaml) and the monthly
bills: every derived number recomputed, every rounded figure within reach of its sources."""

from __future__ import annotations

import math

import pytest

from sysdesign.cli.common import course as load_course
from sysdesign.core.quantity import parse_quantity

GB, MB, PB = 1e9, 1e6, 1e15
MONTH_S = 30 * 86_400


def _sheet(topic: str):
    return next(t for t in load_course().reference if t.id == topic).tables[0]


def _figure(topic: str, what: str) -> float:
    row = next(r for r in _sheet(topic).rows if r.get("what") == what)
    return parse_quantity(row.get("rate") or row.get("price")).value


def _within(rounded: float, *sources: float, factor: float = 1.6) -> bool:
    """A rounded figure is within ``factor`` of every source it cites."""
    return all(1 / factor <= rounded / s <= factor for s in sources)


def test_throughput_rows_agree_with_their_sources():
    gib = 2**30
    assert _within(_figure("throughput", "reading memory in order, one core"), 10 * gib)
    assert _within(_figure("throughput", "reading memory in order, all cores together"), 30 * gib)
    # 64 bytes every 50 ns
    assert pytest.approx(1.28e9) == 64 / 50e-9
    assert _within(_figure("throughput", "reading memory at random, 64 bytes at a time"), 64 / 50e-9)
    assert _within(_figure("throughput", "reading an NVMe SSD in order"), 4 * gib)
    # 8 KB per 100 µs (the latency sheet's random SSD read) = 80 MB/s; napkin-math 70 MiB/s
    assert pytest.approx(80 * MB) == 8e3 / 100e-6
    assert _within(_figure("throughput", "random 8 KB reads from an SSD, one at a time"), 8e3 / 100e-6, 70 * 2**20)
    assert _within(_figure("throughput", "reading a hard disk in order"), 250 * 2**20)
    # one 10 ms seek per read: 100 a second, 0.8 MB/s at 8 KB
    assert pytest.approx(100) == 1 / 10e-3
    assert pytest.approx(0.8 * MB) == 100 * 8e3
    assert _figure("throughput", "random reads from a hard disk") == pytest.approx(100)
    assert _figure("throughput", "one cloud server's network, 32 vCPUs") == pytest.approx(10e9 / 8)
    assert _figure("throughput", "one TCP connection between two servers in a region") == pytest.approx(5e9 / 8)
    assert _within(_figure("throughput", "one TCP connection between two regions"), 25 * 2**20)
    assert _within(_figure("throughput", "a relational database node, small write transactions"), 8_000, 15_000)
    assert _within(_figure("throughput", "an in-memory key-value store (Redis), one node"), 100_000, 150_000)


def test_throughput_notes_are_arithmetic():
    assert pytest.approx(0.1) == GB / 10e9  # memory
    assert pytest.approx(0.25) == GB / 4e9  # NVMe SSD
    assert pytest.approx(5) == GB / 200e6  # hard disk
    assert pytest.approx(1.25e9) == 10e9 / 8  # 10 Gbps in bytes
    assert pytest.approx(50e6) == MB / 20e-3  # 20 ms per MB is 50 MB/s
    assert 200e6 / 50e6 == 4  # "disagree by four times"
    notes = " ".join(_sheet("throughput").notes)
    for text in ("0.1 s", "0.25 s", "5 s from a hard disk (1 GB ÷ 200 MB/s)", "1.25 GB/s", "50 MB/s", "four times"):
        assert text in notes


def test_cost_rows_agree_with_their_sources():
    month_h = 730
    per_month = 1 / MONTH_S  # $/mo in base units (dollars a second)
    n2_standard_2 = 0.097 * month_h  # 2 vCPUs and 8 GB: about $71 a month
    n2_vcpu = (n2_standard_2 - 8 * 3.09) / 2  # less 8 GB at about $3.1, per vCPU
    assert n2_vcpu == pytest.approx(23, abs=1)
    assert _within(_figure("cost", "one vCPU, on demand") / per_month, 15, n2_vcpu)
    per_gb_month = 1 / (GB * MONTH_S)
    assert _within(_figure("cost", "a GB of memory (RAM)") / per_gb_month, 2, 3.09)
    assert _within(_figure("cost", "a GB on an SSD volume (block storage)") / per_gb_month, 0.08, 0.2, factor=2.01)
    assert _within(_figure("cost", "a GB in object storage, standard class") / per_gb_month, 0.023, 0.02)
    assert _within(_figure("cost", "a GB in archive object storage") / per_gb_month, 0.00099)
    per_gb = 1 / GB
    assert _within(_figure("cost", "a GB sent from a cloud region to the internet") / per_gb, 0.09, 0.1)
    assert _figure("cost", "a GB delivered by a CDN, at high volume") / per_gb == pytest.approx(0.02)
    assert _figure("cost", "a GB between two zones of one region") / per_gb == pytest.approx(0.01)
    assert _figure("cost", "a GB between two regions") / per_gb == pytest.approx(0.02)


def test_cost_notes_are_arithmetic():
    assert 8 * 20 + 32 * 3 == 256
    assert pytest.approx(3_000, rel=0.03) == 256 * 12  # "about $3,000 a year"
    assert pytest.approx(20_000) == 1e6 * 0.02  # a PB in standard object storage a month
    assert pytest.approx(1_000) == 1e6 * 0.001  # in an archive class
    assert pytest.approx(90_000) == 1e6 * 0.09  # sending a PB out once
    assert 90_000 / 20_000 == 4.5  # four and a half months of storing it
    notes = " ".join(_sheet("cost").notes)
    for text in ("$256 a month", "about $3,000 a year", "$20,000 a month", "$1,000", "$90,000", "four and a half months"):
        assert text in notes


def test_the_monthly_bills_match_a_hand_computation():
    from sysdesign.core import estimate as est

    families = {s.id: s for s in load_course().scenarios}
    photo = {w.step.id: w for w in est.solve(families["photo-sharing"], est.example_params(families["photo-sharing"]))}
    stored = 100e6 * 2 * 3e6 * 365 * 5  # bytes after five years: 1.095 EB
    assert photo["storage_bill"].expected_in_unit == pytest.approx(stored / GB * 0.02)  # $21.9M a month
    assert photo["storage_bill"].result == "$21,900,000 per month"
    video = {w.step.id: w for w in est.solve(families["video-streaming"], est.example_params(families["video-streaming"]))}
    bits = 50e6 * 60 / 1440 * 5e6  # 2,083,333 streams × 5 Mbps = 10.4 Tbps
    monthly = bits / 8 * MONTH_S  # bytes a month
    assert monthly / PB == pytest.approx(3_375)
    assert video["egress_per_month"].expected_in_unit == pytest.approx(3_375)
    assert video["egress_bill"].expected_in_unit == pytest.approx(monthly / GB * 0.02)  # $67.5M a month
    assert math.isclose(video["egress_bill"].expected_in_unit, 67.5e6, rel_tol=1e-9)
    assert MONTH_S == 2_592_000  # the note's seconds in a 30-day month
