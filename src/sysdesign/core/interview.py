"""The mock-interview clock: five phases, pure and exact (time is passed in, never read).

The plan follows the 45-minute framework of the source lesson:

    requirements 0-5 min, estimation 5-10, high-level design 10-15,
    deep dive 15-35, scale & edge cases 35-45

``--minutes M`` scales every phase by M/45 (fractions allowed: 0.5 min is a 30-second
rehearsal). Each phase has its own budget. A phase ends when its budget runs out (it
"times up" and the interview moves on), when the candidate skips to the next phase, or
when the interview is stopped. Skipping early does not lend the saved time to later
phases: the interview simply ends sooner. Pausing stops every clock.

Within a phase the interviewer's lines are revealed as its time passes: the phase's
opening line at once, then the follow-ups spread evenly over the phase (follow-up i of n
at (i+1)/(n+1) of the phase). In the last 20 % of a phase a "low" warning fires once.

Every method that depends on time takes ``now`` (seconds, any monotonic origin).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

FULL_MINUTES = 45.0
LOW_FRACTION = 0.2  # the "running low" warning fires with this share of the phase left
EPSILON = 1e-9  # phase ends are sums of floats: forgive rounding at the boundary


@dataclass(frozen=True)
class PhaseSpec:
    id: str
    title: str
    start_min: float  # in the full 45-minute plan
    end_min: float
    goal: str


PHASES: tuple[PhaseSpec, ...] = (
    PhaseSpec("requirements", "Requirements", 0, 5,
              "Agree on scope: features, scale, constraints. Keep the whiteboard blank for now."),
    PhaseSpec("estimation", "Estimation", 5, 10,
              "Size the traffic, storage and bandwidth, then say which limit dominates."),
    PhaseSpec("design", "High-level design", 10, 15,
              "Draw the simplest end-to-end picture that works: the happy path only."),
    PhaseSpec("deep-dive", "Deep dive", 15, 35,
              "Go deep on two or three parts: trade-offs, alternatives, how they fail."),
    PhaseSpec("scale", "Scale & edge cases", 35, 45,
              "Find the next bottleneck, cover failures and monitoring, sum up the trade-offs."),
)
PHASE_IDS: tuple[str, ...] = tuple(p.id for p in PHASES)

DESIGN_OPENING = (
    "Let's see a first picture. Sketch the simplest design that serves the main use case "
    "end to end, and walk me through one request."
)
SCALE_OPENING = (
    "Say traffic grows tenfold. What gives way first, what fails, how would you notice, "
    "and which trade-offs did you make along the way?"
)


@dataclass(frozen=True)
class PlannedPhase:
    spec: PhaseSpec
    index: int
    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


def plan(minutes: float = FULL_MINUTES) -> tuple[PlannedPhase, ...]:
    """The five phases scaled to ``minutes`` in total."""
    if not minutes > 0:
        raise ValueError("an interview needs a positive number of minutes")
    k = minutes / FULL_MINUTES * 60.0
    return tuple(PlannedPhase(p, i, p.start_min * k, p.end_min * k) for i, p in enumerate(PHASES))


def openings(prompt: str, estimate_targets: Sequence[str], deep_dives: Sequence[str]) -> tuple[str, ...]:
    """What the interviewer says as each phase begins, built from a problem's content."""
    estimate = "Before any boxes, put numbers on it. Estimate:\n" + "\n".join(f"• {t}" for t in estimate_targets)
    dive = "Let's go deeper. Choose two or three of these, or follow my lead:\n" + "\n".join(f"• {t}" for t in deep_dives)
    return (prompt.strip(), estimate, DESIGN_OPENING, dive, SCALE_OPENING)


@dataclass(frozen=True)
class Event:
    """Something the screen should react to."""

    kind: str  # "prompt" | "low" | "time-up" | "phase" | "finished"
    phase: int
    text: str = ""


@dataclass(frozen=True)
class HintTaken:
    number: int  # 1-based
    phase: int
    at_s: float  # seconds into that phase
    text: str


@dataclass
class PhaseLog:
    """What happened in one phase, for the transcript."""

    planned_s: float
    used_s: float = 0.0
    ended_by: str | None = None  # "time" | "skip" | "quit" | "interrupted"; None: not reached
    notes: str = ""
    shown: int = 0  # interviewer lines revealed (opening + follow-ups)
    low_warned: bool = False

    @property
    def reached(self) -> bool:
        return self.ended_by is not None or self.used_s > 0


