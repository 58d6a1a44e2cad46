"""The progress dashboard for people: lessons, a review calendar, the due forecast,
retention, estimation calibration and interview history.

Every chart is plain text first (distinct glyphs per level, numbers beside bars), with
colour layered on top, so it reads the same with NO_COLOR or TERM=dumb.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.table import Table
from rich.text import Text

from sysdesign.core.days import day_of
from sysdesign.core.report import FORECAST_DAYS, HEATMAP_WEEKS, heatmap_start, is_new_user
from sysdesign.ui.console import clean, glued, plural
from sysdesign.ui.lessons import bar, course_list

LEVEL_GLYPHS = ("·", "░", "▒", "▓", "█")
LEVEL_STYLES = ("dim", "color(22)", "color(28)", "color(34)", "bold color(40)")
DAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SPARKS = "▁▂▃▄▅▆▇█"
LABEL_W = 4  # "Mon "


def level(count: int, peak: int) -> int:
    """0 for no reviews, else 1–4 by quarter of the busiest day."""
    if count <= 0 or peak <= 0:
        return 0
    return max(1, min(4, math.ceil(4 * count / peak)))


class Heatmap:
    """A contribution calendar: one column per week (Monday first), one row per weekday."""

    def __init__(self, per_day: dict[str, int], today: date, weeks: int = HEATMAP_WEEKS):
        self.per_day = per_day
        self.today = today
        self.weeks = weeks

    def lines(self, width: int) -> list[Text]:
        weeks = max(1, min(self.weeks, (width - LABEL_W) // 2))
        start = heatmap_start(self.today, weeks)
        counts = {d: n for d, n in self.per_day.items() if n > 0}
        shown = [counts.get((start + timedelta(days=i)).isoformat(), 0) for i in range(weeks * 7)]
        peak = max(shown, default=0)
        lines = [self._months(start, weeks)]
        for weekday in range(7):
            line = Text(f"{DAY_LABELS[weekday]:<{LABEL_W}}", style="dim")
            for week in range(weeks):
                day = start + timedelta(weeks=week, days=weekday)
                if day > self.today:
                    line.append("  ")
                    continue
                lvl = level(counts.get(day.isoformat(), 0), peak)
                line.append(LEVEL_GLYPHS[lvl], style=LEVEL_STYLES[lvl])
                line.append(" ")
            line.rstrip()
            lines.append(line)
        roomy = width >= LABEL_W + 19  # "Less · ░ ▒ ▓ █ More"
        legend = Text(" " * LABEL_W + ("Less " if roomy else ""), style="dim")
        for lvl in range(5):
            legend.append(LEVEL_GLYPHS[lvl], style=LEVEL_STYLES[lvl])
            legend.append(" ")
        if roomy:
            legend.append("More", style="dim")
        legend.rstrip()
        lines.append(legend)
        return lines

    @staticmethod
    def _months(start: date, weeks: int) -> Text:
        """Month names above the week where each month begins, never overlapping."""
        marks = []
        for week in range(weeks):
            monday = start + timedelta(weeks=week)
            if week == 0 or monday.month != (monday - timedelta(weeks=1)).month:
                marks.append((week, MONTHS[monday.month - 1]))
        if len(marks) > 1 and marks[0][0] == 0 and marks[1][0] < 2:
            marks.pop(0)  # the first column's month would collide with the next name
        row = [" "] * (LABEL_W + 2 * weeks)
        free_from = 0
        for week, name in marks:
            pos = LABEL_W + 2 * week
            if pos < free_from or pos + len(name) > len(row) + 1:
                continue
            row[pos:pos + len(name)] = list(name)
            free_from = pos + len(name) + 1
        return Text("".join(row).rstrip(), style="dim")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.lines(options.max_width)


def day_label(day: date, today: date) -> str:
    offset = (day - today).days
    if offset == 0:
        return "Today"
    if offset == 1:
        return "Tomorrow"
    return f"{day.strftime('%a')} {day.day:02d}"


class Forecast:
    """A horizontal bar per day: how many reviews fall due (overdue ones count for today)."""

    LABEL = 10
    MAX_BAR = 40

    def __init__(self, days: list[dict], today: date):
        self.days = days
        self.today = today

    def lines(self, width: int) -> list[Text]:
        counts = [d["due"] for d in self.days]
        peak = max(counts, default=0)
        digits = max(1, len(str(peak)))
        room = max(1, min(self.MAX_BAR, width - self.LABEL - digits - 1))
        out = []
        for entry in self.days:
            day = date.fromisoformat(entry["date"])
            n = entry["due"]
            line = Text(f"{day_label(day, self.today):<{self.LABEL}}")
            line.append(f"{n:>{digits}}", style="bold" if n else "dim")
            if n:
                length = max(1, round(room * n / peak))
                line.append(" " + "█" * length, style="cyan")
            out.append(line)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.lines(options.max_width)


def sparkline(values: list[float], top: float | None = None) -> str:
    """Lower is better for errors: a short bar per value, scaled to the largest."""
    if not values:
        return ""
    top = top if top is not None else max(max(values), 1e-9)
    return "".join(SPARKS[min(len(SPARKS) - 1, max(0, round((len(SPARKS) - 1) * v / top)))] for v in values)


def heading(text: str) -> Text:
    return Text(text, style="bold")


def course_outline(report: dict, width: int = 80) -> Group:
    """The lessons ahead, for someone who has not started: no empty bars."""
    heading = "The course" if width >= 60 else "The course · sections per lesson"
    return Group(Text(heading, style="bold"),
                 *course_list(report["lessons"], None, width, ids=False, sections_only=True))


def lessons_table(report: dict, width: int = 80) -> Group:
    """The lessons by part, as `study --list` shows them."""
    lessons = report["lessons"]
    nxt = (report.get("next_lesson") or {}).get("id")
    heading = Text(f"Lessons · {sum(le['finished'] for le in lessons)} of {len(lessons)} finished", style="bold")
    return Group(heading, *course_list(lessons, nxt, width, ids=False))


def heatmap_section(report: dict) -> Group:
    per_day = report["reviews_by_day"]
    today = date.fromisoformat(report["today"])
    parts: list = [heading(f"Reviews, last {HEATMAP_WEEKS} weeks")]
    if not per_day:
        if report["reviews_total"]:
            parts.append(Text("No reviews in the last 16 weeks. Pick it up again with: sysdesign quiz"))
        else:
            parts.append(Text("Each day you review lights up a square here. "
                              "Finish a lesson, then: sysdesign quiz"))
        return Group(*parts)
    parts.append(Heatmap(per_day, today))
    total = sum(per_day.values())
    parts.append(Text(f"{plural(total, 'review')} · {plural(len(per_day), 'active day')} · busiest day {max(per_day.values())}",
                      style="dim"))
    return Group(*parts)


def forecast_section(report: dict) -> Group:
    days = report["due_forecast"]
    today = date.fromisoformat(report["today"])
    parts: list = [heading(f"Due in the next {FORECAST_DAYS} days")]
    if not any(d["due"] for d in days):
        if report["reviews_total"]:
            parts.append(Text(f"Nothing falls due in the next {FORECAST_DAYS} days. Well remembered."))
        else:
            parts.append(Text("Your schedule starts with your first review: sysdesign quiz"))
        return Group(*parts)
    parts.append(Forecast(days, today))
    return Group(*parts)


NARROW = 60  # below this many columns, tables keep only their essential columns


def retention_table(report: dict, width: int = 80) -> Table | Text:
    rows = report["retention"]
    if not rows:
        return Text("Retention per deck appears after your first reviews.", style="dim")
    narrow = width < NARROW
    table = Table(title="Retention (reviews not rated Again)", title_justify="left", title_style="bold")
    table.add_column("Deck", overflow="fold", ratio=1 if narrow else None)
    if not narrow:
        table.add_column("Reviews", justify="right")
        table.add_column("Again", justify="right")
    table.add_column("Retention", no_wrap=True)
    for row in rows:
        pct = row["retention"]
        shown = Text(f"{bar(round(pct * 100), 100, 5 if narrow else 10)} {pct:.0%}")
        if narrow:
            table.add_row(Text(clean(row["title"])), shown)
        else:
            table.add_row(Text(clean(row["title"])), str(row["reviews"]), str(row["again"]), shown)
    return table


def _factor_text(err: float) -> str:
    from sysdesign.core.calibration import factor_text

    return factor_text(err)


def calibration_table(report: dict, width: int = 80) -> Table | Text:
    """Per family: the median error over its counted rounds (the figure `estimate --list`
    shows too), the latest and best round, and the trend; all as factors (×2.0 = 10^0.3)."""
    rows = report["calibration"]
    if not rows:
        if report.get("estimates"):
            return Text("No estimation round counts yet: a round counts toward calibration once at least "
                        "half of its steps are answered. sysdesign estimate", style="dim")
        return Text("Estimation calibration appears after your first round: sysdesign estimate", style="dim")
    narrow = width < NARROW
    left_early = sum(r.get("short_rounds", 0) for r in rows)
    caption = ("each round's error is the median of its steps' errors, as a factor (×1.0 is exact, "
               "lower is better); Median is over the rounds")
    caption += (f"; {plural(left_early, 'round')} stopped before half the steps were answered "
                f"{'is' if left_early == 1 else 'are'} left out") if left_early else ""
    table = Table(title="Estimation calibration", title_justify="left", title_style="bold",
                  caption=caption, caption_justify="left")
    table.add_column("Scenario", overflow="fold", ratio=1 if narrow else None)
    if not narrow:
        table.add_column("Rounds", justify="right")
        table.add_column("Over time", no_wrap=True)
    table.add_column("Median", justify="right", no_wrap=True)
    if not narrow:
        table.add_column("Latest", justify="right", no_wrap=True)
        table.add_column("Best", justify="right", no_wrap=True)
    table.add_column("Trend", no_wrap=True)
    top = max((max(r["series"]) for r in rows), default=1.0) or 1.0
    for row in rows:
        trend = row["trend"]
        word = "–" if trend is None else ("better" if trend < -0.02 else "worse" if trend > 0.02 else "steady")
        name = Text(clean(row.get("title") or row["scenario"]))
        if narrow:
            table.add_row(name, _factor_text(row["median_error"]), word)
        else:
            table.add_row(name, str(row["rounds"]), Text(sparkline(row["series"][-12:], top)),
                          _factor_text(row["median_error"]), _factor_text(row["latest_error"]),
                          _factor_text(row["best_error"]), word)
    return table


VERDICT_STYLE = {"overconfident": "bold red", "underconfident": "bold yellow", "calibrated": "bold green",
                 "too few": "dim"}


def range_bar(share: float, band: tuple[float, float], width: int, target: float = 0.9) -> Text:
    """One calibration bar: █ the share of ranges that held, ▒ the rest of its 95 % band,
    ░ beyond it, and │ where 90 % is — readable with or without colour."""
    cells = []
    for index in range(width):
        middle = (index + 0.5) / width
        if middle <= share:
            cells.append(("█", "green"))
        elif band[0] <= middle <= band[1]:
            cells.append(("▒", "dim"))
        else:
            cells.append(("░", "dim"))
    mark = min(width - 1, int(target * width))
    cells[mark] = ("│", "bold")
    text = Text()
    for glyph, style in cells:
        text.append(glyph, style=style)
    return text


def range_chart(report: dict, width: int = 80):
    """How often the learner's 90 % ranges held the answer: a bar per family and overall,
    the 95 % band of that share, the median width, and the verdict in words."""
    data = report.get("range_calibration") or {}
    overall = data.get("overall")
    if not overall:
        if report.get("estimates"):
            return Text("Give a range as an answer (20k-50k, 30k ±3x) or run sysdesign estimate --intervals, "
                        "and this shows how often your 90 % ranges hold the truth.", style="dim")
        return None
    title = Text("90 % ranges: how often they held the answer (│ marks 90 %)", style="bold")
    verdict = Text(glued(overall["message"][0].upper() + overall["message"][1:] + "."),
                   style=VERDICT_STYLE.get(overall["verdict"], ""))
    rows = [(row.get("title") or row["scenario"], row) for row in data.get("families", [])]
    if len(rows) > 1:
        rows.append(("Overall", overall))
    if width < NARROW:  # a list: the name on its own line, then the bar and the verdict
        parts: list = [title]
        for name, row in rows:
            parts.append(Text(clean(name), style="bold"))
            line = Text("  ")
            line.append_text(range_bar(row["share"], tuple(row["band"]), 10))
            line.append(glued(f" {row['share'] * 100:.0f} % of {row['ranges']} · "))
            line.append(row["verdict"], style=VERDICT_STYLE.get(row["verdict"], ""))
            parts.append(line)
        parts.append(verdict)
        return Group(*parts)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Scenario", overflow="fold", ratio=1, min_width=12)
    table.add_column("Held", no_wrap=True)
    table.add_column("Ranges", justify="right", no_wrap=True)
    table.add_column("Likely", no_wrap=True)
    table.add_column("Width", justify="right", no_wrap=True)
    table.add_column("Verdict", no_wrap=True)
    for name, row in rows:
        held = range_bar(row["share"], tuple(row["band"]), 12)
        held.append(glued(f" {row['share'] * 100:.0f} %"))
        low, high = row["band"]
        table.add_row(Text(clean(name)), held, str(row["ranges"]), glued(f"{low * 100:.0f}-{high * 100:.0f} %"),
                      f"×{row['median_width_factor']:.2g}",
                      Text(row["verdict"], style=VERDICT_STYLE.get(row["verdict"], "")))
    note = Text("Likely: the 95 % band of the share held; Width: the median range, high ÷ low.", style="dim")
    return Group(title, table, verdict, note)


def _score_text(interview: dict) -> str:
    score = interview.get("self_score")
    if isinstance(score, (int, float)):
        return f"{score:.1f}/4"
    scores = interview.get("scores")
    if isinstance(scores, dict):
        values = [v for v in scores.values() if isinstance(v, (int, float))]
        if values:
            return f"{sum(values) / len(values):.1f}/4"
    return "–"


def _coverage_text(value: object) -> str:
    return f"{value * 100:.0f}%" if isinstance(value, (int, float)) else "–"


def interviews_table(report: dict, width: int = 80) -> Table | Text | Group:
    rows = report["interviews"]
    if not rows:
        return Text("Mock interviews you take are listed here with their scores.", style="dim")
    narrow = width < NARROW
    table = Table(title="Mock interviews", title_justify="left", title_style="bold")
    table.add_column("When", no_wrap=True)
    table.add_column("Problem", overflow="fold", ratio=1 if narrow else None)
    if not narrow:
        table.add_column("Minutes", justify="right")
    table.add_column("Score", justify="right")
    if not narrow:  # narrow: coverage is in the lines under the table
        table.add_column("Coverage", justify="right")
    for row in reversed(rows[-10:]):
        minutes = row.get("minutes")
        problem = clean(str(row.get("title") or row["problem"])) + (
            " (unfinished)" if row.get("status") in ("running", "interrupted") else "")
        cells = [day_of(str(row["when"])), Text(problem)]
        if not narrow:
            cells.append(f"{minutes:g}" if isinstance(minutes, (int, float)) else "–")
        cells.append(_score_text(row))
        if not narrow:
            cells.append(_coverage_text(row.get("coverage")))
        table.add_row(*cells)
    trend = coverage_trend(rows)
    if not trend:
        return table
    lines = Text("Key points covered, per problem (oldest first): ", style="bold")
    for problem, values in trend.items():
        lines.append(f"\n  {clean(problem)}: " + " → ".join(_coverage_text(v) for v in values[-6:]))
    lines.append("\n  The coach checks coverage of each problem's key points, not correctness.", style="dim")
    return Group(table, lines)


def coverage_trend(rows: list[dict]) -> dict[str, list[float]]:
    """Each problem's coverage over time, for problems graded more than once or at all."""
    out: dict[str, list[float]] = {}
    for row in rows:
        if isinstance(row.get("coverage"), (int, float)):
            out.setdefault(str(row.get("title") or row["problem"]), []).append(float(row["coverage"]))
    return out


