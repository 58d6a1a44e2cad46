"""Mock interviews: the `interviews` table and the Markdown transcripts beside it.

A row holds: problem id, taken_at (ISO, UTC), minutes planned, transcript (the path of
the Markdown file), scores (JSON object criterion id -> 1..4; ``{}`` when the interview
was stopped before scoring) and self_score (the mean score, or NULL).
"""

from __future__ import annotations

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


def update_scores(st: Store, row_id: int, scores: dict[str, int], self_score: float | None) -> None:
    with st.transaction() as c:
        c.execute("UPDATE interviews SET scores = ?, self_score = ? WHERE id = ?",
                  (json.dumps(scores, sort_keys=True), self_score, row_id))


def past_interviews(st: Store) -> list[dict]:
    """Every stored interview, oldest first."""
    rows = st.query("SELECT problem, taken_at, minutes, transcript, scores, self_score FROM interviews "
                    "ORDER BY taken_at, id")
    out = []
    for problem, taken_at, minutes, transcript, scores, score in rows:
        try:
            parsed = json.loads(scores) if scores else {}
        except ValueError:
            parsed = {}
        out.append({"problem": problem, "when": taken_at, "minutes": minutes, "transcript": transcript,
                    "scores": parsed if isinstance(parsed, dict) else {}, "self_score": score})
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
    """Replace a transcript written earlier in this session (atomically)."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise StoreError(f"Cannot update the transcript {path} ({exc.strerror or exc}).") from None
