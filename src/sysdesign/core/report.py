"""The progress report: pure arithmetic over a snapshot of the store and the course."""

from __future__ import annotations

import math
import statistics
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from sysdesign.content.model import Course
from sysdesign.core.days import iso, local_date
from sysdesign.core.documents import ProgressDocument
from sysdesign.core.limits import DEFAULT_NEW_PER_DAY, DEFAULT_NEW_QUESTIONS_PER_DAY

HEATMAP_WEEKS = 16
FORECAST_DAYS = 14


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
    # reviews per day (YYYY-MM-DD -> count) since heatmap_start(now), one GROUP BY
    reviews_by_day: dict[str, int] = field(default_factory=dict)
    # items due per day (YYYY-MM-DD -> count) before the end of the forecast window,
    # overdue days included (they fold into today)
    due_by_day: dict[str, int] = field(default_factory=dict)
    # item id -> (reviews, reviews rated Again), for items whose deck the store does not know
    item_reviews: dict[str, tuple[int, int]] = field(default_factory=dict)
    # deck id (a card's) or lesson id (a question's) -> (reviews, reviews rated Again), summed
    # by the store for the items it knows the deck of
    source_reviews: dict[str, tuple[int, int]] = field(default_factory=dict)
    sketch_days: list[str] = field(default_factory=list)
    sketches_total: int = 0
    last_sketch: dict | None = None
    introduced_today: int = 0  # new cards first reviewed today (local day)
    questions_introduced_today: int = 0  # new questions first reviewed today (local day)
    # items suspended, tagged a leech or buried: (id, kind, suspended, leech, buried_until, lapses)
    held: list[tuple] = field(default_factory=list)


def heatmap_start(today: date, weeks: int = HEATMAP_WEEKS) -> date:
    """The Monday that starts the heatmap: `weeks` calendar weeks ending with this one."""
    return today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)


def unlocked_card_ids(course: Course, finished: dict[str, str]) -> set[str]:
    return {c.id for d in course.decks if d.lesson_id is None or d.lesson_id in finished for c in d.cards}


def new_question_ids(course: Course, finished: dict[str, str], scheduled: Collection[str],
                     kept_out: Collection[str], stamp: str) -> set[str]:
    """Questions the quiz would bring as new: of a lesson finished by `stamp`, never
    reviewed in the quiz (no schedule), not suspended or buried (as session.build_queue)."""
    return {q.id for lesson in course.lessons if finished.get(lesson.id, "~") <= stamp
            for q in lesson.questions if q.id not in scheduled and q.id not in kept_out}


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


def forecast(due_by_day: dict[str, int], today: date, days: int = FORECAST_DAYS) -> list[dict]:
    """Items due on each of the next `days` days; anything overdue counts for today."""
    counts = [0] * days
    for day, n in due_by_day.items():
        try:
            offset = (date.fromisoformat(day[:10]) - today).days
        except ValueError:
            continue
        if offset < days:
            counts[max(offset, 0)] += n
    return [{"date": (today + timedelta(days=i)).isoformat(), "due": counts[i]} for i in range(days)]


def _item_decks(course: Course) -> dict[str, tuple[str, str]]:
    """Item id -> (deck id, deck title); a lesson's questions belong to that lesson's deck."""
    out: dict[str, tuple[str, str]] = {}
    by_lesson: dict[str, tuple[str, str]] = {}
    for deck in course.decks:
        if deck.lesson_id is not None:
            by_lesson.setdefault(deck.lesson_id, (deck.id, deck.title))
        for card in deck.cards:
            out[card.id] = (deck.id, deck.title)
    for lesson in course.lessons:
        home = by_lesson.get(lesson.id, (lesson.id, lesson.title))
        for q in lesson.questions:
            out.setdefault(q.id, home)
    return out


