"""The dashboard's queries agree with the plain ones, on days, boundaries and counts."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from sysdesign.store.dashboard import activity_days, dashboard_fields, snapshot
from sysdesign.store.reviews import unix
from sysdesign.store.store import Store
from tests.schema import review

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
        for item, kind, rating, when in rows:
            review(c, item, rating, unix(datetime.fromisoformat(when)), kind)
        c.execute("INSERT INTO sketches (system, taken_at, sketch) VALUES ('X', '2025-01-01T10:00:00+00:00', '{}')")
        c.execute("INSERT INTO estimates (scenario, taken_at, params, steps) VALUES ('s', '2024-12-31T10:00:00', '{}', '[]')")
        for i, days in enumerate([-3, 0, 0, 5, 13, 14, 40]):
            due = (NOW + timedelta(days=days)).isoformat(timespec="seconds")
            c.execute("INSERT INTO card_state VALUES (?, 'card', '{}', ?, 1.0, ?)", (f"s{i}", due, due))
    return st


PACIFIC = timezone(timedelta(hours=-8))
INDIA = timezone(timedelta(hours=5, minutes=30))


def local_day(stamp: str, tz) -> str:
    when = datetime.fromisoformat(stamp)
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).astimezone(tz).date().isoformat()


ALL_STAMPS = ("SELECT reviewed_at FROM review_log UNION ALL SELECT taken_at FROM sketches "
              "UNION ALL SELECT taken_at FROM estimates")


@pytest.mark.parametrize("tz", [timezone.utc, PACIFIC, INDIA], ids=["utc", "pacific", "india"])
def test_activity_days_are_the_local_days_of_every_stamp(tmp_path, tz):
    st = filled(tmp_path)
    assert activity_days(st, tz) == sorted({local_day(r[0], tz) for r in st.query(ALL_STAMPS)})


def test_activity_days_in_utc_and_in_california(tmp_path):
    st = filled(tmp_path)
    assert "2025-01-01" in activity_days(st, timezone.utc) and "2024-12-31" in activity_days(st, timezone.utc)
    # the first second of 25 November UTC is still the afternoon of the 24th in California
    assert "2026-11-24" in activity_days(st, PACIFIC)


@pytest.mark.parametrize("tz", [timezone.utc, PACIFIC, INDIA], ids=["utc", "pacific", "india"])
def test_per_day_counts_are_local_days_and_respect_day_boundaries(tmp_path, tz):
    st = filled(tmp_path)
    fields = dashboard_fields(st, NOW, tz)
    start = "2026-08-10"  # the Monday sixteen calendar weeks back
    expected = Counter(local_day(r[0], tz) for r in st.query("SELECT reviewed_at FROM review_log"))
    assert fields["reviews_by_day"] == {d: n for d, n in sorted(expected.items()) if d >= start}
    assert min(fields["reviews_by_day"]) >= start


def test_a_review_late_in_a_utc_evening_counts_for_that_evening_in_california(tmp_path):
    st = Store.open(tmp_path / "p.sqlite3")
    with st.transaction() as c:  # 02:30 UTC on the 25th is 18:30 on the 24th in California
        review(c, "a", 3, unix(datetime.fromisoformat("2026-11-25T02:30:00+00:00")))
    assert dashboard_fields(st, NOW, PACIFIC)["reviews_by_day"] == {"2026-11-24": 1}
    assert dashboard_fields(st, NOW, timezone.utc)["reviews_by_day"] == {"2026-11-25": 1}


def test_due_by_day_stops_before_the_fifteenth_day_and_item_counts_add_up(tmp_path):
    st = filled(tmp_path)
    fields = dashboard_fields(st, NOW, timezone.utc)
    # the overdue item (three days ago) counts for today
    assert fields["due_by_day"] == {"2026-11-25": 3, "2026-11-30": 1, "2026-12-08": 1}
    total, again = st.query("SELECT count(*), sum(rating = 1) FROM reviews")[0]
    assert sum(n for n, _ in fields["item_reviews"].values()) == total
    assert sum(a for _, a in fields["item_reviews"].values()) == again
    snap = snapshot(st, NOW, timezone.utc)
    assert snap.sketches_total == 1 and snap.last_sketch == {"system": "X", "when": "2025-01-01T10:00:00+00:00"}
    assert snap.sketch_days == ["2025-01-01"]


ODD = timezone(timedelta(minutes=7))  # no zone in use has it: midnight inside a quarter hour


def test_the_heatmap_falls_back_to_the_log_where_midnight_splits_a_quarter_hour(tmp_path):
    st = filled(tmp_path)
    expected = Counter(local_day(r[0], ODD) for r in st.query("SELECT reviewed_at FROM review_log"))
    got = dashboard_fields(st, NOW, ODD)["reviews_by_day"]
    assert got == {d: n for d, n in sorted(expected.items()) if d >= "2026-08-10"}


def test_per_deck_counts_summed_by_the_store_match_the_per_item_ones(tmp_path):
    from sysdesign.content.loader import load_dir
    from sysdesign.core.report import retention
    from tests.cli.mini_course import write_mini_course

    course = load_dir(write_mini_course(tmp_path / "content")).course
    st = Store.open(tmp_path / "p.sqlite3")
    with st.transaction() as c:
        for n, card in enumerate(course.cards() * 3):
            review(c, card.id, 1 + n % 4)
        review(c, "gone-card", 1)
    per_item = dashboard_fields(st, NOW)
    assert not per_item["source_reviews"]
    with st.transaction() as c:  # what the quiz notes when it logs a review
        for card in course.cards():
            c.execute("UPDATE items SET source = ? WHERE name = ?", (card.deck_id, card.id))
    per_source = dashboard_fields(st, NOW)
    assert set(per_source["item_reviews"]) == {"gone-card"}
    assert retention(course, per_source["item_reviews"], per_source["source_reviews"]) == \
        retention(course, per_item["item_reviews"]) != []


def test_the_snapshot_counts_new_cards_and_new_questions_first_reviewed_today(tmp_path):
    """Only an item's first review counts, and only when it falls on the local day: a card seen
    yesterday and again today is not new today; each kind goes to its own daily limit."""
    st = Store.open(tmp_path / "p.sqlite3")
    today, yesterday = unix(NOW - timedelta(hours=2)), unix(NOW - timedelta(days=1))
    with st.transaction() as c:
        for item, kind, at in (("c-new1", "card", today), ("c-new2", "card", today), ("c-old", "card", yesterday),
                               ("c-old", "card", today), ("q-new1", "question", today),
                               ("q-new1", "question", today + 60), ("q-new2", "question", today),
                               ("q-new3", "question", today), ("q-old", "question", yesterday)):
            review(c, item, 3, at, kind)
    snap = snapshot(st, NOW, timezone.utc)
    assert (snap.introduced_today, snap.questions_introduced_today) == (2, 3)
    # in California the "yesterday" reviews (12:00 UTC on the 24th) are 04:00 on the 24th too
    assert snapshot(st, NOW, PACIFIC).questions_introduced_today == 3