def summary_line(report: dict) -> Text:
    parts = [
        f"Cards unlocked: {report['cards_unlocked']} of {report['cards_total']}",
        f"due now: {report['due_now']}",
    ]
    new = [plural(n, word) for n, word in ((report.get("new_today", 0), "card"),
                                           (report.get("new_questions_today", 0), "question")) if n]
    if new:
        parts.append("new today: " + " and ".join(new))
    parts += [f"reviews: {report['reviews_total']}", f"streak: {plural(report['streak_days'], 'day')}"]
    if report.get("sketches_total"):
        parts.append(f"sketches: {report['sketches_total']} (streak {report['sketch_streak_days']})")
    return Text(" · ".join(parts))


def welcome(report: dict) -> Text:
    first = report.get("next_lesson")
    text = Text()
    text.append("Nothing to chart yet — this is where your progress will show up.\n", style="bold")
    text.append(
        f"The course: {plural(len(report['lessons']), 'lesson')} and {plural(report['cards_total'], 'flashcard')}. "
        "As you go you will see a calendar of your review days, what falls due over the next "
        "two weeks, how well each deck sticks, and how close your estimates land.\n"
    )
    if first:
        text.append(Text(f"Start here: lesson {first['order']}, {clean(first['title'])} "
                         f"({plural(first['sections_total'], 'section')}):\n  "))
        text.append(f"sysdesign study {first['id']}", style="bold cyan")
    return text


