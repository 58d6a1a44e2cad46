"""Ordering: 3–6 items put in order, answered with all their letters (c a b)."""

from __future__ import annotations

from sysdesign.core.errors import AnswerError
from sysdesign.core.kinds.base import LETTERS, ChoiceKind, letters_of, option


class Order(ChoiceKind):
    name = "order"
    label = "put in order"

    def key_from(self, ctx, pos, indices, n):
        if sorted(indices) != list(range(n)):
            ctx.fault(pos, f"the answer of an order question must be a permutation of 0..{n - 1}")
            return None
        return tuple(indices)

    def read(self, question, text):
        n = len(question.choices)
        picked = letters_of(text, n)
        if sorted(picked) != list(range(n)):
            raise AnswerError(f"give all {n} letters once each, in order (e.g. {' '.join(LETTERS[:n][::-1])})")
        return tuple(picked)

    def expected(self, question):
        return " → ".join(option(question, i) for i in question.answer)

    def hint(self, question):
        return f"type the letters in order, e.g. {' '.join(LETTERS[:len(question.choices)])}"

    def chosen(self, question, given):
        return " → ".join(option(question, i) for i in given)

    def shown_order(self, question, rng):
        """A shuffle that never lists the items already in the right order."""
        while True:
            order = super().shown_order(question, rng)
            if order != tuple(question.answer):
                return order


KIND = Order()
