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
class Said:
    """One thing the interviewer said in a phase."""

    text: str
    kind: str = "follow-up"  # "opening" | "follow-up" (timed) | "asked" (the notes prompted it) |
    #                          "rule" | "nudge" | "curveball"
    at_s: float = 0.0  # seconds into the phase
    ref: str = ""  # the coach's id for it, or a curveball's id
    answer_from: int = 0  # how long the phase's notes were when it was said: what follows answers it
    trigger: str = ""  # the learner's words that prompted it


@dataclass
class PhaseLog:
    """What happened in one phase, for the transcript."""

    planned_s: float
    used_s: float = 0.0
    ended_by: str | None = None  # "time" | "skip" | "quit" | "interrupted"; None: not reached
    notes: str = ""
    shown: int = 0  # timed interviewer lines revealed (opening + follow-ups)
    low_warned: bool = False
    budget_s: float = -1.0  # the time it may take: planned, plus time carried over from a skip
    said: list[Said] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.budget_s < 0:
            self.budget_s = self.planned_s

    @property
    def reached(self) -> bool:
        return self.ended_by is not None or self.used_s > 0 or bool(self.said)


@dataclass
class Interview:
    """One interview's clock and log. Build it with ``Interview.start``.

    Moving on early (``next_phase``) carries the phase's unused time over to the next phase, so
    the total stays as planned; with ``carry_over`` False the time is forfeited and the interview
    ends sooner.
    """

    minutes: float
    phases: tuple[PlannedPhase, ...]
    lines: tuple[tuple[str, ...], ...]  # per phase: opening, then timed follow-ups
    hints: tuple[str, ...]
    origin: float  # the clock reading at the start
    logs: list[PhaseLog] = field(default_factory=list)
    hints_taken: list[HintTaken] = field(default_factory=list)
    phase: int = 0
    finished: bool = False
    end_reason: str | None = None  # "time" | "early" | "quit" | "interrupted"
    carry_over: bool = True
    _phase_began: float = 0.0  # active seconds at which the current phase began
    _paused_total: float = 0.0
    _paused_at: float | None = None
    _last_now: float = 0.0

    @classmethod
    def start(cls, now: float, minutes: float = FULL_MINUTES, *,
              openings: Sequence[str] = ("",) * 5,
              followups: Sequence[Sequence[str]] = ((),) * 5,
              hints: Sequence[str] = (), carry_over: bool = True) -> Interview:
        planned = plan(minutes)
        if len(openings) != len(planned) or len(followups) != len(planned):
            raise ValueError("one opening and one list of follow-ups per phase")
        lines = tuple((o, *f) for o, f in zip(openings, followups))
        return cls(minutes=minutes, phases=planned, lines=lines, hints=tuple(hints), origin=now,
                   logs=[PhaseLog(p.duration_s) for p in planned], carry_over=carry_over, _last_now=now)

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

    def budget(self, index: int | None = None) -> float:
        """The time phase ``index`` (default: the current one) may take."""
        return self.logs[self.phase if index is None else index].budget_s

    def phase_elapsed(self, now: float) -> float:
        if self.finished:
            return self.logs[self.current.index].used_s
        return min(self.active(now) - self._phase_began, self.budget())

    def phase_left(self, now: float) -> float:
        if self.finished:
            return 0.0
        return max(0.0, self.budget() - self.phase_elapsed(now))

    def total_left(self, now: float) -> float:
        """The current phase's time left plus the budgets of the phases to come."""
        if self.finished:
            return 0.0
        later = sum(log.budget_s for log in self.logs[self.phase + 1:])
        return self.phase_left(now) + later

    def total_s(self) -> float:
        """The length of the whole plan (what the curveball's timing is measured against)."""
        return self.phases[-1].end_s

    def windows(self, now: float) -> list[tuple[float, float]]:
        """Each phase's (start, end) in active seconds as things stand: done phases as used,
        the current and later ones by their budgets."""
        out, at = [], 0.0
        for i, log in enumerate(self.logs):
            length = log.used_s if (i < self.phase or self.finished) else log.budget_s
            out.append((at, at + length))
            at += length
        return out

    def level(self, now: float) -> str:
        """How the phase clock should look: "paused", "low" or "ok" ("done" at the end)."""
        if self.finished:
            return "done"
        if self.paused:
            return "paused"
        if self.phase_left(now) <= self.budget() * LOW_FRACTION:
            return "low"
        return "ok"

    def reveal_at(self, phase: int) -> tuple[float, ...]:
        """Seconds into the phase at which each of its timed lines appears."""
        n = len(self.lines[phase]) - 1
        d = self.budget(phase)
        return (0.0, *(d * (i + 1) / (n + 1) for i in range(n)))

    def revealed(self, phase: int) -> tuple[str, ...]:
        """Everything the interviewer has said in the phase, in order."""
        return tuple(s.text for s in self.logs[phase].said)

    # moving on ------------------------------------------------------------------
    def tick(self, now: float) -> list[Event]:
        """Bring the interview up to ``now``: reveal lines, warn, time phases out."""
        events: list[Event] = []
        if self.finished:
            return events
        t = self.active(now)
        while not self.finished:
            index = self.phase
            log = self.logs[index]
            budget = log.budget_s
            used = t - self._phase_began
            events += self._reveal(index, min(used, budget))
            if used >= budget - EPSILON:
                log.used_s, log.ended_by = budget, "time"
                events.append(Event("time-up", index, self.phases[index].spec.title))
                events += self._advance(self._phase_began + budget, "time")
                continue
            if not log.low_warned and used >= budget * (1 - LOW_FRACTION) - EPSILON:
                log.low_warned = True
                events.append(Event("low", index, self.phases[index].spec.title))
            break
        return events

    def _reveal(self, index: int, upto: float) -> list[Event]:
        log = self.logs[index]
        times = self.reveal_at(index)
        out = []
        while log.shown < len(times) and times[log.shown] <= upto:
            kind = "opening" if log.shown == 0 else "follow-up"
            text = self.lines[index][log.shown]
            log.shown += 1
            if kind == "follow-up" and any(s.text == text for s in log.said):
                continue  # asked already, when the notes prompted it
            log.said.append(Said(text, kind, times[log.shown - 1], answer_from=len(log.notes)))
            out.append(Event("prompt", index, text))
        return out

    def _advance(self, at: float, reason: str, carried: float = 0.0) -> list[Event]:
        if self.phase + 1 >= len(self.phases):
            self.finished = True
            self.end_reason = "time" if reason == "time" else "early"
            return [Event("finished", self.phase, self.end_reason)]
        self.phase += 1
        self._phase_began = at
        self.logs[self.phase].budget_s += carried
        out = [Event("phase", self.phase, self.current.spec.title)]
        out += self._reveal(self.phase, 0.0)
        return out

    def next_phase(self, now: float) -> list[Event]:
        """Move on to the next phase (on the last one: finish early). The time left in this
        phase goes to the next one unless ``carry_over`` is off."""
        events = self.tick(now)
        if self.finished:
            return events
        t = self.active(now)
        log = self.logs[self.phase]
        log.used_s, log.ended_by = t - self._phase_began, "skip"
        left = max(0.0, log.budget_s - log.used_s) if self.carry_over else 0.0
        return events + self._advance(t, "skip", left)

    def stop(self, now: float, reason: str = "quit") -> list[Event]:
        """End the interview where it stands ("quit" or "interrupted")."""
        events = self.tick(now)
        if self.finished:
            return events
        if self._paused_at is not None:
            self.resume(now)
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

    def notes(self) -> tuple[str, ...]:
        return tuple(log.notes for log in self.logs)

    def say(self, now: float, text: str, kind: str, ref: str = "", trigger: str = "") -> Event:
        """The interviewer asks something now (a question the notes prompted, the curveball)."""
        log = self.logs[self.phase]
        log.said.append(Said(text, kind, self.phase_elapsed(now), ref, len(log.notes), trigger))
        return Event("prompt", self.phase, text)

    def answers(self, phase: int) -> list[tuple[Said, str]]:
        """Each thing said in a phase with the notes typed after it (up to the next one)."""
        log = self.logs[phase]
        out = []
        for i, said in enumerate(log.said):
            ends = [s.answer_from for s in log.said[i + 1:] if s.answer_from > said.answer_from]
            out.append((said, log.notes[said.answer_from: ends[0] if ends else None].strip()))
        return out

    def used_total(self) -> float:
        return sum(log.used_s for log in self.logs)

    # saving and resuming ------------------------------------------------------------
    def to_state(self, now: float) -> dict:
        """Everything needed to go on later, as plain data (JSON)."""
        live = not self.finished
        return {
            "version": 1,
            "minutes": self.minutes,
            "carry_over": self.carry_over,
            "lines": [list(x) for x in self.lines],
            "hints": list(self.hints),
            "phase": self.phase,
            "finished": self.finished,
            "end_reason": self.end_reason,
            "active_s": self.active(now),
            "phase_began": self._phase_began,
            "current_used_s": self.phase_elapsed(now) if live else None,
            "hints_taken": [[h.number, h.phase, h.at_s, h.text] for h in self.hints_taken],
            "logs": [{
                "planned_s": log.planned_s, "budget_s": log.budget_s, "used_s": log.used_s,
                "ended_by": log.ended_by, "notes": log.notes, "shown": log.shown, "low_warned": log.low_warned,
                "said": [[s.text, s.kind, s.at_s, s.ref, s.answer_from, s.trigger] for s in log.said],
            } for log in self.logs],
        }

    @classmethod
    def from_state(cls, state: dict, now: float) -> Interview:
        """An interview as saved by ``to_state``; a live one (saved while running, then killed)
        is stopped as interrupted where it was last saved. Raises ValueError on a bad document."""
        try:
            iv = cls.start(now - float(state["active_s"]), float(state["minutes"]),
                           openings=[x[0] for x in state["lines"]],
                           followups=[tuple(x[1:]) for x in state["lines"]],
                           hints=tuple(state["hints"]), carry_over=bool(state.get("carry_over", True)))
            iv.phase = int(state["phase"])
            iv._phase_began = float(state["phase_began"])
            iv.hints_taken = [HintTaken(int(n), int(p), float(a), str(t)) for n, p, a, t in state["hints_taken"]]
            for log, saved in zip(iv.logs, state["logs"]):
                log.budget_s = float(saved["budget_s"])
                log.used_s = float(saved["used_s"])
                log.ended_by = saved["ended_by"]
                log.notes = str(saved["notes"])
                log.shown = int(saved["shown"])
                log.low_warned = bool(saved["low_warned"])
                log.said = [Said(str(t), str(k), float(a), str(r), int(f), str(g)) for t, k, a, r, f, g in saved["said"]]
            iv.finished = bool(state["finished"])
            iv.end_reason = state["end_reason"]
            if not iv.finished:  # saved mid-interview: it ends where the save left it
                log = iv.logs[iv.phase]
                log.used_s = float(state.get("current_used_s") or 0.0)
                log.ended_by = "interrupted"
                iv.finished, iv.end_reason = True, "interrupted"
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise ValueError(f"not a saved interview ({exc})") from None
        if not 0 <= iv.phase < len(iv.phases):
            raise ValueError("not a saved interview (phase out of range)")
        return iv

    def reopen(self, now: float) -> None:
        """Go on with an interview that was stopped as interrupted: its clock restarts at ``now``
        where it stood, in the phase it stopped in."""
        if not self.finished or self.end_reason != "interrupted":
            return
        log = self.logs[self.phase]
        self.origin = now - (self._phase_began + log.used_s)
        self._paused_total, self._paused_at, self._last_now = 0.0, None, now
        log.ended_by = None
        log.used_s = 0.0
        self.finished, self.end_reason = False, None


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


