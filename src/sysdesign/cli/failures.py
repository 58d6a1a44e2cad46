"""Clean failure for every command: a one-paragraph message and an exit status, never a
traceback (``handled`` is the one boundary that maps every failure to its status)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from sysdesign.core.words import plural
from sysdesign.status import ExitStatus

EXIT_USAGE = ExitStatus.USAGE
EXIT_INTERRUPTED = ExitStatus.INTERRUPTED
EXIT_BUG = ExitStatus.BUG


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
