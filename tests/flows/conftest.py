"""Flows run with a fake UI, a temporary store, a fixed clock and the small test course."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.cli.mini_course import write_mini_course


class Clock:
    """A clock that moves one second each time it is read (exact, never the real time)."""

    def __init__(self, start: datetime = datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc)):
        self.at = start

    def __call__(self) -> datetime:
        self.at += timedelta(seconds=1)
        return self.at

    def monotonic(self) -> float:
        return self.at.timestamp()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def course(tmp_path):
    from sysdesign.content.loader import load_dir

    loaded = load_dir(write_mini_course(tmp_path / "content", with_scenarios=True))
    assert not loaded.errors
    return loaded.course


@pytest.fixture
def store(tmp_path):
    from sysdesign.store.store import Store

    with Store.open(tmp_path / "progress.sqlite3") as st:
        yield st
