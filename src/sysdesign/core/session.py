"""A review session: which items to show, in what order, and what happened. Pure.

The queue is: due cards (oldest due first), then up to N new cards a day (counting the
new cards already introduced today), then due questions (oldest first). A question that
has never been reviewed here is due from the moment its lesson was finished: the learner
met it in the lesson's checks, and the quiz is its first spaced review.

Cards and questions enter the queue only once their lesson is finished (own decks, which
have no lesson, always); ``include_locked`` skips that gate. ``cram`` reviews the filtered
set in course order, ignoring the schedule (the caller then writes nothing).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from enum import Enum

from fsrs import Rating

from sysdesign.content.model import Card, Course, Question
from sysdesign.core.days import iso
from sysdesign.core.documents import QuizSummary

DEFAULT_NEW_PER_DAY = 20


class Action(str, Enum):
    """What a learner can ask for instead of an answer (a str, so "undo" == Action.UNDO)."""

    REVEAL = "reveal"
    UNDO = "undo"
    QUIT = "quit"
    NEXT = "next"


class SessionError(ValueError):
    """The filters name something that does not exist; the message lists what does."""


@dataclass(frozen=True)
class Item:
    """One thing to review: a flashcard or an auto-graded question."""

    id: str
    kind: str  # "card" | "question"
    content: Card | Question
    due: str | None = None  # ISO time it fell due; None for a new card

    @property
    def is_new(self) -> bool:
        return self.due is None

    @property
    def source(self) -> str:
        """Where it comes from: the deck of a card, the lesson of a question."""
        if isinstance(self.content, Card):
            return self.content.deck_id
        return self.content.lesson_id


@dataclass(frozen=True)
class Options:
    limit: int | None = None
    new_per_day: int = DEFAULT_NEW_PER_DAY
    lesson: str | None = None
    deck: str | None = None
    tag: str | None = None
    cram: bool = False
    include_locked: bool = False


@dataclass(frozen=True)
class Plan:
    """The queue and how it was made (for the 'nothing to do' message)."""

    items: tuple[Item, ...]
    unlocked: int  # cards + questions that pass the gate and the filters
    new_left_today: int


def day_bounds(now: datetime, tz: tzinfo) -> tuple[datetime, datetime]:
    """Start of today and end of tomorrow in the learner's time zone, as UTC times."""
    local = now.astimezone(tz)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return start.astimezone(timezone.utc), (start + timedelta(days=2)).astimezone(timezone.utc)


def _resolve_lesson(course: Course, wanted: str) -> str:
    for lesson in course.lessons:
        if wanted in (lesson.id, str(lesson.order)):
            return lesson.id
    known = ", ".join(f"{le.order} {le.id}" for le in course.lessons) or "none"
    raise SessionError(f"No lesson {wanted!r}. The lessons are: {known}.")


def _check_filters(course: Course, options: Options) -> str | None:
    lesson_id = _resolve_lesson(course, options.lesson) if options.lesson else None
    if options.deck and options.deck not in {d.id for d in course.decks}:
        known = ", ".join(d.id for d in course.decks) or "none"
        raise SessionError(f"No deck {options.deck!r}. The decks are: {known}.")
    if options.tag:
        uses = Counter(t for item in (*course.cards(), *course.questions()) for t in item.tags)
        if options.tag not in uses:
            raise SessionError(f"No card or question has the tag {options.tag!r}. {_tag_hint(options.tag, uses)}")
    return lesson_id


def _tag_hint(wanted: str, uses: Counter, most: int = 30) -> str:
    """Close matches first, then the most used tags, saying how many more there are."""
    import difflib

    close = difflib.get_close_matches(wanted.lower(), list(uses), n=5, cutoff=0.6)
    common = sorted(uses, key=lambda t: (-uses[t], t))[:most]
    hint = f"Did you mean: {', '.join(close)}? " if close else ""
    more = f", and {len(uses) - len(common)} more" if len(uses) > len(common) else ""
    return hint + (f"Most used tags: {', '.join(common)}{more}." if uses else "No tags are in use.")


def _eligible(course: Course, finished: dict[str, str], options: Options) -> tuple[list[Card], list[Question]]:
    lesson_id = _check_filters(course, options)
    cards: list[Card] = []
    order = {le.id: le.order for le in course.lessons}
    decks = sorted(course.decks, key=lambda d: order.get(d.lesson_id, 10**9))  # course order; own decks last
    for deck in decks:
        if options.deck and deck.id != options.deck:
            continue
        if lesson_id and deck.lesson_id != lesson_id:
            continue
        if not options.include_locked and deck.lesson_id is not None and deck.lesson_id not in finished:
            continue
        cards.extend(c for c in deck.cards if not options.tag or options.tag in c.tags)
    questions: list[Question] = []
    if not options.deck:  # a deck holds cards only
        for lesson in course.lessons:
            if lesson_id and lesson.id != lesson_id:
                continue
            if not options.include_locked and lesson.id not in finished:
                continue
            questions.extend(q for q in lesson.questions if not options.tag or options.tag in q.tags)
    return cards, questions


