"""The mock interview: the timed screen with its coach, saved as it goes; then the
transcript, the self-assessment, the coach's report, the reference and the missed points.

Also the ways back to an interview later: ``--resume`` goes on with an interrupted one,
``--finish`` writes its transcript and report from what was saved, and ``--grade`` grades
notes written elsewhere without the timer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Protocol

from rich.console import Console
from rich.text import Text

from sysdesign.content.model import Course
from sysdesign.content.problems import Problem, interview_openings
from sysdesign.core.coach import (
    DECK_ID,
    DECK_TITLE,
    Coach,
    CoachReport,
    LiveInterview,
    PhaseTime,
    choose_curveball,
    coverage_hint,
    curveball_answer,
    grade,
    missed_card,
    report_document,
    report_markdown,
    timed_follow_ups,
)
from sysdesign.core.interview import END_TEXT, PHASE_IDS, Interview, self_score, transcript_markdown
from sysdesign.env import Environment
from sysdesign.flows import Refused
from sysdesign.status import ExitStatus, interrupt_status
from sysdesign.store.coachdeck import add_cards, deck_path, read_cards, remove_cards
from sysdesign.store.db import StoreError
from sysdesign.store.interviews import (
    check_transcript_folder,
    end_interview,
    history_by_problem,
    resumable,
    rewrite_transcript,
    save_session,
    start_interview,
    update_scores,
    write_transcript,
)
from sysdesign.store.store import Store
from sysdesign.ui.console import clean
from sysdesign.ui.interview import Autosave, TerminalInterviewUI


class InterviewUI(Protocol):
    """What the interview asks of its screen: the timed screen, then the self-assessment, the
    report, the reference and the offer of cards (``ui.interview.TerminalInterviewUI``; a fake one in the tests)."""

    console: Console

    def run_screen(self, session: Session, autosave: Autosave, coverage: Callable[[], str]) -> str: ...
    def self_assessment(self, problem: Problem, scores: dict[str, int], level: str) -> None: ...
    def coach_report(self, markdown: str) -> None: ...
    def reference(self, problem: Problem, scores: dict[str, int]) -> None: ...
    def offer_cards(self, cards: list[dict]) -> list[dict]: ...


class Session:
    """One interview being taken: the live clock and coach, its row, and how it is saved."""

    def __init__(self, env: Environment, st: Store, problem: Problem, live: LiveInterview, *,
                 row: int, level: str, taken_at: datetime, ticked: list[str], transcript: str | None = None,
                 checklist=()):
        self.env, self.st, self.problem, self.live = env, st, problem, live
        self.checklist = tuple(checklist)
        self.row, self.level, self.taken_at = row, level, taken_at
        self.ticked = ticked
        self.transcript = transcript

    @property
    def interview(self) -> Interview:
        return self.live.interview

    def state(self) -> dict:
        doc = self.live.to_state(self.env.monotonic())
        doc.update(problem=self.problem.id, level=self.level, ticked=list(self.ticked))
        return doc

    def save(self) -> str | None:
        """Called by the screen a second or so after typing; a failure is shown, not raised."""
        try:
            save_session(self.st, self.row, self.state(), self.env.now())
        except StoreError as exc:
            return str(exc).split(". ")[0] + "."
        return None

    def notes(self) -> dict[str, str]:
        return dict(zip(PHASE_IDS, self.interview.notes()))

    def report(self) -> CoachReport:
        return grade(self.problem, self.notes(), self.level)


def run_interview(env: Environment, course: Course, st: Store, problem: Problem, minutes: float, *,
                  quiet: bool, level: str, curveball: bool = True, carry_over: bool = True,
                  ui: InterviewUI | None = None) -> None:
    """A new interview: its row is saved before the screen opens, and as the notes are typed."""
    folder = env.data_dir / "interviews"
    check_transcript_folder(folder)
    clock = env.monotonic
    interview = Interview.start(clock(), minutes, openings=interview_openings(problem),
                                followups=timed_follow_ups(problem), hints=problem.hints, carry_over=carry_over)
    seen = [r["curveball"] for r in history_by_problem(st).get(problem.id, []) if r.get("curveball")]
    live = LiveInterview(interview, Coach.for_problem(problem, minutes),
                         choose_curveball(problem, seen) if curveball else None)
    taken_at = env.now()
    row = start_interview(st, problem=problem.id, taken_at=taken_at, minutes=minutes, level=level,
                          session=live.to_state(clock()))
    session = Session(env, st, problem, live, row=row, level=level, taken_at=taken_at, ticked=[],
                      checklist=course.checklist)
    _run(env, session, ui or TerminalInterviewUI(env, course.checklist, quiet=quiet))


def resume_interview(env: Environment, course: Course, st: Store, wanted: str | None, *, quiet: bool,
                     ui: InterviewUI | None = None) -> None:
    """Go on with the newest interrupted interview (of problem ``wanted``, if given)."""
    session = _load(env, course, st, wanted)
    ui = ui or TerminalInterviewUI(env, course.checklist, quiet=quiet)
    session.interview.reopen(env.monotonic())
    ui.console.print(Text(f"Resuming {clean(session.problem.title)} in "
                          f"{session.interview.current.spec.title}, where it stopped.", style="bold"))
    _run(env, session, ui)


def finish_interrupted(env: Environment, course: Course, st: Store, wanted: str | None, *,
                       ui: InterviewUI | None = None) -> None:
    """End an interrupted interview where it stopped: transcript and report from what was saved."""
    session = _load(env, course, st, wanted)
    check_transcript_folder(env.data_dir / "interviews")
    ui = ui or TerminalInterviewUI(env, course.checklist)
    report = session.report()
    path = _save_transcript(env, session, report, {}, status="done")
    ui.console.print(Text(f"{clean(session.problem.title)}: finished from what was saved "
                          f"({END_TEXT.get(session.interview.end_reason)}).", style="bold"))
    ui.coach_report(_report_md(session, report))
    ui.console.print(Text(f"Transcript saved: {path}", style="bold green"), soft_wrap=True)


def _load(env: Environment, course: Course, st: Store, wanted: str | None) -> Session:
    rows = [r for r in resumable(st) if wanted is None or r["problem"] == wanted]
    if not rows:
        which = f" of {wanted}" if wanted else ""
        raise Refused(f"There is no interrupted interview{which} to go on with. "
                      "Start one with: sysdesign mock-interview")
    row = rows[0]
    problem = next((p for p in course.problems if p.id == row["problem"]), None)
    if problem is None:
        raise Refused(f"The interrupted interview is of problem {row['problem']!r}, which the content no "
                      "longer has. Its notes stay in the database.")
    state = row["session"] or {}
    try:
        interview = Interview.from_state(state["interview"], env.monotonic())
    except (KeyError, TypeError, ValueError) as exc:
        raise Refused(f"The saved interview #{row['id']} cannot be read ({exc}).") from None
    coach = Coach.for_problem(problem, interview.minutes)
    coach.restore(state.get("coach") or {})
    ball = next((c for c in problem.curveballs if c.id == state.get("curveball")), None)
    live = LiveInterview(interview, coach, ball, bool(state.get("curveball_said")))
    taken = datetime.fromisoformat(row["when"])
    return Session(env, st, problem, live, row=row["id"], level=row["level"] or state.get("level") or "senior",
                   taken_at=taken, ticked=[str(t) for t in state.get("ticked", [])], transcript=row["transcript"],
                   checklist=course.checklist)


def _run(env: Environment, session: Session, ui: InterviewUI) -> None:
    out = ui.console
    clock = env.monotonic
    autosave = Autosave(session.save)
    interrupted_with = ExitStatus.INTERRUPTED
    try:
        outcome = ui.run_screen(session, autosave,
                                lambda: coverage_hint(session.report(), session.interview.phase))
    except KeyboardInterrupt as exc:  # a signal from outside the screen
        session.interview.stop(clock(), "interrupted")
        outcome, interrupted_with = "interrupted", interrupt_status(exc)
    if not session.interview.finished:  # defensive: the screen ended without ending the interview
        session.interview.stop(clock(), "quit")

    report = session.report()
    status = "interrupted" if outcome == "interrupted" else "done"
    path = _save_transcript(env, session, report, {}, status=status)
    out.print(Text(f"{clean(session.problem.title)}: {END_TEXT.get(session.interview.end_reason)}.", style="bold"))
    if outcome == "interrupted":
        raise Refused(f"\nInterrupted — your notes and transcript so far are saved: {path}\n"
                      "Go on with: sysdesign mock-interview --resume   (or write it up as it is: --finish)",
                      interrupted_with)

    scores: dict[str, int] = {}
    try:
        ui.self_assessment(session.problem, scores, session.level)
    except (KeyboardInterrupt, EOFError) as exc:
        update_scores(session.st, session.row, scores, self_score(scores))
        _save_transcript(env, session, report, scores, status="done")
        raise Refused(f"\nInterrupted — your transcript and the scores given so far are saved: {path}",
                      interrupt_status(exc)) from None
    update_scores(session.st, session.row, scores, self_score(scores))
    _save_transcript(env, session, report, scores, status="done")
    ui.coach_report(_report_md(session, report))
    ui.reference(session.problem, scores)
    out.print()
    out.print(Text(f"Transcript saved: {path}", style="bold green"), soft_wrap=True)
    missed = list(report.missed)
    if missed:
        try:
            chosen = ui.offer_cards([missed_card(session.problem, p) for p in missed])
        except (KeyboardInterrupt, EOFError):
            return
        if chosen:
            _add_cards(env, out, chosen)


def _report_md(session: Session, report: CoachReport) -> str:
    iv = session.interview
    times = [PhaseTime(p.spec.title, log.used_s, log.planned_s, log.reached) for p, log in zip(iv.phases, iv.logs)]
    answer = None
    if session.live.curveball is not None and session.live.curveball_said:
        for index in range(len(iv.logs)):
            for said, text in iv.answers(index):
                if said.kind == "curveball":
                    answer = curveball_answer(session.live.curveball, text)
    return report_markdown(report, times=times, curveball=answer)


def _save_transcript(env: Environment, session: Session, report: CoachReport, scores: dict[str, int], *,
                     status: str) -> Path:
    """Write (or rewrite) the transcript and record the outcome in the interview's row."""
    stamp = session.taken_at.strftime("%Y-%m-%d %H:%M UTC")
    titles = {i.id: i.title for i in session.checklist}
    text = clean(transcript_markdown(session.problem, session.interview, taken_at=stamp, scores=scores,
                                     coach=_report_md(session, report), level=session.level,
                                     ticked=[titles.get(t, t) for t in session.ticked]))
    if session.transcript:
        path = Path(session.transcript)
        rewrite_transcript(path, text)
    else:
        path = write_transcript(env.data_dir / "interviews", session.taken_at.strftime("%Y-%m-%d"),
                                session.problem.id, text)
        session.transcript = str(path)
    doc = report_document(report)
    doc["curveball"] = getattr(session.live.curveball, "id", None) if session.live.curveball_said else None
    end_interview(session.st, session.row, status=status, transcript=str(path), session=session.state(),
                  coverage=report.coverage, report=doc, when=env.now())
    return path


