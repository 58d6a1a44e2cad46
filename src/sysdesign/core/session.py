"""A review session: which items to show, in what order, and what happened. Pure.

The queue is: due cards (oldest due first), then up to N new cards a day (counting the
new cards already introduced today), taken from the decks in turn so that new cards of
different lessons are mixed, then due questions (oldest first). A question that has never
been reviewed here is new: due from the moment its lesson was finished (the learner met it
in the lesson's checks, and the quiz is its first spaced review), and up to M of them a
day (oldest lesson first), so a lesson just finished does not flood the first review.
With ``--deck`` or ``--lesson`` the daily limits count only what that deck or lesson
introduced today (as Anki's per-deck limits do). Items suspended or buried are left out.
Last, the queue is interleaved: two items about the same section never come back to back
while something else can go between them (see ``interleave``).

As the session runs, a card rated Again or Hard that is still in a learning step comes back
when its step is up, before the rest of the queue; when nothing else is left it may come up
to LEARN_AHEAD early (Anki's "learn ahead").

Cards and questions enter the queue only once their lesson is finished (own decks, which
have no lesson, always); ``include_locked`` skips that gate. ``cram`` reviews the filtered
set in course order, ignoring the schedule (the caller then writes nothing).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone, tzinfo
from enum import Enum

from fsrs import Rating

from sysdesign.content.model import Card, Course, Question
from sysdesign.core.days import iso
from sysdesign.core.documents import QuizSummary
from sysdesign.core.limits import DEFAULT_NEW_PER_DAY, DEFAULT_NEW_QUESTIONS_PER_DAY

LEARN_AHEAD = timedelta(minutes=20)  # how early a learning card may come when nothing else is left
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
    first_review: bool = False  # a question never reviewed here (due since its lesson was finished)
    learning: bool = False  # back in this session for a learning step (after Again or Hard)

    @property
    def is_new(self) -> bool:
        return (self.due is None or self.first_review) and not self.learning

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
    new_questions_per_day: int = DEFAULT_NEW_QUESTIONS_PER_DAY
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
    new_left_today: int  # new cards the limit still allows today (in this scope)
    new_questions_left_today: int = 0
    new_cards_had: int = 0  # new cards first reviewed today (in this scope)
    new_questions_had: int = 0
    new_cards_waiting: int = 0  # new cards the daily limit kept out
    new_questions_waiting: int = 0
    left_by_limit: int = 0  # items --limit left out
    next_due: str | None = None  # when the next item in this scope falls due (ISO), if any


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
    introduced_today: int | Collection[str],
    options: Options = Options(),
    held: frozenset[str] | set[str] = frozenset(),
    leeches: frozenset[str] | set[str] = frozenset(),
) -> Plan:
    """The session's items in order.

    ``due_by_item`` maps every item with a schedule to its ISO due time (store format);
    ``finished`` maps finished lessons to the ISO time they were finished;
    ``introduced_today`` are the items first reviewed since the day began (a number: that
    many new cards, anywhere); ``held`` are the items suspended or buried now (left out);
    ``leeches`` the leech items (with ``options.leeches``, the whole queue).
    """
    cards, questions = _eligible(course, finished, options)
    cards_had, questions_had = _had_today(course, introduced_today, cards, questions, options)
    new_left = max(0, options.new_per_day - cards_had)
    questions_left = max(0, options.new_questions_per_day - questions_had)
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
    later = [d for d in (due_by_item.get(i.id) for i in (*cards, *questions)) if d is not None and d > stamp]
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
    first_questions: list[tuple[str, int, Item]] = []
    for order, question in enumerate(questions):
        due = due_by_item.get(question.id)
        if due is None:  # first review: due since its lesson was finished; a new question
            due = finished.get(question.lesson_id, stamp)
            if due <= stamp:
                first_questions.append((due, order, Item(question.id, "question", question, due, first_review=True)))
        elif due <= stamp:
            due_questions.append((due, order, Item(question.id, "question", question, due)))
    due_cards.sort(key=lambda t: t[:2])
    first_questions.sort(key=lambda t: t[:2])  # the lesson finished longest ago first
    due_questions = sorted(due_questions + first_questions[:questions_left], key=lambda t: t[:2])
    items = [t[2] for t in due_cards] + new_cards + [t[2] for t in due_questions]
    # a session reaches a few hundred items at most: past the window the order is left as it is
    window = max(options.limit or 0, INTERLEAVE_WINDOW)
    items = interleave(items[:window], section_keys(course, items[:window])) + items[window:]
    cut = 0
    if options.limit is not None:
        cut = max(0, len(items) - options.limit)
        items = items[: options.limit]
    return Plan(tuple(items), len(cards) + len(questions), new_left, questions_left,
                cards_had, questions_had,
                new_cards_waiting=sum(len(g) for g in unseen.values()) - len(new_cards),
                new_questions_waiting=max(0, len(first_questions) - questions_left),
                left_by_limit=cut, next_due=min(later, default=None))


def _had_today(course: Course, introduced: int | Collection[str], cards: list[Card],
               questions: list[Question], options: Options) -> tuple[int, int]:
    """New cards and new questions first reviewed today that count against today's limits:
    with --deck or --lesson only that deck's or lesson's, else all of them."""
    if isinstance(introduced, int):
        return introduced, 0
    if options.deck or options.lesson:
        card_ids, question_ids = {c.id for c in cards}, {q.id for q in questions}
    else:
        card_ids, question_ids = {c.id for c in course.cards()}, {q.id for q in course.questions()}
    return sum(1 for i in introduced if i in card_ids), sum(1 for i in introduced if i in question_ids)


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
    learning: bool = False  # the rating left the item in a learning or relearning step

    @property
    def answered(self) -> bool:
        return self.action is None


@dataclass(frozen=True)
class Counts:
    """What is left in the session, as Anki counts it: new items, cards in a learning step
    (rated Again or Hard, coming back in this session), and reviews. The item showing counts."""

    new: int
    learning: int
    review: int


@dataclass(frozen=True)
class Comeback:
    """A learning card brought back into the queue; ``early`` when its step is not up yet
    (nothing else was left), ``wait`` how much of the step was left."""

    item: Item
    early: bool
    wait: timedelta


@dataclass
class Session:
    """Position in the queue, and the answers given so far (undo pops the last)."""

    items: tuple[Item, ...]
    results: list[Result] = field(default_factory=list)
    undone: int = 0
    # each learning card brought back: (answers given then, where it went in the queue)
    _comebacks: list[tuple[int, int]] = field(default_factory=list)
    _undone_at: int | None = None  # the answers given when undo last put an item back on show
    left_out: set[str] = field(default_factory=set)  # never queued again (turned leech)

    def __post_init__(self) -> None:
        self.items = tuple(self.items)

    def learning(self) -> list[tuple[datetime, Item]]:
        """Cards whose last rating in this session (Again or Hard) left them in a learning step,
        not queued again yet: (when the step is up, the card), soonest first."""
        steps: dict[str, tuple[datetime, Item]] = {}
        for result in self.results:
            item = result.item
            if (item.kind == "card" and result.answered and result.learning and result.next_due
                    and result.rating in (Rating.Again, Rating.Hard)):
                steps[item.id] = (datetime.fromisoformat(result.next_due), item)
            else:
                steps.pop(item.id, None)
        queued = {i.id for i in self.items[len(self.results):]} | self.left_out
        return sorted((v for k, v in steps.items() if k not in queued), key=lambda v: v[0])

    def bring_back(self, now: datetime) -> Comeback | None:
        """Put the learning card whose step is up next in the queue (before what is left), or,
        when nothing else is left, the one whose step ends soonest if it ends within
        LEARN_AHEAD. Never in front of an item undo just put back on show."""
        if self._undone_at == len(self.results):
            return None
        waiting = self.learning()
        if not waiting:
            return None
        due, item = waiting[0]
        if due > now and (self.current is not None or due > now + LEARN_AHEAD):
            return None
        back = replace(item, learning=True)
        at = len(self.results)
        self.items = self.items[:at] + (back,) + self.items[at:]
        self._comebacks.append((at, at))
        return Comeback(back, early=due > now, wait=max(due - now, timedelta(0)))

    def counts(self) -> Counts:
        left = self.items[len(self.results):]
        new = sum(1 for i in left if i.is_new)
        learning = sum(1 for i in left if i.learning) + len(self.learning())
        return Counts(new, learning, len(left) - new - sum(1 for i in left if i.learning))

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
        self._undone_at = None

    def undo(self) -> Result | None:
        """Forget the last answer and go back to its item; None if there is none. A learning
        card brought back after that answer leaves the queue again."""
        if not self.results:
            return None
        self.undone += 1
        last = self.results.pop()
        while self._comebacks and self._comebacks[-1][0] > len(self.results):
            at = self._comebacks.pop()[1]
            self.items = self.items[:at] + self.items[at + 1:]
        self._undone_at = len(self.results)
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
