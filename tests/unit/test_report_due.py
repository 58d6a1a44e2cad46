"""due_now counts only items that are still in the content."""

from __future__ import annotations

from datetime import datetime, timezone

from sysdesign.cli.common import course as load_course
from sysdesign.core.report import Snapshot, build_report

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def test_due_now_ignores_state_of_removed_cards():
    course = load_course()
    card = course.cards()[0].id
    past = "2026-11-24T12:00:00+00:00"
    snap = Snapshot(card_due={card: past, "a-deleted-own-card": past, course.cards()[1].id: "2026-11-30T00:00:00+00:00"})
    assert build_report(course, snap, NOW)["due_now"] == 1
