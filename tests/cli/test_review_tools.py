"""The review tools from the command line: --info, --suspend/--unsuspend/--unbury, --leeches,
--leech-threshold, and what `progress` lists."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from sysdesign.store import reviews
from tests.cli.test_quiz import NOW, course, db, flat, progress  # noqa: F401 (course is a fixture)
from tests.flows.test_review_tools_flow import _lapsed

CARD = "bench-lesson-1-card-00001"


@pytest.mark.usefixtures("course")
def test_info_of_an_unknown_id_suggests_close_ones(runner, app):
    result = runner.invoke(app, ["quiz", "--info", "bench-lesson-1-card-0001"])
    assert result.exit_code == 2
    assert "No card or question has the id 'bench-lesson-1-card-0001'. Did you mean: " in flat(result.output)


@pytest.mark.usefixtures("course")
def test_info_as_json(runner, app):
    runner.invoke(app, ["quiz", "--limit", "1"], input="3\n")
    result = runner.invoke(app, ["quiz", "--info", CARD, "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert (info["id"], info["state"], info["reviews"], info["history"][0]["rating"]) == (CARD, "learning", 1, "Good")


@pytest.mark.usefixtures("course")
def test_suspended_buried_and_leeches_are_listed_by_progress(runner, app, isolated_home):
    assert runner.invoke(app, ["quiz", "--suspend", CARD]).exit_code == 0
    runner.invoke(app, ["quiz", "--limit", "1"], input="b\n")  # bury the first card shown
    with db(isolated_home) as st:
        _lapsed(st, "bench-lesson-1-card-00005", 8, datetime.fromisoformat(NOW) - timedelta(days=900))
        reviews.set_flags(st, "bench-lesson-1-card-00005", "card", suspended=True, leech=True)
    report = progress(runner, app)
    assert [r["id"] for r in report["suspended"]] == [CARD, "bench-lesson-1-card-00005"]
    assert [r["id"] for r in report["buried"]] == ["bench-lesson-1-card-00002"]
    (leech,) = report["leeches"]
    assert (leech["id"], leech["lapses"], leech["suspended"]) == ("bench-lesson-1-card-00005", 8, True)
    assert leech["title"].startswith("Synthetic fact 5 of deck 1") and "Rewrite or split" in leech["hint"]
    text = flat(runner.invoke(app, ["progress"]).output)
    assert "Leeches (1): cards you keep forgetting" in text and "forgotten 8 times · suspended" in text
    assert "Suspended (1)" in text and "Buried until tomorrow (1)" in text
    # the leech alone makes up --leeches; --unsuspend brings it back and drops the tag
    shown = runner.invoke(app, ["quiz", "--leeches"], input="3\n")
    assert "Synthetic fact 5 of deck 1" in shown.output and "Reviewed 1" in shown.output
    assert runner.invoke(app, ["quiz", "--unsuspend", "bench-lesson-1-card-00005"]).exit_code == 0
    assert runner.invoke(app, ["quiz", "--unbury", "bench-lesson-1-card-00002"]).exit_code == 0
    report = progress(runner, app)
    assert (report["leeches"], report["buried"], [r["id"] for r in report["suspended"]]) == ([], [], [CARD])
    assert "No leeches: no card has been forgotten 8 times." in runner.invoke(app, ["quiz", "--leeches"]).output


@pytest.mark.usefixtures("course")
def test_the_leech_threshold_is_remembered(runner, app, isolated_home):
    assert runner.invoke(app, ["quiz", "--leech-threshold", "4", "--limit", "1"], input="q\n").exit_code == 0
    with db(isolated_home) as st:
        assert reviews.leech_threshold(st) == 4
