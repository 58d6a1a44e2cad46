"""Questions on screen at 40, 80 and 100 columns: prompts and options wrap between words with
a hanging indent, in the line prompts (rich) and in the menus (questionary), and the menus
echo what was picked."""

from __future__ import annotations

import re

import pytest
from prompt_toolkit.formatted_text import to_plain_text
from questionary.prompts.common import InquirerControl
from rich.console import Console

from sysdesign.content.model import NumericAnswer, Question, Where
from sysdesign.ui import widgets
from sysdesign.ui.lessons import render_printed_question
from sysdesign.ui.lines import LineReader
from sysdesign.ui.questions import ask_by_line, ask_interactive, show_question

WIDTHS = (40, 80, 100)
W = Where("l.yaml", 1, 1)
PROMPT = ("Select all that apply: which of these statements about a read-through cache in front of a "
          "relational database hold when the cache is cold after a restart?")
OPTIONS = (
    "Every first read of a key misses the cache and goes to the database, so a restart under full load "
    "can briefly multiply the database's read rate",
    "Reads are refused until the cache is warm again",
    "The cache fills itself as keys are read, so no separate warming job is needed for correctness",
    "Writes go to the cache first and reach the database only when a key is evicted later on",
)


def question(kind: str = "multi") -> Question:
    answer = {"multi": (0, 2), "choice": 0, "order": (1, 0, 3, 2)}[kind]
    return Question("q-cold", kind, PROMPT, OPTIONS, answer, "A cold cache sends the first reads through.",
                    (), "l", W)


def record(width: int) -> Console:
    return Console(record=True, width=width, color_system=None)


def words(text: str) -> list[str]:
    return text.split()


def assert_wrapped(lines: list[str], width: int, texts: tuple[str, ...], indent: int) -> None:
    """No line wider than the screen, no word broken, every further line of an option under its
    first word."""
    assert all(len(line) <= width for line in lines), [line for line in lines if len(line) > width]
    flat = words(" ".join(lines))
    for text in texts:
        assert " ".join(words(text)) in " ".join(flat), text  # every word whole, in order
    starts = [i for i, line in enumerate(lines) if re.match(r"^\s*(» )?\s*([○●] )?[a-f]\) ", line)]
    for first, nxt in zip(starts, starts[1:] + [len(lines)]):
        for line in lines[first + 1:nxt]:
            if line.strip():
                assert line.startswith(" " * indent) and not line.startswith(" " * (indent + 1)), (line, indent)


@pytest.mark.parametrize("width", WIDTHS)
def test_line_prompt_wraps_prompt_and_options_with_a_hanging_indent(width):
    console = record(width)
    show_question(console, question(), "Check 1/3")
    lines = console.export_text().splitlines()
    assert lines[0] == "Check 1/3  (choose all that apply)"
    assert_wrapped(lines[1:], width, (PROMPT, *OPTIONS), indent=len("  a) "))
    assert [line[:5] for line in lines if re.match(r"^  [a-d]\) ", line)] == ["  a) ", "  b) ", "  c) ", "  d) "]


def test_line_prompt_at_40_columns_exactly():
    console = record(40)
    show_question(console, Question("q", "choice", "Which store keeps the whole dataset in memory?",
                                    ("Redis, with persistence switched off", "PostgreSQL"), 0, "x", (), "l", W))
    assert console.export_text() == (
        "(choose one)\n"
        "Which store keeps the whole dataset in\n"
        "memory?\n"
        "  a) Redis, with persistence switched\n"
        "     off\n"
        "  b) PostgreSQL\n")


@pytest.mark.parametrize("width", WIDTHS)
def test_print_wraps_options_and_the_answer(width):
    console = record(width)
    render_printed_question(console, 1, question("choice"))
    lines = console.export_text().splitlines()
    answer = next(i for i, line in enumerate(lines) if line.startswith("   Answer: a) Every first read"))
    assert_wrapped(lines[:answer], width, (PROMPT, *OPTIONS), indent=len("   a) "))
    assert_wrapped(lines[answer:], width, ("Answer: a) " + OPTIONS[0],), indent=len("   Answer: "))


