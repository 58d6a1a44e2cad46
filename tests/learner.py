"""A simulated learner whose memory is not FSRS's default one: the review history that
`sysdesign optimize` should fit better than the defaults do."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

# FSRS-6 parameters of someone who forgets faster than the defaults assume: a quarter of the
# initial stabilities, slower growth of stability after a success, a steeper forgetting curve
TRUE_MEMORY = (0.06, 0.3, 0.6, 2.2, 6.4133, 0.8334, 3.0194, 0.001, 1.2, 0.1666, 0.796,
               1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.4)
START = datetime(2025, 1, 6, 8, 0, tzinfo=timezone.utc)


def review_history(store, *, cards: int = 260, days: int = 240, seed: int = 3, new_per_day: int = 12) -> int:
    """Review `cards` cards for `days` days the way the quiz does (due cards, then new ones),
    scheduled by the default scheduler, remembered or not as TRUE_MEMORY says; every rating
    is recorded through the store. Returns the number of reviews."""
    from fsrs import Card, Rating
    from fsrs import Scheduler as FsrsScheduler

    from sysdesign.core.scheduler import Scheduler, fsrs_card_id
    from sysdesign.store import reviews

    rng = random.Random(seed)
    app = Scheduler()
    truth = FsrsScheduler(parameters=TRUE_MEMORY, enable_fuzzing=False)
    memory: dict[str, Card] = {}
    states: dict[str, str | None] = {}
    due: dict[str, datetime] = {}
    waiting = [f"sim-card-{n:04d}" for n in range(cards)]
    total = 0
    for day in range(days):
        now = START + timedelta(days=day, minutes=rng.randint(0, 90))
        todays = sorted((d, c) for c, d in due.items() if d <= now + timedelta(hours=12))
        todays = [c for _, c in todays] + [waiting.pop(0) for _ in range(min(new_per_day, len(waiting)))]
        for card in todays:
            now += timedelta(seconds=rng.randint(5, 40))
            truth_card = memory.get(card) or Card(card_id=fsrs_card_id(card), due=now)
            remembered = card in memory and rng.random() < truth.get_card_retrievability(truth_card, now)
            if card not in memory:  # a new card: how well it was known from the start
                rating = rng.choices((1, 2, 3, 4), weights=(30, 15, 45, 10))[0]
            else:
                rating = rng.choices((2, 3, 4), weights=(15, 75, 10))[0] if remembered else 1
            memory[card], _ = truth.review_card(truth_card, Rating(rating), now)
            outcome = app.rate(card, states.get(card), rating, now)
            reviews.record(store, outcome, "card", duration_ms=rng.randint(2000, 9000), source="sim-deck")
            states[card], due[card] = outcome.state, outcome.due
            total += 1
    return total
