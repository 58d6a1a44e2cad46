"""Estimation scenario families: ``lessons/estimates/*.yaml``.

Schema (one family per file; unknown keys are errors)::

    id: photo-sharing                 # kebab-case, stable forever (attempts key on it)
    title: Photo sharing
    summary: One line shown in `sysdesign estimate --list`.
    tags: [storage, bandwidth]        # optional
    story: |                          # the round's text; {name} is a parameter with its
      An app has {dau} daily users,   # unit ("3 MB"), {name:n} the bare number ("20").
      each viewing {views:n} photos…  # Every parameter must appear in the story.
    params:                           # a mapping, in the order the story uses them
      dau:                            # snake_case name used by formulas
        label: daily active users
        example: 100M                 # the --example value; a number is read in `unit`,
        range: [10M, 1bn]             # text like "3 MB" or "100M" is a quantity
        # or: choices: [1, 3, 5]      # instead of range
        # unit: MB                    # optional; any unit `sysdesign estimate` reads:
        #                             # /day for "per day", %, MB, KB, y, rps, Gbps …
        # round: 0.5                  # optional: drawn values are multiples of this (in
        #                             # `unit`); default: two significant figures
    steps:                            # asked in this order
      - id: read_qps                  # snake_case, usable in later (or earlier) formulas
        name: Average reads per second
        unit: rps                     # the unit the answer is asked in and shown in
        formula: dau * views          # + - * / ** ( ) min max ceil floor round abs sqrt
        #                             # log10 log2; names: params, steps, and the
        #                             # constants second minute hour day week month year
        note: optional, shown with the worked answer
        # ask: false                  # optional: a worked intermediate, shown, not asked

Formulas compute in base units (seconds, bytes, per second, bytes per second), so units
take care of themselves: ``dau * uploads_per_user * photo_size`` with ``/day`` and ``MB``
parameters is a data rate, shown as ``600 TB/day`` when the step's unit is ``TB/day``.
The validator checks that each formula's dimension matches its step's unit, reports
unknown names, cycles between steps, and division by zero at the example values and at
every range extreme, each as ``path:line:col: message``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from sysdesign.content.errors import ContentError, Pos
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
from sysdesign.core.constants import CONSTANT_DIM, CONSTANTS, PLACEHOLDER, PLACEHOLDER_FORMATS
from sysdesign.core.formula import (
    FUNCTIONS,
    CycleError,
    FormulaError,
    evaluation_order,
    parse_formula,
)
from sysdesign.core.quantity import (
    VECTORS,
    QuantityError,
    UnknownUnit,
    dimension_of,
    format_quantity,
    parse_quantity,
    unit_factor,
)

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Param:
    id: str
    label: str
    unit: str | None
    example: float  # base units
    low: float  # base units
    high: float
    choices: tuple[float, ...]  # base units; empty when drawn from [low, high]
    round: float | None  # granularity in base units
    where: Where


@dataclass(frozen=True)
class Step:
    id: str
    name: str
    unit: str
    formula: str
    ask: bool
    note: str
    where: Where


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    summary: str
    story: str
    params: tuple[Param, ...]
    steps: tuple[Step, ...]
    tags: tuple[str, ...]
    where: Where

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.id == name), None)

    def step(self, name: str) -> Step | None:
        return next((s for s in self.steps if s.id == name), None)

    @property
    def asked(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.ask)


def _quantity_value(ctx: FileCtx, raw: object, pos: Pos, unit: str | None, what: str) -> float | None:
    """A parameter value in base units: a number is read in ``unit``; text is a quantity."""
    factor, dim = (1.0, "count") if not unit else unit_factor(unit)
    if isinstance(raw, bool) or raw is None or isinstance(raw, (YMap, YList)):
        ctx.fault(pos, f"{what} must be a number or a quantity such as 100M or 3 MB")
        return None
    if isinstance(raw, (int, float)):
        try:
            value = float(raw) * factor
        except OverflowError:
            value = math.inf
    else:
        try:
            quantity = parse_quantity(str(raw))
        except QuantityError as exc:
            ctx.fault(pos, f"{what}: {exc}")
            return None
        if quantity.unit is None:
            value = quantity.value * factor
        elif quantity.dim != dim:
            ctx.fault(pos, f"{what} {raw!r} is {_dim_words(quantity.dim)}, but the parameter's unit {unit or '(none)'} is {_dim_words(dim)}")
            return None
        else:
            value = quantity.value
    if not math.isfinite(value):
        ctx.fault(pos, f"{what} is too large")
        return None
    return value


def _dim_words(dim: str) -> str:
    from sysdesign.core.quantity import DIMENSION_NAMES

    return DIMENSION_NAMES.get(dim, dim)


def _parse_param(ctx: FileCtx, name: str, raw: object, key_pos: Pos, val_pos: Pos) -> Param | None:
    if not _NAME.match(name):
        ctx.fault(key_pos, f"parameter name {name!r} must be snake_case (lowercase letters, digits, _), starting with a letter")
    elif name in CONSTANTS or name in FUNCTIONS:
        ctx.fault(key_pos, f"parameter name {name!r} is taken by a built-in ({'constant' if name in CONSTANTS else 'function'})")
    pm = expect_map(ctx, raw, val_pos, f"parameter {name!r}")
    if pm is None:
        return None
    check_keys(ctx, pm, ("label", "example"), ("unit", "range", "choices", "round"), f"parameter {name!r}")
    if ("range" in pm) == ("choices" in pm):
        ctx.fault(pm.pos, f"parameter {name!r} needs exactly one of 'range' ([low, high]) or 'choices' (a list)")
    unit = get_str(ctx, pm, "unit", required=False, default="") or None
    if unit is not None:
        try:
            unit_factor(unit)
        except UnknownUnit as exc:
            ctx.fault(pm.val_pos["unit"], f"{exc} (known units include /day, %, KB, MB, GB, TB, s, ms, h, d, y, rps, Gbps)")
            return None
    example = _quantity_value(ctx, pm.get("example"), pm.val_pos.get("example", pm.pos), unit, "example") if "example" in pm else None
    low = high = None
    choices: tuple[float, ...] = ()
    if "range" in pm:
        items = pm["range"]
        pos = pm.val_pos["range"]
        if not isinstance(items, YList) or len(items) != 2:
            ctx.fault(pos, "range must be a list of two values: [low, high]")
        else:
            low = _quantity_value(ctx, items[0], items.item_pos[0], unit, "range low")
            high = _quantity_value(ctx, items[1], items.item_pos[1], unit, "range high")
            if low is not None and high is not None and not low < high:
                ctx.fault(pos, "range low must be below range high")
                low = high = None
            elif low is not None and low < 0:
                ctx.fault(pos, "range low must not be negative")
                low = high = None
    elif "choices" in pm:
        items = get_list(ctx, pm, "choices")
        values = [_quantity_value(ctx, item, p, unit, "a choice") for item, p in zip(items, items.item_pos)]
        if "choices" in pm and not values:
            ctx.fault(pm.val_pos["choices"], "choices needs at least one value")
        if values and all(v is not None for v in values):
            choices = tuple(values)  # type: ignore[arg-type]
            low, high = min(choices), max(choices)
    granularity = None
    if "round" in pm:
        value = pm["round"]
        try:
            granularity = float(value) * (unit_factor(unit)[0] if unit else 1.0)
        except (TypeError, ValueError, OverflowError):
            granularity = None
        if isinstance(value, (bool, str)) or granularity is None or not 0 < granularity < math.inf:
            ctx.fault(pm.val_pos["round"], "round must be a positive number (in the parameter's unit)")
            granularity = None
    if example is not None and low is not None and high is not None:
        tolerance = 1e-9 * max(abs(low), abs(high))
        if not low - tolerance <= example <= high + tolerance:
            ctx.fault(pm.val_pos["example"], f"example {format_quantity(example, unit)} is outside the range {format_quantity(low, unit)} … {format_quantity(high, unit)}")
    if example is None or low is None or high is None:
        return None
    return Param(
        id=name,
        label=get_str(ctx, pm, "label"),
        unit=unit,
        example=example,
        low=low,
        high=high,
        choices=choices,
        round=granularity,
        where=ctx.where(key_pos),
    )


def _parse_step(ctx: FileCtx, item: object, pos: Pos) -> tuple[Step, Pos] | None:
    sm = expect_map(ctx, item, pos, "a step")
    if sm is None:
        return None
    check_keys(ctx, sm, ("id", "name", "unit", "formula"), ("note", "ask"), "a step")
    step_id = get_str(ctx, sm, "id")
    if step_id and not _NAME.match(step_id):
        ctx.fault(sm.val_pos["id"], f"step id {step_id!r} must be snake_case (it is used in formulas)")
    elif step_id in CONSTANTS or step_id in FUNCTIONS:
        ctx.fault(sm.val_pos["id"], f"step id {step_id!r} is taken by a built-in")
    unit = get_str(ctx, sm, "unit")
    if unit:
        try:
            unit_factor(unit)
        except UnknownUnit as exc:
            ctx.fault(sm.val_pos["unit"], str(exc))
            unit = ""
    formula = sm.get("formula", "")
    if isinstance(formula, (int, float)) and not isinstance(formula, bool):
        formula = str(formula)
    if not isinstance(formula, str) or ("formula" in sm and not formula.strip()):
        ctx.fault(sm.val_pos.get("formula", sm.pos), "formula must be text such as: dau * views_per_user")
        formula = ""
    ask = sm.get("ask", True)
    if not isinstance(ask, bool):
        ctx.fault(sm.val_pos["ask"], "ask must be true or false")
        ask = True
    step = Step(
        id=step_id,
        name=get_str(ctx, sm, "name"),
        unit=unit,
        formula=formula,
        ask=ask,
        note=get_str(ctx, sm, "note", required=False),
        where=ctx.where(sm.pos),
    )
    return step, sm.val_pos.get("formula", sm.pos)


def _at(pos: Pos, offset: int) -> Pos:
    return Pos(pos.line, pos.col + offset)


def parse_scenario(ctx: FileCtx, doc: object) -> Scenario | None:
    m = expect_document(ctx, doc, "a scenario file")
    if m is None:
        return None
    check_keys(ctx, m, ("id", "title", "summary", "story", "params", "steps"), ("tags",), "the scenario")
    scenario_id = get_id(ctx, m)
    params: list[Param] = []
    raw_params = m.get("params")
    if "params" in m:
        if not isinstance(raw_params, YMap) or not raw_params:
            ctx.fault(m.val_pos["params"], "params must be a mapping of parameter names to {label, example, range}")
        else:
            for name, raw in raw_params.items():
                param = _parse_param(ctx, name, raw, raw_params.key_pos[name], raw_params.val_pos[name])
                if param is not None:
                    params.append(param)
    steps: list[tuple[Step, Pos]] = []
    items = get_list(ctx, m, "steps")
    if "steps" in m and not items:
        ctx.fault(m.val_pos["steps"], "a scenario needs at least one step")
    for item, pos in zip(items, items.item_pos):
        parsed = _parse_step(ctx, item, pos)
        if parsed is not None:
            steps.append(parsed)
    param_names = set(raw_params) if isinstance(raw_params, YMap) else set()
    seen: dict[str, Pos] = {}
    for step, _ in steps:
        if step.id in param_names:
            ctx.fault(_pos(step.where), f"step id {step.id!r} is also a parameter name")
        if step.id in seen:
            ctx.fault(_pos(step.where), f"duplicate step id {step.id!r}")
        seen.setdefault(step.id, _pos(step.where))
    if steps and not any(step.ask for step, _ in steps):
        ctx.fault(m.val_pos["steps"], "at least one step must be asked (ask: true)")
    story = get_str(ctx, m, "story")
    if story:
        _check_story(ctx, story, m.val_pos["story"], params, param_names)
    complete = len(params) == len(param_names) and all(s.id and s.unit and s.formula for s, _ in steps)
    formulas_ok = _check_formulas(ctx, params, steps, param_names)
    if complete and formulas_ok:
        _check_extremes(ctx, params, steps)
    return Scenario(
        id=scenario_id,
        title=get_str(ctx, m, "title"),
        summary=get_str(ctx, m, "summary"),
        story=story,
        params=tuple(params),
        steps=tuple(s for s, _ in steps),
        tags=get_str_list(ctx, m, "tags"),
        where=ctx.where(m.pos),
    )


def _pos(where: Where) -> Pos:
    return Pos(where.line, where.col)


def _check_story(ctx: FileCtx, story: str, pos: Pos, params: list[Param], names: set[str]) -> None:
    used = set()
    for match in PLACEHOLDER.finditer(story):
        name, fmt = match.group(1), match.group(2)
        # a block scalar (| or >) ends with a newline and starts on the line after the key
        line = pos.line + story.count("\n", 0, match.start()) + (1 if story.endswith("\n") else 0)
        where = Pos(line, pos.col)
        if name not in names:
            ctx.fault(where, f"the story mentions {{{name}}}, which is not a parameter (parameters: {', '.join(sorted(names))})")
        if fmt is not None and fmt not in PLACEHOLDER_FORMATS:
            ctx.fault(where, f"unknown format ':{fmt}' in {{{name}:{fmt}}} (use {{{name}}} for the value with its unit, {{{name}:n}} for the bare number)")
        used.add(name)
    for param in params:
        if param.id not in used:
            ctx.fault(_pos(param.where), f"parameter {param.id!r} is not mentioned in the story, so a learner cannot know its value")


def _dims_of(unit: str | None) -> tuple[int, ...]:
    return VECTORS[dimension_of(unit)]  # (data, time, money): a bill is not a request rate


def _check_formulas(ctx: FileCtx, params: list[Param], steps: list[tuple[Step, Pos]], param_names: set[str]) -> bool:
    """Syntax, names, dimensions and cycles; True when every formula can be evaluated."""
    ok = True
    dims: dict[str, tuple[int, ...]] = {name: VECTORS[CONSTANT_DIM] for name in CONSTANTS}
    dims.update({p.id: _dims_of(p.unit) for p in params})
    known = set(CONSTANTS) | param_names | {s.id for s, _ in steps}
    parsed = {}
    for step, _ in steps:
        if step.unit:
            dims[step.id] = _dims_of(step.unit)
    for step, pos in steps:
        if not step.formula:
            ok = False
            continue
        try:
            formula = parse_formula(step.formula)
        except FormulaError as exc:
            ctx.fault(_at(pos, exc.offset), f"step {step.id!r}: {exc.message}")
            ok = False
            continue
        unknown = sorted(formula.names - known)
        for name in unknown:
            column = _name_offset(step.formula, name)
            hint = ", ".join(sorted(n for n in known if n not in CONSTANTS))
            ctx.fault(_at(pos, column), f"step {step.id!r}: unknown name {name!r} (known: {hint}; constants: {', '.join(CONSTANTS)})")
            ok = False
        if step.id in formula.names:
            ctx.fault(pos, f"step {step.id!r} uses itself in its own formula")
            ok = False
            continue
        parsed[step.id] = (formula, pos)
        if unknown or not step.unit:
            continue
        try:
            got = formula.dimension(dims)
        except FormulaError as exc:
            ctx.fault(_at(pos, exc.offset), f"step {step.id!r}: {exc.message}")
            ok = False
            continue
        wanted = dims[step.id]
        if tuple(got) != tuple(wanted):
            from sysdesign.core.formula import describe_dims

            ctx.fault(pos, f"step {step.id!r}: the formula gives {describe_dims(got)}, but the unit {step.unit!r} is {describe_dims(wanted)}")
            ok = False
    try:
        evaluation_order({sid: f.names for sid, (f, _) in parsed.items()})
    except CycleError as exc:
        first = parsed[exc.cycle[0]][1]
        ctx.fault(first, f"step {exc.cycle[0]!r}: {exc.message}")
        ok = False
    return ok


def _name_offset(text: str, name: str) -> int:
    match = re.search(rf"\b{re.escape(name)}\b", text)
    return match.start() if match else 0


def _check_extremes(ctx: FileCtx, params: list[Param], steps: list[tuple[Step, Pos]]) -> None:
    """Evaluate every step at the example and at each range extreme; report the first failure."""
    example = {p.id: p.example for p in params}
    cases: list[tuple[str, dict[str, float]]] = [("at the example values", example)]
    for p in params:  # one parameter at a time first: the message can name it
        for label, value in (("low", p.low), ("high", p.high)):
            cases.append((f"when {p.id} is at its range {label} ({format_quantity(value, p.unit)})", {**example, p.id: value}))
    cases.append(("with every parameter at its range low", {p.id: p.low for p in params}))
    cases.append(("with every parameter at its range high", {p.id: p.high for p in params}))
    order_steps = {s.id: parse_formula(s.formula) for s, _ in steps}
    positions = {s.id: pos for s, pos in steps}
    order = evaluation_order({k: f.names for k, f in order_steps.items()})
    reported: set[str] = set()
    for label, values in cases:
        env = {**CONSTANTS, **values}
        for sid in order:
            try:
                env[sid] = order_steps[sid].evaluate(env)
            except FormulaError as exc:
                if sid not in reported:
                    ctx.fault(_at(positions[sid], exc.offset), f"step {sid!r}: {exc.message} {label}")
                    reported.add(sid)
                break
            if env[sid] < 0 and sid not in reported:
                ctx.fault(positions[sid], f"step {sid!r} is negative ({env[sid]:g}) {label}; estimates must be positive")
                reported.add(sid)
                break


def cross_check_scenarios(course) -> list[ContentError]:
    """Faults across files: two scenario families (or reference topics) with one id."""
    errors: list[ContentError] = []
    seen: dict[str, Where] = {}
    for scenario in course.scenarios:
        if scenario.id in seen:
            w = scenario.where
            errors.append(ContentError(w.path, w.line, w.col, f"duplicate scenario id {scenario.id!r} (first defined at {seen[scenario.id]})"))
        seen.setdefault(scenario.id, scenario.where)
        if scenario.id.startswith("drill-"):
            w = scenario.where
            errors.append(ContentError(w.path, w.line, w.col, "scenario ids starting with 'drill-' are kept for the quick drills"))
    topics: dict[str, Where] = {}
    for topic in course.reference:
        topic_id = getattr(topic, "id", None)
        where = getattr(topic, "where", None)
        if topic_id is None or where is None:
            continue
        if topic_id in topics:
            errors.append(ContentError(where.path, where.line, where.col, f"duplicate reference topic {topic_id!r} (first defined at {topics[topic_id]})"))
        topics.setdefault(topic_id, where)
    return errors
