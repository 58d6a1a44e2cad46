"""Rendering lessons: the lesson table, one section, and a whole lesson for --print."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from sysdesign.content.model import Lesson, Question, Section
from sysdesign.core.grading import expected_text
from sysdesign.ui.console import clean
from sysdesign.ui.widgets import show_choices
from sysdesign.ui.wrap import hanging


@dataclass(frozen=True)
class LessonRow:
    lesson: Lesson
    done: int
    finished: bool


def bar(done: int, total: int, width: int = 12) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def lesson_table(rows: list[LessonRow], next_id: str | None) -> Table:
    table = Table(title="Lessons", title_justify="left", expand=False, pad_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("Lesson", overflow="fold")
    table.add_column("id", style="cyan", overflow="fold")
    table.add_column("Progress", no_wrap=True)
    for row in rows:
        total = len(row.lesson.sections)
        mark = " ✓" if row.finished and row.done == total else ("  ← next" if row.lesson.id == next_id else "")
        table.add_row(
            str(row.lesson.order),
            Text(clean(row.lesson.title)),
            row.lesson.id,
            Text(f"{bar(row.done, total)} {row.done}/{total}{mark}"),
        )
    return table


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
    """A check question for --print (options in the learner's order, wrapped under their text)."""
    console.print(hanging(f"Check {number}. ", clean(question.prompt), console.width, style="bold"))
    show_choices(console, question, indent="   ")
    console.print(hanging("   Answer: ", clean(expected_text(question)), console.width, style="green"))
    console.print(hanging("   ", clean(question.explain), console.width, style="italic"))
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
