"""`sysdesign estimate` driven like a user: solutions, piped rounds, drills, bad input."""

from __future__ import annotations

import json

import pytest

from sysdesign.cli.common import course as load_course

FAMILIES = sorted(s.id for s in load_course().scenarios)


def run(runner, app, args, text=None):
    return runner.invoke(app, ["estimate", *args], input=text)


def test_solve_photo_sharing_shows_the_worked_numbers(runner, app):
    result = run(runner, app, ["--scenario", "photo-sharing", "--example", "--solve"])
    assert result.exit_code == 0, result.output
    out = result.output
    for text in ("23,148 rps", "2,315 rps", "55.6 Gbps", "600 TB per day", "≈ 1.1 EB", "8.33 Gbps", "63.9 Gbps"):
        assert text in out, text
    assert "100,000,000 × 20 per day = 23,148 rps" in out  # the numbers substituted
    assert "86,400 s ≈ 10^5" in out  # the rounding one does in one's head
    assert "SI decimal" in out  # which units are assumed
    assert "1,044,000" in out  # the source's slip, shown
    assert "Step 1/" not in out  # no prompts


@pytest.mark.parametrize("family_id", FAMILIES)
def test_every_family_example_solves(runner, app, family_id):
    result = run(runner, app, ["--scenario", family_id, "--example", "--solve"])
    assert result.exit_code == 0, result.output
    assert "formula" in result.output and "in your head" in result.output
    document = json.loads(run(runner, app, ["--scenario", family_id, "--example", "--solve", "--json"]).stdout)
    assert document["scenario"] == family_id and document["example"] is True
    assert all(step["expected"] > 0 for step in document["steps"])


def test_piped_round_grades_each_step(runner, app, monkeypatch):
    monkeypatch.setenv("SYSDESIGN_NOW", "2025-03-01T10:00:00+00:00")
    result = run(runner, app, ["--scenario", "photo-sharing", "--example", "--json"], "23k\n2.3k\n1 PB\n55 Gbps\n")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)  # only JSON on stdout
    steps = document["steps"]
    assert [s["id"] for s in steps[:4]] == ["read_qps", "write_qps", "storage_total", "ingress"]
    assert [s["grade"] for s in steps[:4]] == ["spot on", "spot on", "off", "spot on"]
    # 1 PB for five years of photos is the source's slip: about 1,000× too small
    assert steps[2]["unit"] == "PB" and steps[2]["expected"] == pytest.approx(1095)
    assert steps[2]["log10_error"] == pytest.approx(3.04, abs=0.01)
    assert steps[0]["given"] == 23_000 and steps[0]["expected"] == pytest.approx(23_148.15, abs=0.01)
    assert steps[3]["given"] == 55 and steps[3]["unit"] == "Gbps"
    assert all(s["grade"] == "unanswered" for s in steps[4:])
    assert document["answered"] == 4 and document["complete"] is False
    assert "End of input" in result.stderr

    report = json.loads(runner.invoke(app, ["progress", "--json"]).stdout)
    (attempt,) = report["estimates"]
    assert attempt["scenario"] == "photo-sharing"
    assert attempt["when"].startswith("2025-03-01T10:00:00")
    assert [s["grade"] for s in attempt["steps"]] == ["spot on", "spot on", "off", "spot on"]
    assert attempt["median_log10_error"] == pytest.approx(document["median_log10_error"])


def test_a_full_round_to_the_end_with_the_family_median(runner, app):
    answers = "23k\n2.3k\n1.1 EB\n55 Gbps\n64 Gbps\n70k\n10 TB\n35\n"
    first = run(runner, app, ["--scenario", "photo-sharing", "--example"], answers)
    assert first.exit_code == 0, first.output
    assert "8 answered of 8: 8 spot on." in first.output
    assert "Your median error for photo-sharing so far" in first.output and "over 1 round(s)" in first.output
    second = run(runner, app, ["--scenario", "photo-sharing", "--example"], "230k\n")
    assert "over 2 round(s)" in second.output
    listing = run(runner, app, ["--list", "--json"])
    entry = next(f for f in json.loads(listing.stdout)["scenarios"] if f["id"] == "photo-sharing")
    assert entry["rounds"] == 2 and entry["median_log10_error"] is not None


