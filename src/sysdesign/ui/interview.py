"""The mock-interview screen (prompt_toolkit, full screen) and what comes after it.

The screen never reads the time itself: it is given a ``clock`` (seconds, monotonic)
and a core ``LiveInterview`` (the interview's clock plus the coach); a background task
calls ``tick()`` a few times a second, and tests call ``tick()`` and the key actions
directly with a fake clock. Every block of the screen is built by a pure function of
(state, width), and ``plan_heights`` shares the rows out, so the screen stays usable from
40x14 up: the notes, the keys and the last thing a key did are always on screen.

Keys (Ctrl keys do not clash with typing notes; F-keys are alternatives):
    Ctrl-N / F5   next phase (on the last phase: finish); the time left carries over
    Ctrl-T / F4   pause / resume
    Ctrl-G / F2   hint (logged; three per problem, gentle first)
    Ctrl-R / F6   coverage so far: which phase to look at again (never the answer)
    Ctrl-P / F3   previous interviewer prompt (cycles)
    Alt-1..6      tick a checklist item (phase 1)
    Ctrl-Q / F10  quit: asks once, then stops and goes on to the self-assessment
    Ctrl-C        stop; the notes are saved and the interview can be resumed
"""

from __future__ import annotations

import math
import textwrap
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from sysdesign.core.coach import LiveInterview, read_design
from sysdesign.core.interview import Event, Interview, clock_text
from sysdesign.ui.console import clean

if TYPE_CHECKING:
    from prompt_toolkit.application import Application

    from sysdesign.content.model import ChecklistItem
    from sysdesign.content.problems import Problem, RubricItem
    from sysdesign.env import Environment

MIN_COLUMNS, MIN_ROWS = 40, 14
TICK_SECONDS = 0.1
FLASH_SECONDS = 4.0
CONFIRM_SECONDS = 6.0  # how long a first Ctrl-Q waits for the second
DESIGN_PHASE = 2

KEYS: tuple[tuple[str, str], ...] = (
    ("^N", "next phase"),
    ("^T", "pause"),
    ("^G", "hint"),
    ("^R", "coverage"),
    ("^P", "prev prompt"),
    ("^Q", "quit"),
)
# under 60 columns: short labels, so the keys take two lines at 40 columns rather than cut off
SHORT_KEYS: tuple[tuple[str, str], ...] = (("^N", "next"), ("^T", "pause"), ("^G", "hint"), ("^R", "cover"),
                                           ("^P", "prev"), ("^Q", "quit"))
SHORT_KEYS_BELOW = 60
TICK_KEY = ("M-1…6", "tick")  # Alt-1 to Alt-6 tick the checklist in phase 1

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
    "prompt.curveball": "bold ansimagenta",
    "check": "",
    "check.title": "bold",
    "check.done": "ansigreen",
    "hint": "ansimagenta",
    "design": "ansicyan",
    "flash.info": "bold ansicyan",
    "flash.low": "bold ansiyellow",
    "flash.up": "reverse bold ansired",
    "flash.ask": "reverse bold ansicyan",
    "flash.warn": "reverse bold ansiyellow",
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


def timeline(windows: Sequence[tuple[float, float]], total: float, current: int, position_s: float,
             width: int, level: str) -> Fragments:
    """A bar across the whole interview: done, the current phase, and what is to come. The
    phases are drawn where they actually fall (time carried over moves the boundaries)."""
    total = total or 1.0
    cells = max(1, width)
    out: Fragments = []
    for i in range(cells):
        t = (i + 0.5) / cells * total
        phase = next((k for k, (a, b) in enumerate(windows) if a <= t < b), len(windows) - 1)
        if t <= position_s:
            out.append(("class:bar.done", "█"))
        elif phase == current:
            out.append(("class:bar.low" if level == "low" else "class:bar.current", "▒"))
        else:
            boundary = any(abs(t - a) < total / cells / 2 for a, _ in windows[1:])
            out.append(("class:bar.todo", "│" if boundary else "░"))
    return out


