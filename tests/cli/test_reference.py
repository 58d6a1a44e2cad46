"""`sysdesign reference`: cheat sheets laid out from the content, never from Python."""

from __future__ import annotations

import pytest

TOPIC = """\
id: queues
title: Queue numbers
summary: Made-up figures that exist only in this test.
tables:
  - id: queue-depths
    title: How deep queues get
    intro: An intro paragraph for the test.
    columns:
      - {id: system, title: System}
      - {id: depth, title: Typical depth, kind: quantity}
      - {id: note, title: Remark}
    rows:
      - {system: the zebra broker, depth: 1234 B, note: "striped \\e[31mred"}
      - {system: the yak queue, depth: 5 KB, note: a shaggy one}
    notes: [A note under the table.]
"""


@pytest.fixture
def content(mini):
    (mini / "lessons" / "reference").mkdir()
    (mini / "lessons" / "reference" / "queues.yaml").write_text(TOPIC, encoding="utf-8")
    return mini


def test_the_index_lists_content_topics_and_the_checklist(runner, app, content):
    result = runner.invoke(app, ["reference"])
    assert result.exit_code == 0, result.output
    assert "queues" in result.output and "Made-up figures that exist only in this test." in result.output
    assert "checklist" in result.output
    assert "sysdesign reference TOPIC" in result.output


def test_a_topic_is_a_table_from_the_yaml(runner, app, content):
    result = runner.invoke(app, ["reference", "que"])  # a prefix is enough
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Queue numbers" in out and "How deep queues get" in out
    assert "the zebra broker" in out and "1234 B" in out and "the yak queue" in out
    assert "striped red" in out and "\x1b" not in out  # escape sequences in content are stripped
    assert "An intro paragraph for the test." in out and "• A note under the table." in out
    assert "--drill" not in out  # the topic has no drill, so no hint


def test_a_narrow_terminal_keeps_names_and_figures(runner, app, content, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    result = runner.invoke(app, ["reference", "queues"])
    assert result.exit_code == 0, result.output
    assert "the zebra broker" in result.output and "1234 B" in result.output
    assert all(len(line) <= 40 for line in result.output.splitlines())


@pytest.mark.parametrize("width", ["100", "40"])
def test_the_checklist_from_the_content(runner, app, content, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", width)
    result = runner.invoke(app, ["reference", "checklist"])
    assert result.exit_code == 0, result.output
    for title, ask in [("Scale", "How many users?"), ("API boundaries", "Who calls us?")]:
        assert title in result.output and ask in result.output
    assert "Why: Size drives the design." in result.output


def test_unknown_or_ambiguous_topics_list_the_sheets(runner, app, content):
    result = runner.invoke(app, ["reference", "bogus"])
    assert result.exit_code == 2
    assert "'bogus' is not a cheat sheet. The cheat sheets are: queues, checklist." in result.output
    assert "Traceback" not in result.output


def test_all_prints_every_sheet(runner, app, content):
    result = runner.invoke(app, ["reference", "--all"])
    assert result.exit_code == 0, result.output
    assert "the zebra broker" in result.output and "The pre-diagram checklist" in result.output


def test_the_built_in_sheets(runner, app):
    """The shipped content has the four sheets the course promises, with their key figures."""
    listing = runner.invoke(app, ["reference"])
    assert listing.exit_code == 0, listing.output
    for topic in ("latency", "nines", "powers", "checklist"):
        assert topic in listing.output
    nines = runner.invoke(app, ["reference", "nines"])
    assert "8.76 h" in nines.output and "52.6 min" in nines.output
    latency = runner.invoke(app, ["reference", "latency"])
    assert "L1 cache" in latency.output
    powers = runner.invoke(app, ["reference", "powers"])
    assert "1,024 B" in powers.output


def test_help_has_examples(runner, app, content):
    result = runner.invoke(app, ["reference", "--help"])
    assert result.exit_code == 0 and "Examples" in result.output and "checklist" in result.output
