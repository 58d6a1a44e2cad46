"""The dashboard's arithmetic and its charts, rendered exactly at fixed widths."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from rich.console import Console

from sysdesign.content.model import Card, Course, Deck, Lesson, Question, Section, Where
from sysdesign.core.report import (
    Snapshot,
    build_report,
    calibration,
    forecast,
    heatmap_start,
    is_new_user,
    retention,
)
from sysdesign.ui.home import menu_entries, render_today
from sysdesign.ui.progress import (
    Forecast,
    Heatmap,
    calibration_table,
    level,
    render_progress,
    sparkline,
)

TODAY = date(2026, 11, 25)  # a Wednesday
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
W = Where("x.yaml", 1, 1)


def recorded(width: int) -> Console:
    return Console(record=True, width=width, color_system=None, force_terminal=False)


def text_of(renderable, width: int) -> str:
    console = recorded(width)
    console.print(renderable)
    return console.export_text()


def sample_days() -> dict[str, int]:
    days = {(TODAY - timedelta(days=i)).isoformat(): (i % 7) + 1 for i in range(0, 60, 3)}
    days[TODAY.isoformat()] = 12
    days["2026-01-01"] = 99  # outside the 16 weeks: neither drawn nor setting the scale
    return days


HEATMAP_16_WEEKS = """\
    Aug     Sep     Oct     Nov
Mon · · · · · · · · ░ · · ░ · · ░ ·
    · · · · · · · ░ · · ░ · · ░ · ·
Wed · · · · · · · · · ░ · · ░ · · █
    · · · · · · · · ▓ · · ▓ · · ▓
Fri · · · · · · · ▒ · · ▒ · · ▒ ·
    · · · · · · · · · ▒ · · ▒ · ·
Sun · · · · · · · · ▒ · · ▒ · · ▒
    Less · ░ ▒ ▓ █ More
"""


@pytest.mark.parametrize("width", [80, 40])
def test_heatmap_draws_sixteen_weeks_monday_first(width):
    assert text_of(Heatmap(sample_days(), TODAY), width) == HEATMAP_16_WEEKS


def test_heatmap_shows_fewer_weeks_when_the_terminal_is_narrow():
    assert text_of(Heatmap(sample_days(), TODAY), 20) == """\
    Oct     Nov
Mon ░ · · ░ · · ░ ·
    · · ░ · · ░ · ·
Wed · ░ · · ░ · · █
    ▓ · · ▓ · · ▓
Fri · · ▒ · · ▒ ·
    · ▒ · · ▒ · ·
Sun ▒ · · ▒ · · ▒
    · ░ ▒ ▓ █
