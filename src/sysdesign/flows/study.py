"""Taking a lesson: section by section, each followed by its check questions, and a summary
with what to do next when the lesson is done."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.text import Text

from sysdesign.content.model import Course, Lesson, Question
from sysdesign.core.checks import lesson_score, retry_hint
from sysdesign.core.kinds import present
from sysdesign.env import Environment
from sysdesign.flows import Refused
from sysdesign.store.db import StoreError
from sysdesign.store.store import Store
from sysdesign.ui.console import clean
from sysdesign.ui.keys import KeyReader, confirm
from sysdesign.ui.lessons import (
    question_height,
    render_paged,
    render_whole_lesson,
    section_renderables,
)
from sysdesign.ui.lines import EndOfInput, LineReader, UnusableInput
from sysdesign.ui.questions import ask_by_line, ask_interactive, show_question_verdict


@dataclass(frozen=True)
class Outcome:
    """How a lesson ended, and what the learner chose to do next (the command does it)."""

    finished: bool = False
    then: tuple[str, ...] | None = None  # a command line to run next ("quiz", "--deck", …)


def take_lesson(env: Environment, console: Console, st: Store, lesson: Lesson, *, restart: bool,
                section: int | None = None, course: Course | None = None) -> Outcome:
    """Read the lesson's pending sections (or only section `section`, an index); after each,
    its checks; every answer and every finished section saved as it happens."""
    if restart:
        st.restart_lesson(lesson.id)
    done = st.sections_done().get(lesson.id, set())
    if section is not None:
        pending = [section]
    else:
        pending = [i for i, s in enumerate(lesson.sections) if s.id not in done]
    if not pending:
        console.print(Text.assemble("You have finished ", (clean(lesson.title), "bold"),
                                    ". Read it again (it stays finished, its cards stay in review), "
                                    "or review its cards and questions:"))
        for command in (f"sysdesign study {lesson.order} --restart", f"sysdesign quiz --lesson {lesson.order}"):
            console.print(f"  {command}", soft_wrap=True, markup=False)
        return Outcome(finished=True)
    st.check_writable()  # a busy or read-only database is reported before the reading starts
    if section is None and not done & {s.id for s in lesson.sections}:
        st.begin_reading(lesson.id)  # the check score counts from this first section
    notice = None
    if section is None and pending[0] > 0:
        notice = Text(f"Resuming at section {pending[0] + 1} of {len(lesson.sections)}.", style="dim")
    reader = None if env.interactive else env.line_reader()
    salt = st.shuffle_salt(env.new_salt)
    questions = {q.id: present(q, salt) for q in lesson.questions}  # options in this learner's order
    try:
        for position, index in enumerate(pending):
            if not _read_section(env, console, lesson, index, questions, reader, notice):
                console.print(f"Stopped. Your place is kept: sysdesign study {lesson.order} goes on from here.")
                return Outcome()
            notice = None
            _ask_checks(env, console, st, lesson, index, questions, reader)
            done.add(lesson.sections[index].id)
            finishes = len(done & {s.id for s in lesson.sections}) >= len(lesson.sections)
            st.mark_section_done(lesson.id, lesson.sections[index].id, env.now(), finishes_lesson=finishes)
            if finishes and section is None:
                return _finish(env, console, st, lesson, course)
            if section is not None:
                console.print(f"Section {index + 1} of {len(lesson.sections)} done. "
                              f"The lesson goes on with: sysdesign study {lesson.order}")
                return Outcome(finished=finishes)
            if env.interactive and position < len(pending) - 1 and not confirm("Next section?", **env.prompt_kwargs()):
                console.print(f"Stopped. Your place is kept: sysdesign study {lesson.order} goes on from here.")
                return Outcome()
    except EndOfInput as stop:
        console.print("\nEnd of input — your progress is saved; run the same command to resume.")
        if isinstance(stop, UnusableInput):  # a script that sends what a check cannot use: exit 2
            raise Refused(str(stop)) from None
    return Outcome()


def _read_section(env: Environment, console: Console, lesson: Lesson, index: int,
                  questions: dict[str, Question], reader: LineReader | None, notice: Text | None) -> bool:
    """Show the section; False when the learner leaves the lesson from the pager."""
    section = lesson.sections[index]
    renderables = ([notice] if notice else []) + section_renderables(lesson, section, index)
    if reader is not None:
        for renderable in renderables:
            console.print(renderable)
        return True
    first = questions.get(section.checks[0]) if section.checks else None
    reserve = question_height(first, console.width) if first else 3  # "Next section?" and a margin
    last = "the checks" if section.checks else "next section"
    return render_paged(console, renderables, KeyReader(env.key_fd).read, reserve=reserve, last=last) == "read"


def _ask_checks(env: Environment, console: Console, st: Store, lesson: Lesson, index: int,
                questions: dict[str, Question], reader: LineReader | None) -> None:
    """The section's checks. A wrong answer from a person (not a script) gets a hint and one
    more try before the answer and its explanation."""
    checks = lesson.sections[index].checks
    second_try = reader is None or not reader.scripted
    for number, qid in enumerate(checks, 1):
        question = questions[qid]
        heading = f"Check {number}/{len(checks)}"
        graded = _answer(env, console, st, question, reader, heading)
        hint = None if graded.correct or not second_try else retry_hint(question, graded.given)
        if hint is not None:
            console.print(Text(f"✗ Not quite. {clean(hint)} One more try:", style="yellow"))
            graded = _answer(env, console, st, question, reader, f"{heading}, second try")
        show_question_verdict(console, question, graded)


def _answer(env: Environment, console: Console, st: Store, question: Question, reader: LineReader | None,
            heading: str):
    if reader is None:
        graded, _text = ask_interactive(console, question, heading, verdict=False, prompt_kwargs=env.prompt_kwargs())
    else:
        graded, _text = ask_by_line(console, question, reader, heading, verdict=False)
    st.record_check_answer(question.id, graded.recorded, graded.correct, env.now())
    return graded


def _finish(env: Environment, console: Console, st: Store, lesson: Lesson, course: Course | None) -> Outcome:
    """The end of a lesson: its score, what to revisit, and what next."""
    from sysdesign.ui.lessons import LessonEnd, render_lesson_end

    score = lesson_score(lesson, st.check_answers_of_reading(lesson.id, [q.id for q in lesson.questions]))
    end = LessonEnd(lesson=lesson, score=score, new_cards=_new_cards_today(env, st, lesson, course),
                    deck=_deck_of(lesson, course), next_lesson=_lesson_after(lesson, course))
    choices = render_lesson_end(console, end)
    if not env.interactive or not choices:
        return Outcome(finished=True)
    from sysdesign.ui.lessons import choose_after_lesson

    return Outcome(finished=True, then=choose_after_lesson(choices, console.width, **env.prompt_kwargs()))


def _deck_of(lesson: Lesson, course: Course | None) -> str | None:
    if course is None:
        return None
    return next((d.id for d in course.decks if d.lesson_id == lesson.id and d.cards), None)


def _lesson_after(lesson: Lesson, course: Course | None) -> Lesson | None:
    if course is None:
        return None
    later = [le for le in course.lessons if le.order > lesson.order]
    return min(later, key=lambda le: le.order) if later else None


def _new_cards_today(env: Environment, st: Store, lesson: Lesson, course: Course | None) -> tuple[int, int]:
    """(new cards of the lesson's deck a review today would bring, all its new cards): the
    offer runs `quiz --deck`, whose daily limit counts only that deck's cards met today."""
    if course is None:
        return 0, 0
    from sysdesign.core.days import day_start, local_date
    from sysdesign.core.session import DEFAULT_NEW_PER_DAY
    from sysdesign.store import reviews

    now = env.now()
    scheduled = reviews.due_by_item(st)
    deck = {c.id for d in course.decks if d.lesson_id == lesson.id for c in d.cards}
    fresh = len(deck - set(scheduled))
    from datetime import datetime

    met = reviews.introduced_items_since(st, datetime.fromisoformat(day_start(local_date(now))))
    return min(fresh, max(0, DEFAULT_NEW_PER_DAY - len(met & deck))), fresh


def print_lesson(env: Environment, console: Console, lesson: Lesson, only: int | None = None) -> None:
    """The whole lesson (or section `only`) to stdout (--print), its options in this learner's order."""
    render_whole_lesson(console, lesson, shown_questions(env, lesson), only=only)


def shown_questions(env: Environment, lesson: Lesson) -> dict[str, Question]:
    """The lesson's questions as this learner sees them. Printing needs no database: one that
    cannot be opened gives an order for this command only."""
    try:
        with Store.open(env.database_path, read_only_ok=True) as st:
            salt = st.shuffle_salt(env.new_salt)
    except StoreError:
        salt = env.new_salt()
    return {q.id: present(q, salt) for q in lesson.questions}
