"""Which files hold content, and the result of loading them (cheap to import: no YAML)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from sysdesign.content.errors import ContentError
from sysdesign.content.model import Course

CHECKLIST_NAME = "checklist.yaml"


@dataclass(frozen=True)
class Source:
    """One content file and what kind of content it holds."""

    path: Path
    kind: str  # lesson | checklist | deck | own-deck | scenario | problem | reference | not-a-file
    own: bool = False  # in the learner's own folder: a fault there skips it, not the course


@dataclass
class LoadResult:
    course: Course
    errors: list[ContentError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _yaml_entries(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))


def _sources(folder: Path, kind: str, own: bool = False) -> list[Source]:
    """A folder's YAML files; a directory, FIFO or dangling link with a YAML name is listed
    as not-a-file, so that it is reported rather than silently skipped (or opened and hung on)."""
    return [Source(p, kind if p.is_file() else "not-a-file", own) for p in _yaml_entries(folder)]


def discover(root: Path, own_dir: Path | None = None) -> list[Source]:
    """The content files under a content root (lessons/, flashcards/) and own decks."""
    lessons = root / "lessons"
    sources = [replace(s, kind="checklist") if s.path.name == CHECKLIST_NAME and s.kind == "lesson" else s
               for s in _sources(lessons, "lesson")]
    sources += _sources(lessons / "estimates", "scenario")
    sources += _sources(lessons / "problems", "problem")
    sources += _sources(lessons / "reference", "reference")
    sources += _sources(root / "flashcards", "deck")
    if own_dir is not None:
        sources += _sources(own_dir, "own-deck", own=True)
    return sources


def shown_path(path: Path, base: Path) -> str:
    """A file's name as faults show it: relative to `base` when inside it."""
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)