def render_progress(console: Console, report: dict) -> None:
    if is_new_user(report):
        console.print(welcome(report))
        console.print()
        console.print(course_outline(report, console.width))
        return
    width = console.width
    console.print(lessons_table(report, width))
    console.print(summary_line(report))
    for part in (heatmap_section(report), forecast_section(report), retention_table(report, width),
                 held_section(report), calibration_table(report, width), range_chart(report, width),
                 interviews_table(report, width)):
        if part is None:
            continue
        console.print()
        console.print(part)


def held_section(report: dict) -> Group | None:
    """Leeches (with what to do about them), then suspended and buried cards."""
    leeches = report.get("leeches") or []
    others = [r for r in report.get("suspended") or [] if not r["leech"]]
    buried = report.get("buried") or []
    if not (leeches or others or buried):
        return None
    parts: list = []
    if leeches:
        parts.append(heading(f"Leeches ({len(leeches)}): cards you keep forgetting"))
        for row in leeches:
            state = "suspended" if row["suspended"] else "back in your reviews"
            parts.append(Text(f"  {clean(row['id'])} · forgotten {row['lapses']} times · {state}: "
                              f"{clean(row['title'])}", overflow="fold"))
        parts.append(Text("  Rewrite or split each one (a card forgotten this often usually asks two things "
                          "at once), then: sysdesign quiz --unsuspend ID. Review them now: sysdesign quiz "
                          "--leeches", style="dim"))
    if others:
        parts.append(heading(f"Suspended ({len(others)})"))
        parts += [Text(f"  {clean(r['id'])}: {clean(r['title'])}", overflow="fold") for r in others]
        parts.append(Text("  Bring one back: sysdesign quiz --unsuspend ID", style="dim"))
    if buried:
        parts.append(heading(f"Buried until tomorrow ({len(buried)})"))
        parts += [Text(f"  {clean(r['id'])}: {clean(r['title'])}", overflow="fold") for r in buried]
        parts.append(Text("  Bring one back today: sysdesign quiz --unbury ID", style="dim"))
    return Group(*parts)
