"""The starter file `sysdesign content new-deck NAME` writes: a commented own deck."""

from __future__ import annotations

import re

STARTER = '''\
# Your own flashcard deck for sysdesign.
#
# Every .yaml file in this folder loads beside the built-in course, is checked the same
# way, and joins your reviews. After each edit, check it:
#     sysdesign content validate
# Review just this deck:      sysdesign quiz --deck {deck_id}
# Take it to Anki:            sysdesign export anki {deck_id}.apkg --deck {deck_id}
#
# Rules: ids are lowercase letters, digits and dashes, unique across ALL content (the
# built-in decks too), and they never change once you have reviewed a card: your review
# history is keyed on them. Unknown keys are errors. Quote text that holds a colon.

# The deck id: what --deck takes.
deck: "{deck_id}"
# Shown in lists and progress, and as the Anki deck name.
title: "{title}"
# Optional: keep these cards locked until a lesson is finished, e.g.
#   lesson: building-blocks
# Leave it out and the cards are always in your reviews.
cards:
  # One fact per card: the front asks a question, the back answers in a phrase or a
  # sentence. Replace these two examples with your own cards. Tags are optional
  # (pick cards with --tag).
  - id: "{deck_id}-1"
    front: "Which command checks the {deck_id} deck for mistakes?"
    back: "sysdesign content validate"
    tags: [example]
  - id: "{deck_id}-2"
    front: "Where does the {deck_id} deck live?"
    back: "In the content folder inside the sysdesign data folder."
    tags: [example]
'''


MAX_ID = 64  # the file is named after the id; file systems stop at 255 bytes


def deck_id_for(name: str) -> str:
    """A deck id from what the user typed: 'AWS services' -> 'aws-services'."""
    return re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-")


def starter_text(deck_id: str, title: str) -> str:
    safe_title = re.sub(r"[\x00-\x1f\x7f-\x9f]", "", title.replace("\\", "").replace('"', "'")).strip() or deck_id
    return STARTER.format(deck_id=deck_id, title=safe_title)


def starter_card_ids(deck_id: str) -> tuple[str, ...]:
    return (f"{deck_id}-1", f"{deck_id}-2")
