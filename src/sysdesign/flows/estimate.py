"""Estimation rounds and quick drills: ask each step, grade it, save the attempt as it grows.

A scenario round and a drill are the same loop over different items; ``play`` runs both (the
twelve steps once: screen, prompter, saver, ask, rows, medians, summary, the JSON document).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.rule import Rule
from rich.text import Text

from sysdesign.content.model import Course
from sysdesign.core import estimate as est
from sysdesign.core.calibration import (
    answered_of,
    counts_for_calibration,
    range_calibration,
    range_summary,
    ranges_of,
    short_rounds,
)
from sysdesign.core.constants import CONSTANTS
from sysdesign.core.documents import EstimateDocument
from sysdesign.core.estimate import DrillQuestion, Working, median_error, result_row
from sysdesign.core.formula import parse_formula
from sysdesign.core.quantity import unit_factor, unit_label
from sysdesign.core.report import calibration
from sysdesign.core.words import plural
from sysdesign.env import Environment
from sysdesign.flows import Refused
from sysdesign.store.estimates import rounds as stored_rounds
from sysdesign.store.estimates import save_attempt
from sysdesign.store.store import Store
from sysdesign.ui.console import glued
from sysdesign.ui.estimate import (
    DRILL_KEYS,
    KEYS,
    RANGE_KEYS,
    Answered,
    Prompter,
    StopRound,
    ask_quantity,
    grade_into,
    say_stopped,
    show_formula_hint,
    show_ranges,
    show_story,
    show_summary,
    show_working,
    step_label,
)
from sysdesign.ui.lines import EndOfInput

Ask = Callable[[Console, Prompter, Callable[[list[Answered]], None]], tuple[list[Answered], bool]]


@dataclass
class Round:
    """What differs between a scenario round and a drill."""

    family: str  # the calibration key in the store: a scenario id, or drill-<topic>
    shown_name: str  # how the summary names it
    first_column: str  # "Step" or "Question"
    record: dict  # what the attempt stores about its numbers (seed, params, …)
    ask: Ask  # the loop that asks the items
    head: dict[str, Any]  # the JSON document's leading fields
    rows_key: str  # "steps" or "questions"
    total: int | None = None  # steps the family asks (for rounds stored before unanswered ones were)
    after: Callable[[Console], None] | None = None  # a closing line (the drill's replay command)


@dataclass(frozen=True)
class Options:
    """How the items are asked: ranges on every step, the napkin technique in the workings."""

    intervals: bool = False  # every step asks for a 90 % range (estimate --intervals)
    napkin: bool = False  # each worked solution adds mantissas × powers of ten (estimate --napkin)


@dataclass
class Played:
    document: EstimateDocument
    gave_up: str | None = None  # a script kept sending unusable answers: exit 2 with this
    items: list[Answered] = field(default_factory=list)


def play(env: Environment, st: Store, rnd: Round, *, json_: bool) -> Played:
    console = env.console(stderr=json_)
    prompter = Prompter(console, env.line_reader() if json_ or not env.interactive else None,
                        prompt_kwargs=env.prompt_kwargs())
    attempt: dict[str, int | None] = {"id": None}

    def on_answer(items: list[Answered]) -> None:  # save every step once one is answered
        rows = _rows(items)
        if any(r["grade"] != est.UNANSWERED for r in rows):
            median = median_error(r["log10_error"] for r in rows)
            attempt["id"] = save_attempt(st, attempt["id"], rnd.family, env.now(), rnd.record, rows, median)

    items, finished = rnd.ask(console, prompter, on_answer)
    rows = _rows(items)
    round_median = median_error(r["log10_error"] for r in rows)
    history, totals = stored_rounds(st, rnd.family), ({rnd.family: rnd.total} if rnd.total else None)
    row = next(iter(calibration(history, totals)), None)
    short = short_rounds(history, totals).get(rnd.family, 0)
    answered, total = answered_of(rows)
    family_median, rounds = (row["median_error"], row["rounds"]) if row else (None, 0)
    show_summary(console, items, round_median, rnd.shown_name, family_median, rounds,
                 first_column=rnd.first_column, short_rounds=short,
                 left_early=None if counts_for_calibration(rows) else (answered, total))
    ranges_now = range_summary(ranges_of(rows))
    ranges_family = next(iter(range_calibration(history)["families"]), None) if ranges_now else None
    show_ranges(console, ranges_now, ranges_family, rnd.shown_name)
    if rnd.after is not None:
        rnd.after(console)
    document: EstimateDocument = {  # the head (scenario or drill fields) varies by round
        **rnd.head,
        rnd.rows_key: rows,
        "answered": sum(1 for r in rows if r["grade"] != est.UNANSWERED),
        "complete": finished,
        "counted": counts_for_calibration(rows),
        "median_log10_error": round_median,
        "family_median_log10_error": family_median,
        "family_rounds": rounds,
        "ranges": ranges_now,  # this round's 90 % ranges (null: none given)
        "family_ranges": ranges_family,  # the family's ranges over all its rounds
    }
    return Played(document, prompter.gave_up, items)


def _rows(items: Sequence[Answered]) -> list[dict]:
    return [result_row(i.key, i.name, i.unit, i.expected, i.given_text, i.verdict, i.grade) for i in items]


# --- a scenario round -------------------------------------------------------------------------

@dataclass
class Drawn:
    """A family with its numbers drawn (or its example numbers), solved."""

    family: Any
    params: dict[str, float]
    story: str
    workings: list[Working]
    seed: int | None
    example: bool

    @property
    def origin(self) -> str:
        replay = f"sysdesign estimate --scenario {self.family.id} " + ("--example" if self.example else f"--seed {self.seed}")
        return ("The family's example numbers" if self.example else f"Seed {self.seed}") + f" — replay with: {replay}"

    @property
    def record(self) -> dict:
        values = {}
        for param in self.family.params:
            factor = unit_factor(param.unit)[0] if param.unit else 1.0
            values[param.id] = {"value": est.tidy(self.params[param.id] / factor), "unit": param.unit}
        return {"seed": self.seed, "example": self.example, "values": values}


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


def find_scenario(course: Course, wanted: str | None, rng: random.Random):
    if not course.scenarios:
        raise Refused("No estimation scenarios were found in the content (lessons/estimates/*.yaml).")
    if wanted is None:
        return rng.choice(sorted(course.scenarios, key=lambda s: s.id))
    matches = match_ids(wanted, [s.id for s in course.scenarios])
    if len(matches) == 1:
        return next(s for s in course.scenarios if s.id == matches[0])
    if matches:
        raise Refused(f"{wanted!r} matches several families: {', '.join(matches)}. Name one of them.")
    known = ", ".join(sorted(s.id for s in course.scenarios))
    raise Refused(f"No scenario {wanted!r}. The families are: {known}. See them with: sysdesign estimate --list")


def draw(env: Environment, course: Course, wanted: str | None, *, example: bool) -> Drawn:
    seed = None if example else env.pick_seed()
    rng = random.Random(seed if seed is not None else random.SystemRandom().random())
    family = find_scenario(course, wanted, rng)
    params = est.example_params(family) if example else est.draw_params(family, rng)
    return Drawn(family, params, est.render_story(family, params), est.solve(family, params), seed, example)


def scenario_round(drawn: Drawn, options: Options = Options()) -> Round:
    family = drawn.family

    def ask(console: Console, prompter: Prompter, on_answer) -> tuple[list[Answered], bool]:
        show_story(console, family.title, drawn.story, drawn.origin)
        return run_steps(console, prompter, drawn.workings, lambda w: inputs_hint(family, drawn.params, w), on_answer,
                         options)

    record = drawn.record
    head = {"scenario": family.id, "title": family.title, "seed": drawn.seed, "example": drawn.example,
            "units": est.UNITS_NOTE, "params": record["values"]}
    return Round(family.id, family.id, "Step", record, ask, head, "steps", total=len(family.asked))


def inputs_hint(family, params: dict[str, float], working: Working) -> list[str]:
    """What a formula's names stand for, for the '?' hint (no step values: they are answers)."""
    out = []
    for name in sorted(parse_formula(working.step.formula).names):
        param = family.param(name)
        step = family.step(name)
        if param is not None:
            out.append(f"{name} = {est.param_text(param, params[name])}")
        elif step is not None:
            out.append(f"{name} = the step '{step.name}'")
        elif name in CONSTANTS:
            out.append(f"{name} = {CONSTANTS[name]:,.0f} s")
    return out


