"""The review session on screen: cards, questions, keys, progress and the summary.

Two front ends with one interface:

- ``TerminalQuizUI``: single keypresses (Space/Enter reveal, 1–4 rate, u undo, q quit),
  questions through arrow-key menus;
- ``LineQuizUI``: the scripting contract for a non-terminal stdin — a card prints its
  front and back, then reads one line (``1``–``4``, ``again``/``hard``/``good``/``easy``,
  ``u``, ``q``); a question reads letters or a number.

Every piece of content is shown as plain ``Text`` after ``clean()``: content can never
inject markup or escape sequences.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone, tzinfo

from fsrs import Rating
from rich.console import Console
from rich.text import Text

from sysdesign.content.model import Question
from sysdesign.core.grading import Graded
from sysdesign.core.scheduler import format_interval
from sysdesign.core.session import Action, Counts, Item
from sysdesign.ui.console import clean, plural
from sysdesign.ui.keys import KeyReader
from sysdesign.ui.lines import LineReader, UnusableInput, gave_up

REVEAL, UNDO, QUIT, NEXT = Action.REVEAL, Action.UNDO, Action.QUIT, Action.NEXT
INFO, SUSPEND, BURY = Action.INFO, Action.SUSPEND, Action.BURY
# a rating by its number, its name or its initial: 3, good, g
RATING_WORDS = {word: rating for rating in Rating for word in (str(rating.value), rating.name.lower(),
                                                                rating.name[0].lower())}
UNDO_WORDS = ("u", "undo")
QUIT_WORDS = ("q", "quit")
# at a card's prompt one letter will do; a question's prompt takes letters as answers (b is a
# choice), so there only the words
TOOL_WORDS = {"i": INFO, "info": INFO, "s": SUSPEND, "suspend": SUSPEND, "b": BURY, "bury": BURY}
QUESTION_TOOL_WORDS = {"info": INFO, "suspend": SUSPEND, "bury": BURY}
TOOL_KEYS = {"i": INFO, "s": SUSPEND, "b": BURY}
BUTTON_STYLE = {Rating.Again: "bold red", Rating.Hard: "bold yellow", Rating.Good: "bold green",
                Rating.Easy: "bold blue"}
BAR_WIDTH = 16


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def header(item: Item, position: int, total: int) -> Text:
    """'3 of 20 ███░░░ card · building-blocks' — where the learner is in the session."""
    line = Text()
    line.append(f"{position} of {total} ", style="bold cyan")
    line.append(progress_bar(position - 1, total), style="cyan")
    line.append(f"  {_label(item)}", style="dim")
    line.append(f" · {clean(item.source)}", style="dim")
    tags = getattr(item.content, "tags", ())
    if tags:
        line.append(" · " + ", ".join(clean(t) for t in tags), style="dim")
    return line


def _label(item: Item) -> str:
    """'new card', 'learning card' (back for its learning step), 'card' or 'question'."""
    if item.kind != "card":
        return item.kind
    return "learning card" if item.learning else "new card" if item.is_new else "card"


# Anki's colours: new blue, learning red, review green (plain on a terminal without colour)
COUNT_STYLES = (("New", "new", "bold blue"), ("Learning", "learning", "bold red"), ("Review", "review", "bold green"))


def counts_line(counts: Counts) -> Text:
    """'New 3 · Learning 1 · Review 12': what is left in this session, the item showing included."""
    line = Text()
    for i, (name, field_, style) in enumerate(COUNT_STYLES):
        if i:
            line.append(" · ", style="dim")
        line.append(f"{name} ")
        line.append(str(getattr(counts, field_)), style=style)
    return line


def buttons(intervals: dict[Rating, timedelta] | None) -> Text:
    """'1 Again · 1m   2 Hard · 6m   3 Good · 1d   4 Easy · 3d' (names only when cramming)."""
    out = Text()
    for rating in Rating:
        label = f"{rating.name} · {format_interval(intervals[rating])}" if intervals else rating.name
        if rating > Rating.Again:
            out.append("   ")
        out.append(f"{rating.value}", style=BUTTON_STYLE[rating] + " reverse")
        out.append(f" {label}", style=BUTTON_STYLE[rating])
    return out


def key_hint(*pairs: tuple[str, str]) -> Text:
    out = Text()
    for i, (key, what) in enumerate(pairs):
        if i:
            out.append("  ·  ", style="dim")
        out.append(key, style="bold")
        out.append(f" {what}", style="dim")
    return out


def _interval_note(rating: Rating, interval: timedelta | None) -> Text:
    text = f"→ {rating.name}" + (f", next in {format_interval(interval)}" if interval is not None else "")
    return Text(text, style="dim")


def _named(item: Item, longest: int = 60) -> str:
    """A card by its front, a question by its prompt (never by its id), on one short line."""
    text = " ".join(clean(getattr(item.content, "front", None) or getattr(item.content, "prompt", item.id)).split())
    return text if len(text) <= longest else text[: longest - 1].rstrip() + "…"


class _Base:
    interactive = False

    def __init__(self, console: Console):
        self.console = console

    def rated(self, item: Item, rating: Rating, interval: timedelta | None) -> None:
        self.console.print(_interval_note(rating, interval))
        self.console.print()

    def undone(self, item: Item) -> None:
        self.console.print(Text(f"↶ Undone: your rating of “{_named(item)}” is gone; here it is again.", style="yellow"))
        self.console.print()

    def info(self, item: Item, info) -> None:
        render_info(self.console, info)
        self.console.print()

    def held(self, item: Item, action: str, until: str | None) -> None:
        if action == "suspend":
            text = f"Suspended {clean(item.id)}: it will not come up until `sysdesign quiz --unsuspend {clean(item.id)}`."
        else:
            text = f"Buried {clean(item.id)} until tomorrow."
        self.console.print(Text(text + " (u undoes)", style="dim"))
        self.console.print()

    def verdict(self, question: Question, graded: Graded) -> None:
        from sysdesign.ui.questions import show_question_verdict

        show_question_verdict(self.console, question, graded)

    def nothing_to_undo(self) -> None:
        self.console.print(Text("Nothing to undo yet.", style="yellow"))

    def notice(self, text: str, style: str = "") -> None:
        self.console.print(Text(text, style=style))


# -- the scripting contract ----------------------------------------------------------


class UndoRequest(Exception):
    """The learner typed u."""


class QuitRequest(Exception):
    """The learner typed q."""


class ToolRequest(Exception):
    """The learner typed info, suspend or bury at a question."""

    def __init__(self, action: Action):
        super().__init__(action.value)
        self.action = action


class CommandReader(LineReader):
    """A line reader that turns 'u' and 'q' into requests, for question prompts."""

    def __init__(self, inner: LineReader, console: Console):
        super().__init__(inner.stream)
        self.inner = inner
        self.console = console

    def read(self) -> str:
        line = self.inner.read()
        word = line.strip().lower()
        if word in UNDO_WORDS:
            self.console.print(Text(line))
            raise UndoRequest
        if word in QUIT_WORDS:
            self.console.print(Text(line))
            raise QuitRequest
        if word in QUESTION_TOOL_WORDS:
            self.console.print(Text(line))
            raise ToolRequest(QUESTION_TOOL_WORDS[word])
        return line


class LineQuizUI(_Base):
    """Non-terminal stdin: one line per prompt, nothing waits for a key."""

    def __init__(self, console: Console, reader: LineReader):
        super().__init__(console)
        self.reader = reader

    def front(self, item: Item, position: int, total: int, counts: Counts | None = None) -> str:
        self.console.print(header(item, position, total))
        if counts is not None:
            self.console.print(counts_line(counts))
        self.console.print(Text("Q: ", style="bold") + Text(clean(item.content.front)))
        return REVEAL

    def back(self, item: Item, intervals: dict[Rating, timedelta] | None) -> Rating | str:
        self.console.print(Text("A: ", style="bold") + Text(clean(item.content.back)))
        prompt = Text("rate ") + buttons(intervals) + Text("  (u undo, i info, s suspend, b bury, q quit): ",
                                                           style="dim")
        takes = "type 1–4 (or again, hard, good, easy), u to undo, i info, s suspend, b bury, q to quit"
        for misses in itertools.count(1):
            self.console.print(prompt, end="")
            line = self.reader.read()
            self.console.print(Text(line))  # a pipe is not echoed by a terminal
            word = line.strip().lower()
            if word in RATING_WORDS:
                return RATING_WORDS[word]
            if word in UNDO_WORDS:
                return UNDO
            if word in QUIT_WORDS:
                return QUIT
            if word in TOOL_WORDS:
                return TOOL_WORDS[word]
            if self.reader.gives_up(misses):
                raise UnusableInput(gave_up(misses, line, "", f"A card takes one line: {takes}.", where=" at a card"))
            self.console.print(Text(f"Could not use {clean(line)!r}: {takes}. Try again.", style="yellow"))
        raise AssertionError("unreachable")

    def question(self, item: Item, position: int, total: int, counts: Counts | None = None):
        from sysdesign.ui.questions import ask_by_line

        self.console.print(header(item, position, total))
        if counts is not None:
            self.console.print(counts_line(counts))
        try:
            return ask_by_line(self.console, item.content, CommandReader(self.reader, self.console), verdict=False)
        except UndoRequest:
            return UNDO
        except QuitRequest:
            return QUIT
        except ToolRequest as request:
            return request.action

    def after_question(self) -> str:
        return NEXT


# -- a person at a terminal ------------------------------------------------------------


class TerminalQuizUI(_Base):
    interactive = True

    def __init__(self, console: Console, keys: KeyReader | None = None, *, prompt_kwargs: dict | None = None):
        super().__init__(console)
        self.keys = keys or KeyReader()
        self.prompt_kwargs = prompt_kwargs or {}

    def _key(self) -> str:
        key = self.keys.read()
        if key == "\x04":  # Ctrl-D
            return "q"
        return key.lower()

    def front(self, item: Item, position: int, total: int, counts: Counts | None = None) -> str:
        self.console.rule(style="dim")
        self.console.print(header(item, position, total))
        if counts is not None:
            self.console.print(counts_line(counts))
        self.console.print()
        self.console.print(Text(clean(item.content.front), style="bold"))
        self.console.print()
        hint = key_hint(("Space/Enter", "show answer"), ("u", "undo"), ("i", "info"), ("s", "suspend"),
                        ("b", "bury"), ("q", "quit"))
        self.console.print(hint)
        return self._wait_for(dict.fromkeys(" \r\n", REVEAL),
                              "Press Space or Enter to see the answer (u undo, i info, s suspend, b bury, q quit).")

    def back(self, item: Item, intervals: dict[Rating, timedelta] | None) -> Rating | str:
        self.console.print()
        self.console.print(Text(clean(item.content.back)))
        self.console.print()
        self.console.print(buttons(intervals))
        self.console.print(key_hint(("1–4", "rate"), ("u", "undo"), ("i", "info"), ("s", "suspend"), ("b", "bury"),
                                    ("q", "quit")))
        return self._wait_for({str(int(r)): r for r in Rating},
                              "Rate with 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy); u undo, q quit.")

    def question(self, item: Item, position: int, total: int, counts: Counts | None = None):
        from sysdesign.ui.questions import ask_interactive
        from sysdesign.ui.widgets import LeaveRequest, typed

        self.console.rule(style="dim")
        self.console.print(header(item, position, total))
        if counts is not None:
            self.console.print(counts_line(counts))
        quit_hint = ("Esc", "quit (or type q)") if typed(item.content) else ("q/Esc", "quit")
        self.console.print(key_hint(quit_hint) + Text(" (every rating so far is saved)", style="dim"))
        try:
            return ask_interactive(self.console, item.content, verdict=False, prompt_kwargs=self.prompt_kwargs,
                                   can_leave=True)
        except LeaveRequest:
            return QUIT

    def after_question(self) -> str:
        self.console.print(key_hint(("Space/Enter", "next"), ("u", "undo"), ("i", "info"), ("s", "suspend"),
                                    ("b", "bury"), ("q", "quit")))
        return self._wait_for(dict.fromkeys(" \r\n", NEXT))

    def _wait_for(self, keys: dict[str, Action | Rating], nag: str = "") -> Action | Rating:
        """The first key that means something here (``keys``, and u undo, q quit and the review
        tools everywhere); any other key gets ``nag``, when there is one."""
        meaning: dict[str, Action | Rating] = {"u": UNDO, "q": QUIT, **TOOL_KEYS, **keys}
        while True:
            key = self._key()
            if key in meaning:
                return meaning[key]
            if nag:
                self.console.print(Text(nag, style="yellow"))


def for_environment(env, console: Console) -> _Base:
    """Keys and menus for a person at a capable terminal, else one line per prompt (TERM=dumb
    too: it cannot move the cursor). A console on stderr (--json) is judged by stderr."""
    capable = env.interactive_stderr if console.stderr else env.interactive
    if capable:
        return TerminalQuizUI(console, KeyReader(env.key_fd), prompt_kwargs=env.prompt_kwargs())
    return LineQuizUI(console, env.line_reader())


def show_nothing_to_do(console: Console, plan, options, *, anything_finished: bool, next_due: str | None,
                       now: datetime, tz: tzinfo) -> None:
    """Why the queue is empty, and what to run instead. ``next_due`` is when the next item in
    the session's scope (its deck, lesson or tag) falls due."""
    if plan.unlocked == 0 and not options.include_locked and not anything_finished:
        console.print(Text(
            "Nothing to review yet: cards and questions join your reviews when you finish their lesson. "
            "Start with: sysdesign study   (or review everything now: sysdesign quiz --all)"))
        return
    if plan.unlocked == 0:
        console.print(Text("No unlocked cards or questions match these filters (finish their lesson, or add --all)."))
        return
    here = _scope(options)
    if next_due is not None:
        console.print(Text(f"Nothing is due right now{here}. Next due: {when_text(next_due, now, tz)}."))
    else:
        console.print(Text(f"Nothing is due right now{here}, and nothing else is scheduled."))
    for note in limit_notes(plan, options):
        console.print(Text(note))
    console.print(Text("To review anyway without changing the schedule: sysdesign quiz --cram"))


