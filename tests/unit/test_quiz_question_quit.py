"""`q` and Esc leave the quiz from a question's prompt too (menus and typed answers), as they do
from a card, and the question's footer says so."""

from __future__ import annotations

import pytest
from rich.console import Console

from sysdesign.content.model import NumericAnswer, Question, Where
from sysdesign.core.session import Action, Item
from sysdesign.ui.quiz import TerminalQuizUI

W = Where("l.yaml", 1, 1)
KINDS = {
    "choice": ("Which one?", ("First", "Second", "Third"), 1),
    "multi": ("Which ones?", ("First", "Second", "Third"), (0, 2)),
    "truefalse": ("Is it?", (), True),
    "order": ("In order?", ("First", "Second", "Third"), (2, 0, 1)),
    "numeric": ("How many seconds in a day?", (), NumericAnswer(86400, 0.05, "s")),
}


def item(kind: str) -> Item:
    prompt, choices, answer = KINDS[kind]
    return Item(f"q-{kind}", "question", Question(f"q-{kind}", kind, prompt, choices, answer, "Because.", (), "l", W))


def ui(keys) -> tuple[TerminalQuizUI, Console]:
    console = Console(record=True, width=80, color_system=None)
    return TerminalQuizUI(console, keys=object(), prompt_kwargs=keys.io), console


@pytest.mark.parametrize("kind", ["choice", "multi", "truefalse"])
@pytest.mark.parametrize("key", ["q", "\x1b"])
def test_q_and_esc_quit_from_a_menu(kind, key, keys):
    screen, console = ui(keys)
    keys.send(key)
    assert screen.question(item(kind), 1, 3) == Action.QUIT
    assert "q/Esc quit" in console.export_text()


@pytest.mark.parametrize("kind", ["order", "numeric"])
def test_esc_quits_from_a_typed_answer_and_so_does_a_lone_q(kind, keys):
    screen, console = ui(keys)
    keys.send("\x1b")
    assert screen.question(item(kind), 1, 3) == Action.QUIT
    keys.send("q\r")
    assert screen.question(item(kind), 1, 3) == Action.QUIT
    assert "Esc quit" in console.export_text()


def test_a_typed_answer_that_holds_a_q_is_still_an_answer(keys):
    screen, _console = ui(keys)
    keys.send("86400 s\r")
    graded, text = screen.question(item("numeric"), 1, 3)
    assert graded.correct and text == "86400 s"
