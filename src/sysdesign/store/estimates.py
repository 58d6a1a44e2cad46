"""Estimation attempts: one row per round in the ``estimates`` table, saved after every answer.

``steps`` is a JSON list of the round's steps (``id``, ``name``, ``unit``, ``expected``,
``given``, ``given_text``, ``log10_error``, ``grade``), the ones not reached yet included
with the grade ``unanswered``, so that a round left early can be told from a full one;
``progress --json`` reads it back as is. Quick drills are stored the same way under the
scenario ``drill-<topic>``.

Calibration (the median error of a family) is computed from ``rounds`` by the callers with
``core.report.calibration``, the same function ``progress`` uses, so every screen shows the
same figure; the store only keeps and returns rounds.
"""

from __future__ import annotations

import json
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


def _steps(steps_json: str):
    try:
        return json.loads(steps_json)
    except (TypeError, ValueError):
        return None


def rounds(store: Store, scenario: str | None = None) -> list[dict]:
    """Every stored round (of one family), as ``core.report.calibration`` reads them."""
    sql = "SELECT scenario, taken_at, steps, median_log10_error FROM estimates"
    rows = store.query(sql + " WHERE scenario = ?", (scenario,)) if scenario is not None else store.query(sql)
    return [{"scenario": s, "when": when, "steps": _steps(steps), "median_log10_error": err} for s, when, steps, err in rows]
