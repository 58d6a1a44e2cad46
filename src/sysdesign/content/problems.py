"""Interview problems (``lessons/problems/*.yaml``), format v2: parsing and cross-checks.

One file holds one problem; unknown keys are errors and ids are kebab-case. The schema is
documented with an example in CONTRIBUTING.md ("Interview problems"); in short::

    id, title, difficulty (easy|medium|hard), group (see GROUPS), tags (optional)
    lessons: [lesson ids it builds on]           # checked against the course
    prompt: the question as the interviewer says it
    requirements: {functional: [..], non_functional: [..]}   # >= 2 each, numbers in the latter
    clarifying_questions: [{ask, why}]           # >= 3: what a strong candidate asks first
    estimate:
      scenario: scenario family id               # its example values ARE the problem's numbers
      numbers: [{step, value, drives}]           # every step of the scenario, its example value
                                                 # as the solution quotes it, and the decision
                                                 # it drives
    api: [{call, does, request: [..], response: [..]}]                       # >= 2
    data_model: [{entity, store, fields, key, indexes, partition_key, why}]  # >= 1
    design:                                      # as typed in `sysdesign sketch`
      components: [{sketch: "Name: type", role, aka: [..]}]                  # >= 3
      arrows: ["A -> B, C", "C -> D"]                                        # >= 2
    deep_dives: [{question, options: [..], trade_off, answer}]              # 2-4
    follow_ups: {requirements|estimation|design|deep-dive|scale: [text or {ask, when}]}
    curveballs: [{id, change, covers: [..]}]     # >= 2
    levels: {mid: [..], senior: [..], staff: [..]}
    rubric: [{id, title, one, two, three, four}]  # 3-8 criteria
    key_points: [{id, phase, point, phrases, weight, missed, level?}]  # >= 8, every phase
    hints: [gentle, firmer, specific]
    solution: Markdown, 600-1,200 words, quoting every estimate value

Checks that need other files (the scenario's steps and example values, lesson ids) run in
``cross_check_problems`` once everything is loaded; ``link_scenarios`` then gives each
problem its scenario so the screens can tell the story and name the steps.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from sysdesign.content.errors import ContentError, Pos
from sysdesign.content.fields import (
    FileCtx,
    check_keys,
    expect_document,
    expect_map,
    get_id,
    get_int,
    get_list,
    get_str,
    get_str_list,
)
from sysdesign.content.model import (
    ClarifyingQuestion,
    Curveball,
    DeepDive,
    Design,
    DesignComponent,
    Endpoint,
    Entity,
    EstimateNumber,
    FollowUp,
    KeyPoint,
    RubricItem,
    Where,
)
from sysdesign.content.yamlsrc import YMap
from sysdesign.core.interview import PHASE_IDS

__all__ = ["Problem", "RubricItem", "DesignComponent", "parse_problem", "cross_check_problems",
           "link_scenarios", "interview_openings", "design_sketch", "design_mermaid",
           "reference_markdown", "scenario_story",
           "GROUPS", "group_title"]

DIFFICULTIES = ("easy", "medium", "hard")
LEVELS = ("mid", "senior", "staff")
# what a problem exercises, in the order `mock-interview --list` shows the groups
GROUPS: dict[str, str] = {
    "storage": "Storage",
    "social": "Feeds and social",
    "media": "Media",
    "real-time": "Real-time",
    "money": "Money and bookings",
    "geo": "Geo and location",
    "data-pipelines": "Data pipelines",
    "search": "Search",
    "infrastructure": "Infrastructure",
}
HINT_COUNT = 3
RUBRIC_MIN, RUBRIC_MAX = 3, 8
FOLLOWUPS_MIN, FOLLOWUPS_MAX = 1, 5
DEEP_DIVES_MIN, DEEP_DIVES_MAX = 2, 4
KEY_POINTS_MIN = 8
WEIGHT_MIN, WEIGHT_MAX = 1, 3
SOLUTION_WORDS = (600, 1200)
VALUE_TOLERANCE = 0.05  # a quoted estimate may be rounded by up to 5 % from the exact value
V1_KEYS = {
    "components": "design.components",
    "deep-dives": "deep_dives (each a question, options, trade_off and answer)",
    "followups": "follow_ups",
}


@dataclass(frozen=True)
class Problem:
    id: str
    title: str
    difficulty: str
    group: str
    prompt: str
    functional: tuple[str, ...]
    non_functional: tuple[str, ...]
    clarifying_questions: tuple[ClarifyingQuestion, ...]
    scenario: str | None
    estimate_numbers: tuple[EstimateNumber, ...]
    api: tuple[Endpoint, ...]
    data_model: tuple[Entity, ...]
    design: Design
    deep_dives: tuple[DeepDive, ...]
    follow_ups: tuple[tuple[FollowUp, ...], ...]  # in PHASE_IDS order
    curveballs: tuple[Curveball, ...]
    levels: dict[str, tuple[str, ...]]  # mid / senior / staff expectations
    rubric: tuple[RubricItem, ...]
    key_points: tuple[KeyPoint, ...]
    lessons: tuple[str, ...]
    hints: tuple[str, ...]
    solution: str
    tags: tuple[str, ...]
    where: Where
    scenario_where: Where | None = None
    lessons_where: Where | None = None
    # the linked content.scenarios.Scenario, set by link_scenarios once everything is loaded
    scenario_ref: object | None = field(default=None, compare=False, repr=False)

    @property
    def followups(self) -> tuple[tuple[str, ...], ...]:
        """Every follow-up's question, per phase (the timed interview reveals them in turn)."""
        return tuple(tuple(f.ask for f in phase) for phase in self.follow_ups)

    @property
    def components(self) -> tuple[DesignComponent, ...]:
        return self.design.components

    @property
    def deep_dive_questions(self) -> tuple[str, ...]:
        return tuple(d.question for d in self.deep_dives)

    @property
    def estimate_targets(self) -> tuple[str, ...]:
        """What phase 2 asks for: the scenario's step names (step ids until it is linked)."""
        names = {}
        if self.scenario_ref is not None:
            names = {s.id: s.name for s in self.scenario_ref.steps}
        return tuple(names.get(n.step, n.step.replace("_", " ")) for n in self.estimate_numbers)

    @property
    def group_title(self) -> str:
        return group_title(self.group)

    def reference_markdown(self, sections: tuple[str, ...] | None = None, *, mermaid: bool = True) -> str:
        return reference_markdown(self, sections, mermaid=mermaid)


