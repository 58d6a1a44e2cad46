"""Exit statuses: one map for the whole program (the scripting contract in the README)."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    CHECK_FAILED = 1  # the user's answers or work failed a check they asked for
    USAGE = 2  # bad usage, bad content or an unusable database
    BUG = 70  # EX_SOFTWARE: an internal error, reported without a traceback
    INTERRUPTED = 130


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP (the terminal closed): handled like Ctrl-C — progress kept, no
    traceback — but the exit status says which signal ended the command (128 + its number)."""

    def __init__(self, signum: int, name: str):
        super().__init__(name)
        self.status = 128 + signum
        self.name = name


def interrupt_status(exc: BaseException) -> int:
    """The exit status for an interruption: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP."""
    return exc.status if isinstance(exc, Terminated) else ExitStatus.INTERRUPTED


def stop_on_termination() -> None:
    """Turn SIGTERM and SIGHUP into Terminated, raised where the program is, so every command
    ends through the same path as Ctrl-C."""
    import signal

    def raise_terminated(signum: int, _frame: object) -> None:
        raise Terminated(signum, signal.Signals(signum).name)

    from sysdesign import IGNORED_AT_START

    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)  # no SIGHUP on Windows
        if signum is not None and signum not in IGNORED_AT_START:  # nohup's SIGHUP stays ignored
            signal.signal(signum, raise_terminated)
