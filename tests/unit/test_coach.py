"""The coach around the matcher: notes by phase, the learner's design against the reference,
levels, follow-ups that react to the notes, the curveball, the report and the cards."""

from __future__ import annotations

from pathlib import Path

import pytest

from sysdesign.core.coach import (
    CURVEBALL_AT,
    DISCLAIMER,
    Coach,
    LiveInterview,
    choose_curveball,
    compare_design,
    cover_touched,
    coverage_hint,
    curveball_answer,
    grade,
    missed_card,
    read_design,
    report_document,
    report_markdown,
    split_notes,
    timed_follow_ups,
)
from sysdesign.core.interview import PHASE_IDS, Interview
from sysdesign.core.matcher import Text

REPO = Path(__file__).resolve().parents[2]
MIN = 60.0


@pytest.fixture(scope="module")
def problems():
    from sysdesign.content.loader import Source, load_sources

    result = load_sources([Source(p, "problem") for p in sorted((REPO / "lessons" / "problems").glob("*.yaml"))])
    return {p.id: p for p in result.course.problems}


@pytest.fixture(scope="module")
def url(problems):
    return problems["url-shortener"]


def notes(**by_phase: str) -> dict[str, str]:
    return {k.replace("_", "-"): v for k, v in by_phase.items()}


# notes by phase -------------------------------------------------------------------------------

def test_headings_that_name_a_phase_split_the_notes() -> None:
    text = "intro line\n# Requirements\nr1\n## Back of the envelope\ne1\n### Architecture\nd1\n" \
           "## Deep dive: codes\ndd1\n## Some other heading\nstill dd\n# Wrap-up\ns1\n"
    parts = split_notes(text)
    assert parts[""] == "intro line"
    assert parts["requirements"] == "r1" and parts["estimation"] == "e1" and parts["design"] == "d1"
    assert parts["deep-dive"] == "dd1\n## Some other heading\nstill dd" and parts["scale"] == "s1"
    assert split_notes("no headings at all") == {"": "no headings at all"}
    assert split_notes("## 2. Numbers\nx")["estimation"] == "x"


# the design --------------------------------------------------------------------------------------

def test_sketch_lines_in_the_notes_make_a_design_and_prose_is_ignored() -> None:
    design = read_design("""
- Client: client
- LB (load-balancer)
1. App servers: service
Client -> LB -> App servers
App servers -> Redis cache, Link DB
3 -> 1
Each message ~200 B -> 400 GB per day
62^7 is 3.5 trillion -> seven characters.
We put a cache: it helps.
""")
    assert design.components == (("Client", "client"), ("LB", "load-balancer"), ("App servers", "service"),
                                 ("Redis cache", "cache"), ("Link DB", "database"))
    assert ("Client", "LB") in design.arrows and ("App servers", "Link DB") in design.arrows
    assert ("App servers", "Client") in design.arrows  # by number
    assert all("GB" not in n and "trillion" not in n for n, _ in design.components)


def test_the_design_is_compared_by_name_aka_and_type(url) -> None:
    mine = read_design("Client -> LB -> Redirect servers, Shortener API\n"
                       "Redirect servers -> Redis: cache\nRedirect servers -> Link DB\nSearch index: search")
    result = compare_design(url.design, mine)
    assert result.matched["Load balancer"] == ("LB",)                       # by type
    assert result.matched["Redirect service"] == ("Redirect servers",)      # by name, generic words aside
    assert result.matched["Shorten service"] == ("Shortener API",)          # a near name
    assert result.matched["Link cache"] == ("Redis",)
    missing = {m.name: m for m in result.missing}
    assert "Code allocator" in missing and "Link cache" not in missing
    assert missing["Code allocator"].where == "behind Shortener API"
    assert result.extra == ("Search index",)
    assert ("Shorten service", "Link cache") in result.missing_arrows  # the reference primes the cache


def test_a_missing_part_is_placed_between_its_neighbours(url) -> None:
    result = compare_design(url.design, read_design("Client -> Redirect servers -> Link DB"))
    lb = next(m for m in result.missing if m.name == "Load balancer")
    assert lb.sentence().startswith("no load balancer [load-balancer] between Client and Redirect servers: ")
    cache = next(m for m in result.missing if m.name == "Link cache")
    assert cache.sentence().startswith("no link cache [cache] behind Redirect servers")


def test_without_sketch_lines_components_are_looked_for_by_name(url) -> None:
    result = grade(url, {"": "A load balancer in front of the redirect service, which reads Redis."}).design
    assert result.from_sketch is False
    assert result.matched["Load balancer"] and result.matched["Link cache"] == ("Redis",)
    assert "Code allocator" in {m.name for m in result.missing}


