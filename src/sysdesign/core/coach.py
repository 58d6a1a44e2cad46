"""The interview coach: what the learner's notes cover of a problem's reference, their design
against the reference design, follow-up questions that react to the notes, and the curveball.

Pure: the notes come in as text, the time as numbers. It checks coverage of the reference's
key points (are the words there?), never correctness: see ``core.matcher`` for how.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sysdesign.core.interview import PHASE_IDS, PHASES, Event, Interview
from sysdesign.core.matcher import Phrase, Text, compile_phrases, mentions, tokenize

LEVELS = ("mid", "senior", "staff")
DEFAULT_LEVEL = "senior"
# the rubric score a candidate at each level should reach on every criterion
LEVEL_BAR = {"mid": 2, "senior": 3, "staff": 4}
CURVEBALL_AT = 0.55  # share of the planned time at which the curveball comes
FOLLOW_UP_GAP_MIN = 3.0  # minutes (of a 45-minute plan) between two questions the coach asks
NUDGE_AFTER = 0.4  # share of the estimation phase after which "no numbers yet" is asked
DISCLAIMER = ("The coach checks whether your notes cover the reference's points, not whether "
              "your design is correct.")
PHASE_TITLES = {p.id: p.title for p in PHASES}


def level_rank(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else 0


# notes by phase ------------------------------------------------------------------------------

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_PHASE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("deep-dive", ("deep dive", "deep-dive", "deepdive", "details", "trade-offs", "tradeoffs",
                   "trade offs", "drill down")),
    ("scale", ("scale", "scaling", "edge case", "bottleneck", "failure", "reliability",
               "wrap up", "wrap-up", "operations", "monitoring")),
    ("estimation", ("estimat", "numbers", "capacity", "back of the envelope", "back-of-the-envelope",
                    "sizing", "math", "traffic")),
    ("design", ("high-level", "high level", "design", "architecture", "components", "diagram",
                "api", "data model", "sketch")),
    ("requirements", ("requirement", "scope", "clarif", "questions", "use cases", "features",
                      "functional")),
)


def heading_phase(title: str) -> str | None:
    """The phase a Markdown heading names ("## Estimates" -> estimation), or None."""
    low = title.lower()
    number = re.match(r"\s*(?:phase\s*)?([1-5])\b", low)
    if number:
        return PHASE_IDS[int(number.group(1)) - 1]
    for phase, words in _PHASE_WORDS:
        if any(w in low for w in words):
            return phase
    return None


def split_notes(markdown: str) -> dict[str, str]:
    """Notes written elsewhere, by phase: text under a heading that names a phase goes to that
    phase; text before any such heading goes to "" (it counts for every phase)."""
    out: dict[str, list[str]] = {}
    current = ""
    for line in markdown.splitlines():
        m = _HEADING.match(line)
        if m:
            phase = heading_phase(m.group(2))
            if phase is not None:
                current = phase
                continue
        out.setdefault(current, []).append(line)
    return {k: "\n".join(v).strip("\n") for k, v in out.items() if "\n".join(v).strip()}


def all_text(notes: Mapping[str, str]) -> str:
    return "\n\n".join(text for text in notes.values() if text.strip())


# the learner's design, read from sketch notation in the notes -------------------------------------

_BULLET = re.compile(r"^\s*(?:[-*+•]\s+|\d+[.)]\s+)?")
_ARROW = re.compile(r"\s*(?:-+>|→|=>)\s*")
_TYPED = re.compile(r"(.+?)\s*(?:\(([^()]+)\)|:\s*([^:]+))$")
# a bare name in an arrow: words, maybe with '&/.- in them, not a sentence or a sum
_NAME_LIKE = re.compile(r"[A-Za-z0-9][\w '&/.-]*(?<![.])")
_LOOSE_NUMBER = re.compile(r"(?<![A-Za-z])\d")  # "400 GB" is a quantity; "S3" is a name


@dataclass(frozen=True)
class LearnerDesign:
    components: tuple[tuple[str, str], ...]  # (name, type)
    arrows: tuple[tuple[str, str], ...]

    @property
    def empty(self) -> bool:
        return not self.components


def _component(text: str, strict: bool) -> tuple[str, str] | None:
    """"Name: type", "Name (type)"; with ``strict`` False a bare name too (its type guessed)."""
    from sysdesign.core.sketch import guess_type, normalise_type

    text = text.strip().strip("`*_").strip()
    if not text or len(text) > 60:
        return None
    m = _TYPED.fullmatch(text)
    if m:
        kind = normalise_type(m.group(2) or m.group(3) or "")
        if kind is not None:
            name = m.group(1).strip().strip("`*_").strip()
            return (name, kind) if name and any(c.isalpha() for c in name) else None
        if strict:
            return None
    if strict or not _NAME_LIKE.fullmatch(text) or len(text.split()) > 4 or _LOOSE_NUMBER.search(text):
        return None
    return text, guess_type(text)


def read_design(text: str) -> LearnerDesign:
    """Components ("Name: type") and arrows ("A -> B, C", "A -> B -> C", by name or number) in
    the notes; any other line is prose and ignored. An arrow may name a component not declared."""
    components: list[tuple[str, str]] = []
    arrows: list[tuple[str, str]] = []

    def find(ref: str) -> str | None:
        ref = ref.strip().strip("`*_").strip()
        number = re.fullmatch(r"#?(\d+)\.?", ref)
        if number:
            index = int(number.group(1)) - 1
            return components[index][0] if 0 <= index < len(components) else None
        typed = _component(ref, strict=False)
        if typed is None:
            return None
        key = typed[0].casefold()
        for name, _ in components:
            if name.casefold() == key:
                return name
        components.append(typed)
        return typed[0]

    for raw in text.splitlines():
        line = _BULLET.sub("", raw, count=1).strip()
        if not line:
            continue
        if _ARROW.search(line):
            hops = [[find(ref) for ref in part.split(",")] for part in _ARROW.split(line)]
            if len(hops) < 2 or any(not hop or None in hop for hop in hops):
                continue
            for left, right in zip(hops, hops[1:]):
                for a in left:
                    for b in right:
                        if a != b and (a, b) not in arrows:
                            arrows.append((a, b))  # type: ignore[arg-type]
            continue
        typed = _component(line, strict=True)
        if typed and not any(n.casefold() == typed[0].casefold() for n, _ in components):
            components.append(typed)
    return LearnerDesign(tuple(components), tuple(arrows))


# comparing designs --------------------------------------------------------------------------------

GENERIC_NAME_WORDS = frozenset({"service", "servic", "server", "svc", "tier", "layer", "cluster", "fleet",
                                "node", "the", "a", "our", "api"})
NAME_MIN = 85.0  # rapidfuzz ratio of a learner's component name to a reference name
TYPE_FAMILIES = ({"load-balancer", "gateway"}, {"database", "storage"}, {"worker", "service"})
DISTINCT_TYPES = frozenset({"client", "dns", "cdn", "load-balancer", "gateway", "cache", "database",
                            "queue", "worker", "storage", "search"})


def _name_words(name: str) -> tuple[str, ...]:
    words = tuple(t.text for t in tokenize(name))
    kept = tuple(w for w in words if w not in GENERIC_NAME_WORDS)
    return kept or words


def _same_family(a: str, b: str) -> bool:
    return a == b or any(a in fam and b in fam for fam in TYPE_FAMILIES)


def names_match(reference: Sequence[str], ref_type: str, name: str, kind: str) -> bool:
    """A learner's component is a reference one when its name is one of the reference's names
    (allowing a typo), or holds all of one's distinctive words and has a compatible type."""
    from rapidfuzz import fuzz

    mine = _name_words(name)
    joined = " ".join(mine)
    for ref in reference:
        words = _name_words(ref)
        if not words:
            continue
        if fuzz.ratio(" ".join(words), joined) >= NAME_MIN:
            return True
        if set(words) <= set(mine) and (_same_family(ref_type, kind) or kind == "service"):
            return True
    return False


