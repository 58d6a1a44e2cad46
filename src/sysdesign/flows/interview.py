"""The mock interview: the timed screen, then the transcript, the self-assessment and the reference."""

from __future__ import annotations

from rich.text import Text

from sysdesign.content.model import Course
from sysdesign.content.problems import Problem, interview_openings
from sysdesign.core.interview import END_TEXT, Interview, self_score, transcript_markdown
from sysdesign.env import Environment
from sysdesign.flows import Refused
from sysdesign.status import ExitStatus, interrupt_status
from sysdesign.store.interviews import (
    record_interview,
    rewrite_transcript,
    update_scores,
    write_transcript,
)
from sysdesign.store.store import Store
from sysdesign.ui.console import clean
from sysdesign.ui.interview import InterviewScreen, self_assessment, show_reference


def run_interview(env: Environment, course: Course, st: Store, problem: Problem, minutes: float, *,
                  quiet: bool) -> None:
    """The timed screen, then the transcript and the interview row (saved before the
    self-assessment), then the scores as they are given."""
    out = env.console()
    taken_at = env.now()
    clock = env.monotonic
    interview = Interview.start(clock(), minutes, openings=interview_openings(problem),
                                followups=problem.followups, hints=problem.hints)
    screen = InterviewScreen(problem, course.checklist, interview, clock, quiet=quiet, **env.prompt_kwargs())
    interrupted_with = ExitStatus.INTERRUPTED
    try:
        outcome = screen.run()
    except KeyboardInterrupt as exc:  # a signal from outside the screen
        interview.stop(clock(), "interrupted")
        outcome, interrupted_with = "interrupted", interrupt_status(exc)
    if not interview.finished:  # defensive: the screen ended without ending the interview
        interview.stop(clock(), "quit")

    stamp = taken_at.strftime("%Y-%m-%d %H:%M UTC")

    def markdown(scores: dict[str, int]) -> str:  # a file people cat: content escapes removed
        return clean(transcript_markdown(problem, interview, taken_at=stamp, scores=scores))

    folder = env.data_dir / "interviews"
    path = write_transcript(folder, taken_at.strftime("%Y-%m-%d"), problem.id, markdown({}))
    row = record_interview(st, problem=problem.id, taken_at=taken_at, minutes=minutes,
                           transcript=str(path), scores={}, self_score=None)
    out.print(Text(f"{clean(problem.title)}: {END_TEXT.get(interview.end_reason)}.", style="bold"))

    if outcome == "interrupted":
        raise Refused(f"\nInterrupted — your transcript so far is saved: {path}", interrupted_with)
    if outcome != "finished":
        out.print(Text(f"Stopped before the end, so no self-assessment. Transcript saved: {path}"), soft_wrap=True)
        return

    scores: dict[str, int] = {}
    try:
        self_assessment(out, problem, scores)
    except (KeyboardInterrupt, EOFError) as exc:
        update_scores(st, row, scores, self_score(scores))
        rewrite_transcript(path, markdown(scores))
        raise Refused(f"\nInterrupted — your transcript and the scores given so far are saved: {path}",
                      interrupt_status(exc)) from None
    update_scores(st, row, scores, self_score(scores))
    rewrite_transcript(path, markdown(scores))
    show_reference(out, problem, scores)
    out.print()
    out.print(Text(f"Transcript saved: {path}", style="bold green"), soft_wrap=True)
