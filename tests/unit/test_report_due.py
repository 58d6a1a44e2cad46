"""due_now counts only items that are still in the content."""

from __future__ import annotations

from datetime import datetime, timezone

from sysdesign.cli.common import course as load_course
from sysdesign.core.report import Snapshot, build_report

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def test_due_now_ignores_state_of_removed_cards():
    course = load_course()
    card = course.cards()[0].id
    past = "2026-11-24T12:00:00+00:00"
    snap = Snapshot(card_due={card: past, "a-deleted-own-card": past, course.cards()[1].id: "2026-11-30T00:00:00+00:00"})
    assert build_report(course, snap, NOW)["due_now"] == 1


def question_course(lessons: int, per_lesson: int):
    from sysdesign.content.model import Course, Lesson, Question, Section

    def lesson(n: int) -> Lesson:
        ids = tuple(f"l{n}-q{i}" for i in range(per_lesson))
        questions = tuple(Question(q, "truefalse", f"Is {q} true?", (), True, "It is.", (), f"l{n}", ())
                          for q in ids)
        return Lesson(f"l{n}", f"Lesson {n}", n, "", (Section(f"l{n}-s1", "One", "Body", ids),), questions, ())

    return Course(lessons=tuple(lesson(n) for n in range(1, lessons + 1)), decks=())


def test_new_questions_are_those_of_finished_lessons_never_reviewed_under_the_daily_limit():
    """3 lessons of 6 questions; 2 finished (12 questions); 3 of them in review (2 asked
    today), 1 suspended, 1 buried until tomorrow: 12 - 3 - 2 = 7 new; 10 a day less the 2
    asked today leaves 8, so all 7 come today."""
    from sysdesign.core.limits import DEFAULT_NEW_QUESTIONS_PER_DAY

    assert DEFAULT_NEW_QUESTIONS_PER_DAY == 10
    course = question_course(3, 6)
    finished = {"l1": "2026-11-20T10:00:00+00:00", "l2": "2026-11-24T10:00:00+00:00"}
    due = {q: "2026-11-30T00:00:00+00:00" for q in ("l1-q0", "l1-q1", "l2-q0")}
    held = [("l1-q2", "question", 1, 0, None, 0), ("l2-q1", "question", 0, 0, "2026-11-26T00:00:00+00:00", 0),
            ("l2-q2", "question", 0, 0, "2026-11-25T06:00:00+00:00", 0)]  # buried until this morning: back
    snap = Snapshot(finished=finished, card_due=due, held=held, questions_introduced_today=2)
    report = build_report(course, snap, NOW)
    assert (report["new_questions_available"], report["new_questions_today"]) == (7, 7)
    # 9 asked today: one more is allowed
    report = build_report(course, Snapshot(finished=finished, card_due=due, held=held,
                                           questions_introduced_today=9), NOW)
    assert (report["new_questions_available"], report["new_questions_today"]) == (7, 1)
    # all three lessons finished, nothing asked: 18 waiting, 10 today; past the limit, none
    every = {**finished, "l3": "2026-11-25T11:00:00+00:00"}
    report = build_report(course, Snapshot(finished=every), NOW)
    assert (report["new_questions_available"], report["new_questions_today"]) == (18, 10)
    report = build_report(course, Snapshot(finished=every, questions_introduced_today=12), NOW)
    assert (report["new_questions_available"], report["new_questions_today"]) == (18, 0)
    # no finished lesson: none
    report = build_report(course, Snapshot(), NOW)
    assert (report["new_questions_available"], report["new_questions_today"]) == (0, 0)


def test_new_questions_today_is_what_build_queue_brings():
    from sysdesign.core.session import build_queue

    course = question_course(3, 6)
    finished = {"l1": "2026-11-20T10:00:00+00:00", "l2": "2026-11-24T10:00:00+00:00",
                "l3": "2026-11-25T11:00:00+00:00"}
    due = {"l1-q0": "2026-11-30T00:00:00+00:00"}
    held = [("l1-q2", "question", 1, 0, None, 0)]
    introduced = {"l1-q0", "l1-q3-gone"}  # one asked today (and one no longer in the course)
    plan = build_queue(course, due, finished, NOW, introduced, held={"l1-q2"})
    report = build_report(course, Snapshot(finished=finished, card_due=due, held=held,
                                           questions_introduced_today=1), NOW)
    brought = sum(1 for item in plan.items if item.first_review)
    assert brought == report["new_questions_today"] == 9
    assert report["new_questions_available"] == brought + plan.new_questions_waiting == 16
