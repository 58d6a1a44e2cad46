"""`sysdesign mock-interview`: a timed, guided interview; then a rubric and a transcript."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from sysdesign.cli.common import handled

if TYPE_CHECKING:
    from sysdesign.content.model import Course
    from sysdesign.content.problems import Problem
    from sysdesign.core.documents import PlanDocument

EPILOG = (
    "[bold]Examples[/bold]\n\n"
    "  sysdesign mock-interview                     # a problem not done yet\n\n"
    "  sysdesign mock-interview url-shortener       # the full 45 minutes\n\n"
    "  sysdesign mock-interview rate-limiter -m 20  # all phases in 20 min\n\n"
    "  sysdesign mock-interview --list              # problems and your scores\n\n"
    "  sysdesign mock-interview news-feed --plan    # phases, no timer\n\n"
    "[bold]Keys on the interview screen[/bold]\n\n"
    "  Ctrl-N (F5) next phase · Ctrl-T (F4) pause/resume · Ctrl-G (F2) hint ·\n"
    "  Ctrl-P (F3) previous prompt · Ctrl-Q (F10) quit and save ·\n"
    "  Ctrl-C stop, transcript kept\n\n"
    "Transcripts go to <data folder>/interviews/<date>-<problem>.md (SYSDESIGN_HOME sets the folder)."
)
MAX_MINUTES = 240.0


def register(app: typer.Typer) -> None:
    app.command("mock-interview", help="Rehearse a timed 45-minute system design interview.", epilog=EPILOG)(mock_interview)


def mock_interview(
    problem: str = typer.Argument(None, help="Problem id (see --list); omit it for one you have not done yet."),
    minutes: float = typer.Option(45.0, "--minutes", "-m", help="Total length; every phase scales with it (0.5 = 30 s)."),
    list_: bool = typer.Option(False, "--list", "-l", help="List the problems with difficulty and your past scores."),
    plan_: bool = typer.Option(False, "--plan", help="Print the phase plan for the problem and minutes; no timer."),
    json_: bool = typer.Option(False, "--json", help="With --plan or --list: print one JSON document."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No terminal bell when a phase runs out."),
) -> None:
    with handled():
        from sysdesign.cli import common

        if not (0 < minutes <= MAX_MINUTES):
            raise common.fail(f"--minutes must be more than 0 and at most {MAX_MINUTES:g} (got {minutes:g}). "
                              "Fractions work: --minutes 0.5 runs the whole interview in 30 seconds.")
        if json_ and not (plan_ or list_):
            raise common.fail("--json goes with --plan or --list (the timed interview is for people).")
        course = common.course()
        if not course.problems:
            raise common.fail("No interview problems were found in the content (lessons/problems/*.yaml).")
        chosen = find_problem(course, problem) if problem else None
        if list_:
            with common.store(read_only_ok=True) as st:
                _list(course, st, json_)
            return
        if plan_:
            _plan(chosen, minutes, json_)
            return
        _check_terminal()
        with common.store() as st:
            if chosen is None:
                chosen = pick_problem(course, st)
            from sysdesign.flows.interview import run_interview

            run_interview(common.environment(), course, st, chosen, minutes, quiet=quiet)


def find_problem(course: Course, wanted: str) -> Problem:
    from sysdesign.cli.common import fail

    ordered = sorted_problems(course)
    for number, p in enumerate(ordered, 1):
        if wanted in (p.id, str(number)):
            return p
    known = ", ".join(p.id for p in ordered)
    raise fail(f"No interview problem {wanted!r}. The problems are: {known}. "
               "See them with: sysdesign mock-interview --list")


def sorted_problems(course: Course) -> list[Problem]:
    from sysdesign.content.problems import problem_order

    return sorted(course.problems, key=problem_order)


def pick_problem(course: Course, st, rng=None) -> Problem:
    """A random problem, preferring ones never taken; else the least recently taken."""
    import random

    from sysdesign.store.interviews import history_by_problem

    rng = rng or random.Random()
    history = history_by_problem(st)
    problems = sorted_problems(course)
    fresh = [p for p in problems if p.id not in history]
    if fresh:
        return rng.choice(fresh)
    oldest = min(history[p.id][-1]["when"] for p in problems)
    return rng.choice([p for p in problems if history[p.id][-1]["when"] == oldest])


def _list(course: Course, st, as_json: bool) -> None:
    from sysdesign.store.interviews import history_by_problem

    history = history_by_problem(st)
    rows = []
    for p in sorted_problems(course):
        past = history.get(p.id, [])
        scored = [r["self_score"] for r in past if r["self_score"] is not None]
        rows.append({
            "id": p.id,
            "title": p.title,
            "group": p.group,
            "group_title": p.group_title,
            "difficulty": p.difficulty,
            "taken": len(past),
            "last_self_score": scored[-1] if scored else None,
            "best_self_score": max(scored) if scored else None,
            "last_taken": past[-1]["when"] if past else None,
        })
    if as_json:
        from sysdesign.cli.common import json_text

        typer.echo(json_text({"problems": rows}, indent=2))
        return
    from sysdesign.cli.common import console
    from sysdesign.ui.interview import problem_table

    out = console()
    out.print(problem_table(rows))
    out.print("Start one: [bold]sysdesign mock-interview PROBLEM[/bold]  (or no PROBLEM for one you have not done)")


def plan_rows(minutes: float) -> list[dict]:
    from sysdesign.core.interview import plan

    return [{
        "index": p.index + 1,
        "id": p.spec.id,
        "title": p.spec.title,
        "start_min": round(p.start_s / 60, 4),
        "end_min": round(p.end_s / 60, 4),
        "minutes": round(p.duration_s / 60, 4),
        "goal": p.spec.goal,
    } for p in plan(minutes)]


def _plan(chosen: Problem | None, minutes: float, as_json: bool) -> None:
    rows = plan_rows(minutes)
    if as_json:
        from sysdesign.cli.common import json_text

        doc: PlanDocument = {
            "problem": chosen.id if chosen else None,
            "title": chosen.title if chosen else None,
            "minutes": minutes,
            "phases": rows,
        }
        if chosen:
            from sysdesign.content.problems import reference_document

            doc["reference"] = reference_document(chosen)
        typer.echo(json_text(doc, indent=2))
        return
    from rich.text import Text

    from sysdesign.cli.common import console
    from sysdesign.ui.console import clean
    from sysdesign.ui.interview import plan_table, reference_view

    out = console()
    title = f"Plan: {clean(chosen.title)} · {minutes:g} min" if chosen else f"Plan · {minutes:g} min"
    if chosen:
        out.print(Text(clean(chosen.prompt.strip()), style="italic"))
        out.print()
    out.print(plan_table(rows, title))
    out.print("Phase 1 shows the requirements checklist; each phase's follow-ups appear as its time passes.")
    if chosen:
        out.print()
        out.print(Text("The reference (read it after your attempt): API, data model and design", style="bold underline"))
        out.print(reference_view(chosen, ("api", "data_model", "design")))


def _check_terminal() -> None:
    import shutil

    from sysdesign.cli.common import environment, fail
    from sysdesign.ui.interview import MIN_COLUMNS, MIN_ROWS

    env = environment()
    if env.dumb:  # before interactive, which is False for it too
        raise fail("The timed interview draws a full-screen display, which TERM=dumb cannot show. "
                   "Run it in a regular terminal, or use --plan for the phase plan.")
    if not env.interactive:
        raise fail("The timed interview needs a terminal (stdin and stdout are not both a terminal). "
                   "Run it in a terminal, or print the phase plan with: sysdesign mock-interview --plan")
    size = shutil.get_terminal_size((80, 24))
    if size.columns < MIN_COLUMNS or size.lines < MIN_ROWS:
        raise fail(f"The terminal is {size.columns}×{size.lines}; the interview needs at least "
                   f"{MIN_COLUMNS}×{MIN_ROWS}. Enlarge the window and try again.")
