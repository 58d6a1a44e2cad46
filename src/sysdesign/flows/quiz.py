"""The review session: show each item, grade it, commit the rating, then acknowledge it.

Every rating is committed to the store before the UI shows its outcome or the next item, so
Ctrl-C or a killed process loses at most the answer being given.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from fsrs import Rating
from rich.console import Console

from sysdesign.content.model import Card, Course, Question
from sysdesign.core.cardinfo import CardInfo, card_info
from sysdesign.core.days import iso
from sysdesign.core.grading import Graded
from sysdesign.core.kinds import present
from sysdesign.core.scheduler import (
    DEFAULT_RETENTION,
    RetentionError,
    Scheduler,
    check_retention,
    format_interval,
    usable_parameters,
)
from sysdesign.core.session import (
    Action,
    Counts,
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
    tomorrow_start,
)
from sysdesign.flows import Refused
from sysdesign.store import parameters, reviews
from sysdesign.store.store import Store
from sysdesign.ui.console import clean, plural
from sysdesign.ui.lines import EndOfInput, UnusableInput

Clock = Callable[[], datetime]


class QuizUI(Protocol):
    """What the session asks of its screen (``ui.quiz``: a terminal one and a line one)."""

    console: Console

    def front(self, item: Item, position: int, total: int, counts: Counts | None = None) -> Action: ...
    def back(self, item: Item, intervals: dict[Rating, timedelta] | None) -> Rating | Action: ...
    def question(self, item: Item, position: int, total: int,
                 counts: Counts | None = None) -> tuple[Graded, str] | Action: ...
    def verdict(self, question: Question, graded: Graded) -> None: ...
    def after_question(self) -> Action: ...
    def rated(self, item: Item, rating: Rating, interval: timedelta | None) -> None: ...
    def info(self, item: Item, info: CardInfo) -> None: ...
    def held(self, item: Item, action: str, until: str | None) -> None: ...
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
    rating: Rating
    correct: bool
    graded: Graded | None = None
    text: str | None = None
    intervals: dict[Rating, timedelta] | None = None  # what each rating would have given (None: cramming)


def stored_retention(st: Store) -> float:
    """The remembered desired retention; a value out of range (edited by hand) is ignored."""
    try:
        return check_retention(reviews.retention(st, DEFAULT_RETENTION))
    except RetentionError:
        return DEFAULT_RETENTION


def review(ui: QuizUI, course: Course, st: Store, options: Options, *, retention: float | None,
           clock: Clock, monotonic: Callable[[], float] = time.monotonic,
           nothing_to_do: Callable[[Plan, datetime], None] | None = None,
           new_salt: Callable[[], str] = lambda: secrets.token_hex(8)) -> Review:
    """The whole command: lock, plan the queue, run the session, summarise.

    Raises SessionError when the filters name nothing that exists.
    """
    with reviews.session_lock(st):
        st.check_writable()  # a busy database is reported before any card shows
        if retention is not None:
            reviews.set_retention(st, retention)
        scheduler = Scheduler(retention if retention is not None else stored_retention(st),
                              usable_parameters(parameters.parameters(st)))
        now = clock()
        tz = now.astimezone().tzinfo
        day_start, tomorrow_end = day_bounds(now, tz)
        note_sources(course, st)
        held = reviews.held(st)
        stamp = iso(now)
        plan = build_queue(course, reviews.due_by_item(st), st.finished_lessons(), now,
                           reviews.introduced_items_since(st, day_start), options,
                           held={h.item_id for h in held if h.suspended or (h.buried_until or "") > stamp},
                           leeches={h.item_id for h in held if h.leech})
        plan = _as_shown(plan, st.shuffle_salt(new_salt))
        session = Session(plan.items)
        started = monotonic()
        gave_up = None
        if plan.items:
            tools = Tools(course, st, scheduler, clock, tz, reviews.leech_threshold(st))
            st.start_integrity_check()  # reads the file while the learner reads the first card
            try:
                ended = run_session(ui, st, session, scheduler, cram=options.cram, clock=clock,
                                    monotonic=monotonic, tools=tools)
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


def _as_shown(plan: Plan, salt: str) -> Plan:
    """The questions with their options in this learner's order (core.kinds.present)."""
    items = tuple(replace(i, content=present(i.content, salt)) if i.kind == "question" else i for i in plan.items)
    return replace(plan, items=items)


@dataclass
class Tools:
    """What the review tools (card info, suspend, bury, leeches) need beside the session."""

    course: Course
    st: Store
    scheduler: Scheduler
    clock: Clock
    tz: object
    leech_after: int


