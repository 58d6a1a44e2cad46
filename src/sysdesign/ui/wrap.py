"""Text wrapped at word boundaries with a hanging indent, for menus and line prompts alike.

rich wraps at words but starts every further line at the left edge, and prompt_toolkit's
menus cut a long line (or break it mid-word); an option reads best with its further lines
under its first word, so both get text wrapped here, at the width of the terminal.
"""

from __future__ import annotations

import textwrap

from rich.text import Text

MIN_TEXT = 12  # columns kept for the text itself when the prefix is wide and the screen narrow


def wrap(text: str, width: int, prefix: str = "", indent: int | None = None) -> list[str]:
    """``prefix`` + ``text`` as lines of at most ``width`` columns, broken between words;
    every further line starts with ``indent`` spaces (by default, the prefix's length).
    A line break in the text starts a new line (at the indent)."""
    indent = len(prefix) if indent is None else indent
    room = max(width - max(len(prefix), indent), MIN_TEXT)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        pieces = textwrap.wrap(paragraph, room, break_long_words=True, break_on_hyphens=False) or [""]
        lines += pieces
    return [(prefix if i == 0 else " " * indent) + line for i, line in enumerate(lines)]


def hanging(prefix: str, text: str, width: int, *, style: str = "", prefix_style: str | None = None) -> Text:
    """A rich Text of ``prefix`` + ``text`` wrapped with a hanging indent (no trailing spaces)."""
    lines = wrap(text, width, prefix)
    out = Text(style=style)
    for i, line in enumerate(lines):
        if i:
            out.append("\n")
        if i == 0 and prefix_style is not None:
            out.append(prefix, style=prefix_style)
            out.append(line[len(prefix):])
        else:
            out.append(line)
    return out
