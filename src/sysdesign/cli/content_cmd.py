"""`sysdesign content`: tools for content authors."""

from __future__ import annotations

from pathlib import Path

import typer

from sysdesign.cli.common import handled
from sysdesign.core.words import plural

app = typer.Typer(
    help="Check content files (lessons, decks, problems, scenarios) and start your own decks.",
    epilog=(
        "[bold]Examples[/bold]\n\n"
        "  sysdesign content validate   # the course and your own decks\n\n"
        "  sysdesign content new-deck \"Kafka internals\""
    ),
    no_args_is_help=True,
)

VALIDATE_EPILOG = (
    "[bold]Examples[/bold]\n\n"
    "  sysdesign content validate              # the course and your own decks\n\n"
    "  sysdesign content validate ./mycourse   # lessons/ and flashcards/ there"
)


@app.command("validate", help="Check content and print every fault as path:line:col: message.", epilog=VALIDATE_EPILOG)
def validate(
    folder: Path = typer.Argument(None, help="A content folder (holding lessons/ and flashcards/). Default: the built-in content."),
) -> None:
    with handled():
        from sysdesign import locations
        from sysdesign.cli.common import fail
        from sysdesign.content.catalog import load

        if folder is None:
            root, own = locations.builtin_content_dir(), locations.user_content_dir()
        else:
            if not folder.is_dir():
                raise fail(f"{folder} is not a folder. Give a folder that holds lessons/ and flashcards/.")
            if not any(folder.rglob("*.y*ml")):
                raise fail(f"{folder} holds no content files (*.yaml), so there is nothing to check. Give a "
                           "folder that holds lessons/ and flashcards/, or lesson and deck files.")
            if not (folder / "lessons").is_dir() and not (folder / "flashcards").is_dir():
                root, own = folder, None
                # a bare folder of YAML files: treat its files as lessons/decks by their shape
                result = _validate_loose(folder)
                _report(result)
                return
            root, own = folder, None
        result = load(root, own, locations.data_dir() / "cache")
        _report(result)


def _validate_loose(folder: Path):
    from sysdesign.content.errors import ContentError
    from sysdesign.content.loader import Source, load_sources
    from sysdesign.content.yamlsrc import YMap, read_yaml

    sources = []
    for path in sorted(folder.glob("*.y*ml")):
        kind = "lesson"
        try:
            doc = read_yaml(path)
            if isinstance(doc, YMap):
                kind = "deck" if "deck" in doc else "checklist" if "items" in doc else "lesson"
        except ContentError:
            pass
        sources.append(Source(path, kind))
    return load_sources(sources)


def _report(result) -> None:
    from sysdesign.cli.common import fail

    if result.errors:
        for error in result.errors:
            typer.echo(str(error))
        raise fail(f"{plural(len(result.errors), 'fault')} found.")
    typer.echo(f"ok: {result.course.summary_line()}")


NEW_DECK_EPILOG = (
    "[bold]Examples[/bold]\n\n"
    "  sysdesign content new-deck aws-services  # writes <data dir>/content/…\n\n"
    "  sysdesign content new-deck \"Kafka internals\"  # deck id: kafka-internals"
)


@app.command("new-deck", help="Write a commented starter file for your own flashcard deck.", epilog=NEW_DECK_EPILOG)
def new_deck(name: str = typer.Argument(..., help="The deck's name; its id is made from it (lowercase, dashes).")) -> None:
    with handled():
        from sysdesign.cli.owndeck import write_starter_deck

        write_starter_deck(name)


def _lint_epilog() -> str:
    from sysdesign.content.lint import rule_help

    rules = "\n\n".join(f"[bold]{rule}[/bold]: {text}" for rule, text in rule_help())
    return ("[bold]Rules[/bold] (an item silences one it has a reason to break with "
            "lint: \\[rule-id])\n\n" + rules + "\n\n[bold]Examples[/bold]\n\n"
            "  sysdesign content lint              # the course and your own decks\n\n"
            "  sysdesign content lint ./mycourse   # lessons/ and flashcards/ there")


@app.command("lint", help="Check teaching quality (meta cards, list answers, duplicates, biased "
             "choices, tight tolerances): path:line:col: rule: message; exit 1 on findings.",
             epilog=_lint_epilog())
def lint(
    folder: Path = typer.Argument(None, help="A content folder (holding lessons/ and flashcards/). Default: the built-in content and your own decks."),
) -> None:
    with handled():
        from sysdesign.cli.common import fail
        from sysdesign.content.lint import lint as find

        result = _load_for_lint(folder)
        if result.errors:
            for error in result.errors:
                typer.echo(str(error))
            raise fail(f"The content is not valid ({len(result.errors)} faults), so it cannot be "
                       "linted; fix what `sysdesign content validate` reports first.")
        findings = find(result.course)
        for finding in findings:
            typer.echo(str(finding))
        if findings:
            raise fail(f"{plural(len(findings), 'finding')}.", 1)
        typer.echo(f"clean: {result.course.summary_line()}")


def _load_for_lint(folder: Path | None):
    from sysdesign import locations
    from sysdesign.cli.common import fail
    from sysdesign.content.catalog import load

    if folder is None:
        return load(locations.builtin_content_dir(), locations.user_content_dir(), locations.data_dir() / "cache")
    if not folder.is_dir():
        raise fail(f"{folder} is not a folder. Give a folder that holds lessons/ and flashcards/.")
    if not any(folder.rglob("*.y*ml")):
        raise fail(f"{folder} holds no content files (*.yaml), so there is nothing to lint.")
    if not (folder / "lessons").is_dir() and not (folder / "flashcards").is_dir():
        return _validate_loose(folder)
    return load(folder, None, locations.data_dir() / "cache")
