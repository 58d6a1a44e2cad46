"""`sysdesign study`, `progress --json` and `content validate`, driven like a user would."""

from __future__ import annotations

import json
import re

import pytest

from sysdesign.cli.common import course as load_course
from sysdesign.core.grading import answer_hint
from tests.helpers import pin_salt, right_answer, shown, wrong_answer


@pytest.fixture(autouse=True)
def salted(isolated_home):
    """The learner's option order is known, so scripts can answer by letter."""
    return pin_salt(isolated_home)


def first_lesson():
    return load_course().lessons[0]


def answers_for_section(lesson, index: int, *, right: bool = True) -> str:
    questions = {q.id: shown(q) for q in lesson.questions}
    pick = right_answer if right else wrong_answer
    return "".join(pick(questions[qid]) + "\n" for qid in lesson.sections[index].checks)


def test_list_shows_every_lesson_and_the_next_one(runner, app):
    result = runner.invoke(app, ["study", "--list"])
    assert result.exit_code == 0, result.output
    course = load_course()
    for lesson in course.lessons:
        assert lesson.id in result.output
    assert f"Next: sysdesign study {course.lessons[0].id}" in result.output


def test_scripted_session_completes_a_section_and_resumes_at_the_next(runner, app):
    lesson = first_lesson()
    result = runner.invoke(app, ["study", lesson.id], input=answers_for_section(lesson, 0))
    assert result.exit_code == 0, result.output
    assert result.output.count("✓ Correct.") == len(lesson.sections[0].checks)
    assert "End of input — your progress is saved" in result.output

    report = json.loads(runner.invoke(app, ["progress", "--json"]).output)
    entry = next(le for le in report["lessons"] if le["id"] == lesson.id)
    assert entry["sections_done"] == 1 and entry["finished"] is False

    again = runner.invoke(app, ["study", lesson.id], input=answers_for_section(lesson, 1, right=False))
    assert "Resuming at section 2" in again.output
    assert lesson.sections[1].title in again.output
    assert lesson.sections[0].title not in again.output
    assert again.output.count("✗ Not quite.") == len(lesson.sections[1].checks)


def test_finishing_a_lesson_unlocks_its_cards(runner, app):
    lesson = first_lesson()
    script = "".join(answers_for_section(lesson, i) for i in range(len(lesson.sections)))
    result = runner.invoke(app, ["study", str(lesson.order)], input=script)
    assert result.exit_code == 0, result.output
    assert "Lesson finished." in result.output
    report = json.loads(runner.invoke(app, ["progress", "--json"]).output)
    deck_cards = sum(len(d.cards) for d in load_course().decks if d.lesson_id == lesson.id)
    assert report["cards_unlocked"] == deck_cards > 0
    done = runner.invoke(app, ["study", lesson.id])
    assert "You have finished" in done.output
    restarted = runner.invoke(app, ["study", lesson.id, "--restart"], input="")
    assert lesson.sections[0].title in restarted.output


def test_invalid_answers_are_reported_and_asked_again(runner, app):
    lesson = first_lesson()
    result = runner.invoke(app, ["study", lesson.id], input="zzz\n\n" + answers_for_section(lesson, 0))
    assert result.exit_code == 0
    assert "Could not use that answer" in result.output
    assert result.output.count("✓ Correct.") == len(lesson.sections[0].checks)


def test_a_script_of_unusable_answers_stops_with_status_2_and_keeps_progress(runner, app):
    """`yes zzz | sysdesign study 1` used to ask again for ever; now it gives up on the third."""
    lesson = first_lesson()
    script = answers_for_section(lesson, 0) + "zzz\n" * 50
    result = runner.invoke(app, ["study", lesson.id], input=script)
    assert result.exit_code == 2, result.output
    assert result.stdout.count("Could not use that answer") == 3
    assert result.stdout.count("Try again.") == 2
    assert "End of input — your progress is saved" in result.stdout
    error = " ".join(result.stderr.split())
    first_check = {q.id: q for q in lesson.questions}[lesson.sections[1].checks[0]]
    assert error.startswith(f"Stopped at Check 1/{len(lesson.sections[1].checks)} after 3 unusable answers in a row")
    assert "'zzz'" in error and f"This question takes one line: {answer_hint(first_check)}." in error
    assert "Traceback" not in result.output
    report = json.loads(runner.invoke(app, ["progress", "--json"]).output)
    entry = next(le for le in report["lessons"] if le["id"] == lesson.id)
    assert entry["sections_done"] == 1


