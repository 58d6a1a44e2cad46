"""Content faults, each tied to a place in a file."""

from __future__ import annotations

from dataclasses import dataclass

from sysdesign.core.words import plural


@dataclass(frozen=True, order=True)
class Pos:
    """A 1-based line and column in a file."""

    line: int = 1
    col: int = 1


@dataclass(frozen=True, order=True)
class ContentError(Exception):
    """One fault in one file; raised while reading a file, collected while validating."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class ContentInvalid(Exception):
    """Raised when content has faults; carries all of them."""

    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__(plural(len(errors), "content fault"))
