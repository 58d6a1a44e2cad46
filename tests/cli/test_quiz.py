"""`sysdesign quiz` driven through the scripting contract (a pipe, one line per prompt)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import pytest

from sysdesign.store import reviews
from sysdesign.store.store import Store
from tests.bench.generate import ANSWERS, write_content
from tests.helpers import pin_salt, right_answer, shown, wrong_answer

NOW = "2025-03-10T09:00:00+00:00"


@pytest.fixture
def course(tmp_path, monkeypatch, isolated_home):
    """Two synthetic lessons (15 cards, 5 questions of every kind each); lesson 1 finished."""
    manifest = write_content(tmp_path / "content", cards=30, lessons=2)
    monkeypatch.setenv("SYSDESIGN_CONTENT_DIR", str(tmp_path / "content"))
    monkeypatch.setenv("SYSDESIGN_NOW", NOW)
    finish(isolated_home, manifest["lessons"][0], manifest)
    pin_salt(isolated_home)  # the options' order is known, so scripts can answer by letter
    return manifest


def questions_as_shown(content) -> dict:
    """Lesson 1's questions by kind, as the learner with the pinned salt sees them."""
    from sysdesign.content.loader import load_dir

    return {q.kind: shown(q) for q in load_dir(content).course.lessons[0].questions}


def finish(home, lesson_id, manifest, when=NOW):
    with Store.open(home / "progress.sqlite3") as st:
        for section in manifest["sections"][lesson_id]:
            st.mark_section_done(lesson_id, section, datetime.fromisoformat(when), finishes_lesson=True)


def db(home) -> Store:
    return Store.open(home / "progress.sqlite3")


def fronts(output: str) -> list[str]:
    """The card numbers shown ('Synthetic fact 3 of deck 1' -> 'bench-lesson-1-card-00003')."""
    return [f"bench-lesson-{d}-card-{int(n):05d}" for n, d in re.findall(r"Q: Synthetic fact (\d+) of deck (\d+)", output)]


def flat(text: str) -> str:
    """Output with rich's line wrapping undone."""
    return " ".join(text.split())


