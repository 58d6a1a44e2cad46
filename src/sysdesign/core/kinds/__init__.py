"""The kinds of question, registered in one place (DESIGN.md: "question kinds live in one
registry").

Each kind is one module here holding a ``KIND``, a subclass of ``base.Kind``: it parses its
answer key, reads a typed answer, grades it, writes out the expected answer, says what to
type and labels itself. Its terminal widget is registered under the same name in
``sysdesign.ui.widgets.WIDGETS``. Adding a kind: one module, its line below, its widget line.
"""

from __future__ import annotations

import random
from dataclasses import replace

from sysdesign.content.model import Question
from sysdesign.core.kinds import choice, multi, numeric, order, truefalse
from sysdesign.core.kinds.base import Kind

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        choice.KIND,
        multi.KIND,
        truefalse.KIND,
        order.KIND,
        numeric.KIND,
    )
}
NAMES: tuple[str, ...] = tuple(KINDS)


def kind_of(question: Question) -> Kind:
    return KINDS[question.kind]


def present(question: Question, salt: str) -> Question:
    """The question as this learner sees it: its choices shuffled, the same way every time for
    one salt (a learner) and question id, with the key renumbered to match. ``shown`` on the
    result gives the content index of each choice as shown, so answers can be recorded in
    the content's numbering. A question without choices comes back as it is."""
    kind = kind_of(question)
    if not kind.takes_choices or question.shown:
        return question
    order = kind.shown_order(question, random.Random(f"{salt}/{question.id}"))
    where = {source: position for position, source in enumerate(order)}
    return replace(question, choices=tuple(question.choices[i] for i in order),
                   answer=kind.renumber(question.answer, where), shown=order)


def in_content_numbering(question: Question, given: object) -> object:
    """An answer to a shown question with its choice indices as the content numbers them."""
    if not question.shown:
        return given
    return kind_of(question).renumber(given, dict(enumerate(question.shown)))
