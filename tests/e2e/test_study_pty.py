"""`sysdesign study` in a real pseudo-terminal: arrow keys, Enter, and Ctrl-C."""

from __future__ import annotations

import json
import subprocess
import textwrap

import pexpect
import pytest

from tests.conftest import child_env
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
    child = pexpect.spawn(str(bin_path), list(args), env=env, encoding="utf-8", timeout=15, dimensions=(30, 90))
    return child


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
    child.send("\x1b[B\r")
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
    child.expect("more: Space/Enter next page")
    child.send(" ")
    child.expect("Paragraph number 20 of")
    child.send("q")
    child.expect("Which letter comes second")
    child.sendintr()
    child.expect(pexpect.EOF)


def test_pager_keys_typed_ahead_are_not_lost(sysdesign_bin, tmp_path, content):
    """A reader who presses Space twice quickly turns two pages, not one."""
    make_section_one_long(content)
    child = spawn(sysdesign_bin, tmp_path / "home", content, "study", "pty-demo")
    child.expect("more: Space/Enter next page")
    child.send("  ")  # both before the pager asks again: three pages in all
    child.expect("Which letter comes second")
    assert "Paragraph number 39 of" in child.before
    child.sendintr()
    child.expect(pexpect.EOF)


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
