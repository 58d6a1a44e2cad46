"""`sysdesign mock-interview`: a timed, guided interview with a coach; then a rubric, a
coverage report and a transcript. Also --grade (notes written elsewhere), --resume/--finish
(an interrupted interview) and the deck of missed points."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from sysdesign.cli.common import handled

if TYPE_CHECKING:
    from sysdesign.content.model import Course
    from sysdesign.content.problems import Problem

EPILOG = (
    "[bold]Examples[/bold]\n\n"
    "  sysdesign mock-interview                 # one not done yet (easy first)\n\n"
    "  sysdesign mock-interview url-shortener   # the full 45 minutes\n\n"
    "  sysdesign mock-interview rate-limiter -m 20   # all phases in 20 min\n\n"
    "  sysdesign mock-interview --resume        # go on after an interruption\n\n"
    "  sysdesign mock-interview news-feed --grade notes.md --json\n\n"
    "  sysdesign mock-interview --list          # problems and your scores\n\n"
    "[bold]Keys on the interview screen[/bold]\n\n"
    "  Ctrl-N (F5) next phase, the time left carries over\n"
    "  Ctrl-T (F4) pause · Ctrl-G (F2) hint · Ctrl-R (F6) coverage so far\n"
    "  Ctrl-P (F3) previous prompt · Alt-1..6 tick the checklist\n"
    "  Ctrl-Q (F10) quit (asks first) · Ctrl-C stop, notes kept\n\n"
    "In the notes, 'Name: type' adds a component and 'A -> B, C' arrows: your design is drawn live "
    "and compared with the reference. The coach checks coverage of the reference's key points, "
    "not correctness. Transcripts go to <data folder>/interviews/ (SYSDESIGN_HOME sets the folder)."
)
MAX_MINUTES = 240.0
LEVELS = ("mid", "senior", "staff")


def register(app: typer.Typer) -> None:
    app.command("mock-interview", help="Rehearse a timed 45-minute system design interview with a coach.",
                epilog=EPILOG)(mock_interview)


def mock_interview(
    problem: str = typer.Argument(None, help="Problem id (see --list); omit it for one you have not done yet."),
    minutes: float = typer.Option(45.0, "--minutes", "-m", help="Total length; every phase scales with it (0.5 = 30 s)."),
    level: str = typer.Option("senior", "--level", help="mid, senior or staff: which key points count and the rubric's bar."),
    no_curveball: bool = typer.Option(False, "--no-curveball", help="No change of requirements half-way through."),
    strict_clock: bool = typer.Option(False, "--strict-clock", help="Moving on early forfeits the phase's time left."),
    resume: bool = typer.Option(False, "--resume", help="Go on with the newest interrupted interview."),
    finish: bool = typer.Option(False, "--finish", help="Write up the newest interrupted interview as it stands."),
    grade: Path = typer.Option(None, "--grade", help="Grade a Markdown notes file (- reads stdin); no timer.",
                               dir_okay=False),
    add_cards: bool = typer.Option(False, "--add-cards", help="With --grade: add the missed points to your deck."),
    cards: bool = typer.Option(False, "--cards", help="List your deck of missed points ('From your interviews')."),
    remove_card: list[str] = typer.Option(None, "--remove-card", help="Remove a card from that deck (all: every one)."),
    list_: bool = typer.Option(False, "--list", "-l", help="List the problems with difficulty and your past scores."),
    plan_: bool = typer.Option(False, "--plan", help="Print the phase plan for the problem and minutes; no timer."),
    json_: bool = typer.Option(False, "--json", help="With --plan, --list or --grade: print one JSON document."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No terminal bell when a phase runs out."),
) -> None:
    with handled():
        from sysdesign.cli import common

        if not (0 < minutes <= MAX_MINUTES):
            raise common.fail(f"--minutes must be more than 0 and at most {MAX_MINUTES:g} (got {minutes:g}). "
                              "Fractions work: --minutes 0.5 runs the whole interview in 30 seconds.")
        if level not in LEVELS:
            raise common.fail(f"--level must be one of {', '.join(LEVELS)} (got {level!r}).")
        if json_ and not (plan_ or list_ or grade):
            raise common.fail("--json goes with --plan, --list or --grade (the timed interview is for people).")
        if add_cards and not grade:
            raise common.fail("--add-cards goes with --grade (after an interview the cards are offered).")
        env = common.environment()
        if cards or remove_card:
            from sysdesign.flows.interview_info import deck

            return deck(env, remove_card or [])
        course = common.course(env)
        if not course.problems:
            raise common.fail("No interview problems were found in the content (lessons/problems/*.yaml).")
        from sysdesign.flows.interview_info import find_problem

        chosen = find_problem(course, problem) if problem else None
        if grade is not None:
            return _grade(env, chosen, grade, level, json_, add_cards)
        if list_:
            return _list(env, course, json_)
        if plan_:
            return _plan(env, chosen, minutes, json_)
        if finish:
            from sysdesign.flows.interview import finish_interrupted

            with common.store(env) as st:
                return finish_interrupted(env, course, st, chosen.id if chosen else None)
        from sysdesign.flows.interview_info import check_terminal

        check_terminal(env)
        with common.store(env) as st:
            from sysdesign.flows import interview as flow

            if resume:
                return flow.resume_interview(env, course, st, chosen.id if chosen else None, quiet=quiet)
            if chosen is None:
                from sysdesign.flows.interview_info import sorted_problems

                chosen = flow.pick_problem(sorted_problems(course), st, env.rng())
            flow.run_interview(env, course, st, chosen, minutes, quiet=quiet, level=level,
                               curveball=not no_curveball, carry_over=not strict_clock)


def _grade(env, chosen: Problem | None, path: Path, level: str, as_json: bool, add: bool) -> None:
    from sysdesign.cli.common import json_text
    from sysdesign.core.coach import report_document
    from sysdesign.flows.interview import add_missed_cards, grade_file
    from sysdesign.flows.interview_info import read_notes
    from sysdesign.ui.interview import show_coach_report

    text = read_notes(chosen, path, env.stdin)
    report, markdown = grade_file(chosen, text, level)
    if add:
        add_missed_cards(env, chosen, report)
    if as_json:
        typer.echo(json_text(report_document(report), indent=2))
    else:
        show_coach_report(env.console(), markdown)


def _list(env, course: Course, as_json: bool) -> None:
    from sysdesign.cli import common
    from sysdesign.flows.interview_info import problem_rows, show_problems

    with common.store(env, read_only_ok=True) as st:
        rows = problem_rows(course, st)
    if as_json:
        typer.echo(common.json_text({"problems": rows}, indent=2))
    else:
        show_problems(env.console(), rows)


def _plan(env, chosen: Problem | None, minutes: float, as_json: bool) -> None:
    from sysdesign.cli.common import json_text
    from sysdesign.flows.interview_info import plan_document, show_plan

    if as_json:
        typer.echo(json_text(plan_document(chosen, minutes), indent=2))
    else:
        show_plan(env.console(), chosen, minutes)
