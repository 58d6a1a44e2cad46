"""Decks out of sysdesign: an Anki package (genanki) or CSV rows.

Pure: builds the package object and the rows; the command writes the file. Anki ids are
derived from our ids with a stable hash, so importing a newer export of the same cards
updates the notes already in Anki instead of adding duplicates:

- note GUID   = genanki.guid_for(our card id)
- deck id     = hash of "lesson:<lesson id>" (or "deck:<deck id>" for an own deck)
- model id    = hash of the note model's name and version
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sysdesign.content.model import Card, Course, Deck

PARENT_DECK = "sysdesign"
MODEL_NAME = "sysdesign card"
MODEL_VERSION = "v1"  # bump (and so change the model id) only if the fields change
CSV_COLUMNS = ("front", "back", "deck", "tags", "due", "stability")
# a spreadsheet treats a cell starting with one of these as a formula (or DDE command)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


class ExportError(ValueError):
    """The filters pick nothing, or name a deck that does not exist; the message says which."""


def stable_id(key: str) -> int:
    """A 31-bit id from a string, the same on every machine and run (Anki wants 2^30..2^31)."""
    digest = hashlib.sha256(f"sysdesign:{key}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def ordered_decks(course: Course) -> list[Deck]:
    """Lesson decks in course order, then own decks by id."""
    order = {le.id: le.order for le in course.lessons}
    return sorted(course.decks, key=lambda d: (d.lesson_id is None, order.get(d.lesson_id or "", 0), d.id))


def select_cards(course: Course, decks: Iterable[str] = (), tags: Iterable[str] = ()) -> list[Card]:
    """Cards in the chosen decks (ids, or lesson ids) carrying any chosen tag; no filter = all."""
    wanted_decks = [d.strip() for d in decks if d.strip()]
    wanted_tags = {t.strip().lower() for t in tags if t.strip()}
    known = {d.id for d in course.decks} | {d.lesson_id for d in course.decks if d.lesson_id}
    unknown = [d for d in wanted_decks if d not in known]
    if unknown:
        names = ", ".join(sorted(d.id for d in course.decks))
        raise ExportError(f"No deck {unknown[0]!r}. The decks are: {names}.")
    out = []
    for deck in ordered_decks(course):
        if wanted_decks and deck.id not in wanted_decks and deck.lesson_id not in wanted_decks:
            continue
        for card in deck.cards:
            if wanted_tags and not wanted_tags & {t.lower() for t in card.tags}:
                continue
            out.append(card)
    if not out:
        what = []
        if wanted_decks:
            what.append("deck " + ", ".join(wanted_decks))
        if wanted_tags:
            what.append("tag " + ", ".join(sorted(wanted_tags)))
        raise ExportError(f"No cards match {' and '.join(what) or 'the course'}; nothing was written.")
    return out


def _deck_title(text: str) -> str:
    """A deck name part: no hierarchy separator, no control characters, never empty."""
    text = re.sub(r"\s+", " ", text.replace("::", ":")).strip()
    return text or "untitled"


@dataclass(frozen=True)
class AnkiDeck:
    key: str  # what the deck id is derived from
    name: str  # "sysdesign::<lesson title>"


def anki_deck_for(course: Course, deck: Deck, sanitize: Callable[[str], str]) -> AnkiDeck:
    """One Anki deck per lesson under the parent deck; an own deck gets its own."""
    lesson = course.lesson(deck.lesson_id) if deck.lesson_id else None
    if lesson is not None:
        return AnkiDeck(f"lesson:{lesson.id}", f"{PARENT_DECK}::{_deck_title(sanitize(lesson.title))}")
    return AnkiDeck(f"deck:{deck.id}", f"{PARENT_DECK}::{_deck_title(sanitize(deck.title))}")


def _field(text: str, sanitize: Callable[[str], str]) -> str:
    return html.escape(sanitize(text).strip(), quote=False).replace("\n", "<br>")


def _tag(text: str, sanitize: Callable[[str], str]) -> str:
    """An Anki tag: one word of plain text (Anki shows tags as HTML in the template)."""
    return re.sub(r"[\s<>&\"']+", "_", sanitize(text).strip()).strip("_")


def note_model():
    import genanki

    return genanki.Model(
        stable_id(f"model:{MODEL_NAME}:{MODEL_VERSION}"),
        MODEL_NAME,
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Lesson"}, {"name": "CardId"}],
        templates=[{
            "name": "Front → Back",
            "qfmt": "{{Front}}",
            "afmt": ('{{FrontSide}}<hr id="answer">{{Back}}'
                     '<div class="meta">{{Lesson}} · {{Tags}}</div>'),
        }],
        css=(".card { font-family: sans-serif; font-size: 20px; text-align: center; }\n"
             ".meta { margin-top: 1.5em; font-size: 12px; color: #888; }"),
    )


def anki_package(course: Course, cards: list[Card], sanitize: Callable[[str], str]):
    """A genanki.Package: the parent deck plus one deck per lesson (or own deck)."""
    import genanki

    model = note_model()
    wanted = {c.id for c in cards}
    decks: dict[str, genanki.Deck] = {}
    parent = genanki.Deck(stable_id("deck-parent"), PARENT_DECK, description="Flashcards from sysdesign.")
    for deck in ordered_decks(course):
        chosen = [c for c in deck.cards if c.id in wanted]
        if not chosen:
            continue
        target = anki_deck_for(course, deck, sanitize)
        anki_deck = decks.get(target.key)
        if anki_deck is None:
            anki_deck = decks[target.key] = genanki.Deck(stable_id(target.key), target.name)
        for card in chosen:
            anki_deck.add_note(genanki.Note(
                model=model,
                fields=[_field(card.front, sanitize), _field(card.back, sanitize),
                        _field(card.lesson_id or deck.id, sanitize), _field(card.id, sanitize)],
                tags=[tag for t in card.tags if (tag := _tag(t, sanitize))],
                guid=genanki.guid_for(card.id),
            ))
    return genanki.Package([parent, *decks.values()])


def anki_deck_names(course: Course, cards: list[Card], sanitize: Callable[[str], str]) -> dict[str, int]:
    """Deck name -> number of cards the export puts in it."""
    counts: dict[str, int] = {}
    for card in cards:
        counts[card.deck_id] = counts.get(card.deck_id, 0) + 1
    out: dict[str, int] = {}
    for deck in ordered_decks(course):
        if deck.id in counts:
            name = anki_deck_for(course, deck, sanitize).name
            out[name] = out.get(name, 0) + counts[deck.id]
    return out


def neutralise(cell: str) -> str:
    """Keep a spreadsheet from executing a cell: prefix formula-like text with a quote."""
    if cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def csv_rows(course: Course, cards: list[Card], states: dict[str, tuple[str, float | None]],
             sanitize: Callable[[str], str]) -> list[list[str]]:
    """Header plus one row per card: front, back, deck, tags, due, stability."""
    titles = {d.id: d.title for d in course.decks}
    rows = [list(CSV_COLUMNS)]
    for card in cards:
        due, stability = states.get(card.id, ("", None))
        row = [
            sanitize(card.front).strip(),
            sanitize(card.back).strip(),
            sanitize(titles.get(card.deck_id, card.deck_id)).strip(),
            " ".join(sanitize(t).strip() for t in card.tags),
            due or "",
            "" if stability is None else f"{stability:.2f}",
        ]
        rows.append([neutralise(cell) for cell in row])
    return rows
