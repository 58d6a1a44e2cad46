"""Own decks: `sysdesign content new-deck NAME` writes a starter that validates and loads."""

from __future__ import annotations

import json

import pytest

from tests.cli.mini_course import card_count

pytestmark = pytest.mark.usefixtures("mini")


def test_new_deck_writes_a_commented_starter_that_validates(runner, app, isolated_home):
    result = runner.invoke(app, ["content", "new-deck", "Kafka internals"])
    assert result.exit_code == 0, result.output
    path = isolated_home / "content" / "kafka-internals.yaml"
    assert f"Wrote {path}" in result.output
    assert "sysdesign content validate" in result.output
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Your own flashcard deck for sysdesign.")
    assert 'deck: "kafka-internals"' in text and 'title: "Kafka internals"' in text
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


@pytest.mark.parametrize("name", ["2024", "yes", "no", "on", "null", "0x1f", "1e3"])
def test_a_name_yaml_would_read_as_a_number_or_a_flag_still_makes_a_working_deck(runner, app, name):
    assert runner.invoke(app, ["content", "new-deck", name]).exit_code == 0
    validated = runner.invoke(app, ["content", "validate"])
    assert validated.exit_code == 0, validated.output
    quiz = runner.invoke(app, ["quiz", "--deck", name, "--cram"], input="q\n")
    assert quiz.exit_code == 0, quiz.output


def test_a_broken_own_deck_is_skipped_with_a_warning_and_the_course_still_works(runner, app, isolated_home):
    assert runner.invoke(app, ["content", "new-deck", "mine"]).exit_code == 0
    path = isolated_home / "content" / "mine.yaml"
    path.write_text("deck: mine\ncards: [oops\n", encoding="utf-8")
    (isolated_home / "content" / "folder.yaml").mkdir()
    report = runner.invoke(app, ["progress", "--json"])
    assert report.exit_code == 0, report.output
    assert json.loads(report.stdout)["cards_total"] == card_count()
    assert "Skipped your deck" in report.stderr and "mine.yaml" in report.stderr
    assert "folder.yaml" in report.stderr and "a folder" in report.stderr
    validated = runner.invoke(app, ["content", "validate"])  # the author's tool still fails on it
    assert validated.exit_code == 2 and "mine.yaml:3:1: YAML syntax" in validated.output
    assert "folder.yaml:1:1: a folder" in validated.output


def test_a_deck_name_too_long_for_a_file_name_is_refused_up_front(runner, app, isolated_home):
    result = runner.invoke(app, ["content", "new-deck", "x" * 300])
    assert result.exit_code == 2 and "at most 64 characters" in result.output
    assert "Traceback" not in result.output and not (isolated_home / "content").exists()


def test_ids_are_ascii_so_look_alike_letters_are_refused(runner, app, isolated_home):
    folder = isolated_home / "content"
    folder.mkdir(parents=True)
    (folder / "spoof.yaml").write_text(
        "deck: spoof\ntitle: Spoof\ncards:\n  - {id: k\u0443, front: a?, back: b}\n"
        "  - {id: \uff41b, front: c?, back: d}\n", encoding="utf-8")
    validated = runner.invoke(app, ["content", "validate"])
    assert validated.exit_code == 2
    assert validated.output.count("must be lowercase letters, digits and dashes") == 2
