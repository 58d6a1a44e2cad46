"""`sysdesign study` in a real pseudo-terminal: arrow keys, Enter, and Ctrl-C."""

from __future__ import annotations

import json
import re
import subprocess
import textwrap
from pathlib import Path

import pexpect
import pytest

from tests.conftest import BIN, child_env, pty_spawn
from tests.helpers import pin_salt, shown

pytestmark = pytest.mark.e2e

LESSON = """\
id: pty-demo
title: Terminal demo
order: 1
sections:
  - id: pty-s1
    title: First section
    body: |
      ### Heading
      Text of **section one**.
    checks: [pty-q1]
  - id: pty-s2
    title: Second section
    body: Text of section two.
    checks: [pty-q2]
questions:
  - id: pty-q1
    kind: choice
    prompt: Which letter comes second?
    choices: [Alpha, Bravo, Charlie]
    answer: 1
    explain: B is the second letter.
  - id: pty-q2
    kind: truefalse
    prompt: The sky is green.
    answer: false
    explain: It is usually blue.
"""


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    (root / "lessons").mkdir(parents=True)
    (root / "flashcards").mkdir()
    (root / "lessons" / "01-pty-demo.yaml").write_text(textwrap.dedent(LESSON))
    return root


def shown_choices(content, question_id: str) -> tuple[str, ...]:
    """The options of a question in the order the learner with the pinned salt sees them."""
    from sysdesign.content.loader import load_dir

    question = next(q for q in load_dir(content).course.questions() if q.id == question_id)
    return shown(question).choices


def spawn(bin_path, home, content, *args):
    pin_salt(home)  # the options' order is known: the keys below pick them by position
    env = child_env(home, SYSDESIGN_CONTENT_DIR=str(content))
    return pty_spawn(str(bin_path), list(args), env=env, encoding="utf-8", timeout=15, dimensions=(30, 90))


