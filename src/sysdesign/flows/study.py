"""Taking a lesson: section by section, each followed by its check questions."""

from __future__ import annotations

from rich.console import Console

from sysdesign.content.model import Lesson, Question
from sysdesign.core.kinds import present
from sysdesign.env import Environment
from sysdesign.flows import Refused
from sysdesign.store.db import StoreError
from sysdesign.store.store import Store
from sysdesign.ui.keys import KeyReader, confirm
from sysdesign.ui.lessons import (
    render_paged,
    render_section,
    render_whole_lesson,
    section_renderables,
)
from sysdesign.ui.lines import EndOfInput, UnusableInput
from sysdesign.ui.questions import ask


def take_lesson(env: Environment, console: Console, st: Store, lesson: Lesson, *, restart: bool) -> None:
    """Read the lesson's pending sections; after each, its checks; every answer and every
    finished section saved as it happens."""
    if restart:
        st.restart_lesson(lesson.id)
    done = st.sections_done().get(lesson.id, set())
    pending = [i for i, s in enumerate(lesson.sections) if s.id not in done]
    if not pending:
        console.print(f"You have finished [bold]{lesson.id}[/bold]. Take it again with --restart, or review with sysdesign quiz.")
        return
    st.check_writable()  # a busy or read-only database is reported before the reading starts
    if pending[0] > 0:
        console.print(f"[dim]Resuming at section {pending[0] + 1} of {len(lesson.sections)}.[/dim]")
    interactive = env.interactive
    reader = None if interactive else env.line_reader()
    now = env.now
    salt = st.shuffle_salt(env.new_salt)
    questions = {q.id: present(q, salt) for q in lesson.questions}
    try:
        for position, index in enumerate(pending):
            section = lesson.sections[index]
            if interactive:
                render_paged(console, section_renderables(lesson, section, index), KeyReader(env.key_fd).read)
            else:
                render_section(console, lesson, section, index)
            for number, qid in enumerate(section.checks, 1):
                graded, _text = ask(console, questions[qid], reader, heading=f"Check {number}/{len(section.checks)}",
                                   prompt_kwargs=env.prompt_kwargs())
                st.record_check_answer(qid, graded.recorded, graded.correct, now())
            done.add(section.id)
            finishes = len(done) >= len(lesson.sections)
            st.mark_section_done(lesson.id, section.id, now(), finishes_lesson=finishes)
            if finishes:
                console.print("[bold green]Lesson finished.[/bold green] Its flashcards are now in your review queue: sysdesign quiz")
            elif interactive and position < len(pending) - 1 and not confirm("Next section?", **env.prompt_kwargs()):
                console.print("Stopped. Your place is kept: run the same command to resume.")
                return
    except EndOfInput as stop:
        console.print("\nEnd of input — your progress is saved; run the same command to resume.")
        if isinstance(stop, UnusableInput):  # a script that sends what a check cannot use: exit 2
            raise Refused(str(stop)) from None


def print_lesson(env: Environment, console: Console, lesson: Lesson) -> None:
    """The whole lesson to stdout (--print), its options in this learner's order."""
    render_whole_lesson(console, lesson, shown_questions(env, lesson))


def shown_questions(env: Environment, lesson: Lesson) -> dict[str, Question]:
    """The lesson's questions as this learner sees them. Printing needs no database: one that
    cannot be opened gives an order for this command only."""
    try:
        with Store.open(env.database_path, read_only_ok=True) as st:
            salt = st.shuffle_salt(env.new_salt)
    except StoreError:
        salt = env.new_salt()
    return {q.id: present(q, salt) for q in lesson.questions}
