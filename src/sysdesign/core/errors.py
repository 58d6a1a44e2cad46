"""Errors the pure core raises for the front ends to explain."""

from __future__ import annotations


class AnswerError(ValueError):
    """Typed text that is not a usable answer; the message says what to type instead.

    One class for question answers and estimates alike, so a front end catches one thing.
    """
