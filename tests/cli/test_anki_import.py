"""Round trip through the real Anki library: every card arrives in the right deck, and
importing a newer export updates the notes instead of duplicating them."""

from __future__ import annotations

import pytest

from tests.cli.mini_course import DECKS, card_count, deck_yaml

try:
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
except ImportError as exc:  # pragma: no cover - depends on the environment
    pytest.skip(f"the Anki library is not installed (pip install anki; it is in the 'test' extra): {exc}",
                allow_module_level=True)


pytestmark = pytest.mark.usefixtures("mini")
MINI_NOW = "2026-11-25T12:00:00+00:00"


def import_into(col: Collection, path) -> None:
    col.import_anki_package(ImportAnkiPackageRequest(
        package_path=str(path), options=ImportAnkiPackageOptions(with_scheduling=False)))


def note_for(col: Collection, card_id: str):
    (nid,) = col.find_notes(f'"CardId:{card_id}"')
    return col.get_note(nid)


def test_anki_imports_every_card_and_updates_on_reimport(runner, app, tmp_path, monkeypatch, mini):
    first = tmp_path / "first.apkg"
    result = runner.invoke(app, ["export", "anki", str(first)])
    assert result.exit_code == 0, result.output

    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        import_into(col, first)
        assert col.note_count() == card_count() and col.card_count() == card_count()
        for deck_id, (title, cards) in DECKS.items():
            name = f"sysdesign::{title}"
            assert col.decks.id_for_name(name), name
            found = {col.get_note(nid)["CardId"] for nid in col.find_notes(f'"deck:{name}"')}
            assert found == {cid for cid, *_ in cards}, deck_id
        note = note_for(col, "m1-lb")
        assert (note["Front"], note["Back"], note["Lesson"]) == (
            "What spreads requests over servers?", "A load balancer.", "mini-one")
        assert note.tags == ["scaling"]

        # the author edits one card's back and exports again, a day later
        title, cards = DECKS["mini-one"]
        edited = [(cid, f, "An L4 or L7 load balancer." if cid == "m1-lb" else b, t) for cid, f, b, t in cards]
        (mini / "flashcards" / "mini-one.yaml").write_text(deck_yaml("mini-one", title, edited), encoding="utf-8")
        monkeypatch.setenv("SYSDESIGN_NOW", "2026-11-26T12:00:00+00:00")
        second = tmp_path / "second.apkg"
        result = runner.invoke(app, ["export", "anki", str(second)])
        assert result.exit_code == 0, result.output

        import_into(col, second)
        assert col.note_count() == card_count()  # updated, not duplicated
        assert note_for(col, "m1-lb")["Back"] == "An L4 or L7 load balancer."
        assert note_for(col, "m1-cache")["Back"] == "Memory for speed."
        assert len(col.models.all_names_and_ids()) == len({m.name for m in col.models.all_names_and_ids()})
        assert sum(1 for m in col.models.all_names_and_ids() if m.name.startswith("sysdesign card")) == 1
    finally:
        col.close()
