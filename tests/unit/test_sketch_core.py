"""The daily sketch's pure parts: reading typed lines, suggestions, Mermaid, round trips."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.core.sketch import (
    PRODUCTS,
    Sketch,
    SketchInputError,
    guess_type,
    pace,
    suggest,
    to_mermaid,
)


def sketch_with(*lines: str) -> Sketch:
    sk = Sketch("Test", "2026-11-25T12:00:00+00:00")
    for line in lines:
        sk.add_line(line)
    return sk


@pytest.mark.parametrize(("line", "name", "kind"), [
    ("Feed Service: service", "Feed Service", "service"),
    ("Posts (db)", "Posts", "database"),
    ("Jobs: consumer", "Jobs", "worker"),
    ("Edge: LB", "Edge", "load-balancer"),
    ("Redis cache", "Redis cache", "cache"),
    ("Users DB", "Users DB", "database"),
    ("Kafka", "Kafka", "queue"),
    ("Photo bucket", "Photo bucket", "storage"),
    ("iOS app", "iOS app", "client"),
    ("Ranker", "Ranker", "service"),
])
def test_components_by_type_alias_or_guess(line, name, kind):
    (comp,) = sketch_with(line).components
    assert (comp.name, comp.type) == (name, kind)


def test_connections_chain_and_fan_out_by_name_or_number():
    sk = sketch_with("A app", "B", "C", "D")
    sk.add_line("1 -> b -> C, d")
    assert sk.connections == [("A app", "B"), ("B", "C"), ("B", "D")]
    sk.add_line("C → D")
    assert sk.connections[-1] == ("C", "D")
    sk.add_line("C => D")  # the same arrow again is not recorded twice
    assert sk.connections.count(("C", "D")) == 1


@pytest.mark.parametrize(("line", "message"), [
    ("X: rocket", "'rocket' is not a building block"),
    ("B", "already a component called 'B'"),
    ("1 -> 7", "no component '7'"),
    ("A app -> A app", "cannot connect to itself"),
    ("-> B", "write a connection as 'From -> To'"),
    ("42", "a name with letters"),
    ("3.", "a name with letters"),
    ("#3: cache", "a name with letters"),
    ("²", "a name with letters"),
    ("Users, posts: database", "cannot have a comma"),
    ("² -> 1", "no component '²'"),
    ("١ -> 2", "no component '١'"),  # only 0-9 are numbers
    ("3 -> 1", "no component '3'"),
])
def test_bad_lines_say_what_to_type(line, message):
    sk = sketch_with("A app", "B")
    with pytest.raises(SketchInputError, match=message):
        sk.add_line(line)
    assert [c.name for c in sk.components] == ["A app", "B"]


def test_each_component_is_confirmed_with_its_number():
    sk = Sketch("Test", "2026-11-25T12:00:00+00:00")
    assert sk.add_line("Web app") == "1. Web app [client]"
    assert sk.add_line("Orders: db") == "2. Orders [database]"
    assert sk.numbered() == "1. Web app, 2. Orders"
    assert sk.add_line("1 -> 2") == "Web app → Orders"


def test_a_bare_number_is_a_position_and_a_name_with_digits_is_a_name():
    sk = sketch_with("answer 6", "answer 7", "Web app", "2023 logs: storage")
    assert sk.find("answer 6").name == "answer 6"
    assert sk.find("6") is None  # not 'answer 6'
    assert sk.find("4").name == "2023 logs" and sk.find("2023") is None
    assert sk.find("3.").name == sk.find("#3").name == sk.find(" 03 ").name == "Web app"
    sk.add_line("3 -> answer 6, 2")
    assert sk.connections == [("Web app", "answer 6"), ("Web app", "answer 7")]


def test_a_long_name_keeps_a_letter_once_cut_to_size():
    sk = Sketch("Test", "2026-11-25T12:00:00+00:00")
    with pytest.raises(SketchInputError, match="a name with letters"):
        sk.add_line("1" * 70 + " box")
    name = "x" * 59 + " tail"
    sk.add_line(name)
    with pytest.raises(SketchInputError, match="already a component"):
        sk.add_line(name + " but different")  # the same name once cut to 60 characters


def test_undo_takes_back_lines_in_order():
    sk = sketch_with("A app", "B", "C", "1 -> 2, 3")
    assert sk.undo() == "A app → B; A app → C"
    assert sk.connections == []
    assert sk.undo() == "3. C [service]"
    assert [c.name for c in sk.components] == ["A app", "B"]
    assert sk.undo() and sk.undo() and sk.undo() is None


def test_mermaid_escapes_labels_and_shapes_by_type():
    sk = sketch_with('The "main" <db>: database', "Web & app")
    sk.add_line("2 -> 1")
    assert to_mermaid(sk) == (
        "flowchart LR\n"
        "    %% Test: daily sketch of 2026-11-25\n"
        '    c1[("The #quot;main#quot; #lt;db#gt;<br/>database")]\n'
        '    c2(["Web #amp; app<br/>client"])\n'
        "    c2 --> c1\n"
    )


def test_suggestions_prefer_products_not_sketched_lately():
    recent = [name for name, _ in PRODUCTS[:-2]]
    picked = {suggest(random.Random(seed), recent)[0][0] for seed in range(20)}
    assert picked == {PRODUCTS[-2][0], PRODUCTS[-1][0]}
    assert len(suggest(random.Random(1), [name for name, _ in PRODUCTS], 3)) == 3  # all done: start over


def test_pace_against_the_15_to_20_minute_aim():
    assert "quicker" in pace(6) and "right in" in pace(17) and "over" in pace(31)


def test_dict_round_trip_and_damaged_rows():
    sk = sketch_with("A app", "B", "1 -> 2")
    sk.checklist["scale"] = "big"
    sk.lenses["reliability"] = {"strong": "x", "weak": "y"}
    back = Sketch.from_dict(sk.to_dict())
    assert back.to_dict() == sk.to_dict()
    broken = Sketch.from_dict({"components": [{"name": 3}, "x", {"name": "ok"}], "connections": [[1]]}, "Sys", "2026")
    assert [c.name for c in broken.components] == ["ok"] and broken.connections == [] and broken.system == "Sys"


@given(st.text(max_size=80))
def test_any_typed_line_is_recorded_or_refused_never_crashes(line):
    sk = sketch_with("A app", "B")
    try:
        sk.add_line(line)
    except SketchInputError:
        pass
    assert "\n" not in to_mermaid(sk).split("\n", 2)[1]
    assert guess_type(line) in {"client", "dns", "cdn", "load-balancer", "gateway", "service", "cache",
                                "database", "queue", "worker", "storage", "search"}
