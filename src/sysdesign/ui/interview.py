"""The mock-interview screen (prompt_toolkit, full screen) and what comes after it.

The screen never reads the time itself: it is given a ``clock`` (seconds, monotonic)
and a core ``Interview``; a background task calls ``tick()`` a few times a second, and
tests call ``tick()`` and the key actions directly with a fake clock. Every block of the
screen is built by a pure function of (state, width), so it renders at 80x24 and degrades
at 40 columns by wrapping and truncating rather than overflowing.

Keys (Ctrl keys do not clash with typing notes; F-keys are alternatives):
    Ctrl-N / F5   next phase (on the last phase: finish)
    Ctrl-T / F4   pause / resume
    Ctrl-G / F2   hint (logged; three per problem, gentle first)
    Ctrl-P / F3   previous interviewer prompt (cycles)
    Ctrl-Q / F10  quit and save
    Ctrl-C        stop; the transcript so far is saved
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from sysdesign.core.interview import Event, Interview, PlannedPhase, clock_text
from sysdesign.ui.console import clean

if TYPE_CHECKING:
    from prompt_toolkit.application import Application

    from sysdesign.content.model import ChecklistItem
    from sysdesign.content.problems import Problem, RubricItem

MIN_COLUMNS, MIN_ROWS = 40, 14
TICK_SECONDS = 0.1
WHOLE = 1_000  # as min_lines: never squeeze this block
FLASH_SECONDS = 4.0

KEYS: tuple[tuple[str, str], ...] = (
    ("^N", "next phase"),
    ("^T", "pause"),
    ("^G", "hint"),
    ("^P", "prev prompt"),
    ("^Q", "quit & save"),
)
# under 60 columns: every key on one line (40 columns) rather than the last ones cut off
SHORT_KEYS: tuple[tuple[str, str], ...] = (("^N", "next"), ("^T", "pause"), ("^G", "hint"), ("^P", "prev"), ("^Q", "quit"))
SHORT_KEYS_BELOW = 60

STYLE_RULES = {
    "title": "bold",
    "dim": "#888888",
    "phase": "bold",
    "phase.ok": "bold ansigreen",
    "phase.low": "bold ansiyellow",
    "phase.paused": "reverse bold",
    "phase.done": "bold",
    "bar.done": "ansigreen",
    "bar.current": "ansicyan",
    "bar.low": "ansiyellow",
    "bar.todo": "#666666",
    "rule": "#888888",
    "prompt": "",
    "prompt.new": "bold",
    "check": "",
    "check.title": "bold",
    "hint": "ansimagenta",
    "flash.info": "bold ansicyan",
    "flash.low": "bold ansiyellow",
    "flash.up": "reverse bold ansired",
    "key": "reverse",
    "keytext": "",
    "small": "reverse bold",
}

Fragments = list[tuple[str, str]]


# pure text helpers -------------------------------------------------------------------

def fit(text: str, width: int) -> str:
    """One line no wider than ``width``, with an ellipsis when cut."""
    text = " ".join(text.splitlines())
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def wrap(text: str, width: int) -> list[str]:
    """Wrap each paragraph line of ``text`` to ``width`` (bullets keep a hanging indent)."""
    out: list[str] = []
    width = max(8, width)
    for line in clean(text).splitlines() or [""]:
        stripped = line.strip()
        if not stripped:
            out.append("")
            continue
        indent = "  " if stripped.startswith(("• ", "- ")) else ""
        out += textwrap.wrap(stripped, width, subsequent_indent=indent, break_long_words=True,
                             break_on_hyphens=False) or [""]
    return out


def two_ends(left: str, right: str, width: int) -> list[str]:
    """``left`` and ``right`` on one line when they fit, else on two lines."""
    if len(left) + 1 + len(right) <= width:
        return [left + " " * (width - len(left) - len(right)) + right]
    return [fit(left, width), fit(right, width).rjust(width)]


def rule(title: str, width: int) -> str:
    head = fit(f"── {title}", width - 1) + " " if title else ""
    return head + "─" * max(0, width - len(head))


def key_lines(keys: Sequence[tuple[str, str]], width: int, gap_width: int = 2) -> list[Fragments]:
    """The key legend packed greedily into lines of ``width``."""
    lines: list[Fragments] = []
    line: Fragments = []
    used = 0
    for key, label in keys:
        size = len(key) + 1 + len(label)
        gap = gap_width if line else 0
        if line and used + gap + size > width:
            lines.append(line)
            line, used, gap = [], 0, 0
        if gap:
            line.append(("", " " * gap))
        line += [("class:key", key), ("class:keytext", " " + fit(label, max(1, width - len(key) - 1)))]
        used += gap + size
    if line:
        lines.append(line)
    return lines


def pack(items: Sequence[str], width: int, gap: int = 2) -> list[str]:
    """Short items side by side, as many to a line as fit."""
    lines: list[str] = []
    for item in items:
        item = fit(item, width)
        if lines and len(lines[-1]) + gap + len(item) <= width:
            lines[-1] += " " * gap + item
        else:
            lines.append(item)
    return lines


def timeline(phases: Sequence[PlannedPhase], current: int, position_s: float, width: int,
             level: str) -> Fragments:
    """A bar across the whole plan: done, the current phase, and what is to come."""
    total = phases[-1].end_s or 1.0
    cells = max(1, width)
    out: Fragments = []
    for i in range(cells):
        t = (i + 0.5) / cells * total
        phase = next((p.index for p in phases if p.start_s <= t < p.end_s), len(phases) - 1)
        if t <= position_s:
            out.append(("class:bar.done", "█"))
        elif phase == current:
            out.append(("class:bar.low" if level == "low" else "class:bar.current", "▒"))
        else:
            boundary = any(abs(t - p.start_s) < total / cells / 2 for p in phases[1:])
            out.append(("class:bar.todo", "│" if boundary else "░"))
    return out


# the screen's state and blocks --------------------------------------------------------

class InterviewScreen:
    """Holds the interview, the clock and the view; builds and runs the Application."""

    def __init__(self, problem: Problem, checklist: Sequence[ChecklistItem], interview: Interview,
                 clock: Callable[[], float], *, quiet: bool = False, input=None, output=None):
        self.problem = problem
        self.checklist = tuple(checklist)
        self.interview = interview
        self.clock = clock
        self.quiet = quiet
        self.view: int | None = None  # index of the prompt shown; None: the newest
        self.hint_text = ""
        self.flash = ("", "")  # style, text
        self.flash_until = 0.0
        self.result: str | None = None
        self._input, self._output = input, output
        self.app = self._build()

    # state changes ---------------------------------------------------------------
    def now(self) -> float:
        return self.clock()

    def _say(self, style: str, text: str, seconds: float = FLASH_SECONDS) -> None:
        self.flash = (style, text)
        self.flash_until = self.now() + seconds

    def handle(self, events: Sequence[Event]) -> None:
        iv = self.interview
        for event in events:
            if event.kind == "prompt":
                self.view = None
            elif event.kind == "low":
                left = clock_text(math.ceil(iv.phase_left(self.now())))
                self._say("class:flash.low", f"{left} left for {event.text}: start wrapping up.")
            elif event.kind == "time-up":
                nxt = iv.phases[event.phase + 1].spec.title if event.phase + 1 < len(iv.phases) else ""
                text = f"Time is up for {event.text}" + (f" — on to {nxt}." if nxt else ".")
                self._say("class:flash.up", text)
                self._bell()
            elif event.kind == "phase":
                self.view = None
                self.hint_text = ""
                self._clear_notes()
                self._full_redraw()
            elif event.kind == "finished":
                self._finish()

    def tick(self) -> None:
        self.handle(self.interview.tick(self.now()))
        if self.flash[1] and self.now() >= self.flash_until:
            self.flash = ("", "")
        self._invalidate()

    def next_phase(self) -> None:
        iv = self.interview
        before = iv.phase
        events = iv.next_phase(self.now())
        if not iv.finished and iv.phase != before:
            self._say("class:flash.info", f"Moved on to {iv.current.spec.title}.")
        self.handle(events)
        self._invalidate()

    def toggle_pause(self) -> None:
        paused = self.interview.toggle_pause(self.now())
        self._say("class:flash.info", "Paused: the clocks are stopped. ^T resumes." if paused else "Resumed.",
                  seconds=1e9 if paused else 2.0)
        self._invalidate()

    def hint(self) -> None:
        taken = self.interview.take_hint(self.now())
        if taken is None:
            self._say("class:flash.info", "No hints left: all three are shown in the transcript.")
        else:
            self.hint_text = f"Hint {taken.number}/{len(self.interview.hints)}: {taken.text}"
        self._invalidate()

    def previous_prompt(self) -> None:
        shown = len(self.interview.revealed(self.interview.phase))
        if shown <= 1:
            return
        current = shown - 1 if self.view is None else self.view
        self.view = current - 1 if current > 0 else None
        self._invalidate()

    def quit(self, reason: str = "quit") -> None:
        self.handle(self.interview.stop(self.now(), reason))

    def _finish(self) -> None:
        reason = self.interview.end_reason
        self.result = "finished" if reason in ("time", "early") else (reason or "quit")
        app = self.app
        if app.is_running and not app.future.done():
            app.exit(result=self.result)

    # terminal effects (no-ops when the app is not running) ------------------------------
    def _bell(self) -> None:
        if not self.quiet and self.app.is_running:
            try:
                self.app.output.bell()
            except Exception:  # a terminal without a bell is no reason to stop
                pass

    def _invalidate(self) -> None:
        if self.app.is_running:
            self.app.invalidate()

    def _full_redraw(self) -> None:
        if self.app.is_running:
            self.app.renderer.clear()

    def _clear_notes(self) -> None:
        self.notes.text = ""

    def on_notes_changed(self, _buffer=None) -> None:
        if not self.interview.finished:
            self.interview.set_notes(self.notes.text)

    # blocks: pure functions of the state and a width ------------------------------------
    def header(self, width: int) -> list[Fragments]:
        iv, now = self.interview, self.now()
        p = self.problem
        level = iv.level(now)
        lines: list[Fragments] = []
        total_left = clock_text(math.ceil(iv.total_left(now) - 1e-6))  # a countdown rounds up
        for text in two_ends(f"{clean(p.title)} ({p.difficulty})", f"total {total_left} left", width):
            lines.append([("class:title", text)])
        phase = iv.current
        left = f"Phase {phase.index + 1}/{len(iv.phases)} · {phase.spec.title}"
        right = "PAUSED" if level == "paused" else f"{clock_text(math.ceil(iv.phase_left(now) - 1e-6))} left"
        style = f"class:phase.{level}"
        for text in two_ends(left, right, width):
            lines.append([(style, text)])
        position = phase.start_s + iv.phase_elapsed(now)
        lines.append(timeline(iv.phases, phase.index, position, width, level))
        if width >= 60:  # narrow screens keep their rows for the interviewer and the notes
            for text in wrap(phase.spec.goal, width):
                lines.append([("class:dim", text)])
        return lines

    def prompt_block(self, width: int) -> list[Fragments]:
        iv = self.interview
        shown = iv.revealed(iv.phase)
        if not shown:
            return [[("class:rule", rule("Interviewer", width))]]
        index = len(shown) - 1 if self.view is None else min(self.view, len(shown) - 1)
        title = "Interviewer" if len(shown) == 1 else f"Interviewer {index + 1}/{len(shown)}"
        if index == len(shown) - 1 and index > 0:
            title += " · new"
        lines: list[Fragments] = [[("class:rule", rule(title, width))]]
        style = "class:prompt.new" if index == len(shown) - 1 else "class:prompt"
        lines += [[(style, text)] for text in wrap(shown[index], width)]
        return lines

    def checklist_block(self, width: int) -> list[Fragments]:
        if self.interview.phase != 0 or not self.checklist:
            return []
        lines: list[Fragments] = [[("class:rule", rule("Checklist: ask before you design", width))]]
        if width < 60:  # narrow: titles only, packed
            return lines + [[("class:check.title", text)] for text in pack([f"□ {clean(i.title)}" for i in self.checklist], width)]
        for item in self.checklist:
            title = clean(item.title)
            question = clean(item.ask[0]) if item.ask else ""
            head = f"□ {title}"
            if not question:
                lines.append([("class:check.title", fit(head, width))])
            else:
                lines.append([("class:check.title", head), ("class:check", fit(" — " + question, width - len(head)))])
        return lines

    def notes_rule(self, width: int) -> list[Fragments]:
        title = f"Notes for {self.interview.current.spec.title}" if width >= 50 else "Notes"
        return [[("class:rule", rule(f"{title} (type freely)", width))]]

    def hint_block(self, width: int) -> list[Fragments]:
        if not self.hint_text:
            return []
        return [[("class:hint", text)] for text in wrap(self.hint_text, width)]

    def status_block(self, width: int) -> list[Fragments]:
        style, text = self.flash
        if self.interview.paused and not text:
            style, text = "class:flash.info", "Paused: the clocks are stopped. ^T resumes."
        if not text:
            return []
        return [[(style, line)] for line in wrap(text, width)]

    def keys_block(self, width: int) -> list[Fragments]:
        iv = self.interview
        if width < SHORT_KEYS_BELOW:  # the paused screen says "^T resumes" in its status line
            keys = list(SHORT_KEYS)
            if iv.phase == len(iv.phases) - 1:
                keys[0] = ("^N", "end")
            return key_lines(keys, width, gap_width=1)
        keys = list(KEYS)
        if iv.phase == len(iv.phases) - 1:
            keys[0] = ("^N", "finish")
        if iv.paused:
            keys[1] = ("^T", "resume")
        return key_lines(keys, width)

    # layout ----------------------------------------------------------------------
    def _build(self) -> Application:
        # prompt_toolkit (~80 ms to import) only when a screen is built: --list and --plan skip it
        from prompt_toolkit.application import Application
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.layout import HSplit, Layout, Window
        from prompt_toolkit.layout.controls import FormattedTextControl
        from prompt_toolkit.layout.dimension import Dimension
        from prompt_toolkit.styles import Style
        from prompt_toolkit.widgets import TextArea

        self.notes = TextArea(multiline=True, wrap_lines=True, scrollbar=False, focus_on_click=True,
                              height=Dimension(min=2))  # takes whatever room the blocks leave
        self.notes.buffer.on_text_changed += self.on_notes_changed

        def block(fn, *, min_lines: int = 0, max_lines: int | None = None):
            return Window(_lines_control(fn), height=_height(fn, min_lines, max_lines), wrap_lines=False,
                          dont_extend_height=True)


        too_small = Window(FormattedTextControl([("class:small",
                           f" Terminal too small: the interview needs {MIN_COLUMNS}×{MIN_ROWS}. ")]))
        root = HSplit([
            block(self.header, min_lines=3),
            block(self.prompt_block, min_lines=2, max_lines=12),
            block(self.checklist_block, min_lines=WHOLE),  # phase 1 must show all six items
            block(self.notes_rule, min_lines=1),
            self.notes,
            block(self.hint_block, min_lines=2, max_lines=6),
            block(self.status_block, min_lines=1),
            block(self.keys_block, min_lines=1),
        ], window_too_small=too_small)

        kb = KeyBindings()
        bind = {
            ("c-n", "f5"): lambda: self.next_phase(),
            ("c-t", "f4"): lambda: self.toggle_pause(),
            ("c-g", "f2"): lambda: self.hint(),
            ("c-p", "f3"): lambda: self.previous_prompt(),
            ("c-q", "f10"): lambda: self.quit("quit"),
            ("c-c",): lambda: self.quit("interrupted"),
        }
        for keys, action in bind.items():
            for key in keys:
                kb.add(key, eager=True)(_handler(action))

        style = Style.from_dict(STYLE_RULES)
        kwargs = {}
        if self._input is not None:
            kwargs["input"] = self._input
        if self._output is not None:
            kwargs["output"] = self._output
        return Application(layout=Layout(root, focused_element=self.notes), key_bindings=kb, style=style,
                           full_screen=True, mouse_support=False, **kwargs)

    def run(self) -> str:
        """Run until the interview finishes, is quit or interrupted; returns which."""
        import asyncio

        async def ticker() -> None:
            while True:
                await asyncio.sleep(TICK_SECONDS)
                self.tick()

        def pre_run() -> None:
            self.tick()
            if self.result is None:
                self.app.create_background_task(ticker())

        if self.interview.finished:
            self._finish()
            return self.result or "finished"
        result = self.app.run(pre_run=pre_run)
        return result or self.result or "quit"


def _handler(action: Callable[[], None]):
    def handle(event) -> None:
        action()

    return handle


def _height(fn, min_lines: int, max_lines: int | None):
    from prompt_toolkit.application.current import get_app
    from prompt_toolkit.layout.dimension import Dimension

    def height() -> Dimension:
        try:
            width = get_app().output.get_size().columns
        except Exception:
            width = 80
        n = len(fn(max(1, width)))
        preferred = n if max_lines is None else min(n, max_lines)
        return Dimension(min=min(min_lines, preferred), preferred=preferred, max=preferred)

    return height


_LINES_CLASS = None


def _lines_control(fn: Callable[[int], list[Fragments]]):
    """A control showing lines of fragments built for the width the window actually has."""
    global _LINES_CLASS
    if _LINES_CLASS is None:
        from prompt_toolkit.layout.controls import UIContent, UIControl

        class Lines(UIControl):
            def __init__(self, fn: Callable[[int], list[Fragments]]):
                self.fn = fn

            def create_content(self, width: int, height: int) -> UIContent:
                lines = self.fn(max(1, width))
                return UIContent(get_line=lambda i: lines[i], line_count=len(lines), show_cursor=False)

            def preferred_height(self, width, max_available_height, wrap_lines, get_line_prefix):
                return len(self.fn(max(1, width)))

            def is_focusable(self) -> bool:
                return False

        _LINES_CLASS = Lines
    return _LINES_CLASS(fn)


def snapshot(screen: InterviewScreen, width: int = 80, height: int = 24) -> str:
    """The screen as plain text at a given size (for tests and for debugging)."""
    import asyncio

    from prompt_toolkit.application.current import set_app
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.layout.mouse_handlers import MouseHandlers
    from prompt_toolkit.layout.screen import Screen, WritePosition

    output = screen.app.output
    original = output.get_size
    canvas = Screen()

    async def draw() -> None:  # the notes buffer wants a running loop for its history
        with set_app(screen.app):
            screen.app.layout.container.write_to_screen(
                canvas, MouseHandlers(), WritePosition(0, 0, width, height), "", True, None)
            canvas.draw_all_floats()

    output.get_size = lambda: Size(rows=height, columns=width)
    try:
        asyncio.run(draw())
    finally:
        output.get_size = original
    rows = []
    for y in range(height):
        row = canvas.data_buffer[y]
        rows.append("".join(row[x].char for x in range(width)).rstrip())
    return "\n".join(rows)


# after the clock: self-assessment and the reference -----------------------------------

def ask_score_interactive(item: RubricItem) -> int:
    import questionary

    answer = questionary.text(
        "Your score (1-4):",
        validate=lambda v: v.strip() in {"1", "2", "3", "4"} or "Type a whole number from 1 to 4.",
    ).unsafe_ask()
    return int(answer.strip())


def self_assessment(console: Console, problem: Problem, scores: dict[str, int],
                    ask: Callable[[RubricItem], int] = ask_score_interactive) -> dict[str, int]:
    """Ask a 1-4 score for each rubric criterion; ``scores`` fills in as answers come."""
    console.print()
    console.print(Text("Self-assessment", style="bold underline"))
    console.print(Text("Score yourself on each criterion from 1 (weak) to 4 (strong). "
                       "The reference solution is shown after you score.", style="dim"))
    total = len(problem.rubric)
    for n, item in enumerate(problem.rubric, 1):
        if item.id in scores:
            continue
        console.print()
        console.print(Text(f"{n}/{total}  {clean(item.title)}", style="bold cyan"))
        anchors = [(f"{score} looks like:", text) for score, text in enumerate(item.anchors, 1) if text]
        console.print(_hanging(anchors))
        scores[item.id] = ask(item)
    return scores


def show_reference(console: Console, problem: Problem, scores: dict[str, int]) -> None:
    from sysdesign.core.interview import self_score

    console.print()
    overall = self_score(scores)
    if overall is not None:
        console.print(Text(f"Your self-score: {overall:.1f} / 4", style="bold"))
    console.print()
    console.print(Text(f"Reference solution: {clean(problem.title)}", style="bold underline"))
    console.print(reference_view(problem))
    console.print(Text("Hints", style="bold"))
    console.print(_hanging([(f"{n}.", hint) for n, hint in enumerate(problem.hints, 1)]))


def reference_view(problem: Problem, sections: tuple[str, ...] | None = None) -> Group:
    """The problem's reference (content.problems.reference_markdown) with the design as a tree."""
    from rich.markdown import Markdown  # ~90 ms: only now

    from sysdesign.content.problems import REFERENCE_SECTIONS

    chosen = sections or REFERENCE_SECTIONS
    parts: list = []
    before = tuple(s for s in REFERENCE_SECTIONS[:REFERENCE_SECTIONS.index("design")] if s in chosen)
    after = tuple(s for s in REFERENCE_SECTIONS[REFERENCE_SECTIONS.index("design") + 1:] if s in chosen)
    if before:
        parts.append(Markdown(clean(problem.reference_markdown(before, mermaid=False)), hyperlinks=False))
    if "design" in chosen and problem.design.components:
        parts += [design_tree(problem), Text()]
    if after:
        parts.append(Markdown(clean(problem.reference_markdown(after, mermaid=False)), hyperlinks=False))
    return Group(*parts)