def cut(lines: list[Fragments], height: int, more: str = "…") -> list[Fragments]:
    """At most ``height`` lines; when some are cut, the last one kept says so."""
    if len(lines) <= height:
        return lines
    if height <= 0:
        return []
    return lines[: height - 1] + [[("class:dim", more)]]


def plan_heights(wants: dict[str, tuple[int, int]], height: int, fixed: int, notes_min: int,
                 fill: Sequence[str] | None = None) -> dict[str, int]:
    """Share ``height`` rows out: ``fixed`` rows are taken (header, keys, status, the notes'
    rule), the notes keep ``notes_min``, and the blocks in ``wants`` (name: (lines wanted, the
    fewest worth showing)) first get their fewest, in the dict's order (a block that cannot
    get its fewest gets nothing), then the rest of what they want in the order ``fill``."""
    room = max(0, height - fixed - notes_min)
    got = dict.fromkeys(wants, 0)
    for name, (want, least) in wants.items():
        take = min(want, least)
        if take <= room:
            got[name] = take
            room -= take
    for name in fill or wants:
        want = wants[name][0]
        if got[name] or want <= room:
            take = min(want - got[name], room)
            got[name] += take
            room -= take
    return got


# saving as the notes are typed -------------------------------------------------------------

class Autosave:
    """Debounced saves: after the typing pauses for ``quiet_s``, and at least every ``max_s``
    while it goes on, so a kill loses at most the last second or so. ``save`` returns None, or
    a message when the save failed (it is tried again ``retry_s`` later)."""

    def __init__(self, save: Callable[[], str | None], clock: Callable[[], float] = time.monotonic,
                 quiet_s: float = 0.5, max_s: float = 1.0, retry_s: float = 2.0):
        self.save = save
        self.clock = clock
        self.quiet_s, self.max_s, self.retry_s = quiet_s, max_s, retry_s
        self.dirty_since: float | None = None
        self.last_change = 0.0
        self.failed_at: float | None = None
        self.saves = 0

    def changed(self) -> None:
        now = self.clock()
        if self.dirty_since is None:
            self.dirty_since = now
        self.last_change = now

    def tick(self) -> str | None:
        """Save when due; returns the failure message of a save that failed now."""
        if self.dirty_since is None:
            return None
        now = self.clock()
        if self.failed_at is not None and now - self.failed_at < self.retry_s:
            return None
        if now - self.last_change >= self.quiet_s or now - self.dirty_since >= self.max_s:
            return self.flush()
        return None

    def flush(self) -> str | None:
        if self.dirty_since is None:
            return None
        error = self.save()
        if error is None:
            self.dirty_since, self.failed_at = None, None
            self.saves += 1
        else:
            self.failed_at = self.clock()
        return error


# the screen's state and blocks --------------------------------------------------------

