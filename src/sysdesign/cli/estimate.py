"""`sysdesign estimate`: back-of-the-envelope rounds and quick drills, graded by order of magnitude."""

from __future__ import annotations

import typer

from sysdesign.cli.common import handled, json_text

EPILOG = (
    "[bold]Examples[/bold]\n\n"
    "  sysdesign estimate                             # random family and numbers\n\n"
    "  sysdesign estimate --scenario photo --example  # the worked example\n\n"
    "  sysdesign estimate --scenario url --seed 7     # the same numbers again\n\n"
    "  sysdesign estimate -s photo --example --solve  # its solution\n\n"
    "  sysdesign estimate --drill latency             # 10 quick ones (or nines)\n\n"
    "  sysdesign estimate --list                      # families, calibration\n\n"
    "  sysdesign estimate --intervals                 # 90 % ranges, every step\n\n"
    "  sysdesign estimate -s photo --solve --napkin   # powers of ten on paper\n\n"
    "  printf '23k\\n2.3k\\n1 PB\\n' | sysdesign estimate -s photo --example --json\n\n"
    "Answers read as typed: 23k, 23,148, 2.3e4, 23 K rps, 0.023M, 2^20, 1.1 PB, 55.6 Gbps, 6.9 GB/s, "
    "8.7 h, $22M/mo. A bare number is read in the unit the step asks for. Units are SI (1 GB = 10^9 B). "
    "Only a capital B is a byte: GB/s and GBps are bytes per second, while Gbps, gbps and Gb/s are "
    "bits per second (1 byte = 8 bits). "
    "A range is a 90 % interval: 20k-50k, 20k to 50k, 30k ±3x or 30k x/ 3 (graded held or missed, "
    "with an interval score). Arithmetic is worked out for you: 500M * 2 / 86400, 1.1 EB / (5 * 365), "
    "2e9 B / 1 Gbps (a single dash between two numbers is a range; write (1M - 200k) to subtract). "
    "Grades: spot on (within 1.5x), close (3x), right order of magnitude (10x), off."
)


def register(app: typer.Typer) -> None:
    app.command(
        "estimate",
        help="Practise back-of-the-envelope estimates: QPS, storage, bandwidth, servers — graded by order of magnitude.",
        epilog=EPILOG,
    )(estimate)


def estimate(
    scenario: str = typer.Option(None, "--scenario", "-s", help="Scenario family id (see --list). Default: a random family."),
    seed: int = typer.Option(None, "--seed", help="Draw the numbers from this seed, so a round can be replayed."),
    example: bool = typer.Option(False, "--example", help="Use the family's example numbers instead of random ones."),
    solve: bool = typer.Option(False, "--solve", help="Print the whole worked solution, no questions."),
    json_: bool = typer.Option(False, "--json", help="Print the graded result (or with --solve, the solution) as one JSON document."),
    drill: str = typer.Option(None, "--drill", "-d", help="A quick drill from the reference tables: latency, throughput, cost, nines or powers."),
    count: int = typer.Option(10, "--count", "-n", help="Number of drill questions.", min=1, max=500),
    list_: bool = typer.Option(False, "--list", "-l", help="List the scenario families and drills with your median error."),
    intervals: bool = typer.Option(False, "--intervals", "-i", help="Answer every step with a 90 % range (20k-50k, 30k ±3x), graded for calibration."),
    napkin: bool = typer.Option(False, "--napkin", help="Show each worked step as mantissas times powers of ten (the napkin technique)."),
) -> None:
    with handled():
        from sysdesign.cli import common
        from sysdesign.flows import estimate as flow

        if drill is not None and (scenario or example or solve):
            raise common.fail("--drill runs on its own: leave out --scenario, --example and --solve.")
        if example and seed is not None:
            raise common.fail("Choose --example (the family's fixed numbers) or --seed N (drawn numbers), not both.")
        env = common.environment()
        env.seed = seed
        course = common.course(env)
        if list_:
            _list(course, json_)
            return
        if solve:
            drawn = flow.draw(env, course, scenario, example=example)
            if json_:
                typer.echo(json_text(flow.solution_document(drawn), indent=2))
                return
            from sysdesign.ui.estimate import show_solution

            show_solution(env.console(), drawn.family.title, drawn.story, drawn.origin, drawn.workings, napkin=napkin)
            return
        options = flow.Options(intervals=intervals, napkin=napkin)
        with common.store(env) as st:
            st.check_writable()  # a busy or read-only database is reported before any question
            if drill is not None:
                rnd = flow.drill_round(env, course, drill, count, options)
            else:
                rnd = flow.scenario_round(flow.draw(env, course, scenario, example=example), options)
            played = flow.play(env, st, rnd, json_=json_)
        if json_:
            typer.echo(json_text(played.document, indent=2))
        if played.gave_up:
            raise common.fail(played.gave_up)


def _list(course, json_: bool) -> None:
    from sysdesign.cli import common
    from sysdesign.flows.estimate import listing

    with common.store(read_only_ok=True) as st:
        document = listing(course, st)
    if json_:
        typer.echo(json_text(document, indent=2))
        return
    from sysdesign.ui.estimate import show_listing

    show_listing(common.console(), document)
