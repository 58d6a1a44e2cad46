"""The mock-interview flow, driven by a fake UI: a scripted screen types notes and moves on,
the self-assessment gives scores, the card offer picks cards. What reaches the store (the
row, its saved notes, scores and report), the transcript file and the personal deck; Ctrl-C
on the screen, a signal from outside, Ctrl-C in the self-assessment; --resume and --finish."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from sysdesign.content.loader import Source, load_sources
from sysdesign.env import Environment
from sysdesign.flows import Refused
from sysdesign.flows.interview import (
    deck_cards,
    finish_interrupted,
    pick_problem,
    resume_interview,
    run_interview,
)
from sysdesign.status import ExitStatus, Terminated
from sysdesign.store.interviews import past_interviews, resumable

REPO = Path(__file__).resolve().parents[2]
REQUIREMENTS = "Shorten a long URL, redirect on GET. 100M new links a month, reads 100:1."
DESIGN = "API Service: service\nLinks: database\nRedis: cache\nAPI Service -> Redis, Links"


@pytest.fixture(scope="module")
def course():
    """The checklist and two real problems (the interview needs rubrics and key points)."""
    sources = [Source(REPO / "lessons" / "checklist.yaml", "checklist")]
    sources += [Source(REPO / "lessons" / "problems" / f"{pid}.yaml", "problem")
                for pid in ("url-shortener", "rate-limiter")]
    loaded = load_sources(sources)
    assert loaded.ok, loaded.errors
    return loaded.course


class Ticks:
    """The interview's monotonic clock: it moves only when the script says so."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def ticks() -> Ticks:
    return Ticks()


@pytest.fixture
def env(tmp_path, clock, ticks) -> Environment:
    return Environment(stdin=io.StringIO(), stdout=io.StringIO(), interactive=True, interactive_stderr=True,
                       typed_input=True, dumb=False, plain=True, data_dir=tmp_path / "home",
                       content_dir=tmp_path / "content", now=clock, monotonic=ticks, seed=7)


class FakeUI:
    """The screen is a script of steps acting on the live interview as keys would:
    ("type", text) sets the phase's notes (and the autosave saves them), ("wait", seconds),
    ("next",) is Ctrl-N, ("tick", item_id) ticks the checklist, ("end", outcome) ends the
    screen as Ctrl-Q twice ("quit"), Ctrl-C ("interrupted") or the clock ("finished") would,
    and ("raise", exc) is a signal landing in the screen."""

    def __init__(self, ticks: Ticks, screen, *, scores=(), cards="all"):
        self.ticks = ticks
        self.screen = list(screen)
        self.scores = list(scores)
        self.cards = cards
        self.console = Console(file=io.StringIO(), width=100, color_system=None, record=True)
        self.saved_notes: list[tuple[str, ...]] = []
        self.shown: list[str] = []
        self.offered: list[dict] = []

    def run_screen(self, session, autosave, coverage) -> str:
        iv = session.interview
        for step, *args in self.screen:
            if step == "type":
                iv.set_notes(args[0])
                autosave.changed()
                assert autosave.flush() is None
                self.saved_notes.append(iv.notes())
            elif step == "wait":
                self.ticks.t += args[0]
                iv.tick(self.ticks())
            elif step == "next":
                iv.next_phase(self.ticks())
            elif step == "tick":
                session.ticked.append(args[0])
            elif step == "coverage":
                self.shown.append(coverage())
            elif step == "raise":
                raise args[0]
            elif step == "end":
                if args[0] != "finished":
                    iv.stop(self.ticks(), args[0])
                return args[0]
        raise AssertionError("the screen script has no end")

    def self_assessment(self, problem, scores, level) -> None:
        self.shown.append(f"self-assessment at {level}")
        for item in problem.rubric:
            if not self.scores:
                raise KeyboardInterrupt
            scores[item.id] = self.scores.pop(0)

    def coach_report(self, markdown: str) -> None:
        self.shown.append(markdown)

    def reference(self, problem, scores) -> None:
        self.shown.append(f"reference of {problem.id}")

    def offer_cards(self, cards: list[dict]) -> list[dict]:
        self.offered = cards
        if self.cards == "interrupt":
            raise KeyboardInterrupt
        return cards if self.cards == "all" else []

    def text(self) -> str:
        return " ".join(self.console.export_text(clear=False).split())


def problem(course, pid: str = "url-shortener"):
    return next(p for p in course.problems if p.id == pid)


