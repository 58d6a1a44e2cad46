"""The review session: show each item, grade it, commit the rating, then acknowledge it.

Every rating is committed to the store before the UI shows its outcome or the next item, so
Ctrl-C or a killed process loses at most the answer being given.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from rich.console import Console

from sysdesign.content.model import Course, Question
from sysdesign.core.grading import Graded
from sysdesign.core.scheduler import (
    DEFAULT_RETENTION,
    RetentionError,
    Scheduler,
    button_labels,
    check_retention,
    usable_parameters,
)
from sysdesign.core.session import (
    Action,
    Item,
    Options,
    Plan,
    Result,
    Session,
    build_queue,
    card_correct,
    day_bounds,
    rating_for,
    summarize,
)
from sysdesign.store import reviews
from sysdesign.store.store import Store
from sysdesign.ui.console import plural
from sysdesign.ui.lines import EndOfInput, UnusableInput

Clock = Callable[[], datetime]


class QuizUI(Protocol):
    """What the session asks of its screen (``ui.quiz``: a terminal one and a line one)."""

    console: Console

    def front(self, item: Item, position: int, total: int) -> Action: ...
    def back(self, item: Item, labels: list[str] | None) -> int | Action: ...
    def question(self, item: Item, position: int, total: int) -> tuple[Graded, str] | Action: ...
    def verdict(self, question: Question, graded: Graded) -> None: ...
    def after_question(self) -> Action: ...
    def rated(self, item: Item, rating: int, label: str | None) -> None: ...
    def undone(self, item: Item) -> None: ...
    def nothing_to_undo(self) -> None: ...
    def notice(self, text: str, style: str = "") -> None: ...


@dataclass
class Review:
    """How a review command went: the summary document and what the screen needs."""

    plan: Plan
    summary: dict
    ended_at: datetime
    gave_up: str | None = None  # a script kept sending unusable lines: exit 2 with this


@dataclass
class _Answer:
    rating: int
    correct: bool
    graded: Graded | None = None
    text: str | None = None
    labels: list[str] | None = None


def stored_retention(st: Store) -> float:
    """The remembered desired retention; a value out of range (edited by hand) is ignored."""
    try:
        return check_retention(reviews.retention(st, DEFAULT_RETENTION))
    except RetentionError:
        return DEFAULT_RETENTION


def review(ui: QuizUI, course: Course, st: Store, options: Options, *, retention: float | None,
           clock: Clock, monotonic: Callable[[], float] = time.monotonic,
           nothing_to_do: Callable[[Plan, datetime], None] | None = None) -> Review:
    """The whole command: lock, plan the queue, run the session, summarise.

    Raises SessionError when the filters name nothing that exists.
    """
    with reviews.session_lock(st):
        st.check_writable()  # a busy database is reported before any card shows
        if retention is not None:
            reviews.set_retention(st, retention)
        scheduler = Scheduler(retention if retention is not None else stored_retention(st),
                              usable_parameters(reviews.parameters(st)))
        now = clock()
        tz = now.astimezone().tzinfo
        day_start, tomorrow_end = day_bounds(now, tz)
        plan = build_queue(course, reviews.due_by_item(st), st.finished_lessons(), now,
                           reviews.introduced_since(st, day_start), options)
        session = Session(plan.items)
        started = monotonic()
        gave_up = None
        if plan.items:
            try:
                ended = run_session(ui, st, session, scheduler, cram=options.cram, clock=clock,
                                    monotonic=monotonic)
            except UnusableInput as stop:  # a script kept sending what a prompt cannot use
                ended, gave_up = "unusable-input", str(stop)
        else:
            if nothing_to_do is not None:
                nothing_to_do(plan, now)
            ended = "finished"
        end = clock()
        summary = summarize(session, seconds=monotonic() - started, next_due=reviews.next_due(st),
                            due_tomorrow=reviews.due_until(st, tomorrow_end), cram=options.cram, ended=ended)
    return Review(plan, summary, end, gave_up)


def run_session(ui: QuizUI, st: Store, session: Session, scheduler: Scheduler, *, cram: bool, clock: Clock,
                monotonic: Callable[[], float] = time.monotonic) -> str:
    """Show items until the queue is done, q, or end of input; returns how it ended.

    Every rating is committed to the store before the next item is shown.
    """
    try:
        while (item := _next_item(ui, session, cram)) is not None:
            shown = monotonic()
            state = None if cram else reviews.state_of(st, item.id)
            answer = _ask(ui, item, session, None if cram else scheduler.preview(item.id, state, clock()))
            if answer is Action.QUIT:
                return "quit"
            if answer is Action.UNDO:
                _undo_last(ui, st, session)
                continue
            _commit(st, session, scheduler, item, state, answer, cram=cram, clock=clock,
                    duration_ms=int((monotonic() - shown) * 1000))
            if _acknowledge(ui, st, session, item, answer) is Action.QUIT:
                return "quit"
        return "finished"
    except EndOfInput as stop:
        ui.notice("End of input — your progress is saved.", "dim")
        if isinstance(stop, UnusableInput):
            raise
        return "end-of-input"
    except KeyboardInterrupt:
        n = len(session.results)
        ui.notice(f"\nStopped: {plural(n, 'rating')} from this session {'is' if n == 1 else 'are'} saved.")
        raise


def _next_item(ui: QuizUI, session: Session, cram: bool) -> Item | None:
    if session.current is None and not cram and session.requeue_lapses():
        ui.notice("Once more: the cards you rated Again this session.", "dim")
    return session.current


def _ask(ui: QuizUI, item: Item, session: Session, preview) -> _Answer | Action:
    """The learner's answer to one item, or UNDO/QUIT."""
    if item.kind == "card":
        front = ui.front(item, session.position, session.total)
        if front in (Action.UNDO, Action.QUIT):
            return Action(front)
        labels = button_labels(preview) if preview is not None else None
        choice = ui.back(item, labels)
        if choice in (Action.UNDO, Action.QUIT):
            return Action(choice)
        rating = int(choice)
        return _Answer(rating, card_correct(rating), labels=labels)
    answered = ui.question(item, session.position, session.total)
    if answered in (Action.UNDO, Action.QUIT):
        return Action(answered)
    graded, text = answered
    return _Answer(rating_for(graded.correct), graded.correct, graded, text)


