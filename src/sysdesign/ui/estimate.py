"""Estimation rounds and quick drills on the terminal (or line by line from a pipe).

Everything the learner reads is built from content and rendered as rich ``Text`` after
``glued()``; nothing here writes the database — the caller passes ``on_answer`` to save.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from sysdesign.core.calibration import HELD, MISSED
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
    Reading,
    Verdict,
    Working,
    error_words,
    judge_reading,
    read_estimate,
)
from sysdesign.core.interval import format_interval
from sysdesign.core.quantity import (
    format_number,
    format_quantity,
    readable_quantity,
    unit_factor,
    unit_label,
)
from sysdesign.ui.console import glued, plural
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
    HELD: "bold green",
    MISSED: "bold red",
}
GRADE_MARK = {SPOT_ON: "✓", CLOSE: "≈", ORDER: "~", OFF: "✗", WRONG_UNIT: "✗", SKIPPED: "–", UNANSWERED: "–",
              HELD: "✓", MISSED: "✗"}
KEYS = ("Type a number with a unit (23k, 2.3e4 rps, 1.1 PB, 55 Gbps), a 90 % range (20k-50k, 30k ±3x) "
        "or your arithmetic (500M * 2 / 86400); ? shows the formula, s skips, q stops.")
RANGE_KEYS = ("Give a 90 % range for each step — low-high (20k-50k, 2-3 PB), 20k to 50k, 30k ±3x or "
              "30k x/ 3 — wide enough that 9 times in 10 it holds the answer; ? shows the formula, "
              "s skips, q stops.")
DRILL_KEYS = ("Type a number with a unit (0.5 ns, 8.76 h, 1 GB, 125 MB/s, $0.02) — a bare number is read "
              "in the unit shown — or a range (1-5 ms); s skips, q stops.")


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
            self.console.print(Text(glued(text)))  # piped answers are not echoed by a terminal
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
    want_range: bool = False,
    hint: Callable[[], None] | None = None,
) -> tuple[str, Reading] | None:
    """Ask until the answer reads as a quantity, a range or arithmetic; None when skipped.
    StopRound on q; from a script, UnusableInput after UNUSABLE_LIMIT unusable answers in a row.
    Arithmetic is echoed ('= 11,574 rps') before it is graded."""
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
            reading = read_estimate(text, unit, bare_ok=bare_ok, want_range=want_range)
        except AnswerError as exc:
            misses += 1
            if prompter.reader is not None and prompter.reader.gives_up(misses):
                prompter.gave_up = gave_up(misses, text, str(exc), "Each answer takes one line: a number "
                                           "with a unit, s to skip or q to stop.")
                raise UnusableInput(prompter.gave_up) from None
            console.print(Text(f"Could not use that answer: {glued(str(exc))}. Try again (s skips, q stops).",
                               style="yellow"))
            continue
        if reading.echo:
            console.print(Text(f"  {glued(reading.echo)}", style="cyan"))
        return text, reading


# --- rendering ------------------------------------------------------------------------------

def show_story(console: Console, title: str, story: str, origin: str) -> None:
    console.print(Rule(Text(glued(title), style="bold")))
    console.print(Text(glued(origin), style="dim"))
    console.print()
    for paragraph in story.split("\n\n"):
        console.print(Text(glued(paragraph)))
        console.print()
    console.print(Text(UNITS_NOTE, style="dim"))


def show_working(console: Console, working: Working, *, heading: str = "", napkin: bool = False) -> None:
    if heading:
        console.print(Text(glued(heading), style="bold"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(" formula", Text(glued(working.formula)))
    numbers = f"{working.numbers} = {working.result}" + (f"  ({working.approx})" if working.approx else "")
    grid.add_row(" numbers", Text(glued(numbers)))
    grid.add_row(" in your head", Text(glued(working.head)))
    if napkin and working.napkin:
        for label, line in zip((" napkin", "", ""), working.napkin):
            grid.add_row(label, Text(glued(line)))
    for note in working.notes:
        grid.add_row(" ·", Text(glued(note), style="italic"))
    console.print(grid)


def show_formula_hint(console: Console, working: Working, inputs: Sequence[str]) -> None:
    console.print(Text(f"  formula: {glued(working.formula)}", style="cyan"))
    if inputs:
        console.print(Text("  with: " + glued(", ".join(inputs)), style="dim"))


def show_solution(console: Console, title: str, story: str, origin: str, workings: Sequence[Working],
                  *, napkin: bool = False) -> None:
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
        show_working(console, working, heading=heading, napkin=napkin)
        console.print()


NARROW = 60  # below this many columns the results are a list, not a table


def _given_text(item: Answered) -> str:
    """The learner's answer: in the unit they typed it in (100 ns stays 100 ns), else the step's."""
    verdict = item.verdict
    if verdict is not None and verdict.interval is not None:
        return format_interval(verdict.interval.low, verdict.interval.high, item.unit)
    if verdict is not None and verdict.given is not None:
        typed = verdict.typed_unit
        if typed and typed != item.unit:
            try:
                same = unit_factor(typed)[1] == unit_factor(item.unit)[1] if item.unit else False
            except ValueError:
                same = False
            if same:
                return readable_quantity(verdict.given, typed)
        return format_quantity(verdict.given, item.unit, prose=True)
    return item.given_text or "—"


def _grade_text(item: Answered) -> str:
    off = ""
    verdict = item.verdict
    if verdict is not None and verdict.ratio is not None and item.grade != SPOT_ON:
        ratio = verdict.ratio
        off = f" ({format_number(max(ratio, 1 / ratio), 2)}× {'high' if ratio > 1 else 'low'})"
    elif verdict is not None and verdict.interval is not None:
        off = f" (score {verdict.interval.score:.2f})"
    return item.grade + off


def show_result_list(console: Console, items: Sequence[Answered]) -> None:
    console.print(Text("Your answers", style="bold"))
    for item in items:
        console.print(Text(f"{GRADE_MARK.get(item.grade, '')} {glued(item.name)}", style="bold"))
        line = Text(f"  you {glued(_given_text(item))} · expected {format_quantity(item.expected, item.unit, prose=True)} · ")
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
            Text(glued(item.name)),
            Text(glued(_given_text(item))),
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
    return ", ".join(_counted(n, grade) for grade, n in ordered)


def _counted(n: int, grade: str) -> str:
    if grade in (HELD, MISSED):  # '1 range held', '3 ranges missed'
        return f"{n} {'range' if n == 1 else 'ranges'} {grade.split()[-1]}"
    return f"{n} {grade}"


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


def show_ranges(console: Console, this_round: dict | None, family: dict | None, name: str) -> None:
    """After a round with 90 % ranges: how many held the answer, and the family's calibration."""
    if not this_round:
        return
    console.print(Text(
        f"Ranges this round: {this_round['held']} of {this_round['ranges']} held the answer (a 90 % range "
        f"should hold it 9 times in 10); mean interval score {this_round['mean_score']:.2f}, lower is better."
    ))
    if family:
        console.print(Text(glued(f"Your 90 % ranges for {name} so far — {range_line(family)}"), style="bold"))