# grading and levels ------------------------------------------------------------------------------

def test_levels_decide_which_points_count(url) -> None:
    text = {"scale": "multi-region, active-active, with id blocks per region"}
    staff, senior, mid = (grade(url, text, level) for level in ("staff", "senior", "mid"))
    point = next(p for p in staff.points if p.id == "multi-region")
    assert point.level == "staff" and point.covered and point.expected
    assert staff.coverage > 0 and senior.coverage == 0  # a staff-level point is a bonus below staff
    assert not next(p for p in senior.points if p.id == "multi-region").expected
    assert {p.id for p in mid.points if not p.expected} >= {"new-link-404", "cold-cache", "multi-region"}


def test_a_ruled_out_mention_is_reported_as_such(url) -> None:
    report = grade(url, {"design": "no cache: the database answers every redirect"})
    point = next(p for p in report.points if p.id == "cache-in-front")
    assert not point.covered and point.ruled_out == "cache"
    assert "only to rule it out" in report_markdown(report)


def test_the_report_names_each_missed_point_with_why_and_says_what_it_judges(url) -> None:
    report = grade(url, {"requirements": "Mostly reads, a hundred to one."}, "senior")
    text = report_markdown(report)
    assert DISCLAIMER in text
    assert "✓ Reads dominate" in text and "your words: “a hundred to one”" in text
    expiry = next(k for k in url.key_points if k.id == "expiry-delete-alias")
    assert f"✗ **{expiry.point}** {expiry.missed}" in text
    assert "### Your design against the reference" in text and "no load balancer" in text
    doc = report_document(report)
    assert set(doc) >= {"problem", "level", "coverage", "points", "design"}
    assert set(doc["points"][0]) >= {"id", "phase", "weight", "covered", "evidence"}
    assert set(doc["design"]) >= {"missing", "extra"}
    assert 0 < doc["coverage"] < 0.2


def test_the_coverage_hint_names_a_phase_never_an_answer(url) -> None:
    report = grade(url, {"requirements": "read heavy, links expire, highly available"})
    hint = coverage_hint(report, upto_phase=1)
    assert "Requirements 3/3" in hint and "Estimation 0/3" in hint
    assert "Most is missing in Estimation" in hint
    assert "116" not in hint and "base" not in hint.lower()


def test_a_missed_point_makes_a_card(url) -> None:
    report = grade(url, {})
    card = missed_card(url, next(p for p in report.points if p.id == "code-length"))
    assert card["id"] == "iv-url-shortener-code-length"
    assert "A URL shortener" in card["front"] and "estimation" in card["front"] and "code length" in card["front"]
    assert card["back"].startswith("Seven base-62 characters") and len(card["back"]) < 300
    assert card["tags"] == ["interview", "url-shortener", "estimation"]


# follow-ups that react --------------------------------------------------------------------------

def five(**by_phase: str) -> list[str]:
    return [by_phase.get(p.replace("-", "_"), "") for p in PHASE_IDS]


def test_a_problem_follow_up_is_asked_when_the_notes_mention_its_words(problems) -> None:
    rate = problems["rate-limiter"]
    coach = Coach.for_problem(rate, 45)
    q = coach.next_question(five(design="a token bucket per API key"), 2, 10 * MIN, 0.1)
    assert q is not None and q.kind == "follow-up" and "token bucket" in q.text.lower() and q.trigger == "token bucket"
    assert coach.next_question(five(design="a token bucket in redis"), 2, 11 * MIN, 0.3) is None  # too soon
    later = coach.next_question(five(design="a token bucket in redis"), 3, 14 * MIN, 0.1)
    assert later is not None and later.id != q.id  # one question every few minutes, never twice


def test_general_rules_cache_queue_sharding_replicas(url) -> None:
    asked = {}
    for word, rule in (("we add Redis in front", "rule:cache"), ("events go on Kafka", "rule:queue"),
                       ("we shard the table", "rule:sharding"), ("two read replicas", "rule:replicas")):
        coach = Coach.for_problem(url, 45)
        coach.triggers = tuple(t for t in coach.triggers if t.kind == "rule")
        q = coach.next_question(five(design=word), 2, 12 * MIN, 0.5)
        asked[rule] = q.id if q else None
    assert asked == {r: r for r in asked}
    coach = Coach.for_problem(url, 45)
    coach.triggers = tuple(t for t in coach.triggers if t.kind == "rule")
    assert coach.next_question(five(design="Redis, invalidated on delete, no stampede"), 2, 12 * MIN, 0.5) is None
    assert coach.next_question(five(requirements="Redis"), 0, 1 * MIN, 0.5) is None  # not while clarifying


