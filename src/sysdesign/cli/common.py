"""What every command shares: the clock, content, the store, and clean failure."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from datetime import datetime

    from rich.console import Console

    from sysdesign.content.model import Course
    from sysdesign.env import Environment
    from sysdesign.store.store import Store

from sysdesign.core.words import plural
from sysdesign.status import ExitStatus

EXIT_USAGE = ExitStatus.USAGE
EXIT_INTERRUPTED = ExitStatus.INTERRUPTED
EXIT_BUG = ExitStatus.BUG


def environment() -> Environment:
    """The command's Environment: built once, at the start of a command, and passed down."""
    from sysdesign.env import Environment

    return Environment.from_os()


def now() -> datetime:
    """The current time in UTC. Tests may pin it with SYSDESIGN_NOW (ISO 8601)."""
    from sysdesign.env import pinned_now

    return pinned_now()()


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print a one-paragraph message to stderr and return the Exit to raise."""
    from sysdesign.env import Environment

    # no folders needed to say what went wrong (they may be what went wrong)
    screen = Environment.from_os(data_dir=Path(), content_dir=Path())
    try:  # soft_wrap: the terminal wraps, so a path or a command in the message copies whole
        screen.console(stderr=True).print(message, markup=False, highlight=False, soft_wrap=True)
    except OSError:  # nowhere to say it (a closed terminal): the exit status still tells
        pass
    return typer.Exit(code)


@contextmanager
def handled() -> Iterator[None]:
    """Turn expected failures into a message and an exit status, never a traceback."""
    from sysdesign.content.errors import ContentInvalid
    from sysdesign.flows import Refused
    from sysdesign.locations import NoDataFolder
    from sysdesign.store.db import StoreError

    try:
        yield
    except NoDataFolder as exc:
        raise fail(str(exc)) from None
    except KeyboardInterrupt as exc:
        from sysdesign.status import interrupt_status

        try:
            sys.stdout.flush()
        except OSError:
            pass
        raise fail("\nInterrupted — your progress is saved.", interrupt_status(exc)) from None
    except StoreError as exc:
        raise fail(str(exc)) from None
    except Refused as exc:
        raise fail(str(exc), exc.code) from None
    except ContentInvalid as exc:
        lines = [str(e) for e in exc.errors[:20]]
        more = len(exc.errors) - len(lines)
        if more > 0:
            lines.append(f"… and {more} more")
        lines.append(f"The content has {plural(len(exc.errors), 'fault')}; "
                     "run `sysdesign content validate` for the full list.")
        raise fail("\n".join(lines)) from None
    except BrokenPipeError:
        # the reader of our output went away (e.g. `| head`): stop quietly
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        except OSError:
            pass
        raise typer.Exit(0) from None
    except OSError as exc:
        if (message := output_failure(exc)) is None:
            raise fail(_bug_report(exc), EXIT_BUG) from None
        raise fail(message) from None
    except Exception as exc:
        if type(exc).__module__.split(".")[0] in ("typer", "click"):
            raise  # typer's own exits and usage errors
        if os.environ.get("SYSDESIGN_DEBUG"):
            raise
        raise fail(_bug_report(exc), EXIT_BUG) from None


_OUTPUT_ERRNOS = {"ENOSPC", "EIO", "EBADF", "EDQUOT", "EFBIG"}


def output_failure(exc: OSError) -> str | None:
    """The message for output that could not be written (a full disk, a closed stdout), or
    None when `exc` is something else. Standard output is pointed at /dev/null, so that the
    final flush at exit cannot fail a second time."""
    import errno

    if errno.errorcode.get(exc.errno or 0) not in _OUTPUT_ERRNOS:
        return None
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return (f"Could not write the output ({exc.strerror or exc}). Free some space or write "
            "somewhere else; nothing you answered was lost.")


def _bug_report(exc: Exception) -> str:
    """Keep the traceback in a file; tell the user what happened in one paragraph."""
    import traceback

    where = "SYSDESIGN_DEBUG=1 shows the details"
    try:
        from sysdesign import locations

        log = locations.data_dir() / "last-error.txt"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
        where = f"the details are in {log}"
    except (OSError, locations.NoDataFolder):
        pass
    return (
        f"sysdesign hit an internal error ({type(exc).__name__}: {exc}). This is a bug in "
        f"sysdesign, not something you did; every answer given so far is saved. Please report "
        f"it — {where}."
    )


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
