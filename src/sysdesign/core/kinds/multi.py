"""Multiple choice: every right option among 3–6, answered with letters (a,c)."""

from __future__ import annotations

from sysdesign.core.errors import AnswerError
from sysdesign.core.kinds.base import ChoiceKind, letters_of, option


class Multi(ChoiceKind):
    name = "multi"
    label = "choose all that apply"
    separator = ","

    def key_from(self, ctx, pos, indices, n):
        if not indices:
            ctx.fault(pos, "a multi question needs at least one right choice")
            return None
        if len(set(indices)) != len(indices):
            ctx.fault(pos, "an index appears twice in the answer")
            return None
        return tuple(sorted(indices))

    def read(self, question, text):
        picked = letters_of(text, len(question.choices))
        if len(set(picked)) != len(picked):
            raise AnswerError("a letter appears twice")
        return tuple(sorted(picked))

    def expected(self, question):
        return "; ".join(option(question, i) for i in question.answer)

    def hint(self, question):
        return "type every right letter, e.g. a,c"

    def chosen(self, question, given):
        return "; ".join(option(question, i) for i in given)

    def renumber(self, value, mapping):
        return tuple(sorted(mapping[i] for i in value))


KIND = Multi()