def test_no_numbers_in_the_estimation_phase_brings_a_nudge(url) -> None:
    coach = Coach.for_problem(url, 45)
    assert coach.next_question(five(estimation="lots of traffic"), 1, 6 * MIN, 0.2) is None  # early
    q = coach.next_question(five(estimation="lots of traffic"), 1, 7 * MIN, 0.5)
    assert q is not None and q.id == "nudge:estimation"
    coach = Coach.for_problem(url, 45)
    assert coach.next_question(five(estimation="116k rps"), 1, 7 * MIN, 0.5) is None


def test_the_gap_between_questions_scales_with_the_minutes(url) -> None:
    assert Coach.for_problem(url, 45).gap_s == pytest.approx(3 * MIN)
    assert Coach.for_problem(url, 15).gap_s == pytest.approx(1 * MIN)


def test_timed_follow_ups_leave_out_the_ones_the_notes_trigger(problems) -> None:
    rate = problems["rate-limiter"]
    timed = timed_follow_ups(rate)
    assert all(not f.when for phase in rate.follow_ups for f in phase if f.ask in sum(timed, ()))
    assert len(sum(timed, ())) < sum(len(p) for p in rate.follow_ups)


# the live interview: questions, the curveball, state ----------------------------------------

def live(problem, minutes: float = 45, curveball: bool = True) -> LiveInterview:
    from sysdesign.content.problems import interview_openings

    iv = Interview.start(0.0, minutes, openings=interview_openings(problem), followups=timed_follow_ups(problem),
                         hints=problem.hints)
    return LiveInterview(iv, Coach.for_problem(problem, minutes), choose_curveball(problem) if curveball else None)


def test_the_curveball_comes_at_55_percent_and_its_answer_is_read(url) -> None:
    lv = live(url)
    at = CURVEBALL_AT * 45 * MIN
    assert not any(e.kind == "prompt" and "Change of plan" in e.text for e in lv.tick(at - 1))
    events = lv.tick(at)
    assert any("Change of plan" in e.text for e in events)
    iv = lv.interview
    said = iv.logs[iv.phase].said[-1]
    assert said.kind == "curveball" and said.ref == url.curveballs[0].id
    iv.set_notes(iv.logs[iv.phase].notes + "hot keys: replicate them; scale the stateless fleet")
    (_, answer), = [(s, a) for s, a in iv.answers(iv.phase) if s.kind == "curveball"]
    result = curveball_answer(url.curveballs[0], answer)
    assert any(words for _, words in result.covers)
    assert lv.tick(at + 60) == [] or not any("Change of plan" in e.text for e in lv.tick(at + 60))


def test_no_curveball_when_asked_for_none(url) -> None:
    lv = live(url, curveball=False)
    events = [e for t in range(0, 45 * 60, 30) for e in lv.tick(float(t))]
    assert not any("Change of plan" in e.text for e in events)


def test_the_notes_prompt_a_question_in_the_live_interview(problems) -> None:
    lv = live(problems["rate-limiter"], curveball=False)
    iv = lv.interview
    for _ in range(2):
        iv.next_phase(1.0)  # to the design phase (time carried over)
    iv.set_notes("Token bucket per key, in Redis")
    events = lv.tick(2.0)
    asked = [s for s in iv.logs[2].said if s.kind == "asked"]
    assert asked and any(e.text == asked[0].text for e in events)
    assert asked[0].answer_from == len("Token bucket per key, in Redis")


def test_cover_items_are_touched_by_gist_or_shared_words() -> None:
    assert cover_touched("Hot keys: replicate them", Text("hot keys, shed load")) == "hot keys"
    assert cover_touched("Scaling the stateless redirect fleet and the cache", Text("scale the redirect fleet"))
    assert cover_touched("Protecting the store from a cold cache with coalescing", Text("more servers")) == ""


def test_a_phase_of_only_triggered_follow_ups_still_has_them_on_the_timer_once(problems) -> None:
    chat = problems["chat-messaging"]
    deep = PHASE_IDS.index("deep-dive")
    assert all(f.when for f in chat.follow_ups[deep])
    assert timed_follow_ups(chat)[deep] == tuple(f.ask for f in chat.follow_ups[deep])
    lv = live(chat, curveball=False)
    iv = lv.interview
    for _ in range(3):
        iv.next_phase(0.0)
    iv.set_notes("the client retries until the server sends an ack")
    lv.tick(1.0)  # the notes prompt the first deep-dive follow-up at once
    first = chat.follow_ups[deep][0].ask
    assert [s.kind for s in iv.logs[deep].said if s.text == first] == ["asked"]
    lv.tick(iv.budget(deep) - 1)  # the timer reaches it too: not asked twice
    assert [s.text for s in iv.logs[deep].said].count(first) == 1
