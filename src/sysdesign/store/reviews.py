"""Review history and per-item scheduling state.

``reviews`` is an append-only log of integers (undo is the one exception: it deletes the
row it undoes): the item (``items.id``), the time in unix seconds, the rating, the time
taken and, for a question, what was typed. There is no state in the log: an item's state
is a replay of its ratings. ``card_state`` holds each item's current fsrs state so due
queries never scan the history, and ``undo`` keeps the card_state row (and the item's
lapse count and flags) that each of the last ``UNDO_KEEP`` ratings replaced. A rating and
everything it changes are written in one transaction, committed before the next card shows.

``items`` has one row per item ever reviewed, suspended or buried: its counts (kept by
triggers), lapses, and the suspended / leech / buried-until flags.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone

from sysdesign.core.days import iso
from sysdesign.core.leech import DEFAULT_LEECH_THRESHOLD, is_lapse, turns_leech
from sysdesign.store.db import BUSY_TIMEOUT_S, StoreError
from sysdesign.store.store import Store

RETENTION_KEY = "quiz.retention"
LEECH_KEY = "quiz.leech_threshold"
LOCK_WAIT_S = BUSY_TIMEOUT_S
UNDO_KEEP = 1000  # ratings that can still be undone (a session never gets near it)
# the partial index items_held covers exactly the rows this picks out
HELD = "(suspended OR leech OR buried_until IS NOT NULL)"


def _read(store: Store, sql: str, params: tuple = ()) -> list[tuple]:
    return store.query(sql, params)


def unix(when: datetime) -> int:
    """The stored form of a review time: whole seconds since 1970, UTC."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return int(when.timestamp())


def from_unix(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, timezone.utc)


# reading ------------------------------------------------------------------------------


def due_by_item(store: Store) -> dict[str, str]:
    """Every scheduled item and its due time (ISO, UTC)."""
    return dict(_read(store, "SELECT item_id, due FROM card_state"))


def state_of(store: Store, item_id: str) -> str | None:
    """The item's stored fsrs state (JSON), or None if it was never reviewed."""
    rows = _read(store, "SELECT state FROM card_state WHERE item_id = ?", (item_id,))
    return rows[0][0] if rows else None


def introduced_by_kind_since(store: Store, since: datetime) -> dict[str, int]:
    """Items first reviewed at or after ``since``, per kind ('card', 'question'): what
    today's new limits count, in one query over today's reviews (an index range)."""
    rows = _read(store, "SELECT i.kind, count(*) FROM reviews AS r JOIN items AS i ON i.id = r.item "
                        "WHERE r.at >= ? "
                        "AND NOT EXISTS (SELECT 1 FROM reviews AS p WHERE p.item = r.item AND p.id < r.id) "
                        "GROUP BY i.kind",
                 (unix(since),))
    return dict(rows)


def introduced_items_since(store: Store, since: datetime) -> set[str]:
    """The cards and questions first reviewed at or after ``since`` (what today's new limits
    count)."""
    rows = _read(store, "SELECT DISTINCT i.name FROM reviews AS r JOIN items AS i ON i.id = r.item "
                        "WHERE r.at >= ? "
                        "AND NOT EXISTS (SELECT 1 FROM reviews AS p WHERE p.item = r.item AND p.id < r.id)",
                 (unix(since),))
    return {name for (name,) in rows}


def due_until(store: Store, until: datetime) -> int:
    """Items whose due time is before ``until`` (suspended ones never come due)."""
    return _read(store, "SELECT count(*) FROM card_state WHERE due < ? AND item_id NOT IN "
                        f"(SELECT name FROM items WHERE {HELD} AND suspended)", (iso(until),))[0][0]


def next_due(store: Store) -> str | None:
    """The earliest due time of any scheduled item that is not suspended."""
    return _read(store, "SELECT min(due) FROM card_state WHERE item_id NOT IN "
                        f"(SELECT name FROM items WHERE {HELD} AND suspended)")[0][0]


def reviews_total(store: Store) -> int:
    """Reviews in the log (the per-item counts the triggers keep: no scan of the log)."""
    return _read(store, "SELECT coalesce(sum(reviews), 0) FROM items")[0][0]


def retention(store: Store, default: float) -> float:
    raw = store.setting(RETENTION_KEY)
    try:
        return float(raw) if raw is not None else default
    except ValueError:
        return default


def set_retention(store: Store, value: float) -> None:
    store.set_setting(RETENTION_KEY, repr(float(value)))


def leech_threshold(store: Store) -> int:
    """Lapses that make a card a leech (0: never); a hand-edited nonsense value is ignored."""
    raw = store.setting(LEECH_KEY)
    try:
        value = int(raw) if raw is not None else DEFAULT_LEECH_THRESHOLD
    except ValueError:
        return DEFAULT_LEECH_THRESHOLD
    return value if value >= 0 else DEFAULT_LEECH_THRESHOLD