def group_title(group: str) -> str:
    return GROUPS.get(group, group)


# parsing ------------------------------------------------------------------------------------

def _at_least(ctx: FileCtx, m: YMap, key: str, items: tuple | list, n: int, what: str) -> None:
    if key in m and len(items) < n:
        ctx.fault(m.val_pos[key], f"{key!r} needs at least {n} {what}, found {len(items)}")


def _sub_map(ctx: FileCtx, m: YMap, key: str, what: str) -> YMap | None:
    if key not in m:
        return None
    return expect_map(ctx, m[key], m.val_pos[key], what)


def _maps(ctx: FileCtx, m: YMap, key: str, what: str):
    """(item map, position) for each mapping in the list ``m[key]``; other items are faults."""
    items = get_list(ctx, m, key)
    for item, pos in zip(items, items.item_pos):
        im = expect_map(ctx, item, pos, what)
        if im is not None:
            yield im, pos


def _words(text: str) -> int:
    return len(re.findall(r"[0-9A-Za-z][^\s]*", text))


def parse_problem(ctx: FileCtx, doc: object) -> Problem | None:
    m = expect_document(ctx, doc, "a problem file")
    if m is None:
        return None
    for key, instead in V1_KEYS.items():
        if key in m:
            ctx.fault(m.key_pos[key], f"{key!r} is problem format v1; format v2 has {instead} "
                                      "(see CONTRIBUTING.md, 'Interview problems')")
    check_keys(
        ctx, m,
        ("id", "title", "difficulty", "group", "lessons", "prompt", "requirements",
         "clarifying_questions", "estimate", "api", "data_model", "design", "deep_dives",
         "follow_ups", "curveballs", "levels", "rubric", "key_points", "hints", "solution"),
        ("tags", *V1_KEYS),
        "the problem",
    )
    difficulty = _choice(ctx, m, "difficulty", DIFFICULTIES)
    group = _choice(ctx, m, "group", tuple(GROUPS))
    functional, non_functional = _requirements(ctx, m)
    scenario, scenario_where, numbers = _estimate(ctx, m)
    solution = get_str(ctx, m, "solution")
    _check_solution(ctx, m, solution, numbers)
    lessons = get_str_list(ctx, m, "lessons")
    _at_least(ctx, m, "lessons", lessons, 1, "lesson")
    hints = get_str_list(ctx, m, "hints")
    if "hints" in m and len(hints) != HINT_COUNT:
        ctx.fault(m.val_pos["hints"], f"a problem has exactly {HINT_COUNT} hints (gentle to specific), found {len(hints)}")
    return Problem(
        id=get_id(ctx, m),
        title=get_str(ctx, m, "title"),
        difficulty=difficulty,
        group=group,
        prompt=get_str(ctx, m, "prompt"),
        functional=functional,
        non_functional=non_functional,
        clarifying_questions=_clarifying(ctx, m),
        scenario=scenario,
        estimate_numbers=numbers,
        api=_api(ctx, m),
        data_model=_data_model(ctx, m),
        design=_design(ctx, m),
        deep_dives=_deep_dives(ctx, m),
        follow_ups=_follow_ups(ctx, m),
        curveballs=_curveballs(ctx, m),
        levels=_levels(ctx, m),
        rubric=_rubric(ctx, m),
        key_points=_key_points(ctx, m),
        lessons=lessons,
        hints=hints,
        solution=solution,
        tags=get_str_list(ctx, m, "tags"),
        where=ctx.where(m.pos),
        scenario_where=scenario_where,
        lessons_where=ctx.where(m.val_pos["lessons"]) if "lessons" in m else None,
    )


