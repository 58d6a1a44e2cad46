"""Reading keys from the terminal: single keypresses, and questionary answers, with Ctrl-C
always interrupting."""

from __future__ import annotations

import os
import sys

from sysdesign.ui.lines import EndOfInput


class KeyReader:
    """Single keypresses from the terminal (cbreak mode: no echo, Ctrl-C still interrupts)."""

    def __init__(self, fd: int | None = None):
        self._fd = fd

    @property
    def fd(self) -> int:
        return sys.stdin.fileno() if self._fd is None else self._fd

    def read(self) -> str:
        import select
        import termios
        import tty

        old = termios.tcgetattr(self.fd)
        try:
            tty.setcbreak(self.fd, termios.TCSANOW)  # TCSANOW keeps keys typed ahead (the default flushes them)
            data = os.read(self.fd, 1)
            if data == b"\x1b":  # an arrow or function key: swallow the rest of the sequence
                while select.select([self.fd], [], [], 0.03)[0]:
                    data += os.read(self.fd, 16)
        finally:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, old)
        if not data:
            raise EndOfInput
        return data.decode("utf-8", "replace")


def confirm(message: str, **prompt_kwargs) -> bool:
    """Yes (the default) or no, from a terminal menu."""
    import questionary

    return bool(ask(questionary.confirm(message, default=True, auto_enter=False, **prompt_kwargs)))


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
