"""Safe YAML loading that remembers where every key and value came from.

Only the YAML core types are built (strings, numbers, booleans, null, maps, lists); any
other tag is refused. Documents that are too large, nest too deep, or expand too far
through aliases are refused before they can hang or exhaust memory.
"""

from __future__ import annotations

from sysdesign.content.errors import ContentError, Pos

MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 200_000  # values after alias expansion; ~16,000 flashcards in one file

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null")}
_MAP_TAG = _CORE + "map"
_SEQ_TAG = _CORE + "seq"


class YMap(dict):
    """A mapping that knows its own position and those of its keys and values."""

    pos: Pos
    key_pos: dict
    val_pos: dict


class Positions(dict):
    """Positions by key; a key the file does not have is placed at its map, so that a parser
    reporting a fault about a missing value still has somewhere to point (never a KeyError)."""

    def __init__(self, owner: Pos):
        super().__init__()
        self.owner = owner

    def __missing__(self, key: str) -> Pos:
        return self.owner


class YList(list):
    """A list that knows its own position and those of its items."""

    pos: Pos
    item_pos: list


class _Fault(Exception):
    def __init__(self, pos: Pos, message: str):
        self.pos = pos
        self.message = message


def _pos(mark) -> Pos:
    return Pos(mark.line + 1, mark.column + 1)


def _nesting_depth(text: str) -> int:
    """An upper bound on flow nesting ([ and {), cheap enough to run before parsing."""
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif ch in "]}" and depth:
            depth -= 1
    return deepest


def _yaml():
    """PyYAML, imported on first parse only: a warm parse cache never needs it."""
    import yaml

    return yaml


def _loader():
    yaml = _yaml()
    return getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader  # the C loader is ~13x faster


class _Builder:
    def __init__(self) -> None:
        yaml = _yaml()
        self.nodes = 0
        self.deepest = 0
        self.built: dict[int, tuple] = {}  # id(collection node) -> (value, expanded size, height)
        self.constructor = yaml.constructor.SafeConstructor()
        self.MappingNode, self.SequenceNode = yaml.MappingNode, yaml.SequenceNode
        self.errors = (yaml.YAMLError, ValueError, OverflowError)

    def _count(self, node, size: int, depth: int) -> None:
        self.nodes += size
        if self.nodes > MAX_NODES:
            raise _Fault(_pos(node.start_mark), f"document expands to more than {MAX_NODES:,} values (an alias bomb, or a file to split)")
        if depth > MAX_DEPTH:
            raise _Fault(_pos(node.start_mark), f"nesting deeper than {MAX_DEPTH} levels")
        self.deepest = max(self.deepest, depth)

    def build(self, node, depth: int = 0):
        seen = self.built.get(id(node))
        if seen is not None:  # an alias of a collection built before: count what it expands to, at once
            value, size, height = seen
            self._count(node, size, depth + height)
            return value
        start, outer_deepest = self.nodes, self.deepest
        self._count(node, 1, depth)
        if isinstance(node, (self.MappingNode, self.SequenceNode)):
            self.deepest = depth
            out = self._map(node, depth) if isinstance(node, self.MappingNode) else self._seq(node, depth)
            self.built[id(node)] = (out, self.nodes - start, self.deepest - depth)
            self.deepest = max(outer_deepest, self.deepest)
            return out
        if node.tag not in _SCALAR_TAGS:
            raise _Fault(_pos(node.start_mark), f"tag {node.tag!r} is not allowed (plain YAML only)")
        if node.tag == "tag:yaml.org,2002:int" and len(node.value) > 30:
            # a 5,000-digit number is a typo or an attack, never content; Python's own error
            # about it talks about sys.set_int_max_str_digits(), which means nothing here
            raise _Fault(_pos(node.start_mark), f"a number with {len(node.value):,} digits; quote it "
                         "if it is text")
        try:
            return self.constructor.construct_object(node)
        except self.errors as exc:
            raise _Fault(_pos(node.start_mark), f"cannot read value: {exc}") from None

    def _seq(self, node, depth: int) -> YList:
        if node.tag != _SEQ_TAG:
            raise _Fault(_pos(node.start_mark), f"tag {node.tag!r} is not allowed")
        out = YList()
        out.pos = _pos(node.start_mark)
        out.item_pos = []
        for item in node.value:
            out.append(self.build(item, depth + 1))
            out.item_pos.append(_pos(item.start_mark))
        return out

    def _map(self, node, depth: int) -> YMap:
        if node.tag != _MAP_TAG:
            raise _Fault(_pos(node.start_mark), f"tag {node.tag!r} is not allowed")
        out = YMap()
        out.pos = _pos(node.start_mark)
        out.key_pos = Positions(out.pos)
        out.val_pos = Positions(out.pos)
        for key_node, val_node in node.value:
            key = self.build(key_node, depth + 1)
            kpos = _pos(key_node.start_mark)
            if not isinstance(key, str):
                raise _Fault(kpos, f"keys must be text, not {type(key).__name__}")
            if key in out:
                raise _Fault(kpos, f"duplicate key {key!r}")
            out[key] = self.build(val_node, depth + 1)
            out.key_pos[key] = kpos
            out.val_pos[key] = _pos(val_node.start_mark)
        return out