@dataclass(frozen=True)
class MissingComponent:
    name: str
    type: str
    role: str
    where: str  # "between X and Y", "in front of Y", "after X" or ""

    def sentence(self) -> str:
        place = f" {self.where}" if self.where else ""
        return f"no {self.name.lower()} [{self.type}]{place}: {self.role}"


@dataclass(frozen=True)
class DesignResult:
    learner: LearnerDesign
    matched: dict[str, tuple[str, ...]]  # reference name -> learner names that stand for it
    missing: tuple[MissingComponent, ...]
    extra: tuple[str, ...]
    missing_arrows: tuple[tuple[str, str], ...]
    from_sketch: bool  # False: no sketch lines, so components were looked for by name in the prose


def compare_design(design, learner: LearnerDesign, prose: str = "") -> DesignResult:
    """The learner's components against the reference ``design`` (a content Design)."""
    refs = design.components
    if learner.empty:
        return _compare_prose(design, prose)
    matched: dict[str, list[str]] = {c.name: [] for c in refs}
    used: set[str] = set()
    for comp in refs:
        for name, kind in learner.components:
            if names_match((comp.name, *comp.aka), comp.type, name, kind):
                matched[comp.name].append(name)
                used.add(name)
    for comp in refs:  # then by type, one for one, for kinds of part that are distinctive
        if matched[comp.name] or comp.type not in DISTINCT_TYPES:
            continue
        for name, kind in learner.components:
            if name not in used and _same_family(comp.type, kind):
                matched[comp.name].append(name)
                used.add(name)
                break
    missing = tuple(_missing(design, comp, matched) for comp in refs if not matched[comp.name])
    extra = tuple(name for name, _ in learner.components if name not in used)
    links = {frozenset(pair) for pair in learner.arrows}
    missing_arrows = []
    for a, b in design.arrows:
        mine_a, mine_b = matched.get(a, []), matched.get(b, [])
        if not mine_a or not mine_b or set(mine_a) & set(mine_b):
            continue
        if not any(frozenset((x, y)) in links for x in mine_a for y in mine_b):
            missing_arrows.append((a, b))
    return DesignResult(learner, {k: tuple(v) for k, v in matched.items()}, missing, extra,
                        tuple(missing_arrows), True)


