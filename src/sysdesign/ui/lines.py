"""Line-by-line answers for when stdin is not a terminal (the scripting contract)."""

from __future__ import annotations

import sys
from typing import TextIO

# A script that keeps sending lines a prompt cannot use (`yes x | sysdesign …`) would be
# asked again for ever: after this many unusable lines in a row for one prompt, give up.
UNUSABLE_LIMIT = 3
# No answer is longer than this; a longer line is cut here and the rest of it thrown away
# unread into memory, and a "line" with no end in sight (`< /dev/zero`) stops the session.
MAX_LINE = 4096
GIVE_UP_AFTER = 1024 * 1024


class EndOfInput(Exception):
    """Standard input ran out: the session ends cleanly, progress kept."""


class UnusableInput(EndOfInput):
    """Scripted input kept giving lines one prompt cannot use (UNUSABLE_LIMIT in a row).

    The session ends as at end of input (progress kept; it is an EndOfInput, so a caller
    that only knows EndOfInput still stops cleanly), but the command should then exit 2
    with ``str(exc)``, a one-line message saying what was wrong and what the prompt takes.
    """


class LineReader:
    def __init__(self, stream: TextIO | None = None, *, scripted: bool = True):
        self.stream = stream if stream is not None else sys.stdin
        # whether the lines come from a script (a pipe, a file), not a person at a terminal:
        # the Environment decides (Environment.line_reader); only a script is given up on
        self.scripted = scripted

    def read(self) -> str:
        """The next line, without its end, escape sequences or control characters (it may be
        echoed back to the terminal, which must not obey what a script slipped into it)."""
        line = self._readline(MAX_LINE)
        if not line:
            raise EndOfInput
        if not line.endswith("\n"):
            self._skip_rest_of_line()
        from sysdesign.ui.console import clean

        return clean(line.rstrip("\r\n"))

    def _readline(self, limit: int) -> str:
        try:
            return self.stream.readline(limit)
        except (OSError, ValueError, UnicodeDecodeError):
            raise EndOfInput from None

    def _skip_rest_of_line(self) -> None:
        skipped = 0
        while skipped < GIVE_UP_AFTER:
            chunk = self._readline(65536)
            if not chunk or chunk.endswith("\n"):
                return
            skipped += len(chunk)
        raise UnusableInput(f"an input line ran past {GIVE_UP_AFTER // 1024 // 1024} MB without ending; "
                            "answers are one short line each")

    def gives_up(self, misses: int) -> bool:
        """Whether a prompt stops asking after `misses` unusable lines in a row (scripts only)."""
        return misses >= UNUSABLE_LIMIT and self.scripted


def gave_up(misses: int, last: str, reason: str, takes: str, *, where: str = "", what: str = "answers") -> str:
    """The one-line message for a script that keeps sending what a prompt cannot use:
    where it stopped, the last line and why it was not usable, and what the prompt takes."""
    from sysdesign.ui.console import clean

    shown = clean(last).strip()
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    if shown:
        last_line = f"the last, {shown!r}" + (f": {clean(reason)}" if reason else "")
    else:
        last_line = "the last was a blank line"
    return f"Stopped{where} after {misses} unusable {what} in a row — {last_line}." + (f" {takes}" if takes else "")
