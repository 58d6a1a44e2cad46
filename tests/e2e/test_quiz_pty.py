"""`sysdesign quiz` in a real pseudo-terminal: single keys, undo, quit, Ctrl-C, two sessions."""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
import time

import pexpect
import pytest

from tests.bench.generate import write_content
from tests.conftest import child_env, pty_spawn

pytestmark = pytest.mark.e2e

NOW = "2025-03-10T09:00:00+00:00"


@pytest.fixture
def setup(tmp_path, sysdesign_bin):
    write_content(tmp_path / "content", cards=20, lessons=2)
    home = tmp_path / "home"
    env = child_env(home, SYSDESIGN_CONTENT_DIR=str(tmp_path / "content"), SYSDESIGN_NOW=NOW)
    return sysdesign_bin, home, env


def spawn(setup, *args: str) -> pexpect.spawn:
    """The quiz over deck 1 (new cards of both lessons would come in turn: 1, 1, 2, 2, …)."""
    binary, _home, env = setup
    return pty_spawn(str(binary), ["quiz", "--all", "--deck", "bench-lesson-1", *args], env=env,
                     encoding="utf-8", timeout=10, dimensions=(30, 90))


def front(n: int) -> str:
    return f"Synthetic fact {n} of deck 1: what is its number?"


def log(home) -> list[tuple]:
    conn = sqlite3.connect(home / "progress.sqlite3")
    try:
        return conn.execute("SELECT item_id, rating FROM review_log ORDER BY id").fetchall()
    finally:
        conn.close()


def reveal_and_rate(child: pexpect.spawn, n: int, key: str) -> None:
    child.expect_exact(front(n))
    child.expect_exact("Space/Enter show answer")
    child.send(" ")
    child.expect_exact(f"{n} (deck 1)")  # the back
    child.expect_exact("3 Good · 10m")  # buttons show their next interval
    child.expect_exact("1–4 rate")
    child.send(key)
    child.expect_exact("→ ")


