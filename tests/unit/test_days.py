"""Local calendar days from UTC stamps: the boundaries of streaks, the heatmap and the forecast."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.core.days import day_of, day_start, local_date

PACIFIC = timezone(timedelta(hours=-8))
NEPAL = timezone(timedelta(hours=5, minutes=45))


def test_a_utc_stamp_falls_on_its_local_day():
    assert day_of("2026-11-25T02:30:00+00:00", timezone.utc) == "2026-11-25"
    assert day_of("2026-11-25T02:30:00+00:00", PACIFIC) == "2026-11-24"
    assert day_of("2026-11-24T18:30:00+00:00", NEPAL) == "2026-11-25"


def test_a_stamp_without_a_zone_is_utc_and_one_that_is_not_iso_keeps_its_date_part():
    assert day_of("2026-11-25T02:30:00", PACIFIC) == "2026-11-24"
    assert day_of("2026-11-25 garbled", PACIFIC) == "2026-11-25"


def test_day_start_is_local_midnight_as_a_stored_stamp():
    assert day_start(date(2026, 11, 25), timezone.utc) == "2026-11-25T00:00:00+00:00"
    assert day_start(date(2026, 11, 25), PACIFIC) == "2026-11-25T08:00:00+00:00"
    assert day_start(date(2026, 11, 25), NEPAL) == "2026-11-24T18:15:00+00:00"


def test_local_date_of_an_instant():
    assert local_date(datetime(2026, 11, 25, 2, 30, tzinfo=timezone.utc), PACIFIC) == date(2026, 11, 24)


def test_daylight_saving_days_are_23_and_25_hours_long():
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        new_york = zoneinfo.ZoneInfo("America/New_York")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("no time zone database on this machine")

    def hours(day: date) -> float:
        start = datetime.fromisoformat(day_start(day, new_york))
        end = datetime.fromisoformat(day_start(day + timedelta(days=1), new_york))
        return (end - start).total_seconds() / 3600

    assert hours(date(2026, 3, 8)) == 23 and hours(date(2026, 11, 1)) == 25 and hours(date(2026, 11, 25)) == 24


def test_no_zone_means_the_system_zone(monkeypatch):
    monkeypatch.setenv("TZ", "PST8PDT")
    time.tzset()
    try:
        assert day_of("2026-11-25T02:30:00+00:00") == "2026-11-24"
        assert day_start(date(2026, 11, 25)) == "2026-11-25T08:00:00+00:00"
    finally:
        monkeypatch.undo()
        time.tzset()


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
       st.sampled_from([timezone.utc, PACIFIC, NEPAL]))
def test_every_stamp_lies_between_the_starts_of_its_day_and_the_next(when, tz):
    stamp = when.replace(tzinfo=timezone.utc).isoformat(timespec="seconds")
    day = date.fromisoformat(day_of(stamp, tz))
    assert day_start(day, tz) <= stamp < day_start(day + timedelta(days=1), tz)
