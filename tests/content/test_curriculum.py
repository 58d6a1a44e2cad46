"""The shipped curriculum: complete, consistent, and in our own words."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from sysdesign.cli.common import course as load_course
from sysdesign.core.kinds import NAMES as QUESTION_KINDS
from tests.conftest import REPO, SHARED

LESSON_ORDER = [
    "why-system-design",
    "building-blocks",
    "thinking-in-systems",
    "url-shortener",
    "common-pitfalls",
    "key-takeaways",
    "key-concepts",
    "networking-basics",
]
OVERLAP_TOOL = SHARED / "tools" / "seed_overlap.py"


@pytest.fixture(scope="module")
def course():
    return load_course()


def test_the_foundations_come_first_and_orders_run_without_gaps(course):
    assert [lesson.id for lesson in course.lessons][:8] == LESSON_ORDER
    assert [lesson.order for lesson in course.lessons] == list(range(1, len(course.lessons) + 1))
    assert all(lesson.part for lesson in course.lessons), "every lesson names its part"


TERMS = Path(__file__).parent / "terms"  # one file per part-2 lesson: a key term a line, `a | b` alternatives


@pytest.mark.parametrize("lesson_id", sorted(p.stem for p in TERMS.glob("*.txt")))
def test_key_terms_are_taught_and_drilled(course, lesson_id):
    lesson = next((x for x in course.lessons if x.id == lesson_id), None)
    if lesson is None:
        pytest.skip(f"lesson {lesson_id} is not written yet")
    taught = " ".join(s.body for s in lesson.sections).lower()
    drilled = " ".join(f"{c.front} {c.back}" for d in course.decks if d.lesson_id == lesson_id
                       for c in d.cards).lower()
    for line in (TERMS / f"{lesson_id}.txt").read_text().splitlines():
        names = [n.strip().lower() for n in line.split("|") if n.strip()]
        assert any(n in taught for n in names), f"{lesson_id}: {line!r} is not taught in its sections"
        assert any(n in drilled for n in names), f"{lesson_id}: {line!r} is not drilled in its deck"
    assert lesson.sources, f"{lesson_id} names no sources"


def test_totals(course):
    assert len(course.cards()) >= 250
    assert len(course.questions()) >= 150
    assert len(course.checklist) == 6


def test_every_section_has_two_to_four_checks_and_every_question_is_asked(course):
    for lesson in course.lessons:
        asked = Counter(qid for s in lesson.sections for qid in s.checks)
        for section in lesson.sections:
            assert 2 <= len(section.checks) <= 4, f"{section.id} has {len(section.checks)} checks"
        assert set(asked) == {q.id for q in lesson.questions}, f"{lesson.id}: questions never asked"
        assert max(asked.values()) == 1, f"{lesson.id}: a question is asked twice"


def test_every_kind_of_question_is_used_in_every_lesson(course):
    for lesson in course.lessons:
        kinds = {q.kind for q in lesson.questions}
        assert kinds == set(QUESTION_KINDS), f"{lesson.id} lacks {set(QUESTION_KINDS) - kinds}"


def test_answers_fit_their_questions(course):
    for q in course.questions():
        if q.kind == "choice":
            assert 0 <= q.answer < len(q.choices)
        elif q.kind == "multi":
            assert q.answer and all(0 <= i < len(q.choices) for i in q.answer)
        elif q.kind == "order":
            assert sorted(q.answer) == list(range(len(q.choices)))
        elif q.kind == "truefalse":
            assert isinstance(q.answer, bool)
        else:
            assert q.answer.value == q.answer.value and 0 <= q.answer.tolerance < 1
        assert q.explain.strip() and q.explain.strip().lower() not in ("correct", "correct.")


def test_each_lesson_deck_has_enough_cards_and_fronts_are_unique(course):
    for lesson in course.lessons:
        deck = [d for d in course.decks if d.lesson_id == lesson.id and not d.own]
        assert len(deck) == 1, f"{lesson.id} needs exactly one deck"
        assert len(deck[0].cards) >= 20, f"deck {deck[0].id} has {len(deck[0].cards)} cards"
    fronts = Counter(" ".join(c.front.lower().split()) for c in course.cards())
    assert [f for f, n in fronts.items() if n > 1] == []


def test_card_backs_are_short(course):
    long_backs = [c.id for c in course.cards() if len(c.back) > 240]
    assert long_backs == []


def test_content_is_in_our_own_words():
    if not OVERLAP_TOOL.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the own-words check needs {OVERLAP_TOOL}, which CI must provide")
        pytest.skip(f"own-words check skipped: {OVERLAP_TOOL} is not here (../shared is absent)")
    out = subprocess.run(
        [sys.executable, str(OVERLAP_TOOL), "lessons", "flashcards"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stdout[-3000:]
    assert out.stdout.strip().splitlines()[-1].startswith("overlap: 0 runs")
