"""Facts in the foundation lessons that a review found wrong (issue 14, section 1): each stays
fixed, and every number involved is checked by redoing its arithmetic."""

from __future__ import annotations

import re

import pytest

from sysdesign.cli.common import course as load_course


@pytest.fixture(scope="module")
def course():
    return load_course()


def _section(course, section_id: str) -> str:
    for lesson in course.lessons:
        for section in lesson.sections:
            if section.id == section_id:
                return " ".join(section.body.split())
    raise AssertionError(f"no section {section_id}")


def _card(course, card_id: str):
    card = next((c for c in course.cards() if c.id == card_id), None)
    assert card is not None, f"no card {card_id}"
    return card


def _text(*parts: str) -> str:
    return " ".join(" ".join(parts).split())


def test_instagram_launch_server_was_overwhelmed_not_enough_for_months(course):
    body = _section(course, "tis-iterative")
    assert "first few months" not in body
    assert "October 2010" in body and "within hours" in body and "EC2" in body
    question = course.question("tis-q-instagram")
    assert question.answer is False and "first few months" in question.prompt
    card = _card(course, "tis-fc-instagram")
    assert "within hours" in card.back and "EC2" in card.back


def test_a_cache_costs_freshness_not_durability(course):
    body = _section(course, "kt-building-blocks")
    assert "durability to gain speed" not in body and "source of truth" in body
    question = course.question("kt-q-redis-trade")
    assert "Freshness" in question.choices[question.answer]
    card = _card(course, "kt-card-redis-trade")
    assert "durab" not in card.back.lower() and "stale" in card.back


def test_salting_the_hash_does_not_lower_collisions_and_the_code_checks(course):
    body = _section(course, "url-monolith")
    assert "lowers the collision risk" not in body
    assert "if code in links" in body and "continue" in body  # the sample checks before it inserts
    assert 16**6 == 16_777_216 and "16,777,216" in body
    # birthday bound: about 1.18 * sqrt(16^6) links give a 50 % chance of a collision
    assert round(1.1774 * (16**6) ** 0.5, -2) == 4_800 and "4,800" in body


def test_a_big_machine_is_not_sold_at_many_times_the_price(course):
    for section in ("pit-vertical-scaling", "kc-sharding"):
        body = _section(course, section)
        assert not re.search(r"many times more|far more than eight|price (curve )?climbs steeply|"
                             r"steep price", body), section
    body = _section(course, "pit-vertical-scaling")
    assert 8 * 8 == 64 and 8 * 64 == 512 and "8 x 8 = 64 cores, 8 x 64 = 512 GB" in body
    assert "eight times the hourly price" in body
    question = course.question("pit-q-eight-boxes-ram")
    assert question.answer.value == 8 * 64 and "many times" not in question.explain
    drawbacks = course.question("pit-q-vertical-drawbacks")
    price = next(i for i, c in enumerate(drawbacks.choices) if "price" in c.lower())
    assert price not in drawbacks.answer, "a pricier big machine must be a wrong option"
    assert "many times" not in _card(course, "pit-card-big-box-vs-eight").back


def test_final_shortener_capacity_follows_from_its_three_servers(course):
    body = _section(course, "url-final")
    assert "millions of redirects per second" not in body
    low, high = 3 * 1_000, 3 * 5_000
    assert f"{low:,}–{high:,} redirects per second" in body


def test_twitter_timelines_are_fan_out_on_write_not_write_through(course):
    body = _section(course, "url-cache-tradeoffs")
    assert "textbook write-through" not in body and "fan-out on write" in body
    question = course.question("url-q-write-through-fit")
    assert "timeline" not in question.choices[question.answer].lower()
    assert "Twitter's timeline uses it" not in question.explain
    card = _card(course, "url-fc-twitter-wt")
    assert "write-through" not in card.back.lower() and "Fan-out on write" in card.back


def test_a_billion_requests_a_second_is_sixty_billion_a_minute(course):
    body = _section(course, "bb-caching")
    assert "hundreds of millions" not in body
    assert 10**9 * 60 == 6 * 10**10 and "60 billion (6 × 10^10) a minute" in body


def test_ttl_expiries_are_not_an_upper_bound_on_reloads(course):
    question = course.question("bb-q-ttl")
    assert "At most" not in question.prompt and "expire" in question.prompt
    assert question.answer.value == 86_400 / 300 == 288
    assert "not a cap" in question.explain and "stampede" in question.explain


def test_cap_is_not_taught_as_pick_two_of_three(course):
    assert not any("at most two of" in c.back for c in course.cards()), "a card teaches 'pick two'"
    assert "only during a partition" in _card(course, "kc-c-cap-real").back
    for section in ("tis-cap", "pit-cap-checklist"):
        body = _section(course, section)
        assert not re.search(r"(guarantee|promise) at most two of", body), section


def test_double_charges_are_an_idempotency_matter_not_a_cap_one(course):
    body = _section(course, "pit-cap-checklist")
    assert "a card must never be charged twice" not in body
    assert "idempotency key" in body


def test_smaller_slips(course):
    assert not any(c.id == "why-card-amazon-delay" for c in course.cards())
    assert "factor of a few" in _card(course, "tis-fc-bote-goal").back
    foundations = {le.id for le in course.lessons[:8]}
    everything = _text(*(s.body for le in course.lessons[:8] for s in le.sections),
                       *(f"{c.front} {c.back}" for c in course.cards() if c.lesson_id in foundations))
    assert "primer" not in everything and "grew from" not in everything


def test_foundation_lessons_name_their_sources(course):
    for lesson in course.lessons[:8]:
        assert len(lesson.sources) >= 3, f"{lesson.id} names too few sources"
        assert any("Foundations of System Design" in s for s in lesson.sources), lesson.id
