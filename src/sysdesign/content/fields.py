"""Typed field access on parsed YAML maps, reporting faults with their positions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sysdesign.content.errors import ContentError, Pos
from sysdesign.content.model import Where
from sysdesign.content.yamlsrc import YList, YMap

_MISSING = object()


@dataclass
class FileCtx:
    """The file being parsed and the faults found in it so far."""

    path: str
    errors: list[ContentError] = field(default_factory=list)

    def fault(self, pos: Pos, message: str) -> None:
        self.errors.append(ContentError(self.path, pos.line, pos.col, message))

    def where(self, pos: Pos) -> Where:
        return Where(self.path, pos.line, pos.col)


def _type_name(value: object) -> str:
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YList):
        return "a list"
    if value is None:
        return "nothing"
    return {bool: "true/false", int: "a number", float: "a number", str: "text"}.get(
        type(value), type(value).__name__
    )


def expect_map(ctx: FileCtx, value: object, pos: Pos, what: str) -> YMap | None:
    if isinstance(value, YMap):
        return value
    ctx.fault(pos, f"{what} must be a mapping, found {_type_name(value)}")
    return None


def expect_document(ctx: FileCtx, doc: object, what: str) -> YMap | None:
    """The top of a file must be a mapping; an empty or scalar document is a fault at 1:1."""
    return expect_map(ctx, doc, getattr(doc, "pos", None) or Pos(), what)


def check_keys(ctx: FileCtx, m: YMap, required: tuple[str, ...], optional: tuple[str, ...], what: str) -> None:
    known = set(required) | set(optional)
    for key in m:
        if key not in known:
            ctx.fault(m.key_pos[key], f"unknown key {key!r} in {what} (expected one of: {', '.join(sorted(known))})")
    for key in required:
        if key not in m:
            ctx.fault(m.pos, f"{what} is missing required key {key!r}")


def get_str(ctx: FileCtx, m: YMap, key: str, *, required: bool = True, default: str = "") -> str:
    value = m.get(key, _MISSING)
    if value is _MISSING:
        return default  # a missing required key is reported by check_keys
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not required:
        return str(value)
    ctx.fault(m.val_pos[key], f"{key!r} must be non-empty text, found {_type_name(value)}")
    return default


def get_int(ctx: FileCtx, m: YMap, key: str, *, default: int = 0) -> int:
    value = m.get(key, _MISSING)
    if value is _MISSING:
        return default
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    ctx.fault(m.val_pos[key], f"{key!r} must be a whole number, found {_type_name(value)}")
    return default


def get_number(ctx: FileCtx, m: YMap, key: str, *, default: float | None = None) -> float | None:
    value = m.get(key, _MISSING)
    if value is _MISSING:
        return default
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:
        return float(value)
    ctx.fault(m.val_pos[key], f"{key!r} must be a number, found {_type_name(value)}")
    return default


def get_list(ctx: FileCtx, m: YMap, key: str) -> YList:
    value = m.get(key, _MISSING)
    if value is _MISSING:
        empty = YList()
        empty.pos, empty.item_pos = m.pos, []
        return empty
    if isinstance(value, YList):
        return value
    ctx.fault(m.val_pos[key], f"{key!r} must be a list, found {_type_name(value)}")
    empty = YList()
    empty.pos, empty.item_pos = m.val_pos[key], []
    return empty


def get_str_list(ctx: FileCtx, m: YMap, key: str) -> tuple[str, ...]:
    items = get_list(ctx, m, key)
    out = []
    for item, pos in zip(items, items.item_pos):
        if isinstance(item, str) and item.strip():
            out.append(item)
        elif isinstance(item, (int, float)) and not isinstance(item, bool):
            out.append(str(item))
        else:
            ctx.fault(pos, f"items of {key!r} must be text, found {_type_name(item)}")
    return tuple(out)


def get_id(ctx: FileCtx, m: YMap, key: str = "id") -> str:
    value = get_str(ctx, m, key)
    if value and not _is_id(value):
        ctx.fault(m.val_pos[key], f"{key!r} {value!r} must be lowercase letters, digits and dashes")
    return value


_ID = re.compile(r"[a-z0-9][a-z0-9_-]*", re.ASCII)


def _is_id(text: str) -> bool:
    """ASCII only: a Cyrillic 'у' or a full-width 'ａ' would make a look-alike of another id."""
    return _ID.fullmatch(text) is not None