@dataclass
class Interview:
    """One interview's clock and log. Build it with ``Interview.start``."""

    minutes: float
    phases: tuple[PlannedPhase, ...]
    lines: tuple[tuple[str, ...], ...]  # per phase: opening, then follow-ups
    hints: tuple[str, ...]
    origin: float  # the clock reading at the start
    logs: list[PhaseLog] = field(default_factory=list)
    hints_taken: list[HintTaken] = field(default_factory=list)
    phase: int = 0
    finished: bool = False
    end_reason: str | None = None  # "time" | "early" | "quit" | "interrupted"
    _phase_began: float = 0.0  # active seconds at which the current phase began
    _paused_total: float = 0.0
    _paused_at: float | None = None
    _last_now: float = 0.0

    @classmethod
    def start(cls, now: float, minutes: float = FULL_MINUTES, *,
              openings: Sequence[str] = ("",) * 5,
              followups: Sequence[Sequence[str]] = ((),) * 5,
              hints: Sequence[str] = ()) -> Interview:
        planned = plan(minutes)
        if len(openings) != len(planned) or len(followups) != len(planned):
            raise ValueError("one opening and one list of follow-ups per phase")
        lines = tuple((o, *f) for o, f in zip(openings, followups))
        return cls(minutes=minutes, phases=planned, lines=lines, hints=tuple(hints), origin=now,
                   logs=[PhaseLog(p.duration_s) for p in planned], _last_now=now)

    # time -----------------------------------------------------------------------
    def _clamp(self, now: float) -> float:
        """Clocks never run backwards here, whatever the caller passes."""
        if now < self._last_now:
            now = self._last_now
        self._last_now = now
        return now

    def active(self, now: float) -> float:
        """Seconds of interview time so far (pauses excluded)."""
        now = self._clamp(now)
        upto = self._paused_at if self._paused_at is not None else now
        return max(0.0, upto - self.origin - self._paused_total)

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    @property
    def current(self) -> PlannedPhase:
        return self.phases[min(self.phase, len(self.phases) - 1)]

    def phase_elapsed(self, now: float) -> float:
        if self.finished:
            return self.logs[self.current.index].used_s
        return min(self.active(now) - self._phase_began, self.current.duration_s)

    def phase_left(self, now: float) -> float:
        if self.finished:
            return 0.0
        return max(0.0, self.current.duration_s - self.phase_elapsed(now))

    def total_left(self, now: float) -> float:
        """The current phase's time left plus the full budgets of the phases to come."""
        if self.finished:
            return 0.0
        later = sum(p.duration_s for p in self.phases[self.phase + 1:])
        return self.phase_left(now) + later

    def level(self, now: float) -> str:
        """How the phase clock should look: "paused", "low" or "ok" ("done" at the end)."""
        if self.finished:
            return "done"
        if self.paused:
            return "paused"
        if self.phase_left(now) <= self.current.duration_s * LOW_FRACTION:
            return "low"
        return "ok"

    def reveal_at(self, phase: int) -> tuple[float, ...]:
        """Seconds into the phase at which each of its lines appears."""
        n = len(self.lines[phase]) - 1
        d = self.phases[phase].duration_s
        return (0.0, *(d * (i + 1) / (n + 1) for i in range(n)))

    def revealed(self, phase: int) -> tuple[str, ...]:
        return self.lines[phase][: self.logs[phase].shown]

    # moving on ------------------------------------------------------------------
    def tick(self, now: float) -> list[Event]:
        """Bring the interview up to ``now``: reveal lines, warn, time phases out."""
        events: list[Event] = []
        if self.finished:
            return events
        t = self.active(now)
        while not self.finished:
            index = self.phase
            log, planned = self.logs[index], self.phases[index]
            used = t - self._phase_began
            events += self._reveal(index, min(used, planned.duration_s))
            if used >= planned.duration_s - EPSILON:
                log.used_s, log.ended_by = planned.duration_s, "time"
                events.append(Event("time-up", index, planned.spec.title))
                events += self._advance(self._phase_began + planned.duration_s, "time")
                continue
            if not log.low_warned and used >= planned.duration_s * (1 - LOW_FRACTION) - EPSILON:
                log.low_warned = True
                events.append(Event("low", index, planned.spec.title))
            break
        return events

    def _reveal(self, index: int, upto: float) -> list[Event]:
        log = self.logs[index]
        times = self.reveal_at(index)
        out = []
        while log.shown < len(times) and times[log.shown] <= upto:
            out.append(Event("prompt", index, self.lines[index][log.shown]))
            log.shown += 1
        return out

    def _advance(self, at: float, reason: str) -> list[Event]:
        if self.phase + 1 >= len(self.phases):
            self.finished = True
            self.end_reason = "time" if reason == "time" else "early"
            return [Event("finished", self.phase, self.end_reason)]
        self.phase += 1
        self._phase_began = at
        out = [Event("phase", self.phase, self.current.spec.title)]
        out += self._reveal(self.phase, 0.0)
        return out

    def next_phase(self, now: float) -> list[Event]:
        """Skip to the next phase (on the last one: finish early)."""
        events = self.tick(now)
        if self.finished:
            return events
        t = self.active(now)
        log = self.logs[self.phase]
        log.used_s, log.ended_by = t - self._phase_began, "skip"
        return events + self._advance(t, "skip")

    def stop(self, now: float, reason: str = "quit") -> list[Event]:
        """End the interview where it stands ("quit" or "interrupted")."""
        events = self.tick(now)
        if self.finished:
            return events
        t = self.active(now)
        log = self.logs[self.phase]
        log.used_s, log.ended_by = t - self._phase_began, reason
        self.finished, self.end_reason = True, reason
        return events + [Event("finished", self.phase, reason)]

    def pause(self, now: float) -> None:
        now = self._clamp(now)
        if self._paused_at is None and not self.finished:
            self._paused_at = now

    def resume(self, now: float) -> None:
        now = self._clamp(now)
        if self._paused_at is not None:
            self._paused_total += now - self._paused_at
            self._paused_at = None

    def toggle_pause(self, now: float) -> bool:
        """Pause or resume; returns True when the interview is now paused."""
        if self.paused:
            self.resume(now)
        else:
            self.pause(now)
        return self.paused

    # the candidate's side -----------------------------------------------------------
    def take_hint(self, now: float) -> HintTaken | None:
        """The next hint (gentle first), logged with its phase; None when none are left."""
        if self.finished or len(self.hints_taken) >= len(self.hints):
            return None
        taken = HintTaken(len(self.hints_taken) + 1, self.phase, self.phase_elapsed(now),
                          self.hints[len(self.hints_taken)])
        self.hints_taken.append(taken)
        return taken

    @property
    def hints_left(self) -> int:
        return len(self.hints) - len(self.hints_taken)

    def set_notes(self, text: str, phase: int | None = None) -> None:
        index = self.phase if phase is None else phase
        if 0 <= index < len(self.logs):
            self.logs[index].notes = text

    def used_total(self) -> float:
        return sum(log.used_s for log in self.logs)


