"""The dashboard's aggregate queries: every one a GROUP BY or a range scan on an index,
so a history of 100,000 reviews never travels into Python row by row."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from sysdesign.core.days import day_of, day_start, local_date
from sysdesign.store.db import classify_error
from sysdesign.store.sketches import sketch_days, sketch_summary
from sysdesign.store.store import Store


def dashboard_fields(store, now: datetime, tz: tzinfo | None = None) -> dict:
    """Snapshot fields for the heatmap, the due forecast, retention and sketches, by local day."""
    from sysdesign.core.report import FORECAST_DAYS, heatmap_start

    conn: sqlite3.Connection = store.conn
    today = local_date(now, tz)
    per_day = reviews_per_day(conn, heatmap_start(today), today, tz)
    # card_state_due index: everything due before tomorrow counts for today, then a scan per day
    due = _counts_per_day(conn, "SELECT count(*) FROM card_state WHERE due >= ? AND due < ?",
                          today, today + timedelta(days=FORECAST_DAYS - 1), tz, from_the_start=True)
    # per deck (or lesson) the items were reviewed from, summed in SQL; one row per item only
    # for those logged before the deck was noted (the quiz fills that in)
    by_source = {source: (n, again) for source, n, again in conn.execute(
        "SELECT source, sum(reviews), sum(again) FROM items WHERE reviews > 0 AND source IS NOT NULL "
        "GROUP BY source")}
    items = {item: (n, again) for item, n, again in conn.execute(
        "SELECT name, reviews, again FROM items WHERE reviews > 0 AND source IS NULL")}
    total, last = sketch_summary(store)
    return {
        "reviews_by_day": per_day,
        "due_by_day": due,
        "item_reviews": items,
        "source_reviews": by_source,
        "sketch_days": sketch_days(store, tz),
        "sketches_total": total,
        "last_sketch": last,
    }


QUARTER = 900  # seconds in a review_quarters bucket


def reviews_per_day(conn: sqlite3.Connection, first: date, last: date, tz: tzinfo | None) -> dict[str, int]:
    """Reviews on each local day from `first` to `last`, summed from the quarter-hour counts
    (at most 96 rows a day); a day whose midnight falls inside a quarter hour (no zone in use
    today does that) is counted from the log itself."""
    bounds = [day_start_unix(first + timedelta(days=k), tz) for k in range((last - first).days + 2)]
    if any(b % QUARTER for b in bounds):
        return _counts_per_day(conn, "SELECT count(*) FROM reviews WHERE at >= ? AND at < ?",
                               first, last, tz, bound=day_start_unix, lowest=0)
    counts = {}
    for k, (lower, upper) in enumerate(zip(bounds, bounds[1:])):
        n = conn.execute("SELECT coalesce(sum(n), 0) FROM review_quarters WHERE q >= ? AND q < ?",
                         (lower // QUARTER, upper // QUARTER)).fetchone()[0]
        if n:
            counts[(first + timedelta(days=k)).isoformat()] = n
    return counts


def day_start_unix(day: date, tz: tzinfo | None = None) -> int:
    """Local midnight at the start of `day`, in unix seconds (how review times are stored)."""
    return int(datetime.combine(day, time(), tzinfo=tz).timestamp())


def _counts_per_day(conn: sqlite3.Connection, sql: str, first: date, last: date, tz: tzinfo | None,
                    from_the_start: bool = False, bound=day_start, lowest="") -> dict[str, int]:
    """Run a `>= ? AND < ?` count for each local day from `first` to `last`; with
    `from_the_start`, the first day also takes in everything before it. `bound` turns a day
    into the stored form of its first instant (`lowest`: before anything stored)."""
    counts = {}
    day, lower = first, lowest if from_the_start else bound(first, tz)
    while day <= last:
        upper = bound(day + timedelta(days=1), tz)
        n = conn.execute(sql, (lower, upper)).fetchone()[0]
        if n:
            counts[day.isoformat()] = n
        day, lower = day + timedelta(days=1), upper
    return counts


def review_days(store, tz: tzinfo | None = None) -> set[str]:
    """Distinct local days with a review, by hopping along the reviews_at index one day at a
    time: one index seek per active day instead of reading every review."""
    days: set[str] = set()
    after = -(2**62)
    while True:
        row = store.conn.execute("SELECT at FROM reviews WHERE at >= ? ORDER BY at LIMIT 1", (after,)).fetchone()
        if row is None:
            return days
        day = datetime.fromtimestamp(row[0], timezone.utc).astimezone(tz).date()
        days.add(day.isoformat())
        after = day_start_unix(day + timedelta(days=1), tz)


def activity_days(store, tz: tzinfo | None = None) -> list[str]:
    """Distinct local days (YYYY-MM-DD) with any study, review, estimate, interview or sketch."""
    rows = store.conn.execute(
        "SELECT done_at FROM section_progress "
        "UNION SELECT answered_at FROM check_answers "
        "UNION SELECT taken_at FROM estimates "
        "UNION SELECT taken_at FROM interviews "
        "UNION SELECT taken_at FROM sketches")
    return sorted({day_of(r[0], tz) for r in rows} | review_days(store, tz))


def parse_scores(text: str | None):
    """An interview's rubric scores (JSON in the table), or None when unreadable."""
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def default_now() -> datetime:
    return datetime.now(timezone.utc)