class InterviewScreen:
    """Holds the interview, the clock and the view; builds and runs the Application."""

    def __init__(self, problem: Problem, checklist: Sequence[ChecklistItem], interview: Interview,
                 clock: Callable[[], float], *, quiet: bool = False, input=None, output=None,
                 live: LiveInterview | None = None, autosave: Autosave | None = None,
                 coverage: Callable[[], str] | None = None, ticked: Sequence[str] = ()):
        self.problem = problem
        self.checklist = tuple(checklist)
        self.interview = interview
        self.live = live or LiveInterview(interview)
        self.clock = clock
        self.quiet = quiet
        self.autosave = autosave
        self.coverage_text = coverage
        self.ticked: list[str] = [t for t in ticked if any(i.id == t for i in self.checklist)]
        self.view: int | None = None  # index of the prompt shown; None: the newest
        self.hint_text = ""
        self.flash = ("", "")  # style, text
        self.flash_until = 0.0
        self.quit_asked_at: float | None = None
        self.prompt_page, self.prompt_pages = 0, 1
        self.result: str | None = None
        self.failure: BaseException | None = None
        self._design_cache: tuple[str, list[str]] = ("\0", [])
        self._input, self._output = input, output
        self.app = self._build()

    # state changes ---------------------------------------------------------------
    def now(self) -> float:
        return self.clock()

    def _say(self, style: str, text: str, seconds: float = FLASH_SECONDS) -> None:
        self.flash = (style, text)
        self.flash_until = self.now() + seconds

    def _changed(self) -> None:
        if self.autosave is not None:
            self.autosave.changed()

    def handle(self, events: Sequence[Event]) -> None:
        iv = self.interview
        for event in events:
            if event.kind == "prompt":
                self.view = None
                self.prompt_page = 0
                said = iv.logs[event.phase].said[-1] if iv.logs[event.phase].said else None
                kind = said.kind if said is not None else ""
                if kind == "curveball":
                    self._say("class:flash.ask", "Curveball: the requirements just changed. Read the interviewer.", 8.0)
                    self._bell()
                elif kind in ("asked", "rule", "nudge"):
                    self._say("class:flash.ask", "The interviewer asks about your notes: answer in the notes.", 6.0)
                    self._bell()
                self._changed()
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
                self.prompt_page = 0
                self.hint_text = ""
                self._clear_notes()
                self._full_redraw()
                self._changed()
            elif event.kind == "finished":
                self._finish()

    def tick(self) -> None:
        self.handle(self.live.tick(self.now()))
        if self.autosave is not None:
            error = self.autosave.tick()
            if error:
                self._say("class:flash.warn", f"Not saved: {error} Trying again; keep typing.", 6.0)
        if self.flash[1] and self.now() >= self.flash_until:
            self.flash = ("", "")
        if self.quit_asked_at is not None and self.now() - self.quit_asked_at > CONFIRM_SECONDS:
            self.quit_asked_at = None
        self._invalidate()

    def next_phase(self) -> None:
        iv = self.interview
        before = iv.phase
        left = iv.phase_left(self.now())
        events = iv.next_phase(self.now())
        if not iv.finished and iv.phase != before:
            carried = f"; the {clock_text(left)} left carries over" if iv.carry_over and left >= 1 else ""
            self._say("class:flash.info", f"Moved on to {iv.current.spec.title}{carried}.")
        self.handle(events)
        self._changed()
        self._invalidate()

    def toggle_pause(self) -> None:
        paused = self.interview.toggle_pause(self.now())
        self._say("class:flash.info", "Paused: the clocks are stopped. ^T resumes." if paused else "Resumed.",
                  seconds=1e9 if paused else 2.0)
        self._changed()
        self._invalidate()

    def hint(self) -> None:
        taken = self.interview.take_hint(self.now())
        if taken is None:
            self._say("class:flash.info", "No hints left: all three are shown in the transcript.")
        else:
            self.hint_text = f"Hint {taken.number}/{len(self.interview.hints)}: {taken.text}"
            self._say("class:flash.info", f"Hint {taken.number} of {len(self.interview.hints)} is shown above.")
            self._changed()
        self._invalidate()

    def coverage(self) -> None:
        if self.coverage_text is None:
            self._say("class:flash.info", "The coverage check is not available here.")
        else:
            self.hint_text = self.coverage_text()
            self._say("class:flash.info", "Coverage so far is shown above (the phase, never the answer).")
        self._invalidate()

    def previous_prompt(self) -> None:
        """The next page of a prompt too long for the screen; else the previous prompt."""
        if self.prompt_page + 1 < self.prompt_pages:
            self.prompt_page += 1
            self._say("class:flash.info", f"Page {self.prompt_page + 1} of {self.prompt_pages} of the prompt.", 2.5)
            self._invalidate()
            return
        if self.prompt_pages > 1:
            self.prompt_page = 0
        shown = len(self.interview.revealed(self.interview.phase))
        if shown <= 1:
            self._say("class:flash.info", "Back at the top." if self.prompt_pages > 1
                      else "No earlier prompt in this phase yet.", 2.5)
            self._invalidate()
            return
        current = shown - 1 if self.view is None else self.view
        self.view = current - 1 if current > 0 else None
        index = shown - 1 if self.view is None else self.view
        self._say("class:flash.info", f"Showing prompt {index + 1} of {shown}; ^P again goes back further.", 2.5)
        self._invalidate()

    def tick_item(self, number: int) -> None:
        """Alt-1..6: tick (or untick) a checklist item; only while the checklist is on screen."""
        if self.interview.phase != 0 or not 1 <= number <= len(self.checklist):
            self._say("class:flash.info", "The checklist is ticked in phase 1 (Requirements).")
            self._invalidate()
            return
        item = self.checklist[number - 1]
        if item.id in self.ticked:
            self.ticked.remove(item.id)
            verb = "Unticked"
        else:
            self.ticked.append(item.id)
            verb = "Ticked"
        self._say("class:flash.info", f"{verb} {clean(item.title)} ({len(self.ticked)} of {len(self.checklist)}).", 2.5)
        self._changed()
        self._invalidate()

    def quit(self, reason: str = "quit") -> None:
        if reason == "quit":
            now = self.now()
            if self.quit_asked_at is None or now - self.quit_asked_at > CONFIRM_SECONDS:
                self.quit_asked_at = now
                self._say("class:flash.warn", "Quit the interview? Press ^Q again to stop and score yourself; "
                          "carry on typing to stay.", CONFIRM_SECONDS)
                self._invalidate()
                return
        self.quit_asked_at = None
        self.handle(self.interview.stop(self.now(), reason))
        self._changed()

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
        self.notes.text = self.interview.logs[self.interview.phase].notes

    def on_notes_changed(self, _buffer=None) -> None:
        self.guarded(self._notes_changed)

    def _notes_changed(self) -> None:
        if not self.interview.finished:
            if self.notes.text != self.interview.logs[self.interview.phase].notes:
                self.interview.set_notes(self.notes.text)
                self._changed()
            if self.quit_asked_at is not None:  # typing on means staying
                self.quit_asked_at = None
                self.flash = ("", "")

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
        windows = iv.windows(now)
        position = windows[phase.index][0] + iv.phase_elapsed(now)
        lines.append(timeline(windows, max(iv.total_s(), windows[-1][1]), phase.index, position, width, level))
        return lines

    def goal_block(self, width: int) -> list[Fragments]:
        if width < 60:  # narrow screens keep their rows for the interviewer and the notes
            return []
        return [[("class:dim", text)] for text in wrap(self.interview.current.spec.goal, width)]

    def prompt_block(self, width: int) -> list[Fragments]:
        iv = self.interview
        said = iv.logs[iv.phase].said
        if not said:
            return [[("class:rule", rule("Interviewer", width))]]
        index = len(said) - 1 if self.view is None else min(self.view, len(said) - 1)
        title = "Interviewer" if len(said) == 1 else f"Interviewer {index + 1}/{len(said)}"
        kind = said[index].kind
        if kind == "curveball":
            title += " · curveball"
        elif kind in ("asked", "rule", "nudge"):
            title += " · about your notes"
        elif index == len(said) - 1 and index > 0:
            title += " · new"
        lines: list[Fragments] = [[("class:rule", rule(title, width))]]
        style = ("class:prompt.curveball" if kind == "curveball"
                 else "class:prompt.new" if index == len(said) - 1 else "class:prompt")
        lines += [[(style, text)] for text in wrap(said[index].text, width)]
        return lines

    def checklist_block(self, width: int) -> list[Fragments]:
        if self.interview.phase != 0 or not self.checklist:
            return []
        done = len(self.ticked)
        head = "Checklist: ask before you design" if width >= 60 else "Checklist"
        lines: list[Fragments] = [[("class:rule", rule(f"{head} ({done}/{len(self.checklist)})", width))]]

        def box(n: int, item) -> str:
            return ("✓" if item.id in self.ticked else "□") + (f"{n}" if width < 60 else "") + " " + clean(item.title)

        if width < 60:  # narrow: titles only, packed
            return lines + [[("class:check.title", text)] for text in
                            pack([box(n, i) for n, i in enumerate(self.checklist, 1)], width)]
        for n, item in enumerate(self.checklist, 1):
            head = box(n, item)
            style = "class:check.done" if item.id in self.ticked else "class:check.title"
            question = clean(item.ask[0]) if item.ask else ""
            if not question:
                lines.append([(style, fit(head, width))])
            else:
                lines.append([(style, head), ("class:check", fit(" — " + question, width - len(head)))])
        return lines

    def design_block(self, width: int) -> list[Fragments]:
        """The learner's design as it is typed (components "Name: type", arrows "A -> B")."""
        iv = self.interview
        if iv.phase < DESIGN_PHASE:
            return []
        source = iv.logs[DESIGN_PHASE].notes + ("\n" + iv.logs[iv.phase].notes if iv.phase > DESIGN_PHASE else "")
        if self._design_cache[0] != source:
            self._design_cache = (source, design_lines(read_design(source)))
        lines = self._design_cache[1]
        if not lines:
            if iv.phase != DESIGN_PHASE:
                return []
            return [[("class:dim", fit("Sketch it: 'Name: type' per part, 'A -> B, C' per arrow.", width))]]
        title = rule("Your design (live)", width)
        return [[("class:rule", title)]] + [[("class:design", fit(line, width))] for line in lines]

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
        return [[(style, line)] for line in wrap(text, width)[:2]]

    def keys_block(self, width: int) -> list[Fragments]:
        iv = self.interview
        short = width < SHORT_KEYS_BELOW
        keys = list(SHORT_KEYS if short else KEYS)
        if iv.phase == len(iv.phases) - 1:
            keys[0] = ("^N", "end" if short else "finish")
        if iv.paused:
            keys[1] = ("^T", "resume")
        if self.quit_asked_at is not None:
            keys[-1] = ("^Q", "confirm quit" if not short else "sure?")
        if iv.phase == 0 and self.checklist:
            keys.append(TICK_KEY)
        return key_lines(keys, width, gap_width=1 if short else 2)

    def layout(self, width: int, height: int) -> dict[str, list[Fragments]]:
        """Every block's lines, cut to the rows it gets at this size."""
        small = height < 16  # the timeline bar gives its row to the interviewer
        header = self.header(width)[: 2 if small else 3]
        keys = self.keys_block(width)
        status = self.status_block(width)
        notes_rule = self.notes_rule(width)
        blocks = {
            "prompt": (self.prompt_block(width), 3),
            "hint": (self.hint_block(width), 3),
            "checklist": (self.checklist_block(width), 2),
            "design": (self.design_block(width), 2),
            "goal": (self.goal_block(width), 99),
        }
        notes_min = 3 if height >= 20 else 2
        fixed = len(header) + len(keys) + len(status) + len(notes_rule)
        rows = plan_heights({k: (len(v), least) for k, (v, least) in blocks.items()}, height, fixed, notes_min,
                            fill=("checklist", "hint", "prompt", "design", "goal"))
        out = {"header": header, "keys": keys, "status": status, "notes_rule": notes_rule}
        for name, (lines, _) in blocks.items():
            out[name] = self._page(lines, rows[name]) if name == "prompt" else cut(lines, rows[name])
        return out

    def _page(self, lines: list[Fragments], rows: int) -> list[Fragments]:
        """The prompt in the rows it has: a title, then a page of it; ^P turns the page."""
        self.prompt_pages = 1
        if len(lines) <= rows or rows < 3:
            self.prompt_page = 0
            return lines[:rows]
        body, per = lines[1:], rows - 2
        self.prompt_pages = math.ceil(len(body) / per)
        page = min(self.prompt_page, self.prompt_pages - 1)
        shown = body[page * per:(page + 1) * per]
        last = page == self.prompt_pages - 1
        marker = (f"… {page + 1}/{self.prompt_pages}; ^P: more" if not last
                  else f"({page + 1}/{self.prompt_pages}; ^P: from the top)")
        return [lines[0], *shown, [("class:dim", marker)]]

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
        self.notes.text = self.interview.logs[self.interview.phase].notes
        self.notes.buffer.cursor_position = len(self.notes.text)
        self.notes.buffer.on_text_changed += self.on_notes_changed
        sized = _Sized(self)

        def block(name: str):
            return Window(_lines_control(lambda width: sized.lines(name, width)),
                          height=lambda: Dimension.exact(len(sized.lines(name, sized.width()))),
                          wrap_lines=False, dont_extend_height=True)

        too_small = Window(FormattedTextControl([("class:small",
                           f" Terminal too small: needs {MIN_COLUMNS}×{MIN_ROWS}. ")]))
        root = HSplit([
            block("header"),
            block("goal"),
            block("prompt"),
            block("checklist"),
            block("hint"),
            block("design"),
            block("notes_rule"),
            self.notes,
            block("status"),
            block("keys"),
        ], window_too_small=too_small)

        kb = KeyBindings()
        bind = {
            ("c-n", "f5"): lambda: self.next_phase(),
            ("c-t", "f4"): lambda: self.toggle_pause(),
            ("c-g", "f2"): lambda: self.hint(),
            ("c-r", "f6"): lambda: self.coverage(),
            ("c-p", "f3"): lambda: self.previous_prompt(),
            ("c-q", "f10"): lambda: self.quit("quit"),
            ("c-c",): lambda: self.quit("interrupted"),
        }
        for keys, action in bind.items():
            for key in keys:
                kb.add(key, eager=True)(_handler(lambda action=action: self.guarded(action)))
        for n in range(1, 7):
            kb.add("escape", str(n), eager=True)(_handler(lambda n=n: self.guarded(lambda: self.tick_item(n))))

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
                self.guarded(self.tick)

        def pre_run() -> None:
            self.tick()
            if self.result is None:
                self.app.create_background_task(ticker())

        if self.interview.finished:
            self._finish()
            return self.result or "finished"
        try:
            result = self.app.run(pre_run=pre_run)
        finally:
            if self.autosave is not None:
                self.autosave.flush()
        if self.failure is not None:
            raise self.failure
        return result or self.result or "quit"

    def guarded(self, action: Callable[[], None]) -> None:
        """Run a tick or a key's action. A signal (SIGTERM, SIGHUP) or a fault that lands inside
        it ends the screen and is raised again from ``run`` — left to prompt_toolkit, it would
        print it and wait for Enter, and a terminal that closed would never give one."""
        try:
            action()
        except BaseException as exc:  # noqa: BLE001 - re-raised from run()
            self.failure = exc
            app = self.app
            if app.is_running and not app.future.done():
                app.exit(result="interrupted")


