"""Scenario families, worked solutions, grading, drills, and scenario validation.

The table below recomputes every family's example set by hand — plain arithmetic on the
numbers in each story, written out independently of the formula evaluator and the unit
table — so a slip in a YAML formula or in the unit machinery shows up as a failure.
"""

from __future__ import annotations

import math
import random
import textwrap
from pathlib import Path

import pytest

from sysdesign.content.loader import discover, load_sources
from sysdesign.core import calibration as cal
from sysdesign.core import estimate as est
from sysdesign.core.quantity import parse_quantity

REPO = Path(__file__).resolve().parents[2]
DAY = 86_400
YEAR_DAYS = 365
MONTH = 30 * DAY
MB, GB, TB, PB = 1e6, 1e9, 1e12, 1e15
MBPS, GBPS, TBPS = 1e6, 1e9, 1e12  # bits per second


def _photo():
    read = 100e6 * 20 / DAY
    write = 100e6 * 2 / DAY
    peak = read * 3
    thumbs = read * 0.9 * 50e3 * 8 / GBPS
    full = read * 0.1 * 3e6 * 8 / GBPS
    return {
        "read_qps": read,  # 23,148
        "write_qps": write,  # 2,315
        "storage_per_day": 200e6 * 3e6 / TB,  # 600 TB a day
        "storage_total": 200e6 * 3e6 * 365 * 5 / PB,  # 1,095 PB ≈ 1.1 EB
        # 1,095 PB = 1.095e9 GB at $0.02 per GB-month: $21.9M a month
        "storage_bill": 200e6 * 3e6 * 365 * 5 / GB * 0.02,
        "ingress": write * 3e6 * 8 / GBPS,  # 55.6 Gbps
        "egress_thumbs": thumbs,  # 8.3 Gbps
        "egress_full": full,  # 55.6 Gbps
        "egress": thumbs + full,  # 63.9 Gbps
        "peak_read_qps": peak,
        "cache_size": 200e6 * 50e3 / TB,  # one day of uploads' thumbnails: 10 TB
        "servers": math.ceil(peak / 2000),  # 35
    }


def _url():
    write = 100e6 / DAY
    read = write * 100
    return {
        "write_qps": write,
        "read_qps": read,
        "peak_read_qps": read * 2,
        "storage_per_day": 100e6 * 500 / GB,
        "links_total": 100e6 * 365 * 10,
        "code_length": 7,  # 62^6 ≈ 5.7e10 < 3.65e11 links ≤ 62^7 ≈ 3.5e12
        "storage_total": 100e6 * 500 * 3650 / TB,
        "cache_size": 100e6 * 100 * 0.2 * 500 / GB,  # a day's redirects × hot share × record
        "egress": read * 500 * 8 / MBPS,
        "servers": math.ceil(read * 2 / 5000),
    }


def _chat():
    daily = 50e6 * 40
    return {
        "daily_messages": daily,
        "write_qps": daily / DAY,
        "peak_write_qps": daily / DAY * 3,
        "storage_per_day": daily * 200 / GB,
        "storage_total": daily * 200 * 365 * 5 / TB,
        "ingress": daily / DAY * 200 * 8 / MBPS,
        "connections": 50e6 * 0.2,
        "gateways": math.ceil(50e6 * 0.2 / 50_000),
    }


def _feed():
    read = 200e6 * 10 / DAY
    write = 200e6 * 0.5 / DAY
    return {
        "read_qps": read,
        "write_qps": write,
        "fanout_qps": write * 200,
        "peak_read_qps": read * 2,
        "egress": read * 20 * 1000 * 8 / GBPS,
        "storage_per_day": 200e6 * 0.5 * 1000 / GB,
        "cache_size": 200e6 * 500 * 8 / GB,
    }


def _video():
    concurrent = 50e6 * 60 / (24 * 60)  # watching 60 of the day's 1,440 minutes
    egress = concurrent * 5e6 / TBPS
    ingress_bits = 500_000 * 600 * 5e6 / DAY  # bits per second
    per_day_bytes = 500_000 * 600 * 5e6 / 8 * 3
    return {
        "concurrent": concurrent,
        "egress": egress,
        "peak_egress": egress * 2,
        "ingress": ingress_bits / GBPS,
        "storage_per_day": per_day_bytes / TB,
        "storage_total": per_day_bytes * 365 * 3 / PB,
        "edge_servers": math.ceil(egress * 2 * TBPS / 10e9),
        # 10.4 Tbps ÷ 8 = 1.3 TB/s, × 2,592,000 s = 3,375 PB a month; × 10^6 GB × $0.02 = $67.5M
        "egress_per_month": egress * TBPS / 8 * MONTH / PB,
        "egress_bill": egress * TBPS / 8 * MONTH / GB * 0.02,
    }


def _rides():
    qps = 1e6 / 4
    return {
        "ping_qps": qps,
        "daily_pings": qps * DAY,
        "ingress": qps * 100 * 8 / MBPS,
        "storage_per_day": qps * 100 * DAY / TB,
        "storage_total": qps * 100 * DAY * 30 / TB,
        "live_index": 1e6 * 100 / MB,
        "peak_qps": qps * 2,
        "servers": math.ceil(qps * 2 / 20_000),
    }


def _crawler():
    qps = 1e9 / MONTH
    return {
        "fetch_qps": qps,
        "ingress": qps * 100e3 * 8 / MBPS,
        "storage_per_month": 1e9 * 100e3 / TB,
        "storage_total": 1e9 * 12 * 100e3 / PB,
        "seen_set": 1e9 * 12 * 8 / GB,
        "servers": math.ceil(qps / 100),
    }