def test_blank_lines_count_as_unusable_too(runner, app):
    result = runner.invoke(app, ["study", first_lesson().id], input="\n" * 10)
    assert result.exit_code == 2
    assert "the last was a blank line" in " ".join(result.stderr.split())


def test_end_of_input_after_two_unusable_answers_still_exits_0(runner, app):
    result = runner.invoke(app, ["study", first_lesson().id], input="zzz\nzzz\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Try again.") == 2
    assert "End of input — your progress is saved" in result.stdout
    assert "Stopped" not in result.output


def test_a_person_typing_at_a_terminal_is_never_given_up_on():
    """The line prompts also serve a terminal stdin when stdout is piped or TERM=dumb:
    only a script (stdin not a terminal) is stopped after unusable lines."""
    import io

    from rich.console import Console

    from sysdesign.ui.lines import LineReader
    from sysdesign.ui.questions import ask_by_line

    class Typed(io.StringIO):
        def isatty(self):
            return True

    question = {q.id: q for q in first_lesson().questions}[first_lesson().sections[0].checks[0]]
    console = Console(file=io.StringIO(), width=80)
    graded, text = ask_by_line(console, question, LineReader(Typed("zzz\n" * 6 + right_answer(question) + "\n"), scripted=False))
    assert graded.correct and text == right_answer(question)
    assert console.file.getvalue().count("Try again.") == 6


@pytest.mark.parametrize("flag", ["--print", "--restart"])
def test_print_or_restart_without_a_lesson_is_a_usage_error(runner, app, flag):
    result = runner.invoke(app, ["study", flag])
    assert result.exit_code == 2, result.output
    assert f"{flag} needs a lesson: sysdesign study 1 {flag}" in " ".join(result.stderr.split())
    assert result.stdout == ""  # not the list of lessons


def test_print_renders_the_whole_lesson_without_prompts(runner, app):
    lesson = first_lesson()
    result = runner.invoke(app, ["study", lesson.id, "--print"])
    assert result.exit_code == 0
    for section in lesson.sections:
        assert section.title in result.output
    assert "answer (" not in result.output


def test_unknown_lesson_is_a_usage_error(runner, app):
    result = runner.invoke(app, ["study", "no-such-lesson"])
    assert result.exit_code == 2
    assert "No lesson 'no-such-lesson'" in result.output
    assert "Traceback" not in result.output


def test_progress_json_has_the_contract_keys(runner, app):
    report = json.loads(runner.invoke(app, ["progress", "--json"]).output)
    for key in ("lessons", "cards_total", "cards_unlocked", "reviews_total", "due_now", "streak_days", "estimates", "interviews"):
        assert key in report
    for entry in report["lessons"]:
        assert set(entry) >= {"id", "title", "sections_done", "sections_total", "finished"}


