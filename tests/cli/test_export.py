"""`sysdesign export anki|csv` as a user runs it."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from datetime import datetime

import genanki
import pytest

from sysdesign.store.store import Store
from tests.cli.mini_course import DECKS, card_count

pytestmark = pytest.mark.usefixtures("mini")
MINI_NOW = "2026-11-25T12:00:00+00:00"


def read_apkg(path) -> tuple[list[tuple], dict, dict]:
    """(notes as (guid, fields, tags, deck name)), decks by name, models, from inside the package."""
    with zipfile.ZipFile(path) as zf, zf.open("collection.anki2") as fh:
        data = fh.read()
    db_path = path.with_suffix(".anki2")
    db_path.write_bytes(data)
    conn = sqlite3.connect(db_path)
    decks_json, models_json = conn.execute("SELECT decks, models FROM col").fetchone()
    decks = {d["name"]: d["id"] for d in json.loads(decks_json).values()}
    names = {v: k for k, v in decks.items()}
    notes = [(guid, flds.split("\x1f"), tags.split(), names[did])
             for guid, flds, tags, did in conn.execute(
                 "SELECT n.guid, n.flds, n.tags, c.did FROM notes n JOIN cards c ON c.nid = n.id ORDER BY n.sfld")]
    conn.close()
    return notes, decks, json.loads(models_json)


def test_anki_export_has_every_card_in_a_deck_per_lesson(runner, app, tmp_path):
    out = tmp_path / "cards.apkg"
    result = runner.invoke(app, ["export", "anki", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {card_count()} cards in 2 decks to {out}" in result.output
    assert "sysdesign::Mini lesson two: the sequel" in result.output
    notes, decks, models = read_apkg(out)
    assert len(notes) == card_count()
    assert {"sysdesign", "sysdesign::Mini lesson one", "sysdesign::Mini lesson two: the sequel"} <= set(decks)
    by_id = {fields[3]: (guid, fields, tags, deck) for guid, fields, tags, deck in notes}
    guid, fields, tags, deck = by_id["m1-html"]
    assert guid == genanki.guid_for("m1-html")
    assert fields[:3] == ["Is 2 &lt; 3 &amp; 3 &gt; 2?", "Yes: &lt;b&gt;both&lt;/b&gt;.", "mini-one"]
    assert tags == ["caching", "maths"] and deck == "sysdesign::Mini lesson one"
    assert "\x1b" not in by_id["m2-esc"][1][0] and by_id["m2-esc"][1][0] == "A front with an escape sequence?"
    (model,) = models.values()
    assert [f["name"] for f in model["flds"]] == ["Front", "Back", "Lesson", "CardId"]


def test_exporting_twice_gives_the_same_ids(runner, app, tmp_path, monkeypatch):
    first, second = tmp_path / "one.apkg", tmp_path / "two.apkg"
    assert runner.invoke(app, ["export", "anki", str(first)]).exit_code == 0
    monkeypatch.setenv("SYSDESIGN_NOW", "2026-12-25T12:00:00+00:00")
    assert runner.invoke(app, ["export", "anki", str(second)]).exit_code == 0
    a, b = read_apkg(first), read_apkg(second)
    assert [n[0] for n in a[0]] == [n[0] for n in b[0]]  # guids
    assert a[1] == b[1]  # deck ids by name
    assert a[2].keys() == b[2].keys()  # model id


def test_deck_and_tag_filters(runner, app, tmp_path):
    out = tmp_path / "f.apkg"
    result = runner.invoke(app, ["export", "anki", str(out), "--deck", "mini-two"])
    assert result.exit_code == 0, result.output
    assert sorted(x[1][3] for x in read_apkg(out)[0]) == ["m2-cdn", "m2-esc", "m2-queue"]
    result = runner.invoke(app, ["export", "anki", str(out), "--tag", "caching"])
    assert result.exit_code == 0, result.output
    assert sorted(x[1][3] for x in read_apkg(out)[0]) == ["m1-cache", "m1-html", "m2-cdn"]
    result = runner.invoke(app, ["export", "anki", str(out), "-d", "mini-one", "-d", "mini-two", "-t", "queues"])
    assert [x[1][3] for x in read_apkg(out)[0]] == ["m2-queue"]


def test_bad_filters_and_paths_say_what_to_do(runner, app, tmp_path):
    nope = runner.invoke(app, ["export", "anki", str(tmp_path / "x.apkg"), "--deck", "nope"])
    assert nope.exit_code == 2
    assert "No deck 'nope'. The decks are: mini-one, mini-two." in nope.output
    empty = runner.invoke(app, ["export", "csv", str(tmp_path / "x.csv"), "--tag", "nothing"])
    assert empty.exit_code == 2 and "No cards match tag nothing; nothing was written." in empty.output
    assert not (tmp_path / "x.csv").exists()
    suffix = runner.invoke(app, ["export", "anki", str(tmp_path / "x.zip")])
    assert suffix.exit_code == 2 and "does not end in .apkg" in suffix.output
    missing = runner.invoke(app, ["export", "csv", str(tmp_path / "no" / "such" / "x.csv")])
    assert missing.exit_code == 2 and "does not exist" in missing.output
    folder = runner.invoke(app, ["export", "csv", str(tmp_path)])
    assert folder.exit_code == 2 and "is a folder" in folder.output
    assert "Traceback" not in nope.output + empty.output + suffix.output + missing.output + folder.output


def test_csv_has_the_schedule_and_nothing_a_spreadsheet_would_run(runner, app, tmp_path, isolated_home):
    with Store.open(isolated_home / "progress.sqlite3") as st, st.transaction() as c:
        c.execute("INSERT INTO card_state VALUES ('m1-cache', 'card', '{}', '2026-12-01T10:00:00+00:00', 4.5, ?)",
                  (datetime(2026, 11, 25).isoformat(),))
    out = tmp_path / "cards.csv"
    result = runner.invoke(app, ["export", "csv", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {card_count()} cards to {out}" in result.output
    rows = list(csv.reader(out.open(encoding="utf-8", newline="")))
    assert rows[0] == ["front", "back", "deck", "tags", "due", "stability"]
    assert len(rows) == card_count() + 1
    by_front = {r[0]: r for r in rows[1:]}
    assert by_front["What does a cache trade?"] == [
        "What does a cache trade?", "Memory for speed.", "Mini lesson one", "caching", "2026-12-01T10:00:00+00:00", "4.50"]
    assert by_front["'=SUM(A1:A9) is what?"][1] == "'@risk +1 -1"
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
            assert "\x1b" not in cell
    assert by_front["A front with an escape sequence?"][1] == "Red text."


def test_csv_to_stdout_is_only_csv(runner, app):
    result = runner.invoke(app, ["export", "csv", "-", "--deck", "mini-two"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][0] == "front" and len(rows) == len(DECKS["mini-two"][1]) + 1


def test_help_has_examples(runner, app):
    for sub in ("anki", "csv"):
        result = runner.invoke(app, ["export", sub, "--help"])
        assert result.exit_code == 0 and "Examples" in result.output


def test_exported_files_get_ordinary_permissions(runner, app, tmp_path):
    """A new file follows the umask (not mkstemp's 0600); a replaced file keeps its mode."""
    import os

    old = os.umask(0o022)
    try:
        for args, name in ((["export", "csv"], "cards.csv"), (["export", "anki"], "cards.apkg")):
            target = tmp_path / name
            assert runner.invoke(app, [*args, str(target)]).exit_code == 0
            assert target.stat().st_mode & 0o777 == 0o644, name
            target.chmod(0o600)
            assert runner.invoke(app, [*args, str(target)]).exit_code == 0
            assert target.stat().st_mode & 0o777 == 0o600, name
    finally:
        os.umask(old)
