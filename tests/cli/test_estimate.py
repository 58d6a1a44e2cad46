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
    result = run(runner, app, ["--scenario", family_id, "--example", "--solve", "--napkin"])
    assert result.exit_code == 0, result.output
    assert "formula" in result.output and "in your head" in result.output
    assert "mantissas" in result.output  # every family has at least one product to work on a napkin
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
    assert [s["grade"] for s in attempt["steps"]] == ["spot on", "spot on", "off", "spot on"] + ["unanswered"] * 5
    assert attempt["median_log10_error"] == pytest.approx(document["median_log10_error"])


def test_a_full_round_to_the_end_with_the_family_median(runner, app):
    answers = "23k\n2.3k\n1.1 EB\n55 Gbps\n64 Gbps\n70k\n10 TB\n35\n$22M\n"
    first = run(runner, app, ["--scenario", "photo-sharing", "--example"], answers)
    assert first.exit_code == 0, first.output
    assert "9 answered of 9: 9 spot on." in first.output
    assert "Your median error for photo-sharing so far" in first.output and "over 1 round" in first.output
    second = run(runner, app, ["--scenario", "photo-sharing", "--example"], "230k\n")
    # one step of eight, then the input ended: kept, but not counted for calibration
    assert "does not count toward your calibration: 1 of 9 answered" in " ".join(second.output.split())
    assert "over 1 round (1 left early, not counted)" in " ".join(second.output.split())
    listing = run(runner, app, ["--list", "--json"])
    entry = next(f for f in json.loads(listing.stdout)["scenarios"] if f["id"] == "photo-sharing")
    assert entry["rounds"] == 1 and entry["short_rounds"] == 1 and entry["median_log10_error"] is not None
    report = json.loads(runner.invoke(app, ["progress", "--json"]).stdout)
    assert len(report["estimates"]) == 2  # both rounds are kept
    (calibration,) = report["calibration"]
    assert calibration["rounds"] == 1 and calibration["short_rounds"] == 1


def test_every_screen_shows_the_same_median_error(runner, app, monkeypatch):
    rounds = [  # three full rounds, a round's median error 0.3 … 0.6 in log10, then one left after a step
        "46k\n4.6k\n2.2 EB\n110 Gbps\n128 Gbps\n140k\n20 TB\n70\n$44M\n",
        "92k\n9.2k\n4.4 EB\n220 Gbps\n256 Gbps\n280k\n40 TB\n140\n$88M\n",
        "23k\n2.3k\n1.1 EB\n55 Gbps\n64 Gbps\n70k\n10 TB\n35\n$22M\n",
        "23k\nq\n",
    ]
    summaries = []
    for day, answers in enumerate(rounds, 1):
        monkeypatch.setenv("SYSDESIGN_NOW", f"2025-03-0{day}T10:00:00+00:00")
        result = run(runner, app, ["--scenario", "photo-sharing", "--example", "--json"], answers)
        summaries.append(json.loads(result.stdout))
    assert [d["counted"] for d in summaries] == [True, True, True, False]
    medians = [d["median_log10_error"] for d in summaries[:3]]
    expected = sorted(medians)[1]  # the median of the counted rounds' medians
    assert summaries[-1]["family_median_log10_error"] == pytest.approx(expected, abs=1e-4)
    assert summaries[-1]["family_rounds"] == 3

    listing = json.loads(run(runner, app, ["--list", "--json"]).stdout)
    entry = next(f for f in listing["scenarios"] if f["id"] == "photo-sharing")
    report = json.loads(runner.invoke(app, ["progress", "--json"]).stdout)
    (family,) = report["calibration"]
    assert entry["median_log10_error"] == pytest.approx(expected, abs=1e-4)
    assert family["median_error"] == pytest.approx(expected, abs=1e-4)
    assert family["rounds"] == entry["rounds"] == 3 and family["short_rounds"] == entry["short_rounds"] == 1
    assert family["latest_error"] == pytest.approx(medians[-1], abs=1e-4)  # not the round left after one step

    from sysdesign.core.calibration import factor_text

    shown = factor_text(expected)
    table = runner.invoke(app, ["estimate", "--list"]).output
    row = next(line for line in table.splitlines() if "photo-sharing" in line)
    assert shown in row
    progress = runner.invoke(app, ["progress"]).output
    row = next(line for line in progress.splitlines() if "Photo sharing" in line)
    assert shown in row


