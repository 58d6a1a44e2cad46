"""The daily sketch on screen: its two prompters (a line editor with a running timer, or one
line from a script), the step headings, the sketch as a tree and the list of past sketches.
The steps themselves are run by ``flows.sketch``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from sysdesign.core.days import day_of
from sysdesign.core.sketch import (
    LENSES,
    STEPS,
    TARGET_MINUTES,
    Sketch,
    minutes_text,
    pace,
)
from sysdesign.ui.console import clean
from sysdesign.ui.lines import LineReader

Clock = Callable[[], datetime]


def clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class LinePrompter:
    """Scripted path: print the prompt, read one line, echo it (a pipe does not)."""

    def __init__(self, console: Console, reader: LineReader):
        self.console = console
        self.reader = reader

    def ask(self, message: str, hint: str = "") -> str:
        prompt = Text(message, style="cyan")
        if hint:
            prompt.append(f" ({hint})", style="dim")
        prompt.append(": ")
        self.console.print(prompt, end="")
        text = self.reader.read()
        self.console.print(Text(clean(text)))
        return text

    def gives_up(self, misses: int) -> bool:
        """A script that keeps sending unusable lines is stopped (`yes x | sysdesign sketch`)."""
        return self.reader.gives_up(misses)


class TerminalPrompter:
    """Terminal path: a line editor with the elapsed time in the bottom toolbar."""

    def __init__(self, clock: Clock, started: datetime, **prompt_kwargs):
        self.clock = clock
        self.started = started
        self.prompt_kwargs = prompt_kwargs

    def toolbar(self) -> str:
        elapsed = (self.clock() - self.started).total_seconds()
        low, high = TARGET_MINUTES
        return f" ⏱ {clock_text(elapsed)}  (aim: {low}–{high} min)   Ctrl-C stops; what you typed is kept "

    def ask(self, message: str, hint: str = "") -> str:
        import questionary

        answer = questionary.text(message, instruction=hint or None, bottom_toolbar=self.toolbar,
                                  refresh_interval=1.0, **self.prompt_kwargs).unsafe_ask()
        return answer or ""

    def gives_up(self, misses: int) -> bool:
        return False  # a person is asked again, however often


def step_rule(console: Console, number: int, elapsed_s: float) -> None:
    low, high = TARGET_MINUTES
    console.print()
    console.print(Rule(Text(f"Step {number} of {len(STEPS)} · {STEPS[number - 1]} · {clock_text(elapsed_s)} "
                            f"(aim {low}–{high} min)", style="bold")))


def show_suggestions(console: Console, ideas: list[tuple[str, str]]) -> None:
    console.print(Text("Pick a product you use. Ideas for today:", style="bold"))
    for name, angle in ideas:
        console.print(Text(f"  • {name} — {angle}"))


def sketch_tree(sketch: Sketch, number: int | None = None, *, titles: dict[str, str] | None = None,
                live: bool = False) -> Tree:
    """The sketch as a tree; `titles` names checklist items, `live` marks one in progress."""
    titles = titles or {}
    head = Text(clean(sketch.system), style="bold")
    head.append(f" · daily sketch{f' #{number}' if number else ''} · {day_of(sketch.started_at)}", style="dim")
    if sketch.minutes is not None:
        head.append(f" · {minutes_text(sketch.minutes)}", style="dim")
    if live:
        head.append(" · in progress", style="dim")
    elif not sketch.complete:
        head.append(f" · stopped after step {sketch.steps_done} of {len(STEPS)}", style="yellow")
    tree = Tree(head, guide_style="dim")

    answered = [(key, text) for key, text in sketch.checklist.items() if text]
    branch = tree.add(Text("Checklist", style="bold"))
    if answered:
        for key, text in answered:
            branch.add(Text(f"{clean(titles.get(key, key))}: ", style="cyan") + Text(clean(text)))
    else:
        branch.add(Text("(no answers)", style="dim"))

    branch = tree.add(Text(f"Components ({len(sketch.components)})", style="bold"))
    if not sketch.components:
        branch.add(Text("(none)", style="dim"))
    for index, comp in enumerate(sketch.components, 1):
        label = Text(f"{index}. ", style="dim") + Text(clean(comp.name)) + Text(f" [{comp.type}]", style="dim")
        targets = [b for a, b in sketch.connections if a == comp.name]
        if targets:
            label.append(" → " + ", ".join(clean(t) for t in targets), style="cyan")
        branch.add(label)

    if sketch.lenses:
        branch = tree.add(Text("Three lenses", style="bold"))
        for key, title, _ in LENSES:
            notes = sketch.lenses.get(key)
            if not notes:
                continue
            lens = branch.add(Text(title))
            lens.add(Text("+ strong: ", style="green") + Text(clean(notes.get("strong") or "–")))
            lens.add(Text("− weak: ", style="red") + Text(clean(notes.get("weak") or "–")))
    if sketch.research:
        tree.add(Text("To research: ", style="bold") + Text(clean(sketch.research)))
    return tree


def finish_note(console: Console, sketch: Sketch, number: int, titles: dict[str, str]) -> None:
    console.print()
    console.print(sketch_tree(sketch, number, titles=titles))
    if sketch.minutes is not None:
        console.print(Text(f"Time: {pace(sketch.minutes)}"))
    console.print(Text(f"Saved as sketch #{number}. As a diagram: sysdesign sketch --mermaid --id {number}",
                       style="dim"))


def sketches_table(rows: list[dict]) -> Table:
    table = Table(title="Daily sketches", title_justify="left", title_style="bold")
    table.add_column("#", justify="right")
    table.add_column("Date", no_wrap=True)
    table.add_column("Product", overflow="fold")
    table.add_column("Boxes", justify="right")
    table.add_column("Arrows", justify="right")
    table.add_column("Min", justify="right")
    table.add_column("Status", no_wrap=True)
    for row in rows:
        sketch = Sketch.from_dict(row["sketch"], row["system"], row["when"])
        status = "done" if sketch.complete else f"unfinished, step {sketch.steps_done}/{len(STEPS)}"
        table.add_row(str(row["id"]), day_of(row["when"]), Text(clean(sketch.system)),
                      str(len(sketch.components)), str(len(sketch.connections)),
                      "–" if sketch.minutes is None else ("<1" if sketch.minutes < 1 else f"{sketch.minutes:.0f}"),
                      status)
    return table