def _choice(ctx: FileCtx, m: YMap, key: str, allowed: tuple[str, ...]) -> str:
    value = get_str(ctx, m, key)
    if value and value not in allowed:
        ctx.fault(m.val_pos[key], f"{key} {value!r} is not one of: {', '.join(allowed)}")
    return value


def _requirements(ctx: FileCtx, m: YMap) -> tuple[tuple[str, ...], tuple[str, ...]]:
    req = _sub_map(ctx, m, "requirements", "'requirements'")
    if req is None:
        return (), ()
    check_keys(ctx, req, ("functional", "non_functional"), (), "the requirements")
    functional = get_str_list(ctx, req, "functional")
    non_functional = get_str_list(ctx, req, "non_functional")
    _at_least(ctx, req, "functional", functional, 2, "requirements")
    _at_least(ctx, req, "non_functional", non_functional, 2, "requirements")
    if non_functional and not any(re.search(r"\d", r) for r in non_functional):
        ctx.fault(req.val_pos["non_functional"], "non-functional requirements need numbers "
                                                 "(a latency, an availability, a scale); none has a digit")
    return functional, non_functional


def _clarifying(ctx: FileCtx, m: YMap) -> tuple[ClarifyingQuestion, ...]:
    out = []
    for qm, _ in _maps(ctx, m, "clarifying_questions", "a clarifying question"):
        check_keys(ctx, qm, ("ask", "why"), (), "a clarifying question")
        out.append(ClarifyingQuestion(get_str(ctx, qm, "ask"), get_str(ctx, qm, "why")))
    _at_least(ctx, m, "clarifying_questions", out, 3, "questions")
    return tuple(out)


def _estimate(ctx: FileCtx, m: YMap) -> tuple[str | None, Where | None, tuple[EstimateNumber, ...]]:
    est = _sub_map(ctx, m, "estimate", "'estimate'")
    if est is None:
        return None, None, ()
    if "targets" in est:
        ctx.fault(est.key_pos["targets"], "'targets' is problem format v1; format v2 lists "
                                          "estimate.numbers (each step, its value and what it drives)")
    check_keys(ctx, est, ("scenario", "numbers"), ("targets",), "the estimate")
    scenario = get_id(ctx, est, "scenario") or None
    scenario_where = ctx.where(est.val_pos["scenario"]) if "scenario" in est else None
    numbers: list[EstimateNumber] = []
    seen: set[str] = set()
    for nm, pos in _maps(ctx, est, "numbers", "an estimate number"):
        check_keys(ctx, nm, ("step", "value", "drives"), (), "an estimate number")
        step = get_str(ctx, nm, "step")
        if step in seen:
            ctx.fault(nm.val_pos["step"], f"step {step!r} is listed twice")
        seen.add(step)
        value_pos = nm.val_pos.get("value", pos)
        numbers.append(EstimateNumber(step, get_str(ctx, nm, "value", required=False),
                                      get_str(ctx, nm, "drives"), ctx.where(value_pos)))
    _at_least(ctx, est, "numbers", numbers, 3, "numbers")
    return scenario, scenario_where, tuple(numbers)


