"""Reading and grading answers to every kind of question (the kinds are in ``core.kinds``).

Answers arrive as text (a letter, letters, t/f, a number with a unit) from any front
end; ``read_answer`` turns the text into the answer's shape or raises AnswerError with a
message saying what to type, and ``is_correct`` compares it with the key.
"""

from __future__ import annotations

from dataclasses import dataclass

from sysdesign.content.model import Question
from sysdesign.core.errors import AnswerError
from sysdesign.core.kinds import in_content_numbering, kind_of
from sysdesign.core.kinds.base import LETTERS, letter


@dataclass(frozen=True)
class Graded:
    correct: bool
    given: object  # in the numbering the learner saw
    expected: str  # the right answer, written out for the learner
    chosen: str = ""  # the options the learner picked, written out ('' for a kind without options)
    recorded: str = ""  # what the history keeps: the answer in the content's numbering


def read_answer(question: Question, text: str):
    """The learner's answer in the shape of ``question.answer``."""
    text = (text or "").strip()
    if not text:
        raise AnswerError(answer_hint(question))
    return kind_of(question).read(question, text)


def answer_hint(question: Question) -> str:
    """What to type for this kind of question."""
    return kind_of(question).hint(question)


def is_correct(question: Question, given) -> bool:
    return kind_of(question).is_correct(question, given)


def expected_text(question: Question) -> str:
    return kind_of(question).expected(question)


def grade(question: Question, text: str) -> Graded:
    """Read and grade in one step (AnswerError propagates for unreadable text)."""
    kind = kind_of(question)
    given = read_answer(question, text)
    recorded = kind.recorded(question, in_content_numbering(question, given), text)
    return Graded(kind.is_correct(question, given), given, kind.expected(question),
                  kind.chosen(question, given), recorded)


__all__ = ["AnswerError", "Graded", "LETTERS", "answer_hint", "expected_text", "grade", "is_correct",
           "letter", "read_answer"]
