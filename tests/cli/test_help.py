"""Every command's --help: examples that fit an 80-column terminal."""

from __future__ import annotations

import pytest

from tests.helpers import command_tree


def test_example_lines_fit_in_80_columns():
    """An example wider than the help panel wraps its comment to column 1, which reads badly."""
    too_wide = []
    for path, command in command_tree():
        for line in (command.epilog or "").split("\n"):
            if line.startswith("  ") and len(line) > 76:
                too_wide.append((" ".join(["sysdesign", *path]), len(line), line.strip()))
    assert not too_wide, too_wide


@pytest.mark.parametrize("args", [path for path, _ in command_tree()], ids=lambda path: " ".join(path) or "sysdesign")
def test_every_help_has_examples(runner, app, args):
    result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "Examples" in result.output or "example" in result.output.lower()