def _check_solution(ctx: FileCtx, m: YMap, solution: str, numbers: tuple[EstimateNumber, ...]) -> None:
    if not solution:
        return
    words = _words(solution)
    low, high = SOLUTION_WORDS
    if not low <= words <= high:
        ctx.fault(m.val_pos["solution"], f"the solution has {words:,} words; a reference design has "
                                         f"{low:,} to {high:,}")
    for number in numbers:
        if number.value and number.value not in solution:
            ctx.fault(Pos(number.where.line, number.where.col),
                      f"the solution never quotes {number.value!r} (step {number.step!r}); "
                      "use the estimate's numbers as written here")


def _api(ctx: FileCtx, m: YMap) -> tuple[Endpoint, ...]:
    out = []
    for am, _ in _maps(ctx, m, "api", "an API call"):
        check_keys(ctx, am, ("call", "does", "request", "response"), (), "an API call")
        request = get_str_list(ctx, am, "request")
        response = get_str_list(ctx, am, "response")
        _at_least(ctx, am, "request", request, 1, "field")
        _at_least(ctx, am, "response", response, 1, "field")
        out.append(Endpoint(get_str(ctx, am, "call"), get_str(ctx, am, "does"), request, response))
    _at_least(ctx, m, "api", out, 2, "calls")
    return tuple(out)


def _data_model(ctx: FileCtx, m: YMap) -> tuple[Entity, ...]:
    out = []
    for em, _ in _maps(ctx, m, "data_model", "an entity"):
        check_keys(ctx, em, ("entity", "store", "fields", "key", "partition_key", "why"), ("indexes",),
                   "an entity")
        fields = get_str_list(ctx, em, "fields")
        _at_least(ctx, em, "fields", fields, 2, "fields")
        out.append(Entity(get_str(ctx, em, "entity"), get_str(ctx, em, "store"), fields,
                          get_str(ctx, em, "key"), get_str_list(ctx, em, "indexes"),
                          get_str(ctx, em, "partition_key"), get_str(ctx, em, "why")))
    _at_least(ctx, m, "data_model", out, 1, "entity")
    return tuple(out)


def _design(ctx: FileCtx, m: YMap) -> Design:
    """Replay the components and arrows through the `sysdesign sketch` parser."""
    from sysdesign.core.sketch import Sketch, SketchInputError, parse_component, parse_connections

    dm = _sub_map(ctx, m, "design", "'design'")
    if dm is None:
        return Design((), ())
    check_keys(ctx, dm, ("components", "arrows"), (), "the design")
    sketch = Sketch(system="", started_at="")
    components: list[DesignComponent] = []
    placed: list[Pos] = []
    for cm, _ in _maps(ctx, dm, "components", "a design component"):
        check_keys(ctx, cm, ("sketch", "role"), ("aka",), "a design component")
        line = get_str(ctx, cm, "sketch")
        role = get_str(ctx, cm, "role")
        aka = get_str_list(ctx, cm, "aka")
        if not line:
            continue
        try:
            comp = parse_component(line, sketch)
        except SketchInputError as exc:
            ctx.fault(cm.val_pos["sketch"], f"design component {line!r}: {exc}")
            continue
        sketch.components.append(comp)
        components.append(DesignComponent(comp.name, comp.type, role, aka))
        placed.append(cm.val_pos["sketch"])
    _at_least(ctx, dm, "components", components, 3, "components")
    arrows: list[tuple[str, str]] = []
    lines = get_list(ctx, dm, "arrows")
    for line, pos in zip(lines, lines.item_pos):
        if not isinstance(line, str) or not line.strip():
            ctx.fault(pos, "an arrow must be text such as 'App servers -> Cache, Database'")
            continue
        try:
            pairs = parse_connections(line, sketch)
        except SketchInputError as exc:
            ctx.fault(pos, f"arrow {line!r}: {exc}")
            continue
        arrows += [p for p in pairs if p not in arrows]
    _at_least(ctx, dm, "arrows", arrows, 2, "arrows")
    if arrows:
        linked = {name for pair in arrows for name in pair}
        for comp, pos in zip(components, placed):
            if comp.name not in linked:
                ctx.fault(pos, f"design component {comp.name!r} has no arrow to or from it")
    return Design(tuple(components), tuple(arrows))