def _commit(st: Store, session: Session, scheduler: Scheduler, item: Item, state, answer: _Answer, *,
            cram: bool, clock: Clock, duration_ms: int) -> None:
    if cram:
        session.record(Result(item, answer.rating, answer.correct))
        return
    outcome = scheduler.rate(item.id, state, answer.rating, clock(), duration_ms)
    review_id = reviews.record(st, outcome, item.kind, duration_ms=duration_ms, answer=answer.text,
                               source=item.source)
    session.record(Result(item, answer.rating, answer.correct, review_id, outcome.due.isoformat(timespec="seconds")))


def _acknowledge(ui: QuizUI, st: Store, session: Session, item: Item, answer: _Answer) -> Action:
    """Show what became of the (already saved) answer; a question may then undo or quit."""
    if item.kind == "card":
        ui.rated(item, answer.rating, answer.labels[answer.rating - 1] if answer.labels else None)
        return Action.NEXT
    ui.verdict(item.content, answer.graded)
    after = ui.after_question()
    if after is Action.UNDO or after == Action.UNDO:
        _undo_last(ui, st, session)
        return Action.NEXT
    return Action(after)


def _undo_last(ui: QuizUI, st: Store, session: Session) -> bool:
    last = session.undo()
    if last is None:
        ui.nothing_to_undo()
        return False
    if last.review_id is not None:
        reviews.undo(st, last.review_id)
    ui.undone(last.item)
    return True
