"""`sysdesign export`: take your flashcards to Anki or a spreadsheet."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from sysdesign.cli.common import handled

app = typer.Typer(
    help="Export flashcards to Anki (.apkg) or CSV.",
    epilog=(
        "[bold]Examples[/bold]\n\n"
        "  sysdesign export anki sysdesign.apkg  # one Anki deck per lesson\n\n"
        "  sysdesign export csv cards.csv --tag caching"
    ),
    no_args_is_help=True,
)

ANKI_EPILOG = (
    "[bold]Examples[/bold]\n\n"
    "  sysdesign export anki sysdesign.apkg                  # every deck\n\n"
    "  sysdesign export anki bb.apkg --deck building-blocks  # one deck or lesson\n\n"
    "  sysdesign export anki caching.apkg --tag caching      # cards with a tag\n\n"
    "Import the file in Anki (File → Import). Export again after an update and import the new "
    "file: the same notes are updated, not duplicated."
)
CSV_EPILOG = (
    "[bold]Examples[/bold]\n\n"
    "  sysdesign export csv cards.csv\n\n"
    "  sysdesign export csv - --tag estimation | column -s, -t  # '-' is stdout\n\n"
    "Columns: front, back, deck, tags, due, stability (due and stability are empty for cards "
    "you have not reviewed). Cells that a spreadsheet would run as a formula are prefixed with '."
)

DECK_HELP = "Only this deck (deck id or lesson id); repeat for more."
TAG_HELP = "Only cards with this tag; repeat for more (any of them)."


def register(parent: typer.Typer) -> None:
    parent.add_typer(app, name="export")


def _selected(decks: list[str] | None, tags: list[str] | None):
    from sysdesign.cli import common
    from sysdesign.core.export import ExportError, select_cards

    course = common.course()
    try:
        return course, select_cards(course, decks or (), tags or ())
    except ExportError as exc:
        raise common.fail(str(exc)) from None


def _write(path: Path, example: str, write) -> None:
    from sysdesign.cli.common import fail
    from sysdesign.ui.target import TargetError, write_atomically

    try:
        write_atomically(path, example, write)
    except TargetError as exc:
        raise fail(str(exc)) from None


@app.command("anki", help="Write an Anki package: one deck per lesson under the deck 'sysdesign'.", epilog=ANKI_EPILOG)
def anki(
    file: Path = typer.Argument(..., help="The .apkg file to write (replaced if it exists), or - for stdout."),
    deck: list[str] = typer.Option(None, "--deck", "-d", help=DECK_HELP),
    tag: list[str] = typer.Option(None, "--tag", "-t", help=TAG_HELP),
) -> None:
    with handled():
        from sysdesign.cli import common
        from sysdesign.core.export import anki_deck_names, anki_package
        from sysdesign.ui.console import clean, plural

        to_stdout = str(file) == "-"
        if not to_stdout and file.suffix.lower() != ".apkg":
            raise common.fail(f"{file} does not end in .apkg; Anki only imports packages with that ending.")
        course, cards = _selected(deck, tag)
        package = anki_package(course, cards, clean)
        stamp = common.now().timestamp()
        if to_stdout:
            _package_to_stdout(package, stamp)
            return
        _write(file, "sysdesign.apkg", lambda tmp: package.write_to_file(tmp, timestamp=stamp))
        console = common.console()
        names = anki_deck_names(course, cards, clean)
        console.print(f"Wrote {plural(len(cards), 'card')} in {plural(len(names), 'deck')} to {file}", markup=False,
                      soft_wrap=True)
        from sysdesign.ui.export import deck_summary

        console.print(deck_summary(names, console.width), no_wrap=True, crop=True)
        console.print("In Anki: File → Import. Importing a newer export updates these notes.",
                      markup=False, style="dim")


@app.command("csv", help="Write the cards as CSV: front, back, deck, tags, due, stability.", epilog=CSV_EPILOG)
def csv_(
    file: str = typer.Argument(..., help="The CSV file to write, or - for stdout."),
    deck: list[str] = typer.Option(None, "--deck", "-d", help=DECK_HELP),
    tag: list[str] = typer.Option(None, "--tag", "-t", help=TAG_HELP),
) -> None:
    with handled():
        import csv
        import sys

        from sysdesign.cli import common
        from sysdesign.core.export import csv_rows
        from sysdesign.store.dashboard import card_schedule
        from sysdesign.ui.console import clean, plural

        course, cards = _selected(deck, tag)
        with common.store(read_only_ok=True) as st:
            states = card_schedule(st)
        rows = csv_rows(course, cards, states, clean)
        if file == "-":
            csv.writer(sys.stdout, lineterminator="\n").writerows(rows)
            return

        def write(tmp: str) -> None:
            with open(tmp, "w", newline="", encoding="utf-8") as fh:
                csv.writer(fh).writerows(rows)

        path = Path(file)
        _write(path, "cards.csv", write)
        common.console().print(f"Wrote {plural(len(cards), 'card')} to {path}", markup=False, soft_wrap=True)


def _package_to_stdout(package, stamp: float) -> None:
    """An Anki package on standard output (`export anki - > x.apkg`): built in a temporary
    file, since genanki writes a zip file by name, then copied out."""
    import shutil
    import sys
    import tempfile

    with tempfile.TemporaryDirectory(prefix="sysdesign-") as folder:
        tmp = os.path.join(folder, "export.apkg")
        package.write_to_file(tmp, timestamp=stamp)
        with open(tmp, "rb") as fh:
            shutil.copyfileobj(fh, sys.stdout.buffer)
        sys.stdout.buffer.flush()
