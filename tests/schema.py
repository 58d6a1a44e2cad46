"""Databases as older sysdesigns left them, and rows written the way each schema keeps them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

V3_FIXTURE = Path(__file__).resolve().parent / "unit" / "data" / "progress-v3.sqlite3"


def at_version(path: Path, version: int) -> sqlite3.Connection:
    """A new database at schema `version`, made by the migrations up to it (autocommit)."""
    from sysdesign.store import db

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    for number in range(version):
        for statement in db.statements(db.MIGRATIONS[number]):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")
    return conn


def old_review(conn: sqlite3.Connection, item: str, rating: int, when: str = "2026-11-25T09:00:00+00:00",
               kind: str = "card", prev_state: str | None = None, answer: str | None = None) -> None:
    """A review as schemas 1-3 logged it (text item id, ISO time, the state it replaced)."""
    conn.execute("INSERT INTO reviews (item_id, kind, rating, reviewed_at, prev_state, answer) "
                 "VALUES (?, ?, ?, ?, ?, ?)", (item, kind, rating, when, prev_state, answer))


def review(conn: sqlite3.Connection, item: str, rating: int, at: int = 1795597200, kind: str = "card") -> int:
    """A review as the current schema logs it (integer item, unix seconds); returns its id."""
    conn.execute("INSERT OR IGNORE INTO items (name, kind) VALUES (?, ?)", (item, kind))
    number = conn.execute("SELECT id FROM items WHERE name = ?", (item,)).fetchone()[0]
    return conn.execute("INSERT INTO reviews (item, at, rating) VALUES (?, ?, ?)", (number, at, rating)).lastrowid


def assert_state_is_a_replay(db: Path, retention: float = 0.9) -> int:
    """Each item's card_state is what replaying its logged ratings through the scheduler
    gives, due and update time included; returns the last review id (0: none)."""
    from datetime import datetime, timezone

    from sysdesign.core.scheduler import Scheduler

    conn = sqlite3.connect(db)
    try:
        log = conn.execute("SELECT id, item_id, rating, reviewed_at FROM review_log ORDER BY id").fetchall()
        stored = {row[0]: row[1:] for row in conn.execute("SELECT item_id, state, due, updated_at FROM card_state")}
    finally:
        conn.close()
    scheduler = Scheduler(retention)
    replayed: dict[str, str] = {}
    last: dict[str, tuple[str, str]] = {}
    for _id, item, rating, reviewed_at in log:
        outcome = scheduler.rate(item, replayed.get(item), rating, datetime.fromisoformat(reviewed_at))
        replayed[item] = outcome.state
        last[item] = (reviewed_at, outcome.due.astimezone(timezone.utc).isoformat(timespec="seconds"))
    assert set(stored) == set(replayed), "card_state rows without reviews, or reviews without state"
    for item, (state, due, updated_at) in stored.items():
        assert state == replayed[item], f"card_state of {item} is not what its review log gives"
        assert (updated_at, due) == last[item], item
    return log[-1][0] if log else 0
