"""The daily sketch on screen: the five steps with a running timer, the sketch as a tree,
and the list of past sketches."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from sysdesign.core.days import day_of
from sysdesign.core.sketch import (
    BLOCK_TYPES,
    LENSES,
    STEPS,
    TARGET_MINUTES,
    Sketch,
    SketchInputError,
    minutes_text,
    pace,
    tidy,
)
from sysdesign.ui.console import clean
from sysdesign.ui.lines import LineReader, UnusableInput, gave_up

Clock = Callable[[], datetime]


def clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class Prompter(Protocol):
    """How the sketch asks: one answer a prompt (a line editor, a scripted line, a test's fake)."""

    def ask(self, message: str, hint: str = "") -> str: ...
    def gives_up(self, misses: int) -> bool: ...


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


def walk(
    console: Console,
    prompter: Prompter,
    sketch: Sketch,
    checklist,
    clock: Clock,
    save: Callable[[Sketch], None],
    *,
    resumed: bool = False,
) -> Sketch:
    """Steps 2–5 (from the first one not done yet, when ``resumed``), saving after every answer.
    Raises EndOfInput or KeyboardInterrupt as they come; everything answered until then is
    already saved."""
    started = datetime.fromisoformat(sketch.started_at)
    since = clock()

    def elapsed() -> float:
        return (clock() - (since if resumed else started)).total_seconds()

    # 2: the checklist --------------------------------------------------------------
    if sketch.steps_done < 2:
        step_rule(console, 2, elapsed())
        console.print(Text("Answer each briefly, a few words is enough; Enter skips one.", style="dim"))
        for item in checklist:
            if item.id in sketch.checklist:  # answered before the sketch was interrupted
                continue
            console.print(Text(clean(item.title), style="bold"))
            for question in item.ask[:2]:
                console.print(Text(f"  {clean(question)}", style="dim"))
            sketch.checklist[item.id] = tidy(prompter.ask(f"{clean(item.title)}", "Enter to skip"), 300)
            save(sketch)
        sketch.steps_done = 2
        save(sketch)
    if sketch.steps_done < 3:
        _step_three(console, prompter, sketch, checklist, elapsed, save)
    if sketch.steps_done < 4:
        _step_four(console, prompter, sketch, elapsed, save)
    # 5: one thing to research ---------------------------------------------------------
    step_rule(console, 5, elapsed())
    sketch.research = tidy(prompter.ask("One thing you don't know yet and will look up"), 300)
    now = clock()
    sketch.finished_at = now.isoformat(timespec="seconds")
    sketch.minutes = None if resumed else round((now - started).total_seconds() / 60, 1)
    sketch.steps_done = len(STEPS)
    save(sketch)
    return sketch


def _step_three(console: Console, prompter, sketch: Sketch, checklist, elapsed, save) -> None:
    # 3: components and connections -------------------------------------------------
    step_rule(console, 3, elapsed())
    console.print(Text("One line each, in any order:"))
    console.print(Text("  a component   Name: type      e.g.  Feed Service: service"))
    console.print(Text("  a connection  From -> To      e.g.  API Gateway -> Feed Service   or   1 -> 2, 3"))
    console.print(Text("Each component gets a number as it is added; a connection takes names or numbers.",
                       style="dim"))
    console.print(Text(f"Types: {', '.join(BLOCK_TYPES)}. Leave out the type and it is guessed from the name.",
                       style="dim"))
    console.print(Text("u undoes the last line, ? shows the numbered sketch so far, an empty line ends the step.",
                       style="dim"))
    connect_tip_shown = False
    misses = 0
    while True:
        count = len(sketch.components)
        hint = f"From -> To with names or 1–{count}" if count >= 2 else "From -> To"
        line = prompter.ask("Add", f"Name: type  or  {hint}; empty line when done").strip()
        if not line:
            if not sketch.components:
                console.print(Text("No components yet; the lenses will have little to look at.", style="yellow"))
            break
        if line.lower() in ("u", "undo"):
            gone = sketch.undo()
            save(sketch)  # committed before it is acknowledged
            console.print(Text(f"− removed {clean(gone)}" if gone else "Nothing to undo.", style="yellow"))
            continue
        if line == "?":
            console.print(sketch_tree(sketch, titles={i.id: i.title for i in checklist}, live=True))
            continue
        try:
            added = sketch.add_line(line)
        except SketchInputError as exc:
            misses += 1
            if prompter.gives_up(misses):  # `yes x | sysdesign sketch` must end
                raise UnusableInput(gave_up(misses, line, str(exc), "", what="lines")) from None
            console.print(Text(f"Could not use that: {exc}. Try again.", style="yellow"))
            continue
        misses = 0
        save(sketch)  # committed before it is acknowledged
        console.print(Text(f"+ {clean(added)}", style="green"))
        if len(sketch.components) >= 2 and not sketch.connections and not connect_tip_shown:
            # the first moment a connection can be drawn: say which number is which
            connect_tip_shown = True
            console.print(Text(f"Connect them by number or name, e.g. 1 -> 2. So far: {clean(sketch.numbered())}",
                               style="dim"))
    sketch.steps_done = 3
    save(sketch)


def _step_four(console: Console, prompter, sketch: Sketch, elapsed, save) -> None:
    # 4: the three lenses ------------------------------------------------------------
    step_rule(console, 4, elapsed())
    console.print(Text("For each lens: where is your sketch strong, and where is it weak?", style="dim"))
    for key, title, gist in LENSES:
        if key in sketch.lenses:  # answered before the sketch was interrupted
            continue
        console.print(Text(f"{title} — {gist}", style="bold"))
        strong = tidy(prompter.ask("  strong", "Enter to skip"), 300)
        weak = tidy(prompter.ask("  weak", "Enter to skip"), 300)
        sketch.lenses[key] = {"strong": strong, "weak": weak}
        save(sketch)
    sketch.steps_done = 4
    save(sketch)


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
