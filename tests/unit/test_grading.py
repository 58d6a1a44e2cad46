"""Grading numeric answers the way people type them: money, shares, durations in parts."""

from __future__ import annotations

import pytest

from sysdesign.content.model import NumericAnswer, Question, Where
from sysdesign.core.grading import AnswerError, expected_text, grade


def numeric(value: float, tolerance: float, unit: str | None = None, prompt: str = "How many?") -> Question:
    return Question(id="q", kind="numeric", prompt=prompt, choices=(), answer=NumericAnswer(value, tolerance, unit),
                    explain="Because.", tags=(), lesson_id="l", where=Where("l.yaml", 1, 1))


@pytest.mark.parametrize("text", ["$1.1M", "$1.1 million", "1.1M USD", "1.1 million dollars", "1.1M", "1,100,000",
                                  "$1,090,000", "about $1.1M"])
def test_dollars_where_dollars_are_asked(text):
    assert grade(numeric(1_100_000, 0.1, "$"), text).correct


def test_dollars_on_a_key_without_a_unit_and_the_expected_text():
    assert grade(numeric(1_100_000, 0.1), "$1.1M").correct
    assert not grade(numeric(1_100_000, 0.1, "$"), "$66M").correct
    assert expected_text(numeric(1_100_000, 0.1, "$")) == "$1,100,000 (within ±10%)"


def test_money_is_not_a_duration():
    with pytest.raises(AnswerError, match="asks for time"):
        grade(numeric(8.76, 0.02, "h"), "$8.76")


@pytest.mark.parametrize("text", ["63", "63 %", "63%", "0.63", "0.634", "63.4 percent"])
def test_a_share_asked_as_a_percentage(text):
    assert grade(numeric(63, 0.05, "%"), text).correct


@pytest.mark.parametrize("text", ["0.63 %", "1", "6.3", "0.063"])
def test_a_share_read_either_way_must_still_be_right(text):
    assert not grade(numeric(63, 0.05, "%"), text).correct


def test_small_percentages_read_as_typed():
    question = numeric(0.5, 0.1, "%")
    assert grade(question, "0.5").correct  # 0.5 %
    assert grade(question, "0.005").correct  # the share 0.005 is 0.5 %
    assert not grade(question, "0.05").correct


@pytest.mark.parametrize("text", ["8 h 46 min", "8h46m", "8 hours 46 minutes", "8 h, 45 min", "8.76", "8.76 h",
                                  "526 min"])
def test_durations_in_parts(text):
    assert grade(numeric(8.76, 0.02, "h"), text).correct


def test_durations_in_parts_are_summed_not_guessed():
    assert not grade(numeric(8.76, 0.02, "h"), "8 h 10 min").correct
    assert grade(numeric(26, 0.01, "h"), "1 d 2 h").correct


@pytest.mark.parametrize("text", ["16M", "16.8M", "16,777,216", "16^6", "17 million"])
def test_rough_counts_pass_a_rough_tolerance(text):
    assert grade(numeric(16_777_216, 0.1, prompt="Roughly how many codes?"), text).correct


def test_rough_counts_fail_a_tight_one():
    assert not grade(numeric(16_777_216, 0.02), "16M").correct
    assert grade(numeric(16_777_216, 0.02), "16^6").correct
