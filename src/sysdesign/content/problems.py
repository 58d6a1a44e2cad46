"""Interview problems (``lessons/problems/*.yaml``): parsing and cross-checks.

One file holds one problem. The schema (unknown keys are errors; ids are kebab-case)::

    id: url-shortener              # stable forever: interview history keys on it
    title: A URL shortener
    difficulty: easy               # easy | medium | hard
    tags: [caching, read-heavy]    # optional
    prompt: >-                     # the question, as the interviewer says it
      Design a service that ...
    requirements:                  # what the candidate should uncover in phase 1
      functional: [...]            # at least 2
      non-functional: [...]        # at least 2
    estimate:                      # phase 2
      scenario: url-shortener      # optional: an estimation scenario family id
      targets: [...]               # at least 2 things to estimate
    components:                    # the reference high-level design (at least 3)
      - {name: Load balancer, role: Spreads requests over the app servers.}
    deep-dives: [...]              # at least 2 topics for phase 4
    followups:                     # interviewer follow-ups, 1-5 per phase, all five phases
      requirements: [...]
      estimation: [...]
      design: [...]
      deep-dive: [...]
      scale: [...]
    hints: [gentle, firmer, specific]   # exactly 3, gentle first
    rubric:                        # 3-8 criteria, each scored 1-4 by the candidate
      - id: requirements
        title: Requirements clarified
        one: What a 1 looks like.
        four: What a 4 looks like.
    solution: |                    # Markdown: the reference solution outline
      ...

The interview screen shows ``prompt`` as phase 1 opens, the estimate targets as phase 2
opens and the deep-dive topics as phase 4 opens; follow-ups appear as each phase's time
passes. ``components`` and ``solution`` are revealed only after self-scoring.
"""

from __future__ import annotations

from dataclasses import dataclass

from sysdesign.content.errors import ContentError
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
from sysdesign.content.yamlsrc import YMap
from sysdesign.core.interview import PHASE_IDS

DIFFICULTIES = ("easy", "medium", "hard")
HINT_COUNT = 3
RUBRIC_MIN, RUBRIC_MAX = 3, 8
FOLLOWUPS_MIN, FOLLOWUPS_MAX = 1, 5


@dataclass(frozen=True)
class Component:
    name: str
    role: str


@dataclass(frozen=True)
class RubricItem:
    id: str
    title: str
    one: str  # what a score of 1 looks like
    four: str  # what a score of 4 looks like


@dataclass(frozen=True)
class Problem:
    id: str
    title: str
    difficulty: str
    prompt: str
    functional: tuple[str, ...]
    non_functional: tuple[str, ...]
    scenario: str | None
    estimate_targets: tuple[str, ...]
    components: tuple[Component, ...]
    deep_dives: tuple[str, ...]
    followups: tuple[tuple[str, ...], ...]  # in PHASE_IDS order
    hints: tuple[str, ...]
    rubric: tuple[RubricItem, ...]
    solution: str
    tags: tuple[str, ...]
    where: Where
    scenario_where: Where | None = None


def _at_least(ctx: FileCtx, m: YMap, key: str, items: tuple, n: int, what: str) -> None:
    if key in m and len(items) < n:
        ctx.fault(m.val_pos[key], f"{key!r} needs at least {n} {what}, found {len(items)}")


def _sub_map(ctx: FileCtx, m: YMap, key: str, what: str) -> YMap | None:
    if key not in m:
        return None
    return expect_map(ctx, m[key], m.val_pos[key], what)


