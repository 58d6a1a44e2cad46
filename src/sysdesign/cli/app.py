"""The sysdesign command line. Only typer is imported here: commands load the rest."""

from __future__ import annotations

import sys

import typer

from sysdesign import __version__
from sysdesign.cli import content_cmd, progress, quiz, study
from sysdesign.cli import estimate as estimate_cmd
from sysdesign.cli import export as export_cmd
from sysdesign.cli import interview as interview_cmd
from sysdesign.cli import optimize as optimize_cmd
from sysdesign.cli import reference as reference_cmd
from sysdesign.cli import sketch as sketch_cmd
from sysdesign.cli.helpflags import QuietFlagsGroup, quiet_flags

app = typer.Typer(
    name="sysdesign",
    help=(
        "A terminal tutor for system design: lessons, spaced-repetition review, "
        "estimation drills and timed mock interviews.\n\n"
        "Start with:  sysdesign study"
    ),
    epilog=(
        "[bold]Examples[/bold]\n\n"
        "  sysdesign                         # today: what is due, what to do next\n\n"
        "  sysdesign study 1                 # take the first lesson\n\n"
        "  sysdesign quiz --limit 20         # a short review\n\n"
        "  sysdesign estimate --drill nines  # ten quick availability questions\n\n"
        "  sysdesign mock-interview url-shortener --minutes 20"
    ),
    add_completion=True,
    rich_markup_mode="rich",
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=QuietFlagsGroup,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sysdesign {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    if ctx.invoked_subcommand is None:
        from sysdesign.cli.common import environment

        env = environment()
        if not (env.interactive or env.home_by_line):  # piped or redirected: the help
            typer.echo(ctx.get_help())
            return
        from sysdesign.cli.home import home

        home(ctx, env)


# in the order a learner meets them
study.register(app)
quiz.register(app)
estimate_cmd.register(app)
interview_cmd.register(app)
sketch_cmd.register(app)
progress.register(app)
optimize_cmd.register(app)
reference_cmd.register(app)
export_cmd.register(app)
app.add_typer(content_cmd.app, name="content")
quiet_flags(app)  # flags take no value: their help shows no `<bool>`


def main() -> None:
    for stream in (sys.stdout, sys.stdin):  # a non-UTF-8 terminal gets '?', never a traceback
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass
    from sysdesign.localzone import usable_zone_or_utc
    from sysdesign.status import stop_on_termination

    stop_on_termination()

    if warning := usable_zone_or_utc():
        sys.stderr.write(warning + "\n")
    try:
        app()
    except KeyboardInterrupt as exc:
        from sysdesign.status import interrupt_status

        try:
            sys.stderr.write("\nInterrupted — your progress is saved.\n")
        except OSError:  # the terminal is gone (SIGHUP)
            pass
        sys.exit(interrupt_status(exc))
    except OSError as exc:  # outside a command's own handling: --help into a full disk
        from sysdesign.cli.common import output_failure
        from sysdesign.status import ExitStatus

        if (message := output_failure(exc)) is None:
            raise
        sys.stderr.write(message + "\n")
        sys.exit(ExitStatus.USAGE)
