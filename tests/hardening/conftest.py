"""Shared pieces for the hardening tests: the installed program, small content, safe runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import child_env

BIN = Path(sys.executable).parent / "sysdesign"
PYTHON = Path(sys.executable)

# Hostile strings: an OSC 52 clipboard write, a screen clear, a C1 CSI, a carriage-return
# overwrite, and rich markup. None of them may reach the terminal as anything but text.
OSC52 = "\x1b]52;c;ZXZpbA==\x07"
CLEAR = "\x1b[2J"
C1CSI = "\x9b31m"
MARKUP = "[bold red]boom[/]"
RAW_ESCAPES = (OSC52, CLEAR, "\x1b]52", "\x9b", "\x07")


def hostile(tag: str) -> str:
    """A field value carrying every hostile string, findable in the output by its tag."""
    return f"{tag} {OSC52} {CLEAR} {MARKUP} {C1CSI} \rX"


def yq(text: str) -> str:
    """A YAML double-quoted scalar (JSON is a subset of YAML flow scalars)."""
    import json

    return json.dumps(text)


def installed_commands() -> set[str]:
    """The commands the program registers right now (others are being built in this tree)."""
    from tests.helpers import top_level_commands

    return set(top_level_commands())


def needs(command: str):
    """Skip until `command` exists (it is being built by another issue in the same tree)."""
    return pytest.mark.skipif(command not in installed_commands(), reason=f"`sysdesign {command}` is not registered yet")


@pytest.fixture
def sysdesign(sysdesign_bin):
    return sysdesign_bin


def run(args: list[str], home: Path, *, content: Path | None = None, input: str | None = None,
        timeout: float = 20, env: dict | None = None, **extra_env: str) -> subprocess.CompletedProcess:
    """Run the installed sysdesign with its own data folder; never waits on a terminal."""
    if not BIN.exists():
        pytest.skip(f"the installed sysdesign script is not at {BIN}")
    full = child_env(home, **extra_env) if env is None else env
    if content is not None:
        full["SYSDESIGN_CONTENT_DIR"] = str(content)
    return subprocess.run(
        [str(BIN), *args], env=full, input=input, capture_output=True, text=True, timeout=timeout,
        stdin=None if input is not None else subprocess.DEVNULL,
    )


class Ran:
    """What a command did, the same shape whether it ran in-process or as a subprocess."""

    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def invoke(args: list[str], home: Path, *, content: Path | None = None, input: str | None = None,
           **extra_env: str) -> Ran:
    """Run a command in-process (fast) with its own data folder; an uncaught exception is
    reported as the traceback a user would have seen."""
    import traceback

    from typer.testing import CliRunner

    from sysdesign.cli.app import app

    env = {"SYSDESIGN_HOME": str(home), "SYSDESIGN_CONTENT_DIR": str(content) if content else None, **extra_env}
    result = CliRunner(env=env).invoke(app, args, input=input if input is not None else "")
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "Traceback (most recent call last):\n" + "".join(traceback.format_exception(result.exception))
    return Ran(result.exit_code, result.stdout, stderr)


def assert_clean_failure(result: subprocess.CompletedProcess, *, code: int = 2) -> str:
    """Exit `code`, a message on stderr, never a traceback; returns stderr as one paragraph."""
    both = result.stdout + result.stderr
    assert "Traceback" not in both, both
    assert result.returncode == code, (result.returncode, both)
    assert result.stderr.strip(), "no message on stderr"
    return " ".join(result.stderr.split())


def write_small_course(root: Path, *, cards: int = 12, lesson_id: str = "hard-lesson") -> Path:
    """One finished-able lesson with one check question, and a deck of `cards` cards."""
    (root / "lessons").mkdir(parents=True, exist_ok=True)
    (root / "flashcards").mkdir(parents=True, exist_ok=True)
    (root / "lessons" / "01-hard.yaml").write_text(
        f"id: {lesson_id}\n"
        "title: Hardening lesson\n"
        "order: 1\n"
        "sections:\n"
        "  - id: hard-s1\n"
        "    title: The only section\n"
        "    body: Plain text.\n"
        "    checks: [hard-q1]\n"
        "questions:\n"
        "  - id: hard-q1\n"
        "    kind: truefalse\n"
        "    prompt: Is this a test?\n"
        "    answer: true\n"
        "    explain: It is.\n"
    )
    from sysdesign import (
        locations,  # one real estimation scenario, so `estimate` has something to ask
    )

    scenarios = sorted((locations.builtin_content_dir() / "lessons" / "estimates").glob("*.yaml"))
    if scenarios:
        (root / "lessons" / "estimates").mkdir(exist_ok=True)
        (root / "lessons" / "estimates" / scenarios[0].name).write_bytes(scenarios[0].read_bytes())
    body = "".join(f"  - {{id: hc-{i:03d}, front: 'front hc-{i:03d}', back: 'back hc-{i:03d}'}}\n" for i in range(cards))
    (root / "flashcards" / "hard.yaml").write_text(
        f"deck: hard-deck\ntitle: Hardening deck\nlesson: {lesson_id}\ncards:\n{body}"
    )
    return root