def _source_decks(course: Course) -> dict[str, tuple[str, str]]:
    """Deck or lesson id -> (deck id, deck title): a lesson's questions count for its deck."""
    out = {d.id: (d.id, d.title) for d in course.decks}
    for lesson in course.lessons:
        deck = next((d for d in course.decks if d.lesson_id == lesson.id), None)
        out.setdefault(lesson.id, (deck.id, deck.title) if deck else (lesson.id, lesson.title))
    return out


def retention(course: Course, item_reviews: dict[str, tuple[int, int]],
              source_reviews: dict[str, tuple[int, int]] | None = None) -> list[dict]:
    """Per deck: reviews, reviews rated Again, and the share not rated Again. `item_reviews`
    is per item; `source_reviews` per deck or lesson, already summed."""
    totals: dict[str, list] = {}
    unknown = ("other", "Removed or unknown items")

    def add(key: tuple[str, str], n: int, again: int) -> None:
        row = totals.setdefault(key[0], [key[1], 0, 0])
        row[1] += n
        row[2] += again

    if item_reviews:
        decks = _item_decks(course)
        for item, (n, again) in item_reviews.items():
            add(decks.get(item, unknown), n, again)
    if source_reviews:
        sources = _source_decks(course)
        for source, (n, again) in source_reviews.items():
            add(sources.get(source, unknown), n, again)
    lesson_order = {le.id: le.order for le in course.lessons}
    order = {d.id: (d.lesson_id is None, lesson_order.get(d.lesson_id or "", 0), d.id) for d in course.decks}
    order.update({le.id: (False, le.order, le.id) for le in course.lessons if le.id not in order})
    out = []
    for deck_id, (title, n, again) in sorted(totals.items(), key=lambda kv: order.get(kv[0], (True, 0, "~" + kv[0]))):
        if n:
            out.append({"deck": deck_id, "title": title, "reviews": n, "again": again,
                        "retention": round((n - again) / n, 4)})
    return out


LEECH_HINT = ("Rewrite or split it: a card forgotten this often usually asks two things at once or "
              "has an answer that is hard to picture. Then: sysdesign quiz --unsuspend ID")


def held_items(course: Course, held: list[tuple], now: datetime) -> dict[str, list[dict]]:
    """Suspended cards, cards buried until later today or tomorrow, and leeches, by title."""
    out: dict[str, list[dict]] = {"suspended": [], "buried": [], "leeches": []}
    if not held:
        return out
    wanted = {row[0] for row in held}
    titles: dict[str, tuple[str, str]] = {}
    for deck in course.decks:
        for card in deck.cards:
            if card.id in wanted:
                titles[card.id] = (card.front, deck.title)
    for lesson in course.lessons:
        for q in lesson.questions:
            if q.id in wanted:
                titles[q.id] = (q.prompt, lesson.title)
    stamp = now.isoformat(timespec="seconds")
    for item_id, kind, suspended, leech, buried_until, lapses in held:
        title, where = titles.get(item_id, ("(no longer in the course)", ""))
        row = {"id": item_id, "kind": kind, "title": title, "deck": where}
        if leech:
            out["leeches"].append({**row, "lapses": lapses, "suspended": bool(suspended), "hint": LEECH_HINT})
        if suspended:
            out["suspended"].append({**row, "leech": bool(leech)})
        elif buried_until and buried_until > stamp:
            out["buried"].append({**row, "until": buried_until})
    return out


def factor(log10_error: float) -> float:
    """An order-of-magnitude error as a multiplicative factor (0.3 -> about 2.0)."""
    return 10 ** abs(log10_error)


