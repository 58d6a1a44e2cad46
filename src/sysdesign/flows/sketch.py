"""The daily sketch: pick a product, run the checklist, sketch, judge, name one thing to learn."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from rich.console import Console
from rich.text import Text

from sysdesign.content.model import Course
from sysdesign.core.days import local_date
from sysdesign.core.report import streak
from sysdesign.core.sketch import (
    BLOCK_TYPES,
    LENSES,
    STEPS,
    Sketch,
    SketchInputError,
    suggest,
    tidy,
)
from sysdesign.core.words import plural
from sysdesign.env import Environment
from sysdesign.flows import Refused
from sysdesign.store.sketches import (
    delete_sketch,
    list_sketches,
    save_sketch,
    sketch_days,
    update_sketch,
)
from sysdesign.store.store import Store
from sysdesign.ui.console import clean
from sysdesign.ui.lines import EndOfInput, UnusableInput, gave_up
from sysdesign.ui.sketch import (
    Clock,
    LinePrompter,
    TerminalPrompter,
    finish_note,
    show_suggestions,
    sketch_tree,
    step_rule,
)


class Prompter(Protocol):
    """How the sketch asks: one answer a prompt (a line editor, a scripted line, a test's fake)."""

    def ask(self, message: str, hint: str = "") -> str: ...
    def gives_up(self, misses: int) -> bool: ...


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


def _step_three(console: Console, prompter: Prompter, sketch: Sketch, checklist, elapsed, save) -> None:
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


def _step_four(console: Console, prompter: Prompter, sketch: Sketch, elapsed, save) -> None:
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


def unfinished_sketch(st: Store) -> tuple[int, Sketch] | None:
    """The newest sketch, when it stopped before step 5 (Ctrl-C, end of input)."""
    latest = list_sketches(st, limit=1)
    if not latest:
        return None
    row = latest[0]
    sk = Sketch.from_dict(row["sketch"], row["system"], row["when"])
    return None if sk.complete else (row["id"], sk)


def new_sketch(env: Environment, course: Course, st: Store, system: str | None, *, fresh: bool = False) -> None:
    """The daily sketch at this command's terminal (a line editor) or from its script (lines)."""
    console = env.console()
    started = env.now()
    prompter = (TerminalPrompter(env.now, started, **env.prompt_kwargs()) if env.interactive
                else LinePrompter(console, env.line_reader()))
    sketch_session(console, prompter, course, st, system, clock=env.now, started=started, fresh=fresh)


def sketch_session(console: Console, prompter: Prompter, course: Course, st: Store, system: str | None, *,
                   clock: Callable[[], datetime], started: datetime | None = None, fresh: bool = False) -> None:
    """The five steps, each answer saved as it is given; an early stop keeps what has content.
    An unfinished sketch is taken up again where it stopped (unless ``fresh``, or another
    product is named)."""
    started = clock() if started is None else started
    saved: dict[str, int] = {}

    def save(sk: Sketch) -> None:
        if "id" in saved:
            update_sketch(st, saved["id"], sk.to_dict())
        else:
            saved["id"] = save_sketch(st, sk.system, started, sk.to_dict())

    pending = None if fresh else unfinished_sketch(st)
    if pending is not None and system and tidy(system, 80).casefold() != pending[1].system.casefold():
        pending = None
    sk: Sketch | None = None
    try:
        if pending is not None:
            saved["id"], sk = pending
            console.print(Text(f"Going on with your unfinished sketch #{saved['id']} of {clean(sk.system)}, "
                               f"from step {sk.steps_done + 1} of {len(STEPS)}. Answers are saved as you go.",
                               style="bold"))
            console.print(Text("To start a fresh one instead: sysdesign sketch --new", style="dim"))
            walk(console, prompter, sk, course.checklist, clock, save, resumed=True)
        else:
            console.print(Text("Daily sketch: five short steps, about 15–20 minutes. Answers are saved as you go.",
                               style="bold"))
            step_rule(console, 1, 0)
            if system is None or not tidy(system):
                recent = [r["system"] for r in list_sketches(st, limit=10)]
                ideas = suggest(random.Random(local_date(started).toordinal()), recent, 3)
                show_suggestions(console, ideas)
                picked = tidy(prompter.ask("Product", f"Enter for {ideas[0][0]}"), 80)
                system = picked or ideas[0][0]
            system = tidy(system, 80)
            console.print(Text("Sketching: ", style="dim") + Text(system, style="bold"))
            sk = Sketch(system, started.isoformat(timespec="seconds"))
            save(sk)
            walk(console, prompter, sk, course.checklist, clock, save)
    except (EndOfInput, KeyboardInterrupt) as exc:
        kept = _keep_or_drop(st, sk, saved)
        if isinstance(exc, KeyboardInterrupt):
            raise
        console.print()
        console.print(kept, markup=False)
        if isinstance(exc, UnusableInput):
            raise Refused(str(exc)) from None
        return
    finish_note(console, sk, saved["id"], {i.id: i.title for i in course.checklist})
    days = streak(sketch_days(st), local_date(clock()))
    console.print(Text(f"Sketch streak: {plural(days, 'day')}. Come back tomorrow for another.",
                       style="bold green"))


def _keep_or_drop(st: Store, sk: Sketch | None, saved: dict[str, int]) -> str:
    """After an early stop: keep a sketch with something in it, forget an empty one."""
    if "id" not in saved:
        return "End of input — nothing was recorded."
    if sk is None or not sk.has_content():
        delete_sketch(st, saved["id"])
        return "End of input — nothing was recorded beyond the product's name, so nothing was saved."
    return (f"End of input — your sketch so far is saved as #{saved['id']}. "
            f"See it with: sysdesign sketch --id {saved['id']}; go on with it: sysdesign sketch")
