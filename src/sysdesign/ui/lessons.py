"""Rendering lessons: the lesson table, one section, and a whole lesson for --print."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.rule import Rule
from rich.text import Text

from sysdesign.content.model import Lesson, Question, Section
from sysdesign.core.checks import LessonScore
from sysdesign.core.grading import expected_text
from sysdesign.ui.console import clean
from sysdesign.ui.widgets import show_choices
from sysdesign.ui.wrap import hanging


def bar(done: int, total: int, width: int = 12) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


MARKS = {"finished": ("✓", "green"), "rereading": ("↻", "cyan"), "next": ("▸", "bold yellow")}
LEGEND = {"finished": "finished", "rereading": "finished, reading it again", "next": "next"}
GAP = "  "
MIN_TITLE = 24  # narrower than this, the id column gives its room to the titles
BAR = 8


def _state(entry: dict, next_id: str | None) -> str | None:
    if entry.get("rereading"):
        return "rereading"
    if entry["finished"]:
        return "finished"
    return "next" if entry["id"] == next_id else None


@dataclass(frozen=True)
class _Layout:
    title: int
    ids: int  # 0: no id column
    bar: bool


def _layout(entries: list[dict], width: int, lead: int, progress_width: int, ids: bool) -> _Layout:
    """Column widths for `width`: ids when titles keep at least MIN_TITLE columns; a bar only
    where it costs no title a character."""
    longest_title = max((len(clean(e["title"])) for e in entries), default=0)
    fixed = lead + len(GAP) + len(GAP) + progress_width
    id_width = max((len(e["id"]) for e in entries), default=0) if ids else 0
    if id_width and width - fixed - id_width - len(GAP) < MIN_TITLE:
        id_width = 0
    room = width - fixed - (id_width + len(GAP) if id_width else 0)
    with_bar = room - (BAR + 1) >= longest_title
    return _Layout(max(8, min(longest_title, room - (BAR + 1) if with_bar else room)), id_width, with_bar)


def course_list(entries: list[dict], next_id: str | None, width: int, *, ids: bool = True,
                sections_only: bool = False) -> list[Text]:
    """The lessons grouped by part, one line each, at any width: ids are never broken
    (they are left out when too narrow: the number opens a lesson too), titles are cut
    with an ellipsis only when they do not fit. `entries` are the report's lessons.
    With `sections_only`, a lesson shows its size ("7 sections") instead of progress."""
    words = " sections" if width >= 60 else ""  # narrow: the heading says what the number is

    def size(n: int) -> str:
        return f"{n}{words}" if n != 1 else f"1{words[:-1]}"

    if sections_only:
        progress_width = max((len(size(e["sections_total"])) for e in entries), default=0)
    else:
        progress_width = max((len(f"{e['sections_total']}/{e['sections_total']}") for e in entries), default=3)
    digits = len(str(max((e["order"] for e in entries), default=1)))
    layout = _layout(entries, width, 2 + digits, progress_width, ids)
    lines: list[Text] = []
    part = None
    used: set[str] = set()
    for entry in entries:
        if entry.get("part") and entry["part"] != part:
            part = entry["part"]
            lines.append(Text(clean(part), style="bold"))
        state = None if sections_only else _state(entry, next_id)
        glyph, style = MARKS.get(state or "", (" ", ""))
        if state:
            used.add(state)
        line = Text()
        line.append(glyph, style=style)
        line.append(f" {entry['order']:>{digits}}", style="dim")
        line.append(GAP)
        title = Text(clean(entry["title"]), style="bold" if state == "next" else "")
        title.truncate(layout.title, overflow="ellipsis", pad=True)
        line.append_text(title)
        if layout.ids:
            line.append(GAP)
            line.append(f"{entry['id']:<{layout.ids}}", style="cyan")
        line.append(GAP)
        done, total = entry["sections_done"], entry["sections_total"]
        if sections_only:
            line.append(size(total).rjust(progress_width), style="dim")
        else:
            if layout.bar:
                line.append(bar(done, total, BAR) + " ", style="green" if entry["finished"] else "")
            line.append(f"{done}/{total}".rjust(progress_width))
        line.rstrip()
        lines.append(line)
    if used - {"next"}:  # "▸" needs no words: the next step is printed under the list
        legend = Text(style="dim")
        for state in ("finished", "rereading", "next"):
            if state in used:
                legend.append(f"{MARKS[state][0]} {LEGEND[state]}   ")
        legend.rstrip()
        lines.append(legend)
    return lines


def _markdown(body: str):
    from rich.markdown import CodeBlock, Markdown  # ~90 ms: only when a lesson is shown
    from rich.syntax import Syntax

    class CroppedCodeBlock(CodeBlock):
        """Diagrams and code keep their shape on a narrow terminal: cropped, never wrapped."""

        def __rich_console__(self, console, options):
            yield Syntax(str(self.text).rstrip(), self.lexer_name, theme=self.theme, word_wrap=False, padding=(0, 1))

    class LessonMarkdown(Markdown):
        elements = {**Markdown.elements, "fence": CroppedCodeBlock, "code_block": CroppedCodeBlock}

    return LessonMarkdown(clean(body), code_theme="ansi_dark", inline_code_lexer=None, hyperlinks=False)


def section_renderables(lesson: Lesson, section: Section, index: int) -> list:
    total = len(lesson.sections)
    return [
        Rule(Text(f"{clean(lesson.title)} · {index + 1}/{total}", style="dim")),
        Text(clean(section.title), style="bold underline"),
        Text(),
        _markdown(section.body),
        Text(),
    ]


def render_section(console: Console, lesson: Lesson, section: Section, index: int) -> None:
    for renderable in section_renderables(lesson, section, index):
        console.print(renderable)


NEXT_KEYS = (" ", "\r", "\n", "\x1b[B", "\x1bOB", "\x1b[6~", "j")
BACK_KEYS = ("b", "B", "\x1b[A", "\x1bOA", "\x1b[5~", "k")
CHECKS_KEYS = ("c", "C")
QUIT_KEYS = ("q", "Q", "\x1b")


def pager_footer(page: int, pages: int, width: int, *, last: str) -> str:
    """The key line under a page: what each key does, in the room there is. `last` is
    where Space goes from the last page ("the checks", "the next section")."""
    where = f"{page}/{pages}"
    forward = "more" if page < pages else last
    wide = f"── {where} · Space/↓ {forward} · b/↑ back · c checks · q quit lesson ──"
    if page == pages:
        wide = f"── {where} · Space/↓ {forward} · b/↑ back · q quit lesson ──"
    if len(wide) <= width:
        return wide
    short = f"{where} Space {forward} · b back · q quit"
    return short if len(short) <= width else f"{where} Space · b · q"


def render_paged(console: Console, renderables: list, getkey, *, reserve: int = 0,
                 last: str = "the checks") -> str:
    """Show renderables a screenful at a time, so a section is read from its top and no line
    scrolls away unread. `reserve` is the height of what comes next (the first check): when
    the last page and it do not fit on the screen together, the pager waits on the last page
    too. Keys: Space/Enter/↓/PgDn next page, b/↑/PgUp back, c straight to the checks, q or
    Esc leave the lesson. Returns "read" (go on) or "quit"."""
    with console.capture() as captured:
        for renderable in renderables:
            console.print(renderable)
    lines = captured.get().splitlines()
    height = max(console.size.height, 4)
    size = height - 1  # the footer takes the last line
    pages = [lines[i:i + size] for i in range(0, len(lines), size)] or [[]]
    index = 0
    while True:
        page = pages[index]
        console.file.write("".join(line + "\n" for line in page))
        final = index == len(pages) - 1
        if final and len(page) + reserve <= height:
            return "read"
        console.print(Text(pager_footer(index + 1, len(pages), console.width, last=last), style="reverse"),
                      end="", no_wrap=True, crop=True)
        console.file.flush()
        key = getkey()
        console.file.write("\r\x1b[2K" if console.is_terminal else "\n")
        if key in QUIT_KEYS:
            return "quit"
        if key in CHECKS_KEYS:
            return "read"
        if key in BACK_KEYS:
            index = max(index - 1, 0)
        elif final:
            return "read"
        else:  # Space, Enter, ↓, PgDn, or any other key: the next page
            index += 1


def question_height(question: Question, width: int) -> int:
    """Lines a check question takes when first asked (heading, prompt, choices, the key
    hint), counted generously: the pager keeps this much room free below the last page."""
    def rows(text: str, indent: int) -> int:
        room = max(width - indent, 10)
        return sum(max(1, -(-len(part) // room)) for part in clean(text).split("\n"))

    total = 2 + rows(question.prompt, 2)  # the heading and the prompt
    total += sum(rows(choice, 8) for choice in question.choices)
    if question.kind == "truefalse":
        total += 2
    if question.kind in ("order", "numeric"):
        total += 2 + rows(question.prompt, 2)  # asked again as a line prompt
    return total + 2  # the key hint, and a line to spare


def render_printed_question(console: Console, number: int, question: Question) -> None:
    """A check question for --print (options in the learner's order, wrapped under their text)."""
    console.print(hanging(f"Check {number}. ", clean(question.prompt), console.width, style="bold"))
    show_choices(console, question, indent="   ")
    console.print(hanging("   Answer: ", clean(expected_text(question)), console.width, style="green"))
    console.print(hanging("   ", clean(question.explain), console.width, style="italic"))
    console.print()


def render_whole_lesson(console: Console, lesson: Lesson, questions: dict[str, Question],
                        only: int | None = None) -> None:
    """The lesson (or only section `only`, an index) with its checks answered, for reading."""
    if only is None:
        console.print(Text(clean(lesson.title), style="bold"))
        if lesson.summary:
            console.print(Text(clean(lesson.summary), style="italic"))
        console.print()
    for index, section in enumerate(lesson.sections):
        if only is not None and index != only:
            continue
        render_section(console, lesson, section, index)
        for number, qid in enumerate(section.checks, 1):
            if qid in questions:
                render_printed_question(console, number, questions[qid])


@dataclass(frozen=True)
class LessonEnd:
    """What the end of a lesson shows."""

    lesson: Lesson
    score: LessonScore
    new_cards: tuple[int, int]  # (a review today would bring, all the deck's new cards)
    deck: str | None  # the lesson's deck id
    next_lesson: Lesson | None


def _score_text(score: LessonScore) -> str:
    if not score.asked:
        return ""
    text = f"Checks: {score.right} of {score.asked} right"
    if score.second_try:
        text += f" ({score.second_try} of them on the second try)"
    return text + "."


def render_lesson_end(console: Console, end: LessonEnd) -> list[tuple[str, tuple[str, ...] | None]]:
    """The lesson's score, the sections worth a second look, and what to do next: printed,
    and returned as menu choices (label, command line; None: stop here)."""
    lesson, score = end.lesson, end.score
    console.print()
    console.print(Rule(Text(f"Lesson {lesson.order} done", style="bold green")))
    cards = end.new_cards[1]
    unlocked = f"its {cards} flashcards are now in your review queue." if cards else "its cards are in your review queue."
    console.print(Text.assemble(("Lesson finished. ", "bold green"), (clean(lesson.title), "bold"),
                                f" is done: {unlocked}"))
    if text := _score_text(score):
        console.print(Text(text))
    if score.revisit:
        console.print(Text(f"Worth a second look (sysdesign study {lesson.order} --section N):"))
        for index in score.revisit:
            line = Text(f"  {index + 1} · {clean(lesson.sections[index].title)}")
            line.truncate(console.width, overflow="ellipsis")
            console.print(line, no_wrap=True, crop=True)
    elif score.asked:
        console.print(Text("Every check right the first time.", style="green"))
    choices: list[tuple[str, tuple[str, ...] | None]] = []
    today, fresh = end.new_cards
    if end.deck and today:
        choices.append((f"Learn its new cards now ({today} today)", ("quiz", "--deck", end.deck)))
    elif end.deck and fresh:
        from sysdesign.core.session import DEFAULT_NEW_PER_DAY

        console.print(Text(f"The limit of new cards per day ({DEFAULT_NEW_PER_DAY}) is reached for this lesson's "
                           f"deck; its other cards join your reviews from tomorrow, or raise the limit with: "
                           f"sysdesign quiz --deck {clean(end.deck)} --new {2 * DEFAULT_NEW_PER_DAY}", style="dim"))
    if end.next_lesson is not None:
        nxt = end.next_lesson
        choices.append((f"Go on to lesson {nxt.order}: {clean(nxt.title)}", ("study", nxt.id)))
    hints = [f"  sysdesign {' '.join(argv)}" for _, argv in choices if argv]
    if hints:  # one command a line, never broken by wrapping (a terminal narrower than one wraps it)
        console.print(Text("Next:" if len(hints) == 1 else "Next, one of:", style="dim"))
        for hint in hints:
            console.print(Text(hint, style="dim"), soft_wrap=True)
    return [*choices, ("Stop here", None)] if choices else []


def choose_after_lesson(choices: list[tuple[str, tuple[str, ...] | None]], width: int,
                        **prompt_kwargs) -> tuple[str, ...] | None:
    """The learner's pick of what to do after a lesson (q or Esc: stop here)."""
    from sysdesign.ui.home import Entry, choose

    entries = [Entry(label, argv) for label, argv in choices]
    return choose(entries, "What now?", width, **prompt_kwargs).argv
