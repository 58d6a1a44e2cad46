"""`sysdesign content validate DIR` on folders that hold nothing to check."""

from __future__ import annotations


def test_a_folder_without_content_files_is_an_error_not_ok(runner, app, tmp_path):
    empty = tmp_path / "empty"
    (empty / "lessons").mkdir(parents=True)
    (empty / "notes.txt").write_text("not content")
    result = runner.invoke(app, ["content", "validate", str(empty)])
    assert result.exit_code == 2, result.output
    assert "holds no content files" in " ".join(result.output.split())
    assert "ok:" not in result.output


def test_a_path_that_is_not_a_folder(runner, app, tmp_path):
    result = runner.invoke(app, ["content", "validate", str(tmp_path / "missing")])
    assert result.exit_code == 2 and "is not a folder" in result.output


def test_a_folder_of_loose_deck_files_still_validates(runner, app, tmp_path):
    loose = tmp_path / "decks"
    loose.mkdir()
    (loose / "mine.yaml").write_text("deck: mine\ntitle: Mine\ncards:\n  - {id: mine-1, front: F?, back: B}\n")
    result = runner.invoke(app, ["content", "validate", str(loose)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: ")


def test_entries_with_a_yaml_name_that_are_not_files_are_reported_not_skipped(runner, app, tmp_path):
    """A dangling link, a folder and a FIFO named *.yaml: said, never read (a FIFO would hang)."""
    import os

    root = tmp_path / "content"
    decks = root / "flashcards"
    decks.mkdir(parents=True)
    (decks / "real.yaml").write_text("deck: real\ntitle: Real\ncards:\n  - {id: real-1, front: F?, back: B}\n")
    (decks / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (decks / "folder.yaml").mkdir()
    os.mkfifo(decks / "pipe.yaml")
    result = runner.invoke(app, ["content", "validate", str(root)])
    assert result.exit_code == 2, result.output
    assert "ok:" not in result.output
    flat = " ".join(result.output.split())
    for name, what in (("gone.yaml", "a broken link"), ("folder.yaml", "a folder"), ("pipe.yaml", "not a regular file")):
        assert f"{name}:1:1: {what}, so it was not read" in flat, flat
