"""Lapses and leeches: when a forgotten card is a lapse, and when lapses make it a leech. Pure.

Kept apart from ``core.scheduler`` so the store can apply the rule without importing fsrs.
"""

from __future__ import annotations

import json

REVIEW_STATE = 2  # fsrs State.Review: the card had been learned
DEFAULT_LEECH_THRESHOLD = 8


def is_lapse(prev_state: str | None, rating: int) -> bool:
    """Again on a card that had been learned (fsrs Review state): a lapse, as Anki counts them."""
    if prev_state is None or int(rating) != 1:
        return False
    try:
        return json.loads(prev_state).get("state") == REVIEW_STATE
    except (ValueError, AttributeError):
        return False


def turns_leech(lapses: int, threshold: int) -> bool:
    """Whether the lapse that brought an item to ``lapses`` makes it a leech: at the threshold,
    then again every half threshold after it (as Anki does), so a leech put back into the
    reviews and still forgotten is caught again. A threshold of 0 turns leeches off."""
    if threshold < 1 or lapses < threshold:
        return False
    return (lapses - threshold) % max(threshold // 2, 1) == 0