def _scope(options) -> str:
    if options.deck:
        return " in this deck"
    if options.lesson:
        return " in this lesson"
    return " with this tag" if options.tag else ""


def _raise_to(limit: int, waiting: int) -> int:
    """A limit that lets the waiting items in, but not hundreds at once: at most double (or +10)."""
    return min(limit + waiting, max(2 * limit, limit + 10))


def limit_notes(plan, options, *, ended: bool = False) -> list[str]:
    """Which daily limit kept new cards or questions out, and the option that raises it; at the
    end of a session (``ended``), what --limit left out too."""
    notes = []
    scope = {"deck": " from this deck", "lesson": " from this lesson"}
    here = scope["deck"] if options.deck else scope["lesson"] if options.lesson else ""
    for waiting, limit, had, noun, flag in (
            (plan.new_cards_waiting, options.new_per_day, plan.new_cards_had, "new cards", "--new"),
            (plan.new_questions_waiting, options.new_questions_per_day, plan.new_questions_had, "new questions",
             "--new-questions")):
        if not waiting:
            continue
        lift = f"raise it with {flag} {_raise_to(limit, waiting)}"
        if limit == 0:
            notes.append(f"The limit of {noun} per day is 0 ({flag} 0): {waiting} wait; {lift}.")
        elif ended:
            notes.append(f"{waiting} more {noun} wait: the limit of {noun} per day ({limit}) is reached; {lift}.")
        else:
            notes.append(f"The limit of {noun} per day ({limit}) is reached: you have had {had} today{here}. "
                         f"{waiting} more wait; {lift}.")
    if ended and plan.left_by_limit:
        notes.append(f"The review limit (--limit {options.limit}) left out {plural(plan.left_by_limit, 'more item')} "
                     f"today; run sysdesign quiz again, or raise it with --limit "
                     f"{options.limit + plan.left_by_limit}.")
    return notes