_PRECOUNT_BYTES = 256 * 1024


def _ord(character) -> int:
    return character if isinstance(character, int) else ord(character[:1] or "\0")


def _too_many_events(yaml, text: str) -> bool:
    """Count parse events (cheap, C) before composing (costly): a big file of tiny values
    is refused in a fraction of a second instead of being composed for many seconds."""
    return any(count > MAX_NODES for count, _ in enumerate(yaml.parse(text, Loader=_loader()), 1))


def parse_yaml(text: str, path: str):
    """Parse one YAML document into YMap/YList/scalars, or raise ContentError."""
    if len(text) > MAX_BYTES:
        raise ContentError(path, 1, 1, f"file is larger than {MAX_BYTES // (1024 * 1024)} MB; refusing to load it")
    if _nesting_depth(text) > MAX_DEPTH:
        raise ContentError(path, 1, 1, f"brackets nest deeper than {MAX_DEPTH} levels; refusing to load it")
    yaml = _yaml()
    try:
        if len(text) > _PRECOUNT_BYTES and _too_many_events(yaml, text):
            raise ContentError(path, 1, 1, f"file holds more than {MAX_NODES:,} values; refusing to load it (split it into smaller files)")
        node = yaml.compose(text, Loader=_loader())
    except yaml.reader.ReaderError as exc:  # a control character: point at it, in one line
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - text.rfind("\n", 0, exc.position)
        raise ContentError(path, line, col, f"YAML syntax: control character U+{_ord(exc.character):04X} is not allowed") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _pos(mark) if mark is not None else Pos()
        problem = exc.problem or exc.context or "malformed YAML"
        raise ContentError(path, where.line, where.col, f"YAML syntax: {problem}") from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise ContentError(path, 1, 1, f"YAML syntax: {exc}") from None
    if node is None:
        raise ContentError(path, 1, 1, "file is empty")
    try:
        return _Builder().build(node)
    except _Fault as fault:
        raise ContentError(path, fault.pos.line, fault.pos.col, fault.message) from None
    except RecursionError:
        raise ContentError(path, 1, 1, "document nests too deeply") from None


def read_yaml(path) -> object:
    """Read and parse a file; unreadable or non-UTF-8 files become ContentError."""
    shown = str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)  # a huge file is never read whole
    except OSError as exc:
        raise ContentError(shown, 1, 1, f"cannot read file: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise ContentError(shown, 1, 1, f"file is larger than {MAX_BYTES // (1024 * 1024)} MB; refusing to load it")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(shown, line, 1, "file is not valid UTF-8 text") from None
    return parse_yaml(text, shown)