def solution_document(drawn: Drawn) -> dict:
    steps = [{
        "id": w.step.id,
        "name": w.step.name,
        "unit": w.step.unit,
        "asked": w.step.ask,
        "expected": est.tidy(w.value / unit_factor(w.step.unit)[0]),
        "formula": w.formula,
        "numbers": f"{w.numbers} = {w.result}",
        "approx": w.approx or None,
        "head": w.head,
        "napkin": list(w.napkin),
        "notes": list(w.notes),
    } for w in drawn.workings]
    record = drawn.record
    return {"scenario": drawn.family.id, "title": drawn.family.title, "seed": record["seed"],
            "example": record["example"], "units": est.UNITS_NOTE, "story": drawn.story,
            "params": record["values"], "steps": steps}


# --- the list of families and drills -------------------------------------------------------------

def listing(course: Course, st: Store) -> dict:
    """Every family and drill with the learner's calibration (the `--list --json` document)."""
    from sysdesign.core.report import asked_counts

    totals, history = asked_counts(course), stored_rounds(st)
    rows = {row["scenario"]: row for row in calibration(history, totals)}
    short = short_rounds(history, totals)
    ranges = {row["scenario"]: row for row in range_calibration(history)["families"]}

    def of(key: str) -> dict:
        row = rows.get(key)
        return {"median_log10_error": row["median_error"] if row else None, "rounds": row["rounds"] if row else 0,
                "short_rounds": short.get(key, 0), "ranges": ranges.get(key)}

    families = sorted(course.scenarios, key=lambda s: s.id)
    drills = sorted(t.id for t in course.reference if any(table.drills for table in getattr(t, "tables", ())))
    return {
        "scenarios": [{"id": f.id, "title": f.title, "summary": f.summary, "steps": len(f.asked),
                       **of(f.id)} for f in families],
        "drills": [{"id": d, **of(f"drill-{d}")} for d in drills],
    }


