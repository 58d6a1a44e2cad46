"""What `mock-interview` shows without a timer: the problem list, the phase plan, the
personal deck of missed points, and the report on notes written elsewhere (`--grade`)."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from sysdesign.content.model import Course
from sysdesign.content.problems import Problem, problem_order, reference_document
from sysdesign.core.interview import plan
from sysdesign.env import Environment
from sysdesign.flows import Refused
from sysdesign.store.interviews import history_by_problem
from sysdesign.store.store import Store
from sysdesign.ui.console import clean
from sysdesign.ui.interview import plan_table, problem_table, reference_view


def sorted_problems(course: Course) -> list[Problem]:
    return sorted(course.problems, key=problem_order)


def find_problem(course: Course, wanted: str) -> Problem:
    """The problem named by its id or its number in the list."""
    ordered = sorted_problems(course)
    for number, p in enumerate(ordered, 1):
        if wanted in (p.id, str(number)):
            return p
    known = ", ".join(p.id for p in ordered)
    raise Refused(f"No interview problem {wanted!r}. The problems are: {known}. "
                  "See them with: sysdesign mock-interview --list")


def problem_rows(course: Course, st: Store) -> list[dict]:
    history = history_by_problem(st)
    rows = []
    for p in sorted_problems(course):
        past = history.get(p.id, [])
        scored = [r["self_score"] for r in past if r["self_score"] is not None]
        covered = [r["coverage"] for r in past if r.get("coverage") is not None]
        rows.append({
            "id": p.id,
            "title": p.title,
            "group": p.group,
            "group_title": p.group_title,
            "difficulty": p.difficulty,
            "taken": len(past),
            "last_self_score": scored[-1] if scored else None,
            "best_self_score": max(scored) if scored else None,
            "last_coverage": round(covered[-1], 4) if covered else None,
            "last_taken": past[-1]["when"] if past else None,
        })
    return rows


def show_problems(out: Console, rows: list[dict]) -> None:
    out.print(problem_table(rows))
    out.print("Start one: [bold]sysdesign mock-interview PROBLEM[/bold]  (or no PROBLEM for one you have not done)")


def plan_rows(minutes: float) -> list[dict]:
    return [{
        "index": p.index + 1,
        "id": p.spec.id,
        "title": p.spec.title,
        "start_min": round(p.start_s / 60, 4),
        "end_min": round(p.end_s / 60, 4),
        "minutes": round(p.duration_s / 60, 4),
        "goal": p.spec.goal,
    } for p in plan(minutes)]


def plan_document(chosen: Problem | None, minutes: float) -> dict:
    doc = {
        "problem": chosen.id if chosen else None,
        "title": chosen.title if chosen else None,
        "minutes": minutes,
        "phases": plan_rows(minutes),
    }
    if chosen:
        doc["reference"] = reference_document(chosen)
    return doc


def show_plan(out: Console, chosen: Problem | None, minutes: float) -> None:
    title = f"Plan: {clean(chosen.title)} · {minutes:g} min" if chosen else f"Plan · {minutes:g} min"
    if chosen:
        out.print(Text(clean(chosen.prompt.strip()), style="italic"))
        out.print()
    out.print(plan_table(plan_rows(minutes), title))
    out.print("Phase 1 shows the requirements checklist; each phase's follow-ups appear as its time passes, "
              "and the interviewer asks about what your notes mention.")
    if chosen:
        out.print()
        out.print(Text("The reference (read it after your attempt): API, data model and design", style="bold underline"))
        out.print(reference_view(chosen, ("api", "data_model", "design")))


def show_deck(out: Console, cards: list[dict], deck_id: str) -> None:
    if not cards:
        out.print("Your 'From your interviews' deck is empty. Missed key points are offered for it after "
                  "each interview (or: sysdesign mock-interview PROBLEM --grade NOTES.md --add-cards).", markup=False)
        return
    table = Table(title="From your interviews", title_justify="left", title_style="bold")
    table.add_column("Card", no_wrap=True, style="cyan")
    table.add_column("Front", overflow="fold")
    for card in cards:
        table.add_row(Text(clean(str(card.get("id")))), Text(clean(str(card.get("front")))))
    out.print(table)
    out.print(f"Review them with: sysdesign quiz --deck {deck_id}   "
              "Remove one with: sysdesign mock-interview --remove-card CARD", markup=False, soft_wrap=True)


def deck(env: Environment, remove: list[str]) -> None:
    """The deck of missed points (--cards), or remove cards from it (--remove-card)."""
    from sysdesign.core.coach import DECK_ID
    from sysdesign.flows.interview import deck_cards, remove_deck_cards

    out = env.console()
    if remove:
        gone = remove_deck_cards(env, remove)
        out.print(f"Removed {len(gone)} card{'s' if len(gone) != 1 else ''}: {', '.join(gone)}.", markup=False)
        return
    show_deck(out, deck_cards(env), DECK_ID)


NOTES_LIMIT = 1_000_000  # characters: a 45-minute interview's notes are a few thousand


def read_notes(problem: Problem | None, path: Path, stdin: TextIO) -> str:
    """The notes `--grade` judges: a file, or standard input for `-`; at most NOTES_LIMIT
    characters are read (never a huge file whole)."""
    if problem is None:
        raise Refused("--grade needs the problem the notes answer, e.g. "
                      "sysdesign mock-interview url-shortener --grade notes.md")
    piped = str(path) == "-"
    try:
        if piped:
            text = stdin.read(NOTES_LIMIT + 1)
        else:
            with path.open(encoding="utf-8", errors="replace") as fh:
                text = fh.read(NOTES_LIMIT + 1)
    except OSError as exc:
        raise Refused(f"Cannot read the notes {path} ({exc.strerror or exc}).") from None
    if len(text) > NOTES_LIMIT:
        raise Refused(f"The notes {'on standard input' if piped else path} are over "
                      f"{NOTES_LIMIT // 1_000_000} million characters: an interview's notes are far "
                      "shorter. Give the file of your notes alone.")
    return text


def check_terminal(env: Environment) -> None:
    """The timed interview needs a real terminal of at least MIN_COLUMNS × MIN_ROWS."""
    from sysdesign.ui.interview import MIN_COLUMNS, MIN_ROWS

    if env.dumb:  # before interactive, which is False for it too
        raise Refused("The timed interview draws a full-screen display, which TERM=dumb cannot show. "
                      "Run it in a regular terminal, use --plan for the phase plan, or --grade your notes.")
    if not env.interactive:
        raise Refused("The timed interview needs a terminal (stdin and stdout are not both a terminal). "
                      "Run it in a terminal, print the phase plan with: sysdesign mock-interview --plan, "
                      "or grade notes written elsewhere with --grade FILE.")
    columns, rows = env.terminal_size()
    if columns < MIN_COLUMNS or rows < MIN_ROWS:
        raise Refused(f"The terminal is {columns}×{rows}; the interview needs at least "
                      f"{MIN_COLUMNS}×{MIN_ROWS}. Enlarge the window and try again.")
