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
from sysdesign.content.loader import Source, discover, load_sources
from sysdesign.content.model import Course
from sysdesign.content.problems import (
    GROUPS,
    cross_check_problems,
    design_mermaid,
    interview_openings,
    parse_problem,
)
from sysdesign.content.yamlsrc import parse_yaml
from sysdesign.core import estimate as est
from sysdesign.core.interview import PHASE_IDS
from sysdesign.core.sketch import Sketch

REPO = Path(__file__).resolve().parents[2]
PROBLEMS = REPO / "lessons" / "problems"
REQUIRED = {"url-shortener", "rate-limiter", "photo-sharing", "news-feed", "chat-messaging",
            "notification-system", "web-crawler", "search-typeahead", "key-value-store",
            "video-streaming", "ride-sharing", "leaderboard"}
SCENARIO_FAMILIES = {"photo-sharing", "url-shortener", "chat-messaging", "news-feed", "video-streaming",
                     "ride-sharing-locations", "web-crawler", "search-typeahead", "metrics-ingestion",
                     "notification-fanout", "key-value-store", "leaderboard", "file-sync", "payments",
                     "rate-limiter", "message-queue", "object-storage",
                     "distributed-cache", "post-search"}
SCENARIO_FAMILIES |= {"proximity-search", "maps-routing", "top-k-trending",
                      "ad-click-aggregation", "collaborative-editing",
                      "live-comments"}
SCENARIO_FAMILIES |= {"ticket-booking", "hotel-reservation", "unique-id-generator",
                      "stock-exchange", "job-scheduler"}


def shipped():
    result = load_sources([Source(p, "problem") for p in sorted(PROBLEMS.glob("*.yaml"))])
    return result


def everything():
    """Problems with the scenarios and lessons they link to, as the program loads them."""
    return load_sources(discover(REPO))


def v2_problems():
    return list(everything().course.problems)


def test_the_shipped_problems_validate() -> None:
    result = shipped()
    assert result.errors == []
    ids = {p.id for p in result.course.problems}
    assert len(ids) >= 12 and ids >= REQUIRED
    assert everything().errors == []


def test_the_problems_spread_over_groups_and_difficulties() -> None:
    problems = everything().course.problems
    assert len({p.group for p in problems}) >= 6
    assert {p.difficulty for p in problems} == {"easy", "medium", "hard"}


@pytest.mark.parametrize("problem", v2_problems(), ids=lambda p: p.id)
def test_each_problem_is_complete(problem) -> None:
    assert problem.difficulty in ("easy", "medium", "hard")
    assert problem.group in GROUPS
    assert len(problem.hints) == 3
    assert len(problem.followups) == len(PHASE_IDS) and all(problem.followups)
    assert {r.id for r in problem.rubric} >= {"requirements", "estimates", "high-level-design", "trade-offs",
                                              "failure-handling", "communication"}
    assert all(all(r.anchors) for r in problem.rubric)  # anchors for 1, 2, 3 and 4
    assert problem.scenario in SCENARIO_FAMILIES and problem.scenario_ref is not None
    assert len(problem.components) >= 3 and 2 <= len(problem.deep_dives) <= 4
    assert len(problem.api) >= 2 and problem.data_model and len(problem.curveballs) >= 2
    assert set(problem.levels) == {"mid", "senior", "staff"}
    assert len(problem.key_points) >= 8 and {k.phase for k in problem.key_points} == set(PHASE_IDS)
    assert all(len(k.phrases) >= 3 for k in problem.key_points)  # generous synonyms
    assert 600 <= len(problem.solution.split()) <= 1200
    assert problem.lessons
    assert Path(problem.where.path).stem == problem.id  # file named after the id


@pytest.mark.parametrize("problem", v2_problems(), ids=lambda p: p.id)
def test_estimate_numbers_equal_the_scenario_example(problem) -> None:
    """Recompute every step at the scenario's example values; each quoted number must agree."""
    scenario = problem.scenario_ref
    values = est.step_values(scenario, est.example_params(scenario))
    units = {s.id: s.unit for s in scenario.steps}
    assert {n.step for n in problem.estimate_numbers} == set(units)  # every step drives something
    for number in problem.estimate_numbers:
        quantity, _ = est.read_answer(number.value, units[number.step])
        assert quantity.value == pytest.approx(values[number.step], rel=0.05), (number.step, number.value)
        assert number.value in problem.solution  # the solution uses these very numbers
        assert number.drives.strip()


