"""The coach's matcher: normalising, numbers, stemming, synonyms, fuzzy matching, negation,
and the measured test set in tests/data/coach/ (strong notes >= 70 %, weak <= 35 %, and no
point marked covered in the strong notes that a person did not find there)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sysdesign.core.coach import grade, split_notes
from sysdesign.core.matcher import Phrase, Text, stem, tokenize

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "coach"
FOLDERS = sorted(p for p in DATA.iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def problems():
    from sysdesign.content.loader import Source, load_sources

    result = load_sources([Source(p, "problem") for p in sorted((REPO / "lessons" / "problems").glob("*.yaml"))])
    assert result.ok, result.errors[:3]
    return {p.id: p for p in result.course.problems}


def words(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def found(text: str, phrase: str) -> str | None:
    hit = Text(text).find(Phrase.compile(phrase))
    return hit.evidence if hit else None


# the test set --------------------------------------------------------------------------------

def test_the_set_covers_at_least_three_problems() -> None:
    assert len(FOLDERS) >= 3
    for folder in FOLDERS:
        assert {"strong.md", "weak.md", "truth.yaml"} <= {p.name for p in folder.iterdir()}, folder


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_strong_notes_cover_most_and_nothing_that_is_not_there(problems, folder: Path) -> None:
    problem = problems[folder.name]
    truth = yaml.safe_load((folder / "truth.yaml").read_text(encoding="utf-8"))
    report = grade(problem, split_notes((folder / "strong.md").read_text(encoding="utf-8")), "staff")
    assert report.coverage >= 0.70, report.coverage
    marked = {p.id for p in report.points if p.covered}
    assert marked <= set(truth["strong"]), f"marked covered but not in the notes: {marked - set(truth['strong'])}"
    for point in report.points:  # the evidence is the learner's own words, as written
        if point.covered:
            assert point.evidence and point.evidence in " ".join((folder / "strong.md").read_text().split())


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_weak_notes_cover_little(problems, folder: Path) -> None:
    report = grade(problems[folder.name], split_notes((folder / "weak.md").read_text(encoding="utf-8")), "staff")
    assert report.coverage <= 0.35, report.coverage


def test_the_benchmark_reports_the_false_covered_rate() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("coach_bench", REPO / "tests" / "bench" / "coach.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    doc = bench.measure()
    assert doc["marked_covered"] > 50 and 0 <= doc["false_covered_rate"] <= 0.05
    assert {r["notes"] for r in doc["files"]} >= {"strong", "weak"}


# normalising ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("116k", ["116000"]), ("116,000", ["116000"]), ("116 thousand", ["116000"]), ("115,741", ["116000"]),
    ("1,157", ["1160"]), ("1.16K", ["1160"]), ("a hundred", ["100"]), ("seven characters", ["7", "character"]),
    ("3.5 trillion", ["3500000000000"]), ("10M", ["10000000"]), ("10 million", ["10000000"]),
    ("182TB", ["182", "tb"]), ("99.99", ["99.99"]), ("62^7", ["62^7"]), ("100:1", ["100:1"]),
])
def test_numbers_are_one_canonical_word(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_spellings_stems_and_synonyms_agree() -> None:
    assert words("read-heavy") == words("read heavy")
    assert words("Partitioned, partitions, partitioning; sharding") == ["partition"] * 4
    assert words("caches cached caching cache") == ["cach"] * 4
    assert words("DB") == ["database"] and words("LB") == ["load", "balancer"]
    assert words("116K req/s") == words("116,000 requests per second")
    assert words("don’t") == ["dont"] and words("at‑least‑once") == ["at", "least", "once"]
    assert stem("lagging") == "lag" and stem("status") == "status" and stem("redis") == "redis"


# matching ------------------------------------------------------------------------------------

def test_exact_fuzzy_split_and_reordered_matches() -> None:
    assert found("we use Redis cache-aside", "cache-aside") == "cache-aside"
    assert found("a consitent hashing ring", "consistent hashing") == "consitent hashing"  # a typo
    assert found("clients hold a web socket open", "websocket") == "web socket"  # a split word
    assert found("the fanout service", "fan-out") == "fanout"
    assert found("it might hit a lagging replica", "replication lag") == "lagging replica"  # order
    assert found("a hundred redirects for every link", "100 redirects per link") is not None


def test_near_misses_do_not_match() -> None:
    assert found("one queue per host and a per-host timer", "cap per host") is None
    assert found("hash the content: hash the page body", "consistent hashing") is None
    assert found("a partition the frontier", "partition the set") is None
    assert found("shard", "share") is None and found("replay the log", "replica") is None
    assert found("116k redirects", "115k") is None  # numbers match exactly (to 3 figures)


def test_a_negated_mention_does_not_cover() -> None:
    assert found("no cache: every read goes to the database", "cache") is None
    assert found("we don't need a queue here", "queue") is None
    assert found("without a load balancer", "load balancer") is None
    assert found("No. Put a cache in front", "cache") == "cache"  # another clause
    assert found("no single point of failure anywhere", "single point of failure") is not None
    text = Text("no cache")
    assert text.negated(Phrase.compile("cache")).evidence == "cache"


def test_evidence_is_the_words_as_typed() -> None:
    hit = Text("Reads:\n~116K   redirects/s at peak").find(Phrase.compile("116k"))
    assert hit.evidence == "116K"
