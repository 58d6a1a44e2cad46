"""The progress report: pure arithmetic over a snapshot of the store and the course."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sysdesign.content.model import Course


@dataclass(frozen=True)
class Snapshot:
    """What the store knows, read in one go."""

    sections_done: dict[str, set[str]] = field(default_factory=dict)
    finished: dict[str, str] = field(default_factory=dict)
    reviews_total: int = 0
    card_due: dict[str, str] = field(default_factory=dict)  # item id -> ISO due time
    activity_days: list[str] = field(default_factory=list)
    estimates: list[dict] = field(default_factory=list)
    interviews: list[dict] = field(default_factory=list)


def unlocked_card_ids(course: Course, finished: dict[str, str]) -> set[str]:
    return {c.id for d in course.decks if d.lesson_id is None or d.lesson_id in finished for c in d.cards}


def streak(days: list[str], today: date) -> int:
    """Consecutive active days ending today (or yesterday, if today is still empty)."""
    active = {date.fromisoformat(d) for d in days if len(d) == 10}
    day = today if today in active else today - timedelta(days=1)
    count = 0
    while day in active:
        count += 1
        day -= timedelta(days=1)
    return count


def due_count(card_due: dict[str, str], now: datetime) -> int:
    stamp = now.isoformat(timespec="seconds")
    return sum(1 for due in card_due.values() if due <= stamp)


def build_report(course: Course, snap: Snapshot, now: datetime) -> dict:
    lessons = []
    for lesson in course.lessons:
        ids = {s.id for s in lesson.sections}
        done = len(snap.sections_done.get(lesson.id, set()) & ids)
        lessons.append({
            "id": lesson.id,
            "title": lesson.title,
            "sections_done": done,
            "sections_total": len(ids),
            "finished": lesson.id in snap.finished,
        })
    return {
        "lessons": lessons,
        "cards_total": len(course.cards()),
        "cards_unlocked": len(unlocked_card_ids(course, snap.finished)),
        "questions_total": len(course.questions()),
        "reviews_total": snap.reviews_total,
        "due_now": due_count(snap.card_due, now),
        "streak_days": streak(snap.activity_days, now.date()),
        "estimates": snap.estimates,
        "interviews": snap.interviews,
    }