@pytest.mark.parametrize("problem", v2_problems(), ids=lambda p: p.id)
def test_the_design_parses_with_the_sketch_parser_and_renders_as_mermaid(problem) -> None:
    sketch = Sketch(system=problem.title, started_at="")
    names = {c.name for c in problem.design.components}
    for comp in problem.design.components:  # replay it as a learner would type it
        sketch.add_line(f"{comp.name}: {comp.type}")
    for a, b in problem.design.arrows:
        assert a in names and b in names
        sketch.add_line(f"{a} -> {b}")
    assert sketch.connections == list(problem.design.arrows)
    text = design_mermaid(problem)
    assert text.startswith("flowchart LR\n")
    assert text.count(" --> ") == len(problem.design.arrows)
    assert all(f"c{i}" in text for i in range(1, len(names) + 1))
    assert "reference design" in text


def test_the_url_shortener_follows_the_walkthrough() -> None:
    p = next(p for p in everything().course.problems if p.id == "url-shortener")
    text = yaml.safe_dump(yaml.safe_load((PROBLEMS / "url-shortener.yaml").read_text())).lower()
    for needle in ("301", "302", "100 redirects for every link", "cache-aside", "redis", "replica",
                   "stateless", "load balancer", "7 characters", "182 tb"):
        assert needle in text, needle
    assert p.difficulty == "easy" and p.group == "storage"
    # issue 14, items 13 and 14: its numbers are the scenario's, and they justify the cache
    assert "9:1" not in text and "five years" not in text


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


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_the_good_file_parses_cleanly() -> None:
    problem, errors = parse(GOOD)
    assert errors == [] and problem.id == "url-shortener"
    assert problem.followups[0][0].startswith("Do short links ever expire")
    assert problem.follow_ups[2][1].when == ("database", "key-value store", "cassandra", "dynamo", "sql")
    assert ("Load balancer", "Shorten service") in problem.design.arrows
    assert problem.design.components[1].type == "load-balancer"
    assert problem.rubric[0].two.startswith("Asked about some features")
    assert [k.level for k in problem.key_points].count("staff") == 1


