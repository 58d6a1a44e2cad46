"""The dashboard's queries agree with the plain ones, on days, boundaries and counts."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from sysdesign.store.dashboard import activity_days, dashboard_fields
from sysdesign.store.store import Store, snapshot

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def filled(tmp_path) -> Store:
    st = Store.open(tmp_path / "p.sqlite3")
    rng = random.Random(7)
    with st.transaction() as c:
        rows = []
        for _ in range(500):
            when = NOW - timedelta(days=rng.randint(0, 200), seconds=rng.randint(0, 86399))
            rows.append((f"card-{rng.randint(1, 30)}", "card", rng.choice([1, 2, 3, 4]), when.isoformat(timespec="seconds")))
        rows.append(("card-1", "card", 1, "2026-11-24T23:59:59+00:00"))  # the last second of a day
        rows.append(("card-1", "card", 3, "2026-11-25T00:00:00+00:00"))  # the first of the next
        c.executemany("INSERT INTO reviews (item_id, kind, rating, reviewed_at) VALUES (?, ?, ?, ?)", rows)
        c.execute("INSERT INTO sketches (system, taken_at, sketch) VALUES ('X', '2025-01-01T10:00:00+00:00', '{}')")
        c.execute("INSERT INTO estimates (scenario, taken_at, params, steps) VALUES ('s', '2024-12-31T10:00:00', '{}', '[]')")
        for i, days in enumerate([-3, 0, 0, 5, 13, 14, 40]):
            due = (NOW + timedelta(days=days)).isoformat(timespec="seconds")
            c.execute("INSERT INTO card_state VALUES (?, 'card', '{}', ?, 1.0, ?)", (f"s{i}", due, due))
    return st


def test_activity_days_match_the_plain_union(tmp_path):
    st = filled(tmp_path)
    assert activity_days(st) == st.activity_days()
    assert "2025-01-01" in activity_days(st) and "2024-12-31" in activity_days(st)


def test_per_day_counts_match_a_group_by_and_respect_day_boundaries(tmp_path):
    st = filled(tmp_path)
    fields = dashboard_fields(st, NOW)
    start = "2026-08-10"  # the Monday sixteen calendar weeks back
    expected = dict(st.query("SELECT substr(reviewed_at, 1, 10) d, count(*) FROM reviews WHERE d >= ? GROUP BY d", (start,)))
    assert fields["reviews_by_day"] == expected
    assert min(fields["reviews_by_day"]) >= start


def test_due_by_day_stops_before_the_fifteenth_day_and_item_counts_add_up(tmp_path):
    st = filled(tmp_path)
    fields = dashboard_fields(st, NOW)
    assert fields["due_by_day"] == {"2026-11-22": 1, "2026-11-25": 2, "2026-11-30": 1, "2026-12-08": 1}
    total, again = st.query("SELECT count(*), sum(rating = 1) FROM reviews")[0]
    assert sum(n for n, _ in fields["item_reviews"].values()) == total
    assert sum(a for _, a in fields["item_reviews"].values()) == again
    snap = snapshot(st, NOW)
    assert snap.sketches_total == 1 and snap.last_sketch == {"system": "X", "when": "2025-01-01T10:00:00+00:00"}
    assert snap.sketch_days == ["2025-01-01"]
