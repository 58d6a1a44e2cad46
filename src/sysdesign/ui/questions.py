"""Asking a check question and showing the verdict and the explanation."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from sysdesign.content.model import Question
from sysdesign.core.grading import AnswerError, Graded, answer_hint, grade, letter
from sysdesign.ui.console import clean
from sysdesign.ui.lines import EndOfInput, LineReader, UnusableInput

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
                raise UnusableInput(_giving_up(question, heading, text, exc, misses)) from None
            console.print(Text(f"Could not use that answer: {exc}. Try again.", style="yellow"))
            continue
        if verdict:
            show_verdict(console, question, graded)
        return graded, text


def _giving_up(question: Question, heading: str, text: str, exc: AnswerError, misses: int) -> str:
    """One line for a script that keeps sending what this question cannot use."""
    shown = clean(text).strip()
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    last = f"the last, {shown!r}: {exc}" if shown else "the last was a blank line"
    where = f" at {heading}" if heading else ""
    return (f"Stopped{where} after {misses} unusable answers in a row — {last}. "
            f"This question takes one line: {answer_hint(question)}.")


def ask_interactive(console: Console, question: Question, heading: str = "", *, verdict: bool = True,
                    prompt_kwargs: dict | None = None) -> tuple[Graded, str]:
    """Terminal path: menus from questionary. A single choice and true/false take their
    letter (a, b, … or t, f) or the arrow keys to move, then Enter."""
    import questionary

    from sysdesign.ui.keys import ask

    if heading:
        console.print(Text(heading, style="bold cyan"))
    prompt = clean(question.prompt)
    n = len(question.choices)
    io = prompt_kwargs or {}
    while True:
        if question.kind in ("choice", "truefalse"):
            if question.kind == "choice":
                keys = [letter(i) for i in range(n)]
                titles = [clean(c) for c in question.choices]
                keys_hint = f"{keys[0]}–{keys[-1]}"
            else:
                keys, titles, keys_hint = ["t", "f"], ["True", "False"], "t/f"
            # questionary shows each shortcut as "a) " before the title; a shortcut key only
            # moves the pointer, Enter submits. j/k would clash with the letters j and k.
            text = ask(questionary.select(
                prompt,
                choices=[questionary.Choice(title=t, value=k, shortcut_key=k) for k, t in zip(keys, titles)],
                use_shortcuts=True, use_arrow_keys=True, use_jk_keys=False,
                instruction=f"({keys_hint} or ↑/↓, then Enter)", **io,
            ))
        elif question.kind == "multi":
            choices = [questionary.Choice(title=f"{letter(i)}) {clean(c)}", value=letter(i))
                       for i, c in enumerate(question.choices)]
            picked = ask(questionary.checkbox(prompt, choices=choices, instruction="(Space to mark, Enter when done)",
                                              **io))
            if not picked:
                console.print(Text("Mark at least one with Space, then press Enter.", style="yellow"))
                continue
            text = ",".join(picked)
        else:
            if question.kind == "order":
                show_question(console, question)
                prompt = "Letters in the right order (e.g. " + " ".join(letter(i) for i in range(n)) + "):"
            elif question.answer.unit:
                prompt = f"{prompt}  [in {question.answer.unit}]"
            text = ask(questionary.text(prompt, **io))
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


def ask(console: Console, question: Question, reader: LineReader | None, heading: str = "", *,
        prompt_kwargs: dict | None = None) -> tuple[Graded, str]:
    if reader is None:
        return ask_interactive(console, question, heading, prompt_kwargs=prompt_kwargs)
    return ask_by_line(console, question, reader, heading)


__all__ = ["ask", "show_question", "show_verdict", "EndOfInput", "UnusableInput"]
