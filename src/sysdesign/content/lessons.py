"""Parsers for lesson files, flashcard decks and the requirements checklist."""

from __future__ import annotations

from sysdesign.content.fields import (
    FileCtx,
    check_keys,
    expect_document,
    expect_map,
    get_id,
    get_int,
    get_list,
    get_str,
    get_str_list,
)
from sysdesign.content.model import (
    Card,
    ChecklistItem,
    Deck,
    Lesson,
    Question,
    Section,
)
from sysdesign.core.kinds import KINDS


def parse_lesson(ctx: FileCtx, doc: object) -> Lesson | None:
    m = expect_document(ctx, doc, "a lesson file")
    if m is None:
        return None
    check_keys(ctx, m, ("id", "title", "order", "sections"), ("summary", "questions", "part", "sources"), "the lesson")
    lesson_id = get_id(ctx, m)
    sections = []
    items = get_list(ctx, m, "sections")
    if "sections" in m and not items:
        ctx.fault(m.val_pos["sections"], "a lesson needs at least one section")
    for item, pos in zip(items, items.item_pos):
        sm = expect_map(ctx, item, pos, "a section")
        if sm is None:
            continue
        check_keys(ctx, sm, ("id", "title", "body"), ("checks",), "a section")
        sections.append(
            Section(
                id=get_id(ctx, sm),
                title=get_str(ctx, sm, "title"),
                body=get_str(ctx, sm, "body"),
                checks=get_str_list(ctx, sm, "checks"),
            )
        )
    questions = []
    qitems = get_list(ctx, m, "questions")
    for item, pos in zip(qitems, qitems.item_pos):
        q = parse_question(ctx, item, pos, lesson_id)
        if q is not None:
            questions.append(q)
    return Lesson(
        id=lesson_id,
        title=get_str(ctx, m, "title"),
        order=get_int(ctx, m, "order"),
        summary=get_str(ctx, m, "summary", required=False),
        sections=tuple(sections),
        questions=tuple(questions),
        where=ctx.where(m.pos),
        part=get_str(ctx, m, "part", required=False),
        sources=get_str_list(ctx, m, "sources"),
    )


def parse_question(ctx: FileCtx, item: object, pos, lesson_id: str) -> Question | None:
    qm = expect_map(ctx, item, pos, "a question")
    if qm is None:
        return None
    kind = KINDS.get(qm.get("kind")) if isinstance(qm.get("kind"), str) else None
    needs_choices = kind is not None and kind.takes_choices
    required = ("id", "kind", "prompt", "answer", "explain") + (("choices",) if needs_choices else ())
    check_keys(ctx, qm, required, ("choices", "tags", "lint"), "a question")
    qid = get_id(ctx, qm)
    if kind is None:
        if "kind" in qm:
            ctx.fault(qm.val_pos["kind"], f"question kind {qm['kind']!r} is not one of: {', '.join(KINDS)}")
        return None
    choices = get_str_list(ctx, qm, "choices")
    if not needs_choices and "choices" in qm:
        ctx.fault(qm.key_pos["choices"], f"a {kind.name} question takes no choices")
    if needs_choices and "choices" in qm and len(choices) < 2:
        ctx.fault(qm.val_pos["choices"], "a question needs at least two choices")
    if needs_choices and len(set(choices)) != len(choices):
        ctx.fault(qm.val_pos["choices"], "two choices have the same text")
    answer = kind.parse_key(ctx, qm, choices) if "answer" in qm else None
    if answer is None:
        return None
    return Question(
        id=qid,
        kind=kind.name,
        prompt=get_str(ctx, qm, "prompt"),
        choices=choices,
        answer=answer,
        explain=get_str(ctx, qm, "explain"),
        tags=get_str_list(ctx, qm, "tags"),
        lint=get_str_list(ctx, qm, "lint"),
        lesson_id=lesson_id,
        where=ctx.where(qm.pos),
    )


def parse_deck(ctx: FileCtx, doc: object, *, own: bool = False) -> Deck | None:
    m = expect_document(ctx, doc, "a deck file")
    if m is None:
        return None
    check_keys(ctx, m, ("deck", "title", "cards"), ("lesson",), "the deck")
    deck_id = get_id(ctx, m, "deck")
    lesson_id = get_str(ctx, m, "lesson", required=False, default="") or None
    cards = []
    items = get_list(ctx, m, "cards")
    for item, pos in zip(items, items.item_pos):
        cm = expect_map(ctx, item, pos, "a card")
        if cm is None:
            continue
        check_keys(ctx, cm, ("id", "front", "back"), ("tags", "lint"), "a card")
        cards.append(
            Card(
                id=get_id(ctx, cm),
                front=get_str(ctx, cm, "front"),
                back=get_str(ctx, cm, "back"),
                tags=get_str_list(ctx, cm, "tags"),
                deck_id=deck_id,
                lesson_id=lesson_id,
                where=ctx.where(cm.pos),
                lint=get_str_list(ctx, cm, "lint"),
            )
        )
    return Deck(
        id=deck_id,
        title=get_str(ctx, m, "title"),
        lesson_id=lesson_id,
        cards=tuple(cards),
        own=own,
        where=ctx.where(m.pos),
    )


def parse_checklist(ctx: FileCtx, doc: object) -> tuple[ChecklistItem, ...]:
    m = expect_document(ctx, doc, "the checklist file")
    if m is None:
        return ()
    check_keys(ctx, m, ("items",), (), "the checklist")
    out = []
    items = get_list(ctx, m, "items")
    for item, pos in zip(items, items.item_pos):
        im = expect_map(ctx, item, pos, "a checklist item")
        if im is None:
            continue
        check_keys(ctx, im, ("id", "title", "ask", "why"), (), "a checklist item")
        out.append(
            ChecklistItem(
                id=get_id(ctx, im),
                title=get_str(ctx, im, "title"),
                ask=get_str_list(ctx, im, "ask"),
                why=get_str(ctx, im, "why"),
            )
        )
    return tuple(out)