def start(env, course, store, ui, pid="url-shortener", **kwargs):
    kwargs = {"quiet": True, "level": "senior", "curveball": False, **kwargs}
    run_interview(env, course, store, problem(course, pid), 45, ui=ui, **kwargs)


def row_of(store) -> dict:
    (row,) = past_interviews(store)
    return row


def test_a_whole_interview_stores_notes_scores_report_transcript_and_cards(env, course, store, ticks):
    full = len(problem(course).rubric)
    ui = FakeUI(ticks, [("type", REQUIREMENTS), ("tick", "scale"), ("wait", 60), ("next",), ("next",),
                        ("type", DESIGN), ("coverage",), ("next",), ("next",), ("next",), ("end", "finished")],
                scores=[3] * full)
    start(env, course, store, ui)
    row = row_of(store)
    assert row["status"] == "done" and row["level"] == "senior"
    assert row["scores"] == {item.id: 3 for item in problem(course).rubric} and row["self_score"] == 3.0
    assert 0 < row["coverage"] <= 1
    assert resumable(store) == []
    transcript = Path(row["transcript"]).read_text(encoding="utf-8")
    assert Path(row["transcript"]).parent == env.data_dir / "interviews"
    assert "Shorten a long URL" in transcript and "Redis: cache" in transcript and "Scale" in transcript
    assert "Ended: finished early" in transcript and "| 3 / 4 |" in transcript
    coverage_hint, assessed, report, reference = ui.shown
    assert coverage_hint.strip() and assessed == "self-assessment at senior"
    assert report.strip() and reference == "reference of url-shortener"
    assert "A URL shortener: finished early." in ui.text() and f"Transcript saved: {row['transcript']}" in ui.text()
    assert ui.offered and [c["id"] for c in deck_cards(env)] == [c["id"] for c in ui.offered]
    assert f"Added {len(ui.offered)} card" in ui.text()


def test_notes_are_saved_to_the_row_as_they_are_typed(env, course, store, ticks):
    seen: list[str] = []

    class Watching(FakeUI):
        def run_screen(self, session, autosave, coverage):
            result = super().run_screen(session, autosave, coverage)
            seen.extend(r["session"]["interview"]["logs"][0]["notes"] for r in resumable(store))
            return result

    ui = Watching(ticks, [("type", REQUIREMENTS), ("end", "interrupted")])
    with pytest.raises(Refused):
        start(env, course, store, ui)
    assert seen == [REQUIREMENTS]  # in the database before the screen ended


def test_ctrl_c_on_the_screen_keeps_the_notes_and_resume_goes_on_where_it_stopped(env, course, store, ticks):
    ui = FakeUI(ticks, [("type", REQUIREMENTS), ("tick", "scale"), ("next",), ("type", "100M links"),
                        ("wait", 30), ("end", "interrupted")])
    with pytest.raises(Refused) as stop:
        start(env, course, store, ui)
    assert stop.value.code == ExitStatus.INTERRUPTED
    assert "--resume" in str(stop.value) and "your notes and transcript so far are saved" in str(stop.value)
    (saved,) = resumable(store)
    assert saved["status"] == "interrupted" and saved["session"]["ticked"] == ["scale"]
    assert Path(saved["transcript"]).read_text(encoding="utf-8").count("100M links") == 1
    assert ui.shown == []  # no self-assessment after an interruption

    full = len(problem(course).rubric)
    again = FakeUI(ticks, [("type", DESIGN), ("end", "quit")], scores=[2] * full, cards="none")
    resume_interview(env, course, store, None, quiet=True, ui=again)
    assert "Resuming A URL shortener" in again.text() and "where it stopped" in again.text()
    assert again.saved_notes[0][:2] == (REQUIREMENTS, DESIGN)  # phase 2 was current: its notes replaced
    row = row_of(store)
    assert row["status"] == "done" and row["self_score"] == 2.0
    assert row["transcript"] == saved["transcript"]  # the same transcript, rewritten
    text = Path(row["transcript"]).read_text(encoding="utf-8")
    assert REQUIREMENTS in text and "Redis: cache" in text
    assert resumable(store) == [] and deck_cards(env) == []


def test_a_signal_from_outside_the_screen_ends_as_interrupted_with_its_status(env, course, store, ticks):
    ui = FakeUI(ticks, [("type", REQUIREMENTS), ("raise", Terminated(15, "SIGTERM"))])
    with pytest.raises(Refused) as stop:
        start(env, course, store, ui)
    assert stop.value.code == 143
    (saved,) = resumable(store)
    assert saved["session"]["interview"]["end_reason"] == "interrupted"
    assert saved["session"]["interview"]["logs"][0]["notes"] == REQUIREMENTS


