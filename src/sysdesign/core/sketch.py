"""The daily sketch: pick a familiar product, run the checklist, sketch it from the building
blocks, look at it through the three lenses, and name one thing to research.

Pure: parsing what the learner types, suggesting a product, and turning a sketch into a
dict (for the store), a Mermaid flowchart and a verdict on the time taken. The clock and
the random source are passed in.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from sysdesign.core.days import day_of

STEPS = (
    "Pick a product",
    "Run the pre-diagram checklist",
    "Sketch it with the building blocks",
    "Apply the three lenses",
    "Name one thing to research",
)
TARGET_MINUTES = (15, 20)

# (product, what to think about) — familiar products with a well-known shape
PRODUCTS = (
    ("Instagram", "photo uploads and a follower feed"),
    ("Spotify", "music streaming and playlists"),
    ("Google Docs", "many people editing one document at once"),
    ("GitHub", "git hosting, pull requests and code search"),
    ("WhatsApp", "one-to-one and group messages, delivered once"),
    ("Uber", "matching riders with nearby drivers"),
    ("Netflix", "video streaming to hundreds of millions of screens"),
    ("Dropbox", "file sync across devices"),
    ("Twitter / X", "posting and reading a timeline"),
    ("Slack", "team channels with search"),
    ("YouTube", "uploads, transcoding and playback"),
    ("Airbnb", "search and booking without double-booking"),
    ("Google Maps", "map tiles and routing"),
    ("Amazon checkout", "cart, inventory and payment"),
    ("Zoom", "live video calls"),
    ("Wikipedia", "a very read-heavy site"),
    ("Stripe", "payments that must never be lost or doubled"),
    ("Reddit", "votes, ranking and comment threads"),
)

LENSES = (
    ("scalability", "Scalability", "handles growth: more users, data, traffic"),
    ("reliability", "Reliability", "handles failure: crashes, lost nodes, bad deploys"),
    ("maintainability", "Maintainability", "handles time: change, debugging, new people"),
)

BLOCK_TYPES = (
    "client", "dns", "cdn", "load-balancer", "gateway", "service", "cache",
    "database", "queue", "worker", "storage", "search", "other",
)
TYPE_ALIASES = {
    "lb": "load-balancer", "loadbalancer": "load-balancer", "balancer": "load-balancer",
    "api": "gateway", "api-gateway": "gateway", "proxy": "gateway",
    "app": "service", "server": "service", "backend": "service", "microservice": "service",
    "db": "database", "sql": "database", "nosql": "database", "replica": "database",
    "mq": "queue", "broker": "queue", "stream": "queue", "pubsub": "queue",
    "consumer": "worker", "job": "worker", "cron": "worker",
    "blob": "storage", "object-storage": "storage", "s3": "storage", "files": "storage",
    "browser": "client", "mobile": "client", "user": "client",
    "index": "search",
}
# words in a component's name that give its type away when none is typed
NAME_HINTS = (
    ("cdn", "cdn"), ("cloudfront", "cdn"), ("dns", "dns"),
    ("load balancer", "load-balancer"), ("balancer", "load-balancer"), ("lb", "load-balancer"),
    ("gateway", "gateway"), ("cache", "cache"), ("redis", "cache"), ("memcache", "cache"),
    ("database", "database"), ("db", "database"), ("postgres", "database"), ("mysql", "database"),
    ("cassandra", "database"), ("dynamo", "database"), ("mongo", "database"), ("replica", "database"),
    ("queue", "queue"), ("kafka", "queue"), ("sqs", "queue"), ("rabbit", "queue"), ("stream", "queue"),
    ("worker", "worker"), ("consumer", "worker"), ("job", "worker"),
    ("s3", "storage"), ("blob", "storage"), ("storage", "storage"), ("bucket", "storage"),
    ("search", "search"), ("elastic", "search"), ("index", "search"),
    ("server", "service"), ("service", "service"), ("backend", "service"),  # "App servers" serve
    ("client", "client"), ("browser", "client"), ("app", "client"), ("mobile", "client"), ("user", "client"),
)

_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_ARROW = re.compile(r"\s*(?:-+>|→|=>)\s*")
# a component's number in a connection: `3`, or `3.` as it is shown, or `#3`; ASCII digits only.
# Every name needs a letter, so a number is never a name.
_NUMBER = re.compile(r"#?([0-9]+)\.?")


class SketchInputError(ValueError):
    """A line that is not a component or connection; the message says what to type."""


@dataclass
class Component:
    name: str
    type: str


@dataclass
class Sketch:
    system: str
    started_at: str
    checklist: dict[str, str] = field(default_factory=dict)
    components: list[Component] = field(default_factory=list)
    connections: list[tuple[str, str]] = field(default_factory=list)
    lenses: dict[str, dict[str, str]] = field(default_factory=dict)
    research: str = ""
    steps_done: int = 1  # step 1 (the product) is done once a sketch exists
    finished_at: str | None = None
    minutes: float | None = None
    history: list[tuple[str, int]] = field(default_factory=list, repr=False, compare=False)

    @property
    def complete(self) -> bool:
        return self.steps_done >= len(STEPS)

    def has_content(self) -> bool:
        return bool(any(self.checklist.values()) or self.components or self.lenses or self.research)

    def to_dict(self) -> dict:
        return {
            "system": self.system,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "minutes": self.minutes,
            "steps_done": self.steps_done,
            "complete": self.complete,
            "checklist": dict(self.checklist),
            "components": [{"name": c.name, "type": c.type} for c in self.components],
            "connections": [list(pair) for pair in self.connections],
            "lenses": {k: dict(v) for k, v in self.lenses.items()},
            "research": self.research,
        }

    @classmethod
    def from_dict(cls, data: dict, system: str = "", started_at: str = "") -> Sketch:
        def text(value: object) -> str:
            return value if isinstance(value, str) else ""

        components = [Component(text(c.get("name")), text(c.get("type")) or "other")
                      for c in data.get("components", []) if isinstance(c, dict) and text(c.get("name"))]
        connections = [(text(p[0]), text(p[1])) for p in data.get("connections", [])
                       if isinstance(p, (list, tuple)) and len(p) == 2]
        lenses = {k: {kk: text(vv) for kk, vv in v.items()} for k, v in (data.get("lenses") or {}).items()
                  if isinstance(v, dict)}
        minutes = data.get("minutes")
        return cls(
            system=text(data.get("system")) or system,
            started_at=text(data.get("started_at")) or started_at,
            checklist={k: text(v) for k, v in (data.get("checklist") or {}).items()},
            components=components,
            connections=connections,
            lenses=lenses,
            research=text(data.get("research")),
            steps_done=int(data.get("steps_done") or 1),
            finished_at=data.get("finished_at") if isinstance(data.get("finished_at"), str) else None,
            minutes=float(minutes) if isinstance(minutes, (int, float)) else None,
        )

    # recording as you go --------------------------------------------------------
    def find(self, ref: str) -> Component | None:
        """A component by its number in the list (1-based; `3`, `3.` or `#3`) or else by name
        (any case). Names always have a letter in them, so the two never overlap."""
        ref = ref.strip()
        number = _NUMBER.fullmatch(ref)
        if number:
            index = int(number.group(1)) - 1
            return self.components[index] if 0 <= index < len(self.components) else None
        key = ref.casefold()
        return next((c for c in self.components if c.name.casefold() == key), None)

    def numbered(self) -> str:
        """The components with the numbers a connection can use: `1. Web app, 2. API`."""
        return ", ".join(numbered(i, c) for i, c in enumerate(self.components, 1))

    def add_line(self, line: str) -> str:
        """Record one typed line — a component or a connection — and say what was added."""
        if _ARROW.search(line):
            pairs = parse_connections(line, self)
            added = [p for p in pairs if p not in self.connections]
            self.connections.extend(added)
            self.history.append(("connections", len(added)))
            return "; ".join(f"{a} → {b}" for a, b in pairs)
        component = parse_component(line, self)
        self.components.append(component)
        self.history.append(("component", 1))
        return f"{numbered(len(self.components), component)} [{component.type}]"

    def undo(self) -> str | None:
        """Take back the last line recorded; say what was removed."""
        if not self.history:
            return None
        kind, count = self.history.pop()
        if kind == "component":
            number = len(self.components)
            gone = self.components.pop()
            return f"{numbered(number, gone)} [{gone.type}]"
        removed = [self.connections.pop() for _ in range(count)][::-1]
        return "; ".join(f"{a} → {b}" for a, b in removed) or "nothing new"


def numbered(number: int, component: Component) -> str:
    return f"{number}. {component.name}"


def tidy(text: str, limit: int = 200) -> str:
    """One line of typed text: no control characters, single spaces, bounded length."""
    return re.sub(r"\s+", " ", _CONTROLS.sub(" ", text)).strip()[:limit]


def normalise_type(word: str) -> str | None:
    key = re.sub(r"[\s_]+", "-", word.strip().lower())
    if key in BLOCK_TYPES:
        return key
    return TYPE_ALIASES.get(key) or TYPE_ALIASES.get(key.rstrip("s"))


def guess_type(name: str) -> str:
    words = f" {re.sub(r'[^a-z0-9]+', ' ', name.lower())} "
    for hint, kind in NAME_HINTS:
        if f" {hint} " in words or (len(hint) > 3 and hint in words):
            return kind
    return "service"


def parse_component(line: str, sketch: Sketch) -> Component:
    """`Name: type`, `Name (type)` or just `Name` (the type is guessed from the name)."""
    text = tidy(line)
    if not text:
        raise SketchInputError("type a component, e.g. 'Feed Service: service'")
    name, kind = text, None
    match = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", text) or re.fullmatch(r"(.+?)\s*:\s*([^:]+)", text)
    if match:
        name, typed = match.group(1).strip(), match.group(2)
        kind = normalise_type(typed)
        if kind is None:
            raise SketchInputError(f"{typed.strip()!r} is not a building block; use one of: {', '.join(BLOCK_TYPES)}")
    name = name[:60].strip()  # the checks below hold for the name as stored
    if not any(ch.isalpha() for ch in name):  # so a number in a connection is never a name
        raise SketchInputError("a component needs a name with letters in it, e.g. 'Post DB: database'")
    if "," in name:  # a comma lists several targets in a connection
        raise SketchInputError("a component name cannot have a comma in it (commas separate targets in "
                               "'A -> B, C'); add one component per line")
    if sketch.find(name):
        raise SketchInputError(f"there is already a component called {name!r}; name this one differently")
    return Component(name, kind or guess_type(name))


def parse_connections(line: str, sketch: Sketch) -> list[tuple[str, str]]:
    """`A -> B`, `A -> B, C` (fan out) or `A -> B -> C` (a chain); names or numbers."""
    parts = _ARROW.split(tidy(line))
    if len(parts) < 2 or not all(p.strip() for p in parts):
        raise SketchInputError("write a connection as 'From -> To' (names or numbers)")
    hops: list[list[Component]] = []
    for part in parts:
        group = []
        for ref in part.split(","):
            found = sketch.find(ref)
            if found is None:
                known = sketch.numbered() or "none yet"
                raise SketchInputError(f"no component {ref.strip()!r} (components: {known}); add it first")
            group.append(found)
        hops.append(group)
    pairs = []
    for left, right in zip(hops, hops[1:]):
        for a in left:
            for b in right:
                if a.name == b.name:
                    raise SketchInputError(f"{a.name!r} cannot connect to itself")
                pairs.append((a.name, b.name))
    return pairs


def suggest(rng: random.Random, recent: list[str], count: int = 1) -> list[tuple[str, str]]:
    """Products to sketch, preferring ones not sketched recently."""
    seen = {s.casefold() for s in recent}
    fresh = [p for p in PRODUCTS if p[0].casefold() not in seen] or list(PRODUCTS)
    rng.shuffle(fresh)
    return fresh[:count]


def minutes_text(minutes: float) -> str:
    return "under a minute" if minutes < 1 else f"{minutes:.0f} min"


def pace(minutes: float) -> str:
    low, high = TARGET_MINUTES
    took = minutes_text(minutes)
    if minutes < low:
        return f"{took} — quicker than the {low}–{high} min aim; tomorrow, spend longer on the lenses."
    if minutes <= high:
        return f"{took} — right in the {low}–{high} min aim."
    return f"{took} — over the {low}–{high} min aim; tomorrow, keep each step short."


_SHAPES = {
    "client": ('(["', '"])'),
    "dns": ('[/"', '"/]'),
    "cdn": ('[/"', '"/]'),
    "load-balancer": ('{{"', '"}}'),
    "gateway": ('{{"', '"}}'),
    "cache": ('("', '")'),
    "database": ('[("', '")]'),
    "storage": ('[("', '")]'),
    "queue": ('[["', '"]]'),
}


def mermaid_label(text: str) -> str:
    text = tidy(text)
    for raw, safe in (("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(raw, safe)
    return text


def to_mermaid(sketch: Sketch, comment: str | None = None) -> str:
    """A Mermaid flowchart: one node per component (shaped by type), one edge per arrow.
    ``comment`` replaces the daily-sketch comment line (a problem's reference design has no day)."""
    ids = {c.name: f"c{i}" for i, c in enumerate(sketch.components, 1)}
    comment = comment if comment is not None else f"{sketch.system}: daily sketch of {day_of(sketch.started_at)}"
    lines = ["flowchart LR", f"    %% {mermaid_label(comment)}"]
    for comp in sketch.components:
        left, right = _SHAPES.get(comp.type, ('["', '"]'))
        lines.append(f"    {ids[comp.name]}{left}{mermaid_label(comp.name)}<br/>{comp.type}{right}")
    for a, b in sketch.connections:
        if a in ids and b in ids:
            lines.append(f"    {ids[a]} --> {ids[b]}")
    return "\n".join(lines) + "\n"
