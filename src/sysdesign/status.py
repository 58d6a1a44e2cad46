"""Exit statuses: one map for the whole program (the scripting contract in the README)."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    CHECK_FAILED = 1  # the user's answers or work failed a check they asked for
    USAGE = 2  # bad usage, bad content or an unusable database
    BUG = 70  # EX_SOFTWARE: an internal error, reported without a traceback
    INTERRUPTED = 130
