"""The built-in lessons and decks, for the tests that recompute their numbers: the fixtures and
accessors the test_numbers_* files share (each file names its lesson and deck)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO


def read(path: str | Path) -> dict:
    """A content file as plain YAML (``path`` relative to the repository, or absolute)."""
    return yaml.safe_load((REPO / path).read_text(encoding="utf-8"))


def yaml_fixture(path: str | Path, name: str):
    """A module-scoped fixture called ``name`` holding the YAML of ``path``:
    ``lesson = yaml_fixture("lessons/13-consensus.yaml", "lesson")``."""

    def load() -> dict:
        return read(path)

    return pytest.fixture(scope="module", name=name)(load)


def questions_fixture(path: str | Path):
    """A module-scoped fixture ``questions``: the lesson's questions by id."""

    def load() -> dict:
        return {q["id"]: q for q in read(path)["questions"]}

    return pytest.fixture(scope="module", name="questions")(load)


def course_lesson(lesson_id: str):
    """A module-scoped fixture ``lesson``: the loaded (validated) lesson with this id."""

    def load():
        from sysdesign.cli.common import course as load_course

        found = [x for x in load_course().lessons if x.id == lesson_id]
        assert found, f"lesson {lesson_id} is missing"
        return found[0]

    return pytest.fixture(scope="module", name="lesson")(load)


# -- plain YAML ---------------------------------------------------------------------------------

def raw_body(lesson: dict, section_id: str) -> str:
    return next(s["body"] for s in lesson["sections"] if s["id"] == section_id)


def body(lesson: dict, section_id: str) -> str:
    """A section's text with its line breaks folded into single spaces (wrapped lines read as one)."""
    return " ".join(raw_body(lesson, section_id).split())


def question(lesson: dict, question_id: str) -> dict:
    return next(q for q in lesson["questions"] if q["id"] == question_id)


def key(lesson: dict, question_id: str) -> float:
    return question(lesson, question_id)["answer"]["value"]


def numeric(lesson: dict, question_id: str) -> float:
    q = question(lesson, question_id)
    assert q["kind"] == "numeric"
    return q["answer"]["value"]


def rough(lesson: dict, question_id: str) -> float:
    """A numeric key whose tolerance accepts an estimate (at least ±5 %)."""
    q = question(lesson, question_id)
    assert q["kind"] == "numeric" and q["answer"]["tolerance"] >= 0.05
    return q["answer"]["value"]


def keyed_choice(lesson: dict, question_id: str) -> str:
    q = question(lesson, question_id)
    assert q["kind"] == "choice"
    return q["choices"][q["answer"]]


def back(deck: dict, card_id: str) -> str:
    return next(c["back"] for c in deck["cards"] if c["id"] == card_id)


def card(deck: dict, card_id: str) -> str:
    c = next(c for c in deck["cards"] if c["id"] == card_id)
    return f"{c['front']} {c['back']}"


def answer(questions: dict, question_id: str) -> float:
    """A key from a ``questions`` fixture."""
    return questions[question_id]["answer"]["value"]


# -- the loaded model -----------------------------------------------------------------------------

def model_body(lesson, section_id: str) -> str:
    return next(s.body for s in lesson.sections if s.id == section_id)


def model_numeric(lesson, question_id: str) -> float:
    q = next(q for q in lesson.questions if q.id == question_id)
    assert q.kind == "numeric"
    return q.answer.value