# --- a quick drill ------------------------------------------------------------------------------

def drill_round(env: Environment, course: Course, wanted: str, count: int, options: Options = Options()) -> Round:
    topics = {t.id: t for t in course.reference if getattr(t, "tables", None)}
    topic = topics.get(wanted)
    if topic is None:
        raise Refused(f"No drill {wanted!r}. The drills are: {', '.join(sorted(topics)) or 'none'}.")
    seed = env.pick_seed()
    questions = est.drill_questions(topic, random.Random(seed), count)
    if not questions:
        raise Refused(f"The reference topic {wanted!r} has no drill questions.")

    def ask(console: Console, prompter: Prompter, on_answer) -> tuple[list[Answered], bool]:
        return run_drill(console, prompter, topic.title, questions, on_answer, options)

    def after(console: Console) -> None:
        extra = " --intervals" if options.intervals else ""
        console.print(f"Replay these questions with: sysdesign estimate --drill {topic.id} --seed {seed} "
                      f"--count {count}{extra}", markup=False)

    return Round(f"drill-{topic.id}", f"the {topic.id} drill", "Question",
                 {"seed": seed, "count": count, "drill": topic.id}, ask,
                 {"drill": topic.id, "seed": seed}, "questions", after=after)


# --- a round --------------------------------------------------------------------------------

