"""Line-by-line answers for when stdin is not a terminal (the scripting contract)."""

from __future__ import annotations

import sys
from typing import TextIO

# A script that keeps sending lines a prompt cannot use (`yes x | sysdesign …`) would be
# asked again for ever: after this many unusable lines in a row for one prompt, give up.
UNUSABLE_LIMIT = 3


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
        try:
            line = self.stream.readline()
        except (OSError, ValueError, UnicodeDecodeError):
            raise EndOfInput from None
        if not line:
            raise EndOfInput
        return line.rstrip("\r\n")

    def gives_up(self, misses: int) -> bool:
        """Whether a prompt stops asking after `misses` unusable lines in a row (scripts only)."""
        return misses >= UNUSABLE_LIMIT and self.scripted
