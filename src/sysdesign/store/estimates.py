"""Estimation attempts: one row per round in the ``estimates`` table, saved after every answer.

``steps`` is a JSON list of graded steps (``id``, ``name``, ``unit``, ``expected``,
``given``, ``given_text``, ``log10_error``, ``grade``); ``progress --json`` reads it back
as is. Quick drills are stored the same way under the scenario ``drill-<topic>``.
"""

from __future__ import annotations

import json
import statistics
from datetime import datetime

from sysdesign.store.store import Store, iso


def save_attempt(
    store: Store,
    attempt_id: int | None,
    scenario: str,
    when: datetime,
    params: dict,
    steps: list[dict],
    median_log10_error: float | None,
) -> int:
    """Insert the attempt (``attempt_id`` None) or update it; returns its id. Commits at once."""
    params_json = json.dumps(params, ensure_ascii=False, sort_keys=True)
    steps_json = json.dumps(steps, ensure_ascii=False)
    with store.transaction() as conn:
        if attempt_id is None:
            cursor = conn.execute(
                "INSERT INTO estimates (scenario, taken_at, params, steps, median_log10_error) VALUES (?, ?, ?, ?, ?)",
                (scenario, iso(when), params_json, steps_json, median_log10_error),
            )
            return int(cursor.lastrowid)
        conn.execute(
            "UPDATE estimates SET steps = ?, median_log10_error = ? WHERE id = ?",
            (steps_json, median_log10_error, attempt_id),
        )
        return attempt_id


def _errors(steps_json: str) -> list[float]:
    try:
        steps = json.loads(steps_json)
    except (TypeError, ValueError):
        return []
    if not isinstance(steps, list):
        return []
    out = []
    for step in steps:
        if isinstance(step, dict) and isinstance(step.get("log10_error"), (int, float)):
            out.append(float(step["log10_error"]))
    return out


def family_calibration(store: Store, scenario: str) -> tuple[float | None, int]:
    """The median log10 error over every graded step of a family so far, and the number of rounds."""
    rows = store.query("SELECT steps FROM estimates WHERE scenario = ?", (scenario,))
    errors = [e for (steps,) in rows for e in _errors(steps)]
    return (statistics.median(errors) if errors else None), len(rows)


def all_calibration(store: Store) -> dict[str, tuple[float | None, int]]:
    """``family_calibration`` for every family with at least one round."""
    rows = store.query("SELECT scenario, steps FROM estimates")
    errors: dict[str, list[float]] = {}
    rounds: dict[str, int] = {}
    for scenario, steps in rows:
        errors.setdefault(scenario, []).extend(_errors(steps))
        rounds[scenario] = rounds.get(scenario, 0) + 1
    return {s: ((statistics.median(errors[s]) if errors[s] else None), rounds[s]) for s in rounds}
