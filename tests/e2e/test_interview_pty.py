"""A short mock interview in a real pseudo-terminal: notes, a hint, time running out, rubric."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import pty_spawn

pexpect = pytest.importorskip("pexpect")

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def _exe() -> str:
    found = shutil.which("sysdesign")
    return found or str(Path(sys.executable).parent / "sysdesign")


def _content(tmp_path: Path) -> Path:
    """Only the checklist and the problems: the interview needs nothing else."""
    root = tmp_path / "content"
    if (root / "lessons" / "problems").is_dir():  # a second command in the same test
        return root
    (root / "lessons").mkdir(parents=True)
    shutil.copy(REPO / "lessons" / "checklist.yaml", root / "lessons" / "checklist.yaml")
    shutil.copytree(REPO / "lessons" / "problems", root / "lessons" / "problems")
    return root


def _env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SYSDESIGN_", "NO_COLOR"))}
    env.update(SYSDESIGN_HOME=str(tmp_path / "home"), SYSDESIGN_CONTENT_DIR=str(_content(tmp_path)),
               TERM="xterm-256color", COLUMNS="80", LINES="24", PROMPT_TOOLKIT_NO_CPR="1")
    return env


def test_short_interview_runs_out_and_leaves_a_transcript(tmp_path: Path) -> None:
    env = _env(tmp_path)
    child = pty_spawn(_exe(), ["mock-interview", "url-shortener", "--minutes", "0.2", "--quiet"],
                      env=env, dimensions=(24, 80), encoding="utf-8", timeout=15)
    try:
        child.expect("Requirements")          # phase 1 is on screen: 1.3 s of it
        child.send("alpha-notes-one")
        child.expect("Estimation")            # phase 1 ran out by itself
        child.send("beta-notes-two")
        child.send("\x07")                   # Ctrl-G: a hint
        child.expect("Hint")
        # the rest of the phases run out on their own (about 9 s)
        child.expect("Self-assessment", timeout=20)
        for score in "342134":
            child.expect(r"score \(1-4\)")
            child.sendline(score)
        child.expect(r"Transcript saved: ([^\r\n]+\.md)")
        printed = child.match.group(1).strip()
        child.expect("missed point")         # offered as flashcards
        child.send("\r")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.before
    transcripts = list((tmp_path / "home" / "interviews").glob("*-url-shortener.md"))
    assert len(transcripts) == 1
    assert Path(re.sub(r"\x1b\[[0-9;]*m", "", printed)) == transcripts[0]
    text = transcripts[0].read_text(encoding="utf-8")
    for n, title in enumerate(["Requirements", "Estimation", "High-level design", "Deep dive",
                               "Scale & edge cases"], 1):
        assert f"## {n}. {title}" in text
    assert "alpha-notes-one" in text.split("## 2.")[0]
    assert "beta-notes-two" in text.split("## 2.")[1].split("## 3.")[0]
    assert "Hint 1 at" in text
    assert "time ran out" in text
    assert "| Requirements clarified | 3 / 4 |" in text
    assert "| Communication | 4 / 4 |" in text
    assert "**Overall: 2.8 / 4**" in text
    assert "## Reference" in text
    for part in ("### API", "### Data model", "### Reference design", "```mermaid", "### Reference solution"):
        assert part in text, part  # the transcript carries the whole reference


@pytest.mark.parametrize(("key", "status", "said"), [
    ("\x03", 130, "Interrupted — your notes and transcript so far are saved"),   # Ctrl-C
    ("\x11\x11", 130, "Self-assessment"),    # Ctrl-Q, confirmed: still offers the self-assessment
])
def test_stopping_mid_interview_keeps_the_transcript(tmp_path: Path, key: str, status: int, said: str) -> None:
    child = pty_spawn(_exe(), ["mock-interview", "news-feed", "--quiet"], env=_env(tmp_path),
                      dimensions=(24, 80), encoding="utf-8", timeout=15)
    try:
        child.expect("Requirements")
        child.send("gamma-notes")
        child.send("\x0e")                   # Ctrl-N: on to estimation
        child.expect("Estimation")
        child.send(key)
        child.expect(said)
        if key != "\x03":
            child.expect(r"score \(1-4\)")
            child.send("\x03")              # Ctrl-C at the first score
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == status
    assert "Traceback" not in (child.before or "")
    [transcript] = (tmp_path / "home" / "interviews").glob("*-news-feed.md")
    text = transcript.read_text(encoding="utf-8")
    assert "gamma-notes" in text and "moved on early" in text
    assert "## 3. High-level design" in text and "not reached" in text
    assert "_Not scored._" in text
    assert "## Coach's report" in text


def test_ctrl_c_during_the_rubric_keeps_the_scores_given(tmp_path: Path) -> None:
    child = pty_spawn(_exe(), ["mock-interview", "leaderboard", "--quiet"], env=_env(tmp_path),
                      dimensions=(24, 80), encoding="utf-8", timeout=15)
    try:
        child.expect("Requirements")
        child.send("\x0e" * 5)               # finish early
        child.expect("Self-assessment")
        child.expect(r"score \(1-4\)")
        child.sendline("9")                  # not a score: asked again, on an empty line
        child.expect("from 1 to 4")
        child.sendline("2")                  # no backspace needed: the 9 is gone
        child.expect("Estimates made")
        child.expect(r"score \(1-4\)")
        child.send("\x03")
        child.expect("scores given so far are saved")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130
    [transcript] = (tmp_path / "home" / "interviews").glob("*-leaderboard.md")
    text = transcript.read_text(encoding="utf-8")
    assert "| Requirements clarified | 2 / 4 |" in text and "(1 of 6 criteria scored)" in text
    assert "Ended: finished early" in text


def _spawn(tmp_path: Path, args: list[str], *, rows: int = 24, cols: int = 80, **extra: str):
    env = _env(tmp_path)
    env.update(COLUMNS=str(cols), LINES=str(rows), **extra)
    return pty_spawn(_exe(), ["mock-interview", *args], env=env, dimensions=(rows, cols),
                     encoding="utf-8", timeout=20)


def test_a_fast_interview_shows_a_follow_up_the_curveball_and_the_report(tmp_path: Path) -> None:
    """With the clock 60 times faster, ten interview minutes take ten seconds."""
    child = _spawn(tmp_path, ["url-shortener", "--minutes", "10", "--quiet"], SYSDESIGN_CLOCK_SPEED="60")
    try:
        child.expect("Requirements")
        child.send("mostly reads, 100:1")
        child.expect("High-level design")
        child.send("Client -> LB -> App servers\rApp servers -> Redis: cache, Link DB\r")
        child.expect("about your notes")          # the notes prompted a question
        child.expect("Curveball")                 # about 55 % in
        child.send("hot keys: cache them in each server; scale the stateless fleet\r")
        child.expect("Self-assessment", timeout=30)
        for _ in range(6):
            child.expect(r"score \(1-4\)")
            child.sendline("3")
        child.expect("Coach's report")
        child.expect("Coverage:")
        child.expect("Transcript saved")
        child.expect("missed point")
        child.send("\r")
        child.expect("Added")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    (transcript,) = (tmp_path / "home" / "interviews").glob("*-url-shortener.md")
    text = transcript.read_text(encoding="utf-8")
    assert "**Asked about your notes**" in text
    assert "**Curveball**" in text and "Your notes after it:" in text
    assert "## Coach's report" in text and "your words: “100:1”" in text
    assert "| Deep dive |" in text  # time per phase against the plan
    assert (tmp_path / "home" / "content" / "from-your-interviews.yaml").exists()


def test_at_40x14_the_hint_is_shown_not_a_too_small_message(tmp_path: Path) -> None:
    child = _spawn(tmp_path, ["url-shortener", "--quiet"], rows=14, cols=40)
    try:
        child.expect("Requirements")
        child.send("\x07")                       # Ctrl-G
        child.expect("Hint 1/3")
        child.expect("Hint 1 of 3 is shown")
        screen = child.before or ""
        child.send("\x11")
        child.expect("Quit the")                 # asks first
        child.send("\x11")
        child.expect("Self-assessment")
        child.send("\x03")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert "too small" not in screen


def test_a_transcript_folder_that_cannot_be_written_is_refused_before_the_start(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (home / "interviews").write_text("a file where the folder should be")
    child = _spawn(tmp_path, ["url-shortener", "--quiet"])
    try:
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 2
    out = " ".join((child.before or "").split())
    assert "Cannot write interview transcripts" in out and "Nothing was started" in out
    assert "Phase 1/5" not in out


def test_an_interrupted_interview_is_resumed_with_its_notes(tmp_path: Path) -> None:
    child = _spawn(tmp_path, ["news-feed", "--quiet"])
    try:
        child.expect("Requirements")
        child.send("delta-notes-first")
        child.expect("delta-notes-first")
        child.send("\x03")
        child.expect("--resume")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130
    child = _spawn(tmp_path, ["--resume", "--quiet"])
    try:
        child.expect("Resuming")
        child.expect("delta-notes-first")        # the notes are back on screen
        child.send(" more")
        child.send("\x0e" * 5)                   # finish early
        child.expect("Self-assessment")
        child.send("\x03")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    (transcript,) = (tmp_path / "home" / "interviews").glob("*-news-feed.md")  # one, rewritten
    text = transcript.read_text(encoding="utf-8")
    assert "delta-notes-first more" in text and "Ended: finished early" in text
