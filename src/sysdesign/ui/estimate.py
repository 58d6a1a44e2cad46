"""Estimation rounds and quick drills on the terminal (or line by line from a pipe).

Everything the learner reads is built from content and rendered as rich ``Text`` after
``clean()``; nothing here writes the database — the caller passes ``on_answer`` to save.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from sysdesign.core.estimate import (
    CLOSE,
    GRADE_ORDER,
    OFF,
    ORDER,
    SKIPPED,
    SPOT_ON,
    UNANSWERED,
    UNITS_NOTE,
    WRONG_UNIT,
    AnswerError,
    Verdict,
    Working,
    error_words,
    judge,
    read_answer,
)
from sysdesign.core.quantity import format_number, format_quantity, unit_factor, unit_label
from sysdesign.ui.console import clean, plural
from sysdesign.ui.lines import EndOfInput, LineReader, UnusableInput, gave_up
from sysdesign.ui.verdict import show_verdict

GRADE_STYLE = {
    SPOT_ON: "bold green",
    CLOSE: "bold cyan",
    ORDER: "bold yellow",
    OFF: "bold red",
    WRONG_UNIT: "bold magenta",
    SKIPPED: "dim",
    UNANSWERED: "dim",
}
GRADE_MARK = {SPOT_ON: "✓", CLOSE: "≈", ORDER: "~", OFF: "✗", WRONG_UNIT: "✗", SKIPPED: "–", UNANSWERED: "–"}
KEYS = "Type a number with a unit (23k, 2.3e4 rps, 1.1 PB, 55 Gbps); ? shows the formula, s skips, q stops."
DRILL_KEYS = "Type a number with a unit (0.5 ns, 8.76 h, 1 GB, 125 MB/s); s skips, q stops."


class StopRound(Exception):
    """The learner typed q: end the round, keeping what was answered."""


@dataclass
class Answered:
    """One asked item and what became of it."""

    key: str  # step id or drill question id
    name: str
    unit: str | None
    expected: float  # base units
    given_text: str | None = None
    verdict: Verdict | None = None
    grade: str = UNANSWERED


# --- reading answers ------------------------------------------------------------------------

class Prompter:
    """Reads one answer: from a terminal (questionary) or one line from a pipe."""

    def __init__(self, console: Console, reader: LineReader | None, *, prompt_kwargs: dict | None = None):
        self.console = console
        self.reader = reader
        self.prompt_kwargs = prompt_kwargs or {}
        self.gave_up: str | None = None  # why a script's answers were given up on (UnusableInput)

    def read(self, label: str) -> str:
        if self.reader is not None:
            self.console.print(Text(f"{label}: ", style="cyan"), end="")
            text = self.reader.read()
            self.console.print(Text(clean(text)))  # piped answers are not echoed by a terminal
            return text
        import questionary

        answer = questionary.text(f"{label}:", qmark="›", **self.prompt_kwargs).unsafe_ask()
        if answer is None:  # pragma: no cover - questionary returns None only on odd terminals
            raise StopRound
        return answer


def _command(text: str) -> str | None:
    lowered = text.strip().lower()
    if lowered in ("q", "quit", "exit", "stop"):
        return "quit"
    if lowered in ("s", "skip", "pass"):
        return "skip"
    if lowered in ("?", "h", "hint", "help"):
        return "hint"
    return None


def ask_quantity(
    console: Console,
    prompter: Prompter,
    label: str,
    unit: str | None,
    *,
    bare_ok: bool = True,
    hint: Callable[[], None] | None = None,
) -> tuple[str, object] | None:
    """Ask until the answer reads as a quantity; None when skipped. StopRound on q; from a
    script, UnusableInput after UNUSABLE_LIMIT unusable answers in a row."""
    misses = 0
    while True:
        text = prompter.read(label)
        command = _command(text)
        if command == "quit":
            raise StopRound
        if command == "skip":
            return None
        if command == "hint":
            if hint is not None:
                hint()
            else:
                console.print(Text(DRILL_KEYS, style="dim"))
            continue
        try:
            return text, read_answer(text, unit, bare_ok=bare_ok)
        except AnswerError as exc:
            misses += 1
            if prompter.reader is not None and prompter.reader.gives_up(misses):
                prompter.gave_up = gave_up(misses, text, str(exc), "Each answer takes one line: a number "
                                           "with a unit, s to skip or q to stop.")
                raise UnusableInput(prompter.gave_up) from None
            console.print(Text(f"Could not use that answer: {clean(str(exc))}. Try again (s skips, q stops).", style="yellow"))


# --- rendering ------------------------------------------------------------------------------

def show_story(console: Console, title: str, story: str, origin: str) -> None:
    console.print(Rule(Text(clean(title), style="bold")))
    console.print(Text(clean(origin), style="dim"))
    console.print()
    for paragraph in story.split("\n\n"):
        console.print(Text(clean(paragraph)))
        console.print()
    console.print(Text(UNITS_NOTE, style="dim"))


def show_working(console: Console, working: Working, *, heading: str = "") -> None:
    if heading:
        console.print(Text(clean(heading), style="bold"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(" formula", Text(clean(working.formula)))
    numbers = f"{working.numbers} = {working.result}" + (f"  ({working.approx})" if working.approx else "")
    grid.add_row(" numbers", Text(clean(numbers)))
    grid.add_row(" in your head", Text(clean(working.head)))
    for note in working.notes:
        grid.add_row(" ·", Text(clean(note), style="italic"))
    console.print(grid)


def show_formula_hint(console: Console, working: Working, inputs: Sequence[str]) -> None:
    console.print(Text(f"  formula: {clean(working.formula)}", style="cyan"))
    if inputs:
        console.print(Text("  with: " + clean(", ".join(inputs)), style="dim"))


def show_solution(console: Console, title: str, story: str, origin: str, workings: Sequence[Working]) -> None:
    show_story(console, title, story, origin)
    console.print()
    number = 0
    for working in workings:
        step = working.step
        if step.ask:
            number += 1
            heading = f"{number}. {step.name}: {working.result}" + (f" ({working.approx})" if working.approx else "")
        else:
            heading = f"   {step.name} (worked on the way): {working.result}"
        show_working(console, working, heading=heading)
        console.print()


NARROW = 60  # below this many columns the results are a list, not a table


def _given_text(item: Answered) -> str:
    """The learner's answer: in the unit they typed it in (100 ns stays 100 ns), else the step's."""
    verdict = item.verdict
    if verdict is not None and verdict.given is not None:
        typed = verdict.typed_unit
        if typed and typed != item.unit:
            try:
                same = unit_factor(typed)[1] == unit_factor(item.unit)[1] if item.unit else False
            except ValueError:
                same = False
            if same:
                return format_quantity(verdict.given, typed, prose=True)
        return format_quantity(verdict.given, item.unit, prose=True)
    return item.given_text or "—"


def _grade_text(item: Answered) -> str:
    off = ""
    if item.verdict is not None and item.verdict.ratio is not None and item.grade != SPOT_ON:
        ratio = item.verdict.ratio
        off = f" ({format_number(max(ratio, 1 / ratio), 2)}× {'high' if ratio > 1 else 'low'})"
    return item.grade + off


def show_result_list(console: Console, items: Sequence[Answered]) -> None:
    console.print(Text("Your answers", style="bold"))
    for item in items:
        console.print(Text(f"{GRADE_MARK.get(item.grade, '')} {clean(item.name)}", style="bold"))
        line = Text(f"  you {clean(_given_text(item))} · expected {format_quantity(item.expected, item.unit, prose=True)} · ")
        line.append(_grade_text(item), style=GRADE_STYLE.get(item.grade, ""))
        console.print(line)


def result_table(items: Sequence[Answered], first_column: str = "Step") -> Table:
    table = Table(title="Your answers", title_justify="left", pad_edge=False)
    table.add_column(first_column, overflow="fold")
    table.add_column("You", overflow="fold")
    table.add_column("Expected", overflow="fold")
    table.add_column("Grade", overflow="fold")
    for item in items:
        table.add_row(
            Text(clean(item.name)),
            Text(clean(_given_text(item))),
            Text(format_quantity(item.expected, item.unit, prose=True)),
            Text(_grade_text(item), style=GRADE_STYLE.get(item.grade, "")),
        )
    return table


def tally(items: Sequence[Answered]) -> str:
    """How many items got each grade, best grade first: '2 spot on, 1 close, 1 off'."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item.grade] = counts.get(item.grade, 0) + 1
    rank = {grade: index for index, grade in enumerate(GRADE_ORDER)}
    ordered = sorted(counts.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))
    return ", ".join(f"{n} {grade}" for grade, n in ordered)


