"""A short mock interview in a real pseudo-terminal: notes, a hint, time running out, rubric."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def _exe() -> str:
    found = shutil.which("sysdesign")
    return found or str(Path(sys.executable).parent / "sysdesign")


def _content(tmp_path: Path) -> Path:
    """Only the checklist and the problems: the interview needs nothing else."""
    root = tmp_path / "content"
    (root / "lessons").mkdir(parents=True)
    shutil.copy(REPO / "lessons" / "checklist.yaml", root / "lessons" / "checklist.yaml")
    shutil.copytree(REPO / "lessons" / "problems", root / "lessons" / "problems")
    return root


def _env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SYSDESIGN_", "NO_COLOR"))}
    env.update(SYSDESIGN_HOME=str(tmp_path / "home"), SYSDESIGN_CONTENT_DIR=str(_content(tmp_path)),
               TERM="xterm-256color", COLUMNS="80", LINES="24")
    return env


def test_short_interview_runs_out_and_leaves_a_transcript(tmp_path: Path) -> None:
    env = _env(tmp_path)
    child = pexpect.spawn(_exe(), ["mock-interview", "url-shortener", "--minutes", "0.2", "--quiet"],
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
    ("\x03", 130, "Interrupted — your transcript so far is saved"),   # Ctrl-C
    ("\x11", 0, "Stopped before the end, so no self-assessment"),    # Ctrl-Q: quit and save
])
def test_stopping_mid_interview_keeps_the_transcript(tmp_path: Path, key: str, status: int, said: str) -> None:
    child = pexpect.spawn(_exe(), ["mock-interview", "news-feed", "--quiet"], env=_env(tmp_path),
                          dimensions=(24, 80), encoding="utf-8", timeout=15)
    try:
        child.expect("Requirements")
        child.send("gamma-notes")
        child.send("\x0e")                   # Ctrl-N: on to estimation
        child.expect("Estimation")
        child.send(key)
        child.expect(said)
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


def test_ctrl_c_during_the_rubric_keeps_the_scores_given(tmp_path: Path) -> None:
    child = pexpect.spawn(_exe(), ["mock-interview", "leaderboard", "--quiet"], env=_env(tmp_path),
                          dimensions=(24, 80), encoding="utf-8", timeout=15)
    try:
        child.expect("Requirements")
        child.send("\x0e" * 5)               # finish early
        child.expect("Self-assessment")
        child.expect(r"score \(1-4\)")
        child.sendline("9")                  # not a score: asked again
        child.expect("from 1 to 4")
        child.send("\x7f")                   # backspace, then a real score
        child.sendline("2")
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
