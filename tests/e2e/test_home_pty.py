"""`sysdesign` with no arguments in a real terminal: the today screen and its menu, and the
daily sketch with its live prompt."""

from __future__ import annotations

import json
import subprocess
import time

import pexpect
import pytest

from tests.cli.mini_course import write_mini_course
from tests.conftest import child_env, pty_spawn

pytestmark = pytest.mark.e2e

NOW = "2026-11-25T12:00:00+00:00"


@pytest.fixture
def content(tmp_path):
    return write_mini_course(tmp_path / "content")


def spawn(bin_path, home, content, *args, cpr: bool = False):
    env = child_env(home, SYSDESIGN_CONTENT_DIR=str(content), SYSDESIGN_NOW=NOW)
    if cpr:  # the test answers cursor-position requests itself, as a terminal does
        env.pop("PROMPT_TOOLKIT_NO_CPR")
    return pty_spawn(str(bin_path), list(args), env=env, encoding="utf-8", timeout=15, dimensions=(30, 90))


def progress(bin_path, home, content) -> dict:
    env = child_env(home, SYSDESIGN_CONTENT_DIR=str(content), SYSDESIGN_NOW=NOW)
    out = subprocess.run([str(bin_path), "progress", "--json"], env=env, capture_output=True, text=True,
                         timeout=30, stdin=subprocess.DEVNULL)
    return json.loads(out.stdout)


def expect_answering_cpr(child, pattern: str) -> None:
    """Wait for `pattern`, answering prompt_toolkit's cursor-position requests like a real
    terminal would (it draws the bottom toolbar only once it knows the screen height)."""
    while child.expect(["\x1b\\[6n", pattern]) == 0:
        child.send("\x1b[1;1R")


def test_a_new_user_is_welcomed_and_enter_starts_lesson_one(sysdesign_bin, tmp_path, content):
    """…and when the lesson is over, the home screen is back, updated; q leaves it at once."""
    home = tmp_path / "home"
    child = spawn(sysdesign_bin, home, content)
    child.expect("Welcome to sysdesign")
    child.expect("lesson 1, Mini lesson one")
    expect_answering_cpr(child, "What next")
    expect_answering_cpr(child, "Start lesson 1: Mini lesson one")
    child.send("\r")  # the first suggestion
    expect_answering_cpr(child, "Only section")
    expect_answering_cpr(child, "Is this lesson 1")
    child.send("\r")  # True
    expect_answering_cpr(child, "Correct")
    expect_answering_cpr(child, "Lesson finished")
    expect_answering_cpr(child, "Stop here")
    child.send("q")  # no more for now
    expect_answering_cpr(child, "Enter: back to the home screen · q: quit")
    child.send("\r")
    expect_answering_cpr(child, "Today · Wednesday 25 November")
    expect_answering_cpr(child, "Next lesson +2 · Mini lesson two: the sequel")
    expect_answering_cpr(child, "What next")
    expect_answering_cpr(child, "Quit")
    child.send("q")  # quits at once, no Enter
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert progress(sysdesign_bin, home, content)["lessons"][0]["finished"] is True


def study_lesson_one(sysdesign_bin, home, content) -> None:
    env = child_env(home, SYSDESIGN_CONTENT_DIR=str(content), SYSDESIGN_NOW=NOW)
    subprocess.run([str(sysdesign_bin), "study", "mini-one"], input="t\n", env=env, capture_output=True,
                   text=True, timeout=30)