def run_session(ui: QuizUI, st: Store, session: Session, scheduler: Scheduler, *, cram: bool, clock: Clock,
                monotonic: Callable[[], float] = time.monotonic, tools: Tools | None = None) -> str:
    """Show items until the queue is done, q, or end of input; returns how it ended.

    Every rating is committed to the store before the next item is shown.
    """
    tools = tools or Tools(Course(), st, scheduler, clock, None, reviews.leech_threshold(st))
    try:
        while (item := _next_item(ui, session, cram, clock)) is not None:
            shown = monotonic()
            state = None if cram else reviews.state_of(st, item.id)
            answer = _ask(ui, item, session, None if cram else scheduler.preview(item.id, state, clock()))
            if answer is Action.QUIT:
                return "quit"
            if answer is Action.UNDO:
                _undo_last(ui, st, session)
                continue
            if answer is Action.INFO:
                ui.info(item, item_info(tools, item))
                continue
            if answer in (Action.SUSPEND, Action.BURY):
                _hold(ui, tools, session, item, answer)
                continue
            _commit(st, session, scheduler, item, state, answer, cram=cram, clock=clock,
                    duration_ms=int((monotonic() - shown) * 1000), tools=tools, ui=ui)
            after = _acknowledge(ui, st, session, item, answer)
            if after in (Action.SUSPEND, Action.BURY):  # a question just answered
                _hold(ui, tools, session, item, Action(after), answered=True)
            elif after is Action.INFO:
                ui.info(item, item_info(tools, item))
            elif after is Action.QUIT:
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


def _next_item(ui: QuizUI, session: Session, cram: bool, clock: Clock) -> Item | None:
    """The item to show: a learning card whose step is up comes first (cramming schedules
    nothing, so nothing comes back)."""
    back = None if cram else session.bring_back(clock())
    if back is not None and back.early:
        ui.notice(f"Nothing else is left, so “{_front(back.item)}” comes back {format_interval(back.wait)} "
                  "before its learning step is up (learn-ahead: up to 20m early).", "dim")
    return session.current


def _front(item: Item, longest: int = 60) -> str:
    content = item.content
    text = " ".join(clean(content.front if isinstance(content, Card) else content.prompt).split())
    return text if len(text) <= longest else text[: longest - 1].rstrip() + "…"


COMMANDS = (Action.UNDO, Action.QUIT, Action.INFO, Action.SUSPEND, Action.BURY)


def _ask(ui: QuizUI, item: Item, session: Session, intervals: dict[Rating, timedelta] | None) -> _Answer | Action:
    """The learner's answer to one item, or one of COMMANDS."""
    if item.kind == "card":
        front = ui.front(item, session.position, session.total, session.counts())
        if front in COMMANDS:
            return Action(front)
        choice = ui.back(item, intervals)
        if choice in COMMANDS:
            return Action(choice)
        rating = Rating(choice)
        return _Answer(rating, card_correct(rating), intervals=intervals)
    answered = ui.question(item, session.position, session.total, session.counts())
    if answered in COMMANDS:
        return Action(answered)
    graded, _text = answered
    return _Answer(rating_for(graded.correct), graded.correct, graded, graded.recorded)


def _commit(st: Store, session: Session, scheduler: Scheduler, item: Item, state, answer: _Answer, *,
            cram: bool, clock: Clock, duration_ms: int, tools: Tools, ui: QuizUI) -> None:
    if cram:
        session.record(Result(item, answer.rating, answer.correct))
        return
    outcome = scheduler.rate(item.id, state, answer.rating, clock(), duration_ms)
    was_leech = answer.rating == 1 and reviews.flags_of(st, item.id).leech
    review_id = reviews.record(st, outcome, item.kind, duration_ms=duration_ms, answer=answer.text,
                               source=item.source, leech_after=tools.leech_after)
    session.record(Result(item, answer.rating, answer.correct, review_id, outcome.due.isoformat(timespec="seconds"),
                          learning=outcome.learning))
    if answer.rating == 1 and item.kind == "card" and not was_leech:
        flags = reviews.flags_of(st, item.id)
        if flags.leech:
            session.left_out.add(item.id)  # suspended now: not round again this session
            ui.notice(f"This card is now a leech: forgotten {flags.lapses} times, so it is suspended. "
                      f"Rewrite or split it, then bring it back with: sysdesign quiz --unsuspend {item.id}",
                      "yellow")


def _hold(ui: QuizUI, tools: Tools, session: Session, item: Item, action: Action, answered: bool = False) -> None:
    """Suspend or bury the item (saved at once, undoable); it leaves this session's queue."""
    until = tomorrow_start(tools.clock(), tools.tz).isoformat(timespec="seconds") if action is Action.BURY else None
    before = reviews.set_flags(tools.st, item.id, item.kind, **(
        {"buried_until": until} if action is Action.BURY else {"suspended": True}))
    if answered:  # the answer is already in the results: the action rides on it
        session.results[-1] = replace(session.results[-1], before=(action.value, before))
    else:
        session.record(Result(item, 0, False, action=action.value, before=before))
    ui.held(item, action.value, until)