def _typeahead():
    daily = 100e6 * 5
    qps = daily * 8 / DAY
    return {
        "daily_searches": daily,
        "suggest_qps": qps,
        "peak_qps": qps * 3,
        "egress": qps * 500 * 8 / MBPS,
        "index_size": 100e6 * 200 / GB,
        "log_per_day": daily * 100 / GB,
        "servers": math.ceil(qps * 3 / 10_000),
    }


def _metrics():
    points = 100_000 * 500 / 10
    return {
        "write_qps": points,
        "daily_points": points * DAY,
        "ingress": points * 16 * 8 / MBPS,
        "storage_per_day": points * 16 * 3 * DAY / TB,
        "storage_total": points * 16 * 3 * DAY * 30 / TB,
        "servers": math.ceil(points / 1e6),
        "active_series": 100_000 * 500,  # 50 M series
        "compressed_total": points * 2 * 3 * DAY * 30 / TB,  # 2 B a point: 77.8 TB
    }


def _notify():
    daily = 10e6 * 100 * 1.5
    qps = daily / DAY
    return {
        "daily_deliveries": daily,
        "delivery_qps": qps,
        "peak_qps": qps * 5,
        "egress": qps * 1000 * 8 / MBPS,
        "storage_per_day": 10e6 * 100 * 1000 / GB,
        "storage_total": 10e6 * 100 * 1000 * 30 / TB,
        "workers": math.ceil(qps * 5 / 5000),
    }


def _kv():
    raw = 1e9 * (50 + 1000)
    reads, writes = 500_000 * 0.8, 500_000 * 0.2
    ops = reads * 2 + writes * 3  # a quorum read (R = 2) touches two replicas, a write all three
    return {
        "raw_data": raw / TB,
        "stored": raw * 3 / TB,
        "read_qps": reads,
        "write_qps": writes,
        "node_ops": ops,
        "bandwidth": ops * 1000 * 8 / GBPS,
        "cache_size": raw * 0.2 / GB,
        "nodes": math.ceil(max(raw * 3 / 2e12, ops / 50_000)),
    }


def _leaderboard():
    writes = 10e6 * 8 / DAY
    reads = 10e6 * 20 / DAY
    return {
        "write_qps": writes,
        "read_qps": reads,
        "peak_qps": (reads + writes) * 4,
        "memory": 50e6 * 100 / GB,  # 100 B an entry: member, score, skip-list node, hash entry
        "score_log_per_day": 10e6 * 8 * 100 / GB,
        "shards": math.ceil((reads + writes) * 4 / 100_000),
    }


def _files():
    uploads = 100e6 * 5 / DAY
    ingress = uploads * 500e3 * 0.2 * 8 / GBPS
    return {
        "upload_qps": uploads,
        "ingress": ingress,
        "egress": ingress * 2,
        "new_data_per_day": 100e6 * 5 * 500e3 * 0.2 / TB,
        "storage_total": 500e6 * 2e9 * 1.5 / PB,
        "servers": math.ceil(uploads * 3 / 1000),
        "chunks_total": 500e6 * 2e9 / 64e3,  # 1 EB in 64 KB chunks: 15.6 trillion references
        "manifest_size": 500e6 * 2e9 / 64e3 * 40 / TB,  # 40 B each: 625 TB
    }


def _payments():
    avg = 10e6 / DAY
    return {
        "avg_tps": avg,
        "peak_tps": avg * 10,
        "peak_db_writes": avg * 10 * 4,
        "storage_per_day": 10e6 * 2000 / GB,
        "storage_total": 10e6 * 2000 * 365 * 7 * 3 / TB,
        "shards": math.ceil(avg * 10 * 4 / 2000),
    }


def _limiter():
    checks = 100_000 * 2
    return {
        "checks_qps": checks,
        "daily_checks": checks * DAY,
        "counter_memory": 10e6 * 2 * 100 / GB,
        "sliding_log_memory": 100_000 * 60 * 8 / MB,
        "sync_bandwidth": checks * 50 * 2 * 8 / MBPS,
        "nodes": math.ceil(checks / 100_000),
    }


def _proximity():
    searches = 100e6 * 5 / DAY
    peak = searches * 3
    return {
        "search_qps": searches,  # 5,787
        "peak_qps": peak,  # 17,361
        "write_qps": 1e6 / DAY,  # 11.6 edits a second
        "place_data": 200e6 * 1e3 / GB,  # 200 GB of records
        "geo_index": 200e6 * 50 / GB,  # 10 GB: a full copy per search server
        "egress": peak * 10e3 * 8 / GBPS,  # 1.39 Gbps
        "servers": math.ceil(peak / 2000),  # 9
    }


def _maps():
    routes = 200e6 * 5 / DAY
    probes = 5e6 / 5
    return {
        "route_qps": routes,  # 11,574
        "peak_route_qps": routes * 3,  # 34,722
        "tile_qps": 200e6 * 100 / DAY,  # 231,481 tiles a second, for the CDN
        "probe_qps": probes,  # 1M a second at rush hour
        "probe_ingress": probes * 100 * 8 / MBPS,  # 800 Mbps
        "graph_size": 500e6 * 200 / GB,  # 100 GB
        "traffic_table": 500e6 * 16 / GB,  # 8 GB
        "routing_servers": math.ceil(routes * 3 / 500),  # 70
    }