def design_lines(design) -> list[str]:
    """A learner's design as short lines: each part with its type and where its arrows go."""
    lines = []
    for index, (name, kind) in enumerate(design.components, 1):
        targets = [b for a, b in design.arrows if a == name]
        arrow = " → " + ", ".join(targets) if targets else ""
        lines.append(f"{index}. {clean(name)} [{kind}]{clean(arrow)}")
    return lines


class _Sized:
    """The layout for the size the terminal has now, computed once per size and state."""

    def __init__(self, screen: InterviewScreen):
        self.screen = screen

    def size(self) -> tuple[int, int]:
        from prompt_toolkit.application.current import get_app

        try:
            size = get_app().output.get_size()
            return max(1, size.columns), max(1, size.rows)
        except Exception:
            return 80, 24

    def width(self) -> int:
        return self.size()[0]

    def lines(self, name: str, width: int) -> list[Fragments]:
        _, height = self.size()
        return self.screen.layout(width, height)[name]


def _handler(action: Callable[[], None]):
    def handle(event) -> None:
        action()

    return handle


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

def ask_score_interactive(item: RubricItem, **prompt_kwargs) -> int:
    """A score from 1 to 4; anything else is refused with a message and asked again on an
    empty line (a rejected score does not stay in the input to be edited)."""
    import questionary

    while True:
        answer = questionary.text("Your score (1-4):", **prompt_kwargs).unsafe_ask()
        if answer is None:
            raise KeyboardInterrupt
        if answer.strip() in {"1", "2", "3", "4"}:
            return int(answer.strip())
        print(f"  {clean(answer.strip())[:20]!r} is not a score: type a whole number from 1 to 4.")


