"""Cheat sheets on screen: compact tables built from lessons/reference/*.yaml and the
pre-diagram checklist. Nothing here knows a figure; it only lays out what the content says."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from sysdesign.ui.console import clean

CHECKLIST_ID = "checklist"
CHECKLIST_TITLE = "The pre-diagram checklist"
CHECKLIST_SUMMARY = "Six things to settle before drawing a single box."


def index_table(topics, checklist) -> Table:
    table = Table(title="Cheat sheets", title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("Topic", style="cyan", no_wrap=True)
    table.add_column("What it holds", overflow="fold")
    for topic in topics:
        table.add_row(clean(topic.id), Text(clean(topic.summary or topic.title)))
    if checklist:
        table.add_row(CHECKLIST_ID, Text(CHECKLIST_SUMMARY))
    return table


NARROW = 60  # below this, a sheet keeps its first column and its figures only


def sheet(table, width: int = 80) -> Group:
    """One reference table: title, the rows, then the intro and notes."""
    parts: list = []
    columns = list(table.columns)
    if width < NARROW:  # the figures and where they come from stay; commentary goes
        columns = [c for i, c in enumerate(columns) if i == 0 or c.kind in ("quantity", "source")]
    if width < NARROW and len(columns) > 2:
        parts.append(_as_list(table, columns))
    else:
        parts.append(_as_table(table, columns))
    if table.intro:
        parts.append(Text(clean(" ".join(table.intro.split())), style="dim"))
    for note in table.notes:
        parts.append(Text("• " + clean(note), style="dim"))
    return Group(*parts)


def _as_list(table, columns) -> Group:
    """Each row as a small block — the first cell on a line of its own (it wraps), then
    'column: value' lines, so a long name never squeezes the figures out of a narrow screen."""
    first, rest = columns[0], columns[1:]
    parts: list = [Text(clean(table.title), style="bold")]
    for row in table.rows:
        parts.append(Text(clean(row.get(first.id, "")), style="bold"))
        lines = Table.grid(padding=(0, 1))
        lines.add_column(no_wrap=True, style="dim")
        lines.add_column(overflow="fold")
        for column in rest:
            lines.add_row(f"  {clean(column.title)}", Text(clean(row.get(column.id, ""))))
        parts.append(lines)
    return Group(*parts)


def _as_table(table, columns) -> Table:
    grid = Table(title=clean(table.title), title_justify="left", title_style="bold",
                 box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    for column in columns:
        grid.add_column(clean(column.title), overflow="fold",
                        justify="right" if column.kind == "quantity" else "left",
                        no_wrap=column.kind == "quantity")
    for row in table.rows:
        grid.add_row(*(Text(clean(row.get(column.id, ""))) for column in columns))
    return grid


def render_topic(console: Console, topic, *, drill_hint: bool) -> None:
    console.print(Text(clean(topic.title), style="bold underline"))
    for table in topic.tables:
        console.print()
        console.print(sheet(table, console.width))
    if drill_hint and any(t.drills for t in topic.tables):
        console.print()
        console.print(Text(f"Practise it: sysdesign estimate --drill {clean(topic.id)}", style="bold"))


def render_checklist(console: Console, items) -> None:
    console.print(Text(CHECKLIST_TITLE, style="bold underline"))
    console.print(Text("Ask these before you draw: each answer changes the design.", style="dim"))
    if console.width < NARROW:  # a narrow terminal: a list reads better than a squeezed table
        for number, item in enumerate(items, 1):
            console.print(Text(f"{number}. {clean(item.title)}", style="bold"))
            lines = Table.grid(padding=(0, 1))
            lines.add_column(no_wrap=True)
            lines.add_column(overflow="fold")
            for question in item.ask:
                lines.add_row("  •", Text(clean(question)))
            lines.add_row("", Text(f"Why: {clean(' '.join(item.why.split()))}", style="dim"))
            console.print(lines)
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Settle", style="bold", no_wrap=True)
    table.add_column("Ask", overflow="fold")
    for number, item in enumerate(items, 1):
        cell = Text("\n".join(f"• {clean(q)}" for q in item.ask))
        cell.append(f"\nWhy: {clean(' '.join(item.why.split()))}", style="dim")
        table.add_row(str(number), Text(clean(item.title)), cell)
    console.print(table)