def progress(bin_path, home, content) -> dict:
    env = child_env(home, SYSDESIGN_CONTENT_DIR=str(content))
    out = subprocess.run([str(bin_path), "progress", "--json"], env=env, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    return json.loads(out.stdout)


def test_study_with_arrow_keys_to_the_end(sysdesign_bin, tmp_path, content):
    home = tmp_path / "home"
    child = spawn(sysdesign_bin, home, content, "study", "pty-demo")
    child.expect("First section")
    child.expect("Which letter comes second")
    child.send("\x1b[B" * shown_choices(content, "pty-q1").index("Bravo"))  # down arrows to Bravo
    child.send("\r")
    child.expect("Correct")
    child.expect("Next section")
    child.send("\r")  # default yes
    child.expect("The sky is green")
    child.send("\x1b[B\r")  # False
    child.expect("Correct")
    child.expect("Lesson finished")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    report = progress(sysdesign_bin, home, content)
    assert report["lessons"][0]["sections_done"] == 2 and report["lessons"][0]["finished"] is True


def test_letter_keys_pick_the_choice(sysdesign_bin, tmp_path, content):
    """Typing b then Enter answers b (it used to submit the highlighted a); t/f likewise."""
    home = tmp_path / "home"
    child = spawn(sysdesign_bin, home, content, "study", "pty-demo")
    child.expect("Which letter comes second")
    child.expect_exact("(a–c or ↑/↓, then Enter)")
    child.expect_exact("Charlie")
    assert "a) a)" not in child.before  # questionary draws the letter once
    child.send("abc"[shown_choices(content, "pty-q1").index("Bravo")])
    child.send("\r")
    assert child.expect(["Correct", "Not quite"]) == 0, child.before
    child.expect("Next section")
    child.send("\r")
    child.expect("The sky is green")
    child.expect_exact("(t/f or ↑/↓, then Enter)")
    child.send("f")
    child.send("\r")
    assert child.expect(["Correct", "Not quite"]) == 0, child.before
    child.expect("Lesson finished")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


MULTI = """\
id: pty-demo
title: Terminal demo
order: 1
sections:
  - id: pty-s1
    title: First section
    body: Text of section one.
    checks: [pty-multi]
questions:
  - id: pty-multi
    kind: multi
    prompt: Which are vowels?
    choices: [A, B, E]
    answer: [0, 2]
    explain: A and E are vowels.
"""


def test_enter_with_nothing_marked_says_to_mark_one(sysdesign_bin, tmp_path, content):
    (content / "lessons" / "01-pty-demo.yaml").write_text(MULTI)
    child = spawn(sysdesign_bin, tmp_path / "home", content, "study", "pty-demo")
    child.expect("Which are vowels")
    child.expect_exact("(Space to mark, Enter when done)")
    child.send("\r")  # nothing marked
    assert child.expect(["Mark at least one with Space, then press Enter.", "Could not use that answer"]) == 0
    child.expect("Which are vowels")
    child.expect_exact("(Space to mark, Enter when done)")
    options = shown_choices(content, "pty-multi")
    at = 0
    for position in sorted(options.index(vowel) for vowel in ("A", "E")):
        child.send("\x1b[B" * (position - at) + " ")  # down to the vowel, Space marks it
        at = position
    child.send("\r")
    assert child.expect(["Correct", "Not quite"]) == 0, child.before
    child.expect("Lesson finished")
    child.expect(pexpect.EOF)


def test_ctrl_c_keeps_finished_sections(sysdesign_bin, tmp_path, content):
    home = tmp_path / "home"
    child = spawn(sysdesign_bin, home, content, "study", "pty-demo")
    child.expect("Which letter comes second")
    child.send("\x1b[B" * shown_choices(content, "pty-q1").index("Bravo") + "\r")  # right: no second try
    child.expect("Next section")
    child.send("\r")
    child.expect("The sky is green")
    child.sendintr()
    child.expect("progress is saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert progress(sysdesign_bin, home, content)["lessons"][0]["sections_done"] == 1


def make_section_one_long(content) -> None:
    """Section one becomes 39 paragraphs: three pages in a 30-line terminal."""
    long_body = "\n\n".join(f"Paragraph number {i} of a long section." for i in range(1, 40))
    lesson = content / "lessons" / "01-pty-demo.yaml"
    lesson.write_text(lesson.read_text().replace("      Text of **section one**.", "      " + long_body.replace("\n", "\n      ")))


def test_a_long_section_is_paged_from_its_top(sysdesign_bin, tmp_path, content):
    make_section_one_long(content)
    child = spawn(sysdesign_bin, tmp_path / "home", content, "study", "pty-demo")
    child.expect("Paragraph number 1 of")
    child.expect_exact("── 1/3 · Space/↓ more · b/↑ back · c checks · q quit lesson ──")
    child.send(" ")
    child.expect("Paragraph number 20 of")
    child.send("c")  # straight to the checks
    child.expect("Which letter comes second")
    child.sendintr()
    child.expect(pexpect.EOF)


def test_pager_keys_typed_ahead_are_not_lost(sysdesign_bin, tmp_path, content):
    """A reader who presses Space three times quickly turns three pages, not one."""
    make_section_one_long(content)
    child = spawn(sysdesign_bin, tmp_path / "home", content, "study", "pty-demo")
    child.expect("Space/↓ more")
    child.send("   ")  # all before the pager asks again: the last page waits too (it and the check don't fit)
    child.expect("Which letter comes second")
    assert "Paragraph number 39 of" in child.before
    child.sendintr()
    child.expect(pexpect.EOF)


def test_b_goes_back_a_page_and_q_leaves_the_lesson_with_the_place_kept(sysdesign_bin, tmp_path, content):
    from tests.e2e.terminal import Terminal

    make_section_one_long(content)
    home = tmp_path / "home"
    term = Terminal([str(sysdesign_bin), "study", "pty-demo"], child_env(home, SYSDESIGN_CONTENT_DIR=str(content)),
                    rows=24, cols=80)
    try:
        term.expect("1/4 · Space")
        assert "Paragraph number 1 of" in term.text()
        term.send("\x1b[6~")  # PgDn
        term.expect("2/4 · Space")
        assert "Paragraph number 1 of" not in term.text() and "Paragraph number 12 of" in term.text()
        for back in ("b", "\x1b[A", "\x1b[5~"):  # b, ↑ and PgUp all go back a page
            term.send(back)
            term.expect("1/4 · Space")
            assert "Paragraph number 1 of" in term.text(), back
            term.send(" ")
            term.expect("2/4 · Space")
        term.send("q")
        term.expect("Stopped. Your place is kept: sysdesign study 1 goes on from here.")
        term.expect(pexpect.EOF)
        assert "Which letter comes second" not in term.transcript
    finally:
        term.close()
    assert term.child.exitstatus == 0
    assert progress(sysdesign_bin, home, content)["lessons"][0]["sections_done"] == 0


def test_study_without_a_lesson_offers_the_next_one(sysdesign_bin, tmp_path, content):
    child = spawn(sysdesign_bin, tmp_path / "home", content, "study")
    child.expect("Next: sysdesign study pty-demo")
    child.expect("Start lesson 1, Terminal demo, now")
    child.send("\r")
    child.expect("First section")
    child.expect("Which letter comes second")
    child.sendintr()
    child.expect(pexpect.EOF)


def test_declining_the_offer_just_lists(sysdesign_bin, tmp_path, content):
    child = spawn(sysdesign_bin, tmp_path / "home", content, "study")
    child.expect("Start lesson 1")
    child.send("n\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "First section" not in child.before


# --- what is on screen: nothing scrolls away unread ---------------------------------------

SIZES = [(14, 40), (24, 80), (30, 100)]
FOOTER = r"q quit( lesson ──)?|more: Space/Enter next page"  # (the second: before the pager had keys)
VERDICT = r"✓ Correct\.|✗ Not quite\. The answer|One more try"


SHOWN = r"\x1b\[\?7h"  # prompt_toolkit turns line wrap back on when it has drawn the question


def answer_keys(question) -> list[str]:
    """Keys that give the right answer in the terminal's widgets, the last one Enter."""
    from tests.helpers import right_answer

    if question.kind == "multi":
        keys = [k for i in range(len(question.choices)) for k in ([" "] if i in question.answer else []) + ["\x1b[B"]]
        return [*keys, "\r"]
    return [*right_answer(question), "\r"]


def answer(term, question) -> None:
    """Type the answer a key at a time, each after the widget has drawn the one before."""
    *keys, enter = answer_keys(question)
    for key in keys:
        term.send(key)
        term.expect(SHOWN)
    term.send(enter)


def printed_section_lines(lesson_number: int, cols: int) -> list[str]:
    """`study N --print` at this width, without the lesson's title and summary and the
    printed answers of the checks: the lines the pager must show."""
    env = child_env(Path("/nonexistent"), COLUMNS=str(cols))
    out = subprocess.run([str(BIN), "study", str(lesson_number), "--print"], env=env, capture_output=True,
                         text=True, timeout=60, stdin=subprocess.DEVNULL).stdout.splitlines()
    start = next(i for i, line in enumerate(out) if line.startswith("──"))
    lines, in_check = [], False
    for line in out[start:]:
        if re.match(r"Check \d+\. ", line):
            in_check = True
        elif in_check and not line.strip():
            in_check = False
        elif not in_check and line.strip():
            lines.append(line.rstrip())
    return lines


def read_whole_lesson(term, lesson) -> None:
    """Page through every section with Space, answer every check, take the end menu's q."""
    questions = {q.id: shown(q) for q in lesson.questions}
    section = 0
    while True:
        i = term.expect([FOOTER, r"Check (\d+)/(\d+)", r"Next section\? .*\(Y/n\)", r"What now\? .*\(↑", pexpect.EOF])
        if i == 0:
            term.snap()
            term.send(" ")
        elif i == 1:
            number, last = int(term.child.match.group(1)), int(term.child.match.group(2))
            question = questions[lesson.sections[section].checks[number - 1]]
            term.expect(SHOWN)
            term.snap()
            answer(term, question)
            if term.expect(VERDICT) == 2:  # a second try (the choices may have been shuffled)
                term.expect(SHOWN)
                answer(term, question)
                term.expect(VERDICT)
            section += number == last
        elif i == 2:
            term.send("\r")
        elif i == 3:
            term.snap()
            term.send("q")
        else:
            return


@pytest.mark.parametrize(("rows", "cols"), SIZES)
def test_every_line_of_a_lesson_is_on_screen_at_some_point(sysdesign_bin, tmp_path, rows, cols):
    """Every line `study 1 --print` shows is on a screen the learner sees while the program
    waits for a key: no page and no check question pushes text off before it is read."""
    from sysdesign.cli.common import course
    from tests.e2e.terminal import Terminal

    lesson = course().lessons[0]
    pin_salt(tmp_path / "home")  # options in a known order: the keys below answer them right
    term = Terminal([str(sysdesign_bin), "study", "1"], child_env(tmp_path / "home"), rows=rows, cols=cols)
    try:
        read_whole_lesson(term, lesson)
    finally:
        term.close()
    seen = {line for screen in term.screens for line in screen}
    missing = [line for line in printed_section_lines(1, cols) if line not in seen]
    assert not missing, f"{len(missing)} lines never on screen at {cols}×{rows}: {missing[:5]}"
    assert "Lesson finished." in term.transcript


def test_a_wrong_answer_gets_a_hint_and_one_more_try_then_the_score(sysdesign_bin, tmp_path, content):
    home = tmp_path / "home"
    child = spawn(sysdesign_bin, home, content, "study", "pty-demo")
    order = shown_choices(content, "pty-q1")
    child.expect("Which letter comes second")
    child.expect_exact("(a–c or ↑/↓, then Enter)")
    child.expect_exact(order[-1])
    child.send("abc"[order.index("Alpha")])
    child.send("\r")
    child.expect_exact("✗ Not quite. It is not “Alpha”. One more try:")
    child.expect("Check 1/1, second try")
    child.expect_exact(order[-1])
    child.send("abc"[order.index("Bravo")])
    child.send("\r")
    child.expect_exact("✓ Correct.")
    child.expect("B is the second letter")
    child.expect("Next section")
    child.send("\r")
    child.expect("The sky is green")
    child.expect_exact("False")
    child.send("t")  # wrong, and true/false gets no second try: only the other answer is left
    child.send("\r")
    child.expect_exact("✗ Not quite. The answer: False")
    child.expect("Lesson finished")
    child.expect_exact("Checks: 1 of 2 right (1 of them on the second try).")
    child.expect_exact("Worth a second look (sysdesign study 1 --section N):")
    child.expect_exact("2 · Second section")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "One more try" not in child.before


def test_the_end_of_a_lesson_offers_its_new_cards_or_the_next_lesson(sysdesign_bin, tmp_path):
    from tests.cli.mini_course import write_mini_course

    content = write_mini_course(tmp_path / "content")
    child = spawn(sysdesign_bin, tmp_path / "home", content, "study", "1")
    child.expect("Is this lesson 1")
    child.expect_exact("False")
    child.send("\r")  # True
    child.expect_exact("Lesson finished. Mini lesson one is done: its 4 flashcards are now in your")
    child.expect_exact("Checks: 1 of 1 right.")
    child.expect_exact("Every check right the first time.")
    child.expect("What now")
    child.expect_exact("1) Learn its new cards now (4 today)")
    child.expect_exact("2) Go on to lesson 2: Mini lesson two: the sequel")
    child.expect_exact("q) Stop here")
    child.send("2")
    child.send("\r")
    child.expect("Is this lesson 2")
    child.expect_exact("False")
    child.send("\r")
    child.expect_exact("Lesson finished. Mini lesson two: the sequel is done")
    child.expect("What now")
    child.expect_exact("1) Learn its new cards now (3 today)")
    child.expect_exact("q) Stop here")
    child.send("1")
    child.send("\r")
    child.expect("What keeps static files near users|What smooths bursts|A front with an escape")  # its deck
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