def build_queue(
    course: Course,
    due_by_item: dict[str, str],
    finished: dict[str, str],
    now: datetime,
    introduced_today: int,
    options: Options = Options(),
) -> Plan:
    """The session's items in order.

    ``due_by_item`` maps every item with a schedule to its ISO due time (store format);
    ``finished`` maps finished lessons to the ISO time they were finished;
    ``introduced_today`` is how many new cards were first reviewed since the day began.
    """
    cards, questions = _eligible(course, finished, options)
    new_left = max(0, options.new_per_day - introduced_today)
    if options.cram:
        items = [Item(c.id, "card", c, due_by_item.get(c.id)) for c in cards]
        items += [Item(q.id, "question", q, due_by_item.get(q.id)) for q in questions]
        return Plan(tuple(items[: options.limit] if options.limit is not None else items), len(cards) + len(questions), new_left)

    stamp = iso(now)
    due_cards: list[tuple[str, int, Item]] = []
    new_cards: list[Item] = []
    for order, card in enumerate(cards):
        due = due_by_item.get(card.id)
        if due is None:
            if len(new_cards) < new_left:
                new_cards.append(Item(card.id, "card", card))
        elif due <= stamp:
            due_cards.append((due, order, Item(card.id, "card", card, due)))
    due_questions: list[tuple[str, int, Item]] = []
    for order, question in enumerate(questions):
        due = due_by_item.get(question.id)
        if due is None:  # first review: due since its lesson was finished
            due = finished.get(question.lesson_id, stamp)
        if due <= stamp:
            due_questions.append((due, order, Item(question.id, "question", question, due)))
    due_cards.sort(key=lambda t: t[:2])
    due_questions.sort(key=lambda t: t[:2])
    items = [t[2] for t in due_cards] + new_cards + [t[2] for t in due_questions]
    if options.limit is not None:
        items = items[: options.limit]
    return Plan(tuple(items), len(cards) + len(questions), new_left)


# -- the session as it runs ---------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """One answered item."""

    item: Item
    rating: Rating  # a question: Good if right, Again if wrong
    correct: bool
    review_id: int | None = None  # the review-log row (None when cramming)
    next_due: str | None = None  # ISO; None when cramming


@dataclass
class Session:
    """Position in the queue, and the answers given so far (undo pops the last)."""

    items: tuple[Item, ...]
    results: list[Result] = field(default_factory=list)
    undone: int = 0
    # each time lapsed cards were queued again: (answers given then, queue length before)
    _requeues: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.items = tuple(self.items)

    def requeue_lapses(self) -> int:
        """At the end of the queue, cards rated Again in this session come round once more
        (as Anki's relearning steps do); returns how many were queued."""
        if self.current is not None:
            return 0
        since = self._requeues[-1][0] if self._requeues else 0
        again: dict[str, Item] = {}
        for result in self.results[since:]:
            if result.item.kind == "card":
                if result.rating == Rating.Again:
                    again[result.item.id] = result.item
                else:
                    again.pop(result.item.id, None)
        if again:
            self._requeues.append((len(self.results), len(self.items)))
            self.items = self.items + tuple(again.values())
        return len(again)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def position(self) -> int:
        """1-based number of the item being shown."""
        return len(self.results) + 1

    @property
    def current(self) -> Item | None:
        return self.items[len(self.results)] if len(self.results) < len(self.items) else None

    def record(self, result: Result) -> None:
        if result.item != self.current:
            raise ValueError(f"answer for {result.item.id!r}, but {self.current and self.current.id!r} is showing")
        self.results.append(result)

    def undo(self) -> Result | None:
        """Forget the last answer and go back to its item; None if there is none."""
        if not self.results:
            return None
        self.undone += 1
        last = self.results.pop()
        while self._requeues and self._requeues[-1][0] > len(self.results):
            self.items = self.items[: self._requeues.pop()[1]]  # back before that round
        return last


def rating_for(correct: bool) -> Rating:
    """A graded question feeds the same scheduler: right = Good, wrong = Again."""
    return Rating.Good if correct else Rating.Again


def card_correct(rating: int) -> bool:
    """A card counts as remembered for Hard, Good or Easy (FSRS's 'pass')."""
    return rating >= Rating.Hard


def summarize(
    session: Session,
    *,
    seconds: float,
    next_due: str | None,
    due_tomorrow: int,
    cram: bool,
    ended: str,
) -> QuizSummary:
    """The end-of-session numbers (also the --json document)."""
    results = session.results
    correct = sum(1 for r in results if r.correct)
    return {
        "reviewed": len(results),
        "cards": sum(1 for r in results if r.item.kind == "card"),
        "questions": sum(1 for r in results if r.item.kind == "question"),
        "correct": correct,
        "retention": round(correct / len(results), 3) if results else None,
        "seconds": round(seconds, 1),
        "next_due": next_due,
        "due_tomorrow": due_tomorrow,
        "undone": session.undone,
        "left_in_queue": session.total - len(results),
        "cram": cram,
        "ended": ended,  # finished | quit | end-of-input
        "ratings": {rating.name.lower(): sum(1 for r in results if r.rating == rating) for rating in Rating},
    }
