"""The interview problem bank: schema, faults with positions, and the shipped problems."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.content.fields import FileCtx
from sysdesign.content.loader import Source, load_sources
from sysdesign.content.model import Course
from sysdesign.content.problems import cross_check_problems, parse_problem
from sysdesign.content.yamlsrc import parse_yaml
from sysdesign.core.interview import PHASE_IDS

REPO = Path(__file__).resolve().parents[2]
PROBLEMS = REPO / "lessons" / "problems"
REQUIRED = {"url-shortener", "rate-limiter", "photo-sharing", "news-feed", "chat-messaging",
            "notification-system", "web-crawler", "search-typeahead", "key-value-store",
            "video-streaming", "ride-sharing", "leaderboard"}
SCENARIO_FAMILIES = {"photo-sharing", "url-shortener", "chat-messaging", "news-feed", "video-streaming",
                     "ride-sharing-locations", "web-crawler", "search-typeahead", "metrics-ingestion",
                     "notification-fanout", "key-value-store", "leaderboard", "file-sync", "payments",
                     "rate-limiter"}


def shipped():
    result = load_sources([Source(p, "problem") for p in sorted(PROBLEMS.glob("*.yaml"))])
    return result


def test_the_shipped_problems_validate() -> None:
    result = shipped()
    assert result.errors == []
    ids = {p.id for p in result.course.problems}
    assert len(ids) >= 12 and ids >= REQUIRED


@pytest.mark.parametrize("problem", shipped().course.problems, ids=lambda p: p.id)
def test_each_problem_is_complete(problem) -> None:
    assert problem.difficulty in ("easy", "medium", "hard")
    assert len(problem.hints) == 3
    assert len(problem.followups) == len(PHASE_IDS) and all(problem.followups)
    assert {r.id for r in problem.rubric} >= {"requirements", "estimates", "high-level-design", "trade-offs",
                                              "failure-handling", "communication"}
    assert problem.scenario in SCENARIO_FAMILIES
    assert len(problem.components) >= 3 and len(problem.deep_dives) >= 2
    assert problem.solution.strip()
    assert Path(problem.where.path).stem == problem.id  # file named after the id


def test_the_url_shortener_follows_the_walkthrough() -> None:
    p = next(p for p in shipped().course.problems if p.id == "url-shortener")
    text = yaml.safe_dump(yaml.safe_load((PROBLEMS / "url-shortener.yaml").read_text())).lower()
    for needle in ("301", "302", "90 %", "cache-aside", "redis", "read replicas", "replication lag",
                   "stateless", "load balancer"):
        assert needle in text, needle
    assert p.difficulty == "easy"


def test_the_rate_limiter_follows_the_source() -> None:
    text = (PROBLEMS / "rate-limiter.yaml").read_text().lower()
    for needle in ("token bucket", "1 ms", "100,000", "eventually consistent", "single point of failure",
                   "redis cluster", "local in-memory counters", "periodic"):
        assert needle in text, needle


def test_problems_are_in_our_own_words() -> None:
    tool = REPO.parent / "shared" / "tools" / "seed_overlap.py"
    if not tool.exists():
        pytest.skip("the seed-overlap tool is not beside the repository")
    done = subprocess.run([sys.executable, str(tool), str(PROBLEMS)], capture_output=True, text=True, timeout=60)
    assert "overlap: 0 runs" in done.stdout, done.stdout


GOOD = (PROBLEMS / "url-shortener.yaml").read_text(encoding="utf-8")


def parse(text: str):
    ctx = FileCtx("p.yaml")
    return parse_problem(ctx, parse_yaml(text, "p.yaml")), [str(e) for e in ctx.errors]


def test_the_good_file_parses_cleanly() -> None:
    problem, errors = parse(GOOD)
    assert errors == [] and problem.id == "url-shortener"
    assert problem.followups[0][0].startswith("Do short links ever expire")


@pytest.mark.parametrize(("old", "new", "message"), [
    ("difficulty: easy", "difficulty: trivial", "p.yaml:3:13: difficulty 'trivial' is not one of: easy, medium, hard"),
    ("tags: [caching", "colour: blue\ntags: [caching", "p.yaml:4:1: unknown key 'colour' in the problem"),
    ("  - \"Put a load balancer", "  - \"A fourth hint.\"\n  - \"Put a load balancer",
     "a problem has exactly 3 hints (gentle to specific), found 4"),
    ("  scale:\n    - \"What happens when the cache node dies?\"\n", "",
     "the follow-ups (one list per phase) is missing required key 'scale'"),
    ("  estimation:\n    - \"How long", "  estimation: []\n  x:\n    - \"How long",
     "phase 'estimation' needs 1 to 5 follow-ups, found 0"),
    ("  - id: estimates", "  - id: requirements", "duplicate rubric criterion 'requirements'"),
    ("  scenario: url-shortener", "  scenario: Not An Id", "'scenario' 'Not An Id' must be lowercase"),
])
def test_faults_are_reported_with_positions(old: str, new: str, message: str) -> None:
    assert old in GOOD
    _, errors = parse(GOOD.replace(old, new, 1))
    assert any(message in e for e in errors), errors


def test_a_non_mapping_file_is_a_fault_not_a_crash() -> None:
    problem, errors = parse("- just\n- a list\n")
    assert problem is None and errors


@dataclass(frozen=True)
class _Scenario:
    id: str


def test_cross_check_duplicates_and_scenario_links() -> None:
    problem, _ = parse(GOOD)
    course = Course(problems=(problem, problem))
    errors = [str(e) for e in cross_check_problems(course)]
    assert any("duplicate problem id 'url-shortener'" in e for e in errors)
    assert not any("scenario" in e for e in errors)  # no scenarios loaded: links are not checked
    course = Course(problems=(problem,), scenarios=(_Scenario("photo-sharing"),))
    errors = [str(e) for e in cross_check_problems(course)]
    assert errors and "links estimation scenario 'url-shortener', which does not exist" in errors[0]
    line = GOOD.splitlines().index("  scenario: url-shortener") + 1
    assert errors[0].startswith(f"p.yaml:{line}:13:")  # points at the scenario value
    course = Course(problems=(problem,), scenarios=(_Scenario("url-shortener"),))
    assert cross_check_problems(course) == []


def test_links_resolve_against_the_estimation_scenarios_when_they_exist() -> None:
    folder = REPO / "lessons" / "estimates"
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        pytest.skip("no estimation scenarios yet")
    sources = [Source(p, "scenario") for p in files] + [Source(p, "problem") for p in sorted(PROBLEMS.glob("*.yaml"))]
    result = load_sources(sources)
    link_errors = [str(e) for e in result.errors if "links estimation scenario" in e.message]
    assert link_errors == []


@settings(max_examples=60, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(
                        st.sampled_from(["id", "title", "hints", "rubric", "followups", "estimate",
                                         "requirements", "components", "x"]), kids, max_size=5),
                    max_leaves=20))
def test_arbitrary_documents_never_crash_the_parser(doc) -> None:
    text = yaml.safe_dump(doc)
    try:
        tree = parse_yaml(text, "p.yaml")
    except Exception:
        return
    ctx = FileCtx("p.yaml")
    parse_problem(ctx, tree)  # faults are collected, never raised
