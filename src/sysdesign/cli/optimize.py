"""`sysdesign optimize`: fit the scheduler to your own reviews (fsrs-rs-python)."""

from __future__ import annotations

import typer

from sysdesign.cli.common import handled

EPILOG = (
    "Fits the 21 FSRS parameters to your review history, shows how well the fitted and the "
    "default parameters predict your later reviews (log loss, RMSE; a time-series split), and "
    "what each desired retention from 0.80 to 0.95 costs in minutes and reviews a day.\n\n"
    "[bold]Examples[/bold]\n\n"
    "  sysdesign optimize                 # fit, show, then ask before applying\n\n"
    "  sysdesign optimize --yes --json    # scripts: apply if better, print JSON\n\n"
    "  sysdesign optimize --reset         # put the previous parameters back"
)


def register(app: typer.Typer) -> None:
    app.command("optimize", help="Fit the review scheduler to your own memory.", epilog=EPILOG)(optimize)


def optimize(
    yes: bool = typer.Option(False, "--yes", "-y", help="Apply without asking (when the fit predicts better)."),
    reset: bool = typer.Option(False, "--reset", help="Undo the last applied fit: put the previous parameters back."),
    json_: bool = typer.Option(False, "--json", help="Print the result as one JSON document on stdout."),
) -> None:
    with handled():
        from sysdesign.cli import common

        env = common.environment()
        console = env.console(stderr=json_)
        if reset:
            from sysdesign.flows.optimize import reset as undo
            from sysdesign.ui.optimize import show_reset

            with common.store(env) as st:
                found, parameters = undo(st)
            if json_:
                typer.echo(common.json_text({"reset": found, "parameters": list(parameters) if parameters else None}))
            else:
                show_reset(console, found, parameters)
            return
        from sysdesign.flows import optimize as flow
        from sysdesign.flows.quiz import stored_retention
        from sysdesign.ui.optimize import OptimizeScreen

        course = common.course(env)
        with common.store(env) as st:
            screen = OptimizeScreen(console, env.line_reader(), retention=stored_retention(st))
            now = env.now()
            done = flow.optimize(screen, course, st, yes=yes, clock=env.now, tz=now.astimezone().tzinfo)
        if json_:
            typer.echo(common.json_text(done.document, indent=2))