def parse_problem(ctx: FileCtx, doc: object) -> Problem | None:
    m = expect_document(ctx, doc, "a problem file")
    if m is None:
        return None
    check_keys(
        ctx, m,
        ("id", "title", "difficulty", "prompt", "requirements", "estimate", "components",
         "deep-dives", "followups", "hints", "rubric", "solution"),
        ("tags",),
        "the problem",
    )
    difficulty = get_str(ctx, m, "difficulty")
    if difficulty and difficulty not in DIFFICULTIES:
        ctx.fault(m.val_pos["difficulty"], f"difficulty {difficulty!r} is not one of: {', '.join(DIFFICULTIES)}")

    functional: tuple[str, ...] = ()
    non_functional: tuple[str, ...] = ()
    req = _sub_map(ctx, m, "requirements", "'requirements'")
    if req is not None:
        check_keys(ctx, req, ("functional", "non-functional"), (), "the requirements")
        functional = get_str_list(ctx, req, "functional")
        non_functional = get_str_list(ctx, req, "non-functional")
        _at_least(ctx, req, "functional", functional, 2, "requirements")
        _at_least(ctx, req, "non-functional", non_functional, 2, "requirements")

    scenario: str | None = None
    scenario_where: Where | None = None
    targets: tuple[str, ...] = ()
    est = _sub_map(ctx, m, "estimate", "'estimate'")
    if est is not None:
        check_keys(ctx, est, ("targets",), ("scenario",), "the estimate")
        targets = get_str_list(ctx, est, "targets")
        _at_least(ctx, est, "targets", targets, 2, "targets")
        if "scenario" in est:
            scenario = get_id(ctx, est, "scenario") or None
            scenario_where = ctx.where(est.val_pos["scenario"])

    components = []
    items = get_list(ctx, m, "components")
    for item, pos in zip(items, items.item_pos):
        cm = expect_map(ctx, item, pos, "a component")
        if cm is None:
            continue
        check_keys(ctx, cm, ("name", "role"), (), "a component")
        components.append(Component(get_str(ctx, cm, "name"), get_str(ctx, cm, "role")))
    _at_least(ctx, m, "components", tuple(components), 3, "components")

    deep_dives = get_str_list(ctx, m, "deep-dives")
    _at_least(ctx, m, "deep-dives", deep_dives, 2, "topics")

    followups: list[tuple[str, ...]] = [()] * len(PHASE_IDS)
    fm = _sub_map(ctx, m, "followups", "'followups'")
    if fm is not None:
        check_keys(ctx, fm, PHASE_IDS, (), "the follow-ups (one list per phase)")
        for i, phase in enumerate(PHASE_IDS):
            if phase not in fm:
                continue
            lines = get_str_list(ctx, fm, phase)
            if not FOLLOWUPS_MIN <= len(lines) <= FOLLOWUPS_MAX:
                ctx.fault(fm.val_pos[phase], f"phase {phase!r} needs {FOLLOWUPS_MIN} to {FOLLOWUPS_MAX} follow-ups, found {len(lines)}")
            followups[i] = lines

    hints = get_str_list(ctx, m, "hints")
    if "hints" in m and len(hints) != HINT_COUNT:
        ctx.fault(m.val_pos["hints"], f"a problem has exactly {HINT_COUNT} hints (gentle to specific), found {len(hints)}")

    rubric = []
    seen: dict[str, object] = {}
    ritems = get_list(ctx, m, "rubric")
    for item, pos in zip(ritems, ritems.item_pos):
        rm = expect_map(ctx, item, pos, "a rubric criterion")
        if rm is None:
            continue
        check_keys(ctx, rm, ("id", "title", "one", "four"), (), "a rubric criterion")
        rid = get_id(ctx, rm)
        if rid and rid in seen:
            ctx.fault(rm.val_pos["id"], f"duplicate rubric criterion {rid!r} in this problem")
        seen.setdefault(rid, pos)
        rubric.append(RubricItem(rid, get_str(ctx, rm, "title"), get_str(ctx, rm, "one"), get_str(ctx, rm, "four")))
    if "rubric" in m and not RUBRIC_MIN <= len(rubric) <= RUBRIC_MAX:
        ctx.fault(m.val_pos["rubric"], f"a rubric has {RUBRIC_MIN} to {RUBRIC_MAX} criteria, found {len(rubric)}")

    return Problem(
        id=get_id(ctx, m),
        title=get_str(ctx, m, "title"),
        difficulty=difficulty,
        prompt=get_str(ctx, m, "prompt"),
        functional=functional,
        non_functional=non_functional,
        scenario=scenario,
        estimate_targets=targets,
        components=tuple(components),
        deep_dives=deep_dives,
        followups=tuple(followups),
        hints=hints,
        rubric=tuple(rubric),
        solution=get_str(ctx, m, "solution"),
        tags=get_str_list(ctx, m, "tags"),
        where=ctx.where(m.pos),
        scenario_where=scenario_where,
    )


def cross_check_problems(course) -> list[ContentError]:
    """Duplicate problem ids, and estimation links that name no known scenario family."""
    errors: list[ContentError] = []
    seen: dict[str, Where] = {}
    scenario_ids = {getattr(s, "id", None) for s in course.scenarios} - {None}
    for problem in course.problems:
        w = problem.where
        if problem.id in seen:
            errors.append(ContentError(w.path, w.line, w.col,
                                       f"duplicate problem id {problem.id!r} (first defined at {seen[problem.id]})"))
        seen.setdefault(problem.id, w)
        if problem.scenario and course.scenarios and problem.scenario not in scenario_ids:
            sw = problem.scenario_where or w
            errors.append(ContentError(sw.path, sw.line, sw.col,
                                       f"problem {problem.id!r} links estimation scenario {problem.scenario!r}, "
                                       f"which does not exist (known: {', '.join(sorted(scenario_ids))})"))
    return errors


def interview_openings(problem: Problem) -> tuple[str, ...]:
    """What the interviewer says as each of the five phases opens."""
    from sysdesign.core.interview import openings

    return openings(problem.prompt, problem.estimate_targets, problem.deep_dives)
