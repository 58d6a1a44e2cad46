"""The interview phase state machine, driven by an injected clock (no sleeping)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.core.interview import (
    LOW_FRACTION,
    PHASE_IDS,
    Interview,
    clock_text,
    plan,
    transcript_markdown,
)

MIN = 60.0
T0 = 1000.0  # an arbitrary monotonic origin


def start(minutes: float = 45, followups=((),) * 5, hints=("h1", "h2", "h3")) -> Interview:
    return Interview.start(T0, minutes, openings=tuple(f"open {p}" for p in PHASE_IDS),
                           followups=followups, hints=hints)


def test_the_plan_is_the_five_phases_of_the_framework() -> None:
    phases = plan(45)
    assert [p.spec.id for p in phases] == ["requirements", "estimation", "design", "deep-dive", "scale"]
    assert [(p.start_s / MIN, p.end_s / MIN) for p in phases] == [(0, 5), (5, 10), (10, 15), (15, 35), (35, 45)]


@pytest.mark.parametrize("minutes", [45, 20, 0.5, 0.2, 90])
def test_minutes_scale_every_phase_proportionally(minutes: float) -> None:
    phases = plan(minutes)
    k = minutes / 45
    for got, full in zip(phases, plan(45)):
        assert got.start_s == pytest.approx(full.start_s * k)
        assert got.end_s == pytest.approx(full.end_s * k)
    assert phases[-1].end_s == pytest.approx(minutes * MIN)


def test_half_a_minute_is_thirty_seconds() -> None:
    assert plan(0.5)[-1].end_s == pytest.approx(30.0)
    assert plan(0.5)[0].duration_s == pytest.approx(30 * 5 / 45)


@pytest.mark.parametrize("bad", [0, -1, float("nan")])
def test_a_plan_needs_positive_minutes(bad: float) -> None:
    with pytest.raises(ValueError):
        plan(bad)


def test_phase_boundaries_at_5_10_15_35_45_minutes() -> None:
    iv = start()
    seen = []
    for minute in range(0, 46):
        for event in iv.tick(T0 + minute * MIN - 0.001):
            if event.kind in ("phase", "finished"):
                seen.append((event.kind, event.phase, minute))
        for event in iv.tick(T0 + minute * MIN):
            if event.kind in ("phase", "finished"):
                seen.append((event.kind, event.phase, minute))
    assert seen == [("phase", 1, 5), ("phase", 2, 10), ("phase", 3, 15), ("phase", 4, 35), ("finished", 4, 45)]
    assert iv.finished and iv.end_reason == "time"
    assert [log.ended_by for log in iv.logs] == ["time"] * 5
    assert [log.used_s for log in iv.logs] == pytest.approx([300, 300, 300, 1200, 600])


def test_just_before_a_boundary_the_phase_has_not_moved() -> None:
    iv = start()
    iv.tick(T0 + 5 * MIN - 0.5)
    assert iv.phase == 0
    assert iv.phase_left(T0 + 5 * MIN - 0.5) == pytest.approx(0.5)
    iv.tick(T0 + 5 * MIN)
    assert iv.phase == 1
    assert iv.phase_left(T0 + 5 * MIN) == pytest.approx(5 * MIN)


def test_scaled_boundaries_follow_the_minutes() -> None:
    iv = start(minutes=0.5)  # 30 s: phases end at 3.33, 6.67, 10, 23.33, 30 s
    iv.tick(T0 + 3.3)
    assert iv.phase == 0
    iv.tick(T0 + 3.34)
    assert iv.phase == 1
    iv.tick(T0 + 23.3)
    assert iv.phase == 3
    iv.tick(T0 + 23.4)
    assert iv.phase == 4
    iv.tick(T0 + 30.0)
    assert iv.finished


def test_a_long_gap_times_out_several_phases_in_one_tick() -> None:
    iv = start()
    events = iv.tick(T0 + 12 * MIN)
    assert [e.phase for e in events if e.kind == "time-up"] == [0, 1]
    assert iv.phase == 2
    assert iv.phase_elapsed(T0 + 12 * MIN) == pytest.approx(2 * MIN)


def test_total_left_counts_the_current_phase_and_the_full_later_ones() -> None:
    iv = start()
    assert iv.total_left(T0) == pytest.approx(45 * MIN)
    assert iv.total_left(T0 + 2 * MIN) == pytest.approx(43 * MIN)
    iv.next_phase(T0 + 2 * MIN)  # moving on early carries the 3 minutes left over
    assert iv.total_left(T0 + 2 * MIN) == pytest.approx(43 * MIN)
    strict = Interview.start(T0, 45, carry_over=False)
    strict.next_phase(T0 + 2 * MIN)  # unless asked otherwise: then they are forfeited
    assert strict.total_left(T0 + 2 * MIN) == pytest.approx(40 * MIN)


def test_pause_stops_time() -> None:
    iv = start()
    iv.tick(T0 + 1 * MIN)
    iv.pause(T0 + 1 * MIN)
    assert iv.paused and iv.level(T0 + 1 * MIN) == "paused"
    assert iv.tick(T0 + 30 * MIN) == []  # nothing moves while paused
    assert iv.phase == 0
    assert iv.phase_left(T0 + 30 * MIN) == pytest.approx(4 * MIN)
    assert iv.total_left(T0 + 30 * MIN) == pytest.approx(44 * MIN)
    iv.resume(T0 + 30 * MIN)
    iv.tick(T0 + 33 * MIN)
    assert iv.phase == 0 and iv.phase_left(T0 + 33 * MIN) == pytest.approx(1 * MIN)
    iv.tick(T0 + 34 * MIN)
    assert iv.phase == 1  # 5 active minutes after 29 paused ones


def test_toggle_pause_and_repeated_pauses_add_up() -> None:
    iv = start()
    assert iv.toggle_pause(T0 + 10) is True
    assert iv.toggle_pause(T0 + 20) is False
    iv.pause(T0 + 30)
    iv.pause(T0 + 35)  # pausing twice changes nothing
    iv.resume(T0 + 50)
    assert iv.active(T0 + 60) == pytest.approx(60 - 10 - 20)


def test_next_phase_skips_and_logs_the_time_used() -> None:
    iv = start()
    events = iv.next_phase(T0 + 2 * MIN)
    assert [e.kind for e in events] == ["prompt", "phase", "prompt"]  # opening 1, move, opening 2
    assert iv.phase == 1
    assert iv.logs[0].used_s == pytest.approx(2 * MIN)
    assert iv.logs[0].ended_by == "skip"
    # the next phase gets its own budget plus the 3 minutes left over, from the moment of the skip
    assert iv.budget(1) == pytest.approx(8 * MIN)
    iv.tick(T0 + 9.9 * MIN)
    assert iv.phase == 1
    iv.tick(T0 + 10 * MIN)
    assert iv.phase == 2 and iv.logs[1].used_s == pytest.approx(8 * MIN)


def test_without_carry_over_the_next_phase_gets_only_its_own_budget() -> None:
    iv = Interview.start(T0, 45, carry_over=False)
    iv.next_phase(T0 + 2 * MIN)
    iv.tick(T0 + 6.9 * MIN)
    assert iv.phase == 1
    iv.tick(T0 + 7 * MIN)
    assert iv.phase == 2


def test_next_phase_on_the_last_phase_finishes_early() -> None:
    iv = start()
    for minute in (1, 2, 3, 4):
        iv.next_phase(T0 + minute * MIN)
    assert iv.phase == 4 and not iv.finished
    events = iv.next_phase(T0 + 5 * MIN)
    assert events[-1].kind == "finished"
    assert iv.finished and iv.end_reason == "early"
    assert iv.next_phase(T0 + 6 * MIN) == [] and iv.tick(T0 + 99 * MIN) == []
    assert iv.used_total() == pytest.approx(5 * MIN)


def test_overrun_warns_when_low_then_times_up_and_moves_on() -> None:
    iv = start()
    low_at = 5 * MIN * (1 - LOW_FRACTION)  # 4:00 into a 5-minute phase
    assert [e.kind for e in iv.tick(T0 + low_at - 1)] == ["prompt"]  # the opening line only
    assert iv.level(T0 + low_at - 1) == "ok"
    events = iv.tick(T0 + low_at)
    assert [e.kind for e in events] == ["low"]
    assert iv.level(T0 + low_at) == "low"
    assert iv.tick(T0 + low_at + 10) == []  # the warning fires once
    events = iv.tick(T0 + 5 * MIN)
    assert [e.kind for e in events][:2] == ["time-up", "phase"]
    assert events[0].phase == 0 and events[0].text == "Requirements"
    assert iv.logs[0].ended_by == "time"


def test_overrun_on_the_last_phase_ends_the_interview() -> None:
    iv = start(minutes=0.5)
    events = iv.tick(T0 + 31)
    assert events[-1].kind == "finished" and events[-1].text == "time"
    assert iv.total_left(T0 + 31) == 0 and iv.level(T0 + 31) == "done"


def test_follow_ups_are_revealed_as_phase_time_passes() -> None:
    followups = (("a", "b", "c"), ("x",), (), ("p", "q", "r", "s"), ("z",))
    iv = start(followups=followups)
    assert iv.reveal_at(0) == pytest.approx((0, 75, 150, 225))
    iv.tick(T0)
    assert iv.revealed(0) == ("open requirements",)
    iv.tick(T0 + 74)
    assert iv.revealed(0) == ("open requirements",)
    events = iv.tick(T0 + 75)
    assert [(e.kind, e.text) for e in events] == [("prompt", "a")]
    iv.tick(T0 + 299)
    assert iv.revealed(0) == ("open requirements", "a", "b", "c")
    iv.next_phase(T0 + 299)
    assert iv.revealed(1) == ("open estimation",)  # the opening comes at once
    assert iv.logs[0].shown == 4


def test_skipping_keeps_unrevealed_follow_ups_hidden() -> None:
    iv = start(followups=(("a", "b"),) * 5)
    iv.next_phase(T0 + 10)
    assert iv.revealed(0) == ("open requirements",)


def test_hints_are_taken_in_order_and_logged_with_their_phase() -> None:
    iv = start()
    first = iv.take_hint(T0 + 30)
    assert (first.number, first.phase, first.text, first.at_s) == (1, 0, "h1", 30)
    iv.next_phase(T0 + 60)
    second = iv.take_hint(T0 + 90)
    assert (second.number, second.phase, second.text, second.at_s) == (2, 1, "h2", 30)
    assert iv.take_hint(T0 + 91).text == "h3"
    assert iv.take_hint(T0 + 92) is None and iv.hints_left == 0
    assert len(iv.hints_taken) == 3


def test_notes_belong_to_the_phase_they_were_typed_in() -> None:
    iv = start()
    iv.set_notes("first thoughts")
    iv.next_phase(T0 + 10)
    iv.set_notes("numbers")
    assert [log.notes for log in iv.logs[:2]] == ["first thoughts", "numbers"]


def test_stop_ends_where_it_stands() -> None:
    iv = start()
    iv.next_phase(T0 + 60)
    events = iv.stop(T0 + 90, "interrupted")
    assert events[-1].kind == "finished" and iv.end_reason == "interrupted"
    assert iv.logs[1].ended_by == "interrupted" and iv.logs[1].used_s == pytest.approx(30)
    assert not iv.logs[2].reached


def test_a_clock_that_jumps_back_is_ignored() -> None:
    iv = start()
    iv.tick(T0 + 100)
    iv.tick(T0 + 50)
    assert iv.active(T0 + 50) == pytest.approx(100)


@given(st.lists(st.tuples(st.sampled_from(["tick", "next", "pause", "resume", "hint"]),
                          st.floats(min_value=0, max_value=200)), max_size=40),
       st.sampled_from([0.2, 1, 45]))
def test_any_sequence_keeps_the_books_straight(actions, minutes) -> None:
    iv = start(minutes=minutes, followups=(("a",), ("b", "c"), (), ("d",), ("e", "f", "g")))
    now = T0
    for action, step in actions:
        now += step
        if action == "tick":
            iv.tick(now)
        elif action == "next":
            iv.next_phase(now)
        elif action == "pause":
            iv.pause(now)
        elif action == "resume":
            iv.resume(now)
        else:
            iv.take_hint(now)
        for log in iv.logs:
            assert 0 <= log.used_s <= log.budget_s + 1e-9
        assert 0 <= iv.phase < 5
        assert iv.total_left(now) <= minutes * MIN + 1e-9
        assert iv.used_total() + iv.total_left(now) <= minutes * MIN + 1e-6


def test_clock_text() -> None:
    assert [clock_text(s) for s in (0, 59.9, 60, 605, -3)] == ["0:00", "0:59", "1:00", "10:05", "0:00"]


class _Item:
    def __init__(self, id_, title):
        self.id, self.title = id_, title


class _Comp:
    name, role = "Cache", "keeps hot things"


class _Problem:
    id, title, difficulty = "demo", "A demo", "easy"
    prompt = "Design a demo.\n• with a bullet"
    rubric = (_Item("requirements", "Requirements clarified"), _Item("communication", "Communication"))
    components = (_Comp(),)
    solution = "**Outline.** Do it."

    def reference_markdown(self) -> str:
        return "### Reference design\n\n1. **Cache** [cache]: keeps hot things\n\n**Outline.** Do it.\n"


def test_transcript_has_every_phase_notes_hints_and_scores() -> None:
    iv = start(followups=(("a follow-up",), (), (), (), ()))
    iv.tick(T0 + 200)
    iv.set_notes("some ```fenced``` notes")
    iv.take_hint(T0 + 210)
    iv.next_phase(T0 + 240)
    iv.stop(T0 + 250, "quit")
    text = transcript_markdown(_Problem(), iv, taken_at="2025-01-02 10:00 UTC",
                               scores={"requirements": 3, "communication": 2})
    assert "# Mock interview: A demo" in text
    assert "## 1. Requirements" in text and "## 5. Scale & edge cases" in text
    assert "Time used 4:00 of 5:00 planned (moved on early)." in text
    assert "Time used 0:10 of 5:00 planned, 1:00 carried over (stopped here)." in text
    assert "Planned 20:00; not reached." in text
    assert "````text\nsome ```fenced``` notes\n````" in text
    assert "> **Follow-up** at 2:30: a follow-up" in text and "> - with a bullet" in text
    assert "- Hint 1 at 3:30: h1" in text
    assert "| Requirements clarified | 3 / 4 |" in text and "**Overall: 2.5 / 4**" in text
    assert "## Reference\n\n### Reference design\n\n1. **Cache** [cache]: keeps hot things" in text
    assert "Ended: stopped early (quit and save)" in text


def test_what_is_said_and_the_notes_after_it_are_the_answers() -> None:
    iv = start(followups=(("a",), (), (), (), ()))
    iv.tick(T0)  # the opening
    iv.set_notes("before ")
    iv.tick(T0 + 150)  # the timed follow-up
    iv.set_notes("before after-a ")
    iv.say(T0 + 160, "Why Redis?", "asked", "problem:requirements:0", "Redis")
    iv.set_notes("before after-a because memory")
    answers = iv.answers(0)
    assert [(s.kind, s.text) for s, _ in answers] == [("opening", "open requirements"), ("follow-up", "a"),
                                                      ("asked", "Why Redis?")]
    assert [a for _, a in answers] == ["before", "after-a", "because memory"]
    assert answers[2][0].at_s == pytest.approx(160) and answers[2][0].trigger == "Redis"


def test_the_state_round_trips_and_a_killed_interview_resumes_where_it_was_saved() -> None:
    iv = start(followups=(("a",), ("b",), (), (), ()))
    iv.tick(T0 + 100)
    iv.set_notes("req notes")
    iv.take_hint(T0 + 110)
    iv.next_phase(T0 + 120)  # 3 minutes carried over
    iv.set_notes("est notes")
    iv.tick(T0 + 200)
    state = iv.to_state(T0 + 200)  # saved while running, then the process is killed

    back = Interview.from_state(state, 5000.0)
    assert back.finished and back.end_reason == "interrupted"
    assert back.logs[0].notes == "req notes" and back.logs[1].notes == "est notes"
    assert back.logs[1].used_s == pytest.approx(80) and back.logs[1].ended_by == "interrupted"
    assert back.budget(1) == pytest.approx(8 * MIN) and len(back.hints_taken) == 1
    assert back.revealed(1) == iv.revealed(1)

    back.reopen(5000.0)  # go on: the clock restarts where it stood
    assert not back.finished and back.phase == 1 and back.logs[1].ended_by is None
    assert back.phase_elapsed(5000.0) == pytest.approx(80)
    assert back.total_left(5000.0) == pytest.approx(45 * MIN - 200)
    back.tick(5000.0 + 8 * MIN - 80)
    assert back.phase == 2


@pytest.mark.parametrize("bad", [{}, {"active_s": "x"}, {"active_s": 1, "minutes": 45, "lines": [["a"]] * 5,
                                                           "hints": [], "phase": 9, "phase_began": 0,
                                                           "hints_taken": [], "logs": []}])
def test_a_damaged_state_is_refused(bad) -> None:
    with pytest.raises(ValueError):
        Interview.from_state(bad, 0.0)