"""


def test_heatmap_window_starts_on_a_monday_fifteen_weeks_back():
    start = heatmap_start(TODAY)
    assert start.weekday() == 0
    assert (TODAY - start).days == 15 * 7 + 2


def test_levels_split_the_busiest_day_in_quarters():
    assert [level(n, 8) for n in (0, 1, 2, 3, 4, 5, 6, 7, 8)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert level(5, 0) == 0


DUE = {"2026-11-20": 3, "2026-11-25": 2, "2026-11-26": 10, "2026-11-30": 1,
       "2026-12-08": 5, "2026-12-09": 100}

FORECAST_80 = """\
Today      5 ████████████████████
Tomorrow  10 ████████████████████████████████████████
Fri 27     0
Sat 28     0
Sun 29     0
Mon 30     1 ████
Tue 01     0
Wed 02     0
Thu 03     0
Fri 04     0
Sat 05     0
Sun 06     0
Mon 07     0
Tue 08     5 ████████████████████
"""

FORECAST_40 = """\
Today      5 ██████████████
Tomorrow  10 ███████████████████████████
Fri 27     0
Sat 28     0
Sun 29     0
Mon 30     1 ███
Tue 01     0
Wed 02     0
Thu 03     0
Fri 04     0
Sat 05     0
Sun 06     0
Mon 07     0
Tue 08     5 ██████████████
"""


def test_forecast_folds_overdue_into_today_and_stops_after_fourteen_days():
    days = forecast(DUE, TODAY)
    assert len(days) == 14
    assert days[0] == {"date": "2026-11-25", "due": 5}
    assert days[1]["due"] == 10
    assert days[-1] == {"date": "2026-12-08", "due": 5}
    assert sum(d["due"] for d in days) == 21  # the 100 on day 15 are outside


@pytest.mark.parametrize(("width", "expected"), [(80, FORECAST_80), (40, FORECAST_40)])
def test_forecast_bars_at_fixed_widths(width, expected):
    assert text_of(Forecast(forecast(DUE, TODAY), TODAY), width) == expected


def test_sparkline_scales_to_the_largest_value():
    assert sparkline([0.0, 0.5, 1.0]) == "▁▅█"
    assert sparkline([]) == ""


# --- a tiny course for the report ---------------------------------------------------

def tiny_course(cards: int = 3) -> Course:
    q = Question("t-q1", "truefalse", "Sky is blue?", (), True, "It is.", (), "t-lesson", W)
    lesson = Lesson("t-lesson", "Tiny lesson", 1, "", (Section("t-s1", "One", "Body", ("t-q1",)),), (q,), W)
    cards = tuple(Card(f"t-c{i}", f"front {i}", f"back {i}", ("x",), "t-deck", "t-lesson", W) for i in range(cards))
    own = (Card("o-c1", "own front", "own back", (), "own", None, W),)
    return Course(
        lessons=(lesson,),
        decks=(Deck("own", "My deck", None, own, True, W), Deck("t-deck", "Tiny deck", "t-lesson", cards, False, W)),
    )


def test_retention_groups_cards_and_questions_by_deck_in_course_order():
    rows = retention(tiny_course(), {"t-c0": (4, 1), "t-c1": (4, 0), "t-q1": (2, 1), "o-c1": (5, 5), "gone": (1, 0)})
    assert [(r["deck"], r["reviews"], r["again"], r["retention"]) for r in rows] == [
        ("t-deck", 10, 2, 0.8),
        ("own", 5, 5, 0.0),
        ("other", 1, 0, 1.0),
    ]


def test_calibration_orders_rounds_in_time_and_reports_a_trend():
    rounds = [
        {"scenario": "chat", "when": "2026-11-03T10:00:00", "median_log10_error": 0.1},
        {"scenario": "chat", "when": "2026-11-01T10:00:00", "median_log10_error": 0.9},
        {"scenario": "chat", "when": "2026-11-02T10:00:00", "median_log10_error": 0.5},
        {"scenario": "feed", "when": "2026-11-04T10:00:00", "median_log10_error": None},
    ]
    (chat,) = calibration(rounds)
    assert chat["series"] == [0.9, 0.5, 0.1]
    assert chat["latest_error"] == 0.1 and chat["best_error"] == 0.1 and chat["rounds"] == 3
    assert chat["trend"] < 0  # getting better


def _steps(answered: int, total: int) -> list[dict]:
    return [{"grade": "close"}] * answered + [{"grade": "unanswered"}] * (total - answered)


def test_a_round_left_early_does_not_count_for_calibration():
    rounds = [
        {"scenario": "chat", "when": "2026-11-01T10:00:00", "steps": _steps(8, 8), "median_log10_error": 0.4},
        {"scenario": "chat", "when": "2026-11-02T10:00:00", "steps": _steps(4, 8), "median_log10_error": 0.3},
        # one step answered, spot on, then the learner quit: kept, but not the best round nor a trend
        {"scenario": "chat", "when": "2026-11-03T10:00:00", "steps": _steps(1, 8), "median_log10_error": 0.01},
        # stored before unanswered steps were kept: the family's step count tells it was short
        {"scenario": "chat", "when": "2026-11-04T10:00:00", "steps": _steps(1, 1), "median_log10_error": 0.02},
    ]
    (chat,) = calibration(rounds, {"chat": 8})
    assert chat["rounds"] == 2 and chat["short_rounds"] == 2
    assert chat["series"] == [0.4, 0.3]
    assert chat["latest_error"] == 0.3 and chat["best_error"] == 0.3
    assert chat["median_error"] == pytest.approx(0.35)
    only_short = calibration(rounds[2:3])
    assert only_short == []  # nothing counts yet


def test_the_calibration_table_shows_the_median_the_other_screens_show():
    from sysdesign.core.estimate import error_words

    rounds = [
        {"scenario": "chat", "when": "2026-11-01T10:00:00", "steps": _steps(8, 8), "median_log10_error": 0.326},
        {"scenario": "chat", "when": "2026-11-02T10:00:00", "steps": _steps(8, 8), "median_log10_error": 0.5},
        {"scenario": "chat", "when": "2026-11-03T10:00:00", "steps": _steps(8, 8), "median_log10_error": 0.2},
        {"scenario": "chat", "when": "2026-11-04T10:00:00", "steps": _steps(1, 8), "median_log10_error": 0.0},
    ]
    report = build_report(tiny_course(), Snapshot(estimates=rounds, reviews_total=1), NOW)
    (chat,) = report["calibration"]
    assert chat["median_error"] == 0.326
    text = text_of(calibration_table(report, 100), 100)
    header = next(line for line in text.splitlines() if "Median" in line)
    row = next(line for line in text.splitlines() if "chat" in line)
    cells = [c.strip() for c in row.split("│")]
    names = [c.strip() for c in header.split("┃")]
    assert cells[names.index("Median")] == "×2.1" == error_words(0.326).split()[0]
    assert cells[names.index("Latest")] == "×1.6"  # not the 1-step round's ×1.0
    assert cells[names.index("Best")] == "×1.6"
    assert cells[names.index("Trend")] == "worse"  # with the 1-step round it would read "better"
    assert "1 round stopped before half the steps were answered is left out" in " ".join(text.split())


def test_report_counts_new_cards_and_own_decks_are_always_unlocked():
    snap = Snapshot(card_due={"o-c1": "2026-11-26T00:00:00+00:00"}, reviews_total=1,
                    due_by_day={"2026-11-26": 1}, reviews_by_day={"2026-11-24": 1})
    report = build_report(tiny_course(), snap, NOW)
    assert report["cards_unlocked"] == 1  # the own deck; the tiny lesson is not finished
    assert report["new_available"] == 0
    finished = build_report(tiny_course(), Snapshot(finished={"t-lesson": "x"}), NOW)
    assert finished["cards_unlocked"] == 4 and finished["new_available"] == 4
    assert report["due_forecast"][1] == {"date": "2026-11-26", "due": 1}
    assert report["next_lesson"]["id"] == "t-lesson"


# --- whole screens -----------------------------------------------------------------

def test_a_new_user_gets_an_invitation_not_a_wall_of_zeros():
    report = build_report(tiny_course(), Snapshot(), NOW)
    assert is_new_user(report)
    text = text_of_callable(lambda c: render_progress(c, report), 80)
    assert "Nothing to chart yet" in text
    assert "Start here: lesson 1, Tiny lesson (1 section):\n  sysdesign study t-lesson" in text
    assert "due now" not in text and "Reviews, last 16 weeks" not in text
    assert "0/1" not in text  # no empty progress bars either
    home = text_of_callable(lambda c: render_today(c, report), 80)
    assert "Welcome to sysdesign" in home and "lesson 1, Tiny lesson" in home
    assert "Due now" not in home
    entries = menu_entries(report, {"quiz", "study", "progress", "sketch"})
    assert entries[0].argv == ("study", "t-lesson") and entries[0].label == "Start lesson 1: Tiny lesson"
    assert not any(e.argv and e.argv[0] == "progress" for e in entries)  # nothing to chart yet
    assert [e.label for e in entries if e.argv == ("quiz",)] == ["Learn new cards (1 today)"]  # the own deck


def text_of_callable(draw, width: int) -> str:
    console = recorded(width)
    draw(console)
    return console.export_text()


def active_report() -> dict:
    snap = Snapshot(
        sections_done={"t-lesson": {"t-s1"}}, finished={"t-lesson": "2026-11-20T10:00:00"},
        reviews_total=30, card_due={"t-c0": "2026-11-25T08:00:00+00:00"},
        activity_days=["2026-11-24", "2026-11-25"],
        estimates=[{"scenario": "chat", "when": "2026-11-24T10:00:00", "steps": [], "median_log10_error": 0.3}],
        interviews=[{"problem": "url-shortener", "when": "2026-11-23T10:00:00", "minutes": 45,
                     "transcript": "t.md", "self_score": 3.2, "scores": {"a": 3}}],
        reviews_by_day={"2026-11-24": 10, "2026-11-25": 20}, due_by_day={"2026-11-25": 1},
        item_reviews={"t-c0": (30, 3)}, sketch_days=["2026-11-25"], sketches_total=1,
        last_sketch={"system": "Spotify", "when": "2026-11-25T09:00:00"},
    )
    return build_report(tiny_course(), snap, NOW)


@pytest.mark.parametrize("width", [80, 40])
def test_the_dashboard_shows_every_part_at_any_width(width):
    text = text_of_callable(lambda c: render_progress(c, active_report()), width)
    for part in ("Lessons", "Reviews, last 16 weeks", "Due in the next 14 days", "Retention",
                 "Estimation calibration", "Mock interviews", "url-shortener"):
        assert part in text, part
    assert "90%" in text  # 27 of 30 reviews not rated Again
    assert "×2.0" in text  # 10^0.3
    assert all(len(line) <= width for line in text.splitlines())


def test_the_today_screen_and_its_menu():
    report = active_report()
    text = text_of_callable(lambda c: render_today(c, report), 80)
    assert "Due now" in text and "1 card waiting" in text
    assert "daily sketch streak 1 day" in text
    assert "chat · median error ×2.0" in text
    assert "url-shortener · self-score 3.2/4" in text
    entries = menu_entries(report, {"quiz", "study", "sketch", "progress", "estimate"})
    assert report["new_available"] > 0
    # the lesson's question was never asked in the quiz: a review now brings it too
    assert (report["new_today"], report["new_questions_today"]) == (3, 1)
    assert entries[0].argv == ("quiz",) and entries[0].label == "Review 1 due, 3 new, 1 new question"
    assert "New questions   1 to answer today" in text
    no_questions = {**report, "new_questions_today": 0, "new_questions_available": 0}
    assert menu_entries(no_questions, {"quiz"})[0].label == "Review 1 due card, then 3 new"
    assert "New questions" not in text_of_callable(lambda c: render_today(c, no_questions), 80)
    no_new = menu_entries({**no_questions, "new_today": 0}, {"quiz"})
    assert no_new[0].label == "Review 1 due card"
    assert entries[-1].argv is None
    sketch = next(e for e in entries if e.argv == ("sketch",))
    assert "done today" in sketch.label
    # commands that are not registered are never offered
    assert all(e.argv is None or e.argv[0] in {"quiz", "study", "sketch", "progress", "estimate"} for e in entries)
    assert not any(e.argv and e.argv[0] == "mock-interview" for e in entries)


def test_new_cards_are_counted_under_the_daily_limit():
    """48 unlocked with 20 a day allowed is "20 to learn today", and once today's 20 are
    learnt the menu no longer promises new ones after the due cards."""
    from sysdesign.core.session import DEFAULT_NEW_PER_DAY

    course = tiny_course(cards=47)  # and one card of the own deck
    asked = {"t-q1": "2026-12-01T08:00:00+00:00"}  # the question is in review: no new questions
    fresh = build_report(course, Snapshot(finished={"t-lesson": "2026-11-20T10:00:00"}, reviews_total=1,
                                          card_due=asked), NOW)
    assert (fresh["new_available"], fresh["new_today"]) == (48, DEFAULT_NEW_PER_DAY)
    text = text_of_callable(lambda c: render_today(c, fresh), 80)
    assert f"{DEFAULT_NEW_PER_DAY} to learn today (48 unlocked)" in text and "48 ready" not in text
    assert [e.label for e in menu_entries(fresh, {"quiz"}) if e.argv == ("quiz",)] == [
        f"Learn new cards ({DEFAULT_NEW_PER_DAY} today)"]
    used_up = build_report(course, Snapshot(finished={"t-lesson": "2026-11-20T10:00:00"}, reviews_total=25,
                                            card_due={"t-c0": "2026-11-25T08:00:00+00:00", **asked},
                                            introduced_today=DEFAULT_NEW_PER_DAY), NOW)
    assert used_up["new_today"] == 0 and used_up["due_now"] == 1
    assert menu_entries(used_up, {"quiz"})[0].label == "Review 1 due card"
    text = text_of_callable(lambda c: render_today(c, used_up), 80)
    assert f"today's {DEFAULT_NEW_PER_DAY} learnt · 47 more from tomorrow" in text


def test_an_evening_sketch_in_california_is_done_today_there(monkeypatch):
    """The sketch was at 21:00 on the 24th in California, which is already the 25th in UTC."""
    import time
    from datetime import datetime, timedelta, timezone

    monkeypatch.setenv("TZ", "PST8PDT")
    time.tzset()
    try:
        pacific = timezone(timedelta(hours=-8))
        snap = Snapshot(sketch_days=["2026-11-24"], sketches_total=1,
                        last_sketch={"system": "Spotify", "when": "2026-11-25T05:00:00+00:00"})
        report = build_report(tiny_course(), snap, datetime(2026, 11, 25, 6, 0, tzinfo=timezone.utc), pacific)
        assert report["today"] == "2026-11-24" and report["sketch_streak_days"] == 1
        sketch = next(e for e in menu_entries(report, {"sketch"}) if e.argv == ("sketch",))
        assert "done today" in sketch.label
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_today_screen_ignores_an_estimate_round_left_early():
    """One step answered of eight says nothing about calibration: the screen keeps the last real round."""
    steps_done = [{"grade": "spot on", "log10_error": 0.0}] + [{"grade": "unanswered", "log10_error": None}] * 7
    snap = Snapshot(estimates=[
        {"scenario": "chat", "when": "2026-11-20T10:00:00", "steps": [], "median_log10_error": 0.3},
        {"scenario": "chat", "when": "2026-11-24T10:00:00", "steps": steps_done, "median_log10_error": 0.0},
    ], activity_days=["2026-11-24"])
    report = build_report(tiny_course(), snap, NOW)
    text = text_of_callable(lambda c: render_today(c, report), 80)
    assert "chat · median error ×2.0 (2026-11-20)" in text


def test_drill_rounds_are_named_by_their_reference_sheet():
    from sysdesign.cli.common import course

    snap = Snapshot(estimates=[{"scenario": "drill-latency", "when": "2026-11-24T10:00:00", "steps": [],
                                "median_log10_error": 0.2}])
    (family,) = build_report(course(), snap, NOW)["calibration"]
    assert (family["scenario"], family["title"]) == ("drill-latency", "Latency numbers drill")


def test_the_quiz_entry_names_new_questions_only_when_there_are_some_and_stays_short():
    from sysdesign.ui.home import quiz_label

    assert quiz_label(5, 20, 10) == "Review 5 due, 20 new, 10 new questions"
    assert quiz_label(5, 0, 1) == "Review 5 due, 1 new question"
    assert quiz_label(0, 1, 2) == "Learn 1 new card, 2 new questions"
    assert quiz_label(0, 0, 10) == "Review 10 new questions"
    assert quiz_label(1, 3, 0) == "Review 1 due card, then 3 new"
    assert quiz_label(0, 0, 0) is None
    # two-digit counts fit 40 columns, as the other entries do
    assert all(len(quiz_label(*n)) <= 40 for n in ((99, 20, 10), (99, 0, 10), (0, 20, 10), (0, 0, 10)))
