"""What every kind of question provides: one subclass of ``Kind`` per module.

A kind parses its answer key from YAML (content side), reads a typed answer, grades it,
writes out the expected answer, says what to type, and labels itself. A kind whose choices
may be shuffled renumbers a key or an answer between the order the content lists the
choices in and the order a learner sees them.
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING, ClassVar

from sysdesign.core.errors import AnswerError

if TYPE_CHECKING:
    import random

    from sysdesign.content.fields import FileCtx
    from sysdesign.content.model import Question
    from sysdesign.content.yamlsrc import YMap

LETTERS = string.ascii_lowercase

# An answer key or a given answer renumbered through {old index: new index}.
Renumbering = dict[int, int]


def letter(index: int) -> str:
    return LETTERS[index]


def is_index(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class Kind:
    """One kind of question. Subclasses set the class attributes and implement the methods
    that raise NotImplementedError; the rest have defaults that suit a kind without choices."""

    name: ClassVar[str]  # the `kind:` of the YAML
    label: ClassVar[str]  # shown above the prompt: "choose one"
    takes_choices: ClassVar[bool] = False

    # -- content: the answer key ---------------------------------------------------------

    def parse_key(self, ctx: FileCtx, qm: YMap, choices: tuple[str, ...]) -> object | None:
        """The key from ``qm["answer"]``, or None after reporting a fault at its position."""
        raise NotImplementedError

    # -- core: answers -------------------------------------------------------------------

    def read(self, question: Question, text: str) -> object:
        """The learner's (non-blank) text in the shape of the key; AnswerError says what to type."""
        raise NotImplementedError

    def is_correct(self, question: Question, given: object) -> bool:
        return given == question.answer

    def expected(self, question: Question) -> str:
        """The right answer, written out for the learner."""
        raise NotImplementedError

    def hint(self, question: Question) -> str:
        """What to type, as a line prompt says it."""
        raise NotImplementedError

    def note(self, question: Question) -> str:
        """A line shown under the prompt (the unit a number is asked in), or ''."""
        return ""

    def chosen(self, question: Question, given: object) -> str:
        """The options the learner picked, written out ('' for a kind without options)."""
        return ""

    def recorded(self, question: Question, given: object, text: str) -> str:
        """What the review history keeps of an answer (``given`` in the content's numbering)."""
        return text

    # -- shuffling (kinds with choices) --------------------------------------------------

    def shown_order(self, question: Question, rng: random.Random) -> tuple[int, ...]:
        """The content index of each choice in the order a learner sees them."""
        return tuple(range(len(question.choices)))

    def renumber(self, value: object, mapping: Renumbering) -> object:
        """A key or an answer of this kind with every choice index i replaced by mapping[i]."""
        return value


def letters_of(text: str, n: int) -> list[int]:
    """Choice indices from 'a c', 'a,c', 'ac', 'A)' or '1 3' (1-based numbers)."""
    cleaned = text.replace(",", " ").replace(";", " ").split()
    if len(cleaned) == 1 and len(cleaned[0]) > 1 and cleaned[0].isalpha():
        cleaned = list(cleaned[0])  # "acd" reads as a c d
    out = []
    for token in cleaned:
        token = token.strip().lower().rstrip(").")
        if len(token) == 1 and token in LETTERS[:n]:
            out.append(LETTERS.index(token))
        elif token.isdigit() and 1 <= int(token) <= n:
            out.append(int(token) - 1)
        else:
            raise AnswerError(f"{token!r} is not one of the choices {letter(0)}–{letter(n - 1)}")
    return out


def option(question: Question, index: int) -> str:
    """'b) The text of choice b'."""
    return f"{letter(index)}) {question.choices[index]}"


class ChoiceKind(Kind):
    """What the kinds that list choices share: letters to answer, a list key, shuffling."""

    takes_choices = True

    def parse_key(self, ctx: FileCtx, qm: YMap, choices: tuple[str, ...]) -> object | None:
        """A list of in-range choice indices that ``key_from`` accepts, or None after a fault."""
        from sysdesign.content.yamlsrc import YList

        value, pos = qm["answer"], qm.val_pos["answer"]
        if not isinstance(value, YList) or not all(is_index(v) for v in value):
            ctx.fault(pos, f"the answer of a {self.name} question is a list of choice indices")
            return None
        if not _in_range(ctx, pos, list(value), len(choices)):
            return None
        return self.key_from(ctx, pos, list(value), len(choices))

    def key_from(self, ctx: FileCtx, pos, indices: list[int], n: int) -> object | None:
        """The key made of valid choice indices, or None after a fault (a kind with a list key)."""
        raise NotImplementedError

    separator: ClassVar[str] = " "  # between the letters of a recorded answer

    def recorded(self, question: Question, given: object, text: str) -> str:
        indices = given if isinstance(given, tuple) else (given,)
        return self.separator.join(letter(i) for i in indices)

    def shown_order(self, question: Question, rng: random.Random) -> tuple[int, ...]:
        order = list(range(len(question.choices)))
        rng.shuffle(order)
        return tuple(order)

    def renumber(self, value: object, mapping: Renumbering) -> object:
        assert isinstance(value, tuple)
        return tuple(mapping[i] for i in value)


def _in_range(ctx: FileCtx, pos, indices: list[int], n: int) -> bool:
    bad = [v for v in indices if not 0 <= v < n]
    if bad:
        ctx.fault(pos, f"answer index {bad[0]} is out of range: the question has {n} choices (0..{n - 1})")
    return not bad


def index_in_range(ctx: FileCtx, pos, value: int, n: int) -> bool:
    return _in_range(ctx, pos, [value], n)
