"""Calibration of estimates: which stored rounds count, and how an error reads.

Kept apart from core.estimate (which needs the formula evaluator and the scenario model)
so the progress dashboard and the home screen can use it without importing those.
"""

from __future__ import annotations

WRONG_UNIT, SKIPPED, UNANSWERED = "wrong unit", "skipped", "unanswered"


def factor_text(error: float) -> str:
    """A log10 error as the factor it stands for: 0.3 → '×2.0', 1.5 → '×32' (×1.0 is exact)."""
    value = 10 ** abs(error)
    if value < 9.95:
        return f"×{value:.1f}"
    if value < 1e15:
        return f"×{float(f'{value:.2g}'):,.0f}"
    from sysdesign.core.quantity import format_number

    return f"×{format_number(value, 2)}"


# --- calibration: one definition for the round summary, --list and progress ------------------
#
# A round's error is the median |log10 error| over its graded steps (a wrong unit or a skip
# has no error). A family's calibration error is the median of its rounds' errors, over
# the rounds that count: those with at least half of their steps answered. A round the
# learner left early is kept in the store but counts for nothing — not for the median, the
# best round, the latest round nor the trend.

MIN_ANSWERED_SHARE = 0.5


def answered_of(steps, total: int | None = None) -> tuple[int, int]:
    """(steps answered, steps in the round) of a stored round's step rows.

    A row graded skipped or unanswered is not answered. ``total`` (the steps the family
    asks) covers rounds stored before unanswered steps were kept.
    """
    rows = steps if isinstance(steps, list) else []
    answered = sum(1 for r in rows if isinstance(r, dict) and r.get("grade") not in (SKIPPED, UNANSWERED))
    return answered, max(len(rows), total or 0)


def counts_for_calibration(steps, total: int | None = None) -> bool:
    """Whether a stored round counts: at least half of its steps answered (unknown: it counts)."""
    if not isinstance(steps, list) or not steps:
        return True
    answered, size = answered_of(steps, total)
    return answered >= MIN_ANSWERED_SHARE * size


def short_rounds(rounds: list[dict], totals: dict[str, int] | None = None) -> dict[str, int]:
    """Family id -> rounds left before half their steps were answered (kept, not counted)."""
    totals = totals or {}
    out: dict[str, int] = {}
    for r in rounds:
        if not counts_for_calibration(r["steps"], totals.get(r["scenario"])):
            out[r["scenario"]] = out.get(r["scenario"], 0) + 1
    return out