def _compare_prose(design, prose: str) -> DesignResult:
    text = Text(prose)
    matched: dict[str, list[str]] = {}
    for comp in design.components:
        hit = mentions(text, compile_phrases((comp.name, *comp.aka)))
        matched[comp.name] = [hit.evidence] if hit else []
    missing = tuple(_missing(design, comp, matched) for comp in design.components if not matched[comp.name])
    return DesignResult(LearnerDesign((), ()), {k: tuple(v) for k, v in matched.items()}, missing, (), (),
                        False)


def _missing(design, comp, matched: Mapping[str, Sequence[str]]) -> MissingComponent:
    before = [matched[a][0] for a, b in design.arrows if b == comp.name and matched.get(a)]
    after = [matched[b][0] for a, b in design.arrows if a == comp.name and matched.get(b)]
    if before and after:
        where = f"between {before[0]} and {after[0]}"
    elif after:
        where = f"in front of {after[0]}"
    elif before:
        where = f"behind {before[0]}"
    else:
        where = ""
    return MissingComponent(comp.name, comp.type, comp.role, where)


# grading ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PointResult:
    id: str
    phase: str
    weight: int
    level: str
    point: str
    missed: str
    covered: bool
    evidence: str  # the learner's words that matched ("" when missed)
    found_in: str  # the phase whose notes held them ("" for notes without a phase)
    expected: bool  # expected at the chosen level (else a stretch point, outside the score)
    ruled_out: str = ""  # words that mention it only to rule it out ("no cache")