@pytest.mark.parametrize("wanted,family", [("chat", "chat-messaging"), ("PHOTO", "photo-sharing"), ("shortener", "url-shortener")])
def test_a_unique_prefix_or_part_of_an_id_names_a_family(runner, app, wanted, family):
    result = run(runner, app, ["--scenario", wanted, "--example", "--solve", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["scenario"] == family


def test_an_ambiguous_family_name_lists_the_matches(runner, app):
    result = run(runner, app, ["--scenario", "sharing", "--solve"], "")
    assert result.exit_code == 2
    flat = " ".join(result.output.split())
    assert "'sharing' matches several families: photo-sharing, ride-sharing-locations" in flat


def test_a_step_named_per_day_is_not_labelled_twice(runner, app):
    result = run(runner, app, ["--scenario", "chat", "--example"], "q\n")
    assert "Step 1/7 · Messages per day" in result.output
    assert "[per day]" not in result.output


def test_bad_input_is_reported_and_asked_again(runner, app):
    result = run(runner, app, ["--scenario", "photo-sharing", "--example", "--json"], "zzz\n\n23k\n12,34\n2.3k\n")
    assert result.exit_code == 0
    assert result.stderr.count("Could not use that answer") == 3
    assert "could not read 'zzz'" in result.stderr
    steps = json.loads(result.stdout)["steps"]
    assert steps[0]["grade"] == "spot on" and steps[1]["grade"] == "spot on"


def test_a_script_of_unusable_answers_is_stopped_with_exit_2(runner, app):
    """`yes zzz | sysdesign estimate` must end: the third unusable line in a row stops the round."""
    result = run(runner, app, ["--scenario", "photo-sharing", "--example", "--json"], "23k\nzzz\nzzz\nzzz\n2.3k\n")
    assert result.exit_code == 2, result.output
    assert "Stopped after 3 unusable answers in a row — the last, 'zzz'" in " ".join(result.stderr.split())
    document = json.loads(result.stdout)  # the round's result is still printed, and the first answer kept
    assert document["steps"][0]["grade"] == "spot on" and document["complete"] is False
    drill = run(runner, app, ["--drill", "latency", "-n", "3"], "x\nx\nx\n")
    assert drill.exit_code == 2 and "unusable answers in a row" in drill.output


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


def test_a_wrong_unit_hint_multiplies_a_bandwidth_into_data(runner, app):
    result = run(runner, app, ["--scenario", "photo-sharing", "--example", "--json"], "23k\n2.3k\n55 Gbps\n1 PB\n")
    flat = " ".join(result.stderr.split())
    storage, ingress = json.loads(result.stdout)["steps"][2:4]
    assert storage["grade"] == ingress["grade"] == "wrong unit"
    assert "A bandwidth (Gbps) is data per second; an amount of data (PB) is that rate multiplied by how long it flows" in flat
    assert "An amount of data (PB) is not a bandwidth (Gbps): divide it by the time it moves in" in flat
    assert "(TB)" not in flat


def test_drill_hints_and_summary_fit_the_question(runner, app):
    import random

    from sysdesign.core.estimate import drill_questions

    topic = next(t for t in load_course().reference if t.id == "latency")
    (question,) = drill_questions(topic, random.Random(5), 1)
    result = run(runner, app, ["--drill", "latency", "--seed", "5", "--count", "1"], "zzz\n100 ns\n")
    flat = " ".join(result.output.split())
    assert "could not read 'zzz' as a number (try 100 ns, 10 ms, 8.7 h)" in flat
    assert "1.1 PB" not in flat and "55 Gbps" not in flat
    assert question.unit == "ms"  # the table's unit; the answer was typed in ns
    assert "│ 100 ns │" in flat and "0.0001 ms" not in flat  # what was typed


def test_latency_drill_piped(runner, app):
    result = run(runner, app, ["--drill", "latency", "--seed", "1", "--count", "3", "--json"], "5\n1 ms\n1 ms\n")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["drill"] == "latency" and len(document["questions"]) == 3
    first = document["questions"][0]
    # a bare number is read in the unit the question shows, as in scenario rounds (issue 12)
    assert first["given"] == 5 and first["given_text"] == "5" and "give a unit too" not in result.stderr
    assert f"answer [{first['unit']}]" in result.stderr
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