def menu_lines(menu) -> list[str]:
    """The options as questionary draws them (its InquirerControl's text)."""
    control = next(w.content for w in menu.application.layout.find_all_windows()
                   if isinstance(w.content, InquirerControl))
    return to_plain_text(control.text).splitlines()


@pytest.mark.parametrize("width", WIDTHS)
def test_menus_wrap_options_under_their_first_word(width, keys):
    select = menu_lines(widgets.choice_menu(question("choice"), width, keys.io))
    assert_wrapped(select, width, OPTIONS, indent=widgets.SELECT_LEFT)
    checkbox = menu_lines(widgets.multi_menu(question(), width, keys.io))
    assert_wrapped(checkbox, width, OPTIONS, indent=widgets.CHECKBOX_LEFT)


@pytest.mark.parametrize("width", WIDTHS)
def test_menu_prompts_wrap_between_words_and_keep_the_instruction_whole(width):
    message, instruction = widgets.menu_message(PROMPT, "(Space to mark, Enter when done)", width)
    lines = ("? " + message + " " + instruction).splitlines()
    assert all(len(line) <= width for line in lines)
    assert " ".join(words(" ".join(lines))) == f"? {' '.join(words(PROMPT))} {instruction}"
    assert instruction in lines[-1]


def test_a_short_prompt_keeps_the_instruction_on_its_line():
    assert widgets.menu_message("Pick one.", "(a–c or ↑/↓, then Enter)", 80) == ("Pick one.", "(a–c or ↑/↓, then Enter)")


# -- answering through the menus (keys through the pipe) -------------------------------------

def test_a_multi_select_echoes_what_was_marked(keys):
    console = record(40)
    keys.send(" \x1b[B\x1b[B \r")  # mark a, down twice, mark c, Enter
    graded, text = ask_interactive(console, question(), "Check 1/3", prompt_kwargs=keys.io)
    assert (graded.correct, text) == (True, "a,c")
    out = console.export_text()
    assert "  → a) Every first read of a key misses\n       the cache and goes" in out
    assert "  → c) The cache fills itself as keys\n       are read" in out
    assert all(len(line) <= 40 for line in out.splitlines())


def test_true_false_says_the_answer_in_words(keys):
    console = record(80)
    keys.send("t\r")
    tf = Question("q-tf", "truefalse", "A cache in front of a database makes writes durable.", (), False,
                  "The database is what keeps the data.", (), "l", W)
    graded, _ = ask_interactive(console, tf, prompt_kwargs=keys.io)
    out = console.export_text()
    assert not graded.correct
    assert "  → True\n" in out and "✗ Not quite. The answer: False" in out


def test_a_choice_picked_by_letter_is_echoed_wrapped(keys):
    console = record(40)
    keys.send("c\r")
    graded, text = ask_interactive(console, question("choice"), prompt_kwargs=keys.io)
    assert text == "c" and not graded.correct
    out = console.export_text().splitlines()
    echo = out.index("  → c) The cache fills itself as keys")
    assert out[echo + 1].startswith("       are read")  # under the option's first word


def test_a_numeric_question_reads_a_typed_line(keys):
    console = record(80)
    keys.send("1 d\r")
    numeric = Question("q-n", "numeric", "How many seconds are in a day?", (), NumericAnswer(86400, 0.05, "s"),
                       "24 × 3,600.", (), "l", W)
    graded, text = ask_interactive(console, numeric, prompt_kwargs=keys.io)
    assert graded.correct and text == "1 d"


def test_the_line_prompt_reads_letters_against_the_options_shown(tmp_path):
    import io

    console = record(80)
    graded, _ = ask_by_line(console, question("order"), LineReader(io.StringIO("b a d c\n")), verdict=False)
    assert graded.correct and graded.chosen.startswith("b) Reads are refused")
