"""`sysdesign mock-interview` through CliRunner: list, plan, and the terminal check."""

from __future__ import annotations

import json
import random
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sysdesign.cli.app import app

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture()
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder of our own, and content holding only the checklist and the problems."""
    content = tmp_path / "content" / "lessons"
    content.mkdir(parents=True)
    shutil.copy(REPO / "lessons" / "checklist.yaml", content / "checklist.yaml")
    shutil.copytree(REPO / "lessons" / "problems", content / "problems")
    home = tmp_path / "home"
    monkeypatch.setenv("SYSDESIGN_HOME", str(home))
    monkeypatch.setenv("SYSDESIGN_CONTENT_DIR", str(tmp_path / "content"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    return home


def invoke(*args: str, stdin: str = ""):
    return runner.invoke(app, ["mock-interview", *args], input=stdin)


def _store_interview(problem: str, score: float | None, when: str) -> None:
    from sysdesign import locations
    from sysdesign.store.interviews import record_interview
    from sysdesign.store.store import Store

    with Store.open(locations.database_path()) as st:
        record_interview(st, problem=problem, taken_at=datetime.fromisoformat(when).replace(tzinfo=timezone.utc),
                         minutes=45, transcript="/x.md", scores={"requirements": 3} if score else {},
                         self_score=score)


def test_list_shows_at_least_twelve_problems_with_difficulty(env: Path) -> None:
    result = invoke("--list")
    assert result.exit_code == 0, result.output
    for pid in ("url-shortener", "rate-limiter", "photo-sharing", "news-feed", "chat-messaging",
                "notification-system", "web-crawler", "search-typeahead", "key-value-store",
                "video-streaming", "ride-sharing", "leaderboard"):
        assert pid in result.output
    assert "easy" in result.output and "hard" in result.output


def test_list_groups_problems_by_what_they_exercise(env: Path) -> None:
    from sysdesign.content.problems import GROUPS

    rows = json.loads(invoke("--list", "--json").output)["problems"]
    groups = [r["group"] for r in rows if r["group"]]
    assert groups and all(g in GROUPS for g in groups)
    ranks = [list(GROUPS).index(g) for g in groups]
    assert ranks == sorted(ranks)  # grouped: each group's problems together, in GROUPS order
    by_id = {r["id"]: r for r in rows}
    assert by_id["url-shortener"]["group"] == "storage"
    assert by_id["url-shortener"]["group_title"] == GROUPS["storage"]
    text = invoke("--list").output
    assert GROUPS["storage"] in text and text.count(GROUPS["storage"]) == 1  # a heading, not per row


def test_list_json_carries_past_scores(env: Path) -> None:
    _store_interview("rate-limiter", 2.5, "2025-01-01T10:00:00")
    _store_interview("rate-limiter", 3.5, "2025-01-02T10:00:00")
    _store_interview("news-feed", None, "2025-01-03T10:00:00")
    result = invoke("--list", "--json")
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.output)["problems"]}
    assert len(rows) >= 12
    assert rows["rate-limiter"]["taken"] == 2
    assert rows["rate-limiter"]["last_self_score"] == 3.5 and rows["rate-limiter"]["best_self_score"] == 3.5
    assert rows["news-feed"]["taken"] == 1 and rows["news-feed"]["last_self_score"] is None
    assert rows["url-shortener"]["taken"] == 0
    assert rows["url-shortener"]["difficulty"] == "easy"
    text = invoke("--list").output
    assert "3.5" in text


def test_plan_json_gives_five_phases_with_start_and_end_minutes(env: Path) -> None:
    result = invoke("url-shortener", "--plan", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)  # nothing but the JSON on stdout
    assert doc["problem"] == "url-shortener" and doc["minutes"] == 45
    assert [(p["id"], p["start_min"], p["end_min"]) for p in doc["phases"]] == [
        ("requirements", 0, 5), ("estimation", 5, 10), ("design", 10, 15),
        ("deep-dive", 15, 35), ("scale", 35, 45)]


def test_plan_shows_the_api_data_model_and_reference_design(env: Path) -> None:
    result = invoke("url-shortener", "--plan")
    assert result.exit_code == 0, result.output
    text = result.output
    for needle in ("API", "POST /v1/links", "Data model", "Partition key: hash(code)",
                   "Reference design: A URL shortener", "Redirect service [service]", "Link cache [cache]"):
        assert needle in text, needle
    doc = json.loads(invoke("url-shortener", "--plan", "--json").output)["reference"]
    assert doc["api"][0]["call"] == "POST /v1/links" and doc["api"][0]["response"]
    assert doc["data_model"][0]["partition_key"] == "hash(code)"
    assert ["Redirect service", "Link cache"] in doc["design"]["arrows"]
    assert doc["design"]["mermaid"].startswith("flowchart LR")
    assert "reference" not in json.loads(invoke("--plan", "--json").output)  # no problem, no reference


def test_plan_scales_with_minutes_and_works_without_a_problem(env: Path) -> None:
    doc = json.loads(invoke("--plan", "--json", "--minutes", "0.5").output)
    assert doc["problem"] is None
    assert doc["phases"][-1]["end_min"] == 0.5
    assert doc["phases"][3]["minutes"] == pytest.approx(20 / 90, abs=1e-4)


def test_plan_for_people_shows_the_phases(env: Path) -> None:
    result = invoke("rate-limiter", "--plan", "-m", "20")
    assert result.exit_code == 0, result.output
    for text in ("Requirements", "Estimation", "High-level design", "Deep dive", "Scale & edge cases",
                 "20:00", "rate limiter"):
        assert text in result.output


def test_the_timed_interview_needs_a_terminal(env: Path) -> None:
    result = invoke("url-shortener", stdin="hello\n")
    assert result.exit_code == 2
    assert "needs a terminal" in result.output
    assert "--plan" in result.output
    assert "Traceback" not in result.output


def test_unknown_problem_names_the_known_ones(env: Path) -> None:
    result = invoke("no-such-thing", "--plan")
    assert result.exit_code == 2
    assert "No interview problem 'no-such-thing'" in result.output
    assert "url-shortener" in result.output and "--list" in result.output


@pytest.mark.parametrize("minutes", ["0", "-3", "1000"])
def test_minutes_out_of_range_are_refused(env: Path, minutes: str) -> None:
    result = invoke("--plan", "--minutes", minutes)
    assert result.exit_code == 2
    assert "--minutes" in result.output


def test_json_needs_plan_or_list(env: Path) -> None:
    result = invoke("--json")
    assert result.exit_code == 2 and "--plan" in result.output


def test_help_has_examples_and_keys(env: Path) -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    assert "Examples" in result.output and "Ctrl-N" in result.output


def test_random_pick_prefers_problems_not_yet_done(env: Path) -> None:
    from sysdesign.cli.common import course, store
    from sysdesign.flows.interview import pick_problem

    c = course()
    problems = sorted(c.problems, key=lambda p: p.id)
    ids = [p.id for p in problems]
    for n, pid in enumerate(ids[:-1]):
        _store_interview(pid, 3.0, f"2025-01-{n + 1:02d}T10:00:00")
    with store() as st:
        picks = {pick_problem(problems, st, random.Random(seed)).id for seed in range(10)}
        assert picks == {ids[-1]}
        _store_interview(ids[-1], 3.0, "2025-02-01T10:00:00")
        # all done: the one taken longest ago
        assert pick_problem(problems, st, random.Random(1)).id == ids[0]


def test_a_first_interview_is_an_easy_problem(env: Path) -> None:
    from sysdesign.cli.common import course, store
    from sysdesign.flows.interview import pick_problem

    c = course()
    problems = sorted(c.problems, key=lambda p: p.id)
    assert {p.difficulty for p in problems} > {"easy"}
    with store() as st:
        picks = {pick_problem(problems, st, random.Random(seed)).difficulty for seed in range(30)}
    assert picks == {"easy"}
