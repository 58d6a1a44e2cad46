"""`sysdesign study`: the lessons, section by section, with check questions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from sysdesign.cli.common import handled

if TYPE_CHECKING:
    from sysdesign.content.model import Course, Lesson

EPILOG = (
    "[bold]Keys[/bold] (in a terminal): Space/Enter/↓ next page · b/↑/PgUp back · c to the checks · "
    "q quit the lesson (your place is kept). A wrong check answer gets a hint and one more try.\n\n"
    "[bold]Examples[/bold]\n\n"
    "  sysdesign study                      # lessons and your progress\n\n"
    "  sysdesign study building-blocks      # a lesson, by id or number (study 2)\n\n"
    "  sysdesign study 1 --print | less     # read a whole lesson, no questions\n\n"
    "  sysdesign study 7 --section 3        # open one section (and its checks)\n\n"
    "  printf 'b\\nt\\n' | sysdesign study 1   # answer checks from a script"
)


def register(app: typer.Typer) -> None:
    app.command("study", help="Take the lessons, section by section, with check questions.", epilog=EPILOG)(study)


def study(
    ctx: typer.Context,
    lesson: str = typer.Argument(None, help="Lesson id or number; omit it to see the lessons."),
    list_: bool = typer.Option(False, "--list", "-l", help="List the lessons with your progress."),
    print_: bool = typer.Option(False, "--print", "-p", help="Print the whole lesson to stdout, no prompts."),
    restart: bool = typer.Option(False, "--restart", help="Read the lesson again from its first section "
                                 "(a finished lesson stays finished and keeps its cards in review)."),
    section: str = typer.Option(None, "--section", "-s", help="Open one section of the lesson: its number or id."),
) -> None:
    with handled():
        from sysdesign.cli import common
        from sysdesign.flows import study as study_flow

        for flag, given in (("--print", print_), ("--restart", restart), ("--section", section)):
            if lesson is None and given:
                example = "--section 2" if flag == "--section" else flag
                raise common.fail(f"{flag} needs a lesson: sysdesign study 1 {example}  (a lesson id or number; "
                                  "see them with: sysdesign study --list)")
        if restart and section is not None:
            raise common.fail("--restart reads a lesson from its first section and --section opens one section: "
                              "give one of them.")
        env = common.environment()
        course = common.course(env)
        console = env.console()
        if lesson is None or list_:
            with common.store(env, read_only_ok=list_) as st:
                done, finished = st.sections_done(), st.finished_lessons()
                show_lessons(console, course, done, finished)
                upcoming = course.lesson(next_lesson_id(course, done, finished) or "")
            if lesson is not None or list_ or upcoming is None or not _offer_to_start(env, upcoming):
                return
            chosen = upcoming
        else:
            chosen = find_lesson(course, lesson)
        index = find_section(chosen, section) if section is not None else None
        if print_:
            study_flow.print_lesson(env, console, chosen, only=index)
            return
        while True:
            with common.store(env) as st:
                outcome = study_flow.take_lesson(env, console, st, chosen, restart=restart, section=index,
                                                 course=course)
            if outcome.then is None:
                return
            if outcome.then[0] == "study" and (following := course.lesson(outcome.then[1])) is not None:
                chosen, restart, index = following, False, None
                continue
            common.run_command(ctx, outcome.then)
            return


def find_lesson(course: Course, wanted: str) -> Lesson:
    from sysdesign.cli.common import fail

    for lesson in course.lessons:
        if wanted in (lesson.id, str(lesson.order)):
            return lesson
    known = ", ".join(f"{le.order} {le.id}" for le in course.lessons)
    raise fail(f"No lesson {wanted!r}. The lessons are: {known}. See them with: sysdesign study --list")


def find_section(lesson: Lesson, wanted: str) -> int:
    """The index of a section given by its number (1 is the first) or its id."""
    from sysdesign.cli.common import fail

    for index, section in enumerate(lesson.sections):
        if wanted.strip() in (section.id, str(index + 1)):
            return index
    raise fail(f"No section {wanted!r} in lesson {lesson.order}, {lesson.title}: it has sections "
               f"1–{len(lesson.sections)}. See them with: sysdesign study {lesson.order} --print")


def next_lesson_id(course: Course, done: dict[str, set[str]], finished: dict[str, str]) -> str | None:
    from sysdesign.core.report import next_lesson

    upcoming = next_lesson(course, done, finished)
    return upcoming["id"] if upcoming else None


def show_lessons(console, course: Course, done: dict[str, set[str]], finished: dict[str, str]) -> None:
    from rich.text import Text

    from sysdesign.core.report import lesson_entries
    from sysdesign.ui.lessons import course_list

    entries = lesson_entries(course, done, finished)
    upcoming = next_lesson_id(course, done, finished)
    console.print(Text(f"Lessons · {sum(e['finished'] for e in entries)} of {len(entries)} finished", style="bold"))
    for line in course_list(entries, upcoming, console.width):
        console.print(line, no_wrap=True, overflow="ignore", crop=True)
    if upcoming:
        console.print(f"Next: [bold]sysdesign study {upcoming}[/bold]", soft_wrap=True)  # a command, unbroken
    else:
        console.print("All lessons done. Keep them fresh with [bold]sysdesign quiz[/bold].")


def _offer_to_start(env, lesson: Lesson) -> bool:
    """In a terminal, `sysdesign study` goes straight on to the next lesson if you like."""
    from sysdesign.ui.keys import confirm

    return env.interactive and confirm(f"Start lesson {lesson.order}, {lesson.title}, now?", **env.prompt_kwargs())
