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
    "  sysdesign sketch --new               # a fresh one, not the unfinished\n\n"
    "The five steps: 1 pick a product, 2 run the pre-diagram checklist, 3 sketch it with the "
    "building blocks (components 'Name: type' and connections 'A -> B'), 4 apply the three lenses "
    "(scalability, reliability, maintainability), 5 name one thing to research. "
    "Every answer is saved as you go; a sketch stopped mid-way (Ctrl-C) is taken up again by the next "
    "`sysdesign sketch`. From a script, each prompt reads one line."
)


def register(app: typer.Typer) -> None:
    app.command("sketch", help="The daily sketch: pick a product, sketch its architecture, judge it.", epilog=EPILOG)(sketch)


def sketch(
    system: str = typer.Argument(None, help="The product to sketch (default: pick or take a suggestion)."),
    list_: bool = typer.Option(False, "--list", "-l", help="List past sketches."),
    sketch_id: int = typer.Option(None, "--id", help="Show this past sketch (see --list)."),
    mermaid: bool = typer.Option(False, "--mermaid", help="Print a sketch (the latest, or --id) as a Mermaid flowchart."),
    new: bool = typer.Option(False, "--new", help="Start a fresh sketch even if the last one is unfinished."),
) -> None:
    with handled():

        if list_ or mermaid or sketch_id is not None:
            _show(list_, sketch_id, mermaid)
            return
        _new_sketch(system, new)


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
            latest = Sketch.from_dict(rows[0]["sketch"], rows[0]["system"], rows[0]["when"])
            if not latest.complete:
                console.print(f"Sketch #{rows[0]['id']} is unfinished (stopped after step {latest.steps_done} of "
                              "5): `sysdesign sketch` goes on with it.", markup=False)
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
        comment = None
        if not sk.complete:
            from sysdesign.core.days import day_of

            comment = (f"{sk.system}: daily sketch of {day_of(sk.started_at)}, unfinished "
                       f"(stopped after step {sk.steps_done} of 5)")
            typer.echo(f"Sketch #{row['id']} is unfinished (stopped after step {sk.steps_done} of 5); "
                       "this is the diagram so far. `sysdesign sketch` goes on with it.", err=True)
        typer.echo(to_mermaid(sk, comment=comment), nl=False)
        return
    titles = {i.id: i.title for i in common.course().checklist}
    console.print(sketch_tree(sk, row["id"], titles=titles))


def _new_sketch(system: str | None, fresh: bool) -> None:
    from sysdesign.cli import common
    from sysdesign.flows.sketch import new_sketch

    env = common.environment()
    course = common.course(env)
    with common.store(env) as st:
        new_sketch(env, course, st, system, fresh=fresh)
