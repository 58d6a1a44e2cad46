"""Asking a check question and showing the verdict and the explanation.

What differs by kind comes from the registries: ``core.kinds`` (label, hint, grading) and
``ui.widgets`` (the terminal widget); nothing here dispatches on a kind's name.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from sysdesign.content.model import Question
from sysdesign.core.grading import AnswerError, Graded, answer_hint, grade
from sysdesign.core.kinds import kind_of
from sysdesign.ui.console import clean
from sysdesign.ui.lines import EndOfInput, LineReader, UnusableInput, gave_up
from sysdesign.ui.verdict import show_verdict
from sysdesign.ui.widgets import WIDGETS, AskAgain, show_choices
from sysdesign.ui.wrap import hanging


def show_question(console: Console, question: Question, heading: str = "") -> None:
    title = Text()
    if heading:
        title.append(f"{heading}  ", style="bold cyan")
    title.append(f"({kind_of(question).label})", style="dim")
    console.print(title)
    console.print(hanging("", clean(question.prompt), console.width, style="bold"))
    show_choices(console, question)
    note = kind_of(question).note(question)
    if note:
        console.print(hanging("  ", note, console.width, style="dim"))


def show_question_verdict(console: Console, question: Question, graded: Graded) -> None:
    if graded.correct:
        show_verdict(console, "✓ Correct.", "bold green", [question.explain], blank=True)
    else:
        show_verdict(console, f"✗ Not quite. The answer: {graded.expected}", "bold red", [question.explain],
                     blank=True)


def ask_by_line(
    console: Console, question: Question, reader: LineReader, heading: str = "", *, verdict: bool = True
) -> tuple[Graded, str]:
    """Scripted path: print the question, read lines until one is a valid answer.

    With ``verdict=False`` the caller shows the verdict itself (after saving the answer).
    When the lines come from a script, UNUSABLE_LIMIT unusable lines in a row raise
    UnusableInput (an EndOfInput) instead of asking again for ever.
    """
    show_question(console, question, heading)
    misses = 0
    while True:
        console.print(Text(f"answer ({answer_hint(question)}): ", style="cyan"), end="")
        text = reader.read()
        console.print(Text(text))  # piped answers are not echoed by a terminal
        try:
            graded = grade(question, text)
        except AnswerError as exc:
            misses += 1
            if reader.gives_up(misses):
                console.print(Text(f"Could not use that answer: {exc}.", style="yellow"))
                where = f" at {heading}" if heading else ""
                raise UnusableInput(gave_up(misses, text, str(exc), f"This question takes one line: "
                                            f"{answer_hint(question)}.", where=where)) from None
            console.print(Text(f"Could not use that answer: {exc}. Try again.", style="yellow"))
            continue
        if verdict:
            show_question_verdict(console, question, graded)
        return graded, text


def ask_interactive(console: Console, question: Question, heading: str = "", *, verdict: bool = True,
                    prompt_kwargs: dict | None = None, can_leave: bool = False) -> tuple[Graded, str]:
    """Terminal path: the kind's widget (menus from questionary). A single choice and
    true/false take their letter (a, b, … or t, f) or the arrow keys to move, then Enter.
    With ``can_leave``, q or Esc at a menu (Esc, or q alone, at a typed answer) raises
    widgets.LeaveRequest."""
    if heading:
        console.print(Text(heading, style="bold cyan"))
    widget = WIDGETS[question.kind]
    while True:
        try:
            text = widget(console, question, prompt_kwargs or {}, leave=can_leave)
        except AskAgain as again:
            console.print(Text(str(again), style="yellow"))
            continue
        try:
            graded = grade(question, text)
        except AnswerError as exc:
            console.print(Text(f"Could not use that answer: {exc}. Try again.", style="yellow"))
            continue
        if verdict:
            show_question_verdict(console, question, graded)
        return graded, text


def ask(console: Console, question: Question, reader: LineReader | None, heading: str = "", *,
        prompt_kwargs: dict | None = None) -> tuple[Graded, str]:
    if reader is None:
        return ask_interactive(console, question, heading, prompt_kwargs=prompt_kwargs)
    return ask_by_line(console, question, reader, heading)


__all__ = ["ask", "show_question", "show_question_verdict", "show_verdict", "EndOfInput", "UnusableInput"]