def calibration(estimates: list[dict], totals: dict[str, int] | None = None) -> list[dict]:
    """Per scenario family, its rounds' median log10 errors in time order, and a trend.

    The one definition of calibration, shared by the round summary, ``estimate --list`` and
    ``progress``: a round's error is its stored median |log10 error|; ``median_error`` is
    the median of those over the rounds that count. A round with fewer than half of its
    steps answered (the learner stopped early) stays stored but counts for nothing: not
    for the median, the latest or best round, the series nor the trend; ``short_rounds``
    says how many were left out. ``totals`` (family -> steps asked) fills in the size of
    rounds stored before unanswered steps were kept.
    """
    from sysdesign.core.calibration import counts_for_calibration

    totals = totals or {}
    families: dict[str, list[dict]] = {}
    short: dict[str, int] = {}
    for est in estimates:
        if not counts_for_calibration(est.get("steps"), totals.get(est["scenario"])):
            short[est["scenario"]] = short.get(est["scenario"], 0) + 1
            continue
        err = est.get("median_log10_error")
        if err is None or not isinstance(err, (int, float)) or not math.isfinite(err):
            continue
        families.setdefault(est["scenario"], []).append({"when": est["when"], "error": float(err)})
    out = []
    for family, rounds in families.items():
        rounds.sort(key=lambda r: r["when"])
        errors = [r["error"] for r in rounds]
        half = len(errors) // 2
        trend = None
        if len(errors) >= 2:
            early = statistics.median(errors[: max(half, 1)])
            late = statistics.median(errors[max(half, 1):])
            trend = round(late - early, 4)
        out.append({
            "scenario": family,
            "rounds": len(rounds),
            "short_rounds": short.get(family, 0),
            "first": rounds[0]["when"],
            "last": rounds[-1]["when"],
            "latest_error": round(errors[-1], 4),
            "best_error": round(min(errors), 4),
            "median_error": round(statistics.median(errors), 4),
            "trend": trend,  # later half minus earlier half: negative means better
            "series": [round(e, 4) for e in errors],
        })
    out.sort(key=lambda f: f["last"], reverse=True)
    return out


def asked_counts(course: Course) -> dict[str, int]:
    """Family id -> how many steps a round of it asks."""
    return {s.id: len(s.asked) for s in getattr(course, "scenarios", ()) if hasattr(s, "asked")}


def _titled(families: list[dict], course: Course) -> list[dict]:
    """Name each scenario family by its title when the course knows it; a drill
    ('drill-latency') by its reference sheet ('Latency drill')."""
    titles = {getattr(s, "id", None): getattr(s, "title", None) for s in course.scenarios}
    titles |= {f"drill-{t.id}": f"{t.title} drill" for t in course.reference if getattr(t, "title", None)}
    for fam in families:
        fam["title"] = titles.get(fam["scenario"]) or fam["scenario"]
    return families


def _titled_ranges(estimates: list[dict], course: Course) -> dict:
    from sysdesign.core.calibration import range_calibration

    result = range_calibration(estimates)
    _titled(result["families"], course)
    return result


def _problem_titles(interviews: list[dict], course: Course) -> list[dict]:
    """Each interview with its problem's title (`title`), so screens never show an id."""
    titles = {getattr(p, "id", None): getattr(p, "title", None) for p in course.problems}
    return [{**iv, "title": titles.get(iv.get("problem")) or iv.get("problem")} for iv in interviews]


def lesson_entries(course: Course, sections_done: dict[str, set[str]], finished: dict[str, str]) -> list[dict]:
    """Each lesson as every view shows it (`study --list`, `progress`, the home screen, JSON).

    What a restart means: the lesson is read again from its first section, and it stays
    finished, its cards in review. ``sections_done`` counts the sections read in the
    current reading; ``rereading`` is true while a finished lesson is being read again.
    """
    out = []
    for lesson in course.lessons:
        ids = {s.id for s in lesson.sections}
        done = len(sections_done.get(lesson.id, set()) & ids)
        is_finished = lesson.id in finished
        out.append({
            "id": lesson.id,
            "title": lesson.title,
            "order": lesson.order,
            "part": lesson.part,
            "sections_done": done,
            "sections_total": len(ids),
            "finished": is_finished,
            "rereading": is_finished and done < len(ids),
        })
    return out


