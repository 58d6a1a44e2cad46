"""The FSRS parameters the quiz schedules with, as `sysdesign optimize` left them: the fitted
ones in force, what they replaced (for --reset), and the fit's evaluation and workload. Kept
in the settings table; absent means fsrs's defaults."""

from __future__ import annotations

import json

from sysdesign.store.store import Store

PARAMETERS_KEY = "fsrs.parameters"  # the fitted parameters in force (absent: fsrs's defaults)
PREVIOUS_KEY = "fsrs.parameters.previous"  # what they replaced, for optimize --reset
FIT_KEY = "fsrs.fit"  # the evaluation and workload of the fit in force


def _parameters_from(text: str | None) -> tuple[float, ...] | None:
    """Stored parameters, or None for fsrs's defaults (also for text that is not a list of
    numbers: a hand-edited setting must not stop the quiz)."""
    if not text:
        return None
    try:
        values = json.loads(text)
        return tuple(float(v) for v in values) if isinstance(values, list) and values else None
    except (ValueError, TypeError):
        return None


def parameters(store: Store) -> tuple[float, ...] | None:
    """The FSRS parameters to schedule with: the learner's fitted ones, or None (defaults)."""
    return _parameters_from(store.setting(PARAMETERS_KEY))


def fit_summary(store: Store) -> dict | None:
    """What `optimize` recorded about the parameters in force (evaluation, workload)."""
    try:
        summary = json.loads(store.setting(FIT_KEY) or "null")
    except ValueError:
        return None
    return summary if isinstance(summary, dict) else None


def apply_parameters(store: Store, values: tuple[float, ...], summary: dict) -> None:
    """Schedule with `values` from now on, keeping what was in force for `reset_parameters`."""
    with store.transaction() as c:
        rows = dict(c.execute("SELECT key, value FROM settings WHERE key IN (?, ?)", (PARAMETERS_KEY, FIT_KEY)))
        for key, value in ((PREVIOUS_KEY, json.dumps({"parameters": _parameters_from(rows.get(PARAMETERS_KEY)),
                                                         "fit": json.loads(rows.get(FIT_KEY) or "null")})),
                           (PARAMETERS_KEY, json.dumps(list(values))), (FIT_KEY, json.dumps(summary))):
            c.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))


def reset_parameters(store: Store) -> tuple[float, ...] | None | bool:
    """Put back the parameters the last `apply_parameters` replaced (and keep the ones taken
    out, so a second reset undoes the first); returns them (None: the defaults), or False
    when nothing was ever applied."""
    with store.transaction() as c:
        rows = dict(c.execute("SELECT key, value FROM settings WHERE key IN (?, ?, ?)",
                              (PARAMETERS_KEY, PREVIOUS_KEY, FIT_KEY)))
        if PREVIOUS_KEY not in rows:
            return False
        try:
            previous = json.loads(rows[PREVIOUS_KEY])
        except ValueError:
            previous = {}
        previous = previous if isinstance(previous, dict) else {}
        back = _parameters_from(json.dumps(previous.get("parameters")))
        swapped = {"parameters": _parameters_from(rows.get(PARAMETERS_KEY)),
                   "fit": json.loads(rows.get(FIT_KEY) or "null")}
        c.execute("DELETE FROM settings WHERE key IN (?, ?)", (PARAMETERS_KEY, FIT_KEY))
        if back is not None:
            c.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (PARAMETERS_KEY, json.dumps(list(back))))
            if isinstance(previous.get("fit"), dict):
                c.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (FIT_KEY, json.dumps(previous["fit"])))
        c.execute("UPDATE settings SET value = ? WHERE key = ?", (json.dumps(swapped), PREVIOUS_KEY))
        return back
