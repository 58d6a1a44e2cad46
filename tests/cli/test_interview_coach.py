"""The interview coach from the command line: --grade (the JSON contract), the deck of missed
points, --finish from what was saved, progress and the home screen."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sysdesign.cli.app import app
from tests.cli.test_interview import env as interview_env  # noqa: F401  (a fixture)

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "coach"
runner = CliRunner()


@pytest.fixture()
def env(interview_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # noqa: F811 (a fixture argument)
    """The interview tests' data folder and content, on a fixed day."""
    monkeypatch.setenv("SYSDESIGN_NOW", "2026-11-25T12:00:00+00:00")
    return interview_env


def invoke(*args: str, stdin: str = ""):
    return runner.invoke(app, ["mock-interview", *args], input=stdin)


def flat(text: str) -> str:
    return " ".join(text.split())


# --grade ----------------------------------------------------------------------------------------

def test_grade_json_keeps_its_contract(env: Path) -> None:
    result = invoke("rate-limiter", "--grade", str(DATA / "rate-limiter" / "strong.md"), "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)  # nothing else on stdout
    assert doc["problem"] == "rate-limiter" and doc["level"] == "senior"
    assert 0.7 <= doc["coverage"] <= 1
    point = doc["points"][0]
    assert set(point) >= {"id", "phase", "weight", "covered", "evidence"}
    assert point["covered"] is True and point["evidence"] == "API key"
    assert set(doc["design"]) >= {"missing", "extra"}
    assert "Local counters" in doc["design"]["missing"]  # named in the prose, not in the sketch
    assert doc["judges"] == "coverage of the reference's key points, not correctness"


def test_grade_for_people_says_what_it_judges(env: Path) -> None:
    result = invoke("url-shortener", "--grade", str(DATA / "url-shortener" / "weak.md"), "--level", "mid")
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert "Coach's report" in out and "not whether your design is correct" in out
    assert "Coverage: 0 %" in out and "at mid level" in out
    assert "no load balancer [load-balancer] in front of Web server" in out


def test_grade_reads_stdin_and_levels_change_the_score(env: Path) -> None:
    notes = "## Scale\nmulti-region, active-active"
    staff = json.loads(invoke("url-shortener", "--grade", "-", "--json", "--level", "staff", stdin=notes).stdout)
    mid = json.loads(invoke("url-shortener", "--grade", "-", "--json", "--level", "mid", stdin=notes).stdout)
    assert staff["coverage"] > 0 and mid["coverage"] == 0
    region = next(p for p in mid["points"] if p["id"] == "multi-region")
    assert region["covered"] and not region["expected"]


@pytest.mark.parametrize(("args", "said"), [
    (("--grade", "notes.md"), "--grade needs the problem"),
    (("url-shortener", "--grade", "/no/such/notes.md"), "Cannot read the notes"),
    (("url-shortener", "--level", "principal", "--plan"), "--level must be one of"),
    (("--add-cards",), "--add-cards goes with --grade"),
    (("--json",), "--json goes with --plan, --list or --grade"),
])
def test_grade_usage_faults_are_explained(env: Path, args, said: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2 and said in flat(result.output)
    assert "Traceback" not in result.output


def test_notes_too_long_to_be_notes_are_refused_without_reading_them_whole(env: Path, tmp_path: Path) -> None:
    piped = invoke("url-shortener", "--grade", "-", stdin="x" * 1_000_001)
    assert piped.exit_code == 2 and "notes on standard input are over 1 million characters" in flat(piped.output)
    huge = tmp_path / "notes.md"
    with huge.open("wb") as fh:
        fh.truncate(4 * 1024**3)  # 4 GB, sparse: only read up to the limit
    result = invoke("url-shortener", "--grade", str(huge))
    assert result.exit_code == 2 and "over 1 million characters" in flat(result.output)
    assert "Traceback" not in result.output


# the deck of missed points ---------------------------------------------------------------------

def test_missed_points_become_cards_reviewed_by_quiz_and_removable(env: Path) -> None:
    weak = str(DATA / "url-shortener" / "weak.md")
    added = invoke("url-shortener", "--grade", weak, "--add-cards", "--json")
    assert added.exit_code == 0, added.output
    assert "Added 15 cards" in flat(added.stderr)  # stdout keeps the JSON
    json.loads(added.stdout)
    deck = env / "content" / "from-your-interviews.yaml"
    assert deck.exists()
    again = invoke("url-shortener", "--grade", weak, "--add-cards")
    assert "already" in flat(again.output)  # no duplicates

    listed = invoke("--cards")
    assert "iv-url-shortener-code-length" in listed.output

    quiz = runner.invoke(app, ["quiz", "--deck", "from-your-interviews", "--limit", "1"], input="3\n")
    assert quiz.exit_code == 0, quiz.output
    assert "A URL shortener interview" in flat(quiz.output)

    gone = invoke("--remove-card", "iv-url-shortener-code-length")
    assert gone.exit_code == 0 and "Removed 1 card" in gone.output
    assert "iv-url-shortener-code-length" not in invoke("--cards").output
    assert invoke("--remove-card", "nope").exit_code == 2
    assert invoke("--remove-card", "all").exit_code == 0 and not deck.exists()
    assert "empty" in invoke("--cards").output


# --finish and --resume -------------------------------------------------------------------------

def _saved_interview(home: Path, problem_id: str = "url-shortener") -> int:
    """An interview as the screen leaves it when the process is killed: running, saved mid-way."""
    from sysdesign.content.catalog import load_course
    from sysdesign.content.problems import interview_openings
    from sysdesign.core.coach import Coach, LiveInterview, timed_follow_ups
    from sysdesign.core.interview import Interview
    from sysdesign.store.interviews import save_session, start_interview
    from sysdesign.store.store import Store

    course = load_course(Path(__import__("os").environ["SYSDESIGN_CONTENT_DIR"]), None, None)
    problem = next(p for p in course.problems if p.id == problem_id)
    iv = Interview.start(0.0, 45, openings=interview_openings(problem), followups=timed_follow_ups(problem),
                         hints=problem.hints)
    iv.tick(0.0)
    iv.set_notes("read heavy 100:1, links expire")
    iv.next_phase(200.0)
    iv.set_notes("116k redirects a second")
    live = LiveInterview(iv, Coach.for_problem(problem, 45))
    when = datetime(2026, 11, 25, 11, 0, tzinfo=timezone.utc)
    state = {**live.to_state(250.0), "problem": problem_id, "level": "senior", "ticked": ["scale"]}
    with Store.open(home / "progress.sqlite3") as st:
        row = start_interview(st, problem=problem_id, taken_at=when, minutes=45, level="senior", session={})
        save_session(st, row, state, when)
    return row


def test_finish_writes_the_transcript_from_what_was_saved(env: Path) -> None:
    _saved_interview(env)
    result = invoke("--finish")
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert "finished from what was saved" in out and "Coach's report" in out
    (transcript,) = (env / "interviews").glob("*-url-shortener.md")
    text = transcript.read_text(encoding="utf-8")
    assert "read heavy 100:1, links expire" in text and "116k redirects a second" in text
    assert "Ended: interrupted" in text and "Checklist ticked: Scale." in text
    assert "## Coach's report" in text and "your words: “100:1”" in text
    report = json.loads(runner.invoke(app, ["progress", "--json"]).stdout)
    (row,) = report["interviews"]
    assert row["status"] == "done" and row["coverage"] > 0 and row["level"] == "senior"
    assert "no interrupted interview" in flat(invoke("--finish").output)  # nothing left to finish


def test_resume_needs_a_terminal_and_says_so(env: Path) -> None:
    _saved_interview(env)
    result = invoke("--resume")
    assert result.exit_code == 2 and "needs a terminal" in result.output


def test_the_home_screen_offers_to_resume(env: Path) -> None:
    from sysdesign.ui.home import menu_entries

    report = {"due_now": 0, "new_available": 0, "reviews_total": 0, "today": "2026-11-25", "lessons": [],
              "next_lesson": None, "interviews": [{"problem": "url-shortener", "status": "interrupted"}],
              "estimates": [], "sketches_total": 0}
    entries = menu_entries(report, {"mock-interview", "quiz"})
    assert entries[0].argv == ("mock-interview", "--resume") and "url-shortener" in entries[0].label
    report["interviews"][0]["status"] = "done"
    assert all(e.argv != ("mock-interview", "--resume") for e in menu_entries(report, {"mock-interview"}))


def test_progress_shows_coverage_per_problem_over_time(env: Path) -> None:
    from sysdesign.store.interviews import end_interview, start_interview
    from sysdesign.store.store import Store

    with Store.open(env / "progress.sqlite3") as st:
        for day, coverage in ((1, 0.4), (5, 0.65)):
            when = datetime(2026, 11, day, 10, 0, tzinfo=timezone.utc)
            row = start_interview(st, problem="url-shortener", taken_at=when, minutes=45, level="senior", session={})
            end_interview(st, row, status="done", transcript="/x.md", session={}, coverage=coverage, report={},
                          when=when)
    shown = flat(runner.invoke(app, ["progress"]).output)
    assert "A URL shortener: 40% → 65%" in shown and "Coverage" in shown
    assert "coverage of each problem's key points, not correctness" in shown