def show_summary(
    console: Console,
    items: Sequence[Answered],
    round_median: float | None,
    family: str,
    family_median: float | None,
    rounds: int,
    *,
    first_column: str = "Step",
    short_rounds: int = 0,
    left_early: tuple[int, int] | None = None,
) -> None:
    """The answers, then the calibration: this round's median error and the family's.

    The family's figure is the median of its rounds' medians, over the rounds with at least
    half of their steps answered (``core.report.calibration``); ``left_early`` (answered,
    steps) marks this round as one that does not count.
    """
    console.print()
    if console.width < NARROW:
        show_result_list(console, items)
    else:
        console.print(result_table(items, first_column))
    answered = [i for i in items if i.verdict is not None]
    console.print(Text(f"{len(answered)} answered of {len(items)}: {tally(items)}."))
    if round_median is not None:
        console.print(Text(f"Median error this round: {error_words(round_median)} — {round_median:.3f} in log10."))
    if left_early is not None:
        done, total = left_early
        console.print(Text(
            f"This round does not count toward your calibration: {done} of {total} answered, "
            "and a round counts once at least half are. It is kept in your history.",
            style="dim",
        ))
    early = f" ({short_rounds} left early, not counted)" if short_rounds else ""
    if family_median is not None:
        console.print(Text(
            f"Your median error for {family} so far: {error_words(family_median)} — {family_median:.3f} in log10, "
            f"the median over {plural(rounds, 'round')}{early}.",
            style="bold",
        ))
    else:
        console.print(Text(f"No counted rounds for {family} yet{early}.", style="dim"))