@dataclass(frozen=True)
class CoachReport:
    problem: str
    title: str
    level: str
    points: tuple[PointResult, ...]
    design: DesignResult
    coverage: float  # weighted, of the points expected at the level, 0-1

    def phase_points(self, phase: str) -> tuple[PointResult, ...]:
        return tuple(p for p in self.points if p.phase == phase)

    def phase_coverage(self, phase: str) -> float | None:
        return weighted(p for p in self.phase_points(phase) if p.expected)

    @property
    def missed(self) -> tuple[PointResult, ...]:
        return tuple(p for p in self.points if p.expected and not p.covered)


def weighted(points) -> float | None:
    points = list(points)
    total = sum(p.weight for p in points)
    if not total:
        return None
    return sum(p.weight for p in points if p.covered) / total


@dataclass(frozen=True)
class CompiledPoint:
    id: str
    phrases: tuple[Phrase, ...]


def compile_points(problem) -> tuple[CompiledPoint, ...]:
    return tuple(CompiledPoint(k.id, compile_phrases(k.phrases)) for k in problem.key_points)


def grade(problem, notes: Mapping[str, str], level: str = DEFAULT_LEVEL,
          compiled: Sequence[CompiledPoint] | None = None) -> CoachReport:
    """Which key points the notes cover (any phase's notes may cover any point: a cache named
    while clarifying still counts), and the design against the reference design."""
    compiled = compiled or compile_points(problem)
    texts = {phase: Text(text) for phase, text in notes.items() if text.strip()}
    order = sorted(texts, key=lambda p: PHASE_IDS.index(p) if p in PHASE_IDS else -1)
    results = []
    rank = level_rank(level)
    for key, comp in zip(problem.key_points, compiled):
        found = None
        ruled_out = ""
        for phase in [key.phase, *[p for p in order if p != key.phase]]:  # its own phase wins a tie
            if phase not in texts:
                continue
            hit = mentions(texts[phase], comp.phrases)
            if hit and (found is None or hit.score > found[0].score):
                found = (hit, phase)
        if not found:
            for phase in order:
                for phrase in comp.phrases:
                    hit = texts[phase].negated(phrase)
                    if hit:
                        ruled_out = hit.evidence
                        break
                if ruled_out:
                    break
        results.append(PointResult(
            id=key.id, phase=key.phase, weight=key.weight, level=key.level, point=key.point,
            missed=key.missed, covered=found is not None, evidence=found[0].evidence if found else "",
            found_in=found[1] if found else "", expected=level_rank(key.level) <= rank, ruled_out=ruled_out))
    everything = all_text(notes)
    design = compare_design(problem.design, read_design(everything), everything)
    coverage = weighted(p for p in results if p.expected) or 0.0
    return CoachReport(problem.id, problem.title, level, tuple(results), design, coverage)


