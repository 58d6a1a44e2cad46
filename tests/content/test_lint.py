"""`sysdesign content lint`: each rule fires on a small bad deck or lesson, stays quiet on a
good one, and can be silenced per item; the built-in content lints clean."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sysdesign.content.lint import RULE_IDS, lint, list_items
from sysdesign.content.loader import load_sources
from sysdesign.content.sources import Source

GOOD_CARD = ("good-1", "What does a load balancer spread?", "Requests over servers.")


def _deck(cards: list[tuple], deck: str = "mine") -> str:
    lines = [f"deck: {deck}", f"title: {deck}", "cards:"]
    for card in cards:
        cid, front, back, *rest = card
        lines += [f"  - id: {cid}", f"    front: {front!r}", f"    back: {back!r}"]
        if rest:
            lines.append(f"    lint: [{', '.join(rest[0])}]")
    return "\n".join(lines) + "\n"


def _lesson(questions: str) -> str:
    return textwrap.dedent("""\
        id: les
        title: A lesson
        order: 1
        sections:
          - id: les-s
            title: Only
            body: Text.
        questions:
        """) + textwrap.indent(textwrap.dedent(questions), "  ")


def lint_files(tmp_path: Path, *, decks: dict[str, str] | None = None, lesson: str | None = None):
    sources = []
    for name, text in (decks or {}).items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(text)
        sources.append(Source(path, "deck"))
    if lesson is not None:
        path = tmp_path / "les.yaml"
        path.write_text(lesson)
        sources.append(Source(path, "lesson"))
    result = load_sources(sources, base=tmp_path)
    assert not result.errors, [str(e) for e in result.errors]
    return lint(result.course)


def rules_of(findings) -> list[str]:
    return [f.rule for f in findings]


def card_rules(tmp_path: Path, *cards: tuple) -> list[str]:
    return rules_of(lint_files(tmp_path, decks={"mine": _deck([GOOD_CARD, *cards])}))


# --- card rules --------------------------------------------------------------------------

@pytest.mark.parametrize("front, back", [
    ("Which three load balancers does the recap table list?", "NGINX, HAProxy, AWS ALB."),
    ("What is the first bottleneck, per the lesson?", "The database."),
    ("What is Mistake 1 in design interviews?", "Jumping to a solution."),
    ("What does this course call the STRAW checklist?", "An estimation order."),
    ("Why do caches go stale?", "As the lesson explains, writes skip them."),
])
def test_meta_wording_on_cards(tmp_path, front, back):
    assert card_rules(tmp_path, ("bad", front, back)) == ["meta-wording"]


def test_meta_wording_on_question_prompts(tmp_path):
    findings = lint_files(tmp_path, lesson=_lesson("""\
        - id: q-meta
          kind: truefalse
          prompt: According to the lesson, caches are always consistent.
          answer: false
          explain: They go stale.
        """))
    assert rules_of(findings) == ["meta-wording"]
    assert "'According to the lesson'" in findings[0].message


def test_subject_words_like_table_are_not_meta(tmp_path):
    assert card_rules(tmp_path, ("ok", "What locks a whole table during an ALTER in old MySQL?",
                                 "A table-copying schema change."),
                      ("moral", "What is the main lesson of the 2017 S3 outage?",
                       "Typos in operational commands need guard rails.")) == []


def test_long_answer(tmp_path):
    back = "A cache keeps copies of hot data in memory. " * 5
    assert card_rules(tmp_path, ("long", "What does a cache do?", back)) == ["long-answer"]


@pytest.mark.parametrize("back", [
    "Strings, hashes, lists, sets, sorted sets.",
    "Microservices, Kafka, distributed tracing and a service mesh.",
    "Stub resolver → recursive resolver → root → TLD → authoritative.",
    "Scale and edge cases, meaning bottlenecks, failures, monitoring and alerting.",
])
def test_list_answer(tmp_path, back):
    assert card_rules(tmp_path, ("list", "What goes here?", back)) == ["list-answer"]


@pytest.mark.parametrize("back", [
    "PostgreSQL, MySQL, SQLite.",  # three items are fine
    "A subset of data, usually the most recently or frequently used items, in fast storage.",
    "No, it is a certainty; the question is when, and whether you degrade gracefully.",
    "Durability, since all in-sync replicas confirm, at the cost of throughput and latency.",
    "90,000 s, which is 25 hours a day.",
])
def test_prose_with_commas_is_not_a_list(tmp_path, back):
    assert card_rules(tmp_path, ("prose", "What goes here?", back)) == []
    assert len(list_items(back)) <= 3


def test_answer_in_front(tmp_path):
    assert card_rules(tmp_path, ("give", "Your dependencies have ____ of their own.",
                                 "dependencies (so plan for failure)")) == ["answer-in-front"]


def test_a_choice_between_alternatives_may_name_the_answer(tmp_path):
    assert card_rules(tmp_path, ("alt", "Is a latency target functional or non-functional?",
                                 "Non-functional.")) == []


def test_duplicate_front_across_decks(tmp_path):
    decks = {
        "one": _deck([("one-a", "About how much downtime a year does 99.9 % availability allow?",
                       "8.76 hours.")], "one"),
        "two": _deck([("two-a", "99.9 % availability allows about ____ of downtime per year.",
                       "About 8.8 h.")], "two"),
    }
    findings = lint_files(tmp_path, decks=decks)
    assert rules_of(findings) == ["duplicate-front"]
    assert findings[0].where.path == "two.yaml" and "one-a (one.yaml:4:5" in findings[0].message


def test_contrast_pairs_are_not_duplicates(tmp_path):
    assert card_rules(
        tmp_path,
        ("ssd", "Rough time to read 1 MB sequentially from an SSD?", "1 ms."),
        ("hdd", "Rough time to read 1 MB sequentially from an HDD?", "20 ms."),
        ("https", "Default port for HTTPS?", "443"),
        ("http", "Default port for plain HTTP?", "80"),
    ) == []


def test_a_card_silences_a_rule_and_an_unknown_rule_is_reported(tmp_path):
    assert card_rules(tmp_path, ("ok", "Which seven layers make up OSI?",
                                 "Physical, Data link, Network, Transport, Session, Presentation, "
                                 "Application.", ["list-answer"])) == []
    assert card_rules(tmp_path, ("typo", "What is DNS?", "A name service.", ["list-answers"])) \
        == ["unknown-rule"]


# --- question rules ----------------------------------------------------------------------

CHOICE = """\
- id: {id}
  kind: choice
  prompt: Which one?
  choices: {choices}
  answer: {answer}
  explain: Because.
  {extra}
