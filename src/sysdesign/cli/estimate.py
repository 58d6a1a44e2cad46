"""`sysdesign estimate`: back-of-the-envelope rounds and quick drills, graded by order of magnitude."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from sysdesign.cli.common import handled, json_text

if TYPE_CHECKING:
    from sysdesign.content.model import Course

EPILOG = (
    "[bold]Examples[/bold]\n\n"
    "  sysdesign estimate                             # random family and numbers\n\n"
    "  sysdesign estimate --scenario photo --example  # the worked example\n\n"
    "  sysdesign estimate --scenario url --seed 7     # the same numbers again\n\n"
    "  sysdesign estimate -s photo --example --solve  # its solution\n\n"
    "  sysdesign estimate --drill latency             # 10 quick ones (or nines)\n\n"
    "  sysdesign estimate --list                      # families, calibration\n\n"
    "  printf '23k\\n2.3k\\n1 PB\\n' | sysdesign estimate -s photo --example --json\n\n"
    "Answers read as typed: 23k, 23,148, 2.3e4, 23 K rps, 0.023M, 1.1 PB, 55.6 Gbps, 6.9 GB/s, 8.7 h. "
    "Units are SI (1 GB = 10^9 B); b is a bit, B a byte. Grades: spot on (within 1.5x), close (3x), "
    "right order of magnitude (10x), off."
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
    drill: str = typer.Option(None, "--drill", "-d", help="A quick drill from the reference tables: latency, nines or powers."),
    count: int = typer.Option(10, "--count", "-n", help="Number of drill questions.", min=1, max=500),
    list_: bool = typer.Option(False, "--list", "-l", help="List the scenario families and drills with your median error."),
) -> None:
    with handled():
        from sysdesign.cli import common

        if drill is not None and (scenario or example or solve):
            raise common.fail("--drill runs on its own: leave out --scenario, --example and --solve.")
        if example and seed is not None:
            raise common.fail("Choose --example (the family's fixed numbers) or --seed N (drawn numbers), not both.")
        course = common.course()
        if list_:
            _list(course, json_)
            return
        if solve:
            _round(course, scenario, seed, example, True, json_, None)
            return
        with common.store() as st:
            with st.transaction():  # a busy or read-only database is reported before any question
                pass
            if drill is not None:
                _drill(course, drill, seed, count, json_, st)
            else:
                _round(course, scenario, seed, example, False, json_, st)


def _pick_seed(seed: int | None) -> int:
    if seed is not None:
        return seed
    import random

    return random.SystemRandom().randrange(1, 1_000_000)


def _find_scenario(course: Course, wanted: str | None, rng):
    from sysdesign.cli.common import fail

    if not course.scenarios:
        raise fail("No estimation scenarios were found in the content (lessons/estimates/*.yaml).")
    if wanted is None:
        return rng.choice(sorted(course.scenarios, key=lambda s: s.id))
    matches = match_ids(wanted, [s.id for s in course.scenarios])
    if len(matches) == 1:
        return next(s for s in course.scenarios if s.id == matches[0])
    if matches:
        raise fail(f"{wanted!r} matches several families: {', '.join(matches)}. Name one of them.")
    known = ", ".join(sorted(s.id for s in course.scenarios))
    raise fail(f"No scenario {wanted!r}. The families are: {known}. See them with: sysdesign estimate --list")


def match_ids(wanted: str, ids: list[str]) -> list[str]:
    """The ids ``wanted`` names: itself if it is one, else those it begins, else those it is in.

    Case is ignored; the result is sorted, so one entry means ``wanted`` is unambiguous.
    """
    key = wanted.strip().lower()
    if not key:
        return []
    for rule in (lambda i: i.lower() == key, lambda i: i.lower().startswith(key), lambda i: key in i.lower()):
        found = sorted(i for i in ids if rule(i))
        if found:
            return found
    return []


def _params_record(family, params: dict[str, float], seed: int | None, example: bool) -> dict:
    from sysdesign.core.quantity import unit_factor

    values = {}
    for param in family.params:
        factor = unit_factor(param.unit)[0] if param.unit else 1.0
        values[param.id] = {"value": params[param.id] / factor, "unit": param.unit}
    return {"seed": seed, "example": example, "values": values}


def _round(course: Course, wanted: str | None, seed: int | None, example: bool, solve_only: bool, json_: bool, st) -> None:
    import random

    from sysdesign.cli import common
    from sysdesign.core import estimate as est

    used_seed = None if example else _pick_seed(seed)
    rng = random.Random(used_seed if used_seed is not None else random.SystemRandom().random())
    family = _find_scenario(course, wanted, rng)
    params = est.example_params(family) if example else est.draw_params(family, rng)
    story = est.render_story(family, params)
    workings = est.solve(family, params)
    replay = f"sysdesign estimate --scenario {family.id} " + ("--example" if example else f"--seed {used_seed}")
    origin = ("The family's example numbers" if example else f"Seed {used_seed}") + f" — replay with: {replay}"
    record = _params_record(family, params, used_seed, example)
    if solve_only:
        if json_:
            typer.echo(json_text(_solution_json(family, story, record, workings), indent=2))
            return
        from sysdesign.ui.estimate import show_solution

        show_solution(common.console(), family.title, story, origin, workings)
        return
    from sysdesign.core.calibration import counts_for_calibration
    from sysdesign.core.estimate import median_error
    from sysdesign.ui.estimate import Prompter, run_steps, show_story

    env = common.environment()
    console = env.console(stderr=json_)
    reader = env.line_reader() if json_ or not env.interactive else None
    on_answer = _saver(st, family.id, record)
    show_story(console, family.title, story, origin)
    prompter = Prompter(console, reader, prompt_kwargs=env.prompt_kwargs())
    items, finished = run_steps(console, prompter, workings, lambda w: _inputs(family, params, w), on_answer)
    all_rows = _rows(items)
    round_median = median_error(r["log10_error"] for r in all_rows)
    family_median, rounds = _summarise(console, st, items, all_rows, round_median, family.id, family.id, "Step", len(family.asked))
    if json_:
        document = {
            "scenario": family.id,
            "title": family.title,
            "seed": used_seed,
            "example": example,
            "units": est.UNITS_NOTE,
            "params": record["values"],
            "steps": all_rows,
            "answered": sum(1 for r in all_rows if r["grade"] != est.UNANSWERED),
            "complete": finished,
            "counted": counts_for_calibration(all_rows),
            "median_log10_error": round_median,
            "family_median_log10_error": family_median,
            "family_rounds": rounds,
        }
        typer.echo(json_text(document, indent=2))
    if prompter.gave_up:
        raise common.fail(prompter.gave_up)


def _rows(items) -> list[dict]:
    from sysdesign.core.estimate import result_row

    return [result_row(i.key, i.name, i.unit, i.expected, i.given_text, i.verdict, i.grade) for i in items]


def _saver(st, family: str, record: dict):
    """``on_answer`` for a round: save every step (those not reached as unanswered) once one is done."""
    from sysdesign.cli import common
    from sysdesign.core.estimate import UNANSWERED, median_error
    from sysdesign.store.estimates import save_attempt

    attempt: dict[str, int | None] = {"id": None}

    def on_answer(items) -> None:
        rows = _rows(items)
        if any(r["grade"] != UNANSWERED for r in rows):
            median = median_error(r["log10_error"] for r in rows)
            attempt["id"] = save_attempt(st, attempt["id"], family, common.now(), record, rows, median)

    return on_answer


def _summarise(console, st, items, rows, round_median, family: str, shown_name: str, first_column: str, total: int | None = None) -> tuple[float | None, int]:
    """The results table and the calibration lines; returns (family median, rounds counted).

    ``total`` is how many steps the family asks, for rounds stored before unanswered steps were.
    """
    from sysdesign.core.calibration import answered_of, counts_for_calibration
    from sysdesign.store.estimates import family_calibration, short_rounds
    from sysdesign.ui.estimate import show_summary

    row = family_calibration(st, family, total)
    short = row["short_rounds"] if row else short_rounds(st, {family: total} if total else None).get(family, 0)
    answered, total = answered_of(rows)
    show_summary(
        console, items, round_median, shown_name,
        row["median_error"] if row else None, row["rounds"] if row else 0,
        first_column=first_column, short_rounds=short,
        left_early=None if counts_for_calibration(rows) else (answered, total),
    )
    return (row["median_error"] if row else None), (row["rounds"] if row else 0)


def _inputs(family, params: dict[str, float], working) -> list[str]:
    """What a formula's names stand for, for the '?' hint (no step values: they are answers)."""
    from sysdesign.content.scenarios import CONSTANTS
    from sysdesign.core.estimate import param_text
    from sysdesign.core.formula import parse_formula

    out = []
    for name in sorted(parse_formula(working.step.formula).names):
        param = family.param(name)
        step = family.step(name)
        if param is not None:
            out.append(f"{name} = {param_text(param, params[name])}")
        elif step is not None:
            out.append(f"{name} = the step '{step.name}'")
        elif name in CONSTANTS:
            out.append(f"{name} = {CONSTANTS[name]:,.0f} s")
    return out


