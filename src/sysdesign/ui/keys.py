"""Reading one keypress from the terminal (Ctrl-C still interrupts)."""

from __future__ import annotations

import os
import sys


def getkey() -> str:
    """One key from stdin in cbreak mode; an escape sequence comes back whole."""
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)  # unlike raw mode, keeps Ctrl-C as SIGINT
        data = os.read(fd, 8)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
    if not data:
        raise EOFError
    return data.decode("utf-8", errors="replace")
