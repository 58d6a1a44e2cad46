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
    import signal

    from sysdesign import IGNORED_AT_START, quiet_signals

    try:
        # from here on the commands' own handling: a signal saves what it can, then exits
        if signal.SIGINT not in IGNORED_AT_START:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        _start()
        app()
    except KeyboardInterrupt as exc:
        _interrupted(exc)
    except SystemExit as exc:
        if (swallowed := _swallowed_interrupt(exc)) is None:
            raise
        _interrupted(swallowed)
    except OSError as exc:  # outside a command's own handling: --help into a full disk
        from sysdesign.cli.failures import output_failure
        from sysdesign.status import ExitStatus

        if (message := output_failure(exc)) is None:
            raise
        sys.stderr.write(message + "\n")
        sys.exit(ExitStatus.USAGE)
    finally:
        quiet_signals()  # a signal while Python shuts down ends it quietly, never a traceback


def _start() -> None:
    from sysdesign.localzone import usable_zone_or_utc
    from sysdesign.status import stop_on_termination

    stop_on_termination()
    _closed_streams()
    for stream in (sys.stdout, sys.stdin):  # a non-UTF-8 terminal gets '?', never a traceback
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass
    if warning := usable_zone_or_utc():
        sys.stderr.write(warning + "\n")


def _closed_streams() -> None:
    """Started with standard input or output closed (`<&-`, `>&-`; Python then sets them to
    None): no input reads as an empty one, as from /dev/null (opening it also keeps descriptor
    0 from being reused by the database); output that cannot go anywhere is an I/O error."""
    import os

    from sysdesign.status import ExitStatus

    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 (for the whole run)
    if sys.stdout is None:
        sys.stderr.write("Could not write the output (standard output is closed). Send it somewhere, "
                         "for example > out.txt or > /dev/null.\n")
        sys.exit(ExitStatus.USAGE)


def _interrupted(exc: KeyboardInterrupt) -> None:
    from sysdesign.status import interrupt_status

    try:
        sys.stderr.write("\nInterrupted — your progress is saved.\n")
    except OSError:  # the terminal is gone (SIGHUP)
        pass
    sys.exit(interrupt_status(exc))


def _swallowed_interrupt(exc: SystemExit) -> KeyboardInterrupt | None:
    """The interruption behind typer's silent exit 130 (it turns a KeyboardInterrupt outside a
    command's own handling into `Exit(130) from` it), so that it is reported like any other
    and SIGTERM or SIGHUP there still exit 143 or 129. A command's own report of an
    interruption raises its Exit `from None`, so it is not reported twice."""
    cause = getattr(exc.__context__, "__cause__", None)
    return cause if isinstance(cause, KeyboardInterrupt) else None