def show_limits(console: Console, plan, options) -> None:
    """After a session that went to its end: what the daily limits and --limit left out."""
    for note in limit_notes(plan, options, ended=True):
        console.print(Text(note, style="dim"))


# -- card info ---------------------------------------------------------------------------


def render_info(console: Console, info) -> None:
    """A card's memory state and its review history (core.cardinfo.CardInfo)."""
    from rich.table import Table

    console.print(Text(f"{clean(info.id)} · {info.kind} · {clean(info.source)}", style="bold"))
    console.print(Text(clean(info.title)))
    facts = [("state", info.state),
             ("stability", f"{info.stability_days:g} days" if info.stability_days is not None else "—"),
             ("difficulty", f"{info.difficulty:.1f} of 10" if info.difficulty is not None else "—"),
             ("recall now", f"{info.retrievability:.0%}" if info.retrievability is not None else "—"),
             ("due", info.due[:16].replace("T", " ") + " UTC" if info.due else "—"),
             ("reviews", f"{info.reviews} ({plural(info.lapses, 'lapse')})")]
    flags = [name for name, on in (("suspended", info.suspended), ("leech", info.leech)) if on]
    if info.buried_until:
        flags.append(f"buried until {info.buried_until[:16].replace('T', ' ')} UTC")
    if flags:
        facts.append(("flags", ", ".join(flags)))
    line = Text()
    for i, (name, value) in enumerate(facts):
        line.append(("   " if i else "") + f"{name} ", style="dim")
        line.append(value)
    console.print(line)
    if not info.history:
        console.print(Text("Never reviewed.", style="dim"))
        return
    table = Table(box=None, pad_edge=False, show_header=True, header_style="dim")
    for column, justify in (("when (UTC)", "left"), ("rating", "left"), ("days since previous", "right"),
                            ("seconds", "right")):
        table.add_column(column, justify=justify)
    for review in info.history[-12:]:
        gap = "" if review.days_since_previous is None else f"{review.days_since_previous:g}"
        seconds = "" if review.seconds is None else f"{review.seconds:g}"
        table.add_row(review.when[:16].replace("T", " "), review.rating, gap, seconds)
    if len(info.history) > 12:
        console.print(Text(f"The last 12 of {len(info.history)} reviews:", style="dim"))
    console.print(table)


