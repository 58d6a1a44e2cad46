"""`sysdesign optimize` on screen: a progress bar while fitting, the evaluation, the workload of
each desired retention, and a yes/no question read as one line (a terminal or a script)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.table import Table
from rich.text import Text

from sysdesign.core.optimize import Fit, Workload
from sysdesign.ui.lines import EndOfInput, LineReader

YES = ("y", "yes")
NO = ("n", "no")


class OptimizeScreen:
    def __init__(self, console: Console, reader: LineReader, *, retention: float):
        self.console = console
        self.reader = reader
        self.retention = retention  # the desired retention in force, marked in the table

    @contextmanager
    def fitting(self, total: int) -> Iterator[Callable[[str], None]]:
        """A bar that moves on at each step (fitting itself cannot report inside a step)."""
        if not self.console.is_terminal:
            yield lambda step: None
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=self.console, transient=True) as bar:
            task = bar.add_task("Fitting", total=total)
            started = [False]

            def step(name: str) -> None:
                if started[0]:
                    bar.advance(task)
                started[0] = True
                bar.update(task, description=name.capitalize())
            yield step
            bar.update(task, completed=total)

    def show(self, fit: Fit, current: dict | None) -> None:
        self.console.print(evaluation_table(fit))
        self.console.print(Text(
            "Log loss and RMSE are lower when the predicted chance of remembering is closer to what "
            "happened. Fitted: trained on earlier reviews, tested on the later ones it had not seen "
            "(a time-series split in five folds); default: the same later reviews.", style="dim"))
        self.console.print()
        self.console.print(workload_table(fit.workload, self.retention, fit.best_retention))
        if current and current.get("fitted_at"):
            self.console.print(Text(f"Your parameters in force were fitted on {current['fitted_at'][:10]} "
                                    f"from {current.get('training_reviews', '?')} reviews.", style="dim"))

    def too_few(self, have: int, need: int) -> None:
        self.console.print(Text(
            f"Not enough reviews to fit yet: {have} of the {need} needed count (a review counts when its "
            f"card was last reviewed on an earlier day). About {need - have} more, and the quiz keeps "
            "scheduling with FSRS's default parameters until then."))

    def confirm(self, question: str, default: bool) -> bool:
        hint = "[Y/n]" if default else "[y/N]"
        while True:
            self.console.print(Text(f"{question} {hint} "), end="")
            try:
                line = self.reader.read()
            except EndOfInput:
                self.console.print()
                return False  # no answer is no
            self.console.print(Text(line))
            word = line.strip().lower()
            if not word:
                return default
            if word in YES or word in NO:
                return word in YES
            self.console.print(Text("Answer y or n.", style="yellow"))

    def applied(self, fit: Fit) -> None:
        self.console.print(Text("Applied: the quiz schedules with your fitted parameters from now on. "
                                "`sysdesign optimize --reset` puts the previous ones back.", style="green"))

    def kept(self, reason: str) -> None:
        self.console.print(Text(f"Kept the parameters in force ({reason}).", style="yellow"))


def evaluation_table(fit: Fit) -> Table:
    table = Table(title=f"How well they predict your reviews ({fit.training_reviews} reviews, {fit.cards} cards)",
                  title_justify="left")
    table.add_column("parameters")
    table.add_column("log loss", justify="right")
    table.add_column("RMSE", justify="right")
    for name, ev in (("default", fit.default), ("fitted to you", fit.fitted)):
        table.add_row(name, f"{ev.log_loss:.4f}", f"{ev.rmse:.4f}")
    return table


def workload_table(rows: tuple[Workload, ...], retention: float, best: Workload | None) -> Table:
    table = Table(title="What each desired retention costs (a simulated year with your parameters)",
                  title_justify="left")
    table.add_column("retention", justify="right")
    table.add_column("minutes a day", justify="right")
    table.add_column("reviews a day", justify="right")
    table.add_column("")
    for row in rows:
        notes = []
        if abs(row.retention - retention) < 0.005:
            notes.append("now")
        if best is not None and row.retention == best.retention:
            notes.append("least time")
        table.add_row(f"{row.retention:.2f}", f"{row.minutes_per_day:.1f}", f"{row.reviews_per_day:.0f}",
                      ", ".join(notes))
    return table


def show_reset(console: Console, found: bool, parameters) -> None:
    if not found:
        console.print(Text("Nothing to reset: `sysdesign optimize` has not applied any parameters yet."))
    elif parameters is None:
        console.print(Text("Reset: the quiz schedules with FSRS's default parameters again."))
    else:
        console.print(Text("Reset: the quiz schedules with the parameters fitted before the last ones."))


def show_workload(console: Console, retention: float, row: dict | None) -> None:
    """`quiz --retention`: what the chosen retention costs, from the last fit's simulation."""
    if row is None:
        console.print(Text(f"Desired retention {retention:.2f}. `sysdesign optimize` shows what each "
                           "retention costs in minutes a day.", style="dim"))
        return
    least = row.get("least_workload_retention")
    tail = f"; the least time is at {least:.2f}" if isinstance(least, (int, float)) else ""
    console.print(Text(f"Desired retention {retention:.2f}: about {row['minutes_per_day']:.0f} minutes and "
                       f"{row['reviews_per_day']:.0f} reviews a day (simulated with your parameters{tail}).",
                       style="dim"))
