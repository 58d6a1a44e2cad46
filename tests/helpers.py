"""Helpers for scripting answers the way a person types them."""

from __future__ import annotations

from sysdesign.content.model import Question
from sysdesign.core.grading import letter


def right_answer(question: Question) -> str:
    """The line a person would type to answer the question correctly."""
    key = question.answer
    if question.kind == "choice":
        return letter(key)
    if question.kind in ("multi", "order"):
        return " ".join(letter(i) for i in key)
    if question.kind == "truefalse":
        return "t" if key else "f"
    return f"{key.value:g}"


def wrong_answer(question: Question) -> str:
    key = question.answer
    if question.kind == "choice":
        return letter((key + 1) % len(question.choices))
    if question.kind == "multi":
        return " ".join(letter(i) for i in range(len(question.choices)) if i not in key) or "a"
    if question.kind == "order":
        return " ".join(letter(i) for i in reversed(key))
    if question.kind == "truefalse":
        return "f" if key else "t"
    return f"{key.value * 1000 + 1:g}"
