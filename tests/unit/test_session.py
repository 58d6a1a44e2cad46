"""Building the session queue, and the session's bookkeeping. Pure: no store, no clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from sysdesign.content.model import Card, Course, Deck, Lesson, Question, Section, Where
from sysdesign.core.session import (
    LEARN_AHEAD,
    Counts,
    Item,
    Options,
    Result,
    Session,
    SessionError,
    build_queue,
    day_bounds,
    iso,
    summarize,
)

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)
W = Where("x.yaml", 1, 1)


def ago(**kw) -> str:
    return iso(NOW - timedelta(**kw))


def later(**kw) -> str:
    return iso(NOW + timedelta(**kw))


def question(qid: str, lesson: str, tags=()) -> Question:
    return Question(qid, "truefalse", f"{qid}?", (), True, "Because.", tuple(tags), lesson, W)


def card(cid: str, deck: str, lesson: str | None, tags=()) -> Card:
    return Card(cid, f"front {cid}", f"back {cid}", tuple(tags), deck, lesson, W)


def lesson(lid: str, order: int, qids) -> Lesson:
    return Lesson(lid, lid.title(), order, "", (Section(f"{lid}-s", "S", "body", tuple(qids)),),
                  tuple(question(q, lid, tags=("net",) if q.endswith("1") else ()) for q in qids), W)


def deck(did: str, lid: str | None, n: int, own=False) -> Deck:
    return Deck(did, did, lid, tuple(card(f"{did}-{i}", did, lid, tags=("net",) if i == 0 else ()) for i in range(n)),
                own, W)


# decks listed out of course order on purpose: the queue follows the lessons' order.
# What items are about (for interleaving): a-q1, a-q2 and alpha-0 (tag net, which only
# alpha's section uses) are about section alpha-s; b-q1 and beta-0 about beta-s; the other
# cards have no tags, so nothing ties them to a section.
COURSE = Course(
    lessons=(lesson("alpha", 1, ["a-q1", "a-q2"]), lesson("beta", 2, ["b-q1"])),
    decks=(deck("beta", "beta", 3), deck("alpha", "alpha", 4), deck("mine", None, 2, own=True)),
)
BOTH = {"alpha": ago(days=3), "beta": ago(days=1)}


def ids(plan) -> list[str]:
    return [i.id for i in plan.items]


def test_nothing_unlocks_before_a_lesson_is_finished_except_own_decks():
    plan = build_queue(COURSE, {}, {}, NOW, 0)
    assert ids(plan) == ["mine-0", "mine-1"]
    assert plan.unlocked == 2
    everything = build_queue(COURSE, {}, {}, NOW, 0, Options(include_locked=True))
    assert ids(everything) == [
        "alpha-0", "beta-0", "mine-0", "alpha-1", "beta-1", "mine-1", "alpha-2", "beta-2", "alpha-3",  # decks in turn
        "a-q1", "b-q1", "a-q2",  # a-q2 waits: a-q1 is about the same section
    ]


def test_finishing_a_lesson_unlocks_its_cards_and_questions():
    plan = build_queue(COURSE, {}, {"alpha": ago(hours=1)}, NOW, 0)
    # new cards from alpha and the own deck in turn; the two questions of one section can only
    # come last, together
    assert ids(plan) == ["alpha-0", "mine-0", "alpha-1", "mine-1", "alpha-2", "alpha-3", "a-q1", "a-q2"]
    assert [i.kind for i in plan.items][-2:] == ["question", "question"]
    assert plan.items[0].is_new and plan.items[-1].is_new  # a question never reviewed here is new too
    assert plan.items[-1].due == ago(hours=1)  # due since its lesson was finished


def test_due_cards_oldest_first_then_new_cards_then_due_questions():
    due = {
        "alpha-2": ago(days=2), "beta-1": ago(days=5), "alpha-0": later(days=1),  # alpha-0 not due yet
        "alpha-1": ago(minutes=5), "a-q2": ago(days=9), "a-q1": later(hours=2), "mine-0": ago(days=1),
    }
    plan = build_queue(COURSE, due, BOTH, NOW, 0)
    assert ids(plan) == [
        "beta-1", "alpha-2", "mine-0", "alpha-1",  # due cards, oldest due first
        "alpha-3", "beta-0", "mine-1", "beta-2",  # new cards, the decks in turn
        "a-q2", "b-q1",  # due questions: a-q2 (9 days), b-q1 (first review, beta finished 1 day ago)
    ]
    assert plan.items[0].due == ago(days=5)


def test_the_daily_allowance_of_new_cards_counts_those_already_introduced():
    plan = build_queue(COURSE, {}, BOTH, NOW, introduced_today=0, options=Options(new_per_day=3))
    assert [i.id for i in plan.items if i.kind == "card"] == ["alpha-0", "beta-0", "mine-0"]  # one of each deck
    assert plan.new_left_today == 3
    plan = build_queue(COURSE, {}, BOTH, NOW, introduced_today=2, options=Options(new_per_day=3))
    assert [i.id for i in plan.items if i.kind == "card"] == ["alpha-0"]
    plan = build_queue(COURSE, {}, BOTH, NOW, introduced_today=25)
    assert [i.id for i in plan.items if i.kind == "card"] == []
    assert plan.new_left_today == 0


def test_limit_caps_the_whole_session():
    assert ids(build_queue(COURSE, {}, BOTH, NOW, 0, Options(limit=2))) == ["alpha-0", "beta-0"]


@pytest.mark.parametrize(("options", "expected"), [
    (Options(lesson="beta"), ["beta-0", "beta-1", "beta-2", "b-q1"]),
    (Options(lesson="2"), ["beta-0", "beta-1", "beta-2", "b-q1"]),  # a lesson's number works too
    (Options(deck="alpha"), ["alpha-0", "alpha-1", "alpha-2", "alpha-3"]),  # a deck holds cards only
    (Options(tag="net"), ["alpha-0", "beta-0", "mine-0", "a-q1", "b-q1"]),
    (Options(tag="net", lesson="alpha"), ["alpha-0", "a-q1"]),
])
def test_filters(options, expected):
    assert ids(build_queue(COURSE, {}, BOTH, NOW, 0, options)) == expected


@pytest.mark.parametrize(("options", "message"), [
    (Options(lesson="gamma"), "No lesson 'gamma'. The lessons are: 1 alpha, 2 beta."),
    (Options(deck="nope"), "No deck 'nope'. The decks are: beta, alpha, mine."),
    (Options(tag="zzz"), "No card or question has the tag 'zzz'. Most used tags: net."),
    (Options(tag="nte"), "No card or question has the tag 'nte'. Did you mean: net? Most used tags: net."),
])
def test_unknown_filters_say_what_exists(options, message):
    with pytest.raises(SessionError) as err:
        build_queue(COURSE, {}, BOTH, NOW, 0, options)
    assert str(err.value) == message


def test_an_unknown_tag_among_many_suggests_close_ones_and_counts_the_rest():
    from collections import Counter

    from sysdesign.core.session import _tag_hint

    uses = Counter({f"tag-{i:02d}": i for i in range(40)} | {"sharding": 50, "latency": 45})
    hint = _tag_hint("shardng", uses)
    assert hint.startswith("Did you mean: sharding? Most used tags: sharding, latency, tag-39,")
    assert hint.endswith(", and 12 more.")


def test_cram_takes_the_filtered_set_regardless_of_schedule():
    due = {"alpha-0": later(days=30), "alpha-1": ago(days=1)}
    plan = build_queue(COURSE, due, BOTH, NOW, introduced_today=99, options=Options(cram=True, lesson="alpha"))
    assert ids(plan) == ["alpha-0", "alpha-1", "alpha-2", "alpha-3", "a-q1", "a-q2"]
    locked = build_queue(COURSE, {}, {}, NOW, 0, Options(cram=True, lesson="alpha"))
    assert ids(locked) == []  # the unlock gate still holds
    assert ids(build_queue(COURSE, {}, {}, NOW, 0, Options(cram=True, lesson="alpha", include_locked=True, limit=1))) == ["alpha-0"]


def test_session_records_undoes_and_summarises():
    plan = build_queue(COURSE, {}, {"alpha": ago(days=1)}, NOW, 0, Options(lesson="alpha"))
    session = Session(plan.items)
    assert (session.position, session.total) == (1, 6)
    assert session.undo() is None and session.undone == 0
    first, second = plan.items[0], plan.items[1]
    session.record(Result(first, 3, True, review_id=1))
    session.record(Result(second, 1, False, review_id=2))
    with pytest.raises(ValueError):
        session.record(Result(first, 3, True))  # not the item showing
    assert session.position == 3
    undone = session.undo()
    assert undone.item == second and session.current == second and session.position == 2
    session.record(Result(second, 4, True, review_id=3))
    q = plan.items[4]
    session.results.extend([Result(plan.items[2], 2, True), Result(plan.items[3], 1, False)])
    session.record(Result(q, 1, False))
    summary = summarize(session, seconds=75.04, next_due=later(minutes=1), due_tomorrow=4, cram=False, ended="quit")
    assert summary == {
        "reviewed": 5, "cards": 4, "questions": 1, "correct": 3, "retention": 0.6, "seconds": 75.0,
        "next_due": later(minutes=1), "due_tomorrow": 4, "undone": 1, "left_in_queue": 1, "cram": False,
        "ended": "quit", "ratings": {"again": 2, "hard": 1, "good": 1, "easy": 1}, "suspended": 0, "buried": 0,
    }
    session.record(Result(plan.items[5], 0, False, action="suspend"))  # not an answer
    summary = summarize(session, seconds=80, next_due=None, due_tomorrow=4, cram=False, ended="finished")
    assert (summary["reviewed"], summary["suspended"], summary["left_in_queue"]) == (5, 1, 0)
    assert summarize(Session(()), seconds=0, next_due=None, due_tomorrow=0, cram=True, ended="finished")["retention"] is None


def test_day_bounds_follow_the_learners_time_zone():
    start, end = day_bounds(NOW, timezone.utc)
    assert (start, end) == (datetime(2025, 3, 10, tzinfo=timezone.utc), datetime(2025, 3, 12, tzinfo=timezone.utc))
    tokyo = timezone(timedelta(hours=9))  # 12:00 UTC is 21:00 in Tokyo, still the 10th
    start, end = day_bounds(NOW, tokyo)
    assert start == datetime(2025, 3, 9, 15, tzinfo=timezone.utc)
    assert end == datetime(2025, 3, 11, 15, tzinfo=timezone.utc)
    late = NOW + timedelta(hours=13)  # 01:00 UTC on the 11th is 10:00 on the 11th in Tokyo
    assert day_bounds(late, tokyo)[0] == datetime(2025, 3, 10, 15, tzinfo=timezone.utc)


def test_items_know_where_they_come_from():
    assert Item("alpha-0", "card", COURSE.decks[1].cards[0]).source == "alpha"
    assert Item("a-q1", "question", COURSE.lessons[0].questions[0]).source == "alpha"


def _learning(item, rating=1, after=timedelta(minutes=1), at=NOW, learning=True):
    """A rating that left the card in a learning step ending `after` from `at`."""
    return Result(item, rating, rating > 1, review_id=1, next_due=iso(at + after), learning=learning)


def test_a_card_in_a_learning_step_comes_back_when_its_step_is_up_before_the_other_cards():
    first, second, third = (Item(c.id, "card", c) for c in COURSE.decks[1].cards[:3])
    question = Item("a-q1", "question", COURSE.lessons[0].questions[0])
    session = Session((first, second, third, question))
    session.record(_learning(first))
    assert session.bring_back(NOW + timedelta(seconds=30)) is None and session.current == second  # not at once
    session.record(Result(second, 3, True))
    back = session.bring_back(NOW + timedelta(seconds=61))
    assert back is not None and not back.early and back.item.id == first.id
    assert session.current.id == first.id and session.current.learning and not session.current.is_new
    assert session.total == 5 and session.counts() == Counts(new=2, learning=1, review=0)
    session.record(Result(session.current, 3, True))  # Good: out of its learning steps in this session
    assert session.bring_back(NOW + timedelta(minutes=2)) is None and session.current == third


def test_when_nothing_else_is_left_a_learning_card_comes_early_within_the_learn_ahead_limit():
    first, second = (Item(c.id, "card", c) for c in COURSE.decks[1].cards[:2])
    session = Session((first, second))
    session.record(_learning(first, rating=2, after=timedelta(minutes=6)))  # Hard: a 6-minute step
    session.record(_learning(second, after=timedelta(minutes=30)))
    assert session.counts() == Counts(new=0, learning=2, review=0)
    back = session.bring_back(NOW)
    assert back.early and back.wait == timedelta(minutes=6) and session.current.id == first.id
    session.record(Result(session.current, 3, True))
    assert session.bring_back(NOW) is None and session.current is None  # 30 minutes is past the limit
    assert timedelta(minutes=20) == LEARN_AHEAD
    assert session.bring_back(NOW + timedelta(minutes=11)).early  # 19 minutes to go: within it


def test_only_cards_rated_again_or_hard_in_a_learning_step_come_back():
    first, second, third = (Item(c.id, "card", c) for c in COURSE.decks[1].cards[:3])
    question = Item("a-q1", "question", COURSE.lessons[0].questions[0])
    session = Session((first, second, third, question))
    session.record(_learning(first, rating=3))  # Good, though in a learning step
    session.record(_learning(second, rating=2, after=timedelta(days=3), learning=False))  # Hard on a review
    session.record(Result(third, 0, False, action="bury"))
    session.record(_learning(question))  # a question is asked again another day
    assert session.bring_back(NOW + timedelta(hours=1)) is None and session.current is None
    assert session.counts() == Counts(0, 0, 0)


def test_undo_across_a_learning_card_brought_back_takes_it_back_out():
    first, second = (Item(c.id, "card", c) for c in COURSE.decks[1].cards[:2])
    session = Session((first, second))
    session.record(Result(first, 3, True))
    session.record(_learning(second))
    assert session.bring_back(NOW).early and session.total == 3
    session.undo()
    assert session.current == second and session.total == 2
    assert session.bring_back(NOW) is None  # the undone card shows first
    session.record(Result(second, 4, True))
    assert session.bring_back(NOW) is None and session.current is None


def test_counts_split_what_is_left_into_new_learning_and_review():
    due = {"alpha-2": ago(days=2), "a-q2": ago(days=9)}
    plan = build_queue(COURSE, due, BOTH, NOW, 0)
    session = Session(plan.items)
    # new: alpha-0/1/3, beta-0/1/2, mine-0/1 and the never-reviewed a-q1, b-q1; review: alpha-2, a-q2
    assert session.counts() == Counts(new=10, learning=0, review=2)
    session.record(Result(session.current, 3, True))
    assert session.counts().review == 1


# -- interleaving, held items and leeches ---------------------------------------------------


def test_new_cards_come_from_every_unlocked_lesson_in_turn():
    from sysdesign.core.session import round_robin

    assert round_robin([["a1", "a2", "a3"], ["b1"], ["c1", "c2"]], 5) == ["a1", "b1", "c1", "a2", "c2"]
    assert round_robin([["a1", "a2"], []], 9) == ["a1", "a2"] and round_robin([["a1"]], 0) == []


def _course_of_sections() -> Course:
    """One lesson, three sections of two questions each, and cards tagged for each section."""
    sections, questions = [], []
    for s_ in "xyz":
        qids = [f"q-{s_}{n}" for n in (1, 2)]
        sections.append(Section(f"sec-{s_}", s_.upper(), "body", tuple(qids)))
        questions += [question(q, "one", tags=(f"topic-{s_}",)) for q in qids]
    lesson_ = Lesson("one", "One", 1, "", tuple(sections), tuple(questions), W)
    cards = tuple(card(f"c-{s_}{n}", "one", "one", tags=(f"topic-{s_}",)) for s_ in "xyz" for n in (1, 2, 3))
    return Course(lessons=(lesson_,), decks=(Deck("one", "One", "one", cards, False, W),))


def test_no_two_items_about_one_section_come_back_to_back():
    from sysdesign.core.session import section_keys

    course = _course_of_sections()
    plan = build_queue(course, {}, {"one": ago(days=1)}, NOW, 0)
    keys = section_keys(course, list(plan.items))
    assert keys[0] == "sec-x" and set(keys) == {"sec-x", "sec-y", "sec-z"}  # cards by their tags
    assert all(a != b for a, b in zip(keys, keys[1:])), list(zip(ids(plan), keys))
    assert sorted(ids(plan)) == sorted([c.id for c in course.cards()] + [q.id for q in course.questions()])
    # the cards still come before the questions, in their order where nothing had to move
    assert ids(plan)[:3] == ["c-x1", "c-y1", "c-x2"]


def test_held_items_stay_out_and_leeches_are_a_queue_of_their_own():
    due = {"alpha-1": ago(days=1), "alpha-2": ago(days=1)}
    plan = build_queue(COURSE, due, BOTH, NOW, 0, held={"alpha-1", "beta-0", "a-q1"})
    assert {"alpha-1", "beta-0", "a-q1"}.isdisjoint(ids(plan)) and "alpha-2" in ids(plan)
    leeches = build_queue(COURSE, {"alpha-1": later(days=9)}, BOTH, NOW, 0, Options(leeches=True),
                          held={"alpha-1"}, leeches={"alpha-1", "b-q1"})
    assert ids(leeches) == ["alpha-1", "b-q1"]  # suspended and not due, all the same


# -- daily limits ------------------------------------------------------------------------------


def test_new_questions_follow_their_own_daily_limit_oldest_lesson_first():
    due = {"a-q2": ago(days=9)}  # reviewed before: a review, never limited
    plan = build_queue(COURSE, due, BOTH, NOW, 0, Options(new_questions_per_day=1))
    questions = [i.id for i in plan.items if i.kind == "question"]
    assert sorted(questions) == ["a-q1", "a-q2"]  # alpha was finished first: its new question goes first
    assert (plan.new_questions_left_today, plan.new_questions_waiting) == (1, 1)
    none_left = build_queue(COURSE, {**due, "a-q1": later(days=1)}, BOTH, NOW, ["a-q1"],
                            Options(new_questions_per_day=1))
    assert [i.id for i in none_left.items if i.kind == "question"] == ["a-q2"]
    assert (none_left.new_questions_left_today, none_left.new_questions_waiting) == (0, 1)
    assert Options().new_questions_per_day == 10


def test_the_new_card_limit_counts_only_the_deck_or_lesson_being_reviewed():
    today = ["alpha-0", "alpha-1", "beta-0"]  # first reviewed today
    everything = build_queue(COURSE, {i: later(minutes=5) for i in today}, BOTH, NOW, today, Options(new_per_day=3))
    assert everything.new_left_today == 0 and [i for i in ids(everything) if "-q" not in i] == []
    assert everything.new_cards_waiting == 6 and everything.new_cards_had == 3
    mine = build_queue(COURSE, {i: later(minutes=5) for i in today}, BOTH, NOW, today,
                       Options(new_per_day=3, deck="mine"))
    assert ids(mine) == ["mine-0", "mine-1"] and mine.new_cards_had == 0  # none of this deck's were had
    beta = build_queue(COURSE, {i: later(minutes=5) for i in today}, BOTH, NOW, today,
                       Options(new_per_day=3, lesson="beta"))
    assert [i for i in ids(beta) if "-q" not in i] == ["beta-1", "beta-2"] and beta.new_cards_had == 1


def test_the_plan_says_when_the_next_item_in_its_scope_falls_due_and_what_the_limit_left_out():
    due = {"mine-0": later(minutes=10), "mine-1": later(days=2), "alpha-0": ago(minutes=1)}
    plan = build_queue(COURSE, due, BOTH, NOW, 0, Options(deck="mine"))
    assert ids(plan) == [] and plan.next_due == later(minutes=10)  # alpha-0, due now, is another deck's
    cut = build_queue(COURSE, {}, BOTH, NOW, 0, Options(limit=2))
    assert len(cut.items) == 2 and cut.left_by_limit == 12 - 2
