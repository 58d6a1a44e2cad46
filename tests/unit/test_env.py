"""The terminal is decided once, by the Environment; everything else asks it."""

from __future__ import annotations

import io
from datetime import datetime, timezone

import pytest

from sysdesign.env import Environment


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def env_of(environ: dict[str, str], *, stdin=None, stdout=None) -> Environment:
    return Environment.from_os(environ, stdin=stdin if stdin is not None else Tty(),
                               stdout=stdout if stdout is not None else Tty())


def test_a_terminal_on_both_ends_is_interactive_with_colour():
    env = env_of({"TERM": "xterm-256color"})
    assert env.interactive and env.typed_input and not env.dumb and not env.plain


def test_term_dumb_is_a_person_typing_but_never_menus_and_never_colour():
    env = env_of({"TERM": "dumb"})
    assert not env.interactive and not env.interactive_stderr
    assert env.typed_input and env.dumb and env.plain
    assert env.line_reader().scripted is False  # a person is never given up on


def test_no_color_keeps_menus_but_drops_colour():
    env = env_of({"TERM": "xterm", "NO_COLOR": "1"})
    assert env.interactive and env.plain


@pytest.mark.parametrize("piped", ["stdin", "stdout"])
def test_a_pipe_on_either_end_is_not_interactive(piped):
    env = env_of({"TERM": "xterm"}, **{piped: io.StringIO()})
    assert not env.interactive
    assert env.line_reader().scripted is (piped == "stdin")


def test_sysdesign_now_pins_the_clock():
    env = env_of({"SYSDESIGN_NOW": "2024-03-01T12:00:00"})
    assert env.now() == datetime(2024, 3, 1, 12, tzinfo=timezone.utc)


def test_the_quiz_on_a_dumb_terminal_gets_line_prompts_not_menus():
    """A dumb terminal is a terminal on both ends, but cannot move the cursor: the quiz
    must read lines (before, it looked only at isatty and drew arrow-key menus)."""
    from sysdesign.cli.quiz import _make_ui
    from sysdesign.ui.quiz import LineQuizUI, TerminalQuizUI

    dumb = env_of({"TERM": "dumb"})
    assert isinstance(_make_ui(dumb, dumb.console(), on_stderr=False), LineQuizUI)
    capable = env_of({"TERM": "xterm"})
    assert isinstance(_make_ui(capable, capable.console(), on_stderr=False), TerminalQuizUI)


def test_no_module_but_env_reads_term_or_asks_isatty():
    import re
    from pathlib import Path

    import sysdesign

    root = Path(sysdesign.__file__).parent
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if p.name != "env.py" and re.search(r"isatty\(|[\"']TERM[\"']", p.read_text(encoding="utf-8"))]
    assert offenders == []