@pytest.mark.parametrize(("old", "new", "message"), [
    ("difficulty: easy", "difficulty: trivial", "p.yaml:3:13: difficulty 'trivial' is not one of: easy, medium, hard"),
    ("group: storage", "group: misc", "p.yaml:4:8: group 'misc' is not one of: storage, social"),
    ("tags: [caching", "colour: blue\ntags: [caching", "p.yaml:5:1: unknown key 'colour' in the problem"),
    ("  - \"Stateless servers behind", "  - \"A fourth hint.\"\n  - \"Stateless servers behind",
     "a problem has exactly 3 hints (gentle to specific), found 4"),
    ("  scale:\n    - {ask: \"What happens when a cache node dies?\"",
     "  x:\n    - {ask: \"What happens when a cache node dies?\"", "unknown key 'x' in the follow-ups"),
    ("  scale:\n    - {ask: \"What happens when a cache node dies?\"",
     "  x:\n    - {ask: \"What happens when a cache node dies?\"",
     "the follow-ups (one list per phase) is missing required key 'scale'"),
    ("  - id: estimates", "  - id: requirements", "duplicate rubric criterion 'requirements'"),
    ("  scenario: url-shortener", "  scenario: Not An Id", "'scenario' 'Not An Id' must be lowercase"),
    ("    - sketch: \"Code allocator: service\"", "    - sketch: \"Code allocator: spaceship\"",
     "design component 'Code allocator: spaceship': 'spaceship' is not a building block"),
    ("    - \"Shorten service -> Code allocator\"", "    - \"Shorten service -> Allocator\"",
     "arrow 'Shorten service -> Allocator': no component 'Allocator'"),
    ("    - \"Shorten service -> Code allocator\"\n", "",
     "design component 'Code allocator' has no arrow to or from it"),
    ("    phase: estimation\n    point: \"About 116k", "    phase: whiteboard\n    point: \"About 116k",
     "phase 'whiteboard' is not one of: requirements, estimation, design, deep-dive, scale"),
    ("    weight: 3\n", "    weight: 7\n", "weight 7 is not 1 to 3"),
    ("    level: staff\n", "    level: principal\n", "level 'principal' is not one of: mid, senior, staff"),
    ("  - id: read-heavy", "  - id: read-heavy\n    colour: red", "unknown key 'colour' in a key point"),
    ("    three: \"Pinned down shorten, redirect", "    tree: \"Pinned down shorten, redirect",
     "a rubric criterion is missing required key 'three'"),
    ("  mid:\n    - \"Gets shorten", "  junior:\n    - \"Gets shorten", "unknown key 'junior' in the levels"),
    ("      value: \"1,157 rps\"", "      value: \"1,999 rps\"",
     "the solution never quotes '1,999 rps' (step 'write_qps')"),
    ("solution: |\n", "solution: |\n  Too short.\nx: |\n", "unknown key 'x' in the problem"),
    ("  - \"Owners can delete a link", "  - \"Owners can delete a link",
     ""),  # a no-op: the good file stays clean (guards the table's own premise)
])
def test_faults_are_reported_with_positions(old: str, new: str, message: str) -> None:
    assert old in GOOD
    _, errors = parse(GOOD.replace(old, new, 1))
    if not message:
        assert errors == []
        return
    assert any(message in e for e in errors), errors


def test_fault_positions_point_at_the_value() -> None:
    bad = GOOD.replace("      value: \"1,157 rps\"", "      value: \"1,999 rps\"", 1)
    _, errors = parse(bad)
    line = line_of(bad, "value: \"1,999 rps\"")
    assert f"p.yaml:{line}:14: the solution never quotes '1,999 rps'" in "\n".join(errors)
    bad = GOOD.replace("    - \"Shorten service -> Code allocator\"", "    - \"Shorten service -> Nowhere\"", 1)
    _, errors = parse(bad)
    assert any(e.startswith(f"p.yaml:{line_of(bad, 'Shorten service -> Nowhere')}:7: arrow") for e in errors), errors


def test_a_short_solution_is_a_fault() -> None:
    start = GOOD.index("solution: |")
    _, errors = parse(GOOD[:start] + "solution: |\n  **Scope.** Short. 1,157 rps 116k rps.\n")
    assert any("a reference design has 600 to 1,200" in e for e in errors), errors


def test_v1_keys_say_what_v2_calls_them() -> None:
    bad = GOOD.replace("api:\n", "components: []\napi:\n", 1)
    _, errors = parse(bad)
    assert any(f"p.yaml:{line_of(bad, 'components: []')}:1: 'components' is problem format v1" in e
               for e in errors), errors


def test_non_functional_requirements_need_numbers() -> None:
    start, end = GOOD.index("  non_functional:\n"), GOOD.index("clarifying_questions:")
    bad = GOOD[:start] + "  non_functional:\n    - \"Fast.\"\n    - \"Always up.\"\n\n" + GOOD[end:]
    _, errors = parse(bad)
    assert any("non-functional requirements need numbers" in e for e in errors), errors


def test_key_points_cover_every_phase() -> None:
    bad = GOOD.replace("    phase: scale\n", "    phase: design\n")
    _, errors = parse(bad)
    assert any("no key point for phase(s) scale" in e for e in errors), errors


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


