"""Consoles that degrade cleanly, and text that can never take over the terminal."""

from __future__ import annotations

import os
import re
import sys

from rich.console import Console

from sysdesign.core.words import plural as plural  # one plural for every layer; kept here for ui

# CSI/OSC/other escape sequences, then any remaining C0/C1 control character but \n and \t.
_ESCAPES = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]?")
# ... plus the invisible ones that can disguise text: bidi overrides and isolates (U+202E turns
# "gpj.exe" around), zero-width spaces and joiners, the byte-order mark
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                       "\u2066-\u2069\ufeff]")


def clean(text: str) -> str:
    """Text from content or the learner with escape sequences, control characters and
    invisible direction or width marks removed."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text.replace("\r\n", "\n")))


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """The reader went away (`| head`, quitting `less`): stop quietly with success, as
        rich does but with 0, not 1; nothing is lost, since answers are saved as given."""
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the final flush at exit cannot fail again
        raise SystemExit(0)

    def _check_buffer(self) -> None:
        """Write the buffer once, even if Ctrl-C lands mid-write.

        rich clears its buffer only after the write and flush; an interrupt in between
        leaves the text there, and the next print (the "Stopped" notice) would write it again.
        """
        try:
            super()._check_buffer()
        except KeyboardInterrupt:
            del self._buffer[:]
            raise


_NUMBER_PERCENT = re.compile(r"(?<=\d) (?=%)")


def _wrap_at_ascii_spaces_only() -> None:
    """rich wraps at any Unicode space, a no-break one included; keep it to the ASCII ones,
    so that a number glued to its unit with a no-break space (``14\u00a0%``) never splits
    into '14' at the end of one line and '%' at the start of the next."""
    try:
        import rich._wrap as wrap
    except ImportError:  # pragma: no cover - a rich without the module: wrapping stays as it is
        return
    wrap.re_word = re.compile(r"[ \t\n\r\f\v]*[^ \t\n\r\f\v]+[ \t\n\r\f\v]*")


_wrap_at_ascii_spaces_only()


def glued(text: str) -> str:
    """``clean`` text with each percentage kept on one line: '14 %' never breaks before '%'."""
    return _NUMBER_PERCENT.sub("\u00a0", clean(text))


def make_console(*, stderr: bool = False, width: int | None = None, plain: bool = False) -> Console:
    """A console; ``plain`` (no colour) comes from the Environment (NO_COLOR, TERM=dumb)."""
    return _Console(
        stderr=stderr,
        width=width,
        no_color=plain,
        color_system=None if plain else "auto",
        highlight=False,
        emoji=False,
        markup=True,
    )
