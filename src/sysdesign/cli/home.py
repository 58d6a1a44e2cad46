"""`sysdesign` with no arguments, at a terminal: the today screen and a what-next menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from sysdesign.cli.common import handled

if TYPE_CHECKING:
    from sysdesign.env import Environment


def home(ctx: typer.Context, env: Environment) -> None:
    """Show today's numbers, offer what to do next, and start the chosen command."""
    with handled():
        from sysdesign.cli import common
        from sysdesign.core.report import build_report
        from sysdesign.store.dashboard import snapshot
        from sysdesign.ui.home import choose, menu_entries, render_today

        course = common.course(env)
        when = env.now()
        with common.store(env, read_only_ok=True) as st:
            report = build_report(course, snapshot(st, when), when)
        console = env.console()
        render_today(console, report)
        commands = set(ctx.command.list_commands(ctx))
        picked = choose(menu_entries(report, commands), **env.prompt_kwargs())
    if picked.argv is None:
        return
    console.print()
    name, *args = picked.argv
    command = ctx.command.get_command(ctx, name)
    with command.make_context(name, list(args), parent=ctx) as sub:
        command.invoke(sub)