@pytest.mark.parametrize("key", ["q", "\x1b"])
def test_the_today_screen_after_some_study_and_q_or_esc_quits(sysdesign_bin, tmp_path, content, key):
    home = tmp_path / "home"
    study_lesson_one(sysdesign_bin, home, content)
    child = spawn(sysdesign_bin, home, content)
    child.expect("Today · Wednesday 25 November")
    child.expect("New cards +4 to learn today")
    child.expect("Next lesson +2 · Mini lesson two: the sequel")
    expect_answering_cpr(child, "What next")
    expect_answering_cpr(child, "q or Esc quits")
    child.send(key)  # no Enter
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_choosing_progress_from_the_menu_runs_it_and_comes_back(sysdesign_bin, tmp_path, content):
    home = tmp_path / "home"
    study_lesson_one(sysdesign_bin, home, content)
    child = spawn(sysdesign_bin, home, content)
    expect_answering_cpr(child, r"(\d)\) See your progress")
    key = child.match.group(1)
    child.send(key)
    child.send("\r")
    expect_answering_cpr(child, "Lessons")
    expect_answering_cpr(child, "Cards unlocked: 4 of 7")
    expect_answering_cpr(child, "Enter: back to the home screen · q: quit")
    child.send(" ")
    expect_answering_cpr(child, "Today · Wednesday 25 November")
    expect_answering_cpr(child, "What next")
    expect_answering_cpr(child, "Quit")
    child.send("\x1b")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_the_first_menu_is_drawn_before_its_library_loads_and_keys_typed_meanwhile_count(
        sysdesign_bin, tmp_path, content):
    """The menu shows while prompt_toolkit is still being imported (its first act is to turn
    on bracketed paste, ESC[?2004h); a choice typed at once is kept for it, never echoed."""
    home = tmp_path / "home"
    study_lesson_one(sysdesign_bin, home, content)
    child = spawn(sysdesign_bin, home, content)
    child.expect("What next")
    assert "\x1b[?2004h" not in child.before  # drawn ahead of prompt_toolkit
    child.expect(r"(\d)\) See your progress")
    key = child.match.group(1)
    child.expect("Quit")
    child.send(key + "\r")
    expect_answering_cpr(child, "Cards unlocked: 4 of 7")
    assert key + "\r" not in child.before.replace("\x1b[?2004h", "")  # never echoed
    expect_answering_cpr(child, "Enter: back to the home screen · q: quit")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_cheat_sheets_open_the_chosen_sheet(sysdesign_bin, tmp_path):
    content = write_mini_course(tmp_path / "content", with_scenarios=True)
    child = spawn(sysdesign_bin, tmp_path / "home", content)
    expect_answering_cpr(child, r"(\d)\) Cheat sheets")
    key = child.match.group(1)
    expect_answering_cpr(child, "Quit")
    child.send(key)
    child.send("\r")
    expect_answering_cpr(child, "Which cheat sheet")
    expect_answering_cpr(child, r"(\d)\) Availability nines")
    sheet = child.match.group(1)
    expect_answering_cpr(child, "Back")
    child.send(sheet)
    child.send("\r")
    expect_answering_cpr(child, "99.99")
    expect_answering_cpr(child, "Enter: back to the home screen · q: quit")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Latency numbers" not in child.before  # the chosen sheet only, not the index