def test_bad_input_is_reported_and_asked_again(runner, app):
    result = run(runner, app, ["--scenario", "photo-sharing", "--example", "--json"], "zzz\n\n12,34\n23k\n")
    assert result.exit_code == 0
    assert result.stderr.count("Could not use that answer") == 3
    assert "could not read 'zzz'" in result.stderr
    assert json.loads(result.stdout)["steps"][0]["grade"] == "spot on"


def test_a_wrong_dimension_is_its_own_grade(runner, app):
    result = run(runner, app, ["--scenario", "photo-sharing", "--example", "--json"], "10 GB\n")
    step = json.loads(result.stdout)["steps"][0]
    assert step["grade"] == "wrong unit" and step["log10_error"] is None
    assert "Wrong kind of quantity" in result.stderr


def test_skip_hint_and_quit(runner, app):
    result = run(runner, app, ["--scenario", "photo-sharing", "--example", "--json"], "?\ns\n2.3k\nq\n")
    assert result.exit_code == 0
    assert "formula: dau × views_per_user" in result.stderr
    assert "dau = 100 million" in result.stderr
    document = json.loads(result.stdout)
    assert [s["grade"] for s in document["steps"][:3]] == ["skipped", "spot on", "unanswered"]
    assert document["complete"] is False


def test_seed_replays_the_same_numbers(runner, app):
    one = run(runner, app, ["--scenario", "url-shortener", "--seed", "7", "--solve"]).output
    two = run(runner, app, ["--scenario", "url-shortener", "--seed", "7", "--solve"]).output
    other = run(runner, app, ["--scenario", "url-shortener", "--seed", "8", "--solve"]).output
    assert one == two
    assert one != other
    assert "--seed 7" in one


def test_a_random_family_when_none_is_named(runner, app):
    result = run(runner, app, ["--seed", "3", "--solve", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["scenario"] in FAMILIES


@pytest.mark.parametrize("args,message", [
    (["--scenario", "nope"], "No scenario 'nope'"),
    (["--drill", "nope"], "No drill 'nope'"),
    (["--example", "--seed", "3"], "not both"),
    (["--drill", "latency", "--scenario", "photo-sharing"], "--drill runs on its own"),
])  # fmt: skip
def test_usage_errors_exit_2_with_a_message(runner, app, args, message):
    result = run(runner, app, args, "")
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_latency_drill_piped(runner, app):
    result = run(runner, app, ["--drill", "latency", "--seed", "1", "--count", "3", "--json"], "5\n1 ms\n1 ms\n1 ms\n")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["drill"] == "latency" and len(document["questions"]) == 3
    assert "give a unit too" in result.stderr  # a bare number is not a latency
    assert all(q["grade"] != "unanswered" for q in document["questions"])
    report = json.loads(runner.invoke(app, ["progress", "--json"]).stdout)
    assert report["estimates"][0]["scenario"] == "drill-latency"


@pytest.mark.parametrize("drill", ["nines", "powers"])
def test_other_drills_default_to_ten_questions(runner, app, drill):
    result = run(runner, app, ["--drill", drill, "--seed", "2", "--json"], "")
    document = json.loads(result.stdout)
    assert len(document["questions"]) == 10
    assert document["answered"] == 0 and document["complete"] is False


def test_drill_answers_from_the_table_are_spot_on(runner, app):
    import random

    from sysdesign.core.estimate import drill_questions

    topic = next(t for t in load_course().reference if t.id == "nines")
    questions = drill_questions(topic, random.Random(4), 5)
    answers = "".join(q.answer_text + "\n" for q in questions)
    result = run(runner, app, ["--drill", "nines", "--seed", "4", "--count", "5", "--json"], answers)
    assert [q["grade"] for q in json.loads(result.stdout)["questions"]] == ["spot on"] * 5
    assert "Your median error for the nines drill so far" in result.stderr


def test_list_shows_families_and_drills(runner, app):
    result = run(runner, app, ["--list"])
    assert result.exit_code == 0
    for family_id in FAMILIES:
        assert family_id in result.output
    assert "latency" in result.output and "nines" in result.output and "powers" in result.output


def test_help_has_examples(runner, app):
    result = runner.invoke(app, ["estimate", "--help"])
    assert result.exit_code == 0
    assert "--drill" in result.output and "Examples" in result.output
