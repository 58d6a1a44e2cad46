"""Options in a learner's own order: shuffled wherever they are shown (study, quiz, --print),
the same for one learner every time, different between learners, graded as shown and kept
in the content's numbering; the right option's position is close to uniform."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace

import pytest

from sysdesign.cli.common import course as load_course
from sysdesign.core.kinds import present
from sysdesign.store.store import SHUFFLE_SALT, Store
from tests.helpers import pin_salt, right_answer, shown

OPTION = re.compile(r"^ {2,3}[a-f]\) ", re.M)


def option_lines(output: str) -> list[str]:
    """The lines that start an option ('  a) …' in a check, '   a) …' in --print)."""
    return [line.strip() for line in output.splitlines() if OPTION.match(line)]


def first_lesson():
    return load_course().lessons[0]


def test_two_learners_see_different_orders(runner, app, tmp_path, monkeypatch):
    lesson = first_lesson()
    printed = []
    for salt in ("learner-one", "learner-two"):
        monkeypatch.setenv("SYSDESIGN_HOME", str(tmp_path / salt))
        pin_salt(tmp_path / salt, salt)
        result = runner.invoke(app, ["study", lesson.id, "--print"])
        assert result.exit_code == 0, result.output
        printed.append(option_lines(result.output))
    assert printed[0] != printed[1]
    assert sorted(t[3:] for t in printed[0]) == sorted(t[3:] for t in printed[1])  # the same options


def test_the_order_is_made_on_first_use_and_stable_across_a_resume(runner, app, isolated_home):
    lesson = first_lesson()
    first = runner.invoke(app, ["study", lesson.id], input="")  # shows section 1's first check, then EOF
    assert first.exit_code == 0, first.output
    with Store.open(isolated_home / "progress.sqlite3") as st:
        salt = st.setting(SHUFFLE_SALT)
    assert salt  # a random salt, made and saved on first use
    again = runner.invoke(app, ["study", lesson.id], input="")
    assert option_lines(again.output) == option_lines(first.output) != []
    check = {q.id: q for q in lesson.questions}[lesson.sections[0].checks[0]]
    assert option_lines(first.output) == [f"{'abcdef'[i]}) {c}" for i, c in enumerate(present(check, salt).choices)]
    printed = runner.invoke(app, ["study", lesson.id, "--print"]).output  # the same order when printed
    assert option_lines(first.output)[0] in option_lines(printed)


def test_grading_follows_the_shown_order_and_history_keeps_the_content_numbering(runner, app, isolated_home):
    pin_salt(isolated_home)
    lesson = first_lesson()
    questions = {q.id: q for q in lesson.questions}
    checks = [questions[qid] for qid in lesson.sections[0].checks]
    moved = [q for q in checks if q.kind in ("choice", "multi", "order") and shown(q).choices != q.choices]
    assert moved, "the pinned salt moves at least one option of section 1"
    script = "".join(right_answer(shown(q)) + "\n" for q in checks)
    result = runner.invoke(app, ["study", lesson.id], input=script)
    assert result.output.count("✓ Correct.") == len(checks), result.output
    with Store.open(isolated_home / "progress.sqlite3") as st:
        kept = {qid: json.loads(answer) for qid, answer in st.query("SELECT question_id, answer FROM check_answers")}
    for q in moved:
        assert kept[q.id] == right_answer(q).replace(" ", "," if q.kind == "multi" else " ")  # as the YAML numbers them


def test_print_shows_the_answer_in_the_shown_order(runner, app, isolated_home):
    pin_salt(isolated_home)
    lesson = first_lesson()
    question = next(q for q in lesson.questions if q.kind == "choice" and shown(q).answer != q.answer)
    result = runner.invoke(app, ["study", lesson.id, "--print"])
    seen = shown(question)
    answer = f"{'abcdef'[seen.answer]}) {seen.choices[seen.answer]}"
    flat = " ".join(result.output.split())
    assert f"Answer: {' '.join(answer.split())}" in flat


# -- the right option's position ------------------------------------------------------------

CRITICAL = 16.27  # chi-square, 3 degrees of freedom, p = 0.001


def chi_square(questions, salt: str) -> float:
    """How far the shown positions of the right options are from uniform (positions 3 and
    beyond share a bin: five-option questions are rare)."""
    observed = Counter(min(present(q, salt).answer, 3) for q in questions)
    expected = Counter()
    for q in questions:
        for position in range(len(q.choices)):
            expected[min(position, 3)] += 1 / len(q.choices)
    return sum((observed[b] - e) ** 2 / e for b, e in expected.items())


@pytest.fixture(scope="module")
def choice_questions():
    questions = [q for q in load_course().questions() if q.kind == "choice"]
    assert len(questions) >= 60
    return questions


@pytest.mark.parametrize("salt", ["a1", "b2", "c3", "d4", "e5"])
def test_the_right_option_is_anywhere_for_every_learner(choice_questions, salt):
    assert chi_square(choice_questions, salt) < CRITICAL


def test_even_content_with_every_key_at_b_is_shown_uniformly(choice_questions):
    def key_at_b(q):
        order = [q.answer] + [i for i in range(len(q.choices)) if i != q.answer]
        order[0], order[1] = order[1], order[0]
        return replace(q, choices=tuple(q.choices[i] for i in order), answer=1)

    biased = [key_at_b(q) for q in choice_questions]
    assert sum(1 for q in biased if q.answer == 1) == len(biased)
    for salt in ("a1", "b2", "c3"):
        assert chi_square(biased, salt) < CRITICAL