def next_lesson(course: Course, sections_done: dict[str, set[str]], finished: dict[str, str] | None = None) -> dict | None:
    """The first lesson not finished yet (a finished lesson read again is not 'next')."""
    for entry in lesson_entries(course, sections_done, finished or {}):
        if not entry["finished"] and entry["sections_done"] < entry["sections_total"]:
            return {k: entry[k] for k in ("id", "title", "order", "sections_done", "sections_total")}
    return None


def rereading(report: dict) -> dict | None:
    """The first finished lesson being read again, if any."""
    return next((le for le in report["lessons"] if le.get("rereading")), None)


def is_new_user(report: dict) -> bool:
    """Nothing studied, reviewed, estimated, interviewed or sketched yet."""
    return not (
        any(le["sections_done"] or le["finished"] for le in report["lessons"])
        or report["reviews_total"]
        or report["estimates"]
        or report["interviews"]
        or report.get("sketches_total")
    )


def build_report(course: Course, snap: Snapshot, now: datetime, tz: tzinfo | None = None) -> ProgressDocument:
    """The report's fields; days ("today", streaks, heatmap, forecast) are local to `tz`,
    None meaning the system's zone, and must match the snapshot's."""
    lessons = lesson_entries(course, snap.sections_done, snap.finished)
    today = local_date(now, tz)
    unlocked = unlocked_card_ids(course, snap.finished)
    known_items = {c.id for c in course.cards()} | {q.id for q in course.questions()}
    stamp = now.isoformat(timespec="seconds")
    # suspended, or buried until later: not due, not new to learn (a leech back in the reviews is)
    kept_out = {row[0] for row in snap.held if row[2] or (row[4] and row[4] > stamp)}
    known_items -= kept_out
    start = heatmap_start(today).isoformat()
    new_available = len(unlocked - snap.card_due.keys() - kept_out)
    questions_available = len(new_question_ids(course, snap.finished, snap.card_due, kept_out, iso(now)))
    return {
        "lessons": lessons,
        "cards_total": len(course.cards()),
        "cards_unlocked": len(unlocked),
        "questions_total": len(course.questions()),
        "reviews_total": snap.reviews_total,
        # state left behind by cards that are no longer in the content (a deleted own deck) is not due
        "due_now": due_count({i: d for i, d in snap.card_due.items() if i in known_items}, now),
        "streak_days": streak(snap.activity_days, today),
        "estimates": snap.estimates,
        "interviews": _problem_titles(snap.interviews, course),
        # added by the dashboard (issue 8)
        "today": today.isoformat(),
        "next_lesson": next_lesson(course, snap.sections_done, snap.finished),
        "new_available": new_available,
        # what a quiz started now would bring: the daily limit less those already seen today
        "new_today": min(new_available, max(0, DEFAULT_NEW_PER_DAY - snap.introduced_today)),
        "new_per_day": DEFAULT_NEW_PER_DAY,
        # check questions of finished lessons never reviewed in the quiz, and what a quiz started
        # now would bring of them under their own daily limit
        "new_questions_available": questions_available,
        "new_questions_today": min(questions_available,
                                   max(0, DEFAULT_NEW_QUESTIONS_PER_DAY - snap.questions_introduced_today)),
        "reviews_by_day": {d: n for d, n in sorted(snap.reviews_by_day.items()) if d >= start and n},
        "due_forecast": forecast(snap.due_by_day, today),
        "retention": retention(course, snap.item_reviews, snap.source_reviews),
        "calibration": _titled(calibration(snap.estimates, asked_counts(course)), course),
        # added by issue 20: how often 90 % ranges held the answer, overall and per family
        "range_calibration": _titled_ranges(snap.estimates, course),
        **held_items(course, snap.held, now),
        "sketches_total": snap.sketches_total,
        "sketch_streak_days": streak(snap.sketch_days, today),
        "last_sketch": snap.last_sketch,
    }
