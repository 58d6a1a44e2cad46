"""What every command shares: the environment, the clock, content and the store (clean
failure is in ``failures``, imported from here too)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from datetime import datetime

    from rich.console import Console

    from sysdesign.content.model import Course
    from sysdesign.env import Environment
    from sysdesign.store.store import Store

from sysdesign.cli.failures import (  # noqa: F401  (what commands take from common)
    EXIT_BUG,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    fail,
    handled,
    output_failure,
)


def environment() -> Environment:
    """The command's Environment: built once, at the start of a command, and passed down."""
    from sysdesign.env import Environment

    return Environment.from_os()


def now() -> datetime:
    """The current time in UTC. Tests may pin it with SYSDESIGN_NOW (ISO 8601)."""
    from sysdesign.env import pinned_now

    return pinned_now()()


def json_text(document: object, *, indent: int | None = None) -> str:
    """JSON for stdout: UTF-8, with C1 controls escaped too (json.dumps leaves U+0080–U+009F
    raw, and some terminals obey them: content could take over a terminal through --json)."""
    import json
    import re

    text = json.dumps(document, indent=indent, ensure_ascii=False)
    return re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)


def course(env: Environment | None = None) -> Course:
    from sysdesign.content.catalog import load_course

    env = env or environment()
    skipped: list = []
    loaded = load_course(env.content_dir, env.user_content_dir, env.cache_dir, skipped)
    for fault in skipped:
        typer.echo(f"Skipped your deck {fault.path} (line {fault.line}: {fault.message}); "
                   "`sysdesign content validate` lists every fault.", err=True)
    return loaded


def store(env: Environment | None = None, *, read_only_ok: bool = False, check_now: bool = True) -> Store:
    """The progress store. A command that only reads passes read_only_ok=True: it then still
    works when the data folder or the database cannot be written (opened read-only). One that
    starts the integrity check itself when its start-up is done passes check_now=False."""
    from sysdesign.store.store import Store

    st = Store.open((env or environment()).database_path, read_only_ok=read_only_ok, check_now=check_now)
    if st.backup is not None:
        typer.echo(f"Your progress database was upgraded to this version's format; a copy from "
                   f"before the upgrade is at {st.backup}", err=True)
    return st


def run_command(ctx: typer.Context, argv: tuple[str, ...] | list[str]) -> None:
    """Run another sysdesign command as if typed (`quiz --deck x` after a lesson)."""
    root = ctx.find_root()
    name, *args = argv
    command = root.command.get_command(root, name)  # type: ignore[attr-defined]
    if command is None:
        raise fail(f"sysdesign has no command {name!r}.")
    with command.make_context(name, list(args), parent=root) as sub:
        command.invoke(sub)


def console(env: Environment | None = None) -> Console:
    return (env or environment()).console()
