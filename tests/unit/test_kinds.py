"""The question-kind registries: every kind is one complete entry, in the core and in the ui,
and the same sample of each kind parses, reads, grades and writes out its answer."""

from __future__ import annotations

import textwrap

import pytest

from sysdesign.content.loader import load_dir
from sysdesign.core.grading import answer_hint, expected_text, grade
from sysdesign.core.kinds import KINDS, NAMES, in_content_numbering, present
from sysdesign.core.kinds.base import ChoiceKind, Kind
from sysdesign.ui.widgets import WIDGETS

# One question of every kind, with a right and a wrong line: a kind missing here fails
# test_every_kind_has_a_sample, so a new kind comes with its sample.
SAMPLES = {
    "choice": ("choices: [Alpha, Bravo, Charlie]\nanswer: 1", "b", "a"),
    "multi": ("choices: [A, B, E, F]\nanswer: [0, 2]", "a,c", "b"),
    "truefalse": ("answer: false", "f", "t"),
    "order": ("choices: [kilobyte, byte, megabyte]\nanswer: [1, 0, 2]", "b a c", "a b c"),
    "numeric": ("answer: {value: 86400, tolerance: 0.05, unit: s}", "1 d", "1 h"),
}
# What each Kind must implement itself (the base raises NotImplementedError).
REQUIRED = ("parse_key", "read", "expected", "hint")


def sample_questions(tmp_path) -> dict:
    lines = ["id: kinds", "title: Kinds", "order: 1",
             "sections:", "  - {id: kinds-s1, title: One, body: Text.}", "questions:"]
    for name, (key, _right, _wrong) in SAMPLES.items():
        lines += [f"  - id: kinds-{name}", f"    kind: {name}", "    prompt: Which?", "    explain: Because."]
        lines += [textwrap.indent(key, "    ")]
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "01-kinds.yaml").write_text("\n".join(lines) + "\n")
    loaded = load_dir(tmp_path)
    assert loaded.errors == []
    return {q.kind: q for q in loaded.course.questions()}


def test_the_core_and_the_ui_registries_cover_the_same_kinds():
    assert set(KINDS) == set(WIDGETS) == set(NAMES)
    assert all(callable(widget) for widget in WIDGETS.values())


@pytest.mark.parametrize("name", NAMES)
def test_every_entry_is_complete(name):
    kind = KINDS[name]
    assert isinstance(kind, Kind) and kind.name == name and kind.label
    missing = [method for method in REQUIRED if getattr(type(kind), method) is getattr(Kind, method)]
    if isinstance(kind, ChoiceKind) and type(kind).parse_key is ChoiceKind.parse_key:
        missing += ["key_from"] if type(kind).key_from is ChoiceKind.key_from else []  # its list key's rules
    assert missing == [], f"{name} does not implement {missing}"


def test_every_kind_has_a_sample():
    assert set(SAMPLES) == set(KINDS)


def test_each_sample_parses_reads_grades_and_writes_out_its_answer(tmp_path):
    questions = sample_questions(tmp_path)
    for name, (_key, right, wrong) in SAMPLES.items():
        question = questions[name]
        assert grade(question, right).correct, name
        assert not grade(question, wrong).correct, name
        assert expected_text(question) and answer_hint(question)


def test_true_false_says_the_answer_with_a_capital():
    assert expected_text_of("truefalse") == "False"


def expected_text_of(name: str) -> str:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        return expected_text(sample_questions(Path(folder))[name])


def test_an_unknown_kind_names_the_registered_ones(tmp_path):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "01-x.yaml").write_text(textwrap.dedent("""\
        id: x
        title: X
        order: 1
        sections: [{id: x-s1, title: One, body: Text.}]
        questions:
          - {id: x-q, kind: essay, prompt: Why?, answer: 1, explain: Because.}
        """))
    errors = [e.message for e in load_dir(tmp_path).errors]
    assert errors == ["question kind 'essay' is not one of: choice, multi, truefalse, order, numeric"]


def test_multi_answers_say_which_options_were_chosen(tmp_path):
    question = sample_questions(tmp_path)["multi"]
    assert grade(question, "c,a").chosen == "a) A; c) E"


# -- shuffling --------------------------------------------------------------------------------

def test_a_shown_question_is_graded_in_the_order_shown(tmp_path):
    question = sample_questions(tmp_path)["choice"]
    seen = next(present(question, f"learner-{i}") for i in range(50)
                if present(question, f"learner-{i}").answer != question.answer)
    right = "abc"[seen.answer]
    assert seen.choices[seen.answer] == "Bravo"
    assert grade(seen, right).correct and not grade(seen, "b").correct  # the content's letter is not it
    graded = grade(seen, right)
    assert graded.recorded == "b"  # kept in the content's numbering
    assert in_content_numbering(seen, graded.given) == 1


def test_a_shuffle_is_stable_for_a_learner_and_differs_between_learners(tmp_path):
    question = sample_questions(tmp_path)["multi"]
    assert present(question, "salt-1") == present(question, "salt-1")
    assert present(question, "salt-1").choices != present(question, "salt-2").choices
    orders = {present(question, f"salt-{i}").choices for i in range(200)}
    assert len(orders) == 24  # every order of the four options turns up


def test_multi_and_order_keys_follow_their_options(tmp_path):
    questions = sample_questions(tmp_path)
    for name in ("multi", "order"):
        for i in range(20):
            seen = present(questions[name], f"s{i}")
            key_texts = [seen.choices[j] for j in seen.answer]
            expected = [questions[name].choices[j] for j in questions[name].answer]
            assert (key_texts if name == "order" else sorted(key_texts)) == expected


def test_an_order_question_is_never_shown_in_order(tmp_path):
    question = sample_questions(tmp_path)["order"]
    for i in range(300):
        seen = present(question, f"s{i}")
        assert seen.answer != (0, 1, 2), i  # the items as listed would be the answer


def test_kinds_without_options_are_shown_as_they_are(tmp_path):
    questions = sample_questions(tmp_path)
    assert present(questions["numeric"], "s") is questions["numeric"]
    assert present(questions["truefalse"], "s") is questions["truefalse"]
