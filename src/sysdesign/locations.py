"""Where things live: the built-in content, the user's data folder, own decks."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_content_dir() -> Path:
    """The content shipped with the program (inside the wheel, or the repo in a checkout)."""
    override = os.environ.get("SYSDESIGN_CONTENT_DIR")
    if override:
        return Path(override).expanduser()
    shipped = PACKAGE_DIR / "_content"
    if (shipped / "lessons").is_dir():
        return shipped
    return PACKAGE_DIR.parent.parent  # an editable install: the repository root


class NoDataFolder(Exception):
    """The data folder cannot be worked out; the message says what to set instead."""


def data_dir() -> Path:
    """The user's data folder: database, parse cache, transcripts, own decks."""
    override = os.environ.get("SYSDESIGN_HOME")
    try:
        if override:
            return Path(override).expanduser()
        from platformdirs import user_data_dir

        found = Path(user_data_dir("sysdesign", appauthor=False))
    except (RuntimeError, KeyError, OSError) as exc:
        raise NoDataFolder(_no_home(override, exc)) from None
    if not found.is_absolute():  # no HOME and no passwd entry: "~" stays unexpanded
        raise NoDataFolder(_no_home(None, "no home folder is known"))
    return found


def _no_home(override: str | None, why: object) -> str:
    what = f"SYSDESIGN_HOME={override!r} cannot be used ({why})" if override else \
        f"Cannot find a home folder for sysdesign's data ({why})"
    return (f"{what}. Set SYSDESIGN_HOME to a folder you can write, for example: "
            "export SYSDESIGN_HOME=/tmp/sysdesign")


def user_content_dir() -> Path:
    """Own decks the user adds beside the built-in content."""
    return data_dir() / "content"


def database_path() -> Path:
    return data_dir() / "progress.sqlite3"
