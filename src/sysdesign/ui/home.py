"""The today screen (`sysdesign` with no arguments) and its what-next menu."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sysdesign.core.days import day_of
from sysdesign.core.limits import DEFAULT_NEW_QUESTIONS_PER_DAY
from sysdesign.core.report import is_new_user, rereading
from sysdesign.ui.console import clean, plural
from sysdesign.ui.keys import ask

MENU_INSTRUCTION = "(↑/↓ or number keys, then Enter · q or Esc quits)"
SHORT_INSTRUCTION = "(↑/↓, Enter · q/Esc quits)"  # for a narrow terminal: one line, no word broken
BACK_PROMPT = "── Enter: back to the home screen · q: quit ──"


@dataclass(frozen=True)
class Terminal:
    """What drawing a menu ahead needs to know of the terminal (from env.Environment)."""

    key_fd: int | None  # where keys are read (None: stdin)
    plain: bool  # no colour


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
    return f"{last.get('title') or last['problem']} · {shown} ({_when(last['when'])})"


def new_cards_text(report: dict) -> str:
    """New cards a review would bring today (the daily limit counts those already learnt)."""
    today, unlocked = report.get("new_today", report["new_available"]), report["new_available"]
    if today:
        more = f" ({unlocked:,} unlocked)" if unlocked > today else ""
        return f"{today} to learn today{more}"
    if unlocked:
        return f"today's {report.get('new_per_day', 20)} learnt · {unlocked:,} more from tomorrow"
    if report["cards_unlocked"]:
        return f"all {report['cards_unlocked']:,} unlocked are in review · a lesson adds more"
    return "none yet · finishing a lesson unlocks its cards"


def new_questions_text(report: dict) -> str | None:
    """New questions a review would bring today under their own daily limit; None when no
    finished lesson has a question the quiz has not asked yet."""
    today, waiting = report.get("new_questions_today", 0), report.get("new_questions_available", 0)
    if today:
        return f"{today} to answer today" + (f" ({waiting:,} waiting)" if waiting > today else "")
    if waiting:
        return f"today's {DEFAULT_NEW_QUESTIONS_PER_DAY} answered · {waiting:,} more from tomorrow"
    return None


def quiz_label(due: int, new: int, questions: int) -> str | None:
    """The quiz entry of the menu: what a session now brings (short: it fits 40 columns)."""
    if not questions:
        if due:  # the session goes on to today's new cards after the due ones: say so
            return f"Review {plural(due, 'due card')}" + (f", then {new} new" if new else "")
        return f"Learn new cards ({new} today)" if new else None
    asked = plural(questions, "new question")
    if due and new:
        return f"Review {due} due, {new} new, {asked}"
    if due:
        return f"Review {due} due, {asked}"
    if new:
        return f"Learn {plural(new, 'new card')}, {asked}"
    return f"Review {asked}"


def today_table(report: dict) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    due = report["due_now"]
    grid.add_row("Due now", Text(plural(due, "card") + (" waiting" if due else " · all caught up"),
                                 style="bold yellow" if due else "green"))
    grid.add_row("New cards", Text(new_cards_text(report)))
    questions = new_questions_text(report)
    if questions:
        grid.add_row("New questions", Text(questions))
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


def compact_today(report: dict) -> list[Text]:
    """The today screen in three lines, for a terminal too small for the panel and the menu."""
    today = date.fromisoformat(report["today"])
    first = report.get("next_lesson")
    if is_new_user(report):
        lines = [Text(f"Welcome to sysdesign: {len(report['lessons'])} lessons, "
                      f"{report['cards_total']:,} flashcards", style="bold")]
        if first:
            lines.append(Text(f"Start here → lesson {first['order']}, {clean(first['title'])}"))
        return lines
    due = report["due_now"]
    new = report.get("new_today", report["new_available"]) + report.get("new_questions_today", 0)
    streak = report["streak_days"]
    lines = [Text(f"Today · {today.strftime('%a')} {today.day} {today.strftime('%b')}", style="bold"),
             Text(f"Due {due} · new {new} today · streak {plural(streak, 'day')}")]
    if first:
        lines.append(Text(f"Next lesson {first['order']} · {clean(first['title'])} "
                          f"({first['sections_done']}/{first['sections_total']})"))
    return lines


def _height(console: Console, renderable) -> int:
    return len(console.render_lines(renderable, console.options, pad=False))


def menu_instruction(message: str, width: int | None) -> str:
    long = MENU_INSTRUCTION if message == "What next?" else "(↑/↓ or number keys, then Enter · q or Esc: back)"
    short = SHORT_INSTRUCTION if message == "What next?" else "(↑/↓, Enter · q/Esc: back)"
    return long if len(f"? {message} {long}") <= (width or 80) else short


def menu_height(entries: list, width: int) -> int:
    """Lines the what-next menu takes: its question line (wrapped) and one line an entry."""
    question = len(f"? What next? {menu_instruction('What next?', width)}")
    return len(entries) + max(1, -(-question // max(width, 1)))


def render_today(console: Console, report: dict, menu_lines: int = 0) -> None:
    """The welcome or today panel; when it and a menu of `menu_lines` would not fit on the
    screen together, a few short lines instead, so nothing scrolls off before it is read."""
    today = date.fromisoformat(report["today"])
    panel = welcome_panel(report) if is_new_user(report) else today_panel(report, today)
    room = console.size.height - menu_lines
    if menu_lines and _height(console, panel) > room:
        lines = compact_today(report)
        wrap = sum(_height(console, line) for line in lines) <= room  # wrapped if that fits, else cut
        for line in lines:
            if not wrap:
                line.truncate(console.width, overflow="ellipsis")
            console.print(line, no_wrap=not wrap, crop=not wrap)
        return
    console.print(panel)


def menu_entries(report: dict, commands: set[str]) -> list[Entry]:
    """What to do next, most useful first; only commands that exist are offered."""
    first: list[Entry] = []
    rest: list[Entry] = []
    unfinished = [i for i in report.get("interviews", []) if i.get("status") in ("running", "interrupted")]
    if unfinished and "mock-interview" in commands:  # notes saved as typed: offer to go on with them
        last = unfinished[-1]
        first.append(Entry(f"Resume your interrupted mock interview ({clean(str(last.get('title') or last['problem']))})",
                           ("mock-interview", "--resume")))
    due, new = report["due_now"], report.get("new_today", report["new_available"])
    if "quiz" in commands:
        label = quiz_label(due, new, report.get("new_questions_today", 0))
        if label:
            first.append(Entry(label, ("quiz",)))
        elif report["reviews_total"]:
            rest.append(Entry("Review session", ("quiz",)))
    nxt = report.get("next_lesson")
    again = rereading(report)
    if again and "study" in commands:
        first.append(Entry(f"Go on reading lesson {again['order']} again: {clean(again['title'])}",
                           ("study", again["id"])))
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
        rest.append(Entry("Cheat sheets", ("reference",)))
    if is_new_user(report):  # someone new starts with lesson 1, whatever else is unlocked
        first.sort(key=lambda e: e.argv is None or e.argv[0] != "study")
    return first + rest + [Entry("Quit", None)]


def choose(entries: list[Entry], message: str = "What next?", width: int | None = None, *,
           ahead: Terminal | None = None, **prompt_kwargs) -> Entry:
    """Arrow-key menu; number keys jump; q or Esc picks the last entry (Quit, or Back) at
    once, without Enter. ``ahead``: the terminal to draw the menu on at once, before its
    library loads (see _drawn_ahead). Extra kwargs reach questionary (tests pass
    input=create_pipe_input(), output=DummyOutput())."""
    room = (width or 80) - 6  # " » 1) " before each label: a long label is cut with an ellipsis, never mid-word bare
    rows = []
    for i, entry in enumerate(entries):
        key = "q" if i == len(entries) - 1 else (str(i + 1) if i < 9 else None)
        label = entry.label if len(entry.label) <= room else entry.label[: max(room - 1, 1)].rstrip() + "…"
        rows.append((label, key))
    instruction = menu_instruction(message, width)
    with _drawn_ahead(message, instruction, rows, width, ahead if not prompt_kwargs else None):
        import questionary

        choices = [questionary.Choice(label, value=i, shortcut_key=key if key else False)
                   for i, (label, key) in enumerate(rows)]
        question = questionary.select(
            message, choices=choices, use_shortcuts=True, use_arrow_keys=True,
            instruction=instruction,
            **prompt_kwargs,
        )
        _leave_with(question, len(entries) - 1)
        return entries[ask(question)]


@contextmanager
def _drawn_ahead(message: str, instruction: str, rows: list[tuple[str, str | None]], width: int | None,
                 terminal: Terminal | None) -> Iterator[None]:
    """The first menu of a run, drawn at once as questionary will draw it, while its library
    (prompt_toolkit, ~130 ms) is imported; questionary then draws over it. Keys typed
    meanwhile are neither echoed nor lost (no echo, no line buffering: they wait for the
    menu). Later menus, and menus not on a terminal, are questionary's alone."""
    import sys

    if terminal is None or "questionary" in sys.modules:
        yield
        return
    import termios
    import tty

    fd = terminal.key_fd if terminal.key_fd is not None else sys.stdin.fileno()
    try:
        saved = termios.tcgetattr(fd)
        tty.setcbreak(fd, termios.TCSANOW)  # TCSANOW keeps keys typed ahead
    except termios.error:
        yield
        return
    try:
        color = not terminal.plain
        qmark = "\x1b[38;5;67m?\x1b[0m" if color else "?"
        text = f"{qmark}\x1b[1m {message} \x1b[0m{instruction}" if color else f"? {message} {instruction}"
        lines = [text] + [f" {'»' if i == 0 else ' '} {key or '-'}) {label}" for i, (label, key) in enumerate(rows)]
        sys.stdout.write("\x1b[?25l" + "\n".join(lines) + "\n")  # the terminal turns \n into \r\n
        height = menu_height(rows, width or 80)
        sys.stdout.write(f"\x1b[{height}A\r")  # back to the menu's first line: questionary draws there
        sys.stdout.flush()
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def _leave_with(question, value: int) -> None:
    """q and Esc answer `value` at once (added last, so they win over the shortcut that only
    moves the pointer to it)."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    keys = KeyBindings()

    @keys.add("q", eager=True)
    @keys.add("Q", eager=True)
    @keys.add("escape", eager=True)
    def _leave(event) -> None:  # noqa: ANN001 - prompt_toolkit's event
        event.app.exit(result=value)

    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, keys])


def choose_by_line(console: Console, entries: list[Entry], reader, message: str = "What next?") -> Entry:
    """The menu as numbered lines and a typed answer (TERM=dumb): a number, or q for the last."""
    from sysdesign.ui.lines import EndOfInput

    console.print(Text(message, style="bold"))
    for i, entry in enumerate(entries):
        key = "q" if i == len(entries) - 1 else str(i + 1)
        console.print(Text(f"  {key}) {clean(entry.label)}"))
    last = "q" if len(entries) == 1 else f"1–{len(entries) - 1} or q"
    while True:
        console.print(Text(f"choose ({last}): ", style="cyan"), end="")
        try:
            text = reader.read().strip().lower()
        except EndOfInput:
            return entries[-1]
        if text in ("q", "quit", "exit", "back"):
            return entries[-1]
        if text.isdigit() and 1 <= int(text) < len(entries):
            return entries[int(text) - 1]
        console.print(Text(f"Could not use {text!r}: type a number {last}.", style="yellow"))