SAID_LABEL = {"asked": "asked about your notes", "rule": "asked about your notes",
              "nudge": "a nudge", "curveball": "curveball", "follow-up": "follow-up"}


def transcript_markdown(problem, interview: Interview, *, taken_at: str,
                        scores: dict[str, int] | None = None, coach: str = "", level: str = "",
                        ticked: Sequence[str] = ()) -> str:
    """The Markdown record of one interview (``problem`` is a content Problem; ``coach`` the
    coach's report as Markdown; ``ticked`` the checklist items ticked in phase 1)."""
    scores = scores or {}
    out: list[str] = [f"# Mock interview: {problem.title}", ""]
    out += [
        f"- Problem: `{problem.id}` ({problem.difficulty})",
        f"- Taken: {taken_at}",
        f"- Planned: {minutes_text(interview.minutes)} · used {clock_text(interview.used_total())}",
        f"- Ended: {END_TEXT.get(interview.end_reason, interview.end_reason)}",
        f"- Hints taken: {len(interview.hints_taken)} of {len(interview.hints)}",
    ]
    if level:
        out.append(f"- Level: {level}")
    out += ["", "## The question", "", _quote(problem.prompt), ""]
    for planned, log in zip(interview.phases, interview.logs):
        out += _phase_markdown(interview, planned, log, ticked)
    if coach:
        out += [coach.rstrip("\n"), ""]
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