def design_tree(problem: Problem):
    """The reference design as a tree: each component, its type, where its arrows go, its role."""
    from rich.tree import Tree

    tree = Tree(Text(f"Reference design: {clean(problem.title)}", style="bold"), guide_style="dim")
    design = problem.design
    for index, comp in enumerate(design.components, 1):
        label = Text(f"{index}. ", style="dim") + Text(clean(comp.name), style="bold") + Text(f" [{comp.type}]", style="dim")
        targets = [b for a, b in design.arrows if a == comp.name]
        if targets:
            label.append(" → " + ", ".join(clean(t) for t in targets), style="cyan")
        tree.add(label).add(Text(clean(comp.role)))
    return tree


def _hanging(rows: Sequence[tuple[str, str]]) -> Table:
    """Label and text side by side, the text wrapping under itself."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(overflow="fold")
    for label, text in rows:
        grid.add_row("  " + label, Text(clean(text)))
    return grid


def plan_table(rows: Sequence[dict], title: str) -> Table:
    table = Table(title=title, title_justify="left", pad_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("Phase", no_wrap=True)
    table.add_column("From", justify="right", no_wrap=True)
    table.add_column("To", justify="right", no_wrap=True)
    table.add_column("Focus", overflow="fold")
    for row in rows:
        table.add_row(str(row["index"]), row["title"], clock_text(row["start_min"] * 60),
                      clock_text(row["end_min"] * 60), Text(row["goal"]))
    return table


def problem_table(rows: Sequence[dict]) -> Table:
    table = Table(title="Interview problems, by what they exercise", title_justify="left", pad_edge=False)
    table.add_column("Group", style="bold", overflow="fold")
    table.add_column("Problem", style="cyan", overflow="fold")
    table.add_column("Title", overflow="fold")
    table.add_column("Level", no_wrap=True)
    table.add_column("Done", justify="right", no_wrap=True)
    table.add_column("Last", justify="right", no_wrap=True)
    table.add_column("Best", justify="right", no_wrap=True)
    group = None
    for row in rows:
        last, best = row["last_self_score"], row["best_self_score"]
        if group is not None and row["group"] != group:
            table.add_section()
        shown = Text(clean(row["group_title"])) if row["group"] != group else Text("")
        group = row["group"]
        table.add_row(shown, row["id"], Text(clean(row["title"])), row["difficulty"], str(row["taken"]),
                      "—" if last is None else f"{last:.1f}", "—" if best is None else f"{best:.1f}")
    return table