def _solution_json(family, story: str, record: dict, workings) -> dict:
    from sysdesign.core.estimate import UNITS_NOTE
    from sysdesign.core.quantity import unit_factor

    steps = []
    for w in workings:
        steps.append({
            "id": w.step.id,
            "name": w.step.name,
            "unit": w.step.unit,
            "asked": w.step.ask,
            "expected": w.value / unit_factor(w.step.unit)[0],
            "formula": w.formula,
            "numbers": f"{w.numbers} = {w.result}",
            "approx": w.approx or None,
            "head": w.head,
            "notes": list(w.notes),
        })
    return {
        "scenario": family.id,
        "title": family.title,
        "seed": record["seed"],
        "example": record["example"],
        "units": UNITS_NOTE,
        "story": story,
        "params": record["values"],
        "steps": steps,
    }


def _drill(course: Course, wanted: str, seed: int | None, count: int, json_: bool, st) -> None:
    import random

    from sysdesign.cli import common
    from sysdesign.core.calibration import counts_for_calibration
    from sysdesign.core.estimate import drill_questions, median_error
    from sysdesign.ui.estimate import Prompter, run_drill

    topics = {t.id: t for t in course.reference if getattr(t, "tables", None)}
    topic = topics.get(wanted)
    if topic is None:
        known = ", ".join(sorted(topics)) or "none"
        raise common.fail(f"No drill {wanted!r}. The drills are: {known}.")
    used_seed = _pick_seed(seed)
    questions = drill_questions(topic, random.Random(used_seed), count)
    if not questions:
        raise common.fail(f"The reference topic {wanted!r} has no drill questions.")
    family = f"drill-{topic.id}"
    env = common.environment()
    console = env.console(stderr=json_)
    reader = env.line_reader() if json_ or not env.interactive else None
    record = {"seed": used_seed, "count": count, "drill": topic.id}
    on_answer = _saver(st, family, record)
    prompter = Prompter(console, reader, prompt_kwargs=env.prompt_kwargs())
    items, finished = run_drill(console, prompter, topic.title, questions, on_answer)
    rows = _rows(items)
    round_median = median_error(r["log10_error"] for r in rows)
    family_median, rounds = _summarise(console, st, items, rows, round_median, family, f"the {topic.id} drill", "Question")
    console.print(f"Replay these questions with: sysdesign estimate --drill {topic.id} --seed {used_seed} --count {count}", markup=False)
    if json_:
        document = {
            "drill": topic.id,
            "seed": used_seed,
            "questions": rows,
            "answered": sum(1 for r in rows if r["grade"] != "unanswered"),
            "complete": finished,
            "counted": counts_for_calibration(rows),
            "median_log10_error": round_median,
            "family_median_log10_error": family_median,
            "family_rounds": rounds,
        }
        typer.echo(json_text(document, indent=2))
    if prompter.gave_up:
        raise common.fail(prompter.gave_up)


