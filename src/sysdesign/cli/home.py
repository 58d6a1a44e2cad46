"""`sysdesign` with no arguments, at a terminal: the today screen and a what-next menu, again
after every activity until the learner quits."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from sysdesign.cli.common import handled

if TYPE_CHECKING:
    from sysdesign.env import Environment
    from sysdesign.ui.home import Entry

INTERRUPTED = 130


def home(ctx: typer.Context, env: Environment) -> None:
    """Show today's numbers, offer what to do next, start the chosen command, and come back
    to the updated screen when it ends. q or Esc (or q and Enter, typed) quits."""
    while True:
        argv = _pick(ctx, env)
        if argv is None:
            return
        code = _run(ctx, argv)
        if code == INTERRUPTED:  # Ctrl-C ends the program, as everywhere else
            raise typer.Exit(INTERRUPTED)
        with handled():
            if not _back_to_home(env):
                return


def _pick(ctx: typer.Context, env: Environment) -> tuple[str, ...] | None:
    """The command line of the chosen activity, or None to quit."""
    with handled():
        from sysdesign.cli import common
        from sysdesign.core.report import build_report
        from sysdesign.store.dashboard import snapshot
        from sysdesign.ui.home import menu_entries, menu_height, render_today

        course = common.course(env)
        when = env.now()
        with common.store(env, read_only_ok=True) as st:
            report = build_report(course, snapshot(st, when), when)
        console = env.console()
        commands = set(ctx.command.list_commands(ctx))
        entries = menu_entries(report, commands)
        render_today(console, report, menu_lines=menu_height(entries, console.width))
        while True:
            picked = _choose(env, console, entries)
            if picked.argv != ("reference",):
                break
            sheet = _choose_sheet(env, console, course)
            if sheet is not None:
                return sheet
        console.print()
        return picked.argv


def _choose(env: Environment, console, entries: list[Entry], message: str = "What next?") -> Entry:
    from sysdesign.ui.home import Terminal, choose, choose_by_line

    if env.interactive:
        return choose(entries, message, console.width, ahead=Terminal(env.key_fd, env.plain), **env.prompt_kwargs())
    return choose_by_line(console, entries, env.line_reader(), message)


def _choose_sheet(env: Environment, console, course) -> tuple[str, ...] | None:
    """Which cheat sheet to open, or None for back to the menu."""
    from sysdesign.ui.console import clean
    from sysdesign.ui.home import Entry
    from sysdesign.ui.reference import CHECKLIST_ID

    sheets = [Entry(clean(topic.title), ("reference", topic.id)) for topic in course.reference]
    if course.checklist:
        sheets.append(Entry("The pre-design checklist", ("reference", CHECKLIST_ID)))
    picked = _choose(env, console, [*sheets, Entry("Back", None)], "Which cheat sheet?")
    return picked.argv


def _run(ctx: typer.Context, argv: tuple[str, ...]) -> int:
    """Run one command as if typed after `sysdesign`; its exit status (its own messages are
    already on screen)."""
    name, *args = argv
    command = ctx.command.get_command(ctx, name)
    try:
        with command.make_context(name, list(args), parent=ctx) as sub:
            command.invoke(sub)
    except typer.Exit as done:
        return done.exit_code
    except SystemExit as done:  # a closed pipe ends quietly with 0; anything else as given
        return done.code if isinstance(done.code, int) else 1
    return 0


def _back_to_home(env: Environment) -> bool:
    """After an activity: wait until its last screen is read. True: back to the home screen."""
    from rich.text import Text

    from sysdesign.ui.home import BACK_PROMPT

    console = env.console()
    console.print()
    if not env.interactive:
        console.print(Text("Enter: back to the home screen · q then Enter: quit ", style="cyan"), end="")
        from sysdesign.ui.lines import EndOfInput

        try:
            return env.line_reader().read().strip().lower() not in ("q", "quit", "exit")
        except EndOfInput:
            return False
    from sysdesign.ui.keys import KeyReader
    from sysdesign.ui.lines import EndOfInput

    console.print(Text(BACK_PROMPT, style="reverse"), end="")
    console.file.flush()
    try:
        key = KeyReader(env.key_fd).read()
    except EndOfInput:
        return False
    finally:
        console.file.write("\r\x1b[2K\n")
    return key not in ("q", "Q", "\x1b")