def progress(runner, app) -> dict:
    result = runner.invoke(app, ["progress", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_scripted_session_with_undo_then_the_next_day(runner, app, course, isolated_home, monkeypatch):
    result = runner.invoke(app, ["quiz", "--limit", "5"], input="3\n3\n1\nu\n4\n2\n3\nq\n")
    assert result.exit_code == 0, result.output
    out = result.output
    # 4 shown, u, back to 3; the Hard card back at the end for its learning step, where q quits
    assert fronts(out) == [f"bench-lesson-1-card-{n:05d}" for n in (1, 2, 3, 4, 3, 4, 5, 4)]
    assert "1 of 5" in out and "5 of 5" in out
    assert "rate 1 Again · 1m   2 Hard · 6m   3 Good · 10m   4 Easy · 8d" in out
    assert "↶ Undone: your rating of “Synthetic fact 3 of deck 1: what is its number?” is gone" in flat(out)
    assert "bench-lesson-1-card-00003" not in out  # a card is named by its front, never by its id
    assert "Session done" in out and "Reviewed 5 (5 cards, 0 questions)" in out
    assert "Next due: in 6m" in out  # the Hard card

    report = progress(runner, app)
    assert report["reviews_total"] == 5
    with db(isolated_home) as st:
        log = st.query("SELECT item_id, rating FROM review_log ORDER BY id")
        assert log == [("bench-lesson-1-card-00001", 3), ("bench-lesson-1-card-00002", 3),
                       ("bench-lesson-1-card-00003", 4), ("bench-lesson-1-card-00004", 2),
                       ("bench-lesson-1-card-00005", 3)]  # the undone Again is gone
        due = dict(st.query("SELECT item_id, due FROM card_state"))
    assert len(due) == 5

    # the next day: exactly what FSRS made due (the four learning cards, not the Easy one, due in 8 days)
    tomorrow = datetime.fromisoformat(NOW) + timedelta(days=1)
    monkeypatch.setenv("SYSDESIGN_NOW", tomorrow.isoformat())
    expected = sorted(i for i, d in due.items() if d <= tomorrow.isoformat())
    assert expected == ["bench-lesson-1-card-00001", "bench-lesson-1-card-00002",
                        "bench-lesson-1-card-00004", "bench-lesson-1-card-00005"]
    assert progress(runner, app)["due_now"] == 4
    again = runner.invoke(app, ["quiz", "--new", "0", "--deck", "bench-lesson-1", "--json"], input="3\n" * 20)
    assert again.exit_code == 0, again.output
    assert sorted(fronts(again.stderr)) == expected
    summary = json.loads(again.stdout)  # stdout holds the JSON document only
    assert summary["reviewed"] == 4 and summary["ended"] == "finished"
    assert summary["ratings"]["good"] == 4
    assert progress(runner, app)["reviews_total"] == 9


def test_bad_lines_are_reported_and_asked_again(runner, app, course, isolated_home):
    result = runner.invoke(app, ["quiz", "--limit", "2"], input="x\n9\ngood\n\nEASY\n")
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert ("Could not use 'x': type 1–4 (or again, hard, good, easy), u to undo, i info, s suspend, b bury, "
            "q to quit. Try again.") in out
    assert "Could not use '9'" in out and "Could not use ''" in out
    with db(isolated_home) as st:
        assert st.query("SELECT rating FROM reviews ORDER BY id") == [(3,), (4,)]


def test_a_script_that_keeps_sending_unusable_lines_is_stopped_with_exit_2(runner, app, course, isolated_home):
    """`yes x | sysdesign quiz` must end: two bad lines are asked again, the third in a row stops."""
    result = runner.invoke(app, ["quiz", "--limit", "3", "--json"], input="3\nx\n\n4\nx\nx\nx\n3\n")
    assert result.exit_code == 2, result.output
    assert "Stopped at a card after 3 unusable answers in a row — the last, 'x'." in flat(result.stderr)
    summary = json.loads(result.stdout)
    assert (summary["reviewed"], summary["ended"], summary["left_in_queue"]) == (2, "unusable-input", 1)
    with db(isolated_home) as st:
        assert st.query("SELECT rating FROM reviews ORDER BY id") == [(3,), (4,)]


def test_a_question_that_gets_unusable_lines_stops_the_session_too(runner, app, course, isolated_home):
    result = runner.invoke(app, ["quiz", "--new", "0"], input="zz\nzz\nzz\n")
    assert result.exit_code == 2, result.output
    assert "unusable answers in a row" in flat(result.output)


def test_end_of_input_ends_cleanly_and_keeps_what_was_rated(runner, app, course, isolated_home):
    result = runner.invoke(app, ["quiz", "--limit", "5", "--json"], input="3\n1\n")
    assert result.exit_code == 0, result.output
    assert "End of input — your progress is saved." in result.stderr
    summary = json.loads(result.stdout)
    assert (summary["reviewed"], summary["correct"], summary["ended"], summary["left_in_queue"]) == (2, 1, "end-of-input", 3)
    assert summary["retention"] == 0.5
    assert progress(runner, app)["reviews_total"] == 2


def test_q_quits_and_u_with_nothing_to_undo_says_so(runner, app, course, isolated_home):
    result = runner.invoke(app, ["quiz"], input="u\n3\nq\n")
    assert result.exit_code == 0, result.output
    assert "Nothing to undo yet." in result.output
    assert "Session done (you quit; every rating so far is saved)" in result.output
    assert progress(runner, app)["reviews_total"] == 1


def test_questions_of_every_kind_are_graded_and_scheduled(runner, app, course, isolated_home, tmp_path):
    # the lesson's questions interleaved by section: choice and multi are checks of part 1,
    # truefalse, order and numeric of part 2, so two of part 1 never follow each other
    kinds = ["choice", "truefalse", "multi", "order", "numeric"]
    questions = questions_as_shown(tmp_path / "content")
    lines = [(right_answer if i % 2 == 0 else wrong_answer)(questions[k]) for i, k in enumerate(kinds)]
    lines[4] = ANSWERS["numeric"]  # "1 d", in another unit than the key's
    # a bad line for the first question is asked again; 'u' on the last undoes the fourth
    script = ["zz", lines[0], lines[1], lines[2], lines[3], "u", right_answer(questions["order"]), lines[4]]
    result = runner.invoke(app, ["quiz", "--new", "0", "--json"], input="\n".join(script) + "\n")
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert "Could not use that answer" in err
    assert err.count("✓ Correct.") == 4 and err.count("✗ Not quite.") == 2
    assert "How many seconds are in a day?" in err and "24 hours times 3,600 seconds" in err  # the explanation
    summary = json.loads(result.stdout)
    assert (summary["reviewed"], summary["questions"], summary["correct"], summary["undone"]) == (5, 5, 4, 1)
    with db(isolated_home) as st:
        log = st.query("SELECT item_id, kind, rating, answer FROM review_log ORDER BY id")
        states = dict(st.query("SELECT item_id, kind FROM card_state"))
    assert [(i.rsplit("-", 1)[1], k, r) for i, k, r, _a in log] == [
        ("choice", "question", 3), ("truefalse", "question", 1), ("multi", "question", 3),
        ("order", "question", 3), ("numeric", "question", 3)]  # 1 d = 86,400 s: right, with unit conversion
    assert log[4][3] == "1 d"
    # typed in the shuffled order, kept in the content's: the right options as the YAML numbers them
    assert (log[0][3], log[3][3]) == (ANSWERS["choice"], ANSWERS["order"])
    assert set(states.values()) == {"question"} and len(states) == 5


def test_only_finished_lessons_unlock_and_all_skips_the_gate(runner, app, tmp_path, monkeypatch, isolated_home):
    write_content(tmp_path / "content", cards=20, lessons=2)
    monkeypatch.setenv("SYSDESIGN_CONTENT_DIR", str(tmp_path / "content"))
    monkeypatch.setenv("SYSDESIGN_NOW", NOW)
    nothing = runner.invoke(app, ["quiz"], input="")
    assert nothing.exit_code == 0
    assert "Nothing to review yet" in nothing.output and "sysdesign study" in nothing.output
    everything = runner.invoke(app, ["quiz", "--all", "--lesson", "2", "--limit", "1"], input="3\n")
    assert fronts(everything.output) == ["bench-lesson-2-card-00001"]


def test_new_cards_per_day_count_what_was_introduced_today(runner, app, course, isolated_home):
    first = runner.invoke(app, ["quiz", "--new", "3", "--json"], input="4\n4\n4\n" + "t\n" * 0)
    assert json.loads(first.stdout)["cards"] == 3
    later = runner.invoke(app, ["quiz", "--new", "3", "--deck", "bench-lesson-1"], input="")
    assert "Nothing is due right now in this deck." in later.output
    assert "The limit of new cards per day (3) is reached" in flat(later.output)
    more = runner.invoke(app, ["quiz", "--new", "5", "--deck", "bench-lesson-1", "--json"], input="3\n3\n3\n")
    assert json.loads(more.stdout)["cards"] == 2
    assert fronts(more.stderr) == ["bench-lesson-1-card-00004", "bench-lesson-1-card-00005"]


def test_cram_reviews_without_touching_the_schedule(runner, app, course, isolated_home):
    result = runner.invoke(app, ["quiz", "--cram", "--tag", "tag-0", "--json"], input="1\n2\n3\n")
    assert result.exit_code == 0, result.output
    assert fronts(result.stderr) == ["bench-lesson-1-card-00001", "bench-lesson-1-card-00008", "bench-lesson-1-card-00015"]
    assert "rate 1 Again   2 Hard   3 Good   4 Easy" in result.stderr  # no intervals: nothing is scheduled
    summary = json.loads(result.stdout)
    assert summary["reviewed"] == 3 and summary["cram"] is True
    assert progress(runner, app)["reviews_total"] == 0


def test_retention_is_checked_and_remembered(runner, app, course, isolated_home):
    bad = runner.invoke(app, ["quiz", "--retention", "0.5"])
    assert bad.exit_code == 2
    assert "--retention: desired retention 0.5 is outside 0.70–0.99" in bad.output
    ok = runner.invoke(app, ["quiz", "--retention", "0.8", "--limit", "1"], input="3\n")
    assert ok.exit_code == 0, ok.output
    with db(isolated_home) as st:
        assert reviews.retention(st, 0.9) == 0.8
        st.set_setting(reviews.RETENTION_KEY, "0.3")  # edited by hand: ignored, not a traceback
    edited = runner.invoke(app, ["quiz", "--limit", "1"], input="3\n")
    assert edited.exit_code == 0, edited.output


def test_unknown_filters_exit_2_with_what_exists(runner, app, course):
    result = runner.invoke(app, ["quiz", "--deck", "nope"])
    assert result.exit_code == 2
    assert "No deck 'nope'. The decks are: bench-lesson-1, bench-lesson-2." in result.output
    assert "Traceback" not in result.output


def test_a_second_session_waits_then_says_the_database_is_busy(runner, app, course, isolated_home, monkeypatch):
    monkeypatch.setattr(reviews, "LOCK_WAIT_S", 0.3)
    with db(isolated_home) as other, reviews.session_lock(other):
        result = runner.invoke(app, ["quiz"], input="3\n")
    assert result.exit_code == 2
    assert "is busy: another sysdesign quiz is running" in result.output
    assert "Q: " not in result.output  # nothing was shown, nothing written
    assert progress(runner, app)["reviews_total"] == 0


def test_a_held_write_lock_is_reported_before_any_card(runner, app, course, isolated_home, monkeypatch):
    import sqlite3

    from sysdesign.store import db as dbmod

    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_S", 0.3)
    holder = sqlite3.connect(isolated_home / "progress.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = runner.invoke(app, ["quiz"], input="3\n")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 2
    assert "is busy" in result.output and "Q: " not in result.output


def test_help_lists_keys_and_examples(runner, app):
    result = runner.invoke(app, ["quiz", "--help"])
    assert result.exit_code == 0
    for text in ("--limit", "--new", "--cram", "--retention", "Space/Enter", "printf"):
        assert text in result.output


def test_the_card_screen_counts_new_learning_and_review_cards_left(runner, app, course, isolated_home):
    result = runner.invoke(app, ["quiz", "--limit", "3"], input="3\n1\n3\n3\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.count("New 3 · Learning 0 · Review 0") == 1 and "New 2 · Learning 0 · Review 0" in out
    assert "New 1 · Learning 1 · Review 0" in out  # the Again card is learning
    assert "New 0 · Learning 1 · Review 0" in out and "learning card" in out  # back, not a "new card"
    assert fronts(out) == [f"bench-lesson-1-card-{n:05d}" for n in (1, 2, 3, 2)]
    assert "learn-ahead" in out and "Once more" not in out


def test_new_questions_have_their_own_daily_limit(runner, app, course, isolated_home, tmp_path):
    questions = questions_as_shown(tmp_path / "content")
    lines = "\n".join(right_answer(q) for q in questions.values()) + "\n"
    first = runner.invoke(app, ["quiz", "--new", "0", "--new-questions", "2", "--json"], input=lines)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["questions"] == 2  # not the lesson's five at once
    later = runner.invoke(app, ["quiz", "--new", "0", "--new-questions", "2"], input=lines)
    out = flat(later.output)
    assert "Nothing is due right now" in out
    assert "The limit of new questions per day (2) is reached" in out and "--new-questions 5" in out
    default = runner.invoke(app, ["quiz", "--new", "0", "--json"], input=lines)
    assert json.loads(default.stdout)["questions"] == 3  # the default of 10 a day: the other three
    helped = runner.invoke(app, ["quiz", "--help"])
    assert "--new-questions" in flat(helped.output) and "sysdesign quiz --new-questions 20" in flat(helped.output)


def test_a_new_own_deck_can_be_reviewed_the_day_it_is_made(runner, app, course, isolated_home, monkeypatch):
    """Other decks' new cards today, and a card due now in another deck, say nothing about an
    own deck made today."""
    had = runner.invoke(app, ["quiz", "--new", "3", "--deck", "bench-lesson-1"], input="1\n1\n1\nq\n")
    assert had.exit_code == 0, had.output
    monkeypatch.setenv("SYSDESIGN_NOW", (datetime.fromisoformat(NOW) + timedelta(minutes=5)).isoformat())
    assert runner.invoke(app, ["content", "new-deck", "mydeck"]).exit_code == 0
    result = runner.invoke(app, ["quiz", "--deck", "mydeck", "--new", "2"], input="3\n3\n")
    out = flat(result.output)
    assert result.exit_code == 0, result.output
    assert "You have had today's 2 new cards" not in out and "Nothing is due" not in out
    assert "Reviewed 2 (2 cards, 0 questions)" in out
    again = runner.invoke(app, ["quiz", "--deck", "mydeck"], input="")
    out = flat(again.output)
    assert "Nothing is due right now" in out and "Next due: now" not in out  # bench cards are due, not mydeck's
    assert "Next due: in 10m" in out


def test_a_limit_message_says_which_limit_and_how_to_lift_it(runner, app, course, isolated_home):
    runner.invoke(app, ["quiz", "--new", "3"], input="4\n4\n4\n")
    later = flat(runner.invoke(app, ["quiz", "--new", "3", "--deck", "bench-lesson-1"], input="").output)
    assert "The limit of new cards per day (3) is reached: you have had 3 today" in later
    assert "12 more wait; raise it with --new 13" in later
    cut = flat(runner.invoke(app, ["quiz", "--limit", "2", "--new", "5"], input="3\n3\n").output)
    # 2 of the 5 new cards allowed are left, and 5 new questions: 7 in all
    assert "The review limit (--limit 2) left out 5 more items today" in cut
    assert "raise it with --limit 7" in cut
