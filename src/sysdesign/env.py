"""The world a command runs in, decided once per command and passed down (httpie's idea).

Whether a person sits at a terminal that can draw menus, the console to print to, where
prompt_toolkit reads keys and draws, the clock, the random seed and the data and content
folders. Nothing else in the program calls ``isatty()`` or reads ``TERM``: it asks the
``Environment``. Tests build one directly (scripted input, a recording console, a fixed clock).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    import random

    from rich.console import Console

    from sysdesign.ui.lines import LineReader


def _is_terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return False


def sped_up_monotonic(environ: Mapping[str, str] | None = None) -> Callable[[], float]:
    """The interview clock: time.monotonic, or a clock SYSDESIGN_CLOCK_SPEED times faster (a test
    hook: a 45-minute interview in 45 seconds at 60) so a real terminal can be tested quickly."""
    raw = (os.environ if environ is None else environ).get("SYSDESIGN_CLOCK_SPEED")
    try:
        speed = float(raw) if raw else 1.0
    except ValueError:
        speed = 1.0
    if not 0 < speed <= 10_000 or speed == 1.0:
        return time.monotonic
    start = time.monotonic()
    return lambda: start + (time.monotonic() - start) * speed


def pinned_now(environ: Mapping[str, str] | None = None) -> Callable[[], datetime]:
    """The clock: UTC now, or the instant SYSDESIGN_NOW (ISO 8601) pins for tests."""
    pinned = (os.environ if environ is None else environ).get("SYSDESIGN_NOW")
    if pinned:
        when = datetime.fromisoformat(pinned)
        fixed = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
        return lambda: fixed
    return lambda: datetime.now(timezone.utc)


@dataclass
class Environment:
    """Everything a command needs from the world outside the program."""

    stdin: TextIO
    stdout: TextIO
    interactive: bool  # a person at a terminal on both ends, able to draw menus and read keys
    interactive_stderr: bool  # the same with stderr as the screen (--json keeps stdout for data)
    typed_input: bool  # stdin is a terminal: a person types the lines, so prompts never give up
    dumb: bool  # TERM=dumb: the terminal cannot move the cursor
    plain: bool  # no colour: NO_COLOR, or TERM=dumb
    data_dir: Path
    content_dir: Path
    now: Callable[[], datetime]
    monotonic: Callable[[], float] = time.monotonic
    seed: int | None = None  # None: draw one from the system's randomness
    pt_input: Any = None  # prompt_toolkit Input for menus and line editors (None: the terminal)
    pt_output: Any = None  # prompt_toolkit Output (None: the terminal)
    key_fd: int | None = None  # where single keypresses are read (None: stdin)
    width: int | None = None  # console width (None: the terminal's, or COLUMNS)

    @classmethod
    def from_os(cls, environ: Mapping[str, str] | None = None, *, stdin: TextIO | None = None,
                stdout: TextIO | None = None, **overrides: Any) -> Environment:
        """The environment of this process: its streams, variables and folders."""
        from sysdesign import locations

        environ = os.environ if environ is None else environ
        stdin = sys.stdin if stdin is None else stdin
        stdout = sys.stdout if stdout is None else stdout
        dumb = environ.get("TERM") == "dumb"
        typed = _is_terminal(stdin)
        values: dict[str, Any] = {
            "stdin": stdin,
            "stdout": stdout,
            "interactive": typed and _is_terminal(stdout) and not dumb,
            "interactive_stderr": typed and _is_terminal(sys.stderr) and not dumb,
            "typed_input": typed,
            "dumb": dumb,
            "plain": "NO_COLOR" in environ or dumb,
            "now": pinned_now(environ),
            "monotonic": sped_up_monotonic(environ),
        }
        values.update(overrides)
        if "data_dir" not in values:  # may raise NoDataFolder, so only when it is needed
            values["data_dir"] = locations.data_dir()
        if "content_dir" not in values:
            values["content_dir"] = locations.builtin_content_dir()
        return cls(**values)

    # -- derived places --------------------------------------------------------------------

    @property
    def database_path(self) -> Path:
        return self.data_dir / "progress.sqlite3"

    @property
    def user_content_dir(self) -> Path:
        return self.data_dir / "content"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    # -- the terminal ----------------------------------------------------------------------

    @property
    def home_by_line(self) -> bool:
        """A person at a terminal that cannot draw menus (TERM=dumb): the home screen is
        shown and answered by typed lines."""
        return self.dumb and self.typed_input and _is_terminal(self.stdout)

    def console(self, *, stderr: bool = False) -> Console:
        from sysdesign.ui.console import make_console

        return make_console(stderr=stderr, width=self.width, plain=self.plain)

    def terminal_size(self) -> tuple[int, int]:
        """(columns, rows) of the terminal (COLUMNS/LINES win; 80×24 when there is none)."""
        import shutil

        size = shutil.get_terminal_size((80, 24))
        return size.columns, size.lines

    def line_reader(self) -> LineReader:
        """Answers line by line from stdin (the scripting contract)."""
        from sysdesign.ui.lines import LineReader

        return LineReader(self.stdin, scripted=not self.typed_input)

    def prompt_kwargs(self) -> dict[str, Any]:
        """Keyword arguments that point a prompt_toolkit/questionary prompt at our input/output."""
        out: dict[str, Any] = {}
        if self.pt_input is not None:
            out["input"] = self.pt_input
        if self.pt_output is not None:
            out["output"] = self.pt_output
        return out

    def rng(self) -> random.Random:
        import random

        return random.Random(self.seed if self.seed is not None else random.SystemRandom().random())

    def new_salt(self) -> str:
        """A fresh random salt for a learner's option shuffles (from the seed, when one is set)."""
        return f"{self.rng().getrandbits(64):016x}"

    def pick_seed(self) -> int:
        """A seed to show and replay: the given one, or a fresh one."""
        if self.seed is not None:
            return self.seed
        import random

        return random.SystemRandom().randrange(1, 1_000_000)
