"""`sysdesign quiz`: a spaced-repetition review of flashcards and auto-graded questions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from sysdesign.cli.common import handled

if TYPE_CHECKING:
    from sysdesign.env import Environment

EPILOG = (
    "[bold]Keys[/bold] (in a terminal): Space/Enter show the answer · 1 Again · 2 Hard · 3 Good · "
    "4 Easy · u undo the last rating · i card info · s suspend · b bury until tomorrow · q quit "
    "(every rating is saved as you give it); at a question, q or Esc quits too. A card forgotten 8 "
    "times (--leech-threshold) is a leech: suspended, and listed in `sysdesign progress`.\n\n"
    "Over each card: New · Learning · Review, what is left in the session. A card rated Again "
    "(or Hard) while learning comes back when its step is up (Again: 1 minute), after other "
    "cards; when nothing else is left it comes up to 20 minutes early (learn-ahead).\n\n"
    "[bold]Daily limits[/bold]: 20 new cards (--new) and 10 new questions (--new-questions: the "
    "check questions of finished lessons, first reviewed here) a day, counting those already "
    "seen today; with --deck or --lesson, only that deck's or lesson's count.\n\n"
    "[bold]Examples[/bold]\n\n"
    "  sysdesign quiz                      # due cards, new cards, questions\n\n"
    "  sysdesign quiz --limit 10           # a short session\n\n"
    "  sysdesign quiz --lesson building-blocks --new 5\n\n"
    "  sysdesign quiz --new-questions 20   # more check questions a day\n\n"
    "  sysdesign quiz --tag caching --cram # drill a topic, schedule untouched\n\n"
    "  sysdesign quiz --retention 0.85     # fewer reviews, more forgetting\n\n"
    "  sysdesign quiz --info bb-card-client   # stability, difficulty, history\n\n"
    "  sysdesign quiz --leeches            # review the cards you keep forgetting\n\n"
    "  printf '3\\n3\\n1\\nu\\n4\\n' | sysdesign quiz --limit 5 --json  # scripted"
)


def register(app: typer.Typer) -> None:
    app.command("quiz", help="Review due flashcards and questions, scheduled by FSRS.", epilog=EPILOG)(quiz)


def quiz(
    limit: int = typer.Option(None, "--limit", "-n", min=1, help="Review at most this many items."),
    new: int = typer.Option(None, "--new", min=0, help="New cards a day (default 20; counts those already seen today)."),
    new_questions: int = typer.Option(None, "--new-questions", min=0,
                                      help="New questions a day (default 10; counts those first reviewed today)."),
    lesson: str = typer.Option(None, "--lesson", "-l", help="Only this lesson's cards and questions (id or number)."),
    deck: str = typer.Option(None, "--deck", "-d", help="Only this deck's cards."),
    tag: str = typer.Option(None, "--tag", "-t", help="Only cards and questions with this tag."),
    cram: bool = typer.Option(False, "--cram", help="Review the filtered set now, ignoring and not changing the schedule."),
    all_: bool = typer.Option(False, "--all", help="Include the cards and questions of lessons you have not finished yet."),
    retention: float = typer.Option(None, "--retention", help="Desired retention 0.70–0.99 (default 0.9); remembered for next time."),
    json_: bool = typer.Option(False, "--json", help="Print the summary as one JSON document on stdout (the session goes to stderr)."),
    info: str = typer.Option(None, "--info", metavar="ID", help="Show a card's memory state and review history, then exit."),
    suspend: str = typer.Option(None, "--suspend", metavar="ID", help="Suspend a card or question, then exit."),
    unsuspend: str = typer.Option(None, "--unsuspend", metavar="ID", help="Bring back a suspended card or leech, then exit."),
    unbury: str = typer.Option(None, "--unbury", metavar="ID", help="Bring back a buried card today, then exit."),
    leeches: bool = typer.Option(False, "--leeches", help="Review your leeches (the cards you keep forgetting) now."),
    leech_threshold: int = typer.Option(None, "--leech-threshold", min=0, help="Lapses that make a leech (default 8, 0 never); remembered."),
) -> None:
    one_item = [(what, value) for what, value in (("info", info), ("suspend", suspend), ("unsuspend", unsuspend),
                                                  ("unbury", unbury)) if value]
    if one_item:
        _one_item(*one_item[0], json_=json_)
        return
    with handled():
        from sysdesign.cli import common
        from sysdesign.core.scheduler import RetentionError, check_retention
        from sysdesign.core.session import (
            DEFAULT_NEW_PER_DAY,
            DEFAULT_NEW_QUESTIONS_PER_DAY,
            Options,
            SessionError,
        )
        from sysdesign.flows import quiz as flow

        if retention is not None:
            try:
                check_retention(retention)
            except RetentionError as exc:
                raise common.fail(f"--retention: {exc}.") from None
        options = Options(limit=limit, new_per_day=DEFAULT_NEW_PER_DAY if new is None else new, lesson=lesson,
                          new_questions_per_day=DEFAULT_NEW_QUESTIONS_PER_DAY if new_questions is None
                          else new_questions,
                          deck=deck, tag=tag, cram=cram, include_locked=all_, leeches=leeches)
        env = common.environment()
        course = common.course(env)
        console = env.console(stderr=json_)
        with common.store(env, check_now=False) as st:  # the flow starts it with the first card
            if retention is not None:
                _show_workload(console, st, retention)
            if leech_threshold is not None:
                from sysdesign.store import reviews

                reviews.set_leech_threshold(st, leech_threshold)
            try:
                done = flow.review(_make_ui(env, console, on_stderr=json_), course, st, options,
                                   retention=retention, clock=env.now, monotonic=env.monotonic,
                                   new_salt=env.new_salt,
                                   nothing_to_do=lambda plan, now: _nothing_to_do(console, plan, options, st, now))
            except SessionError as exc:
                raise common.fail(str(exc)) from None
        if json_:
            typer.echo(common.json_text(done.summary))
        elif done.plan.items:
            from sysdesign.ui.quiz import render_summary, show_limits

            render_summary(console, done.summary, done.ended_at, done.ended_at.astimezone().tzinfo)
            if done.summary["ended"] == "finished" and not cram and not leeches:
                show_limits(console, done.plan, options)
        if done.gave_up:
            raise common.fail(done.gave_up)


def _one_item(what: str, item_id: str, *, json_: bool) -> None:
    """--info, --suspend, --unsuspend, --unbury: one item, no session."""
    with handled():
        from sysdesign.cli import common
        from sysdesign.flows import quiz as flow

        env = common.environment()
        course = common.course(env)
        console = env.console()
        with common.store(env, read_only_ok=what == "info") as st:
            if what == "info":
                shown = flow.show_info(course, st, item_id, env.now)
                if json_:
                    typer.echo(common.json_text(shown.as_dict(), indent=2))
                    return
                from sysdesign.ui.quiz import render_info

                render_info(console, shown)
                return
            message = flow.set_held(course, st, item_id, what, env.now)
        if json_:
            typer.echo(common.json_text({"id": item_id, "done": what}))
        else:
            console.print(message, markup=False, highlight=False)


def _make_ui(env: Environment, console, *, on_stderr: bool):
    """The quiz screen this environment can show (TERM=dumb: line prompts, never menus)."""
    from sysdesign.ui.quiz import for_environment

    return for_environment(env, console)


def _show_workload(console, st, retention: float) -> None:
    """What the chosen retention costs, from the last `optimize` (a hint to run it, else)."""
    from sysdesign.flows.optimize import workload_at
    from sysdesign.store import parameters
    from sysdesign.ui.optimize import show_workload

    show_workload(console, retention, workload_at(parameters.fit_summary(st), retention))


def _nothing_to_do(console, plan, options, st, now) -> None:
    from sysdesign.store import reviews
    from sysdesign.ui.quiz import show_nothing_to_do

    if options.leeches:
        console.print(f"No leeches: no card has been forgotten {reviews.leech_threshold(st)} times.",
                      markup=False, highlight=False)
        return

    show_nothing_to_do(console, plan, options, anything_finished=bool(st.finished_lessons()),
                       next_due=plan.next_due, now=now, tz=now.astimezone().tzinfo)