def range_line(summary: dict) -> str:
    """'overconfident: 58 % of your 90 % ranges held the answer; widen them. 95 % band …'"""
    low, high = summary["band"]
    return (f"{summary['message']}. The share that holds is likely {low * 100:.0f}-{high * 100:.0f} % "
            f"(95 % band); median width ×{format_number(summary['median_width_factor'], 2)} from low to high.")


def scenario_table(rows: Sequence[tuple[str, str, int, str]]) -> Table:
    table = Table(title="Estimation scenarios", title_justify="left", pad_edge=False)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("Scenario", overflow="fold")
    table.add_column("Steps", justify="right")
    table.add_column("Your median error", overflow="fold")
    for scenario_id, title, steps, median in rows:
        table.add_row(scenario_id, Text(glued(title)), str(steps), Text(median))
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
        return f"Step {number}/{total} · {glued(name)}"
    return f"Step {number}/{total} · {glued(name)} [{shown}]"


# --- a round's pieces (the loops are in flows.estimate) -----------------------------------

def grade_into(console: Console, item: Answered, got, expected: float, unit: str) -> None:
    """Record a typed answer's grade on the item (or mark it skipped) and show the verdict."""
    if got is None:
        item.grade = SKIPPED
        return
    text, reading = got
    item.given_text = text
    item.verdict = judge_reading(expected, unit, reading)
    item.grade = item.verdict.grade
    verdict = item.verdict
    show_verdict(console, f"{GRADE_MARK.get(verdict.grade, '')} {glued(verdict.message)}", GRADE_STYLE.get(verdict.grade, ""),
                 verdict.hints, note_style="yellow", indent="  ")


def say_stopped(console: Console, stop: Exception) -> None:
    if isinstance(stop, EndOfInput) and not isinstance(stop, UnusableInput):
        console.print()
        console.print(Text("End of input — the answers you gave are saved.", style="dim"))
    else:
        console.print(Text("Stopped — the answers you gave are saved.", style="dim"))