def test_validate_shipped_content_is_clean(runner, app):
    result = runner.invoke(app, ["content", "validate"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: ")


def test_validate_reports_three_faults_with_positions(runner, app, tmp_path):
    bad = tmp_path / "bad"
    (bad / "lessons").mkdir(parents=True)
    (bad / "flashcards").mkdir()
    (bad / "lessons" / "01-syntax.yaml").write_text("id: a\ntitle: [oops\n")
    (bad / "lessons" / "02-unknown.yaml").write_text(
        "id: b\ntitle: B\norder: 2\nflavour: x\nsections:\n  - {id: b-s, title: S, body: text}\n"
    )
    deck = "deck: {d}\ntitle: D\ncards:\n  - {{id: same-card, front: F{d}?, back: B}}\n"
    (bad / "flashcards" / "one.yaml").write_text(deck.format(d="one"))
    (bad / "flashcards" / "two.yaml").write_text(deck.format(d="two"))
    result = runner.invoke(app, ["content", "validate", str(bad)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if ".yaml:" in line]
    assert len(lines) == 3, result.output
    assert lines[0].startswith(str(bad / "flashcards" / "two.yaml") + ":4:5: duplicate question/card id 'same-card'") or any(
        "duplicate question/card id 'same-card'" in line for line in lines
    )
    assert any("01-syntax.yaml:" in line and "YAML syntax" in line for line in lines)
    assert any("02-unknown.yaml:4:1: unknown key 'flavour'" in line for line in lines)
    assert "Traceback" not in result.output


def test_version(runner, app):
    from sysdesign import __version__

    result = runner.invoke(app, ["--version"])
    assert result.output.strip() == f"sysdesign {__version__}"


# --- the course list: 21 lessons in parts, at 80 and 40 columns --------------------------

def test_the_list_groups_lessons_by_part_and_never_breaks_an_id(runner, app):
    course = load_course()
    result = runner.invoke(app, ["study", "--list"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert all(len(line) <= 80 for line in lines), [line for line in lines if len(line) > 80]
    parts = list(dict.fromkeys(le.part for le in course.lessons))
    assert len(parts) >= 2
    positions = [lines.index(part) for part in parts]  # each part a heading line, in course order
    assert positions == sorted(positions)
    for lesson in course.lessons:
        (row,) = [line for line in lines if re.match(rf"^. +{lesson.order}  ", line)]
        assert re.search(rf"\s{re.escape(lesson.id)}\s", row + " "), row  # whole, on its lesson's line
        assert lesson.title in row or "…" in row, row  # cut only with an ellipsis
    assert sum("…" in line for line in lines) <= 1  # at 80 columns only the longest title is cut


def test_the_list_at_40_columns_fits_and_every_lesson_has_its_number(runner, app):
    course = load_course()
    result = runner.invoke(app, ["study", "--list"], env={"COLUMNS": "40"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert all(len(line) <= 40 for line in lines), [line for line in lines if len(line) > 40]
    for lesson in course.lessons:
        (row,) = [line for line in lines if re.match(rf"^. +{lesson.order}  ", line)]
        shown = row[6:].rsplit("  ", 1)[0].strip()
        assert lesson.title.startswith(shown.rstrip("…")), (shown, lesson.title)
        assert re.search(rf"\b0/{len(lesson.sections)}$", row), row
        assert not any(fragment in row for fragment in lesson.id.split("-") if len(fragment) > 3
                       and fragment not in lesson.title.lower())  # no pieces of ids
    assert "Next: sysdesign study why-system-design" in result.output


def test_progress_and_the_export_fit_40_columns_with_21_lessons(runner, app, tmp_path):
    finish = "".join(answers_for_section(first_lesson(), i) for i in range(len(first_lesson().sections)))
    assert runner.invoke(app, ["study", "1"], input=finish).exit_code == 0
    shown = runner.invoke(app, ["progress"], env={"COLUMNS": "40"})
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert all(len(line) <= 40 for line in lines), [line for line in lines if len(line) > 40]
    assert "Lessons · 1 of 21 finished" in shown.output or "Lessons · 1 of" in shown.output
    exported = runner.invoke(app, ["export", "anki", str(tmp_path / "c.apkg")], env={"COLUMNS": "40"})
    assert exported.exit_code == 0, exported.output
    lines = exported.output.splitlines()[1:]  # the first names the file, whole (a path is never wrapped)
    assert all(len(line) <= 40 for line in lines), [line for line in lines if len(line) > 40]
    assert "Decks under sysdesign in Anki:" in exported.output
    assert re.search(r"^  Why system design matters +\d+$", exported.output, re.M)


# --- a restart, a section, the end of a lesson ------------------------------------------

def finish_first_lesson(runner, app, wrong_sections=()) -> None:
    lesson = first_lesson()
    script = "".join(answers_for_section(lesson, i, right=i not in wrong_sections) for i in range(len(lesson.sections)))
    result = runner.invoke(app, ["study", "1"], input=script)
    assert result.exit_code == 0 and "Lesson finished." in result.output, result.output
    return result


def test_a_restart_rereads_the_lesson_and_every_view_says_it_stays_finished(runner, app):
    lesson = first_lesson()
    finish_first_lesson(runner, app)
    unlocked = json.loads(runner.invoke(app, ["progress", "--json"]).output)["cards_unlocked"]
    restarted = runner.invoke(app, ["study", "1", "--restart"], input=answers_for_section(lesson, 0))
    assert restarted.exit_code == 0, restarted.output

    report = json.loads(runner.invoke(app, ["progress", "--json"]).output)
    entry = report["lessons"][0]
    assert (entry["finished"], entry["rereading"], entry["sections_done"]) == (True, True, 1)
    assert report["cards_unlocked"] == unlocked > 0  # its cards stay in review
    assert report["next_lesson"]["id"] == load_course().lessons[1].id  # the next lesson is the next one

    listed = runner.invoke(app, ["study", "--list"]).output
    row = next(line for line in listed.splitlines() if lesson.id in line)
    assert row.startswith("↻") and row.endswith(f"1/{len(lesson.sections)}"), row
    assert "↻ finished, reading it again" in listed
    assert f"Next: sysdesign study {load_course().lessons[1].id}" in listed

    shown = runner.invoke(app, ["progress"]).output
    assert "Nothing to chart yet" not in shown and "Start here" not in shown
    assert "Lessons · 1 of 21 finished" in shown and "↻" in shown


def test_section_opens_one_section_and_its_checks(runner, app):
    lesson = first_lesson()
    result = runner.invoke(app, ["study", "1", "--section", "3"], input=answers_for_section(lesson, 2))
    assert result.exit_code == 0, result.output
    assert lesson.sections[2].title in result.output
    assert lesson.sections[0].title not in result.output and lesson.sections[3].title not in result.output
    assert result.output.count("✓ Correct.") == len(lesson.sections[2].checks)
    assert f"Section 3 of {len(lesson.sections)} done. The lesson goes on with: sysdesign study 1" in result.output
    entry = json.loads(runner.invoke(app, ["progress", "--json"]).output)["lessons"][0]
    assert (entry["sections_done"], entry["finished"]) == (1, False)
    by_id = runner.invoke(app, ["study", lesson.id, "--print", "--section", lesson.sections[1].id])
    assert lesson.sections[1].title in by_id.output and lesson.sections[0].title not in by_id.output


@pytest.mark.parametrize(("args", "message"), [
    (["study", "1", "--section", "99"], "No section '99' in lesson 1, Why system design matters"),
    (["study", "--section", "2"], "--section needs a lesson: sysdesign study 1 --section 2"),
    (["study", "1", "--section", "2", "--restart"], "give one of them"),
])
def test_section_mistakes_are_usage_errors(runner, app, args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.stderr.split())


def test_the_end_of_a_lesson_gives_the_score_what_to_revisit_and_what_next(runner, app):
    lesson, course = first_lesson(), load_course()
    total = sum(len(s.checks) for s in lesson.sections)
    missed = len(lesson.sections[0].checks) + len(lesson.sections[4].checks)
    out = finish_first_lesson(runner, app, wrong_sections=(0, 4)).output
    assert f"Checks: {total - missed} of {total} right." in out  # a script gets no second try
    assert "Worth a second look (sysdesign study 1 --section N):" in out
    assert f"  1 · {lesson.sections[0].title}" in out and f"  5 · {lesson.sections[4].title}" in out
    assert f"  2 · {lesson.sections[1].title}" not in out
    deck = next(d for d in course.decks if d.lesson_id == lesson.id)
    assert f"its {len(deck.cards)} flashcards are now in your review queue" in " ".join(out.split())
    assert f"Next, one of:\n  sysdesign quiz --deck {deck.id}\n  sysdesign study {course.lessons[1].id}\n" in out


def test_a_finished_lesson_is_named_by_its_title(runner, app):
    finish_first_lesson(runner, app)
    again = runner.invoke(app, ["study", "1"])
    assert "You have finished Why system design matters." in " ".join(again.output.split())
    assert "why-system-design" not in again.output
