"""The verdict on an answer, for every kind of question and for estimates alike."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console

from sysdesign.ui.console import clean
from sysdesign.ui.wrap import hanging


def show_verdict(console: Console, headline: str, style: str, notes: Sequence[str] = (), *,
                 note_style: str = "italic", indent: str = "", blank: bool = False) -> None:
    """A headline ("✓ Correct.", "≈ close: …"), then its notes (an explanation, hints), each
    wrapped at word boundaries; ``blank`` adds an empty line after."""
    console.print(hanging("", clean(headline), console.width, style=style))
    for note in notes:
        console.print(hanging(indent, clean(note), console.width, style=note_style))
    if blank:
        console.print()