def _top_k():
    events = 10e9 / DAY
    window = events * 3600  # one hour: N = 416,666,667
    width = math.ceil(math.e / 1e-5)  # 271,829 counters a row
    return {
        "event_qps": events,  # 115,741
        "peak_event_qps": events * 2,  # 231,481
        "ingress": events * 2 * 100 * 8 / MBPS,  # 185 Mbps
        "window_events": window,
        "exact_memory": 100e6 * 50 / GB,  # 5 GB
        "cms_width": width,
        "sketch_memory": width * 5 * 4 / MB,  # 5.44 MB
        "max_overcount": 1e-5 * window,  # 4,167
        "workers": math.ceil(events * 2 / 20_000),  # 12
    }


def _ad_clicks():
    clicks = 1e9 / DAY
    rows_per_day = 200e3 * 24 * 60  # distinct ads clicked each minute × 1,440 minutes
    return {
        "click_qps": clicks,  # 11,574
        "peak_click_qps": clicks * 5,  # 57,870
        "raw_per_day": 1e9 * 200 / GB,  # 200 GB a day
        "raw_total": 1e9 * 200 * 90 / TB,  # 18 TB
        "agg_rows_per_day": rows_per_day,  # 288M a day
        "agg_per_day": rows_per_day * 50 / GB,  # 14.4 GB a day
        "window_state": 200e3 * 15 * 50 / MB,  # 150 MB of open windows
        "dedupe_memory": clicks * 5 * 3600 * 40 / GB,  # 8.33 GB of click ids
        "workers": math.ceil(clicks * 5 / 10_000),  # 6
    }


def _editing():
    concurrent = 50e6 * 30 / (24 * 60)  # editing 30 of the day's 1,440 minutes
    peak = concurrent * 2
    return {
        "concurrent_editors": concurrent,  # 1,041,667
        "peak_editors": peak,  # 2,083,333
        "op_qps": peak * 1,  # one batched operation a second each
        "fanout_qps": peak * 2,  # to two other people on the document
        "op_log_per_day": concurrent * 100 * DAY / TB,  # 9 TB a day
        "snapshot_storage": 2e9 * 20e3 / TB,  # 40 TB
        "gateways": math.ceil(peak / 50_000),  # 42
        "doc_servers": math.ceil(peak / 25_000),  # 84
    }


def _live_comments():
    comments = 20e6 * 3 / 3600
    big = 1e6 * 3 / 3600  # 833 a second in the biggest stream
    gateways = math.ceil(20e6 / 100_000)
    frames = 1e6 / 0.5
    return {
        "comment_qps": comments,  # 16,667
        "big_comment_qps": big,
        "naive_fanout": big * 1e6,  # 833M deliveries a second
        "gateways": gateways,  # 200
        "gateway_fanout": big * gateways,  # 166,667: one copy per connection server
        "capped_fanout": 1e6 * 5,  # 5M, with five comments a second per viewer
        "push_qps": frames,  # 2M frames a second
        "push_egress": frames * 500 * 8 / GBPS,  # 8 Gbps
        "storage_per_day": comments * 0.5 * 200 * DAY / GB,  # 144 GB a day
    }


def _queue():
    rate = 1e6 * 1e3  # bytes a second: 1 M messages of 1 KB
    storage = rate * 7 * DAY * 3
    egress = rate * 3 * (3 - 1 + 5) * 8  # peak, to 2 followers and 5 consumer groups
    return {
        "daily_messages": 1e6 * DAY,  # 86.4 bn
        "ingress": rate * 8 / GBPS,  # 8 Gbps
        "peak_ingress": rate * 3 * 8 / GBPS,  # 24 Gbps
        "storage": storage / TB,  # 1,814 TB
        "partitions": math.ceil(rate * 3 / 10e6),  # 300
        "peak_egress": egress / GBPS,  # 168 Gbps
        "brokers": math.ceil(max(storage / 20e12, egress / 25e9)),  # disk: 91, network: 7
    }


def _objects():
    raw = 100e9 * 1e6 * 12 / 8  # RS(8, 4): 12 fragments for every 8 of data
    disks = math.ceil(raw / (20e12 * 0.8))  # 9,375
    return {
        "logical_data": 100e9 * 1e6 / PB,  # 100 PB
        "raw_data": raw / PB,  # 150 PB
        "disks": disks,
        "metadata": 100e9 * 500 / TB,  # 50 TB
        "ingress": 2000 * 1e6 * 8 / GBPS,  # 16 Gbps
        "disks_per_day": 2000 * 1e6 * 1.5 * DAY / (20e12 * 0.8),  # 16.2 a day
        "egress": 40_000 * 1e6 * 8 / GBPS,  # 320 Gbps
        "peak_meta_qps": (2000 + 40_000) * 2,  # 84k
        "striped_reads": 40_000 * 2 * 8 / disks,  # 68.3 reads a second per disk
    }


def _cache():
    memory = 500e6 * (1000 + 100)  # bytes, one copy
    ops = 2e6 + 100e3 * 2  # a read touches one copy, a set or delete both
    return {
        "memory": memory / GB,  # 550 GB
        "memory_total": memory * 2 / TB,  # 1.1 TB
        "db_reads": 2e6 * 0.05,  # 100k misses a second
        "node_ops": ops,  # 2.2M
        "bandwidth": 2e6 * 1000 * 8 / GBPS,  # 16 Gbps
        "hot_key_qps": 2e6 * 0.02,  # 40k
        "nodes": math.ceil(max(memory * 2 / 64e9, ops / 100e3)),  # memory: 18, load: 22
    }


