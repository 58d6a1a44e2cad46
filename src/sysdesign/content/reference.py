"""Reference cheat sheets: ``lessons/reference/*.yaml`` (latency numbers, nines, powers of two).

Both the quick drills (``sysdesign estimate --drill ID``) and ``sysdesign reference`` read
these files; no figure is written in Python. Schema (unknown keys are errors)::

    id: latency                     # the topic id, also the drill name
    title: Latency numbers
    summary: One line for the topic list.
    tables:
      - id: latency-numbers
        title: How long things take
        intro: Optional paragraph shown above the table.
        columns:                    # snake_case ids; kind: text (default), quantity or source
          - {id: operation, title: Operation}
          - {id: time, title: Typical time, kind: quantity}
          # kind: source — where a row's figure comes from (a year, a kind of source); every
          # row must fill it, and it stays on screen at any width
        rows:                       # one mapping per row, keyed by column id
          - {operation: L1 cache reference, time: 0.5 ns}
        notes: [Optional lines shown under the table.]
        drill:                      # optional: questions the drill asks, one per row
          - prompt: "About how long: {operation}?"   # {column} is that row's cell
            answer: time            # a quantity column: the expected answer
            explain: Optional text shown after grading ({column} allowed).
            bare: false             # kept for old files: a bare number is always read in
                                    # the answer's unit, which the prompt shows

Every cell of a quantity column must read as a positive quantity (``0.5 ns``, ``8.76 h``,
``1,024 B``, ``125 MB/s``). Text with commas inside a ``{…}`` row must be quoted.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from sysdesign.content.errors import Pos
from sysdesign.content.fields import (
    FileCtx,
    check_keys,
    expect_document,
    expect_map,
    get_id,
    get_list,
    get_str,
    get_str_list,
)
from sysdesign.content.model import Where
from sysdesign.content.yamlsrc import YList, YMap
from sysdesign.core.quantity import QuantityError, parse_quantity

COLUMN_KINDS = ("text", "quantity", "source")
_COLUMN_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Column:
    id: str
    title: str
    kind: str  # text | quantity


@dataclass(frozen=True)
class Row:
    cells: tuple[tuple[str, str], ...]  # (column id, text) in column order
    where: Where

    def get(self, column: str, default: str = "") -> str:
        return next((text for key, text in self.cells if key == column), default)


@dataclass(frozen=True)
class Drill:
    prompt: str
    answer: str  # a quantity column id
    explain: str
    bare: bool


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    intro: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...]
    drills: tuple[Drill, ...]
    where: Where


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    summary: str
    tables: tuple[Table, ...]
    where: Where

    def table(self, table_id: str) -> Table | None:
        return next((t for t in self.tables if t.id == table_id), None)


def _cell_text(value: object) -> str | None:
    if isinstance(value, bool) or value is None or isinstance(value, (YMap, YList)):
        return None
    if isinstance(value, float) and math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def parse_reference(ctx: FileCtx, doc: object) -> Topic | None:
    m = expect_document(ctx, doc, "a reference file")
    if m is None:
        return None
    check_keys(ctx, m, ("id", "title", "tables"), ("summary",), "the reference topic")
    topic_id = get_id(ctx, m)
    tables = []
    items = get_list(ctx, m, "tables")
    if "tables" in m and not items:
        ctx.fault(m.val_pos["tables"], "a reference topic needs at least one table")
    seen: dict[str, Pos] = {}
    for item, pos in zip(items, items.item_pos):
        table = _parse_table(ctx, item, pos)
        if table is None:
            continue
        if table.id in seen:
            ctx.fault(Pos(table.where.line, table.where.col), f"duplicate table id {table.id!r}")
        seen.setdefault(table.id, pos)
        tables.append(table)
    return Topic(
        id=topic_id,
        title=get_str(ctx, m, "title"),
        summary=get_str(ctx, m, "summary", required=False),
        tables=tuple(tables),
        where=ctx.where(m.pos),
    )


def _parse_table(ctx: FileCtx, item: object, pos: Pos) -> Table | None:
    tm = expect_map(ctx, item, pos, "a table")
    if tm is None:
        return None
    check_keys(ctx, tm, ("id", "title", "columns", "rows"), ("intro", "notes", "drill"), "a table")
    columns = _parse_columns(ctx, tm)
    by_id = {c.id: c for c in columns}
    rows = []
    items = get_list(ctx, tm, "rows")
    if "rows" in tm and not items:
        ctx.fault(tm.val_pos["rows"], "a table needs at least one row")
    for row_item, row_pos in zip(items, items.item_pos):
        rm = expect_map(ctx, row_item, row_pos, "a row")
        if rm is None:
            continue
        for key in rm:
            if key not in by_id:
                ctx.fault(rm.key_pos[key], f"unknown column {key!r} (columns: {', '.join(by_id)})")
        cells = []
        for column in columns:
            if column.id not in rm:
                if column.kind in ("quantity", "source") or column is columns[0]:
                    ctx.fault(rm.pos, f"the row has no {column.id!r}")
                continue
            text = _cell_text(rm[column.id])
            cell_pos = rm.val_pos[column.id]
            if text is None or not text.strip():
                ctx.fault(cell_pos, f"{column.id!r} must be text or a number")
                continue
            if column.kind == "quantity":
                try:
                    quantity = parse_quantity(text)
                except QuantityError as exc:
                    ctx.fault(cell_pos, f"{column.id!r}: {exc}")
                    continue
                if quantity.value <= 0:
                    ctx.fault(cell_pos, f"{column.id!r}: {text!r} must be more than zero")
            cells.append((column.id, text))
        rows.append(Row(tuple(cells), ctx.where(rm.pos)))
    drills = _parse_drills(ctx, tm, by_id)
    return Table(
        id=get_id(ctx, tm),
        title=get_str(ctx, tm, "title"),
        intro=get_str(ctx, tm, "intro", required=False),
        columns=tuple(columns),
        rows=tuple(rows),
        notes=get_str_list(ctx, tm, "notes"),
        drills=drills,
        where=ctx.where(tm.pos),
    )


def _parse_columns(ctx: FileCtx, tm: YMap) -> list[Column]:
    columns: list[Column] = []
    items = get_list(ctx, tm, "columns")
    if "columns" in tm and not items:
        ctx.fault(tm.val_pos["columns"], "a table needs at least one column")
    for item, pos in zip(items, items.item_pos):
        cm = expect_map(ctx, item, pos, "a column")
        if cm is None:
            continue
        check_keys(ctx, cm, ("id", "title"), ("kind",), "a column")
        column_id = get_str(ctx, cm, "id")
        if not column_id:  # missing or empty: already reported
            continue
        if not _COLUMN_ID.match(column_id):
            ctx.fault(cm.val_pos["id"], f"column id {column_id!r} must be snake_case (drill prompts name it as {{{column_id}}})")
        kind = get_str(ctx, cm, "kind", required=False, default="text")
        if kind not in COLUMN_KINDS:
            ctx.fault(cm.val_pos["kind"], f"column kind {kind!r} is not one of: {', '.join(COLUMN_KINDS)}")
            kind = "text"
        if any(c.id == column_id for c in columns):
            ctx.fault(cm.val_pos.get("id", cm.pos), f"duplicate column id {column_id!r}")
            continue
        columns.append(Column(column_id, get_str(ctx, cm, "title"), kind))
    return columns


def _parse_drills(ctx: FileCtx, tm: YMap, columns: dict[str, Column]) -> tuple[Drill, ...]:
    drills = []
    items = get_list(ctx, tm, "drill")
    for item, pos in zip(items, items.item_pos):
        dm = expect_map(ctx, item, pos, "a drill question")
        if dm is None:
            continue
        check_keys(ctx, dm, ("prompt", "answer"), ("explain", "bare"), "a drill question")
        prompt = get_str(ctx, dm, "prompt")
        answer = get_str(ctx, dm, "answer")
        explain = get_str(ctx, dm, "explain", required=False)
        bare = dm.get("bare", False)
        if not isinstance(bare, bool):
            ctx.fault(dm.val_pos["bare"], "bare must be true or false")
            bare = False
        if answer and answer not in columns:
            ctx.fault(dm.val_pos["answer"], f"answer names column {answer!r}, which the table does not have")
        elif answer and columns[answer].kind != "quantity":
            ctx.fault(dm.val_pos["answer"], f"answer column {answer!r} must have kind: quantity")
        for text, key in ((prompt, "prompt"), (explain, "explain")):
            for match in _PLACEHOLDER.finditer(text):
                name = match.group(1)
                if name not in columns:
                    ctx.fault(dm.val_pos[key], f"{{{name}}} is not a column of this table")
                elif key == "prompt" and name == answer:
                    ctx.fault(dm.val_pos[key], f"the prompt shows {{{name}}}, which is the answer")
        drills.append(Drill(prompt, answer, explain, bare))
    return tuple(drills)
