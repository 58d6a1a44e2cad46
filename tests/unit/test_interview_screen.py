"""The interview screen: rendering at 80x24 and 40 columns, and keys driven by a fake clock."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from sysdesign.content.loader import Source, load_sources
from sysdesign.content.problems import interview_openings
from sysdesign.core.coach import coverage_hint, grade
from sysdesign.core.interview import PHASE_IDS, Interview
from sysdesign.ui.interview import (
    InterviewScreen,
    key_lines,
    self_assessment,
    show_reference,
    snapshot,
    two_ends,
    wrap,
)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def course():
    sources = [Source(REPO / "lessons" / "checklist.yaml", "checklist")]
    sources += [Source(p, "problem") for p in sorted((REPO / "lessons" / "problems").glob("*.yaml"))]
    result = load_sources(sources)
    assert result.ok, result.errors
    return result.course


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture()
def make(course):
    stack = ExitStack()

    def build(problem_id: str = "url-shortener", minutes: float = 45):
        problem = next(p for p in course.problems if p.id == problem_id)
        clock = Clock()
        iv = Interview.start(clock(), minutes, openings=interview_openings(problem),
                             followups=problem.followups, hints=problem.hints)
        pipe = stack.enter_context(create_pipe_input())

        def coverage() -> str:
            return coverage_hint(grade(problem, dict(zip(PHASE_IDS, iv.notes()))), iv.phase)

        screen = InterviewScreen(problem, course.checklist, iv, clock, quiet=True, input=pipe, output=DummyOutput(),
                                 coverage=coverage)
        screen.tick()
        return screen, clock, pipe

    with stack:
        yield build


def test_phase_one_at_80x24_shows_timers_prompt_checklist_notes_and_keys(make) -> None:
    screen, clock, _ = make()
    text = snapshot(screen, 80, 24)
    lines = text.splitlines()
    assert len(lines) == 24 and max(len(line) for line in lines) <= 80
    assert "A URL shortener (easy)" in lines[0] and "total 45:00 left" in lines[0]
    assert "Phase 1/5 · Requirements" in lines[1] and "5:00 left" in lines[1]
    assert "link shortener" in text  # the interviewer's question
    for title in ("Scale", "Availability", "Consistency", "Constraints", "Core use cases", "API boundaries"):
        assert f"□ {title}" in text
    assert "Notes for Requirements" in text
    assert "^N next phase" in text and "^T pause" in text and "^G hint" in text
    assert "^P prev prompt" in text and "^Q quit" in text and "^R coverage" in text
    assert "M-1…6 tick" in text  # the checklist can be ticked


def test_the_countdown_moves_with_the_clock(make) -> None:
    screen, clock, _ = make()
    clock.t = 95.0
    screen.tick()
    text = snapshot(screen, 80, 24)
    assert "total 43:25 left" in text and "3:25 left" in text
    assert "Interviewer 2/2 · new" in text  # one follow-up revealed at 75 s


def test_forty_columns_wraps_and_keeps_everything_readable(make) -> None:
    screen, clock, _ = make()
    screen.hint()
    text = snapshot(screen, 40, 24)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 40
    assert "Phase 1/5 · Requirements" in text and "5:00 left" in text
    assert "□6 API boundaries" in text  # numbered: Alt-6 ticks it
    assert "Hint 1/3:" in text
    assert "^N next ^T pause ^G hint ^R cover" in text and "^P prev ^Q quit" in text  # short labels


def test_at_the_smallest_size_every_key_is_still_shown(make) -> None:
    screen, clock, _ = make()
    text = snapshot(screen, 40, 14)
    assert len(text.splitlines()) == 14
    for key in ("^N", "^T", "^G", "^P", "^Q"):
        assert key in text, key


def test_the_checklist_is_only_on_screen_in_phase_one(make) -> None:
    screen, clock, _ = make()
    screen.next_phase()
    text = snapshot(screen, 80, 24)
    assert "□ Scale" not in text
    assert "Phase 2/5 · Estimation" in text
    assert "Estimate:" in text and "write qps" in text  # no scenarios loaded here: the step ids


def test_a_phase_that_runs_out_warns_and_moves_on(make) -> None:
    screen, clock, _ = make()
    clock.t = 241.0
    screen.tick()
    assert "0:59 left for Requirements: start wrapping up." in snapshot(screen, 80, 24)
    clock.t = 300.0
    screen.tick()
    text = snapshot(screen, 80, 24)
    assert "Time is up for Requirements — on to Estimation." in text
    assert "Phase 2/5 · Estimation" in text
    clock.t = 305.0
    screen.tick()
    assert "Time is up" not in snapshot(screen, 80, 24)  # the warning fades


def test_pause_shows_and_stops_the_clock(make) -> None:
    screen, clock, _ = make()
    clock.t = 10.0
    screen.toggle_pause()
    clock.t = 500.0
    screen.tick()
    text = snapshot(screen, 80, 24)
    lines = text.splitlines()
    assert "Phase 1/5 · Requirements" in lines[1] and lines[1].endswith("PAUSED")
    assert "total 44:50 left" in lines[0] and "^T resume" in text
    assert screen.interview.phase == 0


def test_previous_prompt_cycles_through_what_was_said(make) -> None:
    screen, clock, _ = make()
    clock.t = 160.0  # opening + two follow-ups
    screen.tick()
    assert "Interviewer 3/3" in snapshot(screen, 80, 24)
    screen.previous_prompt()
    assert "Interviewer 2/3" in snapshot(screen, 80, 24)
    screen.previous_prompt()
    text = snapshot(screen, 80, 24)
    assert "Interviewer 1/3" in text and "link shortener" in text
    screen.previous_prompt()
    assert "Interviewer 3/3" in snapshot(screen, 80, 24)


def test_a_tiny_terminal_gets_a_message_not_a_mess(make) -> None:
    screen, clock, _ = make()
    text = snapshot(screen, 40, 6)
    assert "too small" in text


def test_keys_drive_the_running_application(make) -> None:
    screen, clock, pipe = make()
    pipe.send_text("abc")
    pipe.send_text("\x07")      # Ctrl-G hint
    pipe.send_text("\x0e")      # Ctrl-N next phase
    pipe.send_text("def")
    pipe.send_text("\x14")      # Ctrl-T pause
    pipe.send_text("\x11\x11")  # Ctrl-Q quit, and again to confirm
    assert screen.run() == "quit"
    iv = screen.interview
    assert [log.notes for log in iv.logs[:2]] == ["abc", "def"]
    assert len(iv.hints_taken) == 1 and iv.hints_taken[0].phase == 0
    assert iv.logs[0].ended_by == "skip" and iv.logs[1].ended_by == "quit"
    assert iv.end_reason == "quit"


def test_ctrl_c_stops_the_interview_as_interrupted(make) -> None:
    screen, clock, pipe = make()
    pipe.send_text("notes\x03")
    assert screen.run() == "interrupted"
    assert screen.interview.logs[0].notes == "notes"
    assert screen.interview.end_reason == "interrupted"


def test_finishing_early_with_next_on_the_last_phase(make) -> None:
    screen, clock, pipe = make()
    pipe.send_text("\x0e" * 5)
    assert screen.run() == "finished"
    assert screen.interview.end_reason == "early"


def test_self_assessment_asks_each_criterion_then_the_reference(course) -> None:
    problem = next(p for p in course.problems if p.id == "rate-limiter")
    console = Console(record=True, width=80, color_system=None)
    asked = []
    scores: dict[str, int] = {}

    def ask(item):
        asked.append(item.id)
        return 1 + len(asked) % 4

    self_assessment(console, problem, scores, ask)
    assert asked == [r.id for r in problem.rubric]
    assert set(scores.values()) <= {1, 2, 3, 4}
    show_reference(console, problem, scores)
    text = console.export_text()
    assert "1 looks like:" in text and "4 looks like:" in text
    assert "Reference solution" in text and "Redis Cluster" in text and "token bucket" in text.lower()


def test_text_helpers_fit_the_width() -> None:
    assert two_ends("left", "right", 20) == ["left           right"]
    assert two_ends("a long left part", "right side", 20) == ["a long left part", "          right side"]
    assert all(len(line) <= 12 for line in wrap("• one two three four five six", 12))
    assert [len("".join(t for _, t in line)) <= 30 for line in key_lines((("^N", "next phase"),) * 5, 30)]


# issue 12 (interview usability) and the coach on screen -------------------------------------------

@pytest.fixture(scope="module")
def full_course():
    from sysdesign.content.catalog import load_course

    return load_course(REPO, None, None)


def test_at_40x14_every_key_shows_what_it_did_and_the_notes_stay(make) -> None:
    screen, clock, _ = make()
    actions = [
        (screen.hint, "Hint 1 of 3"),
        (screen.coverage, "Coverage so far"),
        (lambda: screen.tick_item(2), "Ticked Availability (1 of 6)"),
        (screen.previous_prompt, "Page 2 of"),  # the question is long: ^P pages through it
        (screen.toggle_pause, "Paused"),
        (screen.toggle_pause, "Resumed"),
        (lambda: screen.quit("quit"), "Quit the interview?"),
        (screen.next_phase, "Moved on to Estimation"),
        (lambda: screen.tick_item(1), "ticked in phase 1"),
    ]
    for action, said in actions:
        action()
        text = snapshot(screen, 40, 14)
        assert "too small" not in text, text
        assert said in " ".join(text.split()), (said, text)
        assert "Notes" in text and "^N" in text and "^Q" in text
    assert screen.interview.phase == 1 and not screen.interview.finished  # one ^Q only asked


def test_the_phase_two_opening_fits_80x24_to_its_last_line(full_course) -> None:
    problem = next(p for p in full_course.problems if p.id == "url-shortener")
    clock = Clock()
    iv = Interview.start(0.0, 45, openings=interview_openings(problem), followups=problem.followups)
    with create_pipe_input() as pipe:
        screen = InterviewScreen(problem, full_course.checklist, iv, clock, quiet=True, input=pipe,
                                 output=DummyOutput())
        screen.tick()
        screen.next_phase()
        text = " ".join(snapshot(screen, 80, 24).split())
    assert "redirect servers for the peak." in text and "Here are the numbers to work with." in text


def test_moving_on_early_keeps_the_time_for_later(make) -> None:
    screen, clock, _ = make()
    clock.t = 60.0
    screen.tick()
    screen.next_phase()
    text = snapshot(screen, 80, 24)
    assert "the 4:00 left carries over" in text
    assert "total 44:00 left" in text and "Phase 2/5 · Estimation" in text and "9:00 left" in text


def test_ctrl_q_asks_first_and_typing_on_means_staying(make) -> None:
    screen, clock, pipe = make()
    pipe.send_text("\x11")     # asks
    pipe.send_text("x")        # typing on: stays
    pipe.send_text("\x11")     # asks again
    pipe.send_text("\x11")     # confirmed
    assert screen.run() == "quit"
    assert screen.interview.logs[0].notes == "x"


def test_alt_digits_tick_the_checklist_in_phase_one(make) -> None:
    screen, clock, pipe = make()
    pipe.send_text("\x1b1\x1b3\x1b3\x1b6")  # Alt-1, Alt-3 twice (untick), Alt-6
    pipe.send_text("\x11\x11")
    screen.run()
    assert screen.ticked == ["scale", "api-boundaries"]
    text = snapshot(screen, 80, 24)
    assert "Checklist" not in text or "(2/6)" in text


def test_the_design_is_drawn_live_from_the_notes(make) -> None:
    screen, clock, _ = make()
    screen.next_phase()
    screen.next_phase()
    screen.notes.text = "Client -> LB -> App servers\nApp servers -> Redis: cache\nthe app is stateless"
    text = snapshot(screen, 80, 24)
    assert "Your design (live)" in text
    assert "1. Client [client] → LB" in text and "3. App servers [service] → Redis" in text
    assert "4. Redis [cache]" in text


def test_notes_are_saved_a_moment_after_typing_and_at_least_every_second() -> None:
    from sysdesign.ui.interview import Autosave

    now = [0.0]
    saved = []
    save = Autosave(lambda: saved.append(now[0]), clock=lambda: now[0], quiet_s=0.5, max_s=1.0)
    for t in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2):  # typing without a pause
        now[0] = t
        save.changed()
        save.tick()
    assert saved == [1.0]  # not later than a second after the first unsaved key
    now[0] = 1.5
    save.tick()
    assert saved == [1.0]  # 0.3 s of quiet: not yet
    now[0] = 1.7
    save.tick()
    assert saved == [1.0, 1.7]
    now[0] = 5.0
    save.tick()
    assert saved == [1.0, 1.7]  # nothing new, nothing saved


def test_a_failed_save_is_shown_and_tried_again() -> None:
    from sysdesign.ui.interview import Autosave

    now = [0.0]
    results = iter(["disk full.", None])
    save = Autosave(lambda: next(results), clock=lambda: now[0], retry_s=2.0)
    save.changed()
    now[0] = 1.0
    assert save.tick() == "disk full."
    now[0] = 2.0
    assert save.tick() is None and save.dirty_since is not None  # waiting to retry
    now[0] = 3.1
    assert save.tick() is None and save.dirty_since is None and save.saves == 1


def test_a_signal_inside_a_tick_ends_the_screen_rather_than_waiting_for_enter(course) -> None:
    """SIGTERM raised while the screen saves (the ticker) must leave run() at once: prompt_toolkit
    would otherwise print it and wait for Enter on a terminal that may be gone."""
    import time

    from sysdesign.status import Terminated
    from sysdesign.ui.interview import Autosave

    problem = next(p for p in course.problems if p.id == "url-shortener")
    iv = Interview.start(time.monotonic(), 45, openings=interview_openings(problem), followups=problem.followups)

    def save():
        raise Terminated(15, "SIGTERM")

    with create_pipe_input() as pipe:
        screen = InterviewScreen(problem, course.checklist, iv, time.monotonic, quiet=True, input=pipe,
                                 output=DummyOutput(), autosave=Autosave(save, quiet_s=0.0))
        pipe.send_text("abc")
        with pytest.raises(Terminated):
            screen.run()
