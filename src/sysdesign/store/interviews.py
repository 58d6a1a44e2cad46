"""Mock interviews: the `interviews` table and the Markdown transcripts beside it.

A row holds: problem id, taken_at (ISO, UTC), minutes planned, transcript (the path of
the Markdown file), scores (JSON object criterion id -> 1..4; ``{}`` when the interview
was stopped before scoring), self_score (the mean score, or NULL), and since schema 4:
status ("running" while the screen is up, "interrupted" when it stopped early and can be
resumed, "done"), the level, the coach's coverage (0-1) and report (JSON), the live session
(JSON, saved as the notes are typed) and when it was last saved.
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import datetime
from pathlib import Path

from sysdesign.store.db import StoreError
from sysdesign.store.store import Store, iso


def record_interview(st: Store, *, problem: str, taken_at: datetime, minutes: float,
                     transcript: str | None, scores: dict[str, int], self_score: float | None) -> int:
    """Store one interview; returns its row id."""
    with st.transaction() as c:
        cur = c.execute(
            "INSERT INTO interviews (problem, taken_at, minutes, transcript, scores, self_score) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (problem, iso(taken_at), float(minutes), transcript, json.dumps(scores, sort_keys=True), self_score),
        )
        return int(cur.lastrowid)


RESUMABLE = ("running", "interrupted")


def start_interview(st: Store, *, problem: str, taken_at: datetime, minutes: float, level: str,
                    session: dict) -> int:
    """The row of an interview about to start, saved before the first key is typed."""
    with st.transaction() as c:
        cur = c.execute(
            "INSERT INTO interviews (problem, taken_at, minutes, transcript, scores, self_score, status, level, "
            "session, updated_at) VALUES (?, ?, ?, NULL, '{}', NULL, 'running', ?, ?, ?)",
            (problem, iso(taken_at), float(minutes), level, json.dumps(session), iso(taken_at)),
        )
        return int(cur.lastrowid)


def save_session(st: Store, row_id: int, session: dict, when: datetime, status: str = "running") -> None:
    """The live session as it stands (the notes, the phase times): called every second or two."""
    with st.transaction() as c:
        c.execute("UPDATE interviews SET session = ?, updated_at = ?, status = ? WHERE id = ?",
                  (json.dumps(session), iso(when), status, row_id))


def end_interview(st: Store, row_id: int, *, status: str, transcript: str | None, session: dict,
                  coverage: float | None, report: dict | None, when: datetime) -> None:
    with st.transaction() as c:
        c.execute("UPDATE interviews SET status = ?, transcript = ?, session = ?, coverage = ?, report = ?, "
                  "updated_at = ? WHERE id = ?",
                  (status, transcript, json.dumps(session), coverage,
                   json.dumps(report) if report is not None else None, iso(when), row_id))


def resumable(st: Store) -> list[dict]:
    """Interviews that stopped before the end (interrupted, or killed while running), newest first."""
    rows = st.query("SELECT id, problem, taken_at, minutes, level, status, session, transcript, updated_at "
                    "FROM interviews WHERE status IN (?, ?) ORDER BY taken_at DESC, id DESC", RESUMABLE)
    out = []
    for rid, problem, taken_at, minutes, level, status, session, transcript, updated in rows:
        try:
            state = json.loads(session) if session else None
        except ValueError:
            state = None
        out.append({"id": rid, "problem": problem, "when": taken_at, "minutes": minutes, "level": level,
                    "status": status, "session": state if isinstance(state, dict) else None,
                    "transcript": transcript, "updated_at": updated})
    return out


def check_transcript_folder(folder: Path) -> None:
    """Refuse, before an interview starts, a transcript folder that cannot take a file (a file
    where the folder should be, no permission, a full disk), rather than after 45 minutes."""
    import shutil
    import tempfile

    problem = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=folder, prefix=".probe-", suffix=".md", encoding="utf-8") as fh:
            fh.write("x" * 4096)
            fh.flush()
            os.fsync(fh.fileno())
        if shutil.disk_usage(folder).free < MIN_FREE_BYTES:
            problem = "the disk is nearly full"
    except OSError as exc:
        problem = exc.strerror or str(exc)
    if problem:
        raise StoreError(
            f"Cannot write interview transcripts in {folder} ({problem}). Nothing was started. "
            "Make the folder writable (or free some space), or set SYSDESIGN_HOME to a folder you can write."
        )


MIN_FREE_BYTES = 1_000_000


def update_scores(st: Store, row_id: int, scores: dict[str, int], self_score: float | None) -> None:
    with st.transaction() as c:
        c.execute("UPDATE interviews SET scores = ?, self_score = ? WHERE id = ?",
                  (json.dumps(scores, sort_keys=True), self_score, row_id))


def past_interviews(st: Store) -> list[dict]:
    """Every stored interview, oldest first."""
    rows = st.query("SELECT problem, taken_at, minutes, transcript, scores, self_score, status, level, coverage, "
                    "report FROM interviews ORDER BY taken_at, id")
    out = []
    for problem, taken_at, minutes, transcript, scores, score, status, level, coverage, report in rows:
        try:
            parsed = json.loads(scores) if scores else {}
        except ValueError:
            parsed = {}
        try:
            seen = json.loads(report).get("curveball") if report else None
        except (ValueError, AttributeError):
            seen = None
        out.append({"problem": problem, "when": taken_at, "minutes": minutes, "transcript": transcript,
                    "scores": parsed if isinstance(parsed, dict) else {}, "self_score": score,
                    "status": status, "level": level, "coverage": coverage, "curveball": seen})
    return out


def history_by_problem(st: Store) -> dict[str, list[dict]]:
    by: dict[str, list[dict]] = {}
    for row in past_interviews(st):
        by.setdefault(row["problem"], []).append(row)
    return by


def transcript_name(day: str, problem: str, attempt: int) -> str:
    return f"{day}-{problem}.md" if attempt <= 1 else f"{day}-{problem}-{attempt}.md"


def write_transcript(folder: Path, day: str, problem: str, text: str) -> Path:
    """Write a new transcript file ``<day>-<problem>.md`` (``-2``, ``-3``… if taken)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for attempt in range(1, 1000):
            path = folder / transcript_name(day, problem, attempt)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            return path
    except OSError as exc:
        raise StoreError(
            f"Cannot write the interview transcript in {folder} ({exc.strerror or exc}). "
            "Check that the folder is writable, or set SYSDESIGN_HOME to one that is."
        ) from None
    raise StoreError(f"Too many transcripts named {day}-{problem} in {folder}; move some aside.")


def rewrite_transcript(path: Path, text: str) -> None:
    """Replace a transcript written earlier (atomically; no temporary file is left behind)."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise StoreError(f"Cannot update the transcript {path} ({exc.strerror or exc}).") from None
