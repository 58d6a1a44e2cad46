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


def test_no_help_shows_a_type_after_a_flag(runner, app):
    """A flag takes no value: `--list <bool>` read as if it wanted one (Typer 0.29 prints it)."""
    shown = []
    for path, command in command_tree():
        result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "100"})
        assert result.exit_code == 0, (path, result.output)
        if "<bool>" in result.output:
            shown.append(" ".join(["sysdesign", *path]))
        flags = [p for p in command.params if getattr(p, "is_flag", False)]
        for flag in flags:  # each flag is still listed, with its help
            assert flag.opts[0] in result.output, (path, flag.opts[0])
    assert not shown, shown
    assert len(command_tree()) >= 10
