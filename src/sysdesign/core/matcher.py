"""Does a learner's text mention a phrase? Normalised words, a small synonym table, light
stemming, a fuzzy ratio (rapidfuzz) and cheap negation awareness. Pure: no terminal, no disk.

What it does, in order:

1. **Normalise**: lower case; dashes, quotes and slashes unified; a hyphen between letters is a
   space ("read-heavy" = "read heavy"); numbers lose their thousands separators and take their
   multiplier ("116k", "116,000", "116 thousand" and "a hundred and sixteen thousand" are all
   116000), rounded to three significant figures so "115,741" and "116k" agree; small number
   words become digits ("seven characters" = "7 characters").
2. **Stem** each word lightly ("partitioned", "partitions", "partitioning" -> "partition";
   "caches", "cached", "caching" -> "cach") and map a few synonyms and abbreviations to one
   word ("db" -> "database", "sharding" -> "partition", "qps" -> "rps").
3. **Match** a phrase against every run of words of about its length: exact for short phrases
   and for numbers, else a rapidfuzz ratio of at least ``FUZZY_MIN`` (a typo, a missing space).
4. **Negation**: a match right after "no", "not", "without", "never", "don't" … in the same
   clause does not count ("no cache" does not mention a cache), unless the phrase names
   something bad whose absence is the point ("no single point of failure").

It does not understand anything: it tells whether words are there, not whether they are right.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

FUZZY_MIN = 88.0  # rapidfuzz ratio (0-100) for phrases long enough to have a typo
EXACT_BELOW = 6  # phrases (and, in a fuzzy match, words) shorter than this must match exactly
WORD_MIN = 85.0  # in a fuzzy match of several words, each word's own ratio
JOINED_MIN = 95.0  # a phrase against one word more or fewer, both without spaces ("web socket")
NEGATION_REACH = 3  # words looked back for a negation, within one clause

NEGATORS = frozenset({"no", "not", "without", "never", "dont", "doesnt", "isnt", "arent", "wont",
                      "avoid", "skip", "nor", "neither", "instead of", "rather than"})
# a negated phrase that names one of these still covers the point: "no single point of failure"
# and "never lost" say the bad thing is designed away
BAD_THINGS = ("single point of failure", "spof", "duplicat", "loss", "lost", "downtime", "outage",
              "hot spot", "hotspot", "double", "offset", "race", "overwrit", "collision", "stale")

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100, "dozen": 12,
}
MULTIPLIERS = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mil": 1e6, "m": 1e6,
               "billion": 1e9, "bn": 1e9, "trillion": 1e12, "tn": 1e12}

# after stemming: word (or words) -> the word every spelling becomes
SYNONYMS: dict[str, str] = {
    "db": "database", "dbs": "database", "datastore": "database", "rdbms": "database",
    "lb": "load balancer", "lbs": "load balancer", "loadbalancer": "load balancer",
    "shard": "partition", "sharded": "partition", "partitioned": "partition",
    "qps": "rps", "req/s": "rps", "tps": "rps", "ops/s": "rps", "writes/s": "rps",
    "requests per second": "rps", "request per second": "rps", "reads/s": "rps",
    "per second": "rps", "/s": "rps", "/sec": "rps", "per sec": "rps",
    "for every": "per", "for each": "per",
    "msg": "message", "msgs": "message", "ids": "id", "uid": "id", "uuid": "uuid",
    "k8s": "kubernetes", "pubsub": "pub sub", "pub/sub": "pub sub",
    "ttl": "time to live", "cdns": "cdn", "api": "api", "apis": "api",
    "ws": "websocket", "web socket": "websocket", "websocket": "websocket",
    "fanout": "fan out", "fan-out": "fan out",
    "dedupe": "dedup", "deduplicat": "dedup", "de duplicat": "dedup", "deduplication": "dedup",
    "idempotency": "idempot", "idempotent": "idempot",
    "replication": "replica", "replicat": "replica", "replicas": "replica",
    "asynchronous": "async", "asynchronously": "async",
    "memcache": "memcached", "elasticsearch": "elastic", "opensearch": "elastic",
    "postgresql": "postgres", "mongodb": "mongo", "dynamo": "dynamodb",
    "percentile 99": "p99", "99th percentile": "p99",
    "thundering herd": "stampede", "dogpile": "stampede", "cache stampede": "stampede",
    "e2e": "end to end", "end-to-end": "end to end",
}
# spellings unified before splitting into words; every rewrite keeps the text's length, so a
# word's position in the prepared text is its position in the original
_SAME_LENGTH = (
    (re.compile(r"[\u2010-\u2015\u2212]"), "-"),      # dashes and minus signs
    (re.compile(r"[\u2018\u2019\u201b\u2032`]"), "'"),
    (re.compile(r"[\u201c\u201d\u201f\u2033]"), '"'),
    (re.compile(r"→"), ">"),
    (re.compile(r"×"), "x"),
    (re.compile(r"(?<=[a-z])-(?=[a-z0-9])|(?<=[0-9])-(?=[a-z])"), " "),  # read-heavy, at-least-once
)
_RATE = re.compile(r"\b(?:req|reqs|requests?|ops|operations?|writes?|reads?|queries|query|messages?|msgs?|"
                   r"events?|calls?|lookups?|inserts?|updates?|checks?|hits?|posts?)\s*/\s*(?:s|sec|second)\b")
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?[a-z]*|\d+(?:\.\d+)?(?:\^\d+|:\d+)?[a-z]*"
                    r"|[a-z][a-z0-9]*(?:'[a-z]+)*(?:\.[a-z0-9]+)*|/s\b|/sec\b|->|=>|[>.;!?()\[\],]")
_CLAUSE_BREAKS = frozenset(".;!?()[],>") | {"->", "=>"}
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)([a-z]*)")


@dataclass(frozen=True)
class Token:
    text: str  # normalised, stemmed, synonym-mapped
    start: int  # character span in the original text
    end: int
    clause: int  # tokens in one clause share this number
    number: bool = False


@dataclass(frozen=True)
class Hit:
    phrase: str  # the phrase as written in the content
    evidence: str  # the learner's words that matched, as typed
    score: float  # 0-100
    start: int  # character offset of the evidence in the text
    negated: bool = False


def stem(word: str) -> str:
    """A light stemmer: plural and verb endings off, then a final "e" (caches/cached -> cach,
    lagging -> lag)."""
    if not word.isalpha() or len(word) <= 3:
        return word
    stripped = False
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            if suffix == "es" and not word.endswith(("ches", "shes", "xes", "sses", "ues", "ses", "zes")):
                continue
            word = word[: len(word) - len(suffix)] + keep
            stripped = True
            break
    if len(word) > 4 and word.endswith("e") and not word.endswith("ee"):
        word = word[:-1]
    if stripped and len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "lsz":  # lagg -> lag
        word = word[:-1]
    return word


def _number_text(value: float) -> str:
    """From 1,000 up, three significant figures, so "115,741" and "116k" are the same number;
    below that as written (99.99 is not 100)."""
    if abs(value) < 1000:
        return f"{value:g}"
    text = f"{value:.3g}"
    number = float(text)
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else text


@lru_cache(maxsize=4096)
def _map_word(word: str) -> str:
    stemmed = stem(word)
    return SYNONYMS.get(word) or SYNONYMS.get(stemmed) or stemmed


def _char(c: str) -> str:
    """One character, lower case and compatibility-normalised, always one character long."""
    n = unicodedata.normalize("NFKC", c).lower()
    return n if len(n) == 1 else (c.lower() if len(c.lower()) == 1 else " ")


def _prepare(text: str) -> str:
    text = "".join(_char(c) for c in text) if not text.isascii() else text.lower()
    for pattern, replacement in _SAME_LENGTH:
        text = pattern.sub(replacement, text)
    return _RATE.sub(lambda m: "rps".ljust(len(m.group())), text)


@dataclass
class _Raw:
    text: str
    start: int
    end: int
    clause: int


def _raw_tokens(text: str) -> list[_Raw]:
    out: list[_Raw] = []
    clause = 0
    for m in _TOKEN.finditer(_prepare(text)):
        word = m.group()
        if word in _CLAUSE_BREAKS:
            clause += 1
            continue
        out.append(_Raw(word.replace("'", ""), m.start(), m.end(), clause))
    return out


_SCALE_WORDS = ("hundred", "thousand", "million", "billion", "trillion", "dozen")


def _numbers(raw: list[_Raw]) -> list[_Raw]:
    """Numbers as one canonical word each: "116k", "116,000" and "116 thousand" -> #116000; "a
    hundred" -> #100; a unit stuck to a number is split off ("182tb" -> #182 tb)."""
    out: list[_Raw] = []
    i = 0
    while i < len(raw):
        tok = raw[i]
        value: float | None = None
        unit = ""
        j = i + 1
        m = _NUMBER.fullmatch(tok.text.replace(",", ""))
        if m:
            value, unit = float(m.group(1)), m.group(2)
            if unit in MULTIPLIERS:
                value, unit = value * MULTIPLIERS[unit], ""
        elif tok.text in NUMBER_WORDS:
            value = float(NUMBER_WORDS[tok.text])
        elif tok.text in ("a", "an") and j < len(raw) and raw[j].text in _SCALE_WORDS:
            value = 1.0
        if value is None or "^" in tok.text or ":" in tok.text:  # 62^7 and 100:1 stay as written
            out.append(tok)
            i += 1
            continue
        end = tok.end
        while not unit and j < len(raw) and raw[j].clause == tok.clause:
            word = raw[j].text
            if word in MULTIPLIERS:
                value *= MULTIPLIERS[word]
            elif word == "hundred":
                value *= 100
            elif word == "dozen":
                value *= 12
            else:
                break
            end = raw[j].end
            j += 1
        out.append(_Raw("#" + _number_text(value), tok.start, end, tok.clause))
        if unit:
            out.append(_Raw(unit, tok.start, tok.end, tok.clause))
        i = j
    return out