# -- the end ---------------------------------------------------------------------------


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m {seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


def when_text(due_iso: str | None, now: datetime, tz: tzinfo) -> str:
    """'now', 'in 10m (14:32)', 'in 3d (Fri 12 Jan)' for a due time."""
    if due_iso is None:
        return "nothing scheduled yet"
    due = datetime.fromisoformat(due_iso)
    if due.tzinfo is None:
        due = due.replace(tzinfo=timezone.utc)
    if due <= now:
        return "now"
    local = due.astimezone(tz)
    if local.date() == now.astimezone(tz).date():
        return f"in {format_interval(due - now)} (today {local:%H:%M})"
    return f"in {format_interval(due - now)} ({local:%a %d %b %Y})"


def render_summary(console: Console, summary: dict, now: datetime, tz: tzinfo) -> None:
    console.rule(style="dim")
    reviewed = summary["reviewed"]
    title = "Cram session done" if summary["cram"] else "Session done"
    if summary["ended"] == "end-of-input":
        title += " (end of input; your progress is saved)"
    elif summary["ended"] == "quit":
        title += " (you quit; every rating so far is saved)"
    console.print(Text(title, style="bold"))
    line = Text(f"Reviewed {reviewed}")
    if reviewed:
        kinds = f" ({plural(summary['cards'], 'card')}, {plural(summary['questions'], 'question')})"
        line.append(kinds)
        line.append(f" · correct {summary['correct']}")
        line.append(f" · retention this session {summary['retention']:.0%}")
    line.append(f" · time {_duration(summary['seconds'])}")
    console.print(line)
    if summary["undone"]:
        console.print(Text(f"Undone: {summary['undone']}", style="dim"))
    held = [f"{plural(summary[k], 'item')} {word}" for k, word in (("suspended", "suspended"), ("buried", "buried"))
            if summary.get(k)]
    if held:
        console.print(Text("; ".join(held).capitalize() + " (listed in sysdesign progress).", style="dim"))
    if summary["left_in_queue"]:
        console.print(Text(f"Left in this session's queue: {summary['left_in_queue']} (run sysdesign quiz again to continue)", style="dim"))
    console.print(Text(f"Next due: {when_text(summary['next_due'], now, tz)} · due by the end of tomorrow: {summary['due_tomorrow']}"))
    if summary["cram"]:
        console.print(Text("Cramming does not change the schedule.", style="dim"))
