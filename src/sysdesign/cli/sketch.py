"""`sysdesign sketch`: the daily sketch habit, five steps against a 15–20 minute aim."""

from __future__ import annotations

import typer

from sysdesign.cli.common import handled

EPILOG = (
    "[bold]Examples[/bold]\n\n"
    "  sysdesign sketch                     # today's sketch, with product ideas\n\n"
    "  sysdesign sketch Spotify             # sketch a product of your choice\n\n"
    "  sysdesign sketch --list              # past sketches\n\n"
    "  sysdesign sketch --id 3              # show sketch 3 as a tree\n\n"
    "  sysdesign sketch --mermaid > s.mmd   # the latest as a Mermaid flowchart\n\n"
    "The five steps: 1 pick a product, 2 run the pre-diagram checklist, 3 sketch it with the "
    "building blocks (components 'Name: type' and connections 'A -> B'), 4 apply the three lenses "
    "(scalability, reliability, maintainability), 5 name one thing to research. "
    "Every answer is saved as you go. From a script, each prompt reads one line."
)


def register(app: typer.Typer) -> None:
    app.command("sketch", help="The daily sketch: pick a product, sketch its architecture, judge it.", epilog=EPILOG)(sketch)


def sketch(
    system: str = typer.Argument(None, help="The product to sketch (default: pick or take a suggestion)."),
    list_: bool = typer.Option(False, "--list", "-l", help="List past sketches."),
    sketch_id: int = typer.Option(None, "--id", help="Show this past sketch (see --list)."),
    mermaid: bool = typer.Option(False, "--mermaid", help="Print a sketch (the latest, or --id) as a Mermaid flowchart."),
) -> None:
    with handled():

        if list_ or mermaid or sketch_id is not None:
            _show(list_, sketch_id, mermaid)
            return
        _new_sketch(system)


def _show(list_: bool, sketch_id: int | None, mermaid: bool) -> None:
    from sysdesign.cli import common
    from sysdesign.core.sketch import Sketch, to_mermaid
    from sysdesign.store.sketches import get_sketch, list_sketches
    from sysdesign.ui.sketch import sketch_tree, sketches_table

    console = common.console()
    with common.store(read_only_ok=True) as st:
        if list_:
            rows = list_sketches(st)
            if not rows:
                console.print("No sketches yet. Start today's with: sysdesign sketch", markup=False)
                return
            console.print(sketches_table(rows))
            console.print("Show one with: sysdesign sketch --id N  (add --mermaid for a diagram)", markup=False)
            return
        if sketch_id is not None:
            row = get_sketch(st, sketch_id)
            if row is None:
                raise common.fail(f"There is no sketch #{sketch_id}. See them with: sysdesign sketch --list")
        else:
            latest = list_sketches(st, limit=1)
            if not latest:
                raise common.fail("No sketches yet, so nothing to draw. Start today's with: sysdesign sketch")
            row = latest[0]
    sk = Sketch.from_dict(row["sketch"], row["system"], row["when"])
    if mermaid:
        typer.echo(to_mermaid(sk), nl=False)
        return
    titles = {i.id: i.title for i in common.course().checklist}
    console.print(sketch_tree(sk, row["id"], titles=titles))


def _new_sketch(system: str | None) -> None:
    import random

    from rich.text import Text

    from sysdesign.cli import common
    from sysdesign.core.days import local_date
    from sysdesign.core.report import streak
    from sysdesign.core.sketch import Sketch, suggest, tidy
    from sysdesign.store.sketches import (
        delete_sketch,
        list_sketches,
        save_sketch,
        sketch_days,
        update_sketch,
    )
    from sysdesign.ui.lines import EndOfInput, UnusableInput
    from sysdesign.ui.sketch import (
        LinePrompter,
        TerminalPrompter,
        finish_note,
        show_suggestions,
        step_rule,
        walk,
    )

    env = common.environment()
    course = common.course(env)
    console = env.console()
    clock = env.now
    started = clock()
    prompter = (TerminalPrompter(clock, started, **env.prompt_kwargs()) if env.interactive
                else LinePrompter(console, env.line_reader()))
    saved: dict[str, int] = {}
    with common.store(env) as st:

        def save(sk: Sketch) -> None:
            if "id" in saved:
                update_sketch(st, saved["id"], sk.to_dict())
            else:
                saved["id"] = save_sketch(st, sk.system, started, sk.to_dict())

        console.print(Text("Daily sketch: five short steps, about 15–20 minutes. Answers are saved as you go.",
                           style="bold"))
        sk: Sketch | None = None
        try:
            step_rule(console, 1, 0)
            if system is None or not tidy(system):
                recent = [r["system"] for r in list_sketches(st, limit=10)]
                ideas = suggest(random.Random(local_date(started).toordinal()), recent, 3)
                show_suggestions(console, ideas)
                picked = tidy(prompter.ask("Product", f"Enter for {ideas[0][0]}"), 80)
                system = picked or ideas[0][0]
            system = tidy(system, 80)
            console.print(Text("Sketching: ", style="dim") + Text(system, style="bold"))
            sk = Sketch(system, started.isoformat(timespec="seconds"))
            save(sk)
            walk(console, prompter, sk, course.checklist, clock, save)
        except (EndOfInput, KeyboardInterrupt) as exc:
            kept = _keep_or_drop(st, sk, saved, delete_sketch)
            if isinstance(exc, KeyboardInterrupt):
                raise
            console.print()
            console.print(kept, markup=False)
            if isinstance(exc, UnusableInput):
                raise common.fail(str(exc)) from None
            return
        finish_note(console, sk, saved["id"], {i.id: i.title for i in course.checklist})
        days = streak(sketch_days(st), local_date(clock()))
        console.print(Text(f"Sketch streak: {days} day{'s' if days != 1 else ''}. Come back tomorrow for another.",
                           style="bold green"))


def _keep_or_drop(st, sk, saved: dict, delete_sketch) -> str:
    """After an early stop: keep a sketch with something in it, forget an empty one."""
    if "id" not in saved:
        return "End of input — nothing was recorded."
    if sk is None or not sk.has_content():
        delete_sketch(st, saved["id"])
        return "End of input — nothing was recorded beyond the product's name, so nothing was saved."
    return (f"End of input — your sketch so far is saved as #{saved['id']}. "
            f"See it with: sysdesign sketch --id {saved['id']}")