def _search():
    posts = 500e6 * 365  # a year of posts: 182.5 bn
    peak = 2e9 / DAY * 3  # 69,444 searches a second
    shards = math.ceil(posts * 20 * 5 / 200e9)  # 18.25 TB in 200 GB shards: 92
    recent_shards = math.ceil(500e6 * 7 * 20 * 5 / 200e9)  # 350 GB: 2
    return {
        "index_rate": 500e6 / DAY,  # 5,787 posts a second
        "posts_total": posts,
        "index_size": posts * 20 * 5 / TB,  # 18.25 TB
        "realtime_index": 500e6 * 7 * 20 * 5 / GB,  # 350 GB
        "search_qps": 2e9 / DAY,  # 23,148
        "peak_qps": peak,
        "shards": shards,
        "replicas_flat": math.ceil(peak / 2000),  # 35
        "nodes_flat": shards * math.ceil(peak / 2000),  # 3,220
        "nodes_tiered": recent_shards * math.ceil(peak / 2000) + shards * math.ceil(peak * 0.1 / 2000),  # 70 + 368
    }


def _tickets():
    orders = 50_000 / 2.5  # 20,000 orders
    rate = 5_000 / (4 * 60)  # Little's law: 5,000 buyers, 4 minutes each
    return {
        "join_rate": 2e6 / (10 * 60),  # 3,333 a second
        "poll_qps": 2e6 / 10,  # 200k a second
        "fans_per_seat": 2e6 / 50_000,  # 40
        "orders": orders,
        "order_rate": rate,  # 20.8 a second
        "sellout_time": orders / rate / 60,  # 16 minutes
        "seats_held": 5_000 * 2.5,  # 12,500
    }


def _hotels():
    rooms = 5_000 * 200  # 1 M rooms
    per_day = rooms * 0.70 / 3  # rooms filled each night ÷ nights per stay
    rows = 5_000 * 10 * 365
    return {
        "rooms": rooms,
        "bookings_per_day": per_day,  # 233,333
        "booking_tps": per_day / DAY,  # 2.7 a second
        "peak_booking_tps": per_day / DAY * 5,  # 13.5
        "peak_search_qps": per_day / DAY * 5 * 100,  # 1,350
        "inventory_rows": rows,  # 18.25 M
        "inventory_size": rows * 100 / GB,  # 1.8 GB
        "sellable_per_type": 200 / 10 * 1.10,  # 22 rooms
        "booking_storage_per_year": per_day * YEAR_DAYS * 1_000 / GB,  # 85 GB
    }


def _ids():
    avg = 10e9 / DAY  # 115,741 a second
    return {
        "avg_rate": avg,
        "peak_rate": avg * 5,  # 578,704
        "lifetime": 2**41 / 1000 / (YEAR_DAYS * DAY),  # 41 bits of ms ≈ 69.7 years
        "generator_capacity": 4096 * 1000,  # 4,096 a millisecond
        "max_generators": 1024,
        "peak_per_generator": avg * 5 / 300,  # 1,929
        "random_collisions": (10e9) ** 2 / 2**65,  # birthday bound: 2.7 a day at 64 bits
    }


def _exchange():
    avg = 1e9 / (6.5 * 3600)  # the day's orders arrive in a 6.5-hour session: 42,735 a second
    peak = avg * 10  # 427,350
    hot = peak * 0.05  # 21,368 on the busiest symbol
    return {
        "avg_rate": avg,
        "peak_rate": peak,
        "hot_symbol_rate": hot,
        "hot_symbol_gap": 1 / hot * 1e6,  # 46.8 microseconds between orders
        "engines": math.ceil(peak / 100_000),  # 5
        "journal_per_day": 1e9 * 100 / GB,  # 100 GB
        "journal_rate": peak * 100 * 8 / MBPS,  # 342 Mbps
        "md_unicast": peak * 100 * 8 * 1000 / GBPS,  # 342 Gbps to 1,000 subscribers one by one
    }


def _scheduler():
    avg = 100e6 / DAY  # 1,157 runs a second
    peak = avg * 3  # 3,472
    running = peak * 30  # Little's law: 104,167 runs in progress
    return {
        "avg_rate": avg,
        "peak_rate": peak,
        "running_at_peak": running,
        "workers": math.ceil(running / 20),  # 5,209
        "partitions": math.ceil(peak / 1000),  # 4
        "history_per_day": 100e6 * 1000 / GB,  # 100 GB
        "history_total": 100e6 * 1000 * 30 / TB,  # 3 TB
    }


HAND = {
    "photo-sharing": _photo,
    "url-shortener": _url,
    "chat-messaging": _chat,
    "news-feed": _feed,
    "video-streaming": _video,
    "ride-sharing-locations": _rides,
    "web-crawler": _crawler,
    "search-typeahead": _typeahead,
    "metrics-ingestion": _metrics,
    "notification-fanout": _notify,
    "key-value-store": _kv,
    "leaderboard": _leaderboard,
    "file-sync": _files,
    "payments": _payments,
    "rate-limiter": _limiter,
    "proximity-search": _proximity,
    "maps-routing": _maps,
    "top-k-trending": _top_k,
    "ad-click-aggregation": _ad_clicks,
    "collaborative-editing": _editing,
    "live-comments": _live_comments,
    "message-queue": _queue,
    "object-storage": _objects,
    "distributed-cache": _cache,
    "post-search": _search,
    "ticket-booking": _tickets,
    "hotel-reservation": _hotels,
    "unique-id-generator": _ids,
    "stock-exchange": _exchange,
    "job-scheduler": _scheduler,
}


@pytest.fixture(scope="module")
def course():
    result = load_sources(discover(REPO), base=REPO)
    faults = [str(e) for e in result.errors if "estimates" in e.path or "reference" in e.path]
    assert faults == []
    return result.course


def family(course, family_id):
    return next(s for s in course.scenarios if s.id == family_id)


def test_every_required_family_exists_and_is_checked_by_hand(course):
    ids = {s.id for s in course.scenarios}
    assert len(ids) >= 15
    assert set(HAND) <= ids
    assert ids <= set(HAND), f"add a hand computation for {sorted(ids - set(HAND))}"


