"""Small pieces of English shared by every layer."""

from __future__ import annotations


def plural(n: int, word: str) -> str:
    """'1 card', '3 cards', '1,200 faults' (regular English plurals only)."""
    return f"{n:,} {word}" + ("" if n == 1 else "s")
