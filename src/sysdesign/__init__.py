"""sysdesign — a terminal tutor for system design."""

# The first lines of the program: until cli.app.main takes over the handling of signals, and
# again once it is done, Ctrl-C, SIGTERM and SIGHUP end the program at once with 130, 143 or
# 129 and print nothing (nothing has been or is still being saved then). Before this line
# only Python's own start-up runs; see "Reliability" in the README for that window.
import os as _os
import signal as _signal
import sys

QUIET_SIGNALS = tuple(getattr(_signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(_signal, name))
# ignored by whoever started us (`nohup` ignores SIGHUP, a shell's background job SIGINT):
# they stay ignored for the whole run, as every Unix program keeps them
IGNORED_AT_START = frozenset(s for s in QUIET_SIGNALS if _signal.getsignal(s) == _signal.SIG_IGN)


def _leave_quietly(signum: int, _frame: object) -> None:
    _os._exit(128 + signum)


def quiet_signals() -> None:
    """Let SIGINT, SIGTERM and SIGHUP end the program at once, saying nothing. A signal held
    back by whoever started us (blocked, so still pending) is taken now rather than never."""
    for signum in QUIET_SIGNALS:
        if signum not in IGNORED_AT_START:
            _signal.signal(signum, _leave_quietly)
    if hasattr(_signal, "pthread_sigmask"):
        _signal.pthread_sigmask(_signal.SIG_UNBLOCK, QUIET_SIGNALS)


def _started_as_the_program() -> bool:
    """The installed `sysdesign` script or `python -m sysdesign` (argv[0] is still "-m" while
    runpy imports the package); never a test run or another program importing the package."""
    script = sys.argv[0] if sys.argv else ""
    name = _os.path.basename(script)
    if name == "__main__.py":
        return _os.path.basename(_os.path.dirname(script)) == "sysdesign"
    return script == "-m" or name.split(".")[0].split("-script")[0] == "sysdesign"


if _started_as_the_program():
    quiet_signals()

__version__ = "0.1.0"

_default_excepthook = sys.excepthook


def _interrupted_quietly(exc_type, exc, tb) -> None:
    """A KeyboardInterrupt that escaped every handler (a second Ctrl-C while the first one is
    being reported): one line, not a traceback."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.stderr.write("\nInterrupted — your progress is saved.\n")
        return  # Python then exits through SIGINT, as an interrupted program should
    _default_excepthook(exc_type, exc, tb)


sys.excepthook = _interrupted_quietly