def report_document(report: CoachReport) -> dict:
    """The report as plain data: the `--grade --json` contract (see the README)."""
    return {
        "problem": report.problem,
        "level": report.level,
        "coverage": round(report.coverage, 4),
        "phases": {phase: _round(report.phase_coverage(phase)) for phase in PHASE_IDS},
        "points": [{
            "id": p.id, "phase": p.phase, "weight": p.weight, "level": p.level, "expected": p.expected,
            "covered": p.covered, "evidence": p.evidence, "point": p.point,
            **({"missed": p.missed} if not p.covered else {}),
        } for p in report.points],
        "design": {
            "from_sketch": report.design.from_sketch,
            "components": [{"name": n, "type": t} for n, t in report.design.learner.components],
            "arrows": [list(a) for a in report.design.learner.arrows],
            "missing": [m.name for m in report.design.missing],
            "missing_detail": [{"name": m.name, "type": m.type, "where": m.where, "role": m.role}
                               for m in report.design.missing],
            "extra": list(report.design.extra),
            "missing_arrows": [list(a) for a in report.design.missing_arrows],
        },
        "judges": "coverage of the reference's key points, not correctness",
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def coverage_hint(report: CoachReport, upto_phase: int) -> str:
    """A hint that names the phase to revisit, never the answer: the phase up to the current
    one with the most weight missing."""
    best: tuple[int, str] | None = None
    for phase in PHASE_IDS[: upto_phase + 1]:
        missing = sum(p.weight for p in report.phase_points(phase) if p.expected and not p.covered)
        if missing and (best is None or missing > best[0]):
            best = (missing, phase)
    parts = []
    for phase in PHASE_IDS[: upto_phase + 1]:
        points = [p for p in report.phase_points(phase) if p.expected]
        covered = sum(1 for p in points if p.covered)
        parts.append(f"{PHASE_TITLES[phase]} {covered}/{len(points)}")
    summary = "Key points so far: " + ", ".join(parts) + "."
    if best is None:
        return summary + " Nothing obvious is missing yet; keep going."
    return summary + f" Most is missing in {PHASE_TITLES[best[1]]}: look at it again."


# follow-ups that react to the notes -------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    """A general follow-up: asked when the notes mention ``when`` and none of ``unless``."""

    id: str
    when: tuple[str, ...]
    unless: tuple[str, ...]
    ask: str
    phases: tuple[str, ...] = ("design", "deep-dive", "scale")


GENERAL_RULES: tuple[Rule, ...] = (
    Rule("cache", ("cache", "redis", "memcached", "cache aside", "in-memory cache"),
         ("invalidat", "stampede", "thundering herd", "request coalescing", "single flight"),
         "You have a cache there. When the data changes, how does a stale entry get invalidated, and "
         "what stops a stampede on the database when a hot entry expires?"),
    Rule("queue", ("queue", "kafka", "sqs", "rabbitmq", "pub sub", "message bus", "event stream",
                   "kinesis", "pulsar"),
         ("dead letter", "dlq", "idempotent", "dedup", "exactly once", "at least once"),
         "You put a queue in. Does the order of its messages matter, what happens when one is "
         "delivered twice, and where do messages go that keep failing?"),
    Rule("sharding", ("shard", "partition", "consistent hashing", "hash ring"),
         ("hot shard", "hot partition", "hot key", "rebalance", "resharding", "hotspot", "hot spot"),
         "You are splitting the data across machines. What is the key you split on, and what happens "
         "when one key takes far more traffic than the rest?"),
    Rule("replicas", ("replica", "read replica", "follower", "leader follower", "primary secondary"),
         ("replication lag", "read your writes", "read-your-writes", "read your own writes",
          "stale read"),
         "With replicas, a read can land on one that is behind. Where would replication lag hurt here, "
         "and how does a user get to see their own writes?"),
)
ESTIMATION_NUDGE = ("I don't see any numbers in your notes yet. Roughly how many requests a second, "
                    "and how much storage a year? A rough figure beats none.")


@dataclass(frozen=True)
class Question:
    id: str  # "problem:<phase>:<n>", "rule:<id>", "nudge:estimation" or "curveball:<id>"
    text: str
    kind: str  # "follow-up" | "rule" | "nudge" | "curveball"
    trigger: str = ""  # the learner's words that prompted it


@dataclass(frozen=True)
class Trigger:
    id: str
    phase: int  # the earliest phase it may be asked in
    phases: tuple[int, ...]
    when: tuple[Phrase, ...]
    unless: tuple[Phrase, ...]
    text: str
    kind: str


def reactive_follow_ups(problem) -> tuple[Trigger, ...]:
    """The problem's follow-ups with `when` phrases, then the general rules."""
    out: list[Trigger] = []
    for index, phase in enumerate(problem.follow_ups):
        for n, item in enumerate(phase):
            if item.when:
                out.append(Trigger(f"problem:{PHASE_IDS[index]}:{n}", index, tuple(range(index, 5)),
                                   compile_phrases(item.when), (), item.ask, "follow-up"))
    for rule in GENERAL_RULES:
        phases = tuple(PHASE_IDS.index(p) for p in rule.phases)
        out.append(Trigger(f"rule:{rule.id}", min(phases), phases, compile_phrases(rule.when),
                           compile_phrases(rule.unless), rule.ask, "rule"))
    return tuple(out)


def timed_follow_ups(problem) -> tuple[tuple[str, ...], ...]:
    """Per phase, the follow-ups revealed as time passes: those without `when` phrases (they
    wait for the notes), or all of them in a phase that has no other."""
    return tuple(tuple(f.ask for f in phase if not f.when) or tuple(f.ask for f in phase)
                 for phase in problem.follow_ups)


@dataclass
class Coach:
    """Decides when the interviewer asks something the notes prompted (pure: time passed in)."""

    triggers: tuple[Trigger, ...]
    gap_s: float  # the least time between two questions it asks
    asked: list[str] = field(default_factory=list)
    last_at: float | None = None  # active seconds of the last question it asked

    @classmethod
    def for_problem(cls, problem, minutes: float) -> Coach:
        return cls(reactive_follow_ups(problem), FOLLOW_UP_GAP_MIN * 60 * minutes / 45)

    def ready(self, active_s: float) -> bool:
        return self.last_at is None or active_s - self.last_at >= self.gap_s - 1e-9

    def next_question(self, notes: Sequence[str], phase: int, active_s: float,
                      phase_share: float) -> Question | None:
        """The question to ask now, if any: ``notes`` per phase (index = phase), ``phase_share``
        the share of the current phase's time already used."""
        if not self.ready(active_s):
            return None
        text = Text("\n".join(notes[: phase + 1]))
        for trig in self.triggers:
            if trig.id in self.asked or phase not in trig.phases:
                continue
            hit = mentions(text, trig.when)
            if hit is None or (trig.unless and mentions(text, trig.unless)):
                continue
            return self._asked(Question(trig.id, trig.text, trig.kind, hit.evidence), active_s)
        nudge = "nudge:estimation"
        if (phase == PHASE_IDS.index("estimation") and nudge not in self.asked and phase_share >= NUDGE_AFTER
                and not re.search(r"\d", notes[phase] if phase < len(notes) else "")):
            return self._asked(Question(nudge, ESTIMATION_NUDGE, "nudge"), active_s)
        return None

    def _asked(self, question: Question, active_s: float) -> Question:
        self.asked.append(question.id)
        self.last_at = active_s
        return question

    def to_state(self) -> dict:
        return {"asked": list(self.asked), "last_at": self.last_at}

    def restore(self, state: Mapping) -> None:
        self.asked = [str(a) for a in state.get("asked", [])]
        last = state.get("last_at")
        self.last_at = float(last) if isinstance(last, (int, float)) else None


# the curveball ------------------------------------------------------------------------------------

def choose_curveball(problem, seen: Sequence[str] = ()):
    """The first of the problem's curveballs this learner has not had yet (then round again)."""
    balls = list(problem.curveballs)
    if not balls:
        return None
    fresh = [c for c in balls if c.id not in seen]
    if fresh:
        return fresh[0]
    last = seen[-1] if seen else None
    ids = [c.id for c in balls]
    return balls[(ids.index(last) + 1) % len(balls)] if last in ids else balls[0]


def curveball_due(active_s: float, total_s: float) -> bool:
    return active_s >= CURVEBALL_AT * total_s - 1e-9


_STOP_WORDS = ("a an the and or of to in on for with by is are be it its this that their them they we "
               "as at from so not no than then more most each every one two any all can must should "
               "would will do does first after before what which how when where who why")
_STOP = frozenset(_STOP_WORDS.split())


def cover_touched(cover: str, answer: Text) -> str:
    """The learner's words that touch a curveball's "a good answer covers" item, or "". The
    item's gist (before a colon, as in "Hot keys: ...") may be named, or a third of its content
    words (at least two) must be there."""
    gist = cover.split(":", 1)[0] if ":" in cover else ""
    if gist and len(gist.split()) <= 5:
        phrase = Phrase.compile(gist)
        hit = answer.find(phrase) if phrase else None
        if hit:
            return hit.evidence
    words = [t.text for t in tokenize(cover) if t.text not in _STOP and (len(t.text) > 2 or t.number)]
    words = list(dict.fromkeys(words))
    if not words:
        return ""
    found = []
    for word in words:
        hit = answer.find(Phrase(word, (word,), word, frozenset({word}) if word[:1].isdigit() else frozenset(),
                                 False))
        if hit:
            found.append(hit.evidence)
    if len(found) >= max(2, -(-len(words) // 3)) or (len(words) == 1 and found):
        return ", ".join(dict.fromkeys(found))
    return ""


# the interview with its coach -------------------------------------------------------------------

QUESTION_KINDS = {"follow-up": "asked", "rule": "rule", "nudge": "nudge"}
EVAL_EVERY_S = 0.5  # the notes are matched against the triggers at most this often (clock seconds)


@dataclass
class LiveInterview:
    """The clock of ``core.interview`` plus what the coach adds while it runs: questions the
    notes prompt, and the curveball at ``CURVEBALL_AT`` of the planned time. Pure: ``now`` is
    passed in; ``tick`` returns the events to show."""

    interview: Interview
    coach: Coach | None = None
    curveball: object | None = None  # a content Curveball, or None (--no-curveball)
    curveball_said: bool = False
    _seen_notes: tuple[str, ...] | None = None
    _last_eval: float | None = None

    def tick(self, now: float) -> list[Event]:
        iv = self.interview
        events = iv.tick(now)
        if iv.finished:
            return events
        active = iv.active(now)
        if self.curveball is not None and not self.curveball_said and curveball_due(active, iv.total_s()):
            self.curveball_said = True
            if self.coach is not None:
                self.coach.last_at = active
            events.append(iv.say(now, CURVEBALL_LEAD + self.curveball.change, "curveball", self.curveball.id))
            return events
        if self.coach is None or iv.paused or not self.coach.ready(active):
            return events
        said = {s.text for log in iv.logs for s in log.said}
        for trig in self.coach.triggers:  # asked on the timer already: never again
            if trig.text in said and trig.id not in self.coach.asked:
                self.coach.asked.append(trig.id)
        notes = iv.notes()
        if notes == self._seen_notes and not self._nudge_possible(now):
            return events
        if self._last_eval is not None and 0 <= now - self._last_eval < EVAL_EVERY_S:
            return events
        self._last_eval = now
        budget = iv.budget() or 1.0
        question = self.coach.next_question(notes, iv.phase, active, iv.phase_elapsed(now) / budget)
        self._seen_notes = notes
        if question is not None:
            events.append(iv.say(now, question.text, QUESTION_KINDS.get(question.kind, question.kind),
                                 question.id, question.trigger))
        return events

    def _nudge_possible(self, now: float) -> bool:
        iv = self.interview
        return (self.coach is not None and iv.phase == PHASE_IDS.index("estimation")
                and "nudge:estimation" not in self.coach.asked)

    def to_state(self, now: float) -> dict:
        return {
            "interview": self.interview.to_state(now),
            "coach": self.coach.to_state() if self.coach is not None else None,
            "curveball": getattr(self.curveball, "id", None),
            "curveball_said": self.curveball_said,
        }


CURVEBALL_LEAD = "Change of plan. "


# the report as Markdown (the transcript, --grade, the screen after the interview) ---------------

@dataclass(frozen=True)
class PhaseTime:
    title: str
    used_s: float
    planned_s: float
    reached: bool


@dataclass(frozen=True)
class CurveballAnswer:
    change: str
    answer: str
    covers: tuple[tuple[str, str], ...]  # (what a good answer covers, the learner's words or "")


def curveball_answer(curveball, answer: str) -> CurveballAnswer:
    text = Text(answer)
    return CurveballAnswer(curveball.change, answer,
                           tuple((c, cover_touched(c, text) if answer.strip() else "") for c in curveball.covers))


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def _clock(seconds: float) -> str:
    whole = int(max(0.0, seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def report_markdown(report: CoachReport, *, times: Sequence[PhaseTime] = (),
                    curveball: CurveballAnswer | None = None, heading: str = "##") -> str:
    """The coverage report: per phase the points covered (with the words that matched) and
    missed (with why they matter), the design against the reference, time per phase and the
    curveball. ``heading`` is the Markdown level of its title."""
    sub = heading + "#"
    expected = [p for p in report.points if p.expected]
    stretch = [p for p in report.points if not p.expected]
    out = [f"{heading} Coach's report", "", f"_{DISCLAIMER}_", ""]
    covered = sum(1 for p in expected if p.covered)
    out.append(f"**Coverage: {_pct(report.coverage)}** of the weighted key points expected at "
               f"{report.level} level ({covered} of {len(expected)} points).")
    if stretch:
        above = sum(1 for p in stretch if p.covered)
        out.append(f"Beyond {report.level} level: {above} of {len(stretch)} more covered (not counted).")
    out.append("")
    for phase in PHASE_IDS:
        points = report.phase_points(phase)
        if not points:
            continue
        mine = [p for p in points if p.expected]
        done = sum(1 for p in mine if p.covered)
        out += [f"{sub} {PHASE_TITLES[phase]}: {done} of {len(mine)} points ({_pct(report.phase_coverage(phase))} by weight)", ""]
        for p in points:
            tag = "" if p.expected else f" _({p.level} level)_"
            if p.covered:
                out.append(f"- ✓ {p.point}{tag} — your words: “{p.evidence}”")
            else:
                out.append(f"- ✗ **{p.point}**{tag} {p.missed}")
                if p.ruled_out:
                    out.append(f"  (You mentioned “{p.ruled_out}” only to rule it out.)")
        out.append("")
    out += _design_markdown(report.design, sub)
    if times:
        out += [f"{sub} Time per phase", "", "| Phase | Used | Planned |", "|---|---|---|"]
        for t in times:
            out.append(f"| {t.title} | {_clock(t.used_s) if t.reached else 'not reached'} | {_clock(t.planned_s)} |")
        out.append("")
    if curveball is not None:
        touched = sum(1 for _, words in curveball.covers if words)
        out += [f"{sub} The curveball", "", f"> {curveball.change}", ""]
        if not curveball.answer.strip():
            out += ["Nothing was typed after it. A good answer covers:", ""]
        else:
            out += [f"Your notes after it touch {touched} of {len(curveball.covers)} things a good answer covers "
                    "(by shared words only):", ""]
        for cover, words in curveball.covers:
            out.append(f"- ✓ {cover} — “{words}”" if words else f"- ✗ {cover}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _design_markdown(design: DesignResult, sub: str) -> list[str]:
    out = [f"{sub} Your design against the reference", ""]
    if not design.from_sketch:
        out += ["No sketch lines (`Name: type`, `A -> B`) in the notes, so the reference's components were "
                "looked for by name in the text.", ""]
    if not design.missing:
        out.append("Every component of the reference design has a counterpart.")
    for m in design.missing:
        out.append(f"- Missing: {m.sentence()}")
    if design.extra:
        out.append(f"- Not in the reference: {', '.join(design.extra)} (fine, if you can say what each is for).")
    for a, b in design.missing_arrows:
        out.append(f"- The reference connects {a} → {b}; your sketch does not.")
    return out + [""]


# missed points as flashcards ------------------------------------------------------------------------

DECK_ID = "from-your-interviews"
DECK_TITLE = "From your interviews"
BACK_LIMIT = 240


def card_id(problem_id: str, point_id: str) -> str:
    return f"iv-{problem_id}-{point_id}"


def missed_card(problem, point: PointResult) -> dict:
    """A flashcard for a missed key point: the front names the problem, the phase and the topic;
    the back is the point, with why it matters when that is short enough."""
    topic = point.id.replace("-", " ")
    front = f"{problem.title} interview, {PHASE_TITLES[point.phase].lower()}: what should you make clear about {topic}?"
    back = point.point if len(point.point) + len(point.missed) + 1 > BACK_LIMIT else f"{point.point} {point.missed}"
    return {"id": card_id(problem.id, point.id), "front": front, "back": back,
            "tags": ["interview", problem.id, point.phase]}
