"""Teaching-quality rules on top of validity: `sysdesign content lint`.

A valid course can still teach badly: a card that quizzes the course text instead of the
subject, a right option that is always the longest or always "b", a "roughly" question
that demands three significant figures. Each rule here has an id, a one-line explanation
(listed in `--help`) and a check; a question or card silences a rule it has a reason to
break with ``lint: [rule-id]``. Pure: takes a validated Course, returns findings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model is not imported at start-up: `--help` lists these rules
    from sysdesign.content.model import Card, Course, Lesson, Question, Where

MAX_BACK = 200  # characters on the back of a card
MAX_LIST = 3  # items in an answer that is a list
LONGEST_MARGIN = 1.2  # the key is "clearly longest" when this much longer than the next option
LONGEST_CHARS = 8  # … and at least this many characters longer ("HTTPS" beside "HTTP" is fine)
POSITION_MIN, POSITION_SHARE = 8, 0.5  # one key index holding > 50 % of >= 8 choice keys
LONGEST_MIN, LONGEST_SHARE = 6, 0.5  # the key longest in > 50 % of >= 6 choice questions
TF_MIN, TF_SHARE = 6, 0.7  # > 70 % of >= 6 true/false answers one way
MIN_TOLERANCE = 0.05  # for numeric questions that ask for an estimate
DUPLICATE_RATIO = 85  # rapidfuzz token-sort ratio (0-100) of two normalised card fronts


@dataclass(frozen=True)
class Finding:
    where: Where
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.rule}: {self.message}"


@dataclass(frozen=True)
class Rule:
    id: str
    explain: str  # one line, shown in --help
    scope: str  # card | question | lesson | course
    check: Callable  # card/question -> messages; lesson -> (where, message); course -> findings


# --- wording -----------------------------------------------------------------------------

_DOC = r"(?:lesson|course|chapter|module|primer|walkthrough|recap|seed)s?"
_META = [
    # "in the pitfalls lesson", "per the lesson", "according to the course"
    rf"\b(?:in|from|per|by|as|according to|throughout|across) (?:the|this|that|our) (?:[\w-]+ ){{0,2}}"
    rf"{_DOC}\b",
    rf"\b(?:the|this) (?:[\w-]+ ){{0,2}}{_DOC}'s\b",  # "the lesson's first version"
    # "the lesson lists", "the building-blocks recap names"
    rf"\b(?:the|this) (?:[\w-]+ ){{0,2}}{_DOC}(?:'s)? (?:says|said|lists|listed|names|named|shows|"
    r"calls|uses|used|suggests|describes|teaches|taught|mentions|gives|presents|recommends|covers|"
    r"explains|explained|notes|argues|states)\b",
    r"\bthis course\b",
    r"\bthe (?:[\w-]+ )?walkthrough\b",
    r"\bthe recap\b",
    r"\b(?:in|from) the (?:[\w-]+ ){1,2}(?:analogy|metaphor|picture)\b",
    r"\bper the (?:text|table|notes?|source|plan)\b",
    r"\baccording to (?:the|this) (?:text|table|author|notes?|source)\b",
    r"\b(?:the|this) (?:text|passage)\b",
    r"\b(?:the|this) (?:recap|summary|reference|comparison|cheat[- ]sheet|requirements) "
    r"(?:table|diagram)\b",
    r"\bthe table (?:above|below|lists|shows|says|gives|names)\b",
    r"\bthe traced\b",
    r"\b(?:as|is) (?:taught|described|shown|listed|mentioned|discussed|covered) "
    r"(?:above|below|earlier|here|in (?:the|this))\b",
    r"\b(?:mistake|pitfall) (?:#\s*)?\d+\b",
    r"\bwhich (?:\w+ ){0,3}does the (?:[\w-]+ ){1,2}(?:list|name|give|mention|use|call|suggest)\b",
]
_META_RE = re.compile("|".join(f"(?:{p})" for p in _META), re.IGNORECASE)


def _meta(text: str) -> str | None:
    match = _META_RE.search(text)
    return match.group(0) if match else None


def _meta_message(field: str, phrase: str) -> str:
    return (f"the {field} says {phrase!r}, which points at the course text: ask about the "
            "subject itself so the item makes sense on its own")


def check_meta_card(card: Card) -> Iterator[str]:
    for field, text in (("front", card.front), ("back", card.back)):
        phrase = _meta(text)
        if phrase:
            yield _meta_message(field, phrase)


def check_meta_question(q: Question) -> Iterator[str]:
    fields = [("prompt", q.prompt)] + [(f"option {_letter(i)}", c) for i, c in enumerate(q.choices)]
    for field, text in fields:
        phrase = _meta(text)
        if phrase:
            yield _meta_message(field, phrase)


def check_long_answer(card: Card) -> Iterator[str]:
    n = len(card.back.strip())
    if n > MAX_BACK:
        yield (f"the back is {n} characters (at most {MAX_BACK}): keep one fact as a phrase or one "
               "sentence, and move the rest into cards of their own")


_PARENS = re.compile(r"\([^()]*\)|\[[^\][]*\]")
_INTRO = re.compile(r":|\s[—–]\s|\b(?:meaning|such as|including|like|e\.g\.)\s", re.IGNORECASE)
_SEP = re.compile(r"\s*(?:,(?!\d{3})|;|→|->)\s*")
_LAST_AND = re.compile(r"\s+(?:and|or|then)\s+(?!.*\s(?:and|or|then)\s)", re.IGNORECASE)
_CLAUSE = re.compile(r"^(?:since|because|which|so|when|while|whether|but|if|unless|though|"
                     r"at the cost|it|they|the question)\b", re.IGNORECASE)


def list_items(text: str) -> list[str]:
    """The longest run of list items in an answer: ``a, b, c and d`` is four items.

    Each stretch after an introducer (a colon, a dash, "such as", "meaning") is read on its
    own; a part that opens a clause ("since …", "which …") ends the run.
    """
    core = _PARENS.sub("", text).strip().rstrip(".")
    core = re.sub(r"^(?:yes|no)\b[,;:]?\s*", "", core, flags=re.IGNORECASE)
    best: list[str] = []
    for segment in _INTRO.split(core):
        parts = [p.strip(" .") for p in _SEP.split(segment) if p.strip(" .")]
        for n, part in enumerate(parts[1:], start=1):
            if _CLAUSE.match(part):
                parts = parts[:n]
                break
        if len(parts) >= 2:
            parts = parts[:-1] + [p for p in _LAST_AND.split(parts[-1], maxsplit=1) if p]
        if len(parts) > len(best):
            best = parts
    return best


def check_list_answer(card: Card) -> Iterator[str]:
    items = list_items(card.back)
    if len(items) <= MAX_LIST:
        return
    words = [len(item.split()) for item in items]
    # a sentence with clauses is not a list: list items are short and mostly alike in size
    if max(words) <= 6 and sum(words) / len(words) <= 4:
        yield (f"the back is a list of {len(items)} items (at most {MAX_LIST}): split it into cards "
               "of one fact each, or turn a sequence into an order question in the lesson")


_WORD = re.compile(r"[a-z0-9%$.]+(?:['’-][a-z0-9]+)*")
_STOP_WORDS = (  # noqa: SIM905
    "a an the of to in on at for by with and or is are was be it its it's as that this which "
    "what why how when where who whom than then so do does not no yes into from per about"
).split()
_STOP = frozenset(_STOP_WORDS)


def _norm(text: str) -> str:
    return " ".join(w.strip(".") for w in _WORD.findall(text.lower()) if w.strip("."))


def check_answer_in_front(card: Card) -> Iterator[str]:
    core = _norm(_PARENS.sub("", card.back))
    words = [w for w in core.split() if w not in _STOP]
    if not words:
        return
    front = f" {_norm(card.front.replace('____', ' '))} "
    if re.search(r"\b(?:or|vs|versus)\b", card.front, re.IGNORECASE):
        return  # "CP or AP for a bank balance?" offers the answer among alternatives on purpose
    given = " ".join(words)
    if len(given) >= 4 and f" {given} " in front:
        yield (f"the front already shows the answer {given!r}: reword the front so that recalling "
               "the back takes effort")


# --- questions -------------------------------------------------------------------------

def _letter(i: int) -> str:
    return "abcdefghij"[i] if 0 <= i < 10 else str(i)


def _length(text: str) -> int:
    return len(" ".join(text.split()))


def key_is_longest(q: Question) -> bool:
    """Whether the right option of a choice question is strictly the longest."""
    if q.kind != "choice" or not isinstance(q.answer, int):
        return False
    key = _length(q.choices[q.answer])
    return all(key > _length(c) for i, c in enumerate(q.choices) if i != q.answer)


def check_key_longest(q: Question) -> Iterator[str]:
    if q.kind == "choice" and isinstance(q.answer, int):
        key = _length(q.choices[q.answer])
        others = [_length(c) for i, c in enumerate(q.choices) if i != q.answer]
        if others and key >= LONGEST_MARGIN * max(others) and key - max(others) >= LONGEST_CHARS:
            more = round(100 * (key / max(others) - 1))
            yield (f"the right option ({_letter(q.answer)}, {key} characters) is {more} % longer than "
                   f"every other (longest {max(others)}): learners pick the longest; trim it or "
                   "write distractors of similar length and detail")
    elif q.kind == "multi" and isinstance(q.answer, tuple):
        right = [_length(q.choices[i]) for i in q.answer]
        wrong = [_length(c) for i, c in enumerate(q.choices) if i not in q.answer]
        if len(wrong) >= 2 and len(right) >= 2 and min(right) > max(wrong):
            yield (f"every right option is longer than every wrong one ({min(right)} > {max(wrong)} "
                   "characters): picking the long ones scores full marks; even out the lengths")


def check_multi_wrong(q: Question) -> Iterator[str]:
    if q.kind == "multi" and isinstance(q.answer, tuple):
        wrong = len(q.choices) - len(q.answer)
        if wrong < 2:
            yield (f"only {wrong} of {len(q.choices)} options {'is' if wrong == 1 else 'are'} wrong: a "
                   "multi-select needs at least two wrong options (add a plausible wrong one, or "
                   "make it a single choice)")


_ROUGH = re.compile(r"\b(?:roughly|about|approximately|approx|around|estimate[ds]?|ballpark|"
                    r"order of magnitude)\b|~|≈", re.IGNORECASE)


def check_tolerance(q: Question) -> Iterator[str]:
    from sysdesign.content.model import NumericAnswer

    if q.kind != "numeric" or not isinstance(q.answer, NumericAnswer):
        return
    match = _ROUGH.search(q.prompt)
    if match and q.answer.tolerance < MIN_TOLERANCE:
        yield (f"the prompt asks {match.group(0)!r} but the tolerance is ±{q.answer.tolerance:.0%}: "
               f"accept an estimate (tolerance: 0.1 to 0.25, at least {MIN_TOLERANCE:g})")


def check_order_shuffled(q: Question) -> Iterator[str]:
    if q.kind == "order" and isinstance(q.answer, tuple) and list(q.answer) == sorted(q.answer):
        yield ("the items are listed already in the right order: list them shuffled and give the "
               "order in answer:")


# --- lessons (tallies over their questions) ---------------------------------------------

def _counted(lesson: Lesson, rule: str, kind: str) -> list[Question]:
    return [q for q in lesson.questions if q.kind == kind and rule not in q.lint]


def check_key_position(lesson: Lesson) -> Iterator[tuple[Where, str]]:
    keys = Counter(q.answer for q in _counted(lesson, "key-position", "choice"))
    total = sum(keys.values())
    if total < POSITION_MIN:
        return
    index, n = keys.most_common(1)[0]
    if n > POSITION_SHARE * total:
        spread = ", ".join(f"{_letter(i)} {keys.get(i, 0)}" for i in range(max(keys) + 1))
        yield (lesson.where, f"{n} of {total} choice questions have the key at {_letter(index)} "
               f"({spread}): move right options to other positions (and update answer:) so that "
               "no position holds more than half")


def check_key_longest_share(lesson: Lesson) -> Iterator[tuple[Where, str]]:
    questions = _counted(lesson, "key-longest-share", "choice")
    longest = [q for q in questions if key_is_longest(q)]
    if len(questions) >= LONGEST_MIN and len(longest) > LONGEST_SHARE * len(questions):
        ids = ", ".join(q.id for q in longest)
        yield (lesson.where, f"the right option is the longest in {len(longest)} of {len(questions)} "
               f"choice questions ({ids}): keep that to about a third by trimming keys or "
               "lengthening distractors")


def check_truefalse_balance(lesson: Lesson) -> Iterator[tuple[Where, str]]:
    answers = Counter(bool(q.answer) for q in _counted(lesson, "truefalse-balance", "truefalse"))
    total = sum(answers.values())
    if total < TF_MIN:
        return
    value, n = answers.most_common(1)[0]
    if n > TF_SHARE * total:
        yield (lesson.where, f"{n} of {total} true/false questions are {str(value).lower()}: aim for "
               f"about half {str(not value).lower()} (reword a few statements)")


# --- the whole course ---------------------------------------------------------------------

def normalise_front(text: str) -> str:
    """A card front reduced to its words: lowercase, no punctuation, no filler words."""
    return " ".join(_stem(w) for w in _norm(text.replace("____", " ")).split() if w not in _STOP)


def _stem(word: str) -> str:
    # plurals and verb forms alike ("allows", "allow"); short words keep their s ("https")
    return word[:-1] if len(word) > 5 and word.endswith("s") and not word.endswith("ss") else word


def is_contrast_pair(a: str, b: str) -> bool:
    """Two normalised fronts that each have a word the other lacks ("SSD" / "HDD", "99.9" /
    "99.99") ask about different things, however alike they read."""
    words_a, words_b = set(a.split()), set(b.split())
    return bool(words_a - words_b) and bool(words_b - words_a)


def check_duplicate_fronts(course: Course) -> Iterator[Finding]:
    from rapidfuzz import fuzz, process  # lazy: only `content lint` needs it

    cards = [c for c in course.cards() if "duplicate-front" not in c.lint]
    norms = [normalise_front(c.front) for c in cards]
    for i, card in enumerate(cards):
        later = norms[i + 1:]
        for _, score, j in process.extract(norms[i], later, scorer=fuzz.token_sort_ratio,
                                           limit=None, score_cutoff=DUPLICATE_RATIO):
            if is_contrast_pair(norms[i], later[j]):
                continue
            other = cards[i + 1 + j]
            yield Finding(other.where, "duplicate-front", (
                f"this front reads like that of {card.id} ({card.where}, {score:.0f} % alike): "
                "drill each fact once, in the deck whose lesson teaches it; drop one of the two "
                "or make them ask different things"))


RULES: tuple[Rule, ...] = (
    Rule("meta-wording", "a card or question refers to the course text (\"the lesson\", \"the "
         "table\", \"per the text\") instead of the subject", "card", check_meta_card),
    Rule("meta-wording", "", "question", check_meta_question),
    Rule("long-answer", f"a card's back is longer than {MAX_BACK} characters", "card",
         check_long_answer),
    Rule("list-answer", f"a card's back is a list of more than {MAX_LIST} items", "card",
         check_list_answer),
    Rule("answer-in-front", "a card's front already contains its answer", "card",
         check_answer_in_front),
    Rule("duplicate-front", "two cards (in any decks) have nearly the same front", "course",
         check_duplicate_fronts),
    Rule("key-longest", "the right option is clearly the longest (20 % and 8 characters longer "
         "than any other; "
         "for multi-select: every right option longer than every wrong one)", "question",
         check_key_longest),
    Rule("key-longest-share", "in a lesson the right option is the longest in more than half of "
         f"its choice questions (at least {LONGEST_MIN})", "lesson", check_key_longest_share),
    Rule("key-position", f"in a lesson one position holds more than half of the choice keys "
         f"(at least {POSITION_MIN} questions)", "lesson", check_key_position),
    Rule("truefalse-balance", f"in a lesson more than {TF_SHARE:.0%} of the true/false answers "
         f"are the same (at least {TF_MIN} questions)", "lesson", check_truefalse_balance),
    Rule("multi-few-wrong", "a multi-select question has fewer than two wrong options", "question",
         check_multi_wrong),
    Rule("tight-tolerance", "a numeric question asks roughly/about/estimate but accepts less than "
         f"±{MIN_TOLERANCE:.0%}", "question", check_tolerance),
    Rule("order-unshuffled", "an order question lists its items already in the right order",
         "question", check_order_shuffled),
)
RULE_IDS = tuple(dict.fromkeys(r.id for r in RULES))
UNKNOWN_RULE = "unknown-rule"


def rule_help() -> list[tuple[str, str]]:
    """(id, explanation) of every rule, once each, for --help."""
    seen: dict[str, str] = {}
    for rule in RULES:
        if rule.explain and rule.id not in seen:
            seen[rule.id] = rule.explain
    seen[UNKNOWN_RULE] = "a lint: list names a rule that does not exist"
    return list(seen.items())


def _item_findings(item: Card | Question, scope: str) -> Iterator[Finding]:
    for name in item.lint:
        if name not in RULE_IDS:
            yield Finding(item.where, UNKNOWN_RULE, (
                f"lint: names {name!r}, which is no rule; the rules are {', '.join(RULE_IDS)}"))
    for rule in RULES:
        if rule.scope == scope and rule.id not in item.lint:
            for message in rule.check(item):
                yield Finding(item.where, rule.id, message)


def lint(course: Course) -> list[Finding]:
    """Every finding in the course, in file order."""
    findings: list[Finding] = []
    for card in course.cards():
        findings += _item_findings(card, "card")
    for lesson in course.lessons:
        for q in lesson.questions:
            findings += _item_findings(q, "question")
        for rule in RULES:
            if rule.scope == "lesson":
                findings += [Finding(where, rule.id, msg) for where, msg in rule.check(lesson)]
    for rule in RULES:
        if rule.scope == "course":
            findings += list(rule.check(course))
    return sorted(findings, key=lambda f: (f.where.path, f.where.line, f.where.col, f.rule))