# transcript -----------------------------------------------------------------------

def clock_text(seconds: float) -> str:
    """m:ss, rounding down to whole seconds (never negative)."""
    whole = int(max(0.0, seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def minutes_text(minutes: float) -> str:
    return f"{minutes:g} min"


END_TEXT = {
    "time": "ran to time",
    "early": "finished early",
    "quit": "stopped early (quit and save)",
    "interrupted": "interrupted (Ctrl-C)",
    None: "in progress",
}
PHASE_END_TEXT = {"time": "time ran out", "skip": "moved on early", "quit": "stopped here",
                  "interrupted": "interrupted here"}


def _fence(text: str) -> str:
    longest = run = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    return "`" * max(3, longest + 1)


def _quote(text: str) -> str:
    """A Markdown block quote; "• " bullets become list items so they render as a list."""
    lines = []
    for line in text.strip().splitlines():
        line = line.rstrip()
        if line.startswith("• "):
            line = "- " + line[2:]
        lines.append("> " + line if line.strip() else ">")
    return "\n".join(lines)


def self_score(scores: dict[str, int]) -> float | None:
    return round(sum(scores.values()) / len(scores), 2) if scores else None


def transcript_markdown(problem, interview: Interview, *, taken_at: str,
                        scores: dict[str, int] | None = None) -> str:
    """The Markdown record of one interview (``problem`` is a content Problem)."""
    scores = scores or {}
    out: list[str] = [f"# Mock interview: {problem.title}", ""]
    out += [
        f"- Problem: `{problem.id}` ({problem.difficulty})",
        f"- Taken: {taken_at}",
        f"- Planned: {minutes_text(interview.minutes)} · used {clock_text(interview.used_total())}",
        f"- Ended: {END_TEXT.get(interview.end_reason, interview.end_reason)}",
        f"- Hints taken: {len(interview.hints_taken)} of {len(interview.hints)}",
        "",
        "## The question",
        "",
        _quote(problem.prompt),
        "",
    ]
    for planned, log in zip(interview.phases, interview.logs):
        spec = planned.spec
        out.append(f"## {planned.index + 1}. {spec.title}")
        out.append("")
        if not log.reached:
            out += [f"Planned {clock_text(planned.duration_s)}; not reached.", ""]
            continue
        ended = PHASE_END_TEXT.get(log.ended_by or "", "in progress")
        out += [f"Time used {clock_text(log.used_s)} of {clock_text(planned.duration_s)} planned ({ended}).", ""]
        out += ["**Notes**", ""]
        if log.notes.strip():
            fence = _fence(log.notes)
            out += [fence + "text", log.notes.rstrip("\n"), fence, ""]
        else:
            out += ["_No notes._", ""]
        shown = interview.revealed(planned.index)
        out += ["**Interviewer**", ""]
        out += [_quote(line) + "\n" for line in shown] if shown else ["_Nothing shown._", ""]
        hints = [h for h in interview.hints_taken if h.phase == planned.index]
        if hints:
            out += ["**Hints taken**", ""]
            out += [f"- Hint {h.number} at {clock_text(h.at_s)}: {h.text}" for h in hints]
            out.append("")
    out += ["## Self-assessment", ""]
    if scores:
        out += ["| Criterion | Score |", "|---|---|"]
        for item in problem.rubric:
            if item.id in scores:
                out.append(f"| {item.title} | {scores[item.id]} / 4 |")
        overall = self_score(scores)
        out += ["", f"**Overall: {overall:.1f} / 4** ({len(scores)} of {len(problem.rubric)} criteria scored)", ""]
    else:
        out += ["_Not scored._", ""]
    out += ["## Reference", "", problem.reference_markdown().rstrip("\n"), ""]
    return "\n".join(out)
