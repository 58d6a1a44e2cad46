"""Which files hold content, and the result of loading them (cheap to import: no YAML)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sysdesign.content.errors import ContentError
from sysdesign.content.model import Course

CHECKLIST_NAME = "checklist.yaml"


@dataclass(frozen=True)
class Source:
    """One content file and what kind of content it holds."""

    path: Path
    kind: str  # lesson | checklist | deck | own-deck | scenario | problem


@dataclass
class LoadResult:
    course: Course
    errors: list[ContentError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def discover(root: Path, own_dir: Path | None = None) -> list[Source]:
    """The content files under a content root (lessons/, flashcards/) and own decks."""
    sources: list[Source] = []
    lessons = root / "lessons"
    for path in _yaml_files(lessons):
        sources.append(Source(path, "checklist" if path.name == CHECKLIST_NAME else "lesson"))
    sources += [Source(p, "scenario") for p in _yaml_files(lessons / "estimates")]
    sources += [Source(p, "problem") for p in _yaml_files(lessons / "problems")]
    sources += [Source(p, "reference") for p in _yaml_files(lessons / "reference")]
    sources += [Source(p, "deck") for p in _yaml_files(root / "flashcards")]
    if own_dir is not None:
        sources += [Source(p, "own-deck") for p in _yaml_files(own_dir)]
    return sources
