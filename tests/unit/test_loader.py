"""The content loader: every fault kind reported as path:line:col, all in one run."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

from sysdesign.content.cache import cache_file, load_cached
from sysdesign.content.loader import discover, load_sources

LESSON = """\
id: demo
title: Demo lesson
order: 1
sections:
  - id: demo-s1
    title: First
    body: Some text.
    checks: [demo-q1]
questions:
  - id: demo-q1
    kind: choice
    prompt: Pick b.
    choices: [a, b, c]
    answer: 1
    explain: Because b.
"""

DECK = """\
deck: demo
title: Demo deck
lesson: demo
cards:
  - {id: demo-c1, front: Front one?, back: Back one.}
"""


def make(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def load(root: Path):
    return load_sources(discover(root), base=root)


def messages(result) -> list[str]:
    return [str(e) for e in result.errors]


def test_valid_content_loads_into_frozen_model(tmp_path):
    result = load(make(tmp_path, {"lessons/01-demo.yaml": LESSON, "flashcards/demo.yaml": DECK}))
    assert result.errors == []
    lesson = result.course.lessons[0]
    assert (lesson.id, lesson.sections[0].checks, lesson.questions[0].answer) == ("demo", ("demo-q1",), 1)
    assert result.course.decks[0].cards[0].lesson_id == "demo"


def test_yaml_syntax_error_has_line_and_column(tmp_path):
    result = load(make(tmp_path, {"lessons/01-demo.yaml": "id: demo\ntitle: [unclosed\norder: 1\n"}))
    assert len(result.errors) == 1
    error = result.errors[0]
    assert error.path == os.path.join("lessons", "01-demo.yaml")
    assert error.line >= 2 and error.col >= 1
    assert "YAML syntax" in error.message


def test_unknown_key_points_at_the_key(tmp_path):
    result = load(make(tmp_path, {"lessons/01-demo.yaml": LESSON.replace("order: 1", "order: 1\ncolour: blue")}))
    assert messages(result) == [
        f"{os.path.join('lessons', '01-demo.yaml')}:4:1: unknown key 'colour' in the lesson "
        "(expected one of: id, order, part, questions, sections, sources, summary, title)"
    ]


def test_missing_and_wrongly_typed_fields(tmp_path):
    text = LESSON.replace("title: Demo lesson\n", "").replace("order: 1", "order: first")
    result = load(make(tmp_path, {"lessons/01-demo.yaml": text}))
    found = messages(result)
    assert any("missing required key 'title'" in m for m in found)
    assert any(":2:8: 'order' must be a whole number, found text" in m for m in found)


def test_duplicate_id_across_files(tmp_path):
    deck = DECK.replace("demo-c1", "demo-q1")
    result = load(make(tmp_path, {"lessons/01-demo.yaml": LESSON, "flashcards/demo.yaml": deck}))
    assert len(result.errors) == 1
    assert "duplicate question/card id 'demo-q1'" in result.errors[0].message
    assert result.errors[0].path == os.path.join("flashcards", "demo.yaml")


def test_section_check_naming_a_missing_question(tmp_path):
    result = load(make(tmp_path, {"lessons/01-demo.yaml": LESSON.replace("checks: [demo-q1]", "checks: [demo-q9]")}))
    assert any("checks question 'demo-q9', which does not exist" in m for m in messages(result))


def test_deck_naming_a_missing_lesson(tmp_path):
    result = load(make(tmp_path, {"lessons/01-demo.yaml": LESSON, "flashcards/demo.yaml": DECK.replace("lesson: demo", "lesson: nope")}))
    assert any("names lesson 'nope', which does not exist" in m for m in messages(result))


def test_answer_index_out_of_range(tmp_path):
    result = load(make(tmp_path, {"lessons/01-demo.yaml": LESSON.replace("answer: 1", "answer: 3")}))
    assert any(":14:13: answer index 3 is out of range: the question has 3 choices (0..2)" in m for m in messages(result))


def test_ordering_must_be_a_permutation(tmp_path):
    text = LESSON.replace("kind: choice", "kind: order").replace("answer: 1", "answer: [0, 0, 2]")
    result = load(make(tmp_path, {"lessons/01-demo.yaml": text}))
    assert any("must be a permutation of 0..2" in m for m in messages(result))


def test_numeric_answer_shape_and_unit(tmp_path):
    text = LESSON.replace("    kind: choice\n", "    kind: numeric\n").replace(
        "    choices: [a, b, c]\n    answer: 1\n", "    answer: {value: 8.76, tolerance: 0.05, unit: parsecs}\n"
    )
    result = load(make(tmp_path, {"lessons/01-demo.yaml": text}))
    assert any("unknown unit 'parsecs'" in m for m in messages(result))


def test_every_fault_is_listed_in_one_run(tmp_path):
    make(tmp_path, {
        "lessons/01-demo.yaml": LESSON,
        "lessons/02-broken.yaml": "id: broken\n  title: : :\n",
        "lessons/03-unknown.yaml": LESSON.replace("id: demo\n", "id: other\nextra: 1\n").replace("demo-", "other-"),
        "flashcards/demo.yaml": DECK,
        "flashcards/dup.yaml": DECK.replace("deck: demo", "deck: dup"),
    })
    result = load(tmp_path)
    paths = {e.path for e in result.errors}
    assert paths == {
        os.path.join("lessons", "02-broken.yaml"),
        os.path.join("lessons", "03-unknown.yaml"),
        os.path.join("flashcards", "dup.yaml"),
    }


def test_object_constructing_tags_are_refused(tmp_path):
    evil = "id: !!python/object/apply:os.system ['echo pwned']\ntitle: x\norder: 1\nsections: []\n"
    result = load(make(tmp_path, {"lessons/01-evil.yaml": evil}))
    assert len(result.errors) == 1
    assert "is not allowed" in result.errors[0].message
    assert (result.errors[0].line, result.errors[0].col) == (1, 5)


def test_duplicate_keys_are_a_fault(tmp_path):
    result = load(make(tmp_path, {"lessons/01-demo.yaml": LESSON.replace("order: 1", "order: 1\norder: 2")}))
    assert any("duplicate key 'order'" in m for m in messages(result))


def test_cache_is_used_when_fresh_and_rebuilt_when_stale(tmp_path):
    root = make(tmp_path / "c", {"lessons/01-demo.yaml": LESSON})
    cache_dir = tmp_path / "cache"
    sources = discover(root)
    first = load_cached(sources, cache_dir, ("r",))
    assert first.course.lessons[0].title == "Demo lesson"
    path = root / "lessons" / "01-demo.yaml"
    path.write_text(LESSON.replace("Demo lesson", "Changed title"))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000))
    second = load_cached(discover(root), cache_dir, ("r",))
    assert second.course.lessons[0].title == "Changed title"


def test_corrupt_cache_is_ignored(tmp_path):
    root = make(tmp_path / "c", {"lessons/01-demo.yaml": LESSON})
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    cache_file(cache_dir, ("r",)).write_bytes(b"\x80\x04garbage that is not a pickle")
    result = load_cached(discover(root), cache_dir, ("r",))
    assert result.errors == [] and result.course.lessons[0].id == "demo"


def test_a_same_size_edit_that_keeps_the_mtime_is_not_served_from_the_cache(tmp_path):
    """Size and mtime alike (an editor or a copy that restores the time): the change time still
    differs, so the edit is seen (issue 15)."""
    root = make(tmp_path / "c", {"lessons/01-demo.yaml": LESSON})
    cache_dir = tmp_path / "cache"
    path = root / "lessons" / "01-demo.yaml"
    assert load_cached(discover(root), cache_dir, ("r",)).course.lessons[0].title == "Demo lesson"
    cached = path.stat()
    path.write_text(LESSON.replace("Demo lesson", "Demo lessoN"))
    # restore the old mtime until the change time has visibly moved on: it is kept in ticks of
    # the kernel's coarse clock, so a write in the same tick as the first one would look unchanged
    while path.stat().st_ctime_ns == cached.st_ctime_ns:
        os.utime(path, ns=(cached.st_atime_ns, cached.st_mtime_ns))
    os.utime(path, ns=(cached.st_atime_ns, cached.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (cached.st_size, cached.st_mtime_ns)
    assert load_cached(discover(root), cache_dir, ("r",)).course.lessons[0].title == "Demo lessoN"