def _phase_markdown(interview: Interview, planned: PlannedPhase, log: PhaseLog, ticked: Sequence[str]) -> list[str]:
    spec = planned.spec
    out = [f"## {planned.index + 1}. {spec.title}", ""]
    if not log.reached:
        return out + [f"Planned {clock_text(planned.duration_s)}; not reached.", ""]
    ended = PHASE_END_TEXT.get(log.ended_by or "", "in progress")
    extra = log.budget_s - log.planned_s
    carried = f", {clock_text(extra)} carried over" if extra >= 1 else ""
    out += [f"Time used {clock_text(log.used_s)} of {clock_text(planned.duration_s)} planned{carried} ({ended}).", ""]
    if planned.index == 0 and ticked:
        out += [f"Checklist ticked: {', '.join(ticked)}.", ""]
    out += ["**Notes**", ""]
    if log.notes.strip():
        fence = _fence(log.notes)
        out += [fence + "text", log.notes.rstrip("\n"), fence, ""]
    else:
        out += ["_No notes._", ""]
    out += ["**Interviewer**", ""]
    answers = interview.answers(planned.index)
    if not answers:
        out += ["_Nothing shown._", ""]
    for said, answer in answers:
        label = SAID_LABEL.get(said.kind)
        head = f"**{label.capitalize()}** at {clock_text(said.at_s)}: " if label else ""
        out.append(_quote(head + said.text) + "\n")
        if said.kind in ("asked", "rule", "nudge", "curveball"):
            if answer:
                fence = _fence(answer)
                out += ["Your notes after it:", "", fence + "text", answer, fence, ""]
            else:
                out += ["_Nothing typed after it._", ""]
    hints = [h for h in interview.hints_taken if h.phase == planned.index]
    if hints:
        out += ["**Hints taken**", ""]
        out += [f"- Hint {h.number} at {clock_text(h.at_s)}: {h.text}" for h in hints]
        out.append("")
    return out
