"""Daily sketches: stored as one JSON document per sketch in the `sketches` table."""

from __future__ import annotations

import json
from datetime import datetime, tzinfo

from sysdesign.core.days import day_of
from sysdesign.store.store import Store, iso


def save_sketch(store: Store, system: str, when: datetime, sketch: dict) -> int:
    """Store a sketch (complete or not) and return its number."""
    with store.transaction() as c:
        cur = c.execute("INSERT INTO sketches (system, taken_at, sketch) VALUES (?, ?, ?)",
                        (system, iso(when), json.dumps(sketch, ensure_ascii=False)))
        return int(cur.lastrowid)


def update_sketch(store: Store, sketch_id: int, sketch: dict) -> None:
    with store.transaction() as c:
        c.execute("UPDATE sketches SET sketch = ? WHERE id = ?", (json.dumps(sketch, ensure_ascii=False), sketch_id))


def _decode(row: tuple) -> dict:
    sketch_id, system, taken_at, text = row
    try:
        data = json.loads(text)
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    return {"id": sketch_id, "system": system, "when": taken_at, "sketch": data}


def list_sketches(store: Store, limit: int | None = None) -> list[dict]:
    """Past sketches, newest first."""
    sql = "SELECT id, system, taken_at, sketch FROM sketches ORDER BY taken_at DESC, id DESC"
    params: tuple = ()
    if limit is not None:
        sql += " LIMIT ?"
        params = (limit,)
    return [_decode(r) for r in store.query(sql, params)]


def get_sketch(store: Store, sketch_id: int) -> dict | None:
    rows = store.query("SELECT id, system, taken_at, sketch FROM sketches WHERE id = ?", (sketch_id,))
    return _decode(rows[0]) if rows else None


def sketch_days(store: Store, tz: tzinfo | None = None) -> list[str]:
    """Distinct local days with a sketch."""
    return sorted({day_of(r[0], tz) for r in store.query("SELECT DISTINCT taken_at FROM sketches")})


def sketch_summary(store: Store) -> tuple[int, dict | None]:
    """How many sketches there are, and the newest one's system and time."""
    total = store.query("SELECT count(*) FROM sketches")[0][0]
    last = store.query("SELECT system, taken_at FROM sketches ORDER BY taken_at DESC, id DESC LIMIT 1")
    return total, ({"system": last[0][0], "when": last[0][1]} if last else None)


def delete_sketch(store: Store, sketch_id: int) -> None:
    """Forget a sketch that never got past naming its product."""
    with store.transaction() as c:
        c.execute("DELETE FROM sketches WHERE id = ?", (sketch_id,))