def run_steps(
    console: Console,
    prompter: Prompter,
    workings: Sequence[Working],
    inputs_for: Callable[[Working], Sequence[str]],
    on_answer: Callable[[list[Answered]], None],
    options: Options = Options(),
) -> tuple[list[Answered], bool]:
    """Ask every asked step in order; returns the items and whether the round ran to the end."""
    asked = [w for w in workings if w.step.ask]
    items = [Answered(w.step.id, w.step.name, w.step.unit, w.value) for w in asked]
    shown: set[str] = set()
    by_id = {w.step.id: w for w in workings}
    console.print()
    console.print(Text(RANGE_KEYS if options.intervals else KEYS, style="dim"))
    finished = True
    try:
        for index, (working, item) in enumerate(zip(asked, items), 1):
            console.print()
            label = step_label(index, len(asked), working.step.name, working.step.unit)
            if options.intervals:
                label += " · 90 % range"
            got = ask_quantity(
                console, prompter, label, working.step.unit, want_range=options.intervals,
                hint=lambda w=working: show_formula_hint(console, w, inputs_for(w)),
            )
            grade_into(console, item, got, working.value, working.step.unit)
            hidden_steps = _hidden_inputs(working, by_id, shown)
            for hidden in hidden_steps:
                show_working(console, hidden, heading=f"Worked on the way — {hidden.step.name}: {hidden.result}",
                             napkin=options.napkin)
            show_working(console, working, heading=f"{working.step.name}: {working.result}" if hidden_steps else "",
                         napkin=options.napkin)
            shown.add(working.step.id)
            on_answer(items)
    except (StopRound, EndOfInput) as stop:
        finished = False
        say_stopped(console, stop)
    return items, finished


def _hidden_inputs(working: Working, by_id: dict[str, Working], shown: set[str]) -> list[Working]:
    """Unasked intermediate steps this step builds on, not shown yet, in dependency order."""
    from sysdesign.core.formula import parse_formula

    out: list[Working] = []

    def visit(step_id: str) -> None:
        for name in sorted(parse_formula(by_id[step_id].step.formula).names):
            other = by_id.get(name)
            if other is None or other.step.ask or name in shown:
                continue
            shown.add(name)
            visit(name)
            out.append(other)

    visit(working.step.id)
    return out


# --- drills ---------------------------------------------------------------------------------

def run_drill(
    console: Console,
    prompter: Prompter,
    title: str,
    questions: Sequence[DrillQuestion],
    on_answer: Callable[[list[Answered]], None],
    options: Options = Options(),
) -> tuple[list[Answered], bool]:
    console.print(Rule(Text(f"Quick drill · {glued(title)} · {plural(len(questions), 'question')}", style="bold")))
    console.print(Text(RANGE_KEYS if options.intervals else DRILL_KEYS, style="dim"))
    items = [Answered(q.id, q.prompt, q.unit, q.expected) for q in questions]
    finished = True
    try:
        for index, (question, item) in enumerate(zip(questions, items), 1):
            console.print()
            console.print(Text(f"Q{index}/{len(questions)}  {glued(question.prompt)}", style="bold"))
            # a bare number is read in the answer's unit, as in scenario rounds, so the label names it
            label = f"answer [{unit_label(question.unit, prose=True)}]" if question.unit else "answer"
            if options.intervals:
                label += " · 90 % range"
            got = ask_quantity(console, prompter, label, question.unit, want_range=options.intervals)
            grade_into(console, item, got, question.expected, question.unit)
            if got is None:
                console.print(Text(f"  The answer: {glued(question.answer_text)}", style="dim"))
            if question.note:
                console.print(Text(f"  {glued(question.note)}", style="italic"))
            on_answer(items)
    except (StopRound, EndOfInput) as stop:
        finished = False
        say_stopped(console, stop)
    return items, finished
