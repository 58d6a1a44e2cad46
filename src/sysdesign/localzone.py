"""The learner's time zone, made usable before anything reads the clock."""

from __future__ import annotations

import os
import time
from datetime import datetime


def usable_zone_or_utc() -> str | None:
    """Fall back to UTC when the system's zone cannot be used (e.g. `TZ=UTC+25`, whose
    offset Python refuses); returns the warning to show, or None when the zone is fine."""
    try:
        datetime.now().astimezone()
        return None
    except (ValueError, OverflowError, OSError):
        bad = os.environ.get("TZ", "")
    os.environ["TZ"] = "UTC"
    if hasattr(time, "tzset"):  # not on Windows, where TZ cannot be set this way anyway
        time.tzset()
    return (f"The time zone {bad!r} cannot be used (offsets stop short of ±24 hours), so days are "
            "counted in UTC. Set TZ to a zone such as Europe/Paris to fix it.")
