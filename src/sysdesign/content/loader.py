"""Find content files, parse them, cross-check them, and collect every fault in one pass."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from sysdesign.content.errors import ContentError
from sysdesign.content.fields import FileCtx
from sysdesign.content.lessons import parse_checklist, parse_deck, parse_lesson
from sysdesign.content.model import Course
from sysdesign.content.sources import LoadResult, Source, discover, shown_path
from sysdesign.content.yamlsrc import read_yaml

__all__ = ["LoadResult", "Source", "discover", "load_sources", "cross_check", "load_dir"]


def _parsers() -> dict[str, Callable]:
    parsers: dict[str, Callable] = {
        "lesson": parse_lesson,
        "checklist": parse_checklist,
        "deck": parse_deck,
        "own-deck": lambda ctx, doc: parse_deck(ctx, doc, own=True),
    }
    parsers.update(_optional_parsers())
    return parsers


def _optional_parsers() -> dict[str, Callable]:
    """Parsers for content kinds whose modules live beside this one."""
    out: dict[str, Callable] = {}
    try:
        from sysdesign.content.scenarios import parse_scenario
    except ImportError:
        pass
    else:
        out["scenario"] = parse_scenario
    try:
        from sysdesign.content.problems import parse_problem
    except ImportError:
        pass
    else:
        out["problem"] = parse_problem
    try:
        from sysdesign.content.reference import parse_reference
    except ImportError:
        pass
    else:
        out["reference"] = parse_reference
    return out


def _shown(path: Path, base: Path | None) -> str:
    return str(path) if base is None else shown_path(path, base)


def load_sources(sources: Iterable[Source], *, base: Path | None = None) -> LoadResult:
    """Parse every source and cross-check the whole; never raises for bad content."""
    parsers = _parsers()
    errors: list[ContentError] = []
    lessons, decks, scenarios, problems, reference = [], [], [], [], []
    checklist: tuple = ()
    for source in sources:
        ctx = FileCtx(_shown(source.path, base))
        if source.kind == "not-a-file":
            what = "a folder" if source.path.is_dir() else "a broken link" if source.path.is_symlink() \
                and not source.path.exists() else "not a regular file"
            errors.append(ContentError(ctx.path, 1, 1, f"{what}, so it was not read (move or rename it)"))
            continue
        parser = parsers.get(source.kind)
        if parser is None:
            continue
        try:
            doc = read_yaml(source.path)
        except ContentError as exc:
            errors.append(replace(exc, path=ctx.path))
            continue
        parsed = parser(ctx, doc)
        errors.extend(ctx.errors)
        if parsed is None:
            continue
        if source.kind == "lesson":
            lessons.append(parsed)
        elif source.kind == "checklist":
            checklist = parsed
        elif source.kind in ("deck", "own-deck"):
            decks.append(parsed)
        elif source.kind == "scenario":
            scenarios.append(parsed)
        elif source.kind == "problem":
            problems.append(parsed)
        elif source.kind == "reference":
            reference.append(parsed)
    if problems:
        from sysdesign.content.problems import link_scenarios

        problems = link_scenarios(problems, scenarios)
    course = Course(
        lessons=tuple(sorted(lessons, key=lambda le: (le.order, le.id))),
        decks=tuple(decks),
        checklist=checklist,
        scenarios=tuple(scenarios),
        problems=tuple(problems),
        reference=tuple(reference),
    )
    errors.extend(cross_check(course))
    return LoadResult(course, sorted(set(errors), key=lambda e: (e.path, e.line, e.col, e.message)))


def _dup(kind: str, item_id: str, where, first) -> ContentError:
    return ContentError(where.path, where.line, where.col, f"duplicate {kind} id {item_id!r} (first defined at {first})")


def cross_check(course: Course) -> list[ContentError]:
    """Faults that span files: duplicate ids and references to things that do not exist."""
    errors: list[ContentError] = []
    seen_lessons: dict[str, object] = {}
    seen_sections: dict[str, object] = {}
    seen_items: dict[str, object] = {}  # questions and cards share one namespace: reviews key on it
    for lesson in course.lessons:
        if lesson.id in seen_lessons:
            errors.append(_dup("lesson", lesson.id, lesson.where, seen_lessons[lesson.id]))
        seen_lessons.setdefault(lesson.id, lesson.where)
        for section in lesson.sections:
            if section.id in seen_sections:
                errors.append(_dup("section", section.id, lesson.where, seen_sections[section.id]))
            seen_sections.setdefault(section.id, lesson.where)
        for q in lesson.questions:
            if q.id in seen_items:
                errors.append(_dup("question/card", q.id, q.where, seen_items[q.id]))
            seen_items.setdefault(q.id, q.where)
    question_ids = {q.id for q in course.questions()}
    for lesson in course.lessons:
        for section in lesson.sections:
            for ref in section.checks:
                if ref not in question_ids:
                    w = lesson.where
                    errors.append(ContentError(w.path, w.line, w.col, f"section {section.id!r} checks question {ref!r}, which does not exist"))
    seen_decks: dict[str, object] = {}
    for deck in course.decks:
        if deck.id in seen_decks:
            errors.append(_dup("deck", deck.id, deck.where, seen_decks[deck.id]))
        seen_decks.setdefault(deck.id, deck.where)
        if deck.lesson_id is not None and deck.lesson_id not in seen_lessons:
            w = deck.where
            errors.append(ContentError(w.path, w.line, w.col, f"deck {deck.id!r} names lesson {deck.lesson_id!r}, which does not exist"))
        for card in deck.cards:
            if card.id in seen_items:
                errors.append(_dup("question/card", card.id, card.where, seen_items[card.id]))
            seen_items.setdefault(card.id, card.where)
    try:
        from sysdesign.content.scenarios import cross_check_scenarios
    except ImportError:
        pass
    else:
        errors.extend(cross_check_scenarios(course))
    try:
        from sysdesign.content.problems import cross_check_problems
    except ImportError:
        pass
    else:
        errors.extend(cross_check_problems(course))
    return errors


def load_dir(root: Path, own_dir: Path | None = None) -> LoadResult:
    return load_sources(discover(root, own_dir), base=None)