def self_assessment(console: Console, problem: Problem, scores: dict[str, int],
                    ask: Callable[[RubricItem], int] = ask_score_interactive, *, level: str = "") -> dict[str, int]:
    """Ask a 1-4 score for each rubric criterion; ``scores`` fills in as answers come."""
    from sysdesign.core.coach import LEVEL_BAR

    console.print()
    console.print(Text("Self-assessment", style="bold underline"))
    console.print(Text("Score yourself on each criterion from 1 (weak) to 4 (strong). "
                       "The coach's report and the reference solution are shown after you score.", style="dim"))
    if level in LEVEL_BAR:
        console.print(Text(f"At {level} level the bar is a {LEVEL_BAR[level]} on each criterion. "
                           f"What a {level} candidate shows:", style="dim"))
        console.print(_hanging([("•", text) for text in problem.levels.get(level, ())]))
    total = len(problem.rubric)
    for n, item in enumerate(problem.rubric, 1):
        if item.id in scores:
            continue
        console.print()
        console.print(Text(f"{n}/{total}  {clean(item.title)}", style="bold cyan"))
        anchors = [(f"{score} looks like:" + (" ← the bar" if LEVEL_BAR.get(level) == score else ""), text)
                   for score, text in enumerate(item.anchors, 1) if text]
        console.print(_hanging(anchors))
        scores[item.id] = ask(item)
    return scores


