"""The daily sketch: pick a product, run the checklist, sketch, judge, name one thing to learn."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime

from rich.console import Console
from rich.text import Text

from sysdesign.content.model import Course
from sysdesign.core.days import local_date
from sysdesign.core.report import streak
from sysdesign.core.sketch import STEPS, Sketch, suggest, tidy
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
from sysdesign.ui.lines import EndOfInput, UnusableInput
from sysdesign.ui.sketch import (
    LinePrompter,
    Prompter,
    TerminalPrompter,
    finish_note,
    show_suggestions,
    step_rule,
    walk,
)


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
