"""A small, stable course for the dashboard, export, sketch and reference tests, so they do
not move when the built-in lessons are edited."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

LESSON = """\
id: {id}
title: "{title}"
order: {order}
summary: A small lesson for tests.
sections:
  - id: {id}-s1
    title: Only section
    body: |
      Some text for lesson {order}.
    checks: [{id}-q1]
questions:
  - id: {id}-q1
    kind: truefalse
    prompt: Is this lesson {order}?
    answer: true
    explain: It is.
"""

CHECKLIST = """\
items:
  - {id: scale, title: Scale, ask: ["How many users?"], why: Size drives the design.}
  - {id: availability, title: Availability, ask: ["How much downtime is fine?"], why: Nines cost.}
  - {id: consistency, title: Consistency, ask: ["Is stale data fine?"], why: Picks the store.}
  - {id: constraints, title: Constraints, ask: ["Budget and team?"], why: Rules options out.}
  - {id: core-use-cases, title: Core use cases, ask: ["What do users do most?"], why: Sets priorities.}
  - {id: api-boundaries, title: API boundaries, ask: ["Who calls us?"], why: Shapes the contract.}
"""

DECKS = {
    "mini-one": ("Mini lesson one", [
        ("m1-cache", "What does a cache trade?", "Memory for speed.", ["caching"]),
        ("m1-formula", "=SUM(A1:A9) is what?", "@risk +1 -1", ["spreadsheet"]),
        ("m1-lb", "What spreads requests over servers?", "A load balancer.", ["scaling"]),
        ("m1-html", "Is 2 < 3 & 3 > 2?", "Yes: <b>both</b>.", ["caching", "maths"]),
    ]),
    "mini-two": ("Mini lesson two: the sequel", [
        ("m2-cdn", "What keeps static files near users?", "A CDN.", ["caching"]),
        ("m2-queue", "What smooths bursts of writes?", "A message queue.", ["queues"]),
        ("m2-esc", "A front with an escape\\e[31m sequence?", "Red\\e[0m text.", []),
    ]),
}


def deck_yaml(deck_id: str, title: str, cards) -> str:
    lines = [f"deck: {deck_id}", f'title: "{title}"', f"lesson: {deck_id}", "cards:"]
    for cid, front, back, tags in cards:
        lines += [f"  - id: {cid}", f'    front: "{front}"', f'    back: "{back}"', f"    tags: [{', '.join(tags)}]"]
    return "\n".join(lines) + "\n"


def write_mini_course(root: Path, *, with_scenarios: bool = False) -> Path:
    (root / "lessons").mkdir(parents=True, exist_ok=True)
    (root / "flashcards").mkdir(parents=True, exist_ok=True)
    for order, (deck_id, (title, cards)) in enumerate(DECKS.items(), 1):
        (root / "lessons" / f"{order:02d}-{deck_id}.yaml").write_text(
            LESSON.format(id=deck_id, title=title, order=order), encoding="utf-8")
        (root / "flashcards" / f"{deck_id}.yaml").write_text(deck_yaml(deck_id, title, cards), encoding="utf-8")
    (root / "lessons" / "checklist.yaml").write_text(CHECKLIST, encoding="utf-8")
    if with_scenarios:
        source = REPO / "lessons" / "estimates"
        if source.is_dir():
            shutil.copytree(source, root / "lessons" / "estimates")
        reference = REPO / "lessons" / "reference"
        if reference.is_dir():
            shutil.copytree(reference, root / "lessons" / "reference")
    return root


def card_count() -> int:
    return sum(len(cards) for _, cards in DECKS.values())
