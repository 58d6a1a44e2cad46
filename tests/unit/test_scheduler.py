"""The fsrs wrapper, with an injected clock: exact and repeatable."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from sysdesign.core.scheduler import (
    RetentionError,
    Scheduler,
    check_retention,
    due_of,
    format_interval,
    fsrs_card_id,
)
from sysdesign.store import reviews
from sysdesign.store.store import Store

T0 = datetime(2025, 3, 10, 9, 0, tzinfo=timezone.utc)
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


def graduated(scheduler: Scheduler, item: str = "card-a") -> tuple[str, datetime]:
    """A card in the Review state: Good while new, Good again when its 10-minute step is up."""
    first = scheduler.rate(item, None, GOOD, T0)
    second = scheduler.rate(item, first.state, GOOD, first.due)
    assert json.loads(second.state)["state"] == 2  # fsrs State.Review
    return second.state, second.due


def test_a_new_card_walks_the_learning_steps():
    s = Scheduler()
    assert s.preview("card-a", None, T0) == {
        AGAIN: timedelta(minutes=1), HARD: timedelta(minutes=5, seconds=30),
        GOOD: timedelta(minutes=10), EASY: timedelta(days=8),
    }
    assert [format_interval(d) for d in s.preview("card-a", None, T0).values()] == ["1m", "6m", "10m", "8d"]


def test_good_on_a_learned_card_is_not_due_tomorrow():
    s = Scheduler()
    state, due = graduated(s)
    review_time = due  # reviewed exactly when due
    out = s.rate("card-a", state, GOOD, review_time)
    end_of_tomorrow = (review_time + timedelta(days=2)).replace(hour=0, minute=0, second=0)
    assert out.due > end_of_tomorrow
    assert out.due == review_time + s.preview("card-a", state, review_time)[GOOD]  # no fuzz: the button is the truth


def test_again_is_due_within_the_day():
    s = Scheduler()
    state, due = graduated(s)
    later = due + timedelta(days=3)
    out = s.rate("card-a", state, AGAIN, later)
    assert later < out.due <= later + timedelta(hours=1)
    assert json.loads(out.state)["state"] == 3  # Relearning
    new = s.rate("card-b", None, AGAIN, T0)
    assert new.due == T0 + timedelta(minutes=1)


def test_ratings_order_the_intervals_and_retention_shortens_them():
    state, due = graduated(Scheduler())
    for when in (due, due + timedelta(days=5)):
        preview = Scheduler().preview("card-a", state, when)
        assert preview[AGAIN] < preview[HARD] < preview[GOOD] < preview[EASY]
    relaxed = Scheduler(0.8).preview("card-a", state, due)[GOOD]
    strict = Scheduler(0.95).preview("card-a", state, due)[GOOD]
    assert strict < relaxed


def test_outcome_carries_the_exact_previous_state_for_undo():
    s = Scheduler()
    state, due = graduated(s)
    out = s.rate("card-a", state, EASY, due, duration_ms=1234)
    assert out.prev_state == state  # the very text, byte for byte
    assert out.reviewed_at == due and out.rating == EASY
    assert due_of(out.state) == out.due
    assert json.loads(out.state)["last_review"] == due.isoformat()


def test_undo_in_the_store_restores_the_exact_row(tmp_path):
    s = Scheduler()
    with Store.open(tmp_path / "db.sqlite3") as st:
        first = s.rate("card-a", None, GOOD, T0)
        rid1 = reviews.record(st, first, "card")
        second = s.rate("card-a", first.state, GOOD, first.due)
        rid2 = reviews.record(st, second, "card")
        before = reviews.card_state_row(st, "card-a")
        log_before = st.query("SELECT * FROM reviews ORDER BY id")

        third = s.rate("card-a", reviews.state_of(st, "card-a"), AGAIN, second.due + timedelta(days=4))
        rid3 = reviews.record(st, third, "card")
        assert reviews.card_state_row(st, "card-a") != before
        assert reviews.undo(st, rid3) == "card-a"
        assert reviews.card_state_row(st, "card-a") == before
        assert st.query("SELECT * FROM reviews ORDER BY id") == log_before

        # undoing the first review of a card makes it new again
        reviews.undo(st, rid2)
        reviews.undo(st, rid1)
        assert reviews.card_state_row(st, "card-a") is None
        assert reviews.reviews_total(st) == 0


def test_cards_always_get_an_explicit_id(monkeypatch):
    import fsrs.card

    def no_sleep(_seconds):
        raise AssertionError("fsrs.Card() was created without card_id (it sleeps 1 ms)")

    monkeypatch.setattr(fsrs.card.time, "sleep", no_sleep)
    s = Scheduler()
    card = s.card("bb-cache-aside", None, T0)
    assert card.card_id == fsrs_card_id("bb-cache-aside") != fsrs_card_id("bb-cache-asidf")
    s.preview("bb-cache-aside", None, T0)
    s.rate("bb-cache-aside", None, GOOD, T0)


def test_a_naive_or_offset_clock_is_taken_as_utc():
    s = Scheduler()
    naive = s.rate("x", None, GOOD, T0.replace(tzinfo=None))
    offset = s.rate("x", None, GOOD, T0.astimezone(timezone(timedelta(hours=2))))
    assert naive.state == offset.state == s.rate("x", None, GOOD, T0).state


def test_retention_must_be_sensible():
    assert check_retention(0.9) == 0.9
    for bad in (0.5, 1.0, 0.0, 1.2):
        with pytest.raises(RetentionError, match="0.70–0.99"):
            Scheduler(bad)


@pytest.mark.parametrize(("delta", "text"), [
    (timedelta(seconds=20), "<1m"), (timedelta(minutes=1), "1m"), (timedelta(minutes=10), "10m"),
    (timedelta(hours=5), "5h"), (timedelta(days=1), "1d"), (timedelta(days=29), "29d"),
    (timedelta(days=45), "1.5mo"), (timedelta(days=60), "2mo"), (timedelta(days=365 * 2), "2y"),
    (timedelta(days=500), "1.4y"),
])
def test_intervals_read_like_buttons(delta, text):
    assert format_interval(delta) == text