def scenario_table(rows: Sequence[tuple[str, str, int, str]]) -> Table:
    table = Table(title="Estimation scenarios", title_justify="left", pad_edge=False)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("Scenario", overflow="fold")
    table.add_column("Steps", justify="right")
    table.add_column("Your median error", overflow="fold")
    for scenario_id, title, steps, median in rows:
        table.add_row(scenario_id, Text(clean(title)), str(steps), Text(median))
    return table


def show_listing(console: Console, document: dict) -> None:
    """`estimate --list`: the families with the learner's calibration, then the drills."""

    def shown(entry: dict) -> str:
        median, rounds, left = entry["median_log10_error"], entry["rounds"], entry["short_rounds"]
        early = f"{left} left early, not counted" if left else ""
        if median is None:
            return f"— ({early})" if early else "—"
        return f"{error_words(median)}, {plural(rounds, 'round')}" + (f"; {early}" if early else "")

    console.print(scenario_table([(f["id"], f["title"], f["steps"], shown(f)) for f in document["scenarios"]]))
    if document["drills"]:
        console.print("Quick drills: " + "; ".join(f"{d['id']}: {shown(d)}" for d in document["drills"]),
                      markup=False, highlight=False)
    console.print("Start one with: sysdesign estimate --scenario ID   ·   sysdesign estimate --drill latency",
                  markup=False)


def step_label(number: int, total: int, name: str, unit: str | None) -> str:
    """'Step 1/8 · Average photo reads per second [rps]'; no bracket when the name says it."""
    shown = unit_label(unit, prose=True) or "a number"
    if unit and re.search(rf"(?<!\w){re.escape(shown)}(?!\w)", name, re.IGNORECASE):
        return f"Step {number}/{total} · {clean(name)}"
    return f"Step {number}/{total} · {clean(name)} [{shown}]"


# --- a round's pieces (the loops are in flows.estimate) -----------------------------------

def grade_into(console: Console, item: Answered, got, expected: float, unit: str) -> None:
    """Record a typed answer's grade on the item (or mark it skipped) and show the verdict."""
    if got is None:
        item.grade = SKIPPED
        return
    text, (quantity, note) = got
    item.given_text = text
    item.verdict = judge(expected, unit, quantity, note)
    item.grade = item.verdict.grade
    verdict = item.verdict
    show_verdict(console, f"{GRADE_MARK.get(verdict.grade, '')} {verdict.message}", GRADE_STYLE.get(verdict.grade, ""),
                 verdict.hints, note_style="yellow", indent="  ")


def say_stopped(console: Console, stop: Exception) -> None:
    if isinstance(stop, EndOfInput) and not isinstance(stop, UnusableInput):
        console.print()
        console.print(Text("End of input — the answers you gave are saved.", style="dim"))
    else:
        console.print(Text("Stopped — the answers you gave are saved.", style="dim"))