def _deep_dives(ctx: FileCtx, m: YMap) -> tuple[DeepDive, ...]:
    out = []
    for dm, _ in _maps(ctx, m, "deep_dives", "a deep dive"):
        check_keys(ctx, dm, ("question", "options", "trade_off", "answer"), (), "a deep dive")
        options = get_str_list(ctx, dm, "options")
        _at_least(ctx, dm, "options", options, 2, "options")
        out.append(DeepDive(get_str(ctx, dm, "question"), options, get_str(ctx, dm, "trade_off"),
                            get_str(ctx, dm, "answer")))
    if "deep_dives" in m and not DEEP_DIVES_MIN <= len(out) <= DEEP_DIVES_MAX:
        ctx.fault(m.val_pos["deep_dives"], f"a problem has {DEEP_DIVES_MIN} to {DEEP_DIVES_MAX} deep dives, "
                                           f"found {len(out)}")
    return tuple(out)


def _follow_ups(ctx: FileCtx, m: YMap) -> tuple[tuple[FollowUp, ...], ...]:
    out: list[tuple[FollowUp, ...]] = [()] * len(PHASE_IDS)
    fm = _sub_map(ctx, m, "follow_ups", "'follow_ups'")
    if fm is None:
        return tuple(out)
    check_keys(ctx, fm, PHASE_IDS, (), "the follow-ups (one list per phase)")
    for i, phase in enumerate(PHASE_IDS):
        if phase not in fm:
            continue
        items = get_list(ctx, fm, phase)
        found: list[FollowUp] = []
        for item, pos in zip(items, items.item_pos):
            if isinstance(item, str) and item.strip():
                found.append(FollowUp(item))
            elif isinstance(item, YMap):
                check_keys(ctx, item, ("ask",), ("when",), "a follow-up")
                found.append(FollowUp(get_str(ctx, item, "ask"), get_str_list(ctx, item, "when")))
            else:
                ctx.fault(pos, "a follow-up is text, or {ask: ..., when: [phrases]}")
        if not FOLLOWUPS_MIN <= len(found) <= FOLLOWUPS_MAX:
            ctx.fault(fm.val_pos[phase], f"phase {phase!r} needs {FOLLOWUPS_MIN} to {FOLLOWUPS_MAX} "
                                         f"follow-ups, found {len(found)}")
        out[i] = tuple(found)
    return tuple(out)


def _curveballs(ctx: FileCtx, m: YMap) -> tuple[Curveball, ...]:
    out = []
    seen: set[str] = set()
    for cm, _ in _maps(ctx, m, "curveballs", "a curveball"):
        check_keys(ctx, cm, ("id", "change", "covers"), (), "a curveball")
        cid = get_id(ctx, cm)
        if cid and cid in seen:
            ctx.fault(cm.val_pos["id"], f"duplicate curveball {cid!r} in this problem")
        seen.add(cid)
        covers = get_str_list(ctx, cm, "covers")
        _at_least(ctx, cm, "covers", covers, 2, "points")
        out.append(Curveball(cid, get_str(ctx, cm, "change"), covers))
    _at_least(ctx, m, "curveballs", out, 2, "curveballs")
    return tuple(out)


def _levels(ctx: FileCtx, m: YMap) -> dict[str, tuple[str, ...]]:
    lm = _sub_map(ctx, m, "levels", "'levels'")
    if lm is None:
        return {}
    check_keys(ctx, lm, LEVELS, (), "the levels")
    out = {}
    for level in LEVELS:
        if level in lm:
            items = get_str_list(ctx, lm, level)
            _at_least(ctx, lm, level, items, 2, "expectations")
            out[level] = items
    return out


def _rubric(ctx: FileCtx, m: YMap) -> tuple[RubricItem, ...]:
    out = []
    seen: set[str] = set()
    for rm, _ in _maps(ctx, m, "rubric", "a rubric criterion"):
        check_keys(ctx, rm, ("id", "title", "one", "two", "three", "four"), (), "a rubric criterion")
        rid = get_id(ctx, rm)
        if rid and rid in seen:
            ctx.fault(rm.val_pos["id"], f"duplicate rubric criterion {rid!r} in this problem")
        seen.add(rid)
        out.append(RubricItem(rid, get_str(ctx, rm, "title"), get_str(ctx, rm, "one"), get_str(ctx, rm, "four"),
                              get_str(ctx, rm, "two"), get_str(ctx, rm, "three")))
    if "rubric" in m and not RUBRIC_MIN <= len(out) <= RUBRIC_MAX:
        ctx.fault(m.val_pos["rubric"], f"a rubric has {RUBRIC_MIN} to {RUBRIC_MAX} criteria, found {len(out)}")
    return tuple(out)


