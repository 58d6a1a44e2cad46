"""Every --json document has exactly the keys of its TypedDict in core.documents (the README's
scripting contract): a key added to a document without adding it to its type, or a key of
the contract that goes missing, fails here."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from sysdesign.core import documents as docs
from sysdesign.store.interviews import record_interview
from sysdesign.store.store import Store
from tests.bench.generate import write_content


def conforms(document: dict, shape: type) -> None:
    required, optional = shape.__required_keys__, shape.__optional_keys__
    assert required <= document.keys(), f"{shape.__name__} lacks {sorted(required - document.keys())}"
    assert document.keys() <= required | optional, f"{shape.__name__}: undeclared {sorted(document.keys() - required - optional)}"


def test_progress(runner, app, isolated_home):
    assert runner.invoke(app, ["estimate", "--scenario", "photo-sharing", "--example"], input="23k\n").exit_code == 0
    with Store.open(isolated_home / "progress.sqlite3") as st:
        record_interview(st, problem="url-shortener", taken_at=datetime(2025, 3, 1, tzinfo=timezone.utc), minutes=45,
                         transcript=None, scores={"requirements": 3}, self_score=3.0)
    report = json.loads(runner.invoke(app, ["progress", "--json"]).stdout)
    conforms(report, docs.ProgressDocument)
    conforms(report["lessons"][0], docs.LessonProgress)
    conforms(report["estimates"][0], docs.EstimateRound)
    conforms(report["interviews"][0], docs.InterviewRecord)


def test_quiz(runner, app, tmp_path, monkeypatch):
    write_content(tmp_path / "content", cards=5, lessons=1)
    monkeypatch.setenv("SYSDESIGN_CONTENT_DIR", str(tmp_path / "content"))
    result = runner.invoke(app, ["quiz", "--all", "--limit", "2", "--json"], input="3\n3\n")
    conforms(json.loads(result.stdout), docs.QuizSummary)


def test_estimate_round_and_drill(runner, app):
    result = runner.invoke(app, ["estimate", "--scenario", "photo-sharing", "--example", "--json"], input="23k\n")
    document = json.loads(result.stdout)
    conforms(document, docs.EstimateDocument)
    for step in document["steps"]:
        conforms(step, docs.GradedStep)
    drill = json.loads(runner.invoke(app, ["estimate", "--drill", "nines", "-n", "2", "--seed", "1", "--json"],
                                     input="1\n").stdout)
    conforms(drill, docs.EstimateDocument)
    conforms(drill["questions"][0], docs.GradedStep)


def test_interview_plan(runner, app):
    for args in (["--plan"], ["url-shortener", "--plan"]):
        document = json.loads(runner.invoke(app, ["mock-interview", *args, "--json"]).stdout)
        conforms(document, docs.PlanDocument)
        conforms(document["phases"][0], docs.PlannedPhaseRow)