@pytest.mark.parametrize("family_id", sorted(HAND))
def test_example_solution_matches_the_hand_computation(course, family_id):
    scenario = family(course, family_id)
    workings = est.solve(scenario, est.example_params(scenario))
    got = {w.step.id: w.expected_in_unit for w in workings}
    expected = HAND[family_id]()
    assert set(got) == set(expected)
    for step_id, value in expected.items():
        assert got[step_id] == pytest.approx(value, rel=1e-9), step_id


def test_photo_sharing_reproduces_the_source_numbers_and_fixes_its_storage_slip(course):
    scenario = family(course, "photo-sharing")
    by_id = {w.step.id: w for w in est.solve(scenario, est.example_params(scenario))}
    assert by_id["read_qps"].result == "23,148 rps"
    assert by_id["write_qps"].result == "2,315 rps"
    assert by_id["ingress"].result == "55.6 Gbps"
    assert by_id["storage_per_day"].result == "600 TB per day"
    assert by_id["storage_total"].approx == "≈ 1.1 EB"
    assert "1,044,000 TB" in by_id["storage_total"].notes[-1]
    assert by_id["egress_thumbs"].result == "8.33 Gbps" and by_id["egress"].result == "63.9 Gbps"
    assert any("86,400" in n and "10^5" in n for n in by_id["read_qps"].notes)
    assert any("8 bits per byte" in n for n in by_id["ingress"].notes)
    assert [s.id for s in scenario.asked][:4] == ["read_qps", "write_qps", "storage_total", "ingress"]


@pytest.mark.parametrize("family_id", sorted(HAND))
def test_every_story_states_every_number(course, family_id):
    scenario = family(course, family_id)
    params = est.draw_params(scenario, random.Random(11))
    story = est.render_story(scenario, params)
    assert "{" not in story and "}" not in story
    for param in scenario.params:
        assert est.param_text(param, params[param.id], bare=True) in story or est.param_text(param, params[param.id]) in story


@pytest.mark.parametrize("family_id", sorted(HAND))
def test_drawn_parameters_are_reproducible_in_range_and_solvable(course, family_id):
    scenario = family(course, family_id)
    for seed in range(25):
        first = est.draw_params(scenario, random.Random(seed))
        assert first == est.draw_params(scenario, random.Random(seed))
        for param in scenario.params:
            assert param.low - 1e-9 * param.high <= first[param.id] <= param.high * (1 + 1e-9)
        for working in est.solve(scenario, first):
            assert working.value > 0 and math.isfinite(working.value)


# --- grading ------------------------------------------------------------------------------

def grade(expected: float, unit: str, text: str) -> est.Verdict:
    quantity, note = est.read_answer(text, unit)
    return est.judge(expected, unit, quantity, note)


@pytest.mark.parametrize("text,grade_name", [
    ("23k", est.SPOT_ON),
    ("23,148", est.SPOT_ON),
    ("2.3e4 rps", est.SPOT_ON),
    ("34k", est.SPOT_ON),        # 1.47×
    ("40k", est.CLOSE),          # 1.73×
    ("8k", est.CLOSE),           # 2.9× low
    ("100k", est.ORDER),         # 4.3×
    ("2.4k", est.ORDER),         # 9.6× low
    ("2k", est.OFF),             # 11.6× low
    ("2bn per day", est.SPOT_ON),  # the same rate, said per day
])  # fmt: skip
def test_grades_by_order_of_magnitude(text, grade_name):
    verdict = grade(1e8 * 20 / DAY, "rps", text)
    assert verdict.grade == grade_name, verdict.message


def test_a_count_for_a_per_day_step_is_read_per_day():
    expected = 2e9 / DAY  # two billion a day, in base units (per second)
    assert grade(expected, "/day", "2bn requests").grade == est.SPOT_ON
    assert grade(expected, "/day", "2bn").grade == est.SPOT_ON
    assert grade(expected, "/day", "23k rps").grade == est.SPOT_ON


def test_grade_boundaries_are_inclusive():
    assert est.grade_for(math.log10(1.5)) == est.SPOT_ON
    assert est.grade_for(math.log10(3)) == est.CLOSE
    assert est.grade_for(1.0) == est.ORDER
    assert est.grade_for(1.0001) == est.OFF


def test_a_wrong_dimension_is_told_apart_from_a_wrong_number():
    verdict = grade(23_148, "rps", "10 GB")
    assert verdict.grade == est.WRONG_UNIT
    assert verdict.log10_error is None
    assert "amount of data" in verdict.message and "rate" in verdict.message
    assert grade(23_148, "rps", "10").grade == est.OFF  # a bare number is just a wrong number


# (step unit, expected in base units, typed, words the hint must contain, words it must not)
DIRECTION_CASES = [
    # a bandwidth given for an amount of data: multiply by the time (never divide)
    ("PB", 1.095e18, "55 Gbps", ("multiplied", "Gbps", "PB", "÷ 8 for bytes"), ("divide", "TB")),
    # an amount of data given for a bandwidth: divide by the time, in the units involved
    ("Gbps", 55.6e9 / 8, "1 PB", ("divide", "PB", "Gbps", "× 8 for bits"), ("multipl", "TB")),
    ("Gbps", 55.6e9 / 8, "600 TB", ("divide", "(TB)", "(Gbps)"), ("multipl",)),
    # a rate given for a count: servers divide by what one handles, totals multiply by a time
    ("servers", 35, "70k rps", ("divide", "what one of them handles"), ("multipl",)),
    ("links", 3.65e11, "100M/day", ("multiplied", "per day", "links"), ("divide",)),
    # requests and bandwidth: multiply by the size one way, divide the other
    ("Gbps", 55.6e9 / 8, "2.3k rps", ("multiply by the size", "× 8 for bits"), ("divide",)),
    ("rps", 23_148, "55 Gbps", ("divide by the size", "÷ 8 for bytes"), ("multipl",)),
    ("/day", 2e9 / DAY, "55 Gbps", ("divide by the size", "× 86,400 for per day"), ("multipl",)),
]


