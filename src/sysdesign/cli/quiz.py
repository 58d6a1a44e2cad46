"""`sysdesign quiz`: a spaced-repetition review of flashcards and auto-graded questions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from sysdesign.cli.common import handled

if TYPE_CHECKING:
    from datetime import datetime

    from sysdesign.core.scheduler import Scheduler
    from sysdesign.core.session import Session
    from sysdesign.store.store import Store

EPILOG = (
    "[bold]Keys[/bold] (in a terminal): Space/Enter show the answer · 1 Again · 2 Hard · 3 Good · "
    "4 Easy · u undo the last rating · q quit (every rating is saved as you give it).\n\n"
    "[bold]Examples[/bold]\n\n"
    "  sysdesign quiz                      # due cards, new cards, questions\n\n"
    "  sysdesign quiz --limit 10           # a short session\n\n"
    "  sysdesign quiz --lesson building-blocks --new 5\n\n"
    "  sysdesign quiz --tag caching --cram # drill a topic, schedule untouched\n\n"
    "  sysdesign quiz --retention 0.85     # fewer reviews, more forgetting\n\n"
    "  printf '3\\n3\\n1\\nu\\n4\\n' | sysdesign quiz --limit 5 --json  # scripted"
)


def register(app: typer.Typer) -> None:
    app.command("quiz", help="Review due flashcards and questions, scheduled by FSRS.", epilog=EPILOG)(quiz)


def quiz(
    limit: int = typer.Option(None, "--limit", "-n", min=1, help="Review at most this many items."),
    new: int = typer.Option(None, "--new", min=0, help="New cards a day (default 20; counts those already seen today)."),
    lesson: str = typer.Option(None, "--lesson", "-l", help="Only this lesson's cards and questions (id or number)."),
    deck: str = typer.Option(None, "--deck", "-d", help="Only this deck's cards."),
    tag: str = typer.Option(None, "--tag", "-t", help="Only cards and questions with this tag."),
    cram: bool = typer.Option(False, "--cram", help="Review the filtered set now, ignoring and not changing the schedule."),
    all_: bool = typer.Option(False, "--all", help="Include the cards and questions of lessons you have not finished yet."),
    retention: float = typer.Option(None, "--retention", help="Desired retention 0.70–0.99 (default 0.9); remembered for next time."),
    json_: bool = typer.Option(False, "--json", help="Print the summary as one JSON document on stdout (the session goes to stderr)."),
) -> None:
    with handled():
        import time

        from sysdesign.cli import common
        from sysdesign.core.scheduler import RetentionError, Scheduler, check_retention
        from sysdesign.core.session import (
            DEFAULT_NEW_PER_DAY,
            Options,
            Session,
            SessionError,
            build_queue,
            day_bounds,
            summarize,
        )
        from sysdesign.store import reviews
        from sysdesign.ui.lines import UnusableInput

        if retention is not None:
            try:
                check_retention(retention)
            except RetentionError as exc:
                raise common.fail(f"--retention: {exc}.") from None
        options = Options(limit=limit, new_per_day=DEFAULT_NEW_PER_DAY if new is None else new, lesson=lesson,
                          deck=deck, tag=tag, cram=cram, include_locked=all_)
        env = common.environment()
        course = common.course(env)
        console = env.console(stderr=json_)
        with common.store(env) as st, reviews.session_lock(st):
            reviews.check_writable(st)  # a busy database is reported before any card shows
            if retention is not None:
                reviews.set_retention(st, retention)
            scheduler = Scheduler(retention if retention is not None else _stored_retention(st))
            now = common.now()
            tz = now.astimezone().tzinfo
            day_start, tomorrow_end = day_bounds(now, tz)
            try:
                plan = build_queue(course, reviews.due_by_item(st), st.finished_lessons(), now,
                                   reviews.introduced_since(st, day_start), options)
            except SessionError as exc:
                raise common.fail(str(exc)) from None
            session = Session(plan.items)
            started = time.monotonic()
            gave_up = None
            if plan.items:
                ui = _make_ui(env, console, on_stderr=json_)
                try:
                    ended = run_session(ui, st, session, scheduler, cram=cram, clock=common.now)
                except UnusableInput as stop:  # a script kept sending what a prompt cannot use
                    ended, gave_up = "unusable-input", str(stop)
            else:
                _nothing_to_do(console, plan, options, st, now, tz)
                ended = "finished"
            end = common.now()
            summary = summarize(session, seconds=time.monotonic() - started, next_due=reviews.next_due(st),
                                due_tomorrow=reviews.due_until(st, tomorrow_end), cram=cram, ended=ended)
        if json_:
            import json

            typer.echo(json.dumps(summary, ensure_ascii=False))
        elif plan.items:
            from sysdesign.ui.quiz import render_summary

            render_summary(console, summary, end, tz)
        if gave_up:
            raise common.fail(gave_up)


def _stored_retention(st: Store) -> float:
    """The remembered desired retention; a value out of range (edited by hand) is ignored."""
    from sysdesign.core.scheduler import DEFAULT_RETENTION, RetentionError, check_retention
    from sysdesign.store import reviews

    try:
        return check_retention(reviews.retention(st, DEFAULT_RETENTION))
    except RetentionError:
        return DEFAULT_RETENTION


def _make_ui(env, console, *, on_stderr: bool):
    """Keys and menus for a person at a capable terminal, else one line per prompt (TERM=dumb
    too: it cannot move the cursor). With --json the session is drawn on stderr."""
    from sysdesign.ui.quiz import LineQuizUI, TerminalQuizUI

    if env.interactive_stderr if on_stderr else env.interactive:
        return TerminalQuizUI(console, prompt_kwargs=env.prompt_kwargs())
    return LineQuizUI(console, env.line_reader())


def run_session(ui, st: Store, session: Session, scheduler: Scheduler, *, cram: bool, clock) -> str:
    """Show items until the queue is done, q, or end of input; returns how it ended.

    Every rating is committed to the store before the next item is shown.
    """
    import time

    from sysdesign.core.scheduler import button_labels
    from sysdesign.core.session import Result, card_correct, rating_for
    from sysdesign.store import reviews
    from sysdesign.ui.console import plural
    from sysdesign.ui.lines import EndOfInput, UnusableInput
    from sysdesign.ui.quiz import NEXT, QUIT, UNDO

    def undo_last() -> bool:
        last = session.undo()
        if last is None:
            ui.nothing_to_undo()
            return False
        if last.review_id is not None:
            reviews.undo(st, last.review_id)
        ui.undone(last.item)
        return True

    from sysdesign.ui.questions import show_verdict

    def next_item():
        if session.current is None and not cram and session.requeue_lapses():
            ui.notice("Once more: the cards you rated Again this session.", "dim")
        return session.current

    try:
        while (item := next_item()) is not None:
            shown = time.monotonic()
            state = None if cram else reviews.state_of(st, item.id)
            now = clock()
            labels = None
            answer_text = None
            if item.kind == "card":
                front = ui.front(item, session.position, session.total)
                if front == UNDO:
                    undo_last()
                    continue
                if front == QUIT:
                    return "quit"
                if not cram:
                    labels = button_labels(scheduler.preview(item.id, state, now))
                choice = ui.back(item, labels)
                if choice == UNDO:
                    undo_last()
                    continue
                if choice == QUIT:
                    return "quit"
                rating = int(choice)
                correct = card_correct(rating)
            else:
                answered = ui.question(item, session.position, session.total)
                if answered == UNDO:
                    undo_last()
                    continue
                if answered == QUIT:
                    return "quit"
                graded, answer_text = answered
                correct = graded.correct
                rating = rating_for(correct)
            duration_ms = int((time.monotonic() - shown) * 1000)
            if cram:
                session.record(Result(item, rating, correct))
            else:
                outcome = scheduler.rate(item.id, state, rating, clock(), duration_ms)
                review_id = reviews.record(st, outcome, item.kind, duration_ms=duration_ms, answer=answer_text)
                session.record(Result(item, rating, correct, review_id, outcome.due.isoformat(timespec="seconds")))
            if item.kind == "card":
                ui.rated(item, rating, labels[rating - 1] if labels else None)
            else:
                show_verdict(ui.console, item.content, graded)  # only once the answer is saved
                after = ui.after_question()
                if after == UNDO:
                    undo_last()
                elif after == QUIT:
                    return "quit"
                assert after in (NEXT, UNDO)
        return "finished"
    except EndOfInput as stop:
        ui.notice("End of input — your progress is saved.", "dim")
        if isinstance(stop, UnusableInput):
            raise
        return "end-of-input"
    except KeyboardInterrupt:
        ui.notice(f"\nStopped: {plural(len(session.results), 'rating')} from this session "
                  f"{'is' if len(session.results) == 1 else 'are'} saved.")
        raise


def _nothing_to_do(console, plan, options, st: Store, now: datetime, tz) -> None:
    from rich.text import Text

    from sysdesign.store import reviews
    from sysdesign.ui.console import plural
    from sysdesign.ui.quiz import when_text

    if plan.unlocked == 0 and not options.include_locked and not st.finished_lessons():
        console.print(Text(
            "Nothing to review yet: cards and questions join your reviews when you finish their lesson. "
            "Start with: sysdesign study   (or review everything now: sysdesign quiz --all)"))
        return
    if plan.unlocked == 0:
        console.print(Text("No unlocked cards or questions match these filters (finish their lesson, or add --all)."))
        return
    console.print(Text(f"Nothing is due right now. Next due: {when_text(reviews.next_due(st), now, tz)}."))
    if plan.new_left_today == 0 and not options.cram:
        console.print(Text(f"You have had today's {plural(options.new_per_day, 'new card')}; --new N allows more."))
    console.print(Text("To review anyway without changing the schedule: sysdesign quiz --cram"))
