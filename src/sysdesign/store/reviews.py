"""Review history and per-item scheduling state.

``reviews`` is an append-only log (undo is the one exception: it deletes the row it
undoes); ``card_state`` holds each item's current fsrs state so due queries never scan
the history. A rating and the state it produces are written in one transaction, and that
transaction is committed before the next card is shown.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sysdesign.core.days import iso
from sysdesign.store.db import BUSY_TIMEOUT_S, StoreError
from sysdesign.store.store import Store

RETENTION_KEY = "quiz.retention"
LOCK_WAIT_S = BUSY_TIMEOUT_S


def _read(store: Store, sql: str, params: tuple = ()) -> list[tuple]:
    return store.query(sql, params)


# reading ------------------------------------------------------------------------------


def due_by_item(store: Store) -> dict[str, str]:
    """Every scheduled item and its due time (ISO, UTC)."""
    return dict(_read(store, "SELECT item_id, due FROM card_state"))


def state_of(store: Store, item_id: str) -> str | None:
    """The item's stored fsrs state (JSON), or None if it was never reviewed."""
    rows = _read(store, "SELECT state FROM card_state WHERE item_id = ?", (item_id,))
    return rows[0][0] if rows else None


def introduced_since(store: Store, since: datetime) -> int:
    """New cards first reviewed at or after ``since`` (their review has no previous state)."""
    rows = _read(store, "SELECT count(*) FROM reviews WHERE reviewed_at >= ? AND kind = 'card' "
                        "AND prev_state IS NULL", (iso(since),))
    return rows[0][0]


def due_until(store: Store, until: datetime) -> int:
    """Items whose due time is before ``until``."""
    return _read(store, "SELECT count(*) FROM card_state WHERE due < ?", (iso(until),))[0][0]


def next_due(store: Store) -> str | None:
    """The earliest due time of any scheduled item."""
    return _read(store, "SELECT min(due) FROM card_state")[0][0]


def reviews_total(store: Store) -> int:
    return _read(store, "SELECT count(*) FROM reviews")[0][0]


def retention(store: Store, default: float) -> float:
    raw = store.setting(RETENTION_KEY)
    try:
        return float(raw) if raw is not None else default
    except ValueError:
        return default


def set_retention(store: Store, value: float) -> None:
    store.set_setting(RETENTION_KEY, repr(float(value)))


# writing ------------------------------------------------------------------------------


def record(store: Store, outcome, kind: str, *, duration_ms: int | None = None, answer: str | None = None) -> int:
    """Log one rating and store the state it produced, atomically; returns the log row id.

    ``outcome`` is a core.scheduler.Outcome. Its ``prev_state`` must be the state now in
    the store (the caller read it just before); if another process changed the item
    meanwhile, nothing is written and StoreError says so.
    """
    with store.transaction() as c:
        row = c.execute("SELECT state FROM card_state WHERE item_id = ?", (outcome.item_id,)).fetchone()
        current = row[0] if row else None
        if current != outcome.prev_state:
            raise StoreError(
                f"{outcome.item_id} was reviewed by another sysdesign while this one was showing it; "
                f"this rating was not saved. The database is {store.path}."
            )
        cursor = c.execute(
            "INSERT INTO reviews (item_id, kind, rating, reviewed_at, duration_ms, prev_state, answer) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (outcome.item_id, kind, int(outcome.rating), iso(outcome.reviewed_at), duration_ms,
             outcome.prev_state, answer),
        )
        c.execute(
            "INSERT INTO card_state (item_id, kind, state, due, stability, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(item_id) DO UPDATE SET kind = excluded.kind, state = excluded.state, "
            "due = excluded.due, stability = excluded.stability, updated_at = excluded.updated_at",
            (outcome.item_id, kind, outcome.state, iso(outcome.due), outcome.stability,
             iso(outcome.reviewed_at)),
        )
        return int(cursor.lastrowid)


def undo(store: Store, review_id: int) -> str:
    """Delete one log row and put back the state it replaced; returns the item id.

    Only the latest review of an item can be undone (an older one would throw away
    what came after it).
    """
    with store.transaction() as c:
        row = c.execute("SELECT item_id, kind, prev_state FROM reviews WHERE id = ?", (review_id,)).fetchone()
        if row is None:
            raise StoreError(f"Review {review_id} is not in {store.path}; nothing was undone.")
        item_id, kind, prev_state = row
        later = c.execute("SELECT 1 FROM reviews WHERE item_id = ? AND id > ? LIMIT 1", (item_id, review_id)).fetchone()
        if later:
            raise StoreError(f"{item_id} has been reviewed again since; only its latest review can be undone.")
        c.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
        if prev_state is None:
            c.execute("DELETE FROM card_state WHERE item_id = ?", (item_id,))
        else:
            state = json.loads(prev_state)
            c.execute(
                "INSERT INTO card_state (item_id, kind, state, due, stability, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(item_id) DO UPDATE SET kind = excluded.kind, state = excluded.state, "
                "due = excluded.due, stability = excluded.stability, updated_at = excluded.updated_at",
                (item_id, kind, prev_state, iso(datetime.fromisoformat(state["due"])), state.get("stability"),
                 # a stored state was written by the review that produced it, at its last_review
                 iso(datetime.fromisoformat(state.get("last_review") or state["due"]))),
            )
        return item_id


def card_state_row(store: Store, item_id: str) -> tuple | None:
    rows = _read(store, "SELECT item_id, kind, state, due, stability, updated_at FROM card_state WHERE item_id = ?",
                 (item_id,))
    return rows[0] if rows else None


# one review session at a time ------------------------------------------------------------


@contextmanager
def session_lock(store: Store, wait_s: float | None = None) -> Iterator[None]:
    """Hold the review-session lock (a lock file beside the database) while a quiz runs.

    A second session waits up to ``wait_s`` seconds, then gets StoreError saying the
    database is busy. The operating system drops the lock if the process dies.
    """
    wait = LOCK_WAIT_S if wait_s is None else wait_s
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX: rely on SQLite's own locking
        yield
        return
    path = store.path.with_name(store.path.name + ".quiz-lock")
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(
            f"Cannot create the lock file {path} ({exc.strerror}). Check that the data folder is writable, "
            "or set SYSDESIGN_HOME to a folder you can write. Nothing was changed."
        ) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreError(
                        f"The progress database {store.path} is busy: another sysdesign quiz is running. "
                        "Finish or quit the other session (press q there) and try again. Nothing was changed."
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)