def set_leech_threshold(store: Store, value: int) -> None:
    store.set_setting(LEECH_KEY, str(int(value)))


@dataclass(frozen=True)
class LogEntry:
    """One review, as the log keeps it."""

    id: int
    item_id: str
    kind: str
    rating: int
    reviewed_at: datetime
    duration_ms: int | None
    answer: str | None


def log(store: Store, item_id: str | None = None) -> list[LogEntry]:
    """The review log in order, all of it or one item's (by the reviews_item index)."""
    sql = ("SELECT r.id, i.name, i.kind, r.rating, r.at, r.duration_ms, r.answer "
           "FROM reviews AS r JOIN items AS i ON i.id = r.item")
    if item_id is None:
        rows = _read(store, sql + " ORDER BY r.id")
    else:
        rows = _read(store, sql + " WHERE i.name = ? ORDER BY r.id", (item_id,))
    return [LogEntry(rid, name, kind, rating, from_unix(at), ms, answer)
            for rid, name, kind, rating, at, ms, answer in rows]


def ratings(store: Store) -> Iterator[tuple[int, int, int]]:
    """(item number, unix time, rating) for every review in the order they were given: what
    the optimizer reads, streamed in table order rather than held in memory."""
    import sqlite3

    from sysdesign.store.db import classify_error

    try:
        cursor = store.conn.execute("SELECT item, at, rating FROM reviews ORDER BY id")
        while rows := cursor.fetchmany(10_000):
            yield from rows
    except sqlite3.Error as exc:
        raise classify_error(store.path, exc) from None


@dataclass(frozen=True)
class Flags:
    """What the learner (or the leech rule) set on an item."""

    suspended: bool = False
    leech: bool = False
    buried_until: str | None = None  # ISO UTC; the item stays out of the queue until then
    lapses: int = 0


def flags_of(store: Store, item_id: str) -> Flags:
    rows = _read(store, "SELECT suspended, leech, buried_until, lapses FROM items WHERE name = ?", (item_id,))
    if not rows:
        return Flags()
    suspended, leech, buried, lapses = rows[0]
    return Flags(bool(suspended), bool(leech), buried, lapses)


@dataclass(frozen=True)
class Held:
    """An item kept out of the reviews (suspended, a leech, or buried)."""

    item_id: str
    kind: str
    suspended: bool
    leech: bool
    buried_until: str | None
    lapses: int


def held(store: Store) -> list[Held]:
    """Every item that is suspended, tagged a leech or buried (the items_held index)."""
    rows = _read(store, f"SELECT name, kind, suspended, leech, buried_until, lapses FROM items WHERE {HELD} "
                        "ORDER BY name")
    return [Held(name, kind, bool(s), bool(le), buried, lapses) for name, kind, s, le, buried, lapses in rows]


# writing ------------------------------------------------------------------------------


def _item(c, item_id: str, kind: str, source: str | None = None) -> tuple[int, int, int, int]:
    """The item's (number, lapses, suspended, leech), adding its row on first use; `source`
    (the deck of a card, the lesson of a question) is noted when known."""
    row = c.execute("SELECT id, lapses, suspended, leech, source FROM items WHERE name = ?", (item_id,)).fetchone()
    if row is None:
        cursor = c.execute("INSERT INTO items (name, kind, source) VALUES (?, ?, ?)", (item_id, kind, source))
        return int(cursor.lastrowid), 0, 0, 0
    if source is not None and row[4] != source:
        c.execute("UPDATE items SET source = ? WHERE id = ?", (source, row[0]))
    return row[:4]


_UPSERT_STATE = (
    "INSERT INTO card_state (item_id, kind, state, due, stability, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(item_id) DO UPDATE SET kind = excluded.kind, state = excluded.state, "
    "due = excluded.due, stability = excluded.stability, updated_at = excluded.updated_at")


