"""Line-by-line answers for when stdin is not a terminal (the scripting contract)."""

from __future__ import annotations

import sys
from typing import TextIO


class EndOfInput(Exception):
    """Standard input ran out: the session ends cleanly, progress kept."""


class LineReader:
    def __init__(self, stream: TextIO | None = None):
        self.stream = stream if stream is not None else sys.stdin

    def read(self) -> str:
        try:
            line = self.stream.readline()
        except (OSError, ValueError, UnicodeDecodeError):
            raise EndOfInput from None
        if not line:
            raise EndOfInput
        return line.rstrip("\r\n")
