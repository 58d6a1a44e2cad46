"""A review session: which items to show, in what order, and what happened. Pure.

The queue is: due cards (oldest due first), then up to N new cards a day (counting the
new cards already introduced today), taken from the decks in turn so that new cards of
different lessons are mixed, then due questions (oldest first). A question that has never
been reviewed here is due from the moment its lesson was finished: the learner met it in
the lesson's checks, and the quiz is its first spaced review. Items suspended or buried
are left out. Last, the queue is interleaved: two items about the same section never come
back to back while something else can go between them (see ``interleave``).

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
from sysdesign.core.limits import DEFAULT_NEW_PER_DAY

INTERLEAVE_WINDOW = 1000  # items of a queue that are interleaved (see build_queue)


class Action(str, Enum):
    """What a learner can ask for instead of an answer (a str, so "undo" == Action.UNDO)."""

    REVEAL = "reveal"
    UNDO = "undo"
    QUIT = "quit"
    NEXT = "next"
    INFO = "info"  # show the item's memory state and history, then the item again
    SUSPEND = "suspend"  # never show it again until unsuspended
    BURY = "bury"  # not again until tomorrow


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
    leeches: bool = False  # review the leeches (suspended or not, due or not) and nothing else


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


def tomorrow_start(now: datetime, tz: tzinfo) -> datetime:
    """Local midnight at the start of tomorrow, as a UTC time (where a buried item waits)."""
    local = now.astimezone(tz)
    tomorrow = (local + timedelta(days=1)).date()
    return datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=tz).astimezone(timezone.utc)


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
    held: frozenset[str] | set[str] = frozenset(),
    leeches: frozenset[str] | set[str] = frozenset(),
) -> Plan:
    """The session's items in order.

    ``due_by_item`` maps every item with a schedule to its ISO due time (store format);
    ``finished`` maps finished lessons to the ISO time they were finished;
    ``introduced_today`` is how many new cards were first reviewed since the day began;
    ``held`` are the items suspended or buried now (left out); ``leeches`` the leech items
    (with ``options.leeches``, the whole queue).
    """
    cards, questions = _eligible(course, finished, options)
    new_left = max(0, options.new_per_day - introduced_today)
    if options.leeches:
        items = [Item(c.id, "card", c, due_by_item.get(c.id)) for c in cards if c.id in leeches]
        items += [Item(q.id, "question", q, due_by_item.get(q.id)) for q in questions if q.id in leeches]
        items = interleave(items, section_keys(course, items))
        return Plan(tuple(items[: options.limit] if options.limit is not None else items),
                    len(items), new_left)
    if held:
        cards = [c for c in cards if c.id not in held]
        questions = [q for q in questions if q.id not in held]
    if options.cram:
        items = [Item(c.id, "card", c, due_by_item.get(c.id)) for c in cards]
        items += [Item(q.id, "question", q, due_by_item.get(q.id)) for q in questions]
        return Plan(tuple(items[: options.limit] if options.limit is not None else items), len(cards) + len(questions), new_left)

    stamp = iso(now)
    due_cards: list[tuple[str, int, Item]] = []
    unseen: dict[str, list[Card]] = {}  # per deck, in deck order
    for order, card in enumerate(cards):
        due = due_by_item.get(card.id)
        if due is None:
            unseen.setdefault(card.deck_id, []).append(card)
        elif due <= stamp:
            due_cards.append((due, order, Item(card.id, "card", card, due)))
    new_cards = [Item(c.id, "card", c) for c in round_robin(list(unseen.values()), new_left)]
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
    # a session reaches a few hundred items at most: past the window the order is left as it is
    window = max(options.limit or 0, INTERLEAVE_WINDOW)
    items = interleave(items[:window], section_keys(course, items[:window])) + items[window:]
    if options.limit is not None:
        items = items[: options.limit]
    return Plan(tuple(items), len(cards) + len(questions), new_left)


def round_robin(groups: list[list], limit: int) -> list:
    """Up to `limit` items taken from the groups in turn (the first of each, then the second
    of each, …): new cards from every unlocked lesson, not a block of one lesson's."""
    out: list = []
    depth = 0
    while len(out) < limit and any(depth < len(g) for g in groups):
        out.extend(g[depth] for g in groups if depth < len(g))
        depth += 1
    return out[:limit]


