"""What the scheduler knows about one item: its memory state now and its review history. Pure."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sysdesign.core.scheduler import Scheduler, utc

STATES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}


@dataclass(frozen=True)
class Review:
    when: str  # ISO, UTC
    rating: str  # Again … Easy
    days_since_previous: float | None
    seconds: float | None


@dataclass(frozen=True)
class CardInfo:
    id: str
    kind: str  # card | question
    title: str  # a card's front, a question's prompt
    source: str  # the deck of a card, the lesson of a question
    state: str  # new | learning | review | relearning
    stability_days: float | None
    difficulty: float | None  # 1 (easy) … 10 (hard)
    retrievability: float | None  # chance of remembering it now
    due: str | None
    reviews: int
    lapses: int
    suspended: bool
    leech: bool
    buried_until: str | None
    history: tuple[Review, ...]

    def as_dict(self) -> dict:
        from dataclasses import asdict

        return asdict(self)


def card_info(item_id: str, kind: str, title: str, source: str, state: str | None, log: list[tuple],
              flags, scheduler: Scheduler, now: datetime) -> CardInfo:
    """`state` is the stored fsrs state (None: never reviewed); `log` its reviews as
    (time, rating, duration_ms) in order; `flags` the store's Flags."""
    data = json.loads(state) if state else {}
    history, previous = [], None
    for when, rating, ms in log:
        gap = round((when - previous).total_seconds() / 86400, 2) if previous is not None else None
        history.append(Review(utc(when).isoformat(timespec="seconds"), _rating_name(rating),
                              gap, round(ms / 1000, 1) if ms is not None else None))
        previous = when
    stability = data.get("stability")
    difficulty = data.get("difficulty")
    return CardInfo(
        id=item_id, kind=kind, title=title, source=source,
        state=STATES.get(data.get("state"), "new") if state else "new",
        stability_days=round(stability, 2) if stability is not None else None,
        difficulty=round(difficulty, 2) if difficulty is not None else None,
        retrievability=round(scheduler.retrievability(state, now), 3) if state else None,
        due=data.get("due"),
        reviews=len(log), lapses=flags.lapses, suspended=flags.suspended, leech=flags.leech,
        buried_until=flags.buried_until, history=tuple(history),
    )


def _rating_name(rating: int) -> str:
    from fsrs import Rating

    try:
        return Rating(int(rating)).name
    except ValueError:
        return str(rating)
