"""Estimation attempts: one row per round in the ``estimates`` table, saved after every answer.

``steps`` is a JSON list of the round's steps (``id``, ``name``, ``unit``, ``expected``,
``given``, ``given_text``, ``log10_error``, ``grade``, and ``interval`` — a range answer's
ends, hit, interval score and width, null for a point), the ones not reached yet included
with the grade ``unanswered``, so that a round left early can be told from a full one;
``progress --json`` reads it back as is. Ranges live in those rows, so they needed no
schema change. Quick drills are stored the same way under the
scenario ``drill-<topic>``.

Calibration (the median error of a family) is computed by ``core.report.calibration``,
the same function ``progress`` uses, so every screen shows the same figure.
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


def _rounds(store: Store, scenario: str | None = None) -> list[dict]:
    sql = "SELECT scenario, taken_at, steps, median_log10_error FROM estimates"
    rows = store.query(sql + " WHERE scenario = ?", (scenario,)) if scenario is not None else store.query(sql)
    return [{"scenario": s, "when": when, "steps": _steps(steps), "median_log10_error": err} for s, when, steps, err in rows]


def all_calibration(store: Store, totals: dict[str, int] | None = None) -> dict[str, dict]:
    """Every family's calibration row (see ``core.report.calibration``), by family id.

    A family whose rounds were all left early (or all ungraded) has no row.
    """
    from sysdesign.core.report import calibration

    return {row["scenario"]: row for row in calibration(_rounds(store), totals)}


def family_calibration(store: Store, scenario: str, total: int | None = None) -> dict | None:
    """One family's calibration row (``median_error``, ``rounds``, ``short_rounds`` …), or None."""
    from sysdesign.core.report import calibration

    rows = calibration(_rounds(store, scenario), {scenario: total} if total else None)
    return rows[0] if rows else None


def short_rounds(store: Store, totals: dict[str, int] | None = None) -> dict[str, int]:
    """Family id -> rounds left before half their steps were answered (kept, not counted)."""
    from sysdesign.core.calibration import counts_for_calibration

    totals = totals or {}
    out: dict[str, int] = {}
    for r in _rounds(store):
        if not counts_for_calibration(r["steps"], totals.get(r["scenario"])):
            out[r["scenario"]] = out.get(r["scenario"], 0) + 1
    return out


def family_ranges(store: Store, scenario: str) -> dict | None:
    """How one family's 90 % ranges have fared over all its rounds (``core.calibration``), or None."""
    from sysdesign.core.calibration import range_calibration

    families = range_calibration(_rounds(store, scenario))["families"]
    return families[0] if families else None


def all_ranges(store: Store) -> dict[str, dict]:
    """Every family's 90 % range calibration (``core.calibration.range_calibration``), by id."""
    from sysdesign.core.calibration import range_calibration

    return {row["scenario"]: row for row in range_calibration(_rounds(store))["families"]}
