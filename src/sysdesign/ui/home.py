"""The today screen (`sysdesign` with no arguments) and its what-next menu."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sysdesign.core.days import day_of
from sysdesign.core.report import is_new_user
from sysdesign.ui.console import clean, plural
from sysdesign.ui.keys import ask

MENU_INSTRUCTION = "(↑/↓ or number keys, then Enter · q then Enter quits)"


@dataclass(frozen=True)
class Entry:
    """One line of the what-next menu and the command line it starts."""

    label: str
    argv: tuple[str, ...] | None  # None: quit


def _when(stamp: str | None) -> str:
    return day_of(stamp) if stamp else ""


def last_estimate_text(report: dict) -> str | None:
    """The latest round that counts for calibration (one left early does not), as progress shows it."""
    from sysdesign.core.calibration import factor_text

    families = report.get("calibration") or []  # newest first
    if not families:
        return None
    last = families[0]
    name = last.get("title") or last["scenario"]
    return f"{name} · median error {factor_text(last['latest_error'])} ({_when(last['last'])})"


def last_interview_text(report: dict) -> str | None:
    if not report["interviews"]:
        return None
    last = report["interviews"][-1]
    score = last.get("self_score")
    shown = f"self-score {score:.1f}/4" if isinstance(score, (int, float)) else "not scored"
    return f"{last['problem']} · {shown} ({_when(last['when'])})"


def today_table(report: dict) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    due = report["due_now"]
    grid.add_row("Due now", Text(plural(due, "card") + (" waiting" if due else " · all caught up"),
                                 style="bold yellow" if due else "green"))
    if report["new_available"]:
        fresh = f"{report['new_available']} ready to learn"
    elif report["cards_unlocked"]:
        fresh = f"all {report['cards_unlocked']} unlocked are in review · a lesson adds more"
    else:
        fresh = "none yet · finishing a lesson unlocks its cards"
    grid.add_row("New cards", Text(fresh))
    nxt = report.get("next_lesson")
    if nxt:
        grid.add_row("Next lesson", Text(f"{nxt['order']} · {clean(nxt['title'])} "
                                         f"({nxt['sections_done']}/{nxt['sections_total']} sections)"))
    else:
        grid.add_row("Next lesson", Text("all lessons done ✓", style="green"))
    streak = report["streak_days"]
    sketch = report.get("sketch_streak_days", 0)
    line = Text(plural(streak, "day") if streak else "starts with today's session")
    line.append(f" · daily sketch streak {plural(sketch, 'day')}" if sketch else " · no sketch streak yet",
                style="dim" if not sketch else "")
    grid.add_row("Streak", line)
    est = last_estimate_text(report)
    grid.add_row("Last estimate", Text(clean(est)) if est else Text("none yet", style="dim"))
    interview = last_interview_text(report)
    grid.add_row("Last interview", Text(clean(interview)) if interview else Text("none yet", style="dim"))
    return grid


def welcome_panel(report: dict) -> Panel:
    first = report.get("next_lesson")
    body = Text()
    body.append("A terminal tutor for system design: ")
    body.append(f"{len(report['lessons'])} short lessons, {report['cards_total']} flashcards "
                "on a spaced-repetition schedule, estimation drills, timed mock interviews "
                "and a 15-minute daily sketch.\n\n")
    if first:
        body.append("Start here → ", style="bold")
        body.append(Text(f"lesson {first['order']}, {clean(first['title'])}", style="bold cyan"))
        body.append(f": {first['sections_total']} short sections, each followed by a couple of "
                    "check questions. Stop whenever you like; you resume where you left off.\n")
    body.append("Finishing a lesson puts its flashcards into your daily review.", style="dim")
    return Panel(body, title="Welcome to sysdesign", title_align="left", border_style="cyan", expand=False)


def today_panel(report: dict, today: date) -> Panel:
    title = f"Today · {today.strftime('%A')} {today.day} {today.strftime('%B')}"
    return Panel(today_table(report), title=title, title_align="left", border_style="cyan", expand=False)


def render_today(console: Console, report: dict) -> None:
    today = date.fromisoformat(report["today"])
    if is_new_user(report):
        console.print(welcome_panel(report))
    else:
        console.print(today_panel(report, today))


def menu_entries(report: dict, commands: set[str]) -> list[Entry]:
    """What to do next, most useful first; only commands that exist are offered."""
    first: list[Entry] = []
    rest: list[Entry] = []
    unfinished = [i for i in report.get("interviews", []) if i.get("status") in ("running", "interrupted")]
    if unfinished and "mock-interview" in commands:  # notes saved as typed: offer to go on with them
        first.append(Entry(f"Resume your interrupted mock interview ({clean(str(unfinished[-1]['problem']))})",
                           ("mock-interview", "--resume")))
    due, new = report["due_now"], report["new_available"]
    if "quiz" in commands:
        if due:
            # the session goes on to new cards after the due ones: say so
            first.append(Entry(f"Review {plural(due, 'due card')}" + (", then new ones" if new else ""), ("quiz",)))
        elif new:
            first.append(Entry(f"Learn new cards ({new} unlocked)", ("quiz",)))
        elif report["reviews_total"]:
            rest.append(Entry("Review session", ("quiz",)))
    nxt = report.get("next_lesson")
    if nxt and "study" in commands:
        verb = "Continue" if nxt["sections_done"] else "Start"
        first.append(Entry(f"{verb} lesson {nxt['order']}: {clean(nxt['title'])}", ("study", nxt["id"])))
    elif "study" in commands:
        rest.append(Entry("Browse the lessons", ("study", "--list")))
    if "sketch" in commands:
        sketched_today = _when((report.get("last_sketch") or {}).get("when")) == report["today"]
        entry = Entry("Daily sketch (15–20 min)" + (" — done today ✓" if sketched_today else ""), ("sketch",))
        (rest if sketched_today or is_new_user(report) else first).append(entry)
    if "estimate" in commands:
        rest.append(Entry("Estimation round (back-of-the-envelope)", ("estimate",)))
    if "mock-interview" in commands:
        rest.append(Entry("Mock interview (45 min, timed)", ("mock-interview",)))
    if "progress" in commands and not is_new_user(report):
        rest.append(Entry("See your progress", ("progress",)))
    if "reference" in commands:
        rest.append(Entry("Cheat sheets (latency, nines, powers of two, checklist)", ("reference",)))
    if is_new_user(report):  # someone new starts with lesson 1, whatever else is unlocked
        first.sort(key=lambda e: e.argv is None or e.argv[0] != "study")
    return first + rest + [Entry("Quit", None)]


def choose(entries: list[Entry], **prompt_kwargs) -> Entry:
    """Arrow-key menu; number keys jump, q jumps to Quit. Extra kwargs reach questionary
    (tests pass input=create_pipe_input(), output=DummyOutput())."""
    import questionary

    choices = []
    for i, entry in enumerate(entries):
        key = "q" if entry.argv is None else (str(i + 1) if i < 9 else None)
        choices.append(questionary.Choice(entry.label, value=i, shortcut_key=key if key else False))
    picked = ask(questionary.select(
        "What next?", choices=choices, use_shortcuts=True, use_arrow_keys=True,
        instruction=MENU_INSTRUCTION, **prompt_kwargs,
    ))
    return entries[picked]

