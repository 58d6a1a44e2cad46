"""Calibration of estimates: which stored rounds count, and how an error reads.

Kept apart from core.estimate (which needs the formula evaluator and the scenario model)
so the progress dashboard and the home screen can use it without importing those.
"""

from __future__ import annotations

import math
import statistics

WRONG_UNIT, SKIPPED, UNANSWERED = "wrong unit", "skipped", "unanswered"
HELD, MISSED = "range held", "range missed"  # a range answer that held the true value, or did not


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


# --- calibration of 90 % ranges ----------------------------------------------------------------
#
# Every range a learner gives counts, in any round (a range is graded on its own, so a round
# left early does not bias it). The share that held the true value is compared with the 90 %
# aimed at through a Wilson score interval (95 % confidence): a band wholly below 90 % means
# the ranges are too narrow (overconfident), wholly above means too wide (underconfident).

TARGET = 0.9  # the coverage a 90 % range aims at
Z95 = 1.959964  # two-sided 95 % normal quantile
MIN_FOR_VERDICT = 10  # below this many ranges a band that holds 90 % says "too few to tell"


def wilson(hits: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a binomial share: (low, high), both within [0, 1]."""
    if n <= 0:
        return 0.0, 1.0
    share = hits / n
    denominator = 1 + z * z / n
    centre = (share + z * z / (2 * n)) / denominator
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def ranges_of(steps) -> list[dict]:
    """The graded ranges of a stored round's step rows (their ``interval`` entries)."""
    if not isinstance(steps, list):
        return []
    out = []
    for row in steps:
        interval = row.get("interval") if isinstance(row, dict) else None
        if isinstance(interval, dict) and isinstance(interval.get("hit"), bool):
            out.append(interval)
    return out


def range_summary(ranges: list[dict]) -> dict | None:
    """How a set of graded ranges fared: share held, its Wilson band, a verdict, median width."""
    n = len(ranges)
    if not n:
        return None
    hits = sum(1 for r in ranges if r["hit"])
    low, high = wilson(hits, n)
    widths = sorted(float(r.get("width_log10") or 0.0) for r in ranges)
    scores = [float(r.get("score") or 0.0) for r in ranges]
    width = statistics.median(widths)
    verdict, message = _range_verdict(hits, n, low, high)
    return {
        "ranges": n,
        "held": hits,
        "share": round(hits / n, 4),
        "band": [round(low, 4), round(high, 4)],
        "target": TARGET,
        "verdict": verdict,
        "message": message,
        "median_width_log10": round(width, 4),
        "median_width_factor": round(10**width, 2),
        "mean_score": round(sum(scores) / n, 4),
    }


def percent(share: float) -> str:
    return f"{share * 100:.0f} %"


def _range_verdict(hits: int, n: int, low: float, high: float) -> tuple[str, str]:
    held = f"{percent(hits / n)} of your 90 % ranges held the answer"
    if high < TARGET:
        return "overconfident", f"overconfident: {held}; widen them"
    if low > TARGET:
        return "underconfident", f"underconfident: {held}; you can narrow them"
    if n < MIN_FOR_VERDICT:
        return "too few", (f"too few to tell yet: {hits} of {n} ranges held the answer; "
                           f"{MIN_FOR_VERDICT} or more give a verdict")
    return "calibrated", f"calibrated: {held}; keep them this wide"


def range_calibration(estimates: list[dict]) -> dict:
    """Calibration of 90 % ranges, overall and per family (a scenario id or drill-<topic>).

    ``families`` is ordered by the most recent round first, like ``core.report.calibration``.
    """
    by_family: dict[str, list[dict]] = {}
    last: dict[str, str] = {}
    everything: list[dict] = []
    for est in estimates:
        ranges = ranges_of(est.get("steps"))
        if not ranges:
            continue
        family = str(est.get("scenario"))
        by_family.setdefault(family, []).extend(ranges)
        last[family] = max(last.get(family, ""), str(est.get("when") or ""))
        everything.extend(ranges)
    families = [{"scenario": family, **range_summary(ranges)} for family, ranges in by_family.items()]
    families.sort(key=lambda f: last[f["scenario"]], reverse=True)
    return {"overall": range_summary(everything), "families": families}


def short_rounds(rounds: list[dict], totals: dict[str, int] | None = None) -> dict[str, int]:
    """Family id -> rounds left before half their steps were answered (kept, not counted)."""
    totals = totals or {}
    out: dict[str, int] = {}
    for r in rounds:
        if not counts_for_calibration(r["steps"], totals.get(r["scenario"])):
            out[r["scenario"]] = out.get(r["scenario"], 0) + 1
    return out
