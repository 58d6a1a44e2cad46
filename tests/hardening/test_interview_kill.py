"""Interview notes are saved as they are typed (issue 15, item 1): SIGKILL, SIGHUP and SIGTERM
at seeded moments during a scripted interview in a real pseudo-terminal; afterwards every note
typed more than two seconds before the signal is in the database, and in the transcript that
`mock-interview --finish` writes from what was saved."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time

import pytest

from tests.conftest import child_env, pty_spawn
from tests.hardening.conftest import BIN

pexpect = pytest.importorskip("pexpect")

SAFE_AFTER_S = 2.0  # a note typed this long before the signal must have been saved
WORD_EVERY_S = 0.25


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    from sysdesign import locations

    root = tmp_path_factory.mktemp("content")
    (root / "lessons").mkdir()
    builtin = locations.builtin_content_dir() / "lessons"
    shutil.copy(builtin / "checklist.yaml", root / "lessons" / "checklist.yaml")
    shutil.copytree(builtin / "problems", root / "lessons" / "problems")
    return root


def _saved_notes(home) -> str:
    conn = sqlite3.connect(home / "progress.sqlite3")
    try:
        (session,) = conn.execute("SELECT session FROM interviews").fetchone()
    finally:
        conn.close()
    state = json.loads(session)
    return "\n".join(log["notes"] for log in state["interview"]["logs"])


@pytest.mark.parametrize(("sig", "seed"), [(signal.SIGKILL, 1), (signal.SIGHUP, 2), (signal.SIGTERM, 3),
                                           (signal.SIGKILL, 4)])
def test_notes_typed_before_a_signal_survive_it(tmp_path, content, sig, seed):
    rng = random.Random(seed)
    home = tmp_path / "home"
    env = child_env(home, SYSDESIGN_CONTENT_DIR=str(content), COLUMNS="100", LINES="30")
    child = pty_spawn(str(BIN), ["mock-interview", "url-shortener", "--quiet"], env=env,
                      dimensions=(30, 100), encoding="utf-8", timeout=20)
    typed: list[tuple[str, float]] = []
    try:
        child.expect("Requirements")
        kill_at = time.monotonic() + rng.uniform(3.0, 6.0)  # a seeded moment, mid-typing
        n = 0
        while time.monotonic() < kill_at:
            word = f"w{seed}x{n:03d} "
            child.send(word)
            typed.append((word.strip(), time.monotonic()))
            n += 1
            time.sleep(WORD_EVERY_S)
        signalled = time.monotonic()
        os.kill(child.pid, sig)
        child.expect(pexpect.EOF, timeout=20)
    finally:
        child.close(force=True)
    if sig != signal.SIGKILL:
        assert child.exitstatus == 128 + sig, (child.exitstatus, child.before)
        assert "Traceback" not in (child.before or "")
    due = [word for word, at in typed if signalled - at > SAFE_AFTER_S]
    assert len(due) >= 3
    saved = _saved_notes(home)
    missing = [w for w in due if w not in saved]
    assert not missing, f"typed more than {SAFE_AFTER_S} s before the signal but not saved: {missing}"

    finish = subprocess.run([str(BIN), "mock-interview", "--finish"], env=env, capture_output=True, text=True,
                            timeout=60)
    assert finish.returncode == 0, finish.stderr
    (transcript,) = (home / "interviews").glob("*-url-shortener.md")
    text = transcript.read_text(encoding="utf-8")
    assert all(w in text for w in due)
    assert "## Coach's report" in text