def item_info(tools: Tools, item: Item) -> CardInfo:
    """The item's memory state now and its history (for `i` and `quiz --info`)."""
    content = item.content
    title = content.front if isinstance(content, Card) else content.prompt
    log = [(e.reviewed_at, e.rating, e.duration_ms) for e in reviews.log(tools.st, item.id)]
    return card_info(item.id, item.kind, title, item.source, reviews.state_of(tools.st, item.id), log,
                     reviews.flags_of(tools.st, item.id), tools.scheduler, tools.clock())


def note_sources(course: Course, st: Store) -> None:
    """Items logged before the store kept their deck get it now (once; '' when unknown)."""
    missing = reviews.items_without_source(st)
    if not missing:
        return
    sources = {c.id: c.deck_id for c in course.cards()} | {q.id: q.lesson_id for q in course.questions()}
    reviews.note_sources(st, {name: sources.get(name, "") for name in missing})


def _acknowledge(ui: QuizUI, st: Store, session: Session, item: Item, answer: _Answer) -> Action:
    """Show what became of the (already saved) answer; a question may then undo, quit, or
    ask for its info, to suspend or to bury it."""
    if item.kind == "card":
        ui.rated(item, answer.rating, answer.intervals[answer.rating] if answer.intervals else None)
        return Action.NEXT
    ui.verdict(item.content, answer.graded)
    after = ui.after_question()
    if after is Action.UNDO or after == Action.UNDO:
        _undo_last(ui, st, session)
        return Action.NEXT
    return Action(after)


def _undo_last(ui: QuizUI, st: Store, session: Session) -> bool:
    """Take back the last answer, suspension or burial (an action on an answered question
    first, then the answer)."""
    last = session.results[-1] if session.results else None
    if last is not None and last.answered and last.before is not None:  # suspended/buried after answering
        session.results[-1] = replace(last, before=None)
        reviews.restore_flags(st, last.item.id, last.before[1])
        ui.notice(f"↶ Undone: {last.item.id} is no longer {_DONE[last.before[0]]}.", "yellow")
        return True
    last = session.undo()
    if last is None:
        ui.nothing_to_undo()
        return False
    if not last.answered:
        reviews.restore_flags(st, last.item.id, last.before)
        ui.notice(f"↶ Undone: {last.item.id} is no longer {_DONE[last.action]}; here it is again.", "yellow")
        return True
    if last.review_id is not None:
        reviews.undo(st, last.review_id)  # puts back the flags too: a leech it made is not one
        session.left_out.discard(last.item.id)
    ui.undone(last.item)
    return True


_DONE = {"suspend": "suspended", "bury": "buried"}


# -- one item, from the command line ----------------------------------------------------------


def find_item(course: Course, item_id: str) -> Item:
    """The card or question with this id, or Refused naming close ones."""
    for card in course.cards():
        if card.id == item_id:
            return Item(card.id, "card", card)
    for question in course.questions():
        if question.id == item_id:
            return Item(question.id, "question", question)
    import difflib

    known = [c.id for c in course.cards()] + [q.id for q in course.questions()]
    close = difflib.get_close_matches(item_id, known, n=3, cutoff=0.6)
    hint = f" Did you mean: {', '.join(close)}?" if close else " `sysdesign progress` lists suspended cards and leeches."
    raise Refused(f"No card or question has the id {item_id!r}.{hint}")


def show_info(course: Course, st: Store, item_id: str, clock: Clock) -> CardInfo:
    """`quiz --info ID`: the item's memory state now and its review history."""
    scheduler = Scheduler(stored_retention(st), usable_parameters(parameters.parameters(st)))
    return item_info(Tools(course, st, scheduler, clock, None, 0), find_item(course, item_id))


def set_held(course: Course, st: Store, item_id: str, what: str, clock: Clock) -> str:
    """`quiz --suspend/--unsuspend/--unbury ID`; returns what changed, for the message.
    Unsuspending also drops the leech tag: the learner has dealt with it."""
    try:
        item = find_item(course, item_id)
        kind = item.kind
    except Refused:
        if not any(h.item_id == item_id for h in reviews.held(st)):  # gone from the content, but held
            raise
        kind = "card"
    if what == "suspend":
        reviews.set_flags(st, item_id, kind, suspended=True)
        return f"Suspended {item_id}: it will not come up until `sysdesign quiz --unsuspend {item_id}`."
    before = reviews.flags_of(st, item_id)
    if what == "unsuspend":
        reviews.set_flags(st, item_id, kind, suspended=False, leech=False)
        was = "a suspended leech" if before.leech else "suspended" if before.suspended else "not suspended"
        return f"{item_id} was {was}; it is back in your reviews."
    reviews.set_flags(st, item_id, kind, buried_until=None)
    return f"{item_id} is {'no longer buried' if before.buried_until else 'not buried'}; it is back in your reviews."
