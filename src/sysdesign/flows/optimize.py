"""`sysdesign optimize`: fit FSRS to the learner's reviews, show how well it predicts them and
what each desired retention costs, and apply it on confirmation (or undo the last one)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from datetime import datetime, tzinfo
from typing import Protocol

from sysdesign.content.model import Course
from sysdesign.core import optimize as core
from sysdesign.core.session import DEFAULT_NEW_PER_DAY
from sysdesign.store import parameters, reviews
from sysdesign.store.store import Store


class OptimizeUI(Protocol):
    """What the command asks of its screen (``ui.optimize``)."""

    def fitting(self, total: int) -> AbstractContextManager[Callable[[str], None]]: ...
    def show(self, fit: core.Fit, current: dict | None) -> None: ...
    def too_few(self, have: int, need: int) -> None: ...
    def confirm(self, question: str, default: bool) -> bool: ...
    def applied(self, fit: core.Fit) -> None: ...
    def kept(self, reason: str) -> None: ...


@dataclass
class Outcome:
    """How the command went; `document` is the --json output."""

    document: dict
    applied: bool = False


def optimize(ui: OptimizeUI, course: Course, st: Store, *, yes: bool, clock: Callable[[], datetime],
             tz: tzinfo | None = None) -> Outcome:
    """Fit, evaluate, simulate; apply when confirmed (``yes``: without asking, if it helps)."""
    with ui.fitting(core.steps() + 1) as step:
        step("reading your reviews")
        prepared = core.prepare(reviews.ratings(st), tz)
        fit = None
        if len(prepared.items) >= core.MIN_TRAINING_REVIEWS:
            fit = core.fit(prepared.items, cards=prepared.cards, progress=step, rating_shares=prepared.shares,
                           new_per_day=DEFAULT_NEW_PER_DAY, deck_size=max(len(course.cards()), prepared.cards))
    if fit is None:
        ui.too_few(len(prepared.items), core.MIN_TRAINING_REVIEWS)
        return Outcome({"enough_reviews": False, "training_reviews": len(prepared.items),
                        "needed": core.MIN_TRAINING_REVIEWS, "applied": False})
    current = parameters.fit_summary(st) if parameters.parameters(st) else None
    ui.show(fit, current)
    document = _document(fit, clock())
    if not fit.better:
        ui.kept("the fitted parameters predict your later reviews no better than the defaults")
        return Outcome({**document, "applied": False})
    if not (yes or ui.confirm("Schedule with these parameters from now on?", default=True)):
        ui.kept("not applied")
        return Outcome({**document, "applied": False})
    parameters.apply_parameters(st, fit.parameters, document)
    ui.applied(fit)
    return Outcome({**document, "applied": True}, applied=True)


def reset(st: Store) -> tuple[bool, tuple[float, ...] | None]:
    """Undo the last applied fit: (whether there was one, the parameters now in force)."""
    back = parameters.reset_parameters(st)
    if back is False:
        return False, parameters.parameters(st)
    return True, back if back else None


def _document(fit: core.Fit, when: datetime) -> dict:
    best = fit.best_retention
    return {
        "enough_reviews": True,
        "fitted_at": when.isoformat(timespec="seconds"),
        "training_reviews": fit.training_reviews,
        "cards": fit.cards,
        "parameters": list(fit.parameters),
        "evaluation": {"default": asdict(fit.default), "fitted": asdict(fit.fitted), "split": "time series, 5 folds"},
        "workload": [asdict(w) for w in fit.workload],
        "least_workload_retention": best.retention if best else None,
    }


def workload_at(summary: dict | None, retention: float) -> dict | None:
    """The simulated workload of `retention` from the fit in force (the closest retention
    simulated), with the retention that needs the least time; None without a fit."""
    rows = (summary or {}).get("workload") or []
    if not rows:
        return None
    try:
        row = min(rows, key=lambda w: abs(float(w["retention"]) - retention))
        return {**row, "least_workload_retention": summary.get("least_workload_retention")}
    except (KeyError, TypeError, ValueError):
        return None
