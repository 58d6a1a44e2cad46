"""The content a command runs on: built-in (or SYSDESIGN_CONTENT_DIR) plus own decks."""

from __future__ import annotations

from pathlib import Path

from sysdesign.content.cache import load_cached
from sysdesign.content.errors import ContentInvalid
from sysdesign.content.model import Course
from sysdesign.content.sources import LoadResult, discover


def load(content_dir: Path, own_dir: Path | None, cache_dir: Path | None) -> LoadResult:
    sources = discover(content_dir, own_dir)
    cwd = Path.cwd()
    roots = (str(content_dir.resolve()), str(own_dir.resolve()) if own_dir else "", str(cwd))
    return load_cached(sources, cache_dir, roots, base=cwd)


def load_course(content_dir: Path, own_dir: Path | None, cache_dir: Path | None) -> Course:
    """The validated course, or ContentInvalid with every fault."""
    result = load(content_dir, own_dir, cache_dir)
    if result.errors:
        raise ContentInvalid(result.errors)
    return result.course
