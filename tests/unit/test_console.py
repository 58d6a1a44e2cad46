"""The console writes each line once, even when Ctrl-C lands in the middle of a write."""

from __future__ import annotations

import io

import pytest

from sysdesign.ui.console import make_console


class InterruptedOnce(io.StringIO):
    """A terminal whose first flush is cut short by Ctrl-C (after the text was written)."""

    def __init__(self) -> None:
        super().__init__()
        self.interrupt = True

    def flush(self) -> None:
        if self.interrupt:
            self.interrupt = False
            raise KeyboardInterrupt


def test_a_line_interrupted_after_its_write_is_not_written_again(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    out = InterruptedOnce()
    console = make_console()
    console.file = out
    with pytest.raises(KeyboardInterrupt):
        console.print("→ Good, next in 10m")
    console.print("Stopped: 1 rating from this session is saved.")
    assert out.getvalue().count("→ Good, next in 10m") == 1
    assert out.getvalue().endswith("Stopped: 1 rating from this session is saved.\n")
