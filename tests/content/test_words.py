"""Words a learner reads: titles in one case style, one spelling (British) throughout."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from sysdesign.cli.common import course as load_course

SRC = Path(__file__).resolve().parents[2] / "src" / "sysdesign"

# American spellings of words the course and the program use; British is the house style
# (colour, behaviour, optimise, normalise, modelling, data centre …). Names of things keep
# their own spelling: OAuth's "authorization server", SQL's SERIALIZABLE, a tokenizer.
AMERICAN = re.compile(
    r"\b(colors?|colored|behaviors?|favors?|favorite|centers?|datacenters?|defense|labeled|labeling|"
    r"canceled|canceling|modeling|modeled|catalogs?|\w*(?:organiz|optimiz|normaliz|recogniz|summariz|"
    r"prioritiz|minimiz|maximiz|customiz|categoriz|utiliz|realiz|memoriz|visualiz)\w*|\w*analyz\w*)\b",
    re.IGNORECASE,
)
# code and styles are not words: `catalog_version`, a rich style ("color(22)"), the Anki cards' CSS
NOT_WORDS = re.compile(r"`[^`\n]*`|color\(\d+\)|text-align: center|color: #|font-|deserializ|\(\?P<\w+>"
                       r"|\boptimizer?\b", re.IGNORECASE)  # the `optimize` command and FSRS's optimizer are names
# names that start with a capital inside a sentence-case title
PROPER = {"Dropbox", "OpenID", "Connect", "Snowflake", "Raft", "Paxos", "Kafka", "ZooKeeper", "Cassandra",
          "Google", "Amazon", "Redis", "Netflix", "Spotify", "Twitter", "Uber", "S3"}


def american_words(text: str) -> list[str]:
    return [m.group(0) for m in AMERICAN.finditer(NOT_WORDS.sub(" ", text))]


def title_faults(title: str) -> list[str]:
    """Words that would be capitalised in Title Case but not in sentence case."""
    words = re.findall(r"[\w'’-]+", title)
    faults = []
    for before, word in zip([":"] + words, words):
        first = before == ":" or word is words[0]
        if first or not word[0].isupper() or word in PROPER:
            continue
        if any(c.isupper() or c.isdigit() for c in word[1:]):  # an acronym or a name: SSTables, UUIDv7
            continue
        faults.append(word)
    return faults


def test_titles_are_in_sentence_case():
    course = load_course()
    titles = [le.title for le in course.lessons] + [s.title for le in course.lessons for s in le.sections]
    titles += [d.title for d in course.decks if not d.own]
    faults = {t: title_faults(t) for t in titles if title_faults(t)}
    assert not faults, faults


def test_sentence_case_check_finds_title_case():
    assert title_faults("Key Concepts & Terminology") == ["Concepts", "Terminology"]
    assert title_faults("Networking Basics") == ["Basics"]
    assert title_faults("Ranking: TF-IDF and BM25") == []
    assert title_faults("Stage 2: early growth and the first bottleneck") == []


def _content_text() -> list[tuple[str, str]]:
    course = load_course()
    out = []
    for le in course.lessons:  # a lesson's `sources:` name works by their own titles: not checked
        out.append((le.id, " ".join([le.title, le.summary] + [f"{s.title} {s.body}" for s in le.sections])))
        for q in le.questions:
            out.append((q.id, " ".join([q.prompt, *q.choices, q.explain])))
    for card in course.cards():
        out.append((card.id, f"{card.front} {card.back}"))
    return out


def test_one_spelling_in_the_course():
    found = {where: words for where, text in _content_text() if (words := american_words(text))}
    allowed = {w for words in found.values() for w in words if w.lower().startswith(("authoriz", "tokeniz"))}
    found = {k: [w for w in v if w not in allowed] for k, v in found.items()}
    assert not {k: v for k, v in found.items() if v}


def _string_literals(path: Path) -> list[tuple[int, str]]:
    """The strings the program may show: not docstrings, not bare names ("center" as a key)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            and not node.value.isidentifier()]


def test_one_spelling_in_what_the_program_says():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for line, text in _string_literals(path):
            found += [f"{path.relative_to(SRC)}:{line}: {w}" for w in american_words(text)]
    assert not found, found


def test_the_spelling_check_catches_american_words():
    assert american_words("What are we optimizing for? A datacenter of the same color.") == [
        "optimizing", "datacenter", "color"]
    assert american_words("style='color(22)'; text-align: center; the data centre's colour") == []
    assert american_words("bump `catalog_version` in the product catalogue") == []
