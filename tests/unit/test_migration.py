"""Schema 4, the compact review log: a database made by schema 3 is converted in place,
after a backup, without losing a review; and the log stays small (bytes per review)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from sysdesign.store.db import SCHEMA_VERSION
from sysdesign.store.store import Store
from tests.schema import V3_FIXTURE, assert_state_is_a_replay, at_version, old_review


def _old_log(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT id, item_id, kind, rating, reviewed_at, duration_ms, answer FROM reviews "
                            "ORDER BY id").fetchall()
    finally:
        conn.close()


def _rows(path, sql) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_the_fixture_is_what_schema_3_wrote():
    """progress-v3.sqlite3 was made by `sysdesign quiz` at schema 3 over 40 simulated days."""
    assert _rows(V3_FIXTURE, "PRAGMA user_version") == [(3,)]
    log = _old_log(V3_FIXTURE)
    assert len(log) == 77 and {r[2] for r in log} == {"card", "question"}
    assert any(r[6] for r in log)  # typed answers of questions


def test_a_schema_3_database_is_converted_in_place_keeping_every_review(tmp_path):
    path = tmp_path / "progress.sqlite3"
    shutil.copyfile(V3_FIXTURE, path)
    before = _old_log(path)
    states_before = _rows(path, "SELECT * FROM card_state ORDER BY item_id")
    lapses = {}
    for item, rating, prev in _rows(path, "SELECT item_id, rating, prev_state FROM reviews ORDER BY id"):
        lapses[item] = lapses.get(item, 0) + (rating == 1 and prev is not None and json.loads(prev)["state"] == 2)

    with Store.open(path) as st:
        assert st.backup is not None and st.backup.name.startswith("progress.sqlite3.v3-")
        assert st.query("PRAGMA user_version") == [(SCHEMA_VERSION,)]
        after = st.query("SELECT id, item_id, kind, rating, reviewed_at, duration_ms, answer FROM review_log "
                         "ORDER BY id")
        assert after == before  # every review: same id, item, kind, rating, time, duration and answer
        assert st.query("SELECT * FROM card_state ORDER BY item_id") == states_before
        counts = {name: (n, again, lapsed) for name, n, again, lapsed in
                  st.query("SELECT name, reviews, again, lapses FROM items")}
        for item in {r[1] for r in before}:
            rows = [r for r in before if r[1] == item]
            assert counts[item] == (len(rows), sum(r[3] == 1 for r in rows), lapses[item])
        assert sum(lapses.values()) > 0
        assert st.query("PRAGMA integrity_check") == [("ok",)]
    assert_state_is_a_replay(path)
    assert _old_log(st.backup) == before  # the backup is the untouched schema-3 file


def test_the_converted_database_goes_on_working(tmp_path):
    """Rate, undo and read the history after the upgrade, through the store's API."""
    from sysdesign.core.scheduler import Scheduler
    from sysdesign.store import reviews

    path = tmp_path / "progress.sqlite3"
    shutil.copyfile(V3_FIXTURE, path)
    with Store.open(path) as st:
        total = reviews.reviews_total(st)
        item = st.query("SELECT item_id FROM card_state ORDER BY item_id LIMIT 1")[0][0]
        state = reviews.state_of(st, item)
        when = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)
        rid = reviews.record(st, Scheduler().rate(item, state, 3, when), "card")
        assert reviews.reviews_total(st) == total + 1
        assert reviews.log(st, item)[-1].reviewed_at == when
        reviews.undo(st, rid)
        assert reviews.state_of(st, item) == state and reviews.reviews_total(st) == total
    assert_state_is_a_replay(path)


def test_odd_rows_survive_the_upgrade(tmp_path):
    """A hand-edited time, unreadable JSON, and state with no review are kept, not fatal."""
    path = tmp_path / "p.sqlite3"
    conn = at_version(path, 3)
    old_review(conn, "card-a", 3, when="2026-01-05T10:00:00+00:00")
    old_review(conn, "card-a", 1, when="2026-01-09T10:00:00+00:00", prev_state="{not json")
    old_review(conn, "card-b", 2, when="yesterday-ish")
    old_review(conn, "q-1", 1, when="2026-01-05T10:00:00.250000+00:00", kind="question", answer="b")
    conn.execute("INSERT INTO card_state VALUES ('card-z', 'card', '{}', '2026-02-01T00:00:00+00:00', 1.0, "
                 "'2026-01-01T00:00:00+00:00')")
    conn.close()
    with Store.open(path) as st:
        rows = st.query("SELECT item_id, kind, rating, reviewed_at, answer FROM review_log ORDER BY id")
        assert rows == [
            ("card-a", "card", 3, "2026-01-05T10:00:00+00:00", None),
            ("card-a", "card", 1, "2026-01-09T10:00:00+00:00", None),
            ("card-b", "card", 2, "1970-01-01T00:00:00+00:00", None),  # kept; its time was unreadable
            ("q-1", "question", 1, "2026-01-05T10:00:00+00:00", "b"),
        ]
        assert st.query("SELECT name, reviews, lapses FROM items ORDER BY name") == [
            ("card-a", 2, 0), ("card-b", 1, 0), ("card-z", 0, 0), ("q-1", 1, 0)]


def _fill(conn: sqlite3.Connection, reviews: int, items: int = 2000) -> None:
    """Reviews shaped like a real history: times a few hours apart, durations of seconds."""
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO items (name, kind) VALUES (?, 'card')",
                     [(f"some-deck-card-{n:05d}",) for n in range(items)])
    start = int(datetime(2024, 1, 1, tzinfo=timezone.utc).timestamp())
    conn.executemany("INSERT INTO reviews (item, at, rating, duration_ms) VALUES (?, ?, ?, ?)",
                     ((1 + (n * 7919) % items, start + n * 97, 1 + n % 4, 2000 + (n * 37) % 9000)
                      for n in range(reviews)))
    conn.execute("COMMIT")


@pytest.mark.parametrize("reviews", [20_000])
def test_a_review_takes_well_under_120_bytes_on_disk(tmp_path, reviews):
    """The log and its indexes (dbstat: the pages they occupy), per review. The benchmark
    measures the same at 1,000,000 reviews; the layout is the same at any size."""
    path = tmp_path / "p.sqlite3"
    Store.open(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    _fill(conn, reviews)
    used = conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name IN ('reviews', 'reviews_item', 'reviews_at')"
                        ).fetchone()[0]
    conn.close()
    assert used / reviews <= 60, f"{used / reviews:.1f} bytes per review"


def test_undo_keeps_only_the_recent_ratings(tmp_path):
    from sysdesign.core.scheduler import Scheduler
    from sysdesign.store import reviews

    t0 = datetime(2026, 1, 1, 9, 0, tzinfo=timezone.utc)
    s = Scheduler()
    with Store.open(tmp_path / "p.sqlite3") as st:
        for n in range(reviews.UNDO_KEEP + 5):
            out = s.rate(f"card-{n}", None, 3, t0 + timedelta(seconds=n))
            reviews.record(st, out, "card")
        assert st.query("SELECT count(*), min(review) FROM undo") == [(reviews.UNDO_KEEP, 6)]
        with pytest.raises(Exception, match="too old to undo"):
            reviews.undo(st, 1)
        assert reviews.reviews_total(st) == reviews.UNDO_KEEP + 5
