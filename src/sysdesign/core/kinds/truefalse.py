"""True or false: a statement, answered t or f."""

from __future__ import annotations

from sysdesign.core.errors import AnswerError
from sysdesign.core.kinds.base import Kind

TRUE_WORDS = ("t", "true", "y", "yes", "1")
FALSE_WORDS = ("f", "false", "n", "no", "0")


class TrueFalse(Kind):
    name = "truefalse"
    label = "true or false"

    def parse_key(self, ctx, qm, choices):
        value = qm["answer"]
        if not isinstance(value, bool):
            ctx.fault(qm.val_pos["answer"], "the answer of a truefalse question is true or false")
            return None
        return value

    def read(self, question, text):
        lowered = text.lower()
        if lowered in TRUE_WORDS:
            return True
        if lowered in FALSE_WORDS:
            return False
        raise AnswerError("answer t (true) or f (false)")

    def expected(self, question):
        return "True" if question.answer else "False"

    def hint(self, question):
        return "type t or f"


KIND = TrueFalse()