def show_coach_report(console: Console, markdown: str) -> None:
    """The coach's report (core.coach.report_markdown) rendered for the terminal."""
    from rich.markdown import Markdown

    console.print()
    console.print(Markdown(clean(markdown), hyperlinks=False))


def offer_cards(console: Console, cards: list[dict], **prompt_kwargs) -> list[dict]:
    """Ask which missed points to keep as flashcards (all are ticked to start with)."""
    import questionary

    console.print()
    choices = [questionary.Choice(fit(clean(c["back"]), 70), value=i, checked=True) for i, c in enumerate(cards)]
    picked = questionary.checkbox(
        f"Add the {len(cards)} missed point{'s' if len(cards) != 1 else ''} to your 'From your interviews' "
        "deck (reviewed by sysdesign quiz)?", choices=choices,
        instruction="(space toggles, Enter confirms, untick all to add none)", **prompt_kwargs).unsafe_ask()
    if picked is None:
        return []
    return [cards[i] for i in picked]


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


# the interview's UI at a terminal ----------------------------------------------------------------

class TerminalInterviewUI:
    """The interview at a terminal: the full-screen prompt_toolkit screen and questionary prompts."""

    def __init__(self, env: Environment, checklist: Sequence[ChecklistItem] = (), *, quiet: bool = False):
        self.env, self.checklist, self.quiet = env, checklist, quiet
        self.console = env.console()

    def run_screen(self, session, autosave: Autosave, coverage: Callable[[], str]) -> str:
        """Until the interview ends, is quit or interrupted; the ticked checklist goes back to
        ``session`` (a ``flows.interview.Session``) whichever way the screen ends."""
        screen = InterviewScreen(session.problem, self.checklist, session.interview, self.env.monotonic,
                                 quiet=self.quiet, live=session.live, autosave=autosave, ticked=session.ticked,
                                 coverage=coverage, **self.env.prompt_kwargs())
        try:
            return screen.run()
        finally:
            session.ticked[:] = screen.ticked

    def self_assessment(self, problem: Problem, scores: dict[str, int], level: str) -> None:
        self_assessment(self.console, problem, scores, level=level)

    def coach_report(self, markdown: str) -> None:
        show_coach_report(self.console, markdown)

    def reference(self, problem: Problem, scores: dict[str, int]) -> None:
        show_reference(self.console, problem, scores)

    def offer_cards(self, cards: list[dict]) -> list[dict]:
        return offer_cards(self.console, cards, **self.env.prompt_kwargs())
