"""The progress dashboard for people."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from sysdesign.ui.console import clean
from sysdesign.ui.lessons import bar


def render_progress(console: Console, report: dict) -> None:
    table = Table(title="Lessons", title_justify="left")
    table.add_column("Lesson", overflow="fold")
    table.add_column("Progress", no_wrap=True)
    for le in report["lessons"]:
        mark = " ✓" if le["finished"] else ""
        table.add_row(Text(clean(le["title"])), f"{bar(le['sections_done'], le['sections_total'])} {le['sections_done']}/{le['sections_total']}{mark}")
    console.print(table)
    console.print(
        f"Cards unlocked: {report['cards_unlocked']} of {report['cards_total']} · "
        f"due now: {report['due_now']} · reviews: {report['reviews_total']} · "
        f"streak: {report['streak_days']} day(s)"
    )
