"""The review loop, driven by a fake UI: undo, quit, Again at the end, and the order of
saving and acknowledging (a rating is committed before the UI says what became of it)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from rich.console import Console

from sysdesign.core.grading import grade
from sysdesign.core.session import Action, Options
from sysdesign.flows.quiz import review
from sysdesign.store import reviews
from sysdesign.ui.lines import EndOfInput


class Wait:
    """A script step: time passes (the clock moves on) before the next answer."""

    def __init__(self, seconds: float):
        self.seconds = seconds


class FakeUI:
    """Answers from a script; records what was shown, and how many reviews were saved then.
    ``counts`` are the session's counts (new, learning, review) as each item was shown, and
    ``learning`` whether the item shown was back for its learning step."""

    def __init__(self, st, script, clock=None):
        self.st = st
        self.script = list(script)
        self.clock = clock
        self.events: list[tuple] = []
        self.counts: list[tuple[int, int, int]] = []
        self.learning: list[bool] = []
        self.console = Console(file=io.StringIO(), width=80)

    def _shown(self, item, counts):
        if counts is not None:
            self.counts.append((counts.new, counts.learning, counts.review))
        self.learning.append(getattr(item, "learning", False))

    def _next(self):
        if not self.script:
            raise EndOfInput
        return self.script.pop(0)

    def saved(self) -> int:
        return reviews.reviews_total(self.st)

    def front(self, item, position, total, counts=None):
        self._shown(item, counts)
        self.events.append(("front", item.id, position, total))
        answer = self._next()
        return answer if isinstance(answer, Action) else Action.REVEAL if answer == "show" else self._push(answer)

    def _push(self, answer):
        self.script.insert(0, answer)
        return Action.REVEAL

    def back(self, item, intervals):
        return self._next()

    def question(self, item, position, total, counts=None):
        self._shown(item, counts)
        self.events.append(("question", item.id, position, total))
        answer = self._next()
        if isinstance(answer, Action):
            return answer
        return grade(item.content, answer), answer

    def verdict(self, question, graded):
        self.events.append(("verdict", question.id, graded.correct, self.saved()))

    def after_question(self):
        return self._next() if self.script and isinstance(self.script[0], Action) else Action.NEXT

    def rated(self, item, rating, interval):
        self.events.append(("rated", item.id, rating, self.saved()))
        while self.script and isinstance(self.script[0], Wait):
            self.clock.at += timedelta(seconds=self.script.pop(0).seconds)

    def undone(self, item):
        self.events.append(("undone", item.id, self.saved()))

    def nothing_to_undo(self):
        self.events.append(("nothing-to-undo",))

    def notice(self, text, style=""):
        self.events.append(("notice", text))


def run(course, store, clock, script, **options):
    ui = FakeUI(store, script, clock)
    done = review(ui, course, store, Options(deck="mini-one", include_locked=True, **options), retention=None,
                  clock=clock, monotonic=clock.monotonic)
    return ui, done


def of(ui, kind):
    return [e for e in ui.events if e[0] == kind]


def test_every_rating_is_committed_before_it_is_acknowledged(course, store, clock):
    ui, done = run(course, store, clock, [3, 4, 4, 3])
    assert done.summary["ended"] == "finished" and done.summary["reviewed"] == 4
    assert [e[3] for e in of(ui, "rated")] == [1, 2, 3, 4]  # n reviews saved when the n-th is shown
    assert reviews.reviews_total(store) == 4


def test_undo_removes_the_saved_rating_and_shows_the_card_again(course, store, clock):
    ui, done = run(course, store, clock, [3, Action.UNDO, 4, 3, 3, 3])
    first = of(ui, "front")[0][1]
    assert ("undone", first, 0) in ui.events  # the review is gone from the store
    assert [e[1] for e in of(ui, "front")][:3] == [first, of(ui, "front")[1][1], first]
    assert done.summary["undone"] == 1 and reviews.reviews_total(store) == 4


def test_undo_with_nothing_to_undo_says_so(course, store, clock):
    ui, _ = run(course, store, clock, [Action.UNDO, Action.QUIT])
    assert ("nothing-to-undo",) in ui.events


def test_quit_keeps_what_was_rated(course, store, clock):
    ui, done = run(course, store, clock, [3, 1, Action.QUIT])
    assert done.summary["ended"] == "quit" and done.summary["reviewed"] == 2
    assert reviews.reviews_total(store) == 2


def test_a_card_rated_again_waits_for_its_learning_step_while_other_cards_are_shown(course, store, clock):
    """Again gives a 1-minute learning step: the next cards come first; once the minute is up
    the card is back before the rest, labelled a learning card (not a new one)."""
    ui, done = run(course, store, clock, [1, 3, Wait(61), 3, 3, 3])
    fronts = [e[1] for e in of(ui, "front")]
    assert len(fronts) == 5 and fronts[2] == fronts[0] and len(set(fronts)) == 4  # back after one other card
    assert ui.learning == [False, False, True, False, False]
    assert not [e for e in of(ui, "notice") if "early" in e[1]]  # its step was up: not early
    assert done.summary["ended"] == "finished" and reviews.reviews_total(store) == 5


def test_an_again_card_is_not_shown_at_once_and_comes_early_only_when_nothing_else_is_left(course, store, clock):
    ui, done = run(course, store, clock, [1, 3, 3, 3, 3])  # a few seconds per card: the minute is not up
    fronts = [e[1] for e in of(ui, "front")]
    assert fronts[1] != fronts[0] and fronts[-1] == fronts[0] and len(fronts) == 5
    assert ui.learning[-1] is True
    early = [e[1] for e in of(ui, "notice") if "early" in e[1]]
    assert len(early) == 1 and "learn-ahead" in early[0] and "“What does a cache trade?”" in early[0]
    assert done.summary["ended"] == "finished"


def test_counts_of_new_learning_and_review_cards_left_update_after_each_answer(course, store, clock):
    ui, _ = run(course, store, clock, [4, 1, 4, 4, 4])
    # the card showing counts; an Again card is learning until it is rated Good
    assert ui.counts == [(4, 0, 0), (3, 0, 0), (2, 1, 0), (1, 1, 0), (0, 1, 0)]
    clock.at += timedelta(days=30)  # every card is due for review
    ui, _ = run(course, store, clock, [3, 2, 3, 3])
    assert ui.counts == [(0, 0, 4), (0, 0, 3), (0, 0, 2), (0, 0, 1)]  # Hard on a review card: not learning


def test_undo_takes_back_a_learning_card_brought_in_and_shows_the_undone_card(course, store, clock):
    ui, _ = run(course, store, clock, [1, 3, Wait(61), Action.UNDO, 3, 3, 3, 3])
    fronts = [e[1] for e in of(ui, "front")]
    # c1 Again, c2 Good, (a minute) c1 due: shown; u takes back c2's rating: c2 again, not c1
    assert fronts[:4] == [fronts[0], fronts[1], fronts[0], fronts[1]]
    assert ("undone", fronts[1], 1) in ui.events
    assert fronts[4] == fronts[0] and ui.learning[4] is True  # then the learning card, its step long up


def test_end_of_input_ends_cleanly_with_progress_kept(course, store, clock):
    ui, done = run(course, store, clock, [3])
    assert done.summary["ended"] == "end-of-input" and reviews.reviews_total(store) == 1


def test_a_question_is_saved_before_its_verdict_and_can_be_undone_after(course, store, clock):
    ui = FakeUI(store, [3, 3, 3, 3, "t", Action.UNDO, "f", Action.QUIT])
    done = review(ui, course, store, Options(lesson="mini-one", include_locked=True), retention=None,
                  clock=clock, monotonic=clock.monotonic)
    assert of(ui, "verdict") == [("verdict", "mini-one-q1", True, 5), ("verdict", "mini-one-q1", False, 5)]
    assert ("undone", "mini-one-q1", 4) in ui.events
    assert done.summary["undone"] == 1 and done.summary["ended"] == "quit"
    assert reviews.reviews_total(store) == 5


def test_cram_writes_nothing(course, store, clock):
    ui, done = run(course, store, clock, [3, 3, 3, 3], cram=True)
    assert done.summary["reviewed"] == 4 and reviews.reviews_total(store) == 0


def test_ctrl_c_says_how_many_ratings_are_saved_and_propagates(course, store, clock):
    class Interrupting(FakeUI):
        def back(self, item, intervals):
            if self.saved() == 1:
                raise KeyboardInterrupt
            return super().back(item, intervals)

    ui = Interrupting(store, [3, 3])
    with pytest.raises(KeyboardInterrupt):
        review(ui, course, store, Options(deck="mini-one", include_locked=True), retention=None,
               clock=clock, monotonic=clock.monotonic)
    assert ("notice", "\nStopped: 1 rating from this session is saved.") in ui.events
    assert reviews.reviews_total(store) == 1


def test_nothing_to_do_is_reported_through_the_callback(course, store, clock):
    seen = []
    done = review(FakeUI(store, []), course, store, Options(deck="mini-one"), retention=None, clock=clock,
                  monotonic=clock.monotonic, nothing_to_do=lambda plan, now: seen.append(plan.unlocked))
    assert seen == [0] and done.summary["reviewed"] == 0


def test_the_terminal_ui_reads_one_meaningful_key_and_nags_at_others(course):
    from fsrs import Rating

    from sysdesign.core.session import Item
    from sysdesign.ui.quiz import TerminalQuizUI

    class Keys:
        def __init__(self, keys: str):
            self.keys = list(keys)

        def read(self) -> str:
            return self.keys.pop(0)

    console = Console(file=io.StringIO(), width=200, color_system=None, record=True)
    ui = TerminalQuizUI(console, Keys("x\r" "9U" "3" "zI" "?\x04"))
    card = next(c for d in course.decks for c in d.cards)
    item = Item(card.id, "card", card)
    assert ui.front(item, 1, 1) == Action.REVEAL
    assert ui.back(item, None) == Action.UNDO
    assert ui.back(item, None) == Rating.Good
    assert ui.after_question() == Action.INFO  # upper case counts, unknown keys wait quietly
    assert ui.after_question() == Action.QUIT  # Ctrl-D
    text = console.export_text()
    assert text.count("Press Space or Enter to see the answer (u undo, i info, s suspend, b bury, q quit).") == 1
    assert text.count("Rate with 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy); u undo, q quit.") == 1