"""


def _choice(qid: str, choices: list[str], answer: int, extra: str = "") -> str:
    return CHOICE.format(id=qid, choices=choices, answer=answer, extra=extra)


def test_key_longest(tmp_path):
    lesson = _lesson(_choice("q1", ["Short", "The right option, much longer than the rest", "Brief",
                                    "Terse"], 1))
    findings = lint_files(tmp_path, lesson=lesson)
    assert rules_of(findings) == ["key-longest"]
    assert "(b, 43 characters)" in findings[0].message


def test_key_only_slightly_longest_is_fine(tmp_path):
    lesson = _lesson(_choice("q1", ["Reads go to the replica", "Writes go to the primary!",
                                    "Both go to the cache"], 1))
    assert lint_files(tmp_path, lesson=lesson) == []


def test_multi_whose_right_options_are_all_the_long_ones(tmp_path):
    lesson = _lesson("""\
        - id: q-multi
          kind: multi
          prompt: Which apply?
          choices: [A long and detailed right option, Short, Another long right option here, Tiny]
          answer: [0, 2]
          explain: Because.
        """)
    assert rules_of(lint_files(tmp_path, lesson=lesson)) == ["key-longest"]


def test_multi_with_fewer_than_two_wrong_options(tmp_path):
    lesson = _lesson("""\
        - id: q-multi
          kind: multi
          prompt: Which apply?
          choices: [Alpha, Bravo, Charlie, Delta]
          answer: [0, 1, 3]
          explain: Because.
        """)
    findings = lint_files(tmp_path, lesson=lesson)
    assert rules_of(findings) == ["multi-few-wrong"]
    assert "only 1 of 4 options is wrong" in findings[0].message


@pytest.mark.parametrize("word", ["Roughly", "About", "Approximately", "Estimate"])
def test_tight_tolerance_on_a_rough_question(tmp_path, word):
    lesson = _lesson(f"""\
        - id: q-num
          kind: numeric
          prompt: {word} how many codes do 6 hex characters give?
          answer: {{value: 16777216, tolerance: 0.02}}
          explain: 16^6.
        """)
    assert rules_of(lint_files(tmp_path, lesson=lesson)) == ["tight-tolerance"]


def test_tight_tolerance_on_an_exact_question_is_fine(tmp_path):
    lesson = _lesson("""\
        - id: q-num
          kind: numeric
          prompt: How many codes do 6 hex characters give, exactly?
          answer: {value: 16777216, tolerance: 0.001}
          explain: 16^6.
        """)
    assert lint_files(tmp_path, lesson=lesson) == []


def test_order_listed_in_order(tmp_path):
    lesson = _lesson("""\
        - id: q-order
          kind: order
          prompt: Order them.
          choices: [First, Second, Third]
          answer: [0, 1, 2]
          explain: Because.
        """)
    assert rules_of(lint_files(tmp_path, lesson=lesson)) == ["order-unshuffled"]


# --- lesson tallies ----------------------------------------------------------------------

OPTIONS = ["Alpha one", "Bravo two", "Charlie 3", "Delta four"]


def test_key_position_bias(tmp_path):
    answers = [1, 1, 1, 1, 1, 0, 2, 3]  # 5 of 8 at b
    lesson = _lesson("".join(_choice(f"q{i}", OPTIONS, a) for i, a in enumerate(answers)))
    findings = lint_files(tmp_path, lesson=lesson)
    assert rules_of(findings) == ["key-position"]
    assert "5 of 8 choice questions have the key at b (a 1, b 5, c 1, d 1)" in findings[0].message


def test_key_position_spread_or_silenced(tmp_path):
    spread = [0, 1, 2, 3, 0, 1, 2, 3]
    assert lint_files(tmp_path, lesson=_lesson("".join(
        _choice(f"q{i}", OPTIONS, a) for i, a in enumerate(spread)))) == []
    silenced = "".join(_choice(f"q{i}", OPTIONS, 1, "lint: [key-position]" if i < 2 else "")
                       for i in range(5)) + "".join(_choice(f"r{i}", OPTIONS, i) for i in (0, 2, 3))
    assert lint_files(tmp_path, lesson=_lesson(silenced)) == []  # 3 of 6 counted: too few


def test_key_longest_share(tmp_path):
    # the key is the longest, but only a little, in 4 of 6 questions
    longer = ["Alpha one", "Bravo two!!", "Charlie 3", "Delta four"]
    questions = [_choice(f"q{i}", longer, 1) for i in range(4)]
    questions += [_choice(f"r{i}", OPTIONS, 0) for i in range(2)]
    findings = lint_files(tmp_path, lesson=_lesson("".join(questions)))
    assert "key-longest-share" in rules_of(findings)


def test_truefalse_balance(tmp_path):
    statements = "".join(
        f"- id: t{i}\n  kind: truefalse\n  prompt: Statement {i}.\n"
        f"  answer: {'true' if i < 5 else 'false'}\n  explain: Because.\n" for i in range(6))
    findings = lint_files(tmp_path, lesson=_lesson(statements))
    assert rules_of(findings) == ["truefalse-balance"]
    assert "5 of 6 true/false questions are true" in findings[0].message


def test_every_rule_has_a_test_here():
    source = Path(__file__).read_text()
    assert [r for r in RULE_IDS if f'"{r}"' not in source] == []


# --- the command -------------------------------------------------------------------------

def _course(tmp_path: Path, deck: str) -> Path:
    root = tmp_path / "course"
    (root / "flashcards").mkdir(parents=True)
    (root / "flashcards" / "mine.yaml").write_text(deck)
    return root


def test_command_prints_findings_and_exits_1(runner, app, tmp_path):
    root = _course(tmp_path, _deck([("m-1", "What is Mistake 2, per the lesson?", "Cramming.")]))
    result = runner.invoke(app, ["content", "lint", str(root)])
    assert result.exit_code == 1, result.output
    first = result.output.splitlines()[0]
    assert "flashcards/mine.yaml:4:5: meta-wording: the front says 'Mistake 2'" in first


def test_command_on_clean_content_exits_0(runner, app, tmp_path):
    root = _course(tmp_path, _deck([GOOD_CARD]))
    result = runner.invoke(app, ["content", "lint", str(root)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("clean: ")


def test_command_on_invalid_content_exits_2(runner, app, tmp_path):
    root = _course(tmp_path, "deck: mine\ntitle: Mine\ncards:\n  - {id: Bad Id, front: F?}\n")
    result = runner.invoke(app, ["content", "lint", str(root)])
    assert result.exit_code == 2, result.output
    assert "mine.yaml:4:" in result.output and "cannot be linted" in " ".join(result.output.split())


def test_command_on_an_empty_folder_exits_2(runner, app, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["content", "lint", str(empty)])
    assert result.exit_code == 2 and "holds no content files" in " ".join(result.output.split())


def test_help_lists_every_rule(runner, app):
    result = runner.invoke(app, ["content", "lint", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert all(f"{rule}:" in text for rule in RULE_IDS)


def test_the_built_in_content_lints_clean(runner, app):
    result = runner.invoke(app, ["content", "lint"])
    assert result.exit_code == 0, result.output[-4000:]
