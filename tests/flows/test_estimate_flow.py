"""Estimation rounds and drills through the one `play` loop, with scripted answers and a
temporary store: every answer is saved as it is given, and the document is the same shape."""

from __future__ import annotations

import io

from sysdesign.core.report import calibration
from sysdesign.env import Environment
from sysdesign.flows import estimate as flow
from sysdesign.store.estimates import rounds


def scripted(tmp_path, clock, lines: str, seed: int | None = 7) -> Environment:
    return Environment(stdin=io.StringIO(lines), stdout=io.StringIO(), interactive=False, interactive_stderr=False,
                       typed_input=False, dumb=False, plain=True, data_dir=tmp_path, content_dir=tmp_path,
                       now=clock, seed=seed, width=80)


def test_a_scenario_round_saves_as_it_goes_and_reports_every_step(tmp_path, course, store, clock, capsys):
    env = scripted(tmp_path, clock, "s\n")  # skip the first step, then end of input
    drawn = flow.draw(env, course, "url", example=True)
    played = flow.play(env, store, flow.scenario_round(drawn), json_=False)
    doc = played.document
    assert doc["scenario"] == drawn.family.id and doc["example"] is True and doc["seed"] is None
    assert len(doc["steps"]) == len(drawn.family.asked)
    assert doc["steps"][0]["grade"] == "skipped" and doc["complete"] is False and doc["answered"] == 1
    assert "End of input" in capsys.readouterr().out


def test_a_right_answer_is_graded_and_the_attempt_is_stored(tmp_path, course, store, clock):
    drawn = flow.draw(scripted(tmp_path, clock, ""), course, "url", example=True)
    first = next(w for w in drawn.workings if w.step.ask)
    from sysdesign.core.quantity import format_quantity

    env = scripted(tmp_path, clock, format_quantity(first.value, first.step.unit) + "\n")
    played = flow.play(env, store, flow.scenario_round(drawn), json_=True)
    assert played.document["steps"][0]["grade"] == "spot on"
    assert played.document["answered"] == 1
    assert played.document["counted"] is False  # one step of nine: kept, not counted
    assert calibration(rounds(store)) == []


def test_a_drill_runs_through_the_same_loop_with_its_own_keys(tmp_path, course, store, clock, capsys):
    env = scripted(tmp_path, clock, "q\n", seed=3)
    played = flow.play(env, store, flow.drill_round(env, course, "nines", 2), json_=False)
    doc = played.document
    assert list(doc)[:3] == ["drill", "seed", "questions"] and doc["drill"] == "nines" and doc["seed"] == 3
    assert [q["grade"] for q in doc["questions"]] == ["unanswered", "unanswered"]
    assert "--drill nines --seed 3 --count 2" in capsys.readouterr().out


def test_an_unknown_family_or_drill_is_refused_with_the_known_ones(tmp_path, course, clock):
    import pytest

    from sysdesign.flows import Refused

    env = scripted(tmp_path, clock, "")
    with pytest.raises(Refused, match="The drills are"):
        flow.drill_round(env, course, "nope", 2)
    with pytest.raises(Refused, match="The families are"):
        flow.draw(env, course, "zzz-none", example=True)


def test_ranges_go_through_the_same_loop_and_are_saved_with_the_attempt(tmp_path, course, store, clock, capsys):
    from sysdesign.core.calibration import range_calibration
    from sysdesign.store.estimates import rounds

    drawn = flow.draw(scripted(tmp_path, clock, ""), course, "photo-sharing", example=True)
    env = scripted(tmp_path, clock, "23k\n20k-50k\n1k to 2k\n")  # a point is refused: ranges are asked for
    played = flow.play(env, store, flow.scenario_round(drawn, flow.Options(intervals=True)), json_=True)
    doc = played.document
    assert [s["grade"] for s in doc["steps"][:2]] == ["range held", "range missed"]
    assert doc["ranges"]["ranges"] == 2 and doc["ranges"]["held"] == 1
    assert doc["family_ranges"] == range_calibration(rounds(store, "photo-sharing"))["families"][0]
    assert "asks for a 90 % range" in capsys.readouterr().err.replace("\u00a0", " ")


def test_a_drill_takes_ranges_too(tmp_path, course, store, clock):
    env = scripted(tmp_path, clock, "1 ns-1 s\n", seed=3)
    played = flow.play(env, store, flow.drill_round(env, course, "latency", 1, flow.Options(intervals=True)), json_=True)
    (question,) = played.document["questions"]
    assert question["grade"] == "range held" and question["interval"]["hit"] is True