def _key_points(ctx: FileCtx, m: YMap) -> tuple[KeyPoint, ...]:
    out = []
    seen: set[str] = set()
    for km, _ in _maps(ctx, m, "key_points", "a key point"):
        check_keys(ctx, km, ("id", "phase", "point", "phrases", "weight", "missed"), ("level",), "a key point")
        kid = get_id(ctx, km)
        if kid and kid in seen:
            ctx.fault(km.val_pos["id"], f"duplicate key point {kid!r} in this problem")
        seen.add(kid)
        phase = _choice(ctx, km, "phase", PHASE_IDS)
        level = _choice(ctx, km, "level", LEVELS) if "level" in km else "mid"
        phrases = get_str_list(ctx, km, "phrases")
        _at_least(ctx, km, "phrases", phrases, 2, "phrases (synonyms count)")
        weight = get_int(ctx, km, "weight", default=1)
        if "weight" in km and not WEIGHT_MIN <= weight <= WEIGHT_MAX:
            ctx.fault(km.val_pos["weight"], f"weight {weight} is not {WEIGHT_MIN} to {WEIGHT_MAX}")
        out.append(KeyPoint(kid, phase, get_str(ctx, km, "point"), phrases, weight,
                            get_str(ctx, km, "missed"), level))
    if "key_points" in m:
        _at_least(ctx, m, "key_points", out, KEY_POINTS_MIN, "key points")
        missing = [p for p in PHASE_IDS if out and not any(k.phase == p for k in out)]
        if missing:
            ctx.fault(m.val_pos["key_points"], f"no key point for phase(s) {', '.join(missing)}; "
                                               "spread them over all five phases")
    return tuple(out)


# checks across files ------------------------------------------------------------------------

def cross_check_problems(course) -> list[ContentError]:
    """Duplicate ids; scenario links, their steps and example values; lesson links."""
    errors: list[ContentError] = []
    seen: dict[str, Where] = {}
    scenarios = {getattr(s, "id", None): s for s in course.scenarios}
    scenarios.pop(None, None)
    lesson_ids = {le.id for le in course.lessons}
    for problem in course.problems:
        w = problem.where
        if problem.id in seen:
            errors.append(_err(w, f"duplicate problem id {problem.id!r} (first defined at {seen[problem.id]})"))
        seen.setdefault(problem.id, w)
        if problem.scenario and course.scenarios:
            scenario = scenarios.get(problem.scenario)
            if scenario is None:
                errors.append(_err(problem.scenario_where or w,
                                   f"problem {problem.id!r} links estimation scenario {problem.scenario!r}, "
                                   f"which does not exist (known: {', '.join(sorted(scenarios))})"))
            else:
                errors += _check_numbers(problem, scenario)
        if course.lessons:
            for lesson in problem.lessons:
                if lesson not in lesson_ids:
                    errors.append(_err(problem.lessons_where or w,
                                       f"problem {problem.id!r} builds on lesson {lesson!r}, which does not "
                                       f"exist (known: {', '.join(sorted(lesson_ids))})"))
    return errors


def _err(where: Where, message: str) -> ContentError:
    return ContentError(where.path, where.line, where.col, message)