def test_ctrl_c_in_the_self_assessment_keeps_the_scores_given_so_far(env, course, store, ticks):
    ui = FakeUI(ticks, [("type", REQUIREMENTS), ("end", "quit")], scores=[4])
    with pytest.raises(Refused) as stop:
        start(env, course, store, ui)
    assert stop.value.code == ExitStatus.INTERRUPTED and "scores given so far are saved" in str(stop.value)
    row = row_of(store)
    first = problem(course).rubric[0].id
    assert row["status"] == "done" and row["scores"] == {first: 4} and row["self_score"] == 4.0
    transcript = Path(row["transcript"]).read_text(encoding="utf-8")
    assert f"| {problem(course).rubric[0].title} | 4 / 4 |" in transcript
    assert f"(1 of {len(problem(course).rubric)} criteria scored)" in transcript
    assert resumable(store) == []  # quit is an ending, not an interruption


def test_ctrl_c_at_the_card_offer_adds_no_card_and_keeps_the_interview(env, course, store, ticks):
    full = len(problem(course).rubric)
    ui = FakeUI(ticks, [("end", "quit")], scores=[1] * full, cards="interrupt")
    start(env, course, store, ui)
    assert ui.offered and deck_cards(env) == []
    assert row_of(store)["self_score"] == 1.0


def test_finish_writes_up_an_interrupted_interview_and_nothing_is_left_to_resume(env, course, store, ticks):
    with pytest.raises(Refused):
        start(env, course, store, FakeUI(ticks, [("type", REQUIREMENTS), ("end", "interrupted")]), pid="rate-limiter")
    ui = FakeUI(ticks, [])
    finish_interrupted(env, course, store, "rate-limiter", ui=ui)
    assert "finished from what was saved" in ui.text() and "Transcript saved:" in ui.text()
    assert len(ui.shown) == 1  # the coach's report
    row = row_of(store)
    assert row["status"] == "done" and row["coverage"] is not None
    assert REQUIREMENTS in Path(row["transcript"]).read_text(encoding="utf-8")
    with pytest.raises(Refused, match="no interrupted interview of rate-limiter"):
        finish_interrupted(env, course, store, "rate-limiter", ui=ui)
    with pytest.raises(Refused, match="no interrupted interview to go on with"):
        resume_interview(env, course, store, None, quiet=True, ui=ui)


def test_an_unreadable_saved_interview_is_refused_not_raised(env, course, store, ticks):
    with pytest.raises(Refused):
        start(env, course, store, FakeUI(ticks, [("end", "interrupted")]))
    with store.transaction() as c:
        c.execute("UPDATE interviews SET session = ?", ('{"interview": {"phase": 99}}',))
    with pytest.raises(Refused, match=r"cannot be read"):
        resume_interview(env, course, store, None, quiet=True, ui=FakeUI(ticks, []))


def test_the_first_interview_is_an_easy_problem_and_then_one_not_taken(env, course, store, ticks):
    import random

    ordered = sorted(course.problems, key=lambda p: p.id)
    first = pick_problem(ordered, store, random.Random(1))
    assert first.difficulty == "easy" and first.id == "url-shortener"
    start(env, course, store, FakeUI(ticks, [("end", "quit")], scores=[2] * len(first.rubric), cards="none"))
    assert pick_problem(ordered, store, random.Random(1)).id == "rate-limiter"


def test_a_problem_is_found_by_id_or_number_and_an_unknown_one_is_refused(course):
    from sysdesign.flows.interview_info import find_problem, sorted_problems

    ordered = sorted_problems(course)
    assert find_problem(course, "rate-limiter").id == "rate-limiter"
    assert find_problem(course, "2") == ordered[1]
    with pytest.raises(Refused, match=r"No interview problem 'nope'\. The problems are: .*url-shortener"):
        find_problem(course, "nope")


def test_the_deck_of_missed_points_lists_and_removes_cards(env, course, store, ticks, capsys):
    from sysdesign.flows.interview_info import deck

    full = len(problem(course).rubric)
    start(env, course, store, FakeUI(ticks, [("end", "quit")], scores=[2] * full))
    ids = [c["id"] for c in deck_cards(env)]
    assert len(ids) >= 2
    deck(env, [ids[0]])
    assert [c["id"] for c in deck_cards(env)] == ids[1:]
    assert f"Removed 1 card: {ids[0]}." in capsys.readouterr().out
    with pytest.raises(Refused, match="No card gone"):
        deck(env, ["gone"])