# notes written elsewhere ----------------------------------------------------------------------------

def grade_file(problem: Problem, text: str, level: str) -> tuple[CoachReport, str]:
    """Grade Markdown notes (phase headings optional): the report and its Markdown."""
    from sysdesign.core.coach import split_notes

    report = grade(problem, split_notes(text), level)
    return report, report_markdown(report, heading="#")


def add_missed_cards(env: Environment, problem: Problem, report: CoachReport) -> list[str]:
    return _add_cards(env, env.console(stderr=True), [missed_card(problem, p) for p in report.missed])


def _add_cards(env: Environment, out, cards: list[dict]) -> list[str]:
    path = deck_path(env.user_content_dir, DECK_ID)
    added = add_cards(path, DECK_ID, DECK_TITLE, cards)
    if added:
        out.print(Text(f"Added {len(added)} card{'s' if len(added) != 1 else ''} to your deck "
                       f"'{DECK_TITLE}' ({path}). Review them with: sysdesign quiz --deck {DECK_ID}"), soft_wrap=True)
    else:
        out.print(Text(f"Those points are in your deck '{DECK_TITLE}' already."))
    return added


def deck_cards(env: Environment) -> list[dict]:
    return read_cards(deck_path(env.user_content_dir, DECK_ID))


def remove_deck_cards(env: Environment, ids: list[str]) -> list[str]:
    path = deck_path(env.user_content_dir, DECK_ID)
    gone = remove_cards(path, DECK_ID, DECK_TITLE, ids)
    if not gone:
        known = ", ".join(str(c.get("id")) for c in read_cards(path)) or "none"
        raise Refused(f"No card {', '.join(ids)} in your deck '{DECK_TITLE}'. Its cards: {known}.")
    return gone


# which problem ------------------------------------------------------------------------------------

def pick_problem(problems: list[Problem], st: Store, rng) -> Problem:
    """A problem never taken (an easy one for a learner's first interview), else the least
    recently taken."""
    history = history_by_problem(st)
    fresh = [p for p in problems if p.id not in history]
    if not history:
        easy = [p for p in fresh if p.difficulty == "easy"]
        return rng.choice(easy or fresh)
    if fresh:
        return rng.choice(fresh)
    oldest = min(history[p.id][-1]["when"] for p in problems)
    return rng.choice([p for p in problems if history[p.id][-1]["when"] == oldest])