def _check_numbers(problem: Problem, scenario) -> list[ContentError]:
    """Each quoted value equals the scenario's example (within rounding); every step is covered."""
    from sysdesign.core.estimate import (
        AnswerError,
        example_params,
        read_answer,
        step_values,
        value_text,
    )
    from sysdesign.core.formula import FormulaError

    errors: list[ContentError] = []
    try:
        values = step_values(scenario, example_params(scenario))
    except (FormulaError, ArithmeticError, ValueError):
        return errors  # the scenario's own faults are reported where it is defined
    steps = {s.id: s for s in scenario.steps}
    for number in problem.estimate_numbers:
        step = steps.get(number.step)
        if step is None:
            errors.append(_err(number.where, f"scenario {scenario.id!r} has no step {number.step!r} "
                                             f"(steps: {', '.join(steps)})"))
            continue
        expected = values.get(step.id)
        if expected is None or not number.value:
            continue
        try:
            quantity, _ = read_answer(number.value, step.unit)
        except AnswerError as exc:
            errors.append(_err(number.where, f"cannot read {number.value!r} as {step.unit}: {exc}"))
            continue
        if not math.isclose(quantity.value, expected, rel_tol=VALUE_TOLERANCE):
            errors.append(_err(number.where,
                               f"{number.value!r} is not the scenario's example for step {step.id!r}: "
                               f"{scenario.id} gives {value_text(expected, step.unit)}"))
    listed = {n.step for n in problem.estimate_numbers}
    missing = [s.id for s in scenario.steps if s.id not in listed]
    if missing:
        errors.append(_err(problem.scenario_where or problem.where,
                           f"estimate.numbers leaves out step(s) {', '.join(missing)} of scenario "
                           f"{scenario.id!r}; say which decision each number drives"))
    return errors


def link_scenarios(problems: list[Problem], scenarios: list) -> list[Problem]:
    """Each problem with its linked scenario attached (for the story and the step names)."""
    by_id = {getattr(s, "id", None): s for s in scenarios}
    return [replace(p, scenario_ref=by_id.get(p.scenario)) if p.scenario in by_id else p for p in problems]


# what the screens and the transcript show ----------------------------------------------------

def scenario_story(problem: Problem) -> str:
    """The linked scenario's story at its example values ('' when not linked)."""
    if problem.scenario_ref is None:
        return ""
    from sysdesign.core.estimate import example_params, render_story

    return render_story(problem.scenario_ref, example_params(problem.scenario_ref))


def interview_openings(problem: Problem) -> tuple[str, ...]:
    """What the interviewer says as each of the five phases opens."""
    from sysdesign.core.interview import openings

    texts = list(openings(problem.prompt, problem.estimate_targets, problem.deep_dive_questions))
    story = scenario_story(problem)
    if story:  # the numbers first; the steps as one paragraph so both fit on a 24-line screen
        steps = "; ".join(t[:1].lower() + t[1:] for t in problem.estimate_targets)
        texts[1] = f"Here are the numbers to work with. {story}\n\nBefore any boxes, estimate: {steps}."
    return tuple(texts)


def design_sketch(problem: Problem):
    """The reference design as a core.sketch.Sketch: draw it, export it, compare with it."""
    from sysdesign.core.sketch import Component, Sketch

    return Sketch(system=f"{problem.title} (reference design)", started_at="",
                  components=[Component(c.name, c.type) for c in problem.design.components],
                  connections=list(problem.design.arrows), steps_done=1)


def design_mermaid(problem: Problem) -> str:
    """The reference design as a Mermaid flowchart (what `sketch --mermaid` prints for a sketch)."""
    from sysdesign.core.sketch import to_mermaid

    return to_mermaid(design_sketch(problem), comment=f"{problem.title}: reference design")


REFERENCE_SECTIONS = ("requirements", "questions", "numbers", "api", "data_model", "design",
                      "deep_dives", "curveballs", "levels", "solution")


def reference_markdown(problem: Problem, sections: tuple[str, ...] | None = None, *,
                       mermaid: bool = True) -> str:
    """The reference answer as Markdown; ``sections`` picks parts (all by default)."""
    chosen = sections or REFERENCE_SECTIONS
    present = {
        "requirements": problem.functional, "questions": problem.clarifying_questions,
        "numbers": problem.estimate_numbers, "api": problem.api, "data_model": problem.data_model,
        "design": problem.design.components, "deep_dives": problem.deep_dives,
        "curveballs": problem.curveballs, "levels": problem.levels, "solution": problem.solution,
    }
    out: list[str] = []
    for name in REFERENCE_SECTIONS:
        if name in chosen and present[name]:
            out += _SECTION_WRITERS[name](problem, mermaid)
    return "\n".join(out).rstrip() + "\n"


def _md_requirements(p: Problem, _: bool) -> list[str]:
    out = ["### Requirements", "", "Functional:", ""]
    out += [f"- {r}" for r in p.functional]
    out += ["", "Non-functional:", ""]
    out += [f"- {r}" for r in p.non_functional]
    return out + [""]


def _md_questions(p: Problem, _: bool) -> list[str]:
    out = ["### Questions to ask first", ""]
    out += [f"- **{q.ask}** {q.why}" for q in p.clarifying_questions]
    return out + [""]


