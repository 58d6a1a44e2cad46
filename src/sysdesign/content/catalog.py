"""The content a command runs on: built-in (or SYSDESIGN_CONTENT_DIR) plus own decks."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sysdesign.content.cache import load_cached
from sysdesign.content.errors import ContentError, ContentInvalid
from sysdesign.content.model import Course
from sysdesign.content.sources import LoadResult, discover, shown_path


def cache_roots(content_dir: Path, own_dir: Path | None) -> tuple[str, ...]:
    """What names a parse cache: the content folders, and the folder paths are shown from."""
    return (str(content_dir.resolve()), str(own_dir.resolve()) if own_dir else "", str(Path.cwd()))


def load(content_dir: Path, own_dir: Path | None, cache_dir: Path | None) -> LoadResult:
    sources = discover(content_dir, own_dir)
    return load_cached(sources, cache_dir, cache_roots(content_dir, own_dir), base=Path.cwd())


def load_course(content_dir: Path, own_dir: Path | None, cache_dir: Path | None,
                skipped: list[ContentError] | None = None) -> Course:
    """The validated course, or ContentInvalid with every fault.

    With a `skipped` list, a fault in one of the learner's own decks does not stop the
    course: that deck is left out and its first fault appended to `skipped`.
    """
    result = load(content_dir, own_dir, cache_dir)
    if not result.errors:
        return result.course
    cwd = Path.cwd()
    own = {shown_path(s.path, cwd) for s in discover(content_dir, own_dir) if s.own}
    if skipped is None or any(e.path not in own for e in result.errors):
        raise ContentInvalid(result.errors)
    bad: dict[str, ContentError] = {}
    for error in result.errors:
        bad.setdefault(error.path, error)
    skipped.extend(bad.values())
    return replace(result.course, decks=tuple(d for d in result.course.decks if d.where.path not in bad))

