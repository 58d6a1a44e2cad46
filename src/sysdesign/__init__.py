"""sysdesign — a terminal tutor for system design."""

import sys

__version__ = "0.1.0"

_default_excepthook = sys.excepthook


def _interrupted_quietly(exc_type, exc, tb) -> None:
    """Ctrl-C while the program is still starting up: one line, not a traceback."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.stderr.write("\nInterrupted — your progress is saved.\n")
        return  # Python then exits through SIGINT, as an interrupted program should
    _default_excepthook(exc_type, exc, tb)


sys.excepthook = _interrupted_quietly