def record(store: Store, outcome, kind: str, *, duration_ms: int | None = None, answer: str | None = None,
           leech_after: int = DEFAULT_LEECH_THRESHOLD, source: str | None = None) -> int:
    """Log one rating and store the state it produced, atomically; returns the log row id.

    ``outcome`` is a core.scheduler.Outcome. Its ``prev_state`` must be the state now in
    the store (the caller read it just before); if another process changed the item
    meanwhile, nothing is written and StoreError says so. A card whose lapses reach
    ``leech_after`` (0: never) is suspended and tagged a leech in the same transaction.
    ``source`` is the item's deck (a card) or lesson (a question), for per-deck counts.
    """
    with store.transaction() as c:
        before = c.execute("SELECT state, due, stability, updated_at FROM card_state WHERE item_id = ?",
                           (outcome.item_id,)).fetchone()
        current = before[0] if before else None
        if current != outcome.prev_state:
            raise StoreError(
                f"{outcome.item_id} was reviewed by another sysdesign while this one was showing it; "
                f"this rating was not saved. The database is {store.path}."
            )
        number, lapses, suspended, leech = _item(c, outcome.item_id, kind, source)
        cursor = c.execute("INSERT INTO reviews (item, at, rating, duration_ms, answer) VALUES (?, ?, ?, ?, ?)",
                           (number, unix(outcome.reviewed_at), int(outcome.rating), duration_ms, answer))
        review_id = int(cursor.lastrowid)
        c.execute("INSERT INTO undo (review, state, due, stability, updated_at, lapses, suspended, leech) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (review_id, *(before or (None,) * 4), lapses, suspended, leech))
        c.execute("DELETE FROM undo WHERE review <= ?", (review_id - UNDO_KEEP,))
        if is_lapse(outcome.prev_state, outcome.rating):
            lapses += 1
            if kind == "card" and turns_leech(lapses, leech_after):
                suspended, leech = 1, 1
            c.execute("UPDATE items SET lapses = ?, suspended = ?, leech = ? WHERE id = ?",
                      (lapses, suspended, leech, number))
        c.execute(_UPSERT_STATE, (outcome.item_id, kind, outcome.state, iso(outcome.due), outcome.stability,
                                  iso(outcome.reviewed_at)))
        return review_id


def undo(store: Store, review_id: int) -> str:
    """Delete one log row and put back what it replaced; returns the item id.

    Only the latest review of an item can be undone (an older one would throw away
    what came after it), and only one of the last UNDO_KEEP ratings.
    """
    with store.transaction() as c:
        row = c.execute("SELECT r.item, i.name, i.kind FROM reviews AS r JOIN items AS i ON i.id = r.item "
                        "WHERE r.id = ?", (review_id,)).fetchone()
        if row is None:
            raise StoreError(f"Review {review_id} is not in {store.path}; nothing was undone.")
        number, item_id, kind = row
        later = c.execute("SELECT 1 FROM reviews WHERE item = ? AND id > ? LIMIT 1", (number, review_id)).fetchone()
        if later:
            raise StoreError(f"{item_id} has been reviewed again since; only its latest review can be undone.")
        kept = c.execute("SELECT state, due, stability, updated_at, lapses, suspended, leech FROM undo "
                         "WHERE review = ?", (review_id,)).fetchone()
        if kept is None:
            raise StoreError(f"The rating of {item_id} is too old to undo (only the last {UNDO_KEEP} ratings "
                             "can be); nothing was undone.")
        state, due, stability, updated_at, lapses, suspended, leech = kept
        c.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
        c.execute("DELETE FROM undo WHERE review = ?", (review_id,))
        if state is None:
            c.execute("DELETE FROM card_state WHERE item_id = ?", (item_id,))
        else:
            c.execute(_UPSERT_STATE, (item_id, kind, state, due, stability, updated_at))
        c.execute("UPDATE items SET lapses = ?, suspended = ?, leech = ? WHERE id = ?",
                  (lapses, suspended, leech, number))
        return item_id


def items_without_source(store: Store) -> list[str]:
    """Items logged before the store noted their deck (a database from before schema 4)."""
    return [name for (name,) in _read(store, "SELECT name FROM items WHERE source IS NULL")]


def note_sources(store: Store, sources: dict[str, str]) -> None:
    """Note the deck or lesson of items (item id -> deck or lesson id; '' for one the
    content no longer has, so it is not looked up again)."""
    if sources:
        with store.transaction() as c:
            c.executemany("UPDATE items SET source = ? WHERE name = ?", [(v, k) for k, v in sources.items()])


def card_state_row(store: Store, item_id: str) -> tuple | None:
    rows = _read(store, "SELECT item_id, kind, state, due, stability, updated_at FROM card_state WHERE item_id = ?",
                 (item_id,))
    return rows[0] if rows else None


def set_flags(store: Store, item_id: str, kind: str, *, suspended: bool | None = None, leech: bool | None = None,
              buried_until: str | None | bool = False) -> Flags:
    """Change an item's flags (None / False: leave as it is); returns the flags it had, so
    the change can be undone with ``restore_flags``."""
    with store.transaction() as c:
        _item(c, item_id, kind)
        before = c.execute("SELECT suspended, leech, buried_until, lapses FROM items WHERE name = ?",
                           (item_id,)).fetchone()
        old = Flags(bool(before[0]), bool(before[1]), before[2], before[3])
        c.execute("UPDATE items SET suspended = ?, leech = ?, buried_until = ? WHERE name = ?",
                  (int(old.suspended if suspended is None else suspended),
                   int(old.leech if leech is None else leech),
                   old.buried_until if buried_until is False else buried_until, item_id))
        return old


def restore_flags(store: Store, item_id: str, flags: Flags) -> None:
    with store.transaction() as c:
        c.execute("UPDATE items SET suspended = ?, leech = ?, buried_until = ? WHERE name = ?",
                  (int(flags.suspended), int(flags.leech), flags.buried_until, item_id))


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

