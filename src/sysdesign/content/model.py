"""The validated content model: frozen dataclasses, built only by the loader."""

from __future__ import annotations

from dataclasses import dataclass

QUESTION_KINDS = ("choice", "multi", "truefalse", "order", "numeric")


@dataclass(frozen=True)
class Where:
    """Where an item was defined, for messages that point back at the file."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class NumericAnswer:
    value: float
    tolerance: float  # relative: 0.05 means within ±5 %
    unit: str | None = None


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    prompt: str
    choices: tuple[str, ...]
    answer: int | tuple[int, ...] | bool | NumericAnswer
    explain: str
    tags: tuple[str, ...]
    lesson_id: str
    where: Where
    lint: tuple[str, ...] = ()  # content-lint rules the author silenced, with a reason


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    body: str
    checks: tuple[str, ...]


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    order: int
    summary: str
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    where: Where
    part: str = ""  # the part of the course it belongs to ("Foundations")
    sources: tuple[str, ...] = ()  # where its numbers and claims come from


@dataclass(frozen=True)
class Card:
    id: str
    front: str
    back: str
    tags: tuple[str, ...]
    deck_id: str
    lesson_id: str | None
    where: Where
    lint: tuple[str, ...] = ()


@dataclass(frozen=True)
class Deck:
    id: str
    title: str
    lesson_id: str | None  # None: an own deck that is always unlocked
    cards: tuple[Card, ...]
    own: bool
    where: Where


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    title: str
    ask: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Course:
    """Everything the program teaches, validated and cross-checked."""

    lessons: tuple[Lesson, ...] = ()
    decks: tuple[Deck, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    scenarios: tuple = ()
    problems: tuple = ()
    reference: tuple = ()  # cheat-sheet tables (lessons/reference/*.yaml)

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((le for le in self.lessons if le.id == lesson_id), None)

    def questions(self) -> list[Question]:
        return [q for le in self.lessons for q in le.questions]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions() if q.id == question_id), None)

    def cards(self) -> list[Card]:
        return [c for d in self.decks for c in d.cards]

    def summary_line(self) -> str:
        parts = [
            f"{len(self.lessons)} lessons",
            f"{sum(len(le.sections) for le in self.lessons)} sections",
            f"{len(self.questions())} questions",
            f"{len(self.decks)} decks",
            f"{len(self.cards())} cards",
            f"{len(self.checklist)} checklist items",
        ]
        if self.scenarios:
            parts.append(f"{len(self.scenarios)} estimation scenarios")
        if self.problems:
            parts.append(f"{len(self.problems)} interview problems")
        return ", ".join(parts)
