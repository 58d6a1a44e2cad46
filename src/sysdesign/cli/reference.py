"""`sysdesign reference [TOPIC]`: cheat sheets from the content (latency, throughput, cost,
nines, powers, the pre-diagram checklist)."""

from __future__ import annotations

import typer

from sysdesign.cli.common import handled

EPILOG = (
    "[bold]Examples[/bold]\n\n"
    "  sysdesign reference               # the list of cheat sheets\n\n"
    "  sysdesign reference latency       # latency numbers to know by heart\n\n"
    "  sysdesign reference throughput    # what moves per second, sourced\n\n"
    "  sysdesign reference cost          # cloud prices per month and per GB\n\n"
    "  sysdesign reference nines         # availability and its downtime\n\n"
    "  sysdesign reference powers        # powers of two and unit conversions\n\n"
    "  sysdesign reference checklist     # what to ask before you draw\n\n"
    "  sysdesign reference --all | less  # every sheet"
)


def register(app: typer.Typer) -> None:
    app.command("reference", help="Cheat sheets: latency, throughput and cost numbers, availability nines, powers of two, the checklist.",
                epilog=EPILOG)(reference)


def reference(
    ctx: typer.Context,
    topic: str = typer.Argument(None, help="latency, throughput, cost, nines, powers or checklist (a prefix is enough)."),
    all_: bool = typer.Option(False, "--all", "-a", help="Print every cheat sheet."),
) -> None:
    with handled():
        from sysdesign.cli import common
        from sysdesign.ui.reference import CHECKLIST_ID, index_table, render_checklist, render_topic

        course = common.course()
        console = common.console()
        topics = list(course.reference)
        drill_hint = "estimate" in _commands(ctx)
        if all_:
            for number, chosen in enumerate(topics):
                if number:
                    console.print()
                render_topic(console, chosen, drill_hint=drill_hint)
            if course.checklist:
                console.print()
                render_checklist(console, course.checklist)
            return
        if topic is None:
            if not topics and not course.checklist:
                raise common.fail("There are no cheat sheets in this content (lessons/reference/ is empty).")
            console.print(index_table(topics, course.checklist))
            console.print("Open one with: sysdesign reference TOPIC   (or --all for every sheet)", markup=False)
            return
        wanted = topic.strip().lower()
        names = [t.id for t in topics] + ([CHECKLIST_ID] if course.checklist else [])
        matches = [n for n in names if n == wanted] or [n for n in names if n.startswith(wanted)]
        if len(matches) != 1:
            known = ", ".join(names) or "none"
            what = "matches several" if matches else "is not a cheat sheet"
            raise common.fail(f"{topic!r} {what}. The cheat sheets are: {known}. See them with: sysdesign reference")
        if matches[0] == CHECKLIST_ID:
            render_checklist(console, course.checklist)
            return
        render_topic(console, next(t for t in topics if t.id == matches[0]), drill_hint=drill_hint)


def _commands(ctx: typer.Context) -> set[str]:
    """The commands registered beside this one (a hint names only commands that exist)."""
    root = ctx.find_root()
    try:
        return set(root.command.list_commands(root))
    except AttributeError:
        return set()
