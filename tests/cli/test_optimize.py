"""`sysdesign optimize` from the command line: fit, --json, --yes, --reset, and too few reviews."""

from __future__ import annotations

import json
import shutil

import pytest

from sysdesign.store import parameters
from sysdesign.store.store import Store
from tests.learner import review_history


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    path = tmp_path_factory.mktemp("learner") / "progress.sqlite3"
    with Store.open(path) as st:
        review_history(st)
    return path


@pytest.fixture
def learner_home(isolated_home, history, monkeypatch):
    isolated_home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(history, isolated_home / "progress.sqlite3")
    monkeypatch.setenv("SYSDESIGN_NOW", "2025-09-01T09:00:00+00:00")
    return isolated_home


def test_json_and_yes_fit_apply_and_reset(runner, app, learner_home):
    done = runner.invoke(app, ["optimize", "--yes", "--json"])
    assert done.exit_code == 0, done.output
    doc = json.loads(done.stdout)
    assert doc["applied"] and len(doc["parameters"]) == 21
    assert doc["evaluation"]["fitted"]["log_loss"] < doc["evaluation"]["default"]["log_loss"]
    assert len(doc["workload"]) == 16 and doc["least_workload_retention"] is not None
    with Store.open(learner_home / "progress.sqlite3") as st:
        assert parameters.parameters(st) == tuple(doc["parameters"])
    # the quiz names the workload of a retention it is given
    shown = runner.invoke(app, ["quiz", "--retention", "0.85", "--limit", "1", "--all"], input="q\n")
    assert "Desired retention 0.85: about" in " ".join(shown.output.split())
    undone = runner.invoke(app, ["optimize", "--reset", "--json"])
    assert undone.exit_code == 0 and json.loads(undone.stdout) == {"reset": True, "parameters": None}
    with Store.open(learner_home / "progress.sqlite3") as st:
        assert parameters.parameters(st) is None


def test_a_piped_no_keeps_the_defaults(runner, app, learner_home):
    done = runner.invoke(app, ["optimize"], input="n\n")
    assert done.exit_code == 0, done.output
    out = " ".join(done.output.split())
    assert "log loss" in out and "fitted to you" in out and "least time" in out
    assert "Schedule with these parameters from now on? [Y/n] n" in out and "not applied" in out
    with Store.open(learner_home / "progress.sqlite3") as st:
        assert parameters.parameters(st) is None


def test_too_few_reviews(runner, app, isolated_home):
    done = runner.invoke(app, ["optimize", "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout) == {"enough_reviews": False, "training_reviews": 0, "needed": 400,
                                       "applied": False}
    plain = runner.invoke(app, ["optimize"])
    assert "About 400 more" in " ".join(plain.output.split())
