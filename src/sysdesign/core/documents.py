"""The ``--json`` documents as TypedDicts: the scripting contract of the README.

Scripts rely on these keys (``progress --json`` at least those DESIGN.md lists). Adding a key
means adding it here; removing or renaming one breaks scripts. ``tests/cli/test_json_contract.py``
checks each command's document against its type. Classes with ``total=False`` hold keys that
only some documents have (a drill has no scenario, a round left early no family median).
"""

from __future__ import annotations

from typing import Any, TypedDict

# -- progress --json ------------------------------------------------------------------------


class LessonProgress(TypedDict):
    id: str
    title: str
    order: int
    part: str  # the part of the course ("Foundations"), "" when the lesson names none
    sections_done: int  # read in the current reading (a restart starts a new one)
    sections_total: int
    finished: bool  # stays true after a restart: the lesson is read again, its cards stay in review
    rereading: bool  # a finished lesson being read again


class EstimateRound(TypedDict):
    scenario: str
    when: str
    steps: list[dict[str, Any]] | None
    median_log10_error: float | None


class InterviewRecord(TypedDict):
    problem: str
    title: str  # the problem's title (its id when the course no longer has it)
    when: str
    minutes: float
    transcript: str | None
    self_score: float | None
    scores: Any
    status: str  # running | interrupted | done
    level: str | None  # mid | senior | staff: what the coach graded against
    coverage: float | None  # the coach's weighted coverage of the key points, 0-1

class ProgressDocument(TypedDict):
    lessons: list[LessonProgress]
    cards_total: int
    cards_unlocked: int
    questions_total: int
    reviews_total: int
    due_now: int
    streak_days: int
    estimates: list[EstimateRound]
    interviews: list[InterviewRecord]
    today: str
    next_lesson: dict[str, Any] | None
    new_available: int  # unlocked cards never reviewed
    new_today: int  # of those, what a review today brings under the daily limit
    new_per_day: int
    new_questions_available: int  # check questions of finished lessons never reviewed in the quiz
    new_questions_today: int  # of those, what a quiz started now brings under their daily limit
    reviews_by_day: dict[str, int]
    due_forecast: list[dict[str, Any]]
    retention: list[dict[str, Any]]
    calibration: list[dict[str, Any]]
    sketches_total: int
    sketch_streak_days: int
    last_sketch: dict[str, Any] | None
    range_calibration: dict[str, Any]  # 90 % ranges: overall and per family (core.calibration)
    suspended: list[dict[str, Any]]  # cards kept out of reviews until unsuspended
    buried: list[dict[str, Any]]  # cards kept out until tomorrow
    leeches: list[dict[str, Any]]  # cards forgotten too often: rewrite or split them


# -- quiz --json ------------------------------------------------------------------------------


class QuizSummary(TypedDict):
    reviewed: int
    cards: int
    questions: int
    correct: int
    retention: float | None
    seconds: float
    next_due: str | None
    due_tomorrow: int
    undone: int
    left_in_queue: int
    cram: bool
    ended: str  # finished | quit | end-of-input | unusable-input
    ratings: dict[str, int]  # again, hard, good, easy
    suspended: int  # cards suspended in this session
    buried: int  # cards buried until tomorrow in this session


# -- estimate --json ----------------------------------------------------------------------------


class GradedStep(TypedDict):
    id: str
    name: str
    unit: str | None
    expected: float
    given: float | None
    given_text: str | None
    log10_error: float | None
    grade: str
    interval: dict[str, Any] | None  # a range answer: its ends, held or not, interval score


class _RoundBase(TypedDict):
    answered: int
    complete: bool
    counted: bool
    median_log10_error: float | None
    family_median_log10_error: float | None
    family_rounds: int
    ranges: dict[str, Any] | None  # this round's 90 % ranges (None: none given)
    family_ranges: dict[str, Any] | None  # the family's ranges over all its rounds


class EstimateDocument(_RoundBase, total=False):
    """A scenario round (``scenario`` … ``steps``) or a drill (``drill``, ``questions``)."""

    scenario: str
    title: str
    seed: int
    example: bool
    units: str
    params: dict[str, float]
    steps: list[GradedStep]
    drill: str
    questions: list[GradedStep]


# -- mock-interview --plan --json --------------------------------------------------------------


class PlannedPhaseRow(TypedDict):
    index: int
    id: str
    title: str
    start_min: float
    end_min: float
    minutes: float
    goal: str


class _PlanBase(TypedDict):
    problem: str | None
    title: str | None
    minutes: float
    phases: list[PlannedPhaseRow]


class PlanDocument(_PlanBase, total=False):
    reference: dict[str, Any]  # with a problem: its reference solution