@pytest.mark.parametrize("unit,expected,typed,wanted,unwanted", DIRECTION_CASES)
def test_a_wrong_kind_of_quantity_gets_a_hint_in_the_right_direction(unit, expected, typed, wanted, unwanted):
    verdict = grade(expected, unit, typed)
    assert verdict.grade == est.WRONG_UNIT
    hints = " ".join(verdict.hints)
    for word in wanted:
        assert word in hints, (word, hints)
    for word in unwanted:
        assert word not in hints, (word, hints)
    typed_unit = typed.split()[-1].removeprefix("100M")
    assert f"({est.unit_label(typed_unit, prose=True)})" in verdict.message  # the unit as typed


@pytest.mark.parametrize("unit,expected,typed", [
    ("TB", 1e12, "10 ms"),        # a duration for data: no simple relation
    ("rps", 23_148, "20 %"),      # a percentage for a rate
    ("streams", 1e6, "20 Gbps"),  # a bandwidth for a number of concurrent streams
    ("ms", 0.01, "5 GB"),
])  # fmt: skip
def test_pairs_without_a_simple_relation_get_no_arithmetic(unit, expected, typed):
    verdict = grade(expected, unit, typed)
    assert verdict.grade == est.WRONG_UNIT and verdict.hints == ()


def test_a_per_day_step_is_called_a_rate_per_day():
    verdict = grade(2e9 / DAY, "/day", "1 TB")
    assert "asks for a rate (per day)" in verdict.message
    assert "(per second)" not in verdict.message


def test_unreadable_answers_suggest_examples_of_the_step_kind():
    with pytest.raises(est.AnswerError) as caught:
        est.read_answer("zzz", "ms", bare_ok=False)
    assert "100 ns" in str(caught.value) and "10 ms" in str(caught.value)
    assert "PB" not in str(caught.value) and "Gbps" not in str(caught.value)
    with pytest.raises(est.AnswerError, match="try KB, MB"):
        est.read_answer("5 zorks", "TB")


def test_error_factors_are_written_one_way():
    assert cal.factor_text(0.3) == "×2.0"
    assert cal.factor_text(0.326) == "×2.1"
    assert cal.factor_text(0.02) == "×1.0"
    assert cal.factor_text(1.5) == "×32"
    assert est.error_words(0.326) == "×2.1 (close)"


def test_a_round_counts_for_calibration_once_half_its_steps_are_answered():
    def rows(*grades):
        return [{"grade": g} for g in grades]

    assert cal.counts_for_calibration(rows("spot on", "off", "unanswered", "unanswered"))
    assert not cal.counts_for_calibration(rows("spot on", *["unanswered"] * 7))
    assert not cal.counts_for_calibration(rows("spot on", "skipped", "skipped", "unanswered"))  # a skip is not an answer
    assert cal.counts_for_calibration(rows("wrong unit", "off"))  # a wrong unit was answered
    assert not cal.counts_for_calibration(rows("spot on"), total=8)  # stored before unanswered steps were
    assert cal.counts_for_calibration(None) and cal.counts_for_calibration([])  # nothing known: it counts


def test_bits_bytes_and_binary_are_stated():
    expected = 55.5e9 / 8  # 55.5 Gbps in bytes per second
    same = grade(expected, "Gbps", "6.9 GB/s")
    assert same.grade == est.SPOT_ON
    assert any("8" in h and "bits" in h.lower() or "byte" in h for h in same.hints)
    slipped = grade(expected, "Gbps", "55 GB/s")  # bytes where bits were meant: 8× high
    assert slipped.grade == est.ORDER
    assert any("8×" in h for h in slipped.hints)
    binary = grade(1e12, "TB", "0.9 TiB")
    assert binary.grade == est.SPOT_ON
    assert any("binary" in h for h in binary.hints)


def test_prefix_and_per_day_slips_get_a_hint():
    assert any("1,000×" in h for h in grade(1.095e18, "PB", "1 PB").hints)
    assert any("86,400" in h for h in grade(23_148, "rps", "2bn rps").hints)


def test_per_day_steps_accept_an_amount_read_per_day():
    verdict = grade(600e12 / DAY, "TB/day", "600 TB")
    assert verdict.grade == est.SPOT_ON
    assert any("per day" in h for h in verdict.hints)


def test_unusable_answers_raise_answer_error():
    for text in ("", "abc", "0", "-5 rps"):
        with pytest.raises(est.AnswerError):
            est.read_answer(text, "rps")
    with pytest.raises(est.AnswerError, match="unit"):
        est.read_answer("5", "ns", bare_ok=False)


def test_median_ignores_ungraded():
    assert est.median_error([0.1, None, 0.3, 0.2]) == pytest.approx(0.2)
    assert est.median_error([None]) is None


# --- drills read the reference files ------------------------------------------------------

def topic(course, topic_id):
    return next(t for t in course.reference if t.id == topic_id)


def test_drill_topics_exist(course):
    assert {"latency", "nines", "powers"} <= {t.id for t in course.reference}


