"""Exports, pure: stable ids, filters, deck names, CSV cells that cannot run as formulas."""

from __future__ import annotations

import genanki
import pytest

from sysdesign.content.model import Card, Course, Deck, Lesson, Section, Where
from sysdesign.core.export import (
    CSV_COLUMNS,
    ExportError,
    anki_deck_for,
    anki_deck_names,
    anki_package,
    csv_rows,
    neutralise,
    select_cards,
    stable_id,
)
from sysdesign.ui.console import clean

W = Where("x.yaml", 1, 1)


def course() -> Course:
    lessons = (
        Lesson("alpha", "Alpha: the :: first", 1, "", (Section("a-s", "S", "B", ()),), (), W),
        Lesson("beta", "Beta", 2, "", (Section("b-s", "S", "B", ()),), (), W),
    )
    a = tuple(Card(f"a{i}", f"front a{i}", f"back a{i}", ("x",) if i else ("x", "y"), "alpha-deck", "alpha", W)
              for i in range(3))
    b = (Card("b0", "=1+1", "-2", ("y",), "beta", "beta", W),)
    own = (Card("o0", "own\x1b[31m red", "back", (), "mine", None, W),)
    return Course(lessons=lessons, decks=(
        Deck("mine", "My own deck", None, own, True, W),
        Deck("beta", "Beta deck", "beta", b, False, W),
        Deck("alpha-deck", "Alpha deck", "alpha", a, False, W),
    ))


def test_stable_ids_are_deterministic_and_in_ankis_range():
    assert stable_id("lesson:alpha") == stable_id("lesson:alpha")
    assert stable_id("lesson:alpha") != stable_id("lesson:beta")
    for key in ("x", "lesson:alpha", "model:sysdesign card:v1", "é" * 100):
        assert (1 << 30) <= stable_id(key) < (1 << 31)
    # pinned: changing the derivation would duplicate every note users already imported
    assert stable_id("lesson:building-blocks") == 1678628410


def test_filters_by_deck_lesson_and_tag_in_course_order():
    c = course()
    assert [x.id for x in select_cards(c)] == ["a0", "a1", "a2", "b0", "o0"]
    assert [x.id for x in select_cards(c, decks=["alpha-deck"])] == ["a0", "a1", "a2"]
    assert [x.id for x in select_cards(c, decks=["alpha"])] == ["a0", "a1", "a2"]  # a lesson id works too
    assert [x.id for x in select_cards(c, tags=["Y"])] == ["a0", "b0"]
    assert [x.id for x in select_cards(c, decks=["alpha-deck"], tags=["y"])] == ["a0"]
    with pytest.raises(ExportError, match="No deck 'nope'. The decks are: alpha-deck, beta, mine"):
        select_cards(c, decks=["nope"])
    with pytest.raises(ExportError, match="No cards match tag zzz"):
        select_cards(c, tags=["zzz"])


def test_one_anki_deck_per_lesson_under_the_parent_and_own_decks_by_title():
    c = course()
    assert anki_deck_for(c, c.decks[2], clean).name == "sysdesign::Alpha: the : first"
    assert anki_deck_for(c, c.decks[2], clean).key == "lesson:alpha"
    assert anki_deck_for(c, c.decks[0], clean).name == "sysdesign::My own deck"
    assert anki_deck_names(c, select_cards(c), clean) == {
        "sysdesign::Alpha: the : first": 3, "sysdesign::Beta": 1, "sysdesign::My own deck": 1}


def test_the_package_carries_stable_guids_fields_and_tags():
    c = course()
    package = anki_package(c, select_cards(c), clean)
    decks = {d.name: d for d in package.decks}
    assert set(decks) == {"sysdesign", "sysdesign::Alpha: the : first", "sysdesign::Beta", "sysdesign::My own deck"}
    assert decks["sysdesign::Beta"].deck_id == stable_id("lesson:beta")
    notes = {n.fields[3]: n for d in package.decks for n in d.notes}
    assert notes["a0"].guid == genanki.guid_for("a0")
    assert notes["a0"].fields[:3] == ["front a0", "back a0", "alpha"]
    assert list(notes["a0"].tags) == ["x", "y"]
    assert notes["o0"].fields[0] == "own red"  # the escape sequence is gone
    assert notes["o0"].fields[2] == "mine"  # an own deck: its deck id stands in for the lesson
    model = notes["a0"].model
    assert model.model_id == stable_id("model:sysdesign card:v1")
    assert [f["name"] for f in model.fields] == ["Front", "Back", "Lesson", "CardId"]


def test_html_in_content_is_escaped_for_anki():
    c = Course(lessons=(), decks=(Deck("d", "D", None, (Card("h", "a < b & c", "line 1\nline 2", (), "d", None, W),), True, W),))
    (note,) = [n for d in anki_package(c, select_cards(c), clean).decks for n in d.notes]
    assert note.fields[:2] == ["a &lt; b &amp; c", "line 1<br>line 2"]


@pytest.mark.parametrize(("cell", "safe"), [
    ("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-1", "'-1"), ("@cmd", "'@cmd"), ("\t=x", "'\t=x"),
    ("plain", "plain"), ("a=b", "a=b"), ("", ""),
])
def test_spreadsheet_formulas_are_neutralised(cell, safe):
    assert neutralise(cell) == safe


def test_csv_rows_hold_schedule_and_are_safe():
    c = course()
    rows = csv_rows(c, select_cards(c), {"a1": ("2026-12-01T10:00:00+00:00", 3.14159)}, clean)
    assert rows[0] == list(CSV_COLUMNS)
    by_front = {r[0]: r for r in rows[1:]}
    assert by_front["front a1"] == ["front a1", "back a1", "Alpha deck", "x", "2026-12-01T10:00:00+00:00", "3.14"]
    assert by_front["front a0"][3:] == ["x y", "", ""]
    assert by_front["'=1+1"][1] == "'-2"
    assert by_front["own red"][2] == "My own deck"