def card_schedule(store) -> dict[str, tuple[str, float | None]]:
    """Item id -> (due, stability) for every scheduled item."""
    return {item: (due, stability) for item, due, stability in
            store.query("SELECT item_id, due, stability FROM card_state")}


def _rows_as_dicts(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _introduced_today(store: Store, now: datetime, tz: tzinfo | None) -> dict[str, int]:
    """New cards and new questions first reviewed since local midnight, per kind: the daily
    new limits count them."""
    from sysdesign.store.reviews import introduced_by_kind_since

    return introduced_by_kind_since(store, datetime.fromisoformat(day_start(local_date(now, tz), tz)))


def snapshot(store: Store, now: datetime | None = None, tz: tzinfo | None = None):
    """Everything the progress report needs, in a few indexed queries; days are local to `tz`
    (None: the system's zone)."""
    from sysdesign.core.report import Snapshot

    try:
        conn = store.conn
        estimates = _rows_as_dicts(conn.execute(
            "SELECT scenario, taken_at AS \"when\", steps, median_log10_error FROM estimates ORDER BY taken_at"))
        for row in estimates:
            row["steps"] = json.loads(row["steps"])
        interviews = _rows_as_dicts(conn.execute(
            "SELECT problem, taken_at AS \"when\", minutes, transcript, self_score, scores, status, level, coverage "
            "FROM interviews ORDER BY taken_at, id"))
        for row in interviews:
            row["scores"] = parse_scores(row["scores"])
        introduced = _introduced_today(store, now or default_now(), tz)
        return Snapshot(
            sections_done=store.sections_done(),
            finished=store.finished_lessons(),
            reviews_total=conn.execute("SELECT coalesce(sum(reviews), 0) FROM items").fetchone()[0],
            card_due=dict(conn.execute("SELECT item_id, due FROM card_state")),
            activity_days=activity_days(store, tz),
            estimates=estimates,
            interviews=interviews,
            held=conn.execute("SELECT name, kind, suspended, leech, buried_until, lapses FROM items "
                              "WHERE (suspended OR leech OR buried_until IS NOT NULL) ORDER BY name").fetchall(),
            **dashboard_fields(store, now or default_now(), tz),
            introduced_today=introduced.get("card", 0),
            questions_introduced_today=introduced.get("question", 0),
        )
    except sqlite3.Error as exc:
        raise classify_error(store.path, exc) from None

