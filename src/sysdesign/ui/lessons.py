"""Rendering lessons: the lesson table, one section, and a whole lesson for --print."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.rule import Rule
from rich.text import Text

from sysdesign.content.model import Lesson, Question, Section
from sysdesign.core.grading import expected_text, letter
from sysdesign.ui.console import clean


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
    if sections_only:
        progress_width = max((len(f"{e['sections_total']}{words}") for e in entries), default=0)
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
            line.append(f"{total}{words}".rjust(progress_width), style="dim")
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


MORE_PROMPT = "── more: Space/Enter next page · q skip to the questions ──"


def render_paged(console: Console, renderables: list, getkey) -> None:
    """Show renderables a screenful at a time, so a long section is read from its top."""
    with console.capture() as captured:
        for renderable in renderables:
            console.print(renderable)
    lines = captured.get().splitlines()
    page = max(console.size.height - 2, 5)
    start = 0
    while start < len(lines):
        console.file.write("\n".join(lines[start : start + page]) + "\n")
        start += page
        if start >= len(lines):
            break
        console.print(Text(MORE_PROMPT, style="reverse"), end="")
        console.file.flush()
        key = getkey()
        console.file.write("\r\x1b[2K" if console.is_terminal else "\n")
        if key in ("q", "Q"):
            break


def render_printed_question(console: Console, number: int, question: Question) -> None:
    console.print(Text(f"Check {number}. {clean(question.prompt)}", style="bold"))
    for i, choice in enumerate(question.choices):
        console.print(Text(f"   {letter(i)}) {clean(choice)}"))
    console.print(Text(f"   Answer: {clean(expected_text(question))}", style="green"))
    console.print(Text(f"   {clean(question.explain)}", style="italic"))
    console.print()


def render_whole_lesson(console: Console, lesson: Lesson, questions: dict[str, Question]) -> None:
    console.print(Text(clean(lesson.title), style="bold"))
    if lesson.summary:
        console.print(Text(clean(lesson.summary), style="italic"))
    console.print()
    for index, section in enumerate(lesson.sections):
        render_section(console, lesson, section, index)
        for number, qid in enumerate(section.checks, 1):
            if qid in questions:
                render_printed_question(console, number, questions[qid])