def _section_maps(course: Course) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Question id -> its section; per lesson, tag -> the one section whose checks use it."""
    of_question: dict[str, str] = {}
    by_lesson: dict[str, dict[str, str]] = {}
    for lesson in course.lessons:
        tags = {q.id: q.tags for q in lesson.questions}
        counts: dict[str, Counter] = {}
        for section in lesson.sections:
            for qid in section.checks:
                of_question[qid] = section.id
                for tag in tags.get(qid, ()):
                    counts.setdefault(tag, Counter())[section.id] += 1
        # a tag that questions of several sections share ("caching" all over a lesson) says nothing
        by_lesson[lesson.id] = {tag: next(iter(c)) for tag, c in counts.items() if len(c) == 1}
    return of_question, by_lesson


def section_keys(course: Course, items: list[Item]) -> list[str]:
    """What each item is about, for interleaving: a question's section; for a card (cards
    name no section), the section of its lesson whose questions alone use one of its tags,
    else its deck and all its tags (a card with no tags is about itself)."""
    if not items:
        return []
    of_question, by_lesson = _section_maps(course)
    keys = []
    for item in items:
        content = item.content
        if isinstance(content, Question):
            keys.append(of_question.get(item.id, f"lesson:{content.lesson_id}"))
            continue
        tags = by_lesson.get(content.lesson_id or "", {})
        section = next((tags[t] for t in content.tags if t in tags), None)
        if section is None:  # nothing says which section: its tags, or nothing at all
            section = f"deck:{content.deck_id}:{','.join(sorted(content.tags))}" if content.tags else item.id
        keys.append(section)
    return keys


def interleave(items: list[Item], keys: list[str]) -> list[Item]:
    """The items in their order, except that an item about the same thing as the one before
    it waits for the next item about something else (so two cards or questions of one
    section never follow each other while anything else is left to put between them)."""
    import heapq

    if len(items) < 3:
        return list(items)
    pending: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        pending.setdefault(key, []).append(index)
    heads = [(queue[0], key) for key, queue in pending.items()]  # each key's earliest item
    heapq.heapify(heads)
    taken = dict.fromkeys(pending, 0)
    out: list[Item] = []
    last = None
    while heads:
        index, key = heapq.heappop(heads)
        if key == last and heads:  # the next thing in line is about something else
            other_index, other = heapq.heapreplace(heads, (index, key))
            index, key = other_index, other
        out.append(items[index])
        last = key
        taken[key] += 1
        if taken[key] < len(pending[key]):
            heapq.heappush(heads, (pending[key][taken[key]], key))
    return out


# -- the session as it runs ---------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """One answered item."""

    item: Item
    rating: int  # a Rating, 1 Again … 4 Easy (a question: Good if right, Again if wrong); 0 for an action
    correct: bool
    review_id: int | None = None  # the review-log row (None when cramming)
    next_due: str | None = None  # ISO; None when cramming
    action: str | None = None  # "suspend" or "bury" instead of an answer
    before: object = None  # what the action replaced (the store's flags), for undo

    @property
    def answered(self) -> bool:
        return self.action is None


@dataclass
class Session:
    """Position in the queue, and the answers given so far (undo pops the last)."""

    items: tuple[Item, ...]
    results: list[Result] = field(default_factory=list)
    undone: int = 0
    # each time lapsed cards were queued again: (answers given then, queue length before)
    _requeues: list[tuple[int, int]] = field(default_factory=list)
    left_out: set[str] = field(default_factory=set)  # never queued again (turned leech)

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
        for item_id in self.left_out:
            again.pop(item_id, None)
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
    actions = [r.action if not r.answered else r.before[0] for r in session.results
               if not r.answered or r.before is not None]
    results = [r for r in session.results if r.answered]
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
        "left_in_queue": session.total - len(session.results),
        "suspended": actions.count("suspend"),
        "buried": actions.count("bury"),
        "cram": cram,
        "ended": ended,  # finished | quit | end-of-input
        "ratings": {rating.name.lower(): sum(1 for r in results if r.rating == rating) for rating in Rating},
    }
