"""The personal "From your interviews" deck: missed key points as flashcards.

It is an own deck (``<data folder>/content/from-your-interviews.yaml``), so it loads beside the
course, is checked like any deck, and its cards are reviewed by ``sysdesign quiz`` on the FSRS
schedule. The learner may edit it by hand; this module adds and removes cards, rewriting the
file atomically and refusing one it cannot read rather than overwriting it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from sysdesign.store.db import StoreError

HEADER = """\
# Key points you missed in mock interviews, added by `sysdesign mock-interview`.
# Review them with: sysdesign quiz --deck {deck}
# Remove one with:  sysdesign mock-interview --remove-card CARD_ID  (or delete it here)
"""


def deck_path(user_content_dir: Path, deck_id: str) -> Path:
    return user_content_dir / f"{deck_id}.yaml"


def read_cards(path: Path) -> list[dict]:
    """The cards in the deck file (none when there is no file yet)."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise StoreError(f"Cannot read your interview deck {path} ({exc.strerror or exc}).") from None
    try:
        doc = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise StoreError(f"Your interview deck {path} is not valid YAML ({exc}); it was left as it is. "
                         "Fix it by hand, or move it aside to start a new one.") from None
    cards = doc.get("cards") if isinstance(doc, dict) else None
    if cards is None:
        cards = []
    if not isinstance(cards, list) or not all(isinstance(c, dict) for c in cards):
        raise StoreError(f"Your interview deck {path} has no list of cards; it was left as it is. "
                         "Fix it by hand, or move it aside to start a new one.")
    return cards


def _write(path: Path, deck_id: str, title: str, cards: Sequence[dict]) -> None:
    import yaml

    body = yaml.safe_dump({"deck": deck_id, "title": title, "cards": list(cards)}, sort_keys=False,
                          allow_unicode=True, width=100, default_flow_style=False)
    text = HEADER.format(deck=deck_id) + body
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise StoreError(f"Cannot write your interview deck {path} ({exc.strerror or exc}). "
                         "Nothing was changed.") from None


def add_cards(path: Path, deck_id: str, title: str, cards: Iterable[dict]) -> list[str]:
    """Add cards whose ids are not in the deck yet; returns the ids added."""
    existing = read_cards(path)
    have = {c.get("id") for c in existing}
    added = [c for c in cards if c["id"] not in have]
    if added:
        _write(path, deck_id, title, existing + added)
    return [c["id"] for c in added]


def remove_cards(path: Path, deck_id: str, title: str, ids: Sequence[str]) -> list[str]:
    """Remove cards by id (``all`` removes every one); returns the ids removed."""
    existing = read_cards(path)
    gone = [c.get("id") for c in existing if "all" in ids or c.get("id") in ids]
    if gone:
        kept = [c for c in existing if c.get("id") not in gone]
        if kept:
            _write(path, deck_id, title, kept)
        else:
            try:
                path.unlink()
            except OSError as exc:
                raise StoreError(f"Cannot remove your interview deck {path} ({exc.strerror or exc}).") from None
    return [str(g) for g in gone]