def _list(course: Course, json_: bool) -> None:

    from sysdesign.cli import common
    from sysdesign.core.estimate import error_words
    from sysdesign.core.report import asked_counts
    from sysdesign.store.estimates import all_calibration, short_rounds
    from sysdesign.ui.console import plural

    totals = asked_counts(course)
    with common.store(read_only_ok=True) as st:
        rows = all_calibration(st, totals)
        short = short_rounds(st, totals)
    calibration = {key: (row["median_error"], row["rounds"]) for key, row in rows.items()}
    families = sorted(course.scenarios, key=lambda s: s.id)
    drills = sorted(t.id for t in course.reference if any(table.drills for table in getattr(t, "tables", ())))
    if json_:
        document = {
            "scenarios": [
                {
                    "id": f.id,
                    "title": f.title,
                    "summary": f.summary,
                    "steps": len(f.asked),
                    "median_log10_error": calibration.get(f.id, (None, 0))[0],
                    "rounds": calibration.get(f.id, (None, 0))[1],
                    "short_rounds": short.get(f.id, 0),
                }
                for f in families
            ],
            "drills": [
                {
                    "id": d,
                    "median_log10_error": calibration.get(f"drill-{d}", (None, 0))[0],
                    "rounds": calibration.get(f"drill-{d}", (None, 0))[1],
                    "short_rounds": short.get(f"drill-{d}", 0),
                }
                for d in drills
            ],
        }
        typer.echo(json_text(document, indent=2))
        return
    from sysdesign.ui.estimate import scenario_table

    def shown(key: str) -> str:
        median, rounds = calibration.get(key, (None, 0))
        left = short.get(key, 0)
        early = f"{left} left early, not counted" if left else ""
        if median is None:
            return f"— ({early})" if early else "—"
        return f"{error_words(median)}, {plural(rounds, 'round')}" + (f"; {early}" if early else "")

    console = common.console()
    console.print(scenario_table([(f.id, f.title, len(f.asked), shown(f.id)) for f in families]))
    if drills:
        console.print("Quick drills: " + "; ".join(f"{d}: {shown('drill-' + d)}" for d in drills), markup=False, highlight=False)
    console.print("Start one with: sysdesign estimate --scenario ID   ·   sysdesign estimate --drill latency", markup=False)
