"""The study flow with a typed (TERM=dumb) learner, a temporary store and a fixed clock;
and the pure hint and score rules it uses."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from sysdesign.content.model import Lesson, NumericAnswer, Question, Section, Where
from sysdesign.core.checks import lesson_score, retry_hint
from sysdesign.env import Environment

W = Where("t.yaml", 1, 1)


def question(kind: str, answer, choices=()) -> Question:
    return Question(f"q-{kind}", kind, "Which?", tuple(choices), answer, "Because.", (), "l", W)


class Typed(io.StringIO):
    """Lines a person types at a terminal that cannot draw menus (TERM=dumb)."""

    def isatty(self) -> bool:
        return True


def environment(tmp_path: Path, lines: str, clock) -> Environment:
    return Environment(stdin=Typed(lines), stdout=io.StringIO(), interactive=False, interactive_stderr=False,
                       typed_input=True, dumb=True, plain=True, data_dir=tmp_path, content_dir=tmp_path, now=clock)


def recording() -> Console:
    return Console(file=io.StringIO(), width=80, color_system=None, record=True)


# --- the rules ---------------------------------------------------------------------------

def test_hints_say_what_was_wrong_without_giving_the_answer():
    assert retry_hint(question("choice", 1, ["Alpha", "Bravo", "Charlie"]), 0) == "It is not “Alpha”."
    multi = question("multi", (0, 2, 3), ["a", "b", "c", "d", "e"])
    assert retry_hint(multi, (0, 1)) == ("Of the 2 options you marked, 1 is right and 1 is not; "
                                         "the answer has 3 options.")
    assert retry_hint(question("order", (2, 0, 1), ["x", "y", "z"]), (2, 1, 0)) == "1 of the 3 are in the right place."
    numeric = question("numeric", NumericAnswer(116.0, 0.1, "rps"))
    assert retry_hint(numeric, 11_600.0) == "Too high, by about 100×: check the units and each step."
    assert retry_hint(numeric, 60.0) == "Too low, but in the right range."
    assert retry_hint(question("truefalse", True), False) is None  # a second try would be a free guess


def test_the_score_counts_first_tries_second_tries_and_sections_to_revisit():
    sections = (Section("s1", "One", "b", ("q1", "q2")), Section("s2", "Two", "b", ("q3",)),
                Section("s3", "Three", "b", ("q4",)))
    lesson = Lesson("l", "L", 1, "", sections, (), W)
    score = lesson_score(lesson, [("q1", True), ("q2", False), ("q2", True), ("q3", True), ("q4", False),
                                  ("q4", False)])
    assert (score.asked, score.first_time, score.second_try, score.right) == (4, 2, 1, 3)
    assert score.revisit == (0, 2)


# --- the flow ----------------------------------------------------------------------------

@pytest.fixture
def lesson(course):
    return course.lessons[0]  # mini lesson one: one true/false check


def test_a_typed_wrong_choice_gets_a_hint_and_a_second_try(tmp_path, store, clock):
    from sysdesign.content.model import Course
    from sysdesign.core.grading import letter
    from sysdesign.flows.study import take_lesson
    from tests.helpers import pin_salt, shown

    choice = Question("q-c", "choice", "Which letter comes second?", ("Alpha", "Bravo", "Charlie"), 1,
                      "B is the second letter.", (), "l", W)
    one = Lesson("l", "Letters", 1, "", (Section("s1", "Only", "Text.", ("q-c",)),), (choice,), W)
    pin_salt(tmp_path)  # the store fixture's database: options in a known order
    order = shown(choice).choices
    typed = f"{letter(order.index('Alpha'))}\n{letter(order.index('Bravo'))}\n"
    console = recording()
    outcome = take_lesson(environment(tmp_path, typed, clock), console, store, one, restart=False,
                          course=Course(lessons=(one,)))
    text = console.export_text()
    assert "✗ Not quite. It is not “Alpha”. One more try:" in text
    assert "Check 1/1, second try" in text and "✓ Correct." in text
    assert text.index("One more try") < text.index("B is the second letter.")  # the explanation comes last
    assert "Checks: 1 of 1 right (1 of them on the second try)." in text
    assert "Worth a second look (sysdesign study 1 --section N):\n  1 · Only" in text
    assert outcome.finished
    assert store.check_answers_of_reading("l", ["q-c"]) == [("q-c", False), ("q-c", True)]


def test_a_restart_starts_the_score_afresh(tmp_path, store, clock, course, lesson):
    from sysdesign.flows.study import take_lesson

    take_lesson(environment(tmp_path, "f\n", clock), recording(), store, lesson, restart=False, course=course)
    console = recording()
    take_lesson(environment(tmp_path, "t\n", clock), console, store, lesson, restart=True, course=course)
    assert "Checks: 1 of 1 right." in console.export_text()  # the wrong answer of the first reading is gone
    assert store.finished_lessons().keys() == {lesson.id}


# --- stopping mid-way ----------------------------------------------------------------------

def two_sections() -> Lesson:
    checks = tuple(Question(f"q{n}", "truefalse", f"Is this section {n}?", (), True, "It is.", (), "l2", W)
                   for n in (1, 2))
    sections = (Section("s1", "First", "Text one.", ("q1",)), Section("s2", "Second", "Text two.", ("q2",)))
    return Lesson("l2", "Two parts", 2, "", sections, checks, W)


class Interrupting(Typed):
    """Typed lines, then Ctrl-C at the next prompt."""

    def readline(self, limit: int = -1) -> str:
        line = super().readline(limit)
        if not line:
            raise KeyboardInterrupt
        return line


def test_end_of_input_mid_lesson_keeps_the_sections_done_and_the_next_run_resumes(tmp_path, store, clock):
    from sysdesign.content.model import Course
    from sysdesign.flows.study import take_lesson

    lesson = two_sections()
    console = recording()
    outcome = take_lesson(environment(tmp_path, "t\n", clock), console, store, lesson, restart=False)
    assert "End of input — your progress is saved; run the same command to resume." in console.export_text()
    assert not outcome.finished
    assert store.sections_done() == {"l2": {"s1"}} and store.finished_lessons() == {}
    assert store.check_answers_of_reading("l2", ["q1", "q2"]) == [("q1", True)]

    console = recording()
    outcome = take_lesson(environment(tmp_path, "f\n", clock), console, store, lesson, restart=False,
                          course=Course(lessons=(lesson,)))
    text = console.export_text()
    assert "Resuming at section 2 of 2." in text and "Text one." not in text
    assert outcome.finished and store.finished_lessons().keys() == {"l2"}
    assert "Checks: 1 of 2 right." in text  # the first run's right answer counts in the reading
    assert "Worth a second look (sysdesign study 2 --section N):\n  2 · Second" in text


def test_ctrl_c_mid_lesson_is_raised_with_the_answers_given_so_far_saved(tmp_path, store, clock):
    from sysdesign.flows.study import take_lesson

    env = environment(tmp_path, "", clock)
    env.stdin = Interrupting("t\n")
    with pytest.raises(KeyboardInterrupt):
        take_lesson(env, recording(), store, two_sections(), restart=False)
    assert store.sections_done() == {"l2": {"s1"}}
    assert store.check_answers_of_reading("l2", ["q1", "q2"]) == [("q1", True)]


def test_quitting_from_the_pager_keeps_the_place_and_records_nothing(tmp_path, store, clock, monkeypatch):
    from sysdesign.flows import study

    class QuitKey:  # the pager's key reader: the learner presses q on the first page
        def __init__(self, fd):
            pass

        def read(self) -> str:
            return "q"

    monkeypatch.setattr(study, "KeyReader", QuitKey)
    env = environment(tmp_path, "", clock)
    env.interactive = True
    console = Console(file=io.StringIO(), width=80, height=5, color_system=None, record=True)
    outcome = study.take_lesson(env, console, store, two_sections(), restart=False)
    assert "Stopped. Your place is kept: sysdesign study 2 goes on from here." in console.export_text()
    assert outcome == study.Outcome() and store.sections_done() == {}


def test_a_script_of_unusable_answers_stops_with_a_usage_error_and_keeps_the_place(tmp_path, store, clock):
    from sysdesign.flows import Refused
    from sysdesign.flows.study import take_lesson

    env = environment(tmp_path, "t\nmaybe\nmaybe\nmaybe\n", clock)
    env.typed_input = False  # lines from a script: given up on after a few unusable ones
    console = recording()
    with pytest.raises(Refused) as stop:
        take_lesson(env, console, store, two_sections(), restart=False)
    assert stop.value.code == 2 and "3 unusable answers in a row" in str(stop.value)
    assert "End of input — your progress is saved" in console.export_text()
    assert store.sections_done() == {"l2": {"s1"}}
