"""How a person at a terminal answers each kind of question: one widget per kind name.

``WIDGETS`` is the ui half of the kinds registry (the core half is ``core.kinds.KINDS``,
keyed by the same names; a test checks both cover every kind). A widget asks with
questionary and returns what the learner would have typed in a script (``b``, ``a,c``,
``t``, ``c a b``, ``3 h``), or raises AskAgain. Menus, options and prompts are wrapped at
word boundaries to the console's width with a hanging indent (see ``ui.wrap``); a menu is
erased once answered and the answer echoed below the prompt as plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.console import Console

from sysdesign.content.model import Question
from sysdesign.core.kinds.base import LETTERS, letter
from sysdesign.ui.console import clean
from sysdesign.ui.wrap import hanging, wrap

if TYPE_CHECKING:
    import questionary

# Columns questionary draws before an option's text: the pointer (" » ") and, in a select
# with shortcuts, "a) "; in a checkbox, the indicator ("○ ") and our own "a) ".
SELECT_LEFT = 6
CHECKBOX_LEFT = 8
QMARK = "? "


class AskAgain(Exception):
    """The widget's answer cannot be used; the message says what to do, then it asks again."""


class LeaveRequest(Exception):
    """The learner pressed q or Esc at a menu, or Esc (or typed q alone) at a typed answer,
    where the caller allows leaving (the quiz)."""


# a widget takes leave=True where q and Esc may leave (the quiz); what it returns is the answer
Widget = Callable[..., str]
_LEFT = "\x00leave"  # what a prompt answers when q or Esc left it
TYPED_KINDS = ("order", "numeric")  # answered by typing a line, where q may be part of an answer


def typed(question: Question) -> bool:
    """Whether the question is answered by typing (Esc leaves; q only when typed alone)."""
    return question.kind in TYPED_KINDS


# -- text laid out for a width ------------------------------------------------------------

def menu_message(prompt: str, instruction: str, width: int) -> tuple[str, str]:
    """questionary's message and instruction for ``width`` columns: the prompt wrapped under
    the "? ", and the instruction after it, or on a line of its own when it does not fit."""
    lines = wrap(clean(prompt), width, QMARK)
    if len(lines[-1]) + 1 + len(instruction) > width:
        lines.append(" ")  # questionary puts a space before the instruction
    return "\n".join(lines)[len(QMARK):], instruction


def option_title(text: str, width: int, left: int, prefix: str = "") -> str:
    """An option's title, its further lines indented under its first word."""
    room = width - left + len(prefix)
    lines = wrap(clean(text), room, prefix)
    return ("\n" + " " * (left - len(prefix))).join(lines)


def show_choices(console: Console, question: Question, indent: str = "  ") -> None:
    """The lettered options, one per line, each wrapped with a hanging indent."""
    for i, choice in enumerate(question.choices):
        console.print(hanging(f"{indent}{letter(i)}) ", clean(choice), console.width))


def echo(console: Console, question: Question, picked: list[str]) -> None:
    """After an erased menu: the prompt and what was picked ("c) …" or "True"), as they stay in
    the scrollback; an option's further lines go under its text."""
    console.print(hanging(QMARK, clean(question.prompt), console.width, style="bold"))
    for line in picked or ["(nothing)"]:
        label, _, text = line.partition(") ")
        prefix = f"  → {label}) " if text else "  → "
        console.print(hanging(prefix, text or line, console.width))


# -- the menus -----------------------------------------------------------------------------

def _erased(question: questionary.Question) -> questionary.Question:
    question.application.erase_when_done = True
    return question


def choice_menu(question: Question, width: int, io: dict[str, Any]) -> questionary.Question:
    import questionary

    keys = [letter(i) for i in range(len(question.choices))]
    message, instruction = menu_message(question.prompt, f"({keys[0]}–{keys[-1]} or ↑/↓, then Enter)", width)
    # questionary shows each shortcut as "a) " before the title; a shortcut key only moves
    # the pointer, Enter submits. j/k would clash with the letters j and k.
    choices = [questionary.Choice(title=option_title(c, width, SELECT_LEFT), value=k, shortcut_key=k)
               for k, c in zip(keys, question.choices)]
    return _erased(questionary.select(message, choices=choices, use_shortcuts=True, use_arrow_keys=True,
                                      use_jk_keys=False, instruction=instruction, **io))


