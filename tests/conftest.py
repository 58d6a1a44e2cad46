"""Fixtures shared by every test: an isolated data folder and a CLI runner."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

# Days (streaks, the heatmap, "today") are local; the suite runs in UTC on every machine,
# and the tests of other zones say which zone they mean.
os.environ["TZ"] = "UTC"
time.tzset()


def _children_get_default_signals() -> None:
    """A program this suite starts gets Ctrl-C, SIGTERM and SIGHUP as a terminal's shell would
    give them, whatever the suite was started from. A shell's background job (`pytest &` in a
    script) ignores SIGINT, `nohup` SIGHUP, and an ignored signal is inherited: sysdesign
    rightly keeps it ignored, and every Ctrl-C test would fail. A Python handler is not
    inherited (exec resets it to the default), so a handler that does nothing keeps the suite
    itself as it was started (ignoring the signal) and its children as a terminal starts them."""
    import signal

    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) == signal.SIG_IGN:
            signal.signal(signum, lambda *_: None)


_children_get_default_signals()

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
BIN = Path(sys.executable).parent / "sysdesign"


@pytest.fixture(scope="session")
def built_in_parse_cache(tmp_path_factory) -> bytes | None:
    """The parse cache of the built-in course, made once per run by the product's own loader
    (parsing all 21 lessons takes about a second; most tests only need it loaded)."""
    from sysdesign.content.catalog import load
    from sysdesign.locations import builtin_content_dir

    folder = tmp_path_factory.mktemp("parse-cache")
    result = load(builtin_content_dir(), folder / "content", folder / "cache")
    made = list((folder / "cache").glob("content-*.pickle"))
    if result.errors or len(made) != 1:
        return None
    return made[0].read_bytes()


def _seed_parse_cache(home: Path, cache: bytes) -> None:
    """A data folder as a learner's is after the first command: the built-in course's parse
    cache in place (a copy, so a test that damages it damages only its own). The cache is
    checked against every file's stamps, so a test that changes content still parses it."""
    from sysdesign.content.cache import cache_file
    from sysdesign.content.catalog import cache_roots
    from sysdesign.locations import builtin_content_dir

    target = cache_file(home / "cache", cache_roots(builtin_content_dir(), home / "content"))
    target.parent.mkdir(parents=True)
    target.write_bytes(cache)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch, request, built_in_parse_cache) -> Path:
    """Every test gets its own data folder and a plain, predictable terminal. The folder holds
    the built-in course's parse cache unless the test is marked ``fresh_home`` (a first run)."""
    home = tmp_path / "home"
    if built_in_parse_cache and request.node.get_closest_marker("fresh_home") is None:
        _seed_parse_cache(home, built_in_parse_cache)
    monkeypatch.setenv("SYSDESIGN_HOME", str(home))
    monkeypatch.delenv("SYSDESIGN_CONTENT_DIR", raising=False)
    monkeypatch.delenv("SYSDESIGN_NOW", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    return home


@pytest.fixture
def mini(tmp_path, monkeypatch, request) -> Path:
    """The small, stable course of tests/cli/mini_course.py as the content (tests that must not
    move when the built-in lessons are edited). A test module that sets ``MINI_NOW`` (an ISO
    time) also pins the clock to it. Use it with ``pytestmark = pytest.mark.usefixtures("mini")``."""
    from tests.cli.mini_course import write_mini_course

    root = write_mini_course(tmp_path / "content")
    monkeypatch.setenv("SYSDESIGN_CONTENT_DIR", str(root))
    now = getattr(request.module, "MINI_NOW", None)
    if now:
        monkeypatch.setenv("SYSDESIGN_NOW", now)
    return root


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner()


@pytest.fixture
def app():
    from sysdesign.cli.app import app as typer_app

    return typer_app


@pytest.fixture
def sysdesign_bin() -> Path:
    if not BIN.exists():
        pytest.skip(f"the installed sysdesign script is not at {BIN}; install with pip install -e '.[test]'")
    return BIN


def child_env(home: Path, **extra: str) -> dict[str, str]:
    """Environment for running the installed sysdesign in a subprocess or pty."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYSDESIGN_")}
    env.update({"SYSDESIGN_HOME": str(home), "TERM": "xterm-256color", "NO_COLOR": "1", "LANG": "C.UTF-8",
                # pexpect answers no cursor-position request: without this, prompt_toolkit waits
                # a second for the answer after every menu (a real terminal answers at once)
                "PROMPT_TOOLKIT_NO_CPR": "1"})
    env.update(extra)
    return env


def pty_spawn(command: str, args: list[str], **kwargs):
    """The program in a pseudo-terminal (pexpect). Keys are sent without pexpect's default
    50 ms pause: every test waits for what a key drew before it sends the next."""
    import pexpect

    child = pexpect.spawn(command, args, **kwargs)
    child.delaybeforesend = None
    return child


class Keys:
    """Keys typed into questionary/prompt_toolkit prompts: pass ``**keys.io`` to the prompt
    (or ``prompt_kwargs=keys.io``), and ``keys.send("\\x1b[B\\r")`` (down arrow, Enter)."""

    def __init__(self, pipe):
        from prompt_toolkit.output import DummyOutput

        self.pipe = pipe
        self.io = {"input": pipe, "output": DummyOutput()}

    def send(self, text: str) -> None:
        self.pipe.send_text(text)


@pytest.fixture
def keys():
    """The one way tests script keys for menus: prompt_toolkit's pipe input and DummyOutput,
    as questionary's own tests do (never monkeypatching questionary's internals)."""
    from prompt_toolkit.input import create_pipe_input

    with create_pipe_input() as pipe:
        yield Keys(pipe)