def test_latency_table_has_the_source_numbers(course):
    rows = {row.get("operation"): parse_quantity(row.get("time")).value for row in topic(course, "latency").tables[0].rows}
    wanted = {
        "an L1 cache reference": 0.5e-9,
        "a main memory (RAM) reference": 100e-9,
        "a random read from an SSD": 100e-6,
        "a hard-disk seek": 10e-3,
        "a network round trip inside one data centre": 0.5e-3,
        "a network round trip across a continent or an ocean": 150e-3,
        "reading 1 MB sequentially from an SSD": 1e-3,
        "reading 1 MB sequentially from a hard disk": 20e-3,
    }
    for name, seconds in wanted.items():
        assert rows[name] == pytest.approx(seconds)


def test_nines_downtimes_are_consistent(course):
    table = topic(course, "nines").tables[0]
    assert len(table.rows) == 4
    for row in table.rows:
        down = 1 - parse_quantity(row.get("availability")).value
        for column, period in (("per_year", 365 * DAY), ("per_month", 30 * DAY), ("per_day", DAY)):
            assert parse_quantity(row.get(column)).value == pytest.approx(down * period, rel=0.006), (row, column)


def test_powers_and_conversions_are_exact(course):
    powers, conversions = topic(course, "powers").tables
    for row in powers.rows:
        exponent = int(row.get("power").split("^")[1])
        assert parse_quantity(row.get("exact")).value == 2**exponent
        assert parse_quantity(row.get("about")).value == pytest.approx(2**exponent, rel=0.13)
    assert [int(r.get("power").split("^")[1]) for r in powers.rows] == [10, 20, 30, 40, 50]
    for row in conversions.rows:
        start, result = parse_quantity(row.get("start")), parse_quantity(row.get("result"))
        assert start.dim == result.dim
        assert result.value == pytest.approx(start.value, rel=0.005), row


def test_drill_questions_are_seeded_and_answerable(course):
    for topic_id in ("latency", "nines", "powers"):
        first = est.drill_questions(topic(course, topic_id), random.Random(5), 10)
        again = est.drill_questions(topic(course, topic_id), random.Random(5), 10)
        assert [q.id for q in first] == [q.id for q in again]
        assert len(first) == 10 and len({q.id for q in first}) == 10
        for q in first:
            quantity, note = est.read_answer(q.answer_text, q.unit, bare_ok=q.bare_ok)
            assert est.judge(q.expected, q.unit, quantity, note).grade == est.SPOT_ON
    many = est.drill_questions(topic(course, "latency"), random.Random(1), 40)
    assert len(many) == 40


# --- validation of scenario files -----------------------------------------------------------

SCENARIO = """\
id: demo-family
title: Demo
summary: A demo.
story: |
  There are {users} users who each do {actions:n} things, {size} each, kept {years}.
params:
  users: {label: users, example: 1M, range: [1k, 10M]}
  actions: {label: actions per user per day, unit: /day, example: 10, range: [0, 50]}
  size: {label: size, unit: KB, example: 2, range: [1, 8]}
  years: {label: retention, unit: y, example: 2, range: [1, 5], round: 1}
steps:
  - id: qps
    name: Requests per second
    unit: rps
    formula: users * actions
  - id: per_action
    name: Bytes per action
    unit: KB
    formula: (users * actions * size) / (qps * 1)
  - id: total
    name: Storage
    unit: TB
    formula: qps * size * years
"""


def validate(tmp_path, text: str, name: str = "demo.yaml") -> list[str]:
    path = tmp_path / "lessons" / "estimates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    result = load_sources(discover(tmp_path), base=tmp_path)
    return [str(e) for e in result.errors]


def test_a_division_by_zero_at_a_range_extreme_is_reported(tmp_path):
    errors = validate(tmp_path, SCENARIO)
    assert any(e.startswith("lessons/estimates/demo.yaml:") and "division by zero" in e and "actions is at its range low" in e for e in errors), errors


def test_a_good_scenario_validates(tmp_path):
    good = SCENARIO.replace("range: [0, 50]", "range: [1, 50]")
    assert validate(tmp_path, good) == []


@pytest.mark.parametrize("change,message", [
    (("formula: qps * size * years", "formula: qps * sise * years"), "unknown name 'sise'"),
    (("formula: qps * size * years", "formula: qps * size"), "the formula gives a data rate, but the unit 'TB' is an amount of data"),
    (("formula: users * actions\n", "formula: total / size / years\n"), "circle"),
    (("formula: qps * size * years", "formula: qps * size * years +"), "not a formula"),
    (("formula: qps * size * years", "formula: open('x')"), "not allowed"),
    (("unit: TB\n", "unit: parsecs\n"), "unknown unit 'parsecs'"),
    (("example: 2, range: [1, 5]", "example: 9, range: [1, 5]"), "outside the range"),
    (("{years}.", "for a while."), "'years' is not mentioned in the story"),
    (("{size} each", "{sise} each"), "not a parameter"),
    (("example: 1M, range", "example: 3 MB, range"), "is an amount of data"),
])  # fmt: skip
def test_scenario_faults_are_reported_with_a_position(tmp_path, change, message):
    good = SCENARIO.replace("range: [0, 50]", "range: [1, 50]")
    old, new = change
    assert old in good
    errors = validate(tmp_path, good.replace(old, new))
    hits = [e for e in errors if message in e]
    assert hits, errors
    path, line, col, _ = hits[0].split(":", 3)
    assert path == "lessons/estimates/demo.yaml" and int(line) > 1 and int(col) >= 1


def test_unknown_name_points_at_its_column(tmp_path):
    good = SCENARIO.replace("range: [0, 50]", "range: [1, 50]")
    errors = validate(tmp_path, good.replace("formula: qps * size * years", "formula: qps * sise * years"))
    hit = next(e for e in errors if "sise" in e)
    line_number, column = int(hit.split(":")[1]), int(hit.split(":")[2])
    line = textwrap.dedent(good).splitlines()[line_number - 1]
    assert "formula: qps *" in line
    assert line.replace("size", "sise")[column - 1 : column + 3] == "sise"