def tokenize(text: str) -> list[Token]:
    """The words of ``text``, normalised, with where each one was in the text."""
    raw = _numbers(_raw_tokens(text))
    words: list[Token] = []
    for tok in raw:
        if tok.text.startswith("#"):
            words.append(Token(tok.text[1:], tok.start, tok.end, tok.clause, number=True))
            continue
        mapped = _map_word(tok.text)
        parts = mapped.split(" ")
        for part in parts:
            words.append(Token(part, tok.start, tok.end, tok.clause))
    return _multiword_synonyms(words)


_MULTI = {tuple(k.split(" ")): v for k, v in SYNONYMS.items() if " " in k}
_MULTI_STEMMED = {tuple(_map_word(w) for w in k): v for k, v in _MULTI.items()}


def _multiword_synonyms(words: list[Token]) -> list[Token]:
    if not _MULTI_STEMMED:
        return words
    longest = max(len(k) for k in _MULTI_STEMMED)
    out: list[Token] = []
    i = 0
    while i < len(words):
        for size in range(longest, 1, -1):
            key = tuple(w.text for w in words[i:i + size])
            if len(key) == size and key in _MULTI_STEMMED and len({w.clause for w in words[i:i + size]}) == 1:
                first, last = words[i], words[i + size - 1]
                for part in _MULTI_STEMMED[key].split(" "):
                    out.append(Token(part, first.start, last.end, first.clause))
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


