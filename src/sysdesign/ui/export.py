"""What an export wrote, for people."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from sysdesign.ui.console import clean


def deck_summary(names: dict[str, int]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(overflow="fold")
    table.add_column(justify="right")
    for name, count in names.items():
        table.add_row(Text("  " + clean(name)), str(count))
    return table