def test_term_dumb_shows_the_home_screen_with_typed_answers(sysdesign_bin, tmp_path, content):
    home = tmp_path / "home"
    env = child_env(home, SYSDESIGN_CONTENT_DIR=str(content), SYSDESIGN_NOW=NOW, TERM="dumb")
    child = pty_spawn(str(sysdesign_bin), [], env=env, encoding="utf-8", timeout=15, dimensions=(30, 90))
    child.expect("Welcome to sysdesign")
    child.expect("What next")
    child.expect(r"(\d)\) Cheat sheets")
    sheets = child.match.group(1)
    child.expect(r"q\) Quit")
    child.expect(r"choose \(1–\d+ or q\): ")
    child.sendline("zzz")
    child.expect("Could not use 'zzz'")
    child.sendline("1")  # start lesson 1, answered by typed lines too
    child.expect("Is this lesson 1")
    child.sendline("t")
    child.expect("Lesson finished")
    child.expect("back to the home screen")
    child.sendline("")
    child.expect("Today · Wednesday 25 November")
    child.expect(r"choose \(1–\d+ or q\): ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Usage:" not in child.before and sheets
    assert progress(sysdesign_bin, home, content)["lessons"][0]["finished"] is True


@pytest.mark.parametrize(("rows", "cols"), [(14, 40), (24, 80), (30, 100)])
def test_the_home_screen_and_its_menu_fit_the_terminal(sysdesign_bin, tmp_path, content, rows, cols):
    """Nothing of the today screen scrolls away under the menu, even at 40×14."""
    from tests.e2e.terminal import Terminal

    home = tmp_path / "home"
    study_lesson_one(sysdesign_bin, home, content)
    env = child_env(home, SYSDESIGN_CONTENT_DIR=str(content), SYSDESIGN_NOW=NOW)
    term = Terminal([str(sysdesign_bin)], env, rows=rows, cols=cols)
    try:
        term.expect("What next")
        term.expect(r"\x1b\[\?7h")  # the menu is drawn
        screen = term.text()
        term.send("q")
        term.expect(pexpect.EOF)
    finally:
        term.close()
    assert "Today · Wed" in screen, screen
    assert "Next lesson" in screen and "Mini lesson two" in screen, screen
    assert "What next?" in screen and "Quit" in screen, screen
    assert term.child.exitstatus == 0


def test_ctrl_c_at_the_menu_exits_cleanly(sysdesign_bin, tmp_path, content):
    child = spawn(sysdesign_bin, tmp_path / "home", content)
    expect_answering_cpr(child, "What next")
    child.sendintr()
    expect_answering_cpr(child, "Interrupted")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


@pytest.mark.parametrize("delay", [0.0, 0.5])
def test_ctrl_c_just_after_choosing_from_the_menu_exits_cleanly(sysdesign_bin, tmp_path, content, delay):
    """After Enter, prompt_toolkit keeps the terminal in raw mode while it finishes, and up
    to 1 s longer while a cursor-position request is unanswered (here: never answered), so
    a Ctrl-C then is a key, not SIGINT. The quiz reads its own keys and never saw it."""
    home = tmp_path / "home"
    env = child_env(home, SYSDESIGN_CONTENT_DIR=str(content), SYSDESIGN_NOW=NOW)
    subprocess.run([str(sysdesign_bin), "study", "mini-one"], input="t\n", env=env, capture_output=True,
                   text=True, timeout=30)
    child = spawn(sysdesign_bin, home, content)
    try:
        child.expect(r"(\d)\) Learn 4 new cards, 1 new question")
        key = child.match.group(1)
        child.expect("Quit")
        child.send(key)
        child.send("\r")
        time.sleep(delay)
        child.sendintr()
        child.expect(pexpect.EOF, timeout=6)
    finally:
        child.close(force=True)
    assert "progress is saved" in child.before
    assert "Traceback" not in child.before
    assert child.exitstatus == 130


def test_a_sketch_in_a_terminal_shows_the_timer_and_keeps_answers_on_ctrl_c(sysdesign_bin, tmp_path, content):
    home = tmp_path / "home"
    child = spawn(sysdesign_bin, home, content, "sketch", "Spotify", cpr=True)
    child.expect("Step 2 of 5")
    expect_answering_cpr(child, "00:00  \\(aim: 15–20 min\\)")  # the bottom toolbar's timer
    child.sendline("40M listeners")
    for _ in range(5):
        expect_answering_cpr(child, "Enter to skip")
        child.sendline("")
    expect_answering_cpr(child, "Step 3 of 5")
    expect_answering_cpr(child, "empty line when done")
    child.sendline("Player app")
    expect_answering_cpr(child, r"\+ 1\. Player app \[client\]")
    child.sendintr()
    expect_answering_cpr(child, "progress is saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    env = child_env(home, SYSDESIGN_CONTENT_DIR=str(content), SYSDESIGN_NOW=NOW)
    shown = subprocess.run([str(sysdesign_bin), "sketch", "--id", "1"], env=env, capture_output=True, text=True,
                           timeout=30, stdin=subprocess.DEVNULL)
    assert "Spotify" in shown.stdout and "Player app [client]" in shown.stdout
    assert "Scale: 40M listeners" in shown.stdout