@dataclass(frozen=True)
class Phrase:
    """A phrase from the content, compiled once."""

    text: str
    words: tuple[str, ...]
    joined: str
    numbers: frozenset[str]
    bad_thing: bool

    @classmethod
    def compile(cls, text: str) -> Phrase | None:
        tokens = tokenize(text)
        if not tokens:
            return None
        words = tuple(t.text for t in tokens)
        low = _prepare(text)
        return cls(text, words, " ".join(words), frozenset(t.text for t in tokens if t.number),
                   any(b in low for b in BAD_THINGS))


class Text:
    """A learner's text, tokenised once and searched for many phrases."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)
        self._by_first: dict[str, list[int]] = {}
        for i, tok in enumerate(self.tokens):
            self._by_first.setdefault(tok.text[:2], []).append(i)

    def find(self, phrase: Phrase) -> Hit | None:
        """The best place where ``phrase`` is mentioned and not negated (None: nowhere)."""
        best: Hit | None = None
        negated: Hit | None = None
        for start, end, score in self._candidates(phrase):
            hit = Hit(phrase.text, self._evidence(start, end), score, self.tokens[start].start)
            if not phrase.bad_thing and self._negated(start):
                negated = negated or Hit(hit.phrase, hit.evidence, score, hit.start, negated=True)
                continue
            if best is None or score > best.score:
                best = hit
                if score >= 100:
                    break
        return best

    def negated(self, phrase: Phrase) -> Hit | None:
        """A place where the phrase is mentioned only to be ruled out ("no cache")."""
        for start, end, score in self._candidates(phrase):
            if not phrase.bad_thing and self._negated(start):
                return Hit(phrase.text, self._evidence(start, end), score, self.tokens[start].start, True)
        return None

    def _candidates(self, phrase: Phrase) -> Iterable[tuple[int, int, float]]:
        n = len(phrase.words)
        tokens = self.tokens
        exact = len(phrase.joined) < EXACT_BELOW or bool(phrase.numbers) and n == 1
        sizes = (n,) if exact else tuple(s for s in (n, n + 1, n - 1) if s >= 1)
        starts = self._by_first.get(phrase.words[0][:2], [])
        if not exact and n > 1:  # the words in another order, or a typo in the first letters
            starts = range(len(tokens))
        for i in starts:
            for size in sizes:
                window = tokens[i:i + size]
                if len(window) < size or window[0].clause != window[-1].clause:
                    continue
                words = tuple(t.text for t in window)
                if words == phrase.words:
                    yield i, i + size, 100.0
                    continue
                if exact:
                    continue
                if phrase.numbers and not phrase.numbers <= {t.text for t in window if t.number}:
                    continue
                score = _similar(phrase.words, words)
                if score >= FUZZY_MIN:
                    yield i, i + size, score

    def _negated(self, start: int) -> bool:
        clause = self.tokens[start].clause
        for k in range(max(0, start - NEGATION_REACH), start):
            tok = self.tokens[k]
            if tok.clause == clause and tok.text in NEGATORS:
                return True
        return False

    def _evidence(self, start: int, end: int) -> str:
        first, last = self.tokens[start], self.tokens[end - 1]
        return " ".join(self.text[first.start:last.end].split())


def _similar(phrase: tuple[str, ...], window: tuple[str, ...]) -> float:
    """How alike a phrase and a run of words are (0-100). The same number of words: each word
    must be close to its partner (in order, or in sorted order: "lagging replica" is "replica
    lag"), so "a per host" is not "cap per host". One word more or fewer: a word split or joined
    ("web socket", "fanout"), compared without the spaces."""
    from rapidfuzz import fuzz  # lazy: only grading needs it

    if len(phrase) != len(window):
        score = fuzz.ratio("".join(phrase), "".join(window))
        return score if score >= JOINED_MIN else 0.0
    best = 0.0
    for a, b in ((phrase, window), (tuple(sorted(phrase)), tuple(sorted(window)))):
        if all(x == y or (len(x) >= EXACT_BELOW and fuzz.ratio(x, y) >= WORD_MIN) for x, y in zip(a, b)):
            best = max(best, fuzz.ratio(" ".join(a), " ".join(b)))
    return best


def compile_phrases(phrases: Sequence[str]) -> tuple[Phrase, ...]:
    return tuple(p for p in (Phrase.compile(text) for text in phrases) if p is not None)


def mentions(text: Text, phrases: Sequence[Phrase]) -> Hit | None:
    """The first phrase mentioned (not negated) in ``text``, with its evidence."""
    best: Hit | None = None
    for phrase in phrases:
        hit = text.find(phrase)
        if hit is not None and (best is None or hit.score > best.score):
            best = hit
            if hit.score >= 100:
                break
    return best
