"""Names shared by the scenario format and the core that evaluates it."""

from __future__ import annotations

import re

from sysdesign.core.quantity import DAY_S, TIME

# Names every formula may use, with their values in seconds.
CONSTANTS: dict[str, float] = {
    "second": 1.0,
    "minute": 60.0,
    "hour": 3600.0,
    "day": DAY_S,
    "week": 7 * DAY_S,
    "month": 30 * DAY_S,
    "year": 365 * DAY_S,
}
CONSTANT_DIM = TIME

# {name} or {name:n} in a scenario's story
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?\}")
PLACEHOLDER_FORMATS = ("n",)