def _with_scenario(text: str, scenario_text: str | None = None):
    """Load one problem text with the real url-shortener scenario (or a changed copy)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "p.yaml").write_text(text, encoding="utf-8")
        (folder / "s.yaml").write_text(scenario_text or (REPO / "lessons/estimates/url-shortener.yaml").read_text(),
                                       encoding="utf-8")
        result = load_sources([Source(folder / "s.yaml", "scenario"), Source(folder / "p.yaml", "problem")],
                              base=folder)
    return [str(e) for e in result.errors]


def test_a_number_that_disagrees_with_the_scenario_is_a_fault_at_its_value() -> None:
    assert _with_scenario(GOOD) == []
    bad = GOOD.replace("value: \"116k rps\"", "value: \"11.6k rps\"").replace("average 116k rps", "average 11.6k rps")
    errors = _with_scenario(bad)
    line = line_of(bad, "value: \"11.6k rps\"")
    assert errors == [f"p.yaml:{line}:14: '11.6k rps' is not the scenario's example for step 'read_qps': "
                      "url-shortener gives 115,741 rps"], errors


def test_a_scenario_step_left_out_or_unknown_is_a_fault() -> None:
    scenario = (REPO / "lessons/estimates/url-shortener.yaml").read_text()
    extra = scenario + "  - id: extra_step\n    name: Extra\n    unit: rps\n    formula: read_qps\n"
    errors = _with_scenario(GOOD, extra)
    assert any("leaves out step(s) extra_step of scenario 'url-shortener'" in e for e in errors), errors
    bad = GOOD.replace("    - step: egress", "    - step: egress_total")
    errors = _with_scenario(bad)
    assert any("scenario 'url-shortener' has no step 'egress_total'" in e for e in errors), errors


def test_lessons_must_exist() -> None:
    problem, _ = parse(GOOD.replace("lessons: [url-shortener,", "lessons: [no-such-lesson,"))
    lesson = everything().course.lessons[0]
    errors = [str(e) for e in cross_check_problems(Course(lessons=(lesson,), problems=(problem,)))]
    assert any("builds on lesson 'no-such-lesson', which does not exist" in e for e in errors), errors


def test_links_resolve_against_the_estimation_scenarios_when_they_exist() -> None:
    folder = REPO / "lessons" / "estimates"
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        pytest.skip("no estimation scenarios yet")
    sources = [Source(p, "scenario") for p in files] + [Source(p, "problem") for p in sorted(PROBLEMS.glob("*.yaml"))]
    result = load_sources(sources)
    link_errors = [str(e) for e in result.errors if "links estimation scenario" in e.message]
    assert link_errors == []


def test_the_reference_markdown_has_every_part() -> None:
    p = next(p for p in everything().course.problems if p.id == "url-shortener")
    text = p.reference_markdown()
    for heading in ("### Requirements", "### Questions to ask first", "### The numbers", "### API",
                    "### Data model", "### Reference design", "```mermaid", "### Deep dives",
                    "### Curveballs", "### What each level shows", "### Reference solution"):
        assert heading in text, heading
    assert "A link-shortening service creates 100 million short links a day" in text  # the story
    assert "**Redirects per second (average): 116k rps.**" in text
    assert "Partition key: hash(code)." in text
    only = p.reference_markdown(("api",))
    assert "### API" in only and "### Data model" not in only


def test_the_phase_two_opening_tells_the_scenario_story_and_names_its_steps() -> None:
    p = next(p for p in everything().course.problems if p.id == "url-shortener")
    opening = interview_openings(p)[1]
    assert opening.startswith("Here are the numbers to work with. A link-shortening service")
    assert "estimate: new links per second; redirects per second (average);" in opening
    assert opening.endswith("; redirect servers for the peak.")
    assert interview_openings(p)[3].count("• ") == len(p.deep_dives)


@settings(max_examples=60, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(
                        st.sampled_from(["id", "title", "hints", "rubric", "follow_ups", "estimate",
                                         "requirements", "design", "components", "arrows", "key_points",
                                         "deep_dives", "levels", "api", "data_model", "numbers", "x"]),
                        kids, max_size=5),
                    max_leaves=20))
def test_arbitrary_documents_never_crash_the_parser(doc) -> None:
    text = yaml.safe_dump(doc)
    try:
        tree = parse_yaml(text, "p.yaml")
    except Exception:
        return
    ctx = FileCtx("p.yaml")
    parse_problem(ctx, tree)  # faults are collected, never raised
