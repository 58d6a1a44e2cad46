"""Own decks: `sysdesign content new-deck NAME` writes a starter that validates and loads."""

from __future__ import annotations

import json

import pytest

from tests.cli.mini_course import card_count, write_mini_course


@pytest.fixture(autouse=True)
def mini(tmp_path, monkeypatch):
    root = write_mini_course(tmp_path / "content")
    monkeypatch.setenv("SYSDESIGN_CONTENT_DIR", str(root))
    return root


def test_new_deck_writes_a_commented_starter_that_validates(runner, app, isolated_home):
    result = runner.invoke(app, ["content", "new-deck", "Kafka internals"])
    assert result.exit_code == 0, result.output
    path = isolated_home / "content" / "kafka-internals.yaml"
    assert f"Wrote {path}" in result.output
    assert "sysdesign content validate" in result.output
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Your own flashcard deck for sysdesign.")
    assert "deck: kafka-internals" in text and 'title: "Kafka internals"' in text
    assert "#   lesson: building-blocks" in text  # the optional lesson key is explained, not set

    validated = runner.invoke(app, ["content", "validate"])
    assert validated.exit_code == 0, validated.output
    assert f"{card_count() + 2} cards" in validated.output

    report = json.loads(runner.invoke(app, ["progress", "--json"]).stdout)
    assert report["cards_total"] == card_count() + 2
    assert report["cards_unlocked"] == 2  # no lesson: always unlocked


def test_an_own_deck_with_a_fault_is_reported_with_its_position(runner, app, isolated_home):
    assert runner.invoke(app, ["content", "new-deck", "mine"]).exit_code == 0
    path = isolated_home / "content" / "mine.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    tags: [example]\n", "    tagz: [example]\n", 1),
                    encoding="utf-8")
    validated = runner.invoke(app, ["content", "validate"])
    assert validated.exit_code == 2
    assert "mine.yaml:" in validated.output and "unknown key 'tagz'" in validated.output


def test_an_own_deck_exports_under_its_own_title(runner, app, tmp_path):
    assert runner.invoke(app, ["content", "new-deck", "AWS services"]).exit_code == 0
    result = runner.invoke(app, ["export", "anki", str(tmp_path / "mine.apkg"), "--deck", "aws-services"])
    assert result.exit_code == 0, result.output
    assert "Wrote 2 cards in 1 deck" in result.output and "sysdesign::AWS services" in result.output


def test_names_that_cannot_be_a_deck_or_already_exist_are_refused(runner, app, isolated_home):
    assert runner.invoke(app, ["content", "new-deck", "mine"]).exit_code == 0
    again = runner.invoke(app, ["content", "new-deck", "mine"])
    assert again.exit_code == 2 and "already exists" in again.output
    clash = runner.invoke(app, ["content", "new-deck", "mini-one"])  # a built-in deck id
    assert clash.exit_code == 2 and "already a deck with the id 'mini-one'" in clash.output
    assert not (isolated_home / "content" / "mini-one.yaml").exists()
    nonsense = runner.invoke(app, ["content", "new-deck", "!!!"])
    assert nonsense.exit_code == 2 and "does not make a deck id" in nonsense.output
    assert "Traceback" not in again.output + clash.output + nonsense.output
