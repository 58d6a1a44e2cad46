"""The validated content model: frozen dataclasses, built only by the loader."""

from __future__ import annotations

from dataclasses import dataclass


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
    # As a learner sees it (core.kinds.present): the content index of each choice as shown;
    # () when the choices are in the content's order.
    shown: tuple[int, ...] = ()


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


# interview problems (format v2; parsed by content/problems.py) ---------------------------

@dataclass(frozen=True)
class ClarifyingQuestion:
    ask: str  # what a strong candidate asks first
    why: str  # what the answer changes in the design


@dataclass(frozen=True)
class EstimateNumber:
    step: str  # a step id of the linked scenario
    value: str  # the step's example value as the solution quotes it ("1,157 rps")
    drives: str  # the design decision this number drives
    where: Where


@dataclass(frozen=True)
class Endpoint:
    call: str  # "POST /v1/links" or "RPC Check(CheckRequest)"
    does: str
    request: tuple[str, ...]  # fields: "long_url: string, required"
    response: tuple[str, ...]


@dataclass(frozen=True)
class Entity:
    name: str
    store: str  # where it lives and why that kind of store
    fields: tuple[str, ...]
    key: str  # the primary key
    indexes: tuple[str, ...]
    partition_key: str
    why: str  # why that partition key


@dataclass(frozen=True)
class DesignComponent:
    name: str
    type: str  # a sketch building block: service, cache, database, ...
    role: str
    aka: tuple[str, ...] = ()  # other names the interview coach accepts for it


@dataclass(frozen=True)
class Design:
    """The reference architecture, as `sysdesign sketch` records one."""

    components: tuple[DesignComponent, ...]
    arrows: tuple[tuple[str, str], ...]  # (from name, to name)


@dataclass(frozen=True)
class DeepDive:
    question: str
    options: tuple[str, ...]
    trade_off: str
    answer: str  # what a strong candidate says


@dataclass(frozen=True)
class FollowUp:
    ask: str
    when: tuple[str, ...] = ()  # phrases in the notes that make the coach ask it at once


@dataclass(frozen=True)
class Curveball:
    id: str
    change: str  # the change of requirements, as the interviewer says it
    covers: tuple[str, ...]  # what a good answer covers


@dataclass(frozen=True)
class RubricItem:
    id: str
    title: str
    one: str  # what a score of 1 looks like
    four: str  # what a score of 4 looks like
    two: str = ""
    three: str = ""

    @property
    def anchors(self) -> tuple[str, str, str, str]:
        return (self.one, self.two, self.three, self.four)


@dataclass(frozen=True)
class KeyPoint:
    """A point the interview coach looks for in the learner's notes."""

    id: str
    phase: str  # one of core.interview.PHASE_IDS
    point: str  # the statement, one line
    phrases: tuple[str, ...]  # words and synonyms that count as covering it
    weight: int  # 1-3
    missed: str  # the explanation shown when it is missed
    level: str = "mid"  # the lowest level expected to make it: mid | senior | staff


@dataclass(frozen=True)
class Course:
    """Everything the program teaches, validated and cross-checked."""

    lessons: tuple[Lesson, ...] = ()
    decks: tuple[Deck, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    scenarios: tuple = ()
    problems: tuple = ()  # content.problems.Problem
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
