"""The built-in numeric questions accept what a person would type for the question asked."""

from __future__ import annotations

import pytest

from sysdesign.cli.common import course as load_course
from sysdesign.core.grading import grade


@pytest.fixture(scope="module")
def course():
    return load_course()


@pytest.mark.parametrize("question_id, text", [
    ("url-q-hex-space", "16M"),  # "roughly how many": 16M is 4.6 % under 16^6
    ("url-q-hex-space", "16^6"),
    ("why-q-amazon-per-minute", "$1.1M"),
    ("why-q-amazon-per-minute", "1.1 million dollars"),
    ("kc-q-fanout-tail", "0.63"),  # a share, where the key is a percentage
    ("kc-q-fanout-tail", "63 %"),
    ("kt-q-nines-hours", "8 h 46 min"),
    ("why-q-hash-space", "5k"),
])
def test_built_in_answers_accept_natural_forms(course, question_id, text):
    assert grade(course.question(question_id), text).correct


@pytest.mark.parametrize("question_id, text", [
    ("why-q-amazon-per-minute", "$66M"),  # dividing by hours, not minutes
    ("kc-q-fanout-tail", "1"),  # forgetting the fan-out
    ("kt-q-nines-hours", "8 h"),  # the "~8h" gloss is 46 minutes short
])
def test_built_in_answers_still_reject_the_usual_slips(course, question_id, text):
    assert not grade(course.question(question_id), text).correct
