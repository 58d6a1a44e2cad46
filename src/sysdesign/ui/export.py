"""What an export wrote, for people."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from sysdesign.ui.console import clean

PARENT = "sysdesign::"


def deck_summary(names: dict[str, int], width: int = 80) -> Group:
    """One line per Anki deck with its card count, never wrapped: full names when they fit;
    else the names under their parent deck, cut with an ellipsis only when they must be."""
    counts = {clean(name): f"{count:,}" for name, count in names.items()}
    digits = max((len(c) for c in counts.values()), default=1)
    room = width - 2 - 2 - digits  # indent, gap, count
    lines: list[Text] = []
    shown = counts
    if any(len(name) > room for name in counts) and all(name.startswith(PARENT) for name in counts):
        lines.append(Text(f"Decks under {PARENT[:-2]} in Anki:"))
        shown = {name[len(PARENT):]: count for name, count in counts.items()}
    name_width = min(room, max((len(name) for name in shown), default=0))
    for name, count in shown.items():
        cell = Text(name)
        cell.truncate(max(name_width, 1), overflow="ellipsis", pad=True)
        line = Text("  ")
        line.append_text(cell)
        line.append(f"  {count:>{digits}}")
        lines.append(line)
    return Group(*lines)
