"""Every command's --help: examples that fit an 80-column terminal."""

from __future__ import annotations

import pytest


def commands(app):
    import typer.main

    def walk(command, path):
        yield path, command
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, [*path, name])

    return list(walk(typer.main.get_command(app), []))


def test_example_lines_fit_in_80_columns(app):
    """An example wider than the help panel wraps its comment to column 1, which reads badly."""
    too_wide = []
    for path, command in commands(app):
        for line in (command.epilog or "").split("\n"):
            if line.startswith("  ") and len(line) > 76:
                too_wide.append((" ".join(["sysdesign", *path]), len(line), line.strip()))
    assert not too_wide, too_wide


@pytest.mark.parametrize("args", [[], ["study"], ["quiz"], ["estimate"], ["mock-interview"], ["sketch"],
                                  ["progress"], ["reference"], ["export"], ["export", "anki"], ["content"]])
def test_every_help_has_examples(runner, app, args):
    result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "Examples" in result.output or "example" in result.output.lower()
