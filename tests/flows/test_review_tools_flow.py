"""Card info, suspend, bury, leeches and interleaving, through the review flow with a fake UI."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sysdesign.core.leech import turns_leech
from sysdesign.core.scheduler import Scheduler
from sysdesign.core.session import Action, Options
from sysdesign.flows.quiz import review, set_held, show_info
from sysdesign.store import reviews
from tests.flows.test_quiz_flow import FakeUI, of

INFO, SUSPEND, BURY, UNDO, QUIT = Action.INFO, Action.SUSPEND, Action.BURY, Action.UNDO, Action.QUIT


class ToolsUI(FakeUI):
    def info(self, item, info):
        self.events.append(("info", item.id, info))

    def held(self, item, action, until):
        self.events.append(("held", item.id, action, until, self.flags(item.id)))

    def flags(self, item_id):
        return reviews.flags_of(self.st, item_id)

    def question(self, item, position, total, counts=None):
        if self.script and isinstance(self.script[0], int):  # a rating meant for a card: answer True
            self.script[0] = "t"
        return super().question(item, position, total, counts)


def run(course, store, clock, script, **options):
    ui = ToolsUI(store, script)
    done = review(ui, course, store, Options(**{"deck": "mini-one", "include_locked": True, **options}),
                  retention=None, clock=clock, monotonic=clock.monotonic)
    return ui, done


def fronts(ui):
    return [e[1] for e in of(ui, "front")]


def test_info_shows_the_memory_state_and_history_then_the_card_again(course, store, clock):
    ui, _ = run(course, store, clock, [3, 3, 3, 3])  # learn the deck: every card reviewed once
    first = fronts(ui)[0]
    clock.at += timedelta(days=3)
    ui, _ = run(course, store, clock, [INFO, 3, QUIT])
    (_, shown, info), = of(ui, "info")
    assert shown == first and fronts(ui)[:2] == [first, first]  # the card again after its info
    assert (info.id, info.kind, info.state, info.reviews, info.lapses) == (first, "card", "learning", 1, 0)
    assert info.stability_days > 0 and 1 <= info.difficulty <= 10 and 0 < info.retrievability < 1
    assert [r.rating for r in info.history] == ["Good"] and info.history[0].days_since_previous is None
    assert info.title == next(c.front for c in course.cards() if c.id == first)
    assert reviews.reviews_total(store) == 5  # asking for info saves nothing


def test_suspend_leaves_the_queue_for_good_and_undo_brings_it_back(course, store, clock):
    ui, done = run(course, store, clock, [SUSPEND, 3, 3, 3])
    first = fronts(ui)[0]
    (_, held_id, action, until, flags), = of(ui, "held")
    assert (held_id, action, until, flags.suspended) == (first, "suspend", None, True)
    assert first not in fronts(ui)[1:] and done.summary["suspended"] == 1 and done.summary["reviewed"] == 3
    clock.at += timedelta(days=30)
    ui, _ = run(course, store, clock, [3, 3, 3, 3])
    assert first not in fronts(ui)  # not the next day either
    clock.at += timedelta(days=90)
    ui, _ = run(course, store, clock, [SUSPEND, UNDO, QUIT])
    again = fronts(ui)  # suspended at the first card, u at the second: the first is back
    assert again[0] == again[2] != again[1] and not reviews.flags_of(store, again[0]).suspended
    assert ("notice", f"↶ Undone: {again[0]} is no longer suspended; here it is again.") in ui.events


def test_bury_holds_a_card_until_tomorrow(course, store, clock):
    ui, done = run(course, store, clock, [BURY, QUIT])
    first = fronts(ui)[0]
    (_, _, action, until, flags), = of(ui, "held")
    tomorrow = (clock.at + timedelta(days=1)).date().isoformat()
    assert action == "bury" and until.startswith(tomorrow) and flags.buried_until == until
    assert done.summary["buried"] == 1
    ui, _ = run(course, store, clock, [QUIT])  # later today: not shown
    assert fronts(ui)[0] != first
    clock.at = datetime.fromisoformat(until) + timedelta(minutes=1)
    ui, _ = run(course, store, clock, [QUIT])  # tomorrow: back
    assert fronts(ui)[0] == first


def test_a_question_can_be_suspended_after_its_answer_and_both_undone(course, store, clock):
    # the first card rated Again comes round after the question: u there undoes the suspension,
    # u again the answer itself, and the question is back
    ui = ToolsUI(store, [1, 3, 3, 3, "t", SUSPEND, UNDO, UNDO, QUIT])
    review(ui, course, store, Options(lesson="mini-one", include_locked=True), retention=None,
           clock=clock, monotonic=clock.monotonic)
    assert of(ui, "question")[-1][1] == "mini-one-q1" and len(of(ui, "question")) == 2
    assert of(ui, "held")[0][1:3] == ("mini-one-q1", "suspend")
    assert ("notice", "↶ Undone: mini-one-q1 is no longer suspended.") in ui.events  # the first u
    assert ("undone", "mini-one-q1", 4) in ui.events  # the second u: the answer, too
    assert not reviews.flags_of(store, "mini-one-q1").suspended


def _lapsed(store, item_id, lapses, when):
    """A card in the Review state that has lapsed `lapses` times (through the store's API)."""
    s = Scheduler()
    state = None
    for _ in range(lapses + 1):
        for rating in (3, 3):  # learn, graduate to Review
            out = s.rate(item_id, state, rating, when)
            reviews.record(store, out, "card")
            state, when = out.state, out.due
        if _ < lapses:
            out = s.rate(item_id, state, 1, when)
            reviews.record(store, out, "card")
            state, when = out.state, out.due
    return when


def test_the_eighth_lapse_suspends_the_card_as_a_leech_undo_takes_it_back(course, store, clock):
    due = _lapsed(store, "m1-cache", 7, clock.at - timedelta(days=400))
    assert reviews.flags_of(store, "m1-cache").lapses == 7 and not reviews.flags_of(store, "m1-cache").leech
    clock.at = due + timedelta(days=1)
    ui, done = run(course, store, clock, [1, 3, 3, 3, 3, 3, 3])
    assert fronts(ui)[0] == "m1-cache"
    flags = reviews.flags_of(store, "m1-cache")
    assert (flags.lapses, flags.leech, flags.suspended) == (8, True, True)
    leech_notice = [e for e in of(ui, "notice") if "leech" in e[1]]
    assert leech_notice and "sysdesign quiz --unsuspend m1-cache" in leech_notice[0][1]
    assert fronts(ui).count("m1-cache") == 1  # rated Again, yet not round again: it is suspended
    ui, _ = run(course, store, clock, [QUIT])
    assert "m1-cache" not in fronts(ui)
    # --leeches reviews it all the same, suspended or not
    ui, _ = run(course, store, clock, [3], leeches=True)
    assert fronts(ui) == ["m1-cache"] and reviews.flags_of(store, "m1-cache").suspended
    # the command line brings it back, leech tag and all
    set_held(course, store, "m1-cache", "unsuspend", clock)
    assert reviews.flags_of(store, "m1-cache") == reviews.Flags(lapses=8)


def test_undoing_the_rating_that_made_a_leech_unmakes_it(course, store, clock):
    due = _lapsed(store, "m1-cache", 7, clock.at - timedelta(days=400))
    clock.at = due + timedelta(days=1)
    ui, _ = run(course, store, clock, [1, UNDO, 3, QUIT])
    flags = reviews.flags_of(store, "m1-cache")
    assert (flags.lapses, flags.leech, flags.suspended) == (7, False, False)


def test_the_leech_threshold_is_a_setting():
    assert [n for n in range(1, 20) if turns_leech(n, 8)] == [8, 12, 16]
    assert not any(turns_leech(n, 0) for n in range(30))
    assert [n for n in range(1, 6) if turns_leech(n, 2)] == [2, 3, 4, 5]


def test_a_lower_threshold_from_the_settings_applies(course, store, clock):
    reviews.set_leech_threshold(store, 2)
    due = _lapsed(store, "m1-cache", 1, clock.at - timedelta(days=60))
    clock.at = due + timedelta(days=1)
    run(course, store, clock, [1, QUIT])
    assert reviews.flags_of(store, "m1-cache").leech


def test_quiz_info_from_the_command_line_and_unknown_ids(course, store, clock):
    import pytest

    from sysdesign.flows import Refused

    info = show_info(course, store, "m1-cache", clock)
    assert info.state == "new" and info.reviews == 0 and info.history == ()
    with pytest.raises(Refused, match="Did you mean: m1-cache"):
        show_info(course, store, "m1-cach", clock)


def test_new_cards_of_two_lessons_are_mixed(course, store, clock):
    ui, _ = run(course, store, clock, [3] * 7, deck=None, new_per_day=4)
    decks = [f.split("-")[0] for f in fronts(ui) if f.startswith("m")][:4]
    assert decks == ["m1", "m2", "m1", "m2"]


def test_a_clock_at_utc_is_what_bury_uses(clock):
    from sysdesign.core.session import tomorrow_start

    noon = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
    assert tomorrow_start(noon, timezone.utc) == datetime(2024, 5, 2, tzinfo=timezone.utc)
    tokyo = timezone(timedelta(hours=9))  # 21:00 there: tomorrow starts three hours later
    assert tomorrow_start(noon, tokyo) == datetime(2024, 5, 1, 15, 0, tzinfo=timezone.utc)