def truefalse_menu(question: Question, width: int, io: dict[str, Any]) -> questionary.Question:
    import questionary

    message, instruction = menu_message(question.prompt, "(t/f or ↑/↓, then Enter)", width)
    choices = [questionary.Choice(title=t, value=k, shortcut_key=k) for k, t in (("t", "True"), ("f", "False"))]
    return _erased(questionary.select(message, choices=choices, use_shortcuts=True, use_arrow_keys=True,
                                      use_jk_keys=False, instruction=instruction, **io))


def multi_menu(question: Question, width: int, io: dict[str, Any]) -> questionary.Question:
    import questionary

    message, instruction = menu_message(question.prompt, "(Space to mark, Enter when done)", width)
    choices = [questionary.Choice(title=option_title(c, width, CHECKBOX_LEFT, f"{letter(i)}) "), value=letter(i))
               for i, c in enumerate(question.choices)]
    return _erased(questionary.checkbox(message, choices=choices, instruction=instruction, **io))


def text_prompt(message: str, width: int, io: dict[str, Any]) -> questionary.Question:
    import questionary

    return questionary.text("\n".join(wrap(clean(message), width, QMARK))[len(QMARK):], **io)


# -- the widgets -----------------------------------------------------------------------------

def _ask(menu: questionary.Question, leave: bool = False, keys: tuple[str, ...] = ("q", "Q", "escape")) -> Any:
    from sysdesign.ui.keys import ask

    if leave:
        _leave_on(menu, keys)
    answer = ask(menu)
    if leave and (answer == _LEFT or (isinstance(answer, str) and answer.strip().lower() in ("q", "quit"))):
        raise LeaveRequest
    return answer


def _leave_on(menu: questionary.Question, keys: tuple[str, ...]) -> None:
    """These keys end the prompt at once, answering _LEFT (bound last, so they win)."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    bindings = KeyBindings()
    for key in keys:
        bindings.add(key, eager=True)(lambda event: event.app.exit(result=_LEFT))
    app = menu.application
    app.key_bindings = merge_key_bindings([app.key_bindings, bindings])


def ask_choice(console: Console, question: Question, io: dict[str, Any], *, leave: bool = False) -> str:
    picked = _ask(choice_menu(question, console.width, io), leave)
    echo(console, question, [f"{picked}) {clean(question.choices[LETTERS.index(picked)])}"])
    return picked


def ask_truefalse(console: Console, question: Question, io: dict[str, Any], *, leave: bool = False) -> str:
    picked = _ask(truefalse_menu(question, console.width, io), leave)
    echo(console, question, ["True" if picked == "t" else "False"])
    return picked


def ask_multi(console: Console, question: Question, io: dict[str, Any], *, leave: bool = False) -> str:
    picked = _ask(multi_menu(question, console.width, io), leave)
    if not picked:
        raise AskAgain("Mark at least one with Space, then press Enter.")
    echo(console, question, [f"{k}) {clean(question.choices[LETTERS.index(k)])}" for k in picked])
    return ",".join(picked)


def ask_order(console: Console, question: Question, io: dict[str, Any], *, leave: bool = False) -> str:
    console.print(hanging("", clean(question.prompt), console.width, style="bold"))
    show_choices(console, question)
    example = " ".join(letter(i) for i in range(len(question.choices)))
    return _ask(text_prompt(f"Letters in the right order (e.g. {example}):", console.width, io), leave, ("escape",))


def ask_numeric(console: Console, question: Question, io: dict[str, Any], *, leave: bool = False) -> str:
    unit = question.answer.unit
    return _ask(text_prompt(f"{question.prompt}  [in {unit}]" if unit else question.prompt, console.width, io),
                leave, ("escape",))


WIDGETS: dict[str, Widget] = {
    "choice": ask_choice,
    "multi": ask_multi,
    "truefalse": ask_truefalse,
    "order": ask_order,
    "numeric": ask_numeric,
}