def _md_numbers(p: Problem, _: bool) -> list[str]:
    out = [f"### The numbers (estimation scenario `{p.scenario}`)", ""]
    story = scenario_story(p)
    if story:
        out += [story, ""]
    names = dict(zip((n.step for n in p.estimate_numbers), p.estimate_targets))
    out += [f"- **{names[n.step]}: {n.value}.** {n.drives}" for n in p.estimate_numbers]
    return out + [""]


def _md_api(p: Problem, _: bool) -> list[str]:
    out = ["### API", ""]
    for e in p.api:
        out += [f"- `{e.call}`: {e.does}",
                f"  - Request: {'; '.join(e.request)}",
                f"  - Response: {'; '.join(e.response)}"]
    return out + [""]


def _md_data_model(p: Problem, _: bool) -> list[str]:
    out = ["### Data model", ""]
    for e in p.data_model:
        out += [f"- **{e.name}** in {e.store}",
                f"  - Fields: {'; '.join(e.fields)}",
                f"  - Key: {e.key}"]
        if e.indexes:
            out.append(f"  - Indexes: {'; '.join(e.indexes)}")
        out.append(f"  - Partition key: {e.partition_key}. {e.why}")
    return out + [""]


def _md_design(p: Problem, mermaid: bool) -> list[str]:
    out = ["### Reference design", ""]
    for i, c in enumerate(p.design.components, 1):
        targets = [b for a, b in p.design.arrows if a == c.name]
        arrow = f" → {', '.join(targets)}" if targets else ""
        out.append(f"{i}. **{c.name}** [{c.type}]{arrow}: {c.role}")
    if mermaid:
        out += ["", "```mermaid", design_mermaid(p).rstrip("\n"), "```"]
    return out + [""]


def _md_deep_dives(p: Problem, _: bool) -> list[str]:
    out = ["### Deep dives", ""]
    for d in p.deep_dives:
        out += [f"**{d.question}**", ""]
        out += [f"- Option: {o}" for o in d.options]
        out += [f"- Trade-off: {d.trade_off}", f"- Strong answer: {d.answer}", ""]
    return out


def _md_curveballs(p: Problem, _: bool) -> list[str]:
    out = ["### Curveballs", ""]
    for c in p.curveballs:
        out += [f"- **{c.change}** A good answer covers: {'; '.join(c.covers)}."]
    return out + [""]


def _md_levels(p: Problem, _: bool) -> list[str]:
    out = ["### What each level shows", ""]
    for level in LEVELS:
        if p.levels.get(level):
            out.append(f"- **{level.capitalize()}:** {' '.join(p.levels[level])}")
    return out + [""]


def _md_solution(p: Problem, _: bool) -> list[str]:
    return ["### Reference solution", "", p.solution.strip(), ""]


_SECTION_WRITERS = {
    "requirements": _md_requirements,
    "questions": _md_questions,
    "numbers": _md_numbers,
    "api": _md_api,
    "data_model": _md_data_model,
    "design": _md_design,
    "deep_dives": _md_deep_dives,
    "curveballs": _md_curveballs,
    "levels": _md_levels,
    "solution": _md_solution,
}


def problem_order(problem: Problem) -> tuple:
    """How problems are listed: by group (in GROUPS order), then difficulty, then id."""
    groups = list(GROUPS)
    group_rank = groups.index(problem.group) if problem.group in groups else len(groups)
    level = DIFFICULTIES.index(problem.difficulty) if problem.difficulty in DIFFICULTIES else len(DIFFICULTIES)
    return (group_rank, level, problem.id)


def reference_document(problem: Problem) -> dict:
    """The API, data model and reference design as plain data (for `--plan --json`)."""
    return {
        "group": problem.group,
        "api": [{"call": e.call, "does": e.does, "request": list(e.request), "response": list(e.response)}
                for e in problem.api],
        "data_model": [{"entity": e.name, "store": e.store, "fields": list(e.fields), "key": e.key,
                        "indexes": list(e.indexes), "partition_key": e.partition_key, "why": e.why}
                       for e in problem.data_model],
        "design": {
            "components": [{"name": c.name, "type": c.type, "role": c.role} for c in problem.design.components],
            "arrows": [list(pair) for pair in problem.design.arrows],
            "mermaid": design_mermaid(problem),
        },
    }
