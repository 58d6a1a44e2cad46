"""Asking a check question and showing the verdict and the explanation."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from sysdesign.content.model import Question
from sysdesign.core.grading import AnswerError, Graded, answer_hint, grade, letter
from sysdesign.ui.console import clean
from sysdesign.ui.lines import EndOfInput, LineReader

KIND_LABEL = {
    "choice": "choose one",
    "multi": "choose all that apply",
    "truefalse": "true or false",
    "order": "put in order",
    "numeric": "a number",
}


def show_question(console: Console, question: Question, heading: str = "") -> None:
    title = Text()
    if heading:
        title.append(f"{heading}  ", style="bold cyan")
    title.append(f"({KIND_LABEL[question.kind]})", style="dim")
    console.print(title)
    console.print(Text(clean(question.prompt), style="bold"))
    for i, choice in enumerate(question.choices):
        console.print(Text(f"  {letter(i)}) {clean(choice)}"))
    if question.kind == "numeric" and question.answer.unit:
        console.print(Text(f"  (answer in {question.answer.unit}, or give another unit)", style="dim"))


def show_verdict(console: Console, question: Question, graded: Graded) -> None:
    if graded.correct:
        console.print(Text("✓ Correct.", style="bold green"))
    else:
        console.print(Text(f"✗ Not quite. The answer: {clean(graded.expected)}", style="bold red"))
    console.print(Text(clean(question.explain), style="italic"))
    console.print()


def ask_by_line(
    console: Console, question: Question, reader: LineReader, heading: str = "", *, verdict: bool = True
) -> tuple[Graded, str]:
    """Scripted path: print the question, read lines until one is a valid answer.

    With ``verdict=False`` the caller shows the verdict itself (after saving the answer).
    """
    show_question(console, question, heading)
    while True:
        console.print(Text(f"answer ({answer_hint(question)}): ", style="cyan"), end="")
        text = reader.read()
        console.print(Text(text))  # piped answers are not echoed by a terminal
        graded = _grade_or_warn(console, question, text, verdict)
        if graded is not None:
            return graded, text


def ask_interactive(console: Console, question: Question, heading: str = "", *, verdict: bool = True) -> tuple[Graded, str]:
    """Terminal path: arrow-key menus from questionary."""
    import questionary

    from sysdesign.ui.keys import ask

    if heading:
        console.print(Text(heading, style="bold cyan"))
    prompt = clean(question.prompt)
    choices = [f"{letter(i)}) {clean(c)}" for i, c in enumerate(question.choices)]
    while True:
        if question.kind == "choice":
            picked = ask(questionary.select(prompt, choices=choices, instruction="(↑/↓ then Enter)"))
            text = picked.split(")", 1)[0]
        elif question.kind == "multi":
            picked = ask(questionary.checkbox(prompt, choices=choices, instruction="(Space to mark, Enter when done)"))
            text = ",".join(p.split(")", 1)[0] for p in picked) or " "
        elif question.kind == "truefalse":
            picked = ask(questionary.select(prompt, choices=["True", "False"], instruction="(↑/↓ then Enter)"))
            text = picked[0].lower()
        else:
            if question.kind == "order":
                show_question(console, question)
                prompt = "Letters in the right order (e.g. " + " ".join(letter(i) for i in range(len(choices))) + "):"
            elif question.answer.unit:
                prompt = f"{prompt}  [in {question.answer.unit}]"
            text = ask(questionary.text(prompt))
        graded = _grade_or_warn(console, question, text, verdict)
        if graded is not None:
            return graded, text


def _grade_or_warn(console: Console, question: Question, text: str, verdict: bool) -> Graded | None:
    """The graded answer, or None after telling the learner why the text was not usable."""
    try:
        graded = grade(question, text)
    except AnswerError as exc:
        console.print(Text(f"Could not use that answer: {exc}. Try again.", style="yellow"))
        return None
    if verdict:
        show_verdict(console, question, graded)
    return graded


def ask(console: Console, question: Question, reader: LineReader | None, heading: str = "") -> tuple[Graded, str]:
    if reader is None:
        return ask_interactive(console, question, heading)
    return ask_by_line(console, question, reader, heading)


__all__ = ["ask", "show_question", "show_verdict", "EndOfInput"]
