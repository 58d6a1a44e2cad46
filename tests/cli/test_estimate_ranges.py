"""Issue 20 driven like a user: 90 % ranges and their calibration, arithmetic answers, the
throughput and cost sheets and drills at 80 and 40 columns, the napkin technique."""

from __future__ import annotations

import json
import re

import pytest

from sysdesign.cli.common import course as load_course

PHOTO_POINTS = "23k\n2.3k\n1.1 EB\n55 Gbps\n64 Gbps\n70k\n10 TB\n35\n$22M\n"


def run(runner, app, args, text=None):
    return runner.invoke(app, ["estimate", *args], input=text)


def lines_fit(text: str, width: int) -> bool:
    return all(len(line) <= width for line in text.splitlines())


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


# --- ranges ---------------------------------------------------------------------------------------

def test_a_range_round_is_graded_and_stored_with_its_score(runner, app, monkeypatch):
    monkeypatch.setenv("SYSDESIGN_NOW", "2025-03-01T10:00:00+00:00")
    answers = "20k-50k\n3k to 5k\n1 EB ±2x\n55 Gbps\n"
    result = run(runner, app, ["-s", "photo-sharing", "--example", "--json"], answers)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    steps = document["steps"]
    assert [s["grade"] for s in steps[:4]] == ["range held", "range missed", "range held", "spot on"]
    assert steps[0]["interval"] == {"low": 20_000, "high": 50_000, "hit": True, "score": 0.3979,
                                    "width_log10": 0.3979, "outside_log10": 0}
    assert steps[1]["interval"]["hit"] is False and steps[1]["interval"]["outside_log10"] == pytest.approx(0.1126, abs=1e-4)
    assert steps[3]["interval"] is None  # a point answer in the same session keeps today's grading
    assert document["median_log10_error"] == steps[3]["log10_error"]  # ranges do not enter the point median
    assert document["ranges"]["ranges"] == 3 and document["ranges"]["held"] == 2
    err = flat(result.stderr)
    assert "Range held — 23,148 rps is inside your 20,000 to 50,000 rps. Interval score 0.40" in err
    assert "Range missed — 2,315 rps is below your 3,000 to 5,000 rps, by ×1.3." in err
    assert "formula" in err  # the worked solution follows each graded range
    assert "Ranges this round: 2 of 3 held the answer" in err
    assert "2 ranges held, 1 range missed" in err

    report = json.loads(runner.invoke(app, ["progress", "--json"]).stdout)
    (attempt,) = report["estimates"]
    assert attempt["steps"][0]["interval"]["hit"] is True  # stored with the attempt
    ranges = report["range_calibration"]
    assert ranges["overall"]["ranges"] == 3 and ranges["families"][0]["title"] == "Photo sharing"
    assert "calibration" in report and "estimates" in report  # keys are added, never removed


def test_intervals_mode_asks_for_a_range_on_every_step(runner, app):
    result = run(runner, app, ["-s", "photo-sharing", "--example", "--intervals", "--json"], "23k\n20k-50k\n")
    assert result.exit_code == 0, result.output
    err = flat(result.stderr)
    assert "Give a 90 % range for each step" in err
    assert "Step 1/9 · Average photo reads per second [rps] · 90 % range" in err
    assert "this round asks for a 90 % range such as 20k-50k" in err  # the point answer is asked again
    assert json.loads(result.stdout)["steps"][0]["grade"] == "range held"


def test_calibration_of_ranges_shows_as_a_chart_with_a_verdict(runner, app, monkeypatch):
    narrow = "22k-24k\n2.2k-2.4k\n1-1.2 EB\n50-60 Gbps\n60-70 Gbps\n65k-75k\n11-12 TB\n30-33\n$20M-$23M\n"
    for day in range(1, 4):  # three rounds of tight ranges: most miss
        monkeypatch.setenv("SYSDESIGN_NOW", f"2025-03-0{day}T10:00:00+00:00")
        run(runner, app, ["-s", "photo-sharing", "--example", "--intervals"], narrow)
    report = json.loads(runner.invoke(app, ["progress", "--json"]).stdout)
    overall = report["range_calibration"]["overall"]
    assert overall["ranges"] == 27 and overall["verdict"] == "overconfident"
    held = overall["held"]
    pct = round(100 * held / 27)
    for width in ("80", "40"):
        monkeypatch.setenv("COLUMNS", width)
        text = runner.invoke(app, ["progress"]).output
        assert lines_fit(text, int(width)), text
        assert "90 % ranges: how often they held the answer" in flat(text)
        assert f"Overconfident: {pct} % of your 90 % ranges held the answer; widen them." in flat(text)
        assert "│" in text and "█" in text or held == 0
    monkeypatch.setenv("COLUMNS", "80")
    row = next(line for line in runner.invoke(app, ["progress"]).output.splitlines() if line.startswith("Photo sharing"))
    assert f"{pct} %" in row.replace("\u00a0", " ") and "27" in row and "overconfident" in row
    listing = json.loads(run(runner, app, ["--list", "--json"]).stdout)
    entry = next(f for f in listing["scenarios"] if f["id"] == "photo-sharing")
    assert entry["ranges"]["ranges"] == 27 and entry["ranges"]["verdict"] == "overconfident"


# --- arithmetic --------------------------------------------------------------------------------

def test_arithmetic_is_echoed_before_it_is_graded(runner, app):
    result = run(runner, app, ["-s", "photo-sharing", "--example", "--json"], "100M * 20 / 86400\n")
    err = flat(result.stderr)
    assert "= 23,148 rps ✓ Spot on" in err
    assert json.loads(result.stdout)["steps"][0]["given_text"] == "100M * 20 / 86400"


