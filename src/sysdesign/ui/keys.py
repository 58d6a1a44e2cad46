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


def ask(question):
    """A questionary question's answer; a Ctrl-C pressed as it closed raises KeyboardInterrupt.

    After Enter, prompt_toolkit keeps the terminal in raw mode while it draws the final
    screen, and up to 1 s longer while a cursor-position request is unanswered. A Ctrl-C
    pressed then is a plain key, not SIGINT: prompt_toolkit keeps it as typeahead for its
    next prompt, or leaves it unread. What comes next often reads keys on its own (the
    lesson pager, the quiz) and would never see it. Other keys typed ahead stay typeahead,
    as prompt_toolkit would keep them.
    """
    from prompt_toolkit.input.typeahead import get_typeahead, store_typeahead
    from prompt_toolkit.keys import Keys

    answer = question.unsafe_ask()
    app = question.application
    keys = get_typeahead(app.input)
    keys += app.input.read_keys()  # bytes that arrived in raw mode after its last read
    keys += app.input.flush_keys()
    late = list(app.key_processor.input_queue)  # a SIGINT its own handler queued too late
    if any(k.key in (Keys.ControlC, Keys.SIGINT) for k in keys + late):
        raise KeyboardInterrupt
    store_typeahead(app.input, keys)
    return answer
