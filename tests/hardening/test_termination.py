"""SIGTERM and SIGHUP end every command the way Ctrl-C does: progress kept, no traceback,
and an exit status that names the signal (143, 129)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time

import pytest

from tests.conftest import child_env, pty_spawn
from tests.hardening.conftest import BIN, write_small_course

pexpect = pytest.importorskip("pexpect")

COMMANDS = {
    "quiz": (["quiz", "--all"], "Space/Enter show answer"),
    "study": (["study", "hard-lesson"], "Is this a test?"),
    "estimate": (["estimate", "--example"], "?"),
    "sketch": (["sketch", "URL shortener"], "?"),
}


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    return write_small_course(tmp_path_factory.mktemp("content"))


def _reviews(home) -> int:
    conn = sqlite3.connect(home / "progress.sqlite3")
    try:
        return conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_signal_at_a_prompt_ends_the_command_cleanly(tmp_path, content, name, sig):
    args, prompt = COMMANDS[name]
    env = child_env(tmp_path / "home", SYSDESIGN_CONTENT_DIR=str(content), COLUMNS="100")
    child = pty_spawn(str(BIN), args, env=env, dimensions=(30, 100), encoding="utf-8", timeout=20)
    try:
        if name == "quiz":  # one rating, acknowledged before the signal
            child.expect_exact("Space/Enter show answer")
            child.send(" ")
            child.expect_exact("1–4 rate")
            child.send("3")
            child.expect_exact("→ ")
        child.expect_exact(prompt)
        time.sleep(0.3)  # let the prompt settle into its read
        os.kill(child.pid, sig)
        child.expect(pexpect.EOF, timeout=20)
    finally:
        child.close()
    out = child.before or ""
    assert "Traceback" not in out, out
    assert child.exitstatus == 128 + sig, (child.exitstatus, child.signalstatus, out)
    if name == "quiz":
        assert _reviews(tmp_path / "home") == 1


def test_a_signal_while_reading_a_pipe(tmp_path, content):
    env = child_env(tmp_path / "home", SYSDESIGN_CONTENT_DIR=str(content))
    proc = subprocess.Popen([str(BIN), "quiz", "--all"], env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdin.write("3\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 20
    home = tmp_path / "home"
    while time.monotonic() < deadline:  # wait until the rating is committed
        try:
            if _reviews(home) == 1:
                break
        except sqlite3.Error:
            pass
        time.sleep(0.1)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 143, err
    assert "Traceback" not in err and "progress is saved" in err
    assert _reviews(home) == 1


def _wait_until_saved(db, text: str, limit: float = 15.0) -> None:
    """Signal an idle screen: once the typed notes are in the database (saved as typed), no
    key or save is being handled (the kill test covers signals at any moment)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            try:
                if conn.execute("SELECT count(*) FROM interviews WHERE session LIKE ?", (f"%{text}%",)).fetchone()[0]:
                    time.sleep(0.2)
                    return
            finally:
                conn.close()
        except sqlite3.Error:
            pass
        time.sleep(0.1)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_the_interview_keeps_the_transcript(tmp_path, sig):
    import shutil

    from sysdesign import locations

    root = tmp_path / "content"
    (root / "lessons").mkdir(parents=True)
    builtin = locations.builtin_content_dir() / "lessons"
    shutil.copy(builtin / "checklist.yaml", root / "lessons" / "checklist.yaml")
    shutil.copytree(builtin / "problems", root / "lessons" / "problems")
    env = child_env(tmp_path / "home", SYSDESIGN_CONTENT_DIR=str(root), TERM="xterm-256color")
    child = pty_spawn(str(BIN), ["mock-interview", "url-shortener", "--quiet"], env=env,
                      dimensions=(30, 100), encoding="utf-8", timeout=20)
    try:
        child.expect("Requirements")
        child.send("gamma-notes-three")
        child.expect("gamma-notes-three")
        _wait_until_saved(tmp_path / "home" / "progress.sqlite3", "gamma-notes-three")
        os.kill(child.pid, sig)
        child.expect(pexpect.EOF, timeout=20)
    finally:
        child.close()
    assert child.exitstatus == 128 + sig, (child.exitstatus, child.before)
    (transcript,) = (tmp_path / "home" / "interviews").glob("*.md")
    assert "gamma-notes-three" in transcript.read_text()