def test_a_unit_error_in_arithmetic_is_explained_and_asked_again(runner, app):
    result = run(runner, app, ["-s", "photo-sharing", "--example", "--json"], "1 GB / 1 ms\n23k\n")
    err = flat(result.stderr)
    assert "Could not use that answer: your arithmetic gives a data rate" in err
    assert "Try again" in err
    assert json.loads(result.stdout)["steps"][0]["grade"] == "spot on"  # not graded wrong unit


# --- napkin ------------------------------------------------------------------------------------

def test_the_napkin_technique_on_request(runner, app):
    plain = run(runner, app, ["-s", "photo-sharing", "--example", "--solve"]).output
    napkin = run(runner, app, ["-s", "photo-sharing", "--example", "--solve", "--napkin"]).output
    assert "mantissas" not in plain
    assert "1×10^8 × 2×10^1, and × 1×10^−5 to change the units" in napkin
    assert "mantissas 1 × 2 × 1 = 2; powers of ten 8 + 1 − 5 = 4" in napkin
    assert "≈ 2×10^4 rps" in napkin
    document = json.loads(run(runner, app, ["-s", "photo-sharing", "--example", "--solve", "--json"]).stdout)
    assert document["steps"][0]["napkin"][1] == "mantissas 1 × 2 × 1 = 2; powers of ten 8 + 1 − 5 = 4"


def test_the_monthly_bills_are_worked(runner, app):
    photo = flat(run(runner, app, ["-s", "photo-sharing", "--example", "--solve"]).output)
    assert "1,095 PB × $0.02 per GB-month = $21,900,000 per month" in photo
    video = flat(run(runner, app, ["-s", "video-streaming", "--example", "--solve"]).output)
    assert "10.4 Tbps = 3,375 PB per month" in video
    assert "3,375 PB per month × $0.02 per GB = $67,500,000 per month" in video
    result = run(runner, app, ["-s", "photo-sharing", "--example", "--json"], PHOTO_POINTS)
    assert json.loads(result.stdout)["steps"][-1]["grade"] == "spot on"  # $22M read as $22M a month


# --- the new sheets and drills ------------------------------------------------------------------

@pytest.mark.parametrize("topic", ["throughput", "cost"])
@pytest.mark.parametrize("width", [80, 40])
def test_the_sheets_show_every_figure_with_its_source(runner, app, monkeypatch, topic, width):
    monkeypatch.setenv("COLUMNS", str(width))
    result = runner.invoke(app, ["reference", topic])
    assert result.exit_code == 0, result.output
    assert lines_fit(result.output, width), result.output
    text = flat(result.output)
    sheet = next(t for t in load_course().reference if t.id == topic)
    for row in sheet.tables[0].rows:
        figure = row.get("rate") or row.get("price")
        assert figure in text, figure
        assert row.get("year") in text
        # each source note is on screen at both widths: its kind, and the source it names
        kind, said = row.get("source").split(" — ", 1)
        assert kind in text and said.split()[0] in text, row.get("source")
    assert f"sysdesign estimate --drill {topic}" in text


@pytest.mark.parametrize("topic", ["throughput", "cost"])
@pytest.mark.parametrize("width", [80, 40])
def test_the_drills_run_at_80_and_40_columns(runner, app, monkeypatch, topic, width):
    import random

    from sysdesign.core.estimate import drill_questions

    monkeypatch.setenv("COLUMNS", str(width))
    sheet = next(t for t in load_course().reference if t.id == topic)
    questions = drill_questions(sheet, random.Random(6), 4)
    answers = "".join(q.answer_text + "\n" for q in questions)
    result = run(runner, app, ["--drill", topic, "--seed", "6", "--count", "4", "--json"], answers)
    assert result.exit_code == 0, result.output
    # every line fits but the echo of a piped answer after its prompt (a terminal echoes it itself)
    shown = "\n".join(line for line in result.stderr.splitlines() if not line.startswith("answer ["))
    assert lines_fit(shown, width), result.stderr
    document = json.loads(result.stdout)
    assert [q["grade"] for q in document["questions"]] == ["spot on"] * 4
    assert "answer [" in result.stderr  # the unit a bare number is read in
    # a bare number is read in that unit, and a range works in drills too
    bare = run(runner, app, ["--drill", topic, "--seed", "6", "--count", "1", "--json"],
               re.sub(r"^\$", "", questions[0].answer_text.split()[0]) + "\n")
    assert json.loads(bare.stdout)["questions"][0]["grade"] == "spot on", bare.stderr


def test_every_new_table_row_carries_its_year_and_source():
    for topic in ("throughput", "cost"):
        sheet = next(t for t in load_course().reference if t.id == topic)
        table = sheet.tables[0]
        kinds = {c.id: c.kind for c in table.columns}
        assert kinds["year"] == kinds["source"] == "source"
        assert len(table.rows) >= 8
        for row in table.rows:
            assert re.search(r"\b(19|20)\d\d", row.get("year")), row
            assert " — " in row.get("source"), row  # the kind of source, then what it says


def test_a_percent_never_wraps_away_from_its_number(runner, app, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    result = run(runner, app, ["-s", "photo-sharing", "--example", "--solve"])
    assert not re.search(r"^\s*%", result.output, re.MULTILINE), result.output
    assert "90\u00a0%" in result.output


def test_help_states_the_bits_and_bytes_rule_ranges_and_arithmetic(runner, app):
    text = flat(runner.invoke(app, ["estimate", "--help"], env={"COLUMNS": "80"}).output)
    assert "Only a capital B is a byte: GB/s and GBps are bytes per second, while Gbps, gbps and Gb/s are bits" in text
    assert "20k-50k, 20k to 50k, 30k ±3x or 30k x/ 3" in text and "500M * 2 / 86400" in text
    assert "--intervals" in text and "--napkin" in text
