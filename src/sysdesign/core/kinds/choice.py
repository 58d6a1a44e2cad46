"""A single choice: one right option among 3–5, answered with its letter."""

from __future__ import annotations

from sysdesign.core.errors import AnswerError
from sysdesign.core.kinds.base import (
    ChoiceKind,
    index_in_range,
    is_index,
    letter,
    letters_of,
    option,
)


class Choice(ChoiceKind):
    name = "choice"
    label = "choose one"

    def parse_key(self, ctx, qm, choices):
        value, pos = qm["answer"], qm.val_pos["answer"]
        if not is_index(value):
            ctx.fault(pos, "the answer of a choice question is the index of the right choice (0-based)")
            return None
        return value if index_in_range(ctx, pos, value, len(choices)) else None

    def read(self, question, text):
        n = len(question.choices)
        picked = letters_of(text, n)
        if len(picked) != 1:
            raise AnswerError(f"pick one choice: a letter {letter(0)}–{letter(n - 1)}")
        return picked[0]

    def expected(self, question):
        return option(question, question.answer)

    def hint(self, question):
        return f"type one letter {letter(0)}–{letter(len(question.choices) - 1)}"

    def chosen(self, question, given):
        return option(question, given)

    def renumber(self, value, mapping):
        return mapping[value]


KIND = Choice()
