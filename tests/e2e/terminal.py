"""A pseudo-terminal with a screen: drive the installed sysdesign with pexpect and read what
a person would see (a pyte VT100 screen of the same size), not only the bytes written."""

from __future__ import annotations

import re

import pexpect
import pyte

from tests.conftest import pty_spawn

CPR = "\x1b\\[6n"  # "where is the cursor?"


class _Screen(pyte.Screen):
    """A screen that answers the program's cursor-position requests, as a terminal does."""

    def __init__(self, columns: int, lines: int, reply):
        super().__init__(columns, lines)
        self._reply = reply

    def write_process_input(self, data: str) -> None:
        self._reply(data)


class Terminal:
    def __init__(self, argv: list[str], env: dict[str, str], *, rows: int, cols: int, timeout: float = 20):
        env = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES")}  # the terminal's own size
        # no cursor-position requests: prompt_toolkit then draws once per key, so a test can wait
        # for the drawing a key caused before it sends the next (an answer to a request arriving
        # between typed keys can swallow one)
        env.setdefault("PROMPT_TOOLKIT_NO_CPR", "1")
        self.child = pty_spawn(argv[0], argv[1:], env=env, encoding="utf-8", timeout=timeout,
                               dimensions=(rows, cols))
        self.screen = _Screen(cols, rows, self.child.send)
        self.stream = pyte.Stream(self.screen)
        self.screens: list[list[str]] = []  # every screen captured with snap()
        self.transcript = ""

    def expect(self, patterns, timeout: float = -1) -> int:
        """Wait for one of `patterns` (regexes) in the output; the screen takes in all of it,
        and answers cursor-position requests on the way (prompt_toolkit waits for them)."""
        patterns = [patterns] if isinstance(patterns, (str, type(pexpect.EOF))) else list(patterns)
        while True:
            index = self.child.expect([CPR, *patterns], timeout=timeout)  # -1: the default
            seen = self.child.before + (self.child.after if isinstance(self.child.after, str) else "")
            self.transcript += seen
            self.stream.feed(seen)  # a request is answered by the screen, through write_process_input
            if index:
                return index - 1

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def snap(self) -> list[str]:
        shot = self.lines()
        self.screens.append(shot)
        return shot

    def text(self) -> str:
        return "\n".join(self.lines())

    def close(self) -> int | None:
        self.child.close(force=True)
        return self.child.exitstatus


def last_word(text: str) -> str:
    """A regex for the last word of `text`: it is drawn whole, whatever the wrapping."""
    words = re.findall(r"[\w%$€£]+", text)
    return re.escape(words[-1]) if words else re.escape(text.strip()[-1:])
