"""Helpers for scripting answers the way a person types them."""

from __future__ import annotations

from pathlib import Path

from sysdesign.content.model import Question
from sysdesign.core.grading import letter
from sysdesign.core.kinds import present


def command_tree() -> list[tuple[list[str], object]]:
    """Every command the Typer app registers, as (path, click command): ([], the app),
    (["study"], …), (["export", "anki"], …) — so lists of commands in tests follow the app."""
    import typer.main

    from sysdesign.cli.app import app

    def walk(command, path):
        yield path, command
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, [*path, name])

    return list(walk(typer.main.get_command(app), []))


def top_level_commands() -> list[str]:
    """The app's commands and groups, in the order --help lists them."""
    return [path[0] for path, _ in command_tree() if len(path) == 1]


# A learner's salt for option shuffles, pinned so that a test knows the order they see.
SALT = "5eed5a1t5eed5a1t"


def pin_salt(home: Path, salt: str = SALT) -> str:
    """Give the learner whose data is in ``home`` a known shuffle salt (creating the database)."""
    from sysdesign.store.store import SHUFFLE_SALT, Store

    home.mkdir(parents=True, exist_ok=True)
    with Store.open(home / "progress.sqlite3") as st:
        st.set_setting(SHUFFLE_SALT, salt)
    return salt


def shown(question: Question, salt: str = SALT) -> Question:
    """The question as the learner with ``salt`` sees it (options shuffled)."""
    return present(question, salt)


def right_answer(question: Question) -> str:
    """The line a person would type to answer the question (as shown to them) correctly."""
    key = question.answer
    if question.kind == "choice":
        return letter(key)
    if question.kind in ("multi", "order"):
        return " ".join(letter(i) for i in key)
    if question.kind == "truefalse":
        return "t" if key else "f"
    return f"{key.value:g}"


def wrong_answer(question: Question) -> str:
    key = question.answer
    if question.kind == "choice":
        return letter((key + 1) % len(question.choices))
    if question.kind == "multi":
        return " ".join(letter(i) for i in range(len(question.choices)) if i not in key) or "a"
    if question.kind == "order":
        return " ".join(letter(i) for i in reversed(key))
    if question.kind == "truefalse":
        return "f" if key else "t"
    return f"{key.value * 1000 + 1:g}"
