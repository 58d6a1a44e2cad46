"""`sysdesign progress`: where you stand, for people and (with --json) for scripts."""

from __future__ import annotations

import typer

from sysdesign.cli.common import handled

EPILOG = (
    "[bold]Examples[/bold]\n\n"
    "  sysdesign progress\n\n"
    "  sysdesign progress --json | jq .reviews_total"
)


def register(app: typer.Typer) -> None:
    app.command("progress", help="Show lessons done, reviews, streak and scores.", epilog=EPILOG)(progress)


def progress(json_: bool = typer.Option(False, "--json", help="Print one JSON document for scripts.")) -> None:
    with handled():
        from sysdesign.cli import common
        from sysdesign.core.report import build_report
        from sysdesign.store.dashboard import snapshot

        course = common.course()
        when = common.now()
        with common.store(read_only_ok=True) as st:
            report = build_report(course, snapshot(st, when), when)
        if json_:
            typer.echo(common.json_text(report, indent=2))
            return
        from sysdesign.ui.progress import render_progress

        render_progress(common.console(), report)
