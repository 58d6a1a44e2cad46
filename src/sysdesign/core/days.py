"""Calendar days as the learner lives them.

Times are stored in UTC; a day (for streaks, the heatmap, the forecast, "today") is a day
in the learner's time zone. `tz=None` means the system's local zone, which also follows
daylight-saving changes; tests pass a fixed zone.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone, tzinfo


def iso(when: datetime) -> str:
    """The stored form of a time: UTC, to the second, '+00:00' (so stamps sort as text)."""
    return when.astimezone(timezone.utc).isoformat(timespec="seconds")


def local_date(when: datetime, tz: tzinfo | None = None) -> date:
    return when.astimezone(tz).date()


def day_of(stamp: str, tz: tzinfo | None = None) -> str:
    """The local day (YYYY-MM-DD) of a stored UTC stamp; anything not ISO keeps its first ten characters."""
    try:
        when = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return str(stamp)[:10]
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(tz).date().isoformat()


def day_start(day: date, tz: tzinfo | None = None) -> str:
    """Local midnight at the start of `day`, as a stored stamp (UTC), for range queries."""
    return iso(datetime.combine(day, time(), tzinfo=tz))  # naive (tz None) counts as system local