def test_reveal_rate_undo_quit(setup):
    _binary, home, _env = setup
    child = spawn(setup, "--limit", "3")
    child.expect_exact("1 of 3")
    reveal_and_rate(child, 1, "3")
    child.expect_exact("2 of 3")
    reveal_and_rate(child, 2, "3")
    child.expect_exact("3 of 3")
    child.expect_exact(front(3))
    child.send("u")  # undo the rating of card 2: back to it
    child.expect_exact("Undone: your rating of “Synthetic fact 2 of deck 1")
    child.expect_exact("2 of 3")
    child.expect_exact(front(2))
    child.send("x")  # a stray key gets a hint, not an action
    child.expect_exact("Press Space or Enter to see the answer")
    child.send("q")
    child.expect_exact("Session done (you quit; every rating so far is saved)")
    child.expect_exact("Reviewed 1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert log(home) == [("bench-lesson-1-card-00001", 3)]


def test_ctrl_c_mid_session_keeps_every_rating(setup):
    _binary, home, _env = setup
    child = spawn(setup)
    reveal_and_rate(child, 1, "3")
    reveal_and_rate(child, 2, "1")
    reveal_and_rate(child, 3, "4")
    child.expect_exact(front(4))
    child.send(" ")
    child.expect_exact("1–4 rate")
    child.kill(signal.SIGINT)  # mid-card, answer revealed, not yet rated
    child.expect_exact("Stopped: 3 ratings from this session are saved.")
    child.expect_exact("Interrupted — your progress is saved.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert log(home) == [("bench-lesson-1-card-00001", 3), ("bench-lesson-1-card-00002", 1),
                         ("bench-lesson-1-card-00003", 4)]
    conn = sqlite3.connect(home / "progress.sqlite3")
    assert conn.execute("SELECT count(*) FROM card_state").fetchone()[0] == 3
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_second_quiz_waits_briefly_then_says_busy(setup):
    binary, home, env = setup
    child = spawn(setup)
    reveal_and_rate(child, 1, "3")
    child.expect_exact(front(2))  # the first session is open, waiting for a key
    started = time.monotonic()
    second = subprocess.run([str(binary), "quiz", "--all"], env=env, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=20)
    waited = time.monotonic() - started
    assert second.returncode == 2
    assert "is busy: another sysdesign quiz is running" in " ".join(second.stderr.split())
    assert "Traceback" not in second.stderr and "Q:" not in second.stdout
    assert 1.0 <= waited < 15  # it waited for the lock before giving up
    child.send(" ")
    child.send("3")  # the first session carries on unharmed
    child.expect_exact(front(3))
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert len(log(home)) == 2


def test_keys_typed_before_the_first_card_shows_are_not_lost(setup):
    _binary, home, _env = setup
    child = spawn(setup, "--limit", "2")
    child.send(" 4")  # typed ahead while the program is still starting
    child.expect_exact("→ Easy, next in 8d")
    child.expect_exact("2 of 2")
    child.expect_exact(front(2))
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert log(home) == [("bench-lesson-1-card-00001", 4)]


def flags(home) -> dict[str, tuple]:
    conn = sqlite3.connect(home / "progress.sqlite3")
    try:
        return {n: (s, b is not None) for n, s, b in conn.execute("SELECT name, suspended, buried_until FROM items")}
    finally:
        conn.close()


def test_info_suspend_bury_and_undo_with_single_keys(setup):
    """i shows the card's memory state, s suspends, b buries, u takes a suspension back."""
    binary, home, env = setup
    child = spawn(setup, "--limit", "4")
    reveal_and_rate(child, 1, "3")
    child.expect_exact(front(2))
    child.expect_exact("i info")
    child.send("i")  # a new card: its info, then the card again
    child.expect_exact("bench-lesson-1-card-00002 · card · bench-lesson-1")
    child.expect_exact("state new")
    child.expect_exact("Never reviewed.")
    child.expect_exact(front(2))
    child.send("s")
    child.expect_exact("Suspended bench-lesson-1-card-00002")
    child.expect_exact(front(3))
    child.send(" ")
    child.expect_exact("1–4 rate")
    child.send("b")  # bury, with the answer showing
    child.expect_exact("Buried bench-lesson-1-card-00003 until tomorrow.")
    child.expect_exact(front(4))
    child.send("u")  # takes back the burial: card 3 again
    child.expect_exact("is no longer buried")
    child.expect_exact(front(3))
    child.send("q")
    child.expect_exact("Session done (you quit; every rating so far is saved)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert log(home) == [("bench-lesson-1-card-00001", 3)]
    assert flags(home) == {"bench-lesson-1-card-00001": (0, False), "bench-lesson-1-card-00002": (1, False),
                           "bench-lesson-1-card-00003": (0, False)}
    # the card reviewed in the session, seen from the command line
    info = subprocess.run([str(binary), "quiz", "--info", "bench-lesson-1-card-00001"], env=env,
                          capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    assert info.returncode == 0, info.stderr
    assert "state learning" in info.stdout and "Good" in info.stdout
    back = subprocess.run([str(binary), "quiz", "--unsuspend", "bench-lesson-1-card-00002"], env=env,
                          capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    assert back.returncode == 0 and "back in your reviews" in back.stdout
    assert flags(home)["bench-lesson-1-card-00002"] == (0, False)


def flat(text: str) -> str:
    return " ".join(text.split())


def wrapped(text: str) -> str:
    """A regex for `text` however the terminal's width wrapped it."""
    return r"\s+".join(map(re.escape, text.split()))


@pytest.mark.parametrize(("rows", "cols"), [(14, 40), (24, 80), (30, 100)])
def test_counts_on_the_card_screen_and_again_back_after_the_other_cards(setup, rows, cols):
    """At every size: 'New · Learning · Review' left in the session over each card, updated
    after each answer; a card rated Again comes back after the other cards, as a learning card."""
    from tests.e2e.terminal import Terminal

    binary, home, env = setup
    term = Terminal([str(binary), "quiz", "--all", "--deck", "bench-lesson-1", "--limit", "3"], env,
                    rows=rows, cols=cols)
    try:
        term.expect(re.escape("Space/Enter show answer"))
        assert "New 3 · Learning 0 · Review 0" in term.snap() and front(1) in flat(term.text())
        term.send(" ")
        term.expect(re.escape("1–4 rate"))
        term.send("1")  # Again: a 1-minute learning step
        term.expect(wrapped(front(2)))
        term.expect(re.escape("Space/Enter show answer"))
        assert "New 2 · Learning 1 · Review 0" in term.snap()
        for n in (2, 3):
            if n == 3:
                term.expect(re.escape("Space/Enter show answer"))
                assert front(3) in flat(term.text()) and "New 1 · Learning 1 · Review 0" in term.snap()
            term.send(" ")
            term.expect(re.escape("1–4 rate"))
            term.send("3")
        term.expect(wrapped(front(1)))  # back after the other cards, a little early
        term.expect(re.escape("Space/Enter show answer"))
        screen = term.snap()
        assert "New 0 · Learning 1 · Review 0" in screen
        assert any("learning card" in line for line in screen) and not any("new card" in line for line in screen[-8:])
        assert "learn-ahead" in flat(term.transcript)
        term.send(" ")
        term.expect(re.escape("1–4 rate"))
        term.send("3")
        term.expect(re.escape("Session done"))
        term.expect(pexpect.EOF)
    finally:
        term.close()
    assert [r for _i, r in log(home)] == [1, 3, 3, 3]
