"""Spaced repetition: a thin, pure wrapper over the ``fsrs`` package.

The clock is always passed in (``now``); nothing here reads the time, the disk or the
terminal. An item's scheduling state travels as the JSON text of ``fsrs.Card.to_dict()``,
which is what the store keeps in ``card_state.state`` and, before each rating, in
``reviews.prev_state`` — so undo can put back exactly what was there.

Fuzzing is off: the interval a button shows ("Good · 3d") is exactly the interval the
card gets, and tests are exact.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from fsrs import Card as FsrsCard
from fsrs import Rating, State
from fsrs import Scheduler as FsrsScheduler

DEFAULT_RETENTION = 0.9
MIN_RETENTION = 0.70
MAX_RETENTION = 0.99

RATINGS: tuple[Rating, ...] = tuple(Rating)  # Again, Hard, Good, Easy: the one rating vocabulary


class RetentionError(ValueError):
    """A desired retention outside the range that makes sense."""


def check_retention(value: float) -> float:
    if not MIN_RETENTION <= value <= MAX_RETENTION:
        raise RetentionError(
            f"desired retention {value:g} is outside {MIN_RETENTION:.2f}–{MAX_RETENTION:.2f}; "
            "0.9 (remember 90 % of cards when they come due) is the usual choice"
        )
    return value


def fsrs_card_id(item_id: str) -> int:
    """A stable integer id for fsrs (never the default, which sleeps 1 ms per card)."""
    return int.from_bytes(hashlib.blake2b(item_id.encode(), digest_size=7).digest(), "big")


def utc(when: datetime) -> datetime:
    """fsrs wants timezone.utc exactly; a naive time is taken to be UTC."""
    if when.tzinfo is None:
        return when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc)


@dataclass(frozen=True)
class Outcome:
    """What one rating did: the item's new state, and the state it replaced."""

    item_id: str
    rating: int
    reviewed_at: datetime
    state: str  # JSON of fsrs.Card.to_dict()
    due: datetime
    stability: float | None
    prev_state: str | None  # None: the item had never been reviewed

    @property
    def learning(self) -> bool:
        """In a (re)learning step: due again within minutes, not days."""
        return json.loads(self.state).get("state") in (State.Learning, State.Relearning)


class Scheduler:
    """FSRS with a desired retention and, once `sysdesign optimize` fitted them, the learner's
    own parameters (21 numbers, FSRS-6); every method takes the time it should use."""

    def __init__(self, retention: float = DEFAULT_RETENTION, parameters: tuple[float, ...] | None = None):
        self.retention = check_retention(retention)
        self.parameters = tuple(parameters) if parameters else None
        options = {"parameters": self.parameters} if self.parameters else {}
        self._fsrs = FsrsScheduler(desired_retention=retention, enable_fuzzing=False, **options)

    def card(self, item_id: str, state: str | None, now: datetime) -> FsrsCard:
        """The fsrs card for an item: from its stored state, or a new one due now."""
        if state is None:
            return FsrsCard(card_id=fsrs_card_id(item_id), due=utc(now))
        return FsrsCard.from_dict(json.loads(state))

    def rate(self, item_id: str, state: str | None, rating: int, now: datetime,
             duration_ms: int | None = None) -> Outcome:
        """Apply a rating (1 Again … 4 Easy) given at ``now``."""
        when = utc(now)
        card, _log = self._fsrs.review_card(self.card(item_id, state, when), Rating(rating), when, duration_ms)
        return Outcome(
            item_id=item_id,
            rating=int(rating),
            reviewed_at=when,
            state=json.dumps(card.to_dict(), sort_keys=True),
            due=card.due,
            stability=card.stability,
            prev_state=state,
        )

    def preview(self, item_id: str, state: str | None, now: datetime) -> dict[Rating, timedelta]:
        """The interval each of the four ratings would give, reviewed at ``now`` (the screen
        formats them)."""
        when = utc(now)
        card = self.card(item_id, state, when)
        out: dict[Rating, timedelta] = {}
        for rating in RATINGS:
            after, _log = self._fsrs.review_card(card, rating, when)
            out[rating] = after.due - when
        return out

    def retrievability(self, state: str | None, now: datetime) -> float:
        """Chance the item is remembered at ``now`` (0 for a new item)."""
        if state is None:
            return 0.0
        return self._fsrs.get_card_retrievability(FsrsCard.from_dict(json.loads(state)), utc(now))


def usable_parameters(parameters: tuple[float, ...] | None) -> tuple[float, ...] | None:
    """`parameters` if fsrs accepts them (21 numbers within its bounds), else None (defaults)."""
    if not parameters:
        return None
    try:
        FsrsScheduler(parameters=tuple(parameters), enable_fuzzing=False)
    except (ValueError, TypeError):
        return None
    return tuple(parameters)


def due_of(state: str) -> datetime:
    """The due time recorded in a stored state."""
    return datetime.fromisoformat(json.loads(state)["due"])


def format_interval(delta: timedelta) -> str:
    """An interval as a button shows it: 1m, 10m, 5h, 3d, 1.5mo, 2.1y."""
    seconds = max(delta.total_seconds(), 0)
    minutes = seconds / 60
    if minutes < 1:
        return "<1m"
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo".replace(".0mo", "mo")
    return f"{days / 365:.1f}y".replace(".0y", "y")