def test_duplicate_family_ids_are_reported(tmp_path):
    good = SCENARIO.replace("range: [0, 50]", "range: [1, 50]")
    validate(tmp_path, good, "a.yaml")
    errors = validate(tmp_path, good, "b.yaml")
    assert any("duplicate scenario id 'demo-family'" in e for e in errors)


# --- rendering ------------------------------------------------------------------------------

@pytest.mark.parametrize("width", [80, 40])
def test_solution_and_summary_render_at_fixed_widths(course, width):
    from rich.console import Console

    from sysdesign.ui.estimate import Answered, show_solution, show_summary

    scenario = family(course, "photo-sharing")
    params = est.example_params(scenario)
    workings = est.solve(scenario, params)
    console = Console(record=True, width=width, color_system=None)
    show_solution(console, scenario.title, est.render_story(scenario, params), "example", workings)
    verdict = grade(workings[0].value, "rps", "40k")
    items = [Answered("read_qps", "Average photo reads per second", "rps", workings[0].value, "40k", verdict, verdict.grade)]
    show_summary(console, items, verdict.log10_error, "photo-sharing", 0.2, 3)
    text = console.export_text()
    assert all(len(line) <= width for line in text.splitlines())
    flat = " ".join(text.split())
    for wanted in ("23,148 rps", "2,315 rps", "55.6 Gbps", "600 TB per day", "≈ 1.1 EB", "close (1.7× high)", "over 3 rounds"):
        assert wanted in flat, wanted


def test_the_summary_tallies_grades_best_first_and_shows_what_was_typed():
    from rich.console import Console

    from sysdesign.ui.estimate import Answered, show_summary

    def item(expected: float, unit: str, typed: str | None) -> Answered:
        if typed is None:
            return Answered("x", "q", unit, expected, grade=est.UNANSWERED)
        verdict = grade(expected, unit, typed)
        return Answered("x", "q", unit, expected, typed, verdict, verdict.grade)

    items = [
        item(10e-3, "ms", "1 s"),       # off
        item(10e-3, "ms", "100 ns"),    # off, typed in ns
        item(10e-3, "ms", "5 GB"),      # wrong unit
        item(10e-3, "ms", None),        # unanswered
        item(10e-3, "ms", "20 ms"),     # close
        item(10e-3, "ms", "10 ms"),     # spot on
        item(10e-3, "ms", "50 ms"),     # right order of magnitude
    ]
    console = Console(record=True, width=100, color_system=None)
    show_summary(console, items, 0.3, "the latency drill", 0.3, 2, first_column="Question")
    text = " ".join(console.export_text().split())
    assert "1 spot on, 1 close, 1 right order of magnitude, 2 off, 1 wrong unit, 1 unanswered." in text
    assert "│ 100 ns │" in text and "0.0001 ms" not in text
    assert "×2.0 (close)" in text and "over 2 rounds" in text


def test_a_step_name_that_says_its_unit_gets_no_bracket():
    from sysdesign.ui.estimate import step_label

    assert step_label(1, 7, "Messages per day", "/day") == "Step 1/7 · Messages per day"
    assert step_label(1, 8, "Average photo reads per second", "rps").endswith("[rps]")
    assert step_label(2, 8, "New storage per day", "TB/day").endswith("[TB per day]")


# --- the parsers never crash on damaged files ---------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**30), 10**30), st.floats(allow_nan=True),
    st.text(max_size=20), st.sampled_from(["3 MB", "1e999", "a / 0", "{x}", "x ** 1000", "%", "/day", "[", "ceil(", ""]),
)  # fmt: skip


def _leaves(text: str) -> list[int]:
    return [i for i, line in enumerate(text.splitlines()) if ": " in line and not line.rstrip().endswith(":")]


@pytest.mark.parametrize("name", ["lessons/estimates/photo-sharing.yaml", "lessons/reference/nines.yaml"])
@given(data=st.data())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_damaged_files_give_faults_not_crashes(name, data):
    import json

    from sysdesign.content.errors import ContentError
    from sysdesign.content.fields import FileCtx
    from sysdesign.content.reference import parse_reference
    from sysdesign.content.scenarios import parse_scenario
    from sysdesign.content.yamlsrc import parse_yaml

    lines = (REPO / name).read_text().splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.sampled_from(_leaves("\n".join(lines))))
        key, _, _ = lines[index].partition(": ")
        lines[index] = f"{key}: {json.dumps(data.draw(_SCALARS))}"
    try:
        doc = parse_yaml("\n".join(lines), name)
    except ContentError:  # a YAML syntax fault: the loader reports it with its position
        return
    ctx = FileCtx(name)
    (parse_scenario if "estimates" in name else parse_reference)(ctx, doc)


def test_one_of_a_counted_thing_is_singular() -> None:
    """Issue 14: the leaderboard's worked answer said "1 shards"."""
    from sysdesign.core.quantity import format_quantity

    assert format_quantity(1, "shards") == "1 shard"
    assert format_quantity(2, "shards") == "2 shards"
    assert format_quantity(1, "queries") == "1 query"
    assert format_quantity(1, "rps") == "1 rps"
    families = {s.id: s for s in load_sources(discover(REPO)).course.scenarios}
    board = families["leaderboard"]
    shards = next(w for w in est.solve(board, est.example_params(board)) if w.step.id == "shards")
    assert shards.result == "1 shard"
    assert "1 shards" not in shards.numbers
