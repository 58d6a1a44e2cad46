"""The progress store: every answer is committed the moment it is given."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sysdesign.core.days import iso
from sysdesign.store.db import (
    NotWritable,
    StoreError,
    classify_error,
    connect,
    connect_read_only,
    corrupt_error,
)
from sysdesign.store.integrity import IntegrityCheck

SHUFFLE_SALT = "shuffle_salt"  # the settings key of a learner's salt for option shuffles


class Store:
    """A thin, explicit API over the database; the only writer of user data."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, read_only: bool = False,
                 integrity: IntegrityCheck | None = None, backup: Path | None = None):
        self.conn = conn
        self.path = path
        self.read_only = read_only
        self.backup = backup  # where the file was copied before a schema upgrade, this run
        self._integrity = integrity  # checked before the first write, then dropped

    @classmethod
    def open(cls, path: Path, *, read_only_ok: bool = False, check_now: bool = True) -> Store:
        """Open for reading and writing. With `read_only_ok` (commands that only read), a
        database whose file or folder cannot be written is opened read-only instead.

        The integrity check starts at once in the background, unless the command only reads
        or (`check_now=False`) starts it itself with `start_integrity_check` when its start-up
        is over; either way the first write waits for its verdict."""
        try:
            opened = connect(path)
        except NotWritable as cause:
            if not read_only_ok:
                raise
            return cls(connect_read_only(path, cause), path, read_only=True)
        # a command that only reads rarely writes: its check waits for a first write, instead
        # of reading every page beside a report that never needs it
        check = IntegrityCheck.start(path) if check_now and not read_only_ok else IntegrityCheck(path)
        return cls(opened.conn, path, integrity=check, backup=opened.backup)

    def start_integrity_check(self) -> None:
        """Start the check in the background now (the quiz: once its first card is ready),
        so it reads the file while the learner reads the card."""
        if self._integrity is not None:
            self._integrity.begin()

    def check_writable(self) -> None:
        """Take and release the write lock once, so a busy or read-only database is reported
        before the session starts rather than at its first answer. The lock alone is granted
        on a file opened read-only (WAL); a write that changes nothing is refused at once."""
        with self.transaction(verify=False) as conn:
            conn.execute("DELETE FROM settings WHERE 0")

    def _verify_once(self) -> None:
        check, self._integrity = self._integrity, None
        if check is not None and (problems := check.problems()):
            self._integrity = check  # stay refused for the rest of the command
            raise corrupt_error(self.path, "; ".join(problems[:2]))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self, *, verify: bool = True) -> Iterator[sqlite3.Connection]:
        """One committed unit of work; database faults become StoreError. The first one that
        writes waits for the integrity check, so nothing is committed into a damaged file."""
        if self.read_only:
            raise StoreError(
                f"The progress database {self.path} is open read-only (it or its folder is not writable), "
                "so nothing can be saved. Make the folder writable, or set SYSDESIGN_HOME to a folder "
                "you can write. Nothing was changed."
            )
        if verify:
            self._verify_once()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise classify_error(self.path, exc) from None
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise classify_error(self.path, exc) from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        try:
            self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise classify_error(self.path, exc) from None

    # settings ----------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        rows = self.query("SELECT value FROM settings WHERE key = ?", (key,))
        return rows[0][0] if rows else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as c:
            c.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def shuffle_salt(self, new: Callable[[], str]) -> str:
        """This learner's salt for shuffling options (core.kinds.present): made with ``new``
        and saved on first use, so a retry or a resume shows the same order. A read-only
        database that has none gets a salt for this command only."""
        salt = self.setting(SHUFFLE_SALT)
        if salt is not None:
            return salt
        if self.read_only:
            return new()
        with self.transaction() as c:
            c.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", (SHUFFLE_SALT, new()))
        return self.setting(SHUFFLE_SALT) or ""

    # lessons -----------------------------------------------------------------
    def sections_done(self) -> dict[str, set[str]]:
        done: dict[str, set[str]] = {}
        for lesson_id, section_id in self.query("SELECT lesson_id, section_id FROM section_progress"):
            done.setdefault(lesson_id, set()).add(section_id)
        return done

    def mark_section_done(self, lesson_id: str, section_id: str, when: datetime, *, finishes_lesson: bool) -> None:
        with self.transaction() as c:
            c.execute("INSERT OR IGNORE INTO section_progress VALUES (?, ?, ?)", (lesson_id, section_id, iso(when)))
            if finishes_lesson:
                c.execute("INSERT OR IGNORE INTO lesson_finished VALUES (?, ?)", (lesson_id, iso(when)))

    def restart_lesson(self, lesson_id: str) -> None:
        """Read the lesson again from its first section. A finished lesson stays finished
        and keeps its cards in review; its check score starts afresh."""
        with self.transaction() as c:
            c.execute("DELETE FROM section_progress WHERE lesson_id = ?", (lesson_id,))
            self._mark_reading_start(c, lesson_id)

    def begin_reading(self, lesson_id: str) -> None:
        """A reading of the lesson starts: its check score counts the answers from here on."""
        with self.transaction() as c:
            self._mark_reading_start(c, lesson_id)

    @staticmethod
    def _mark_reading_start(c: sqlite3.Connection, lesson_id: str) -> None:
        c.execute("INSERT INTO settings (key, value) SELECT ?, coalesce(max(id), 0) FROM check_answers "
                  "WHERE true ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                  (f"reading-start:{lesson_id}",))

    def check_answers_of_reading(self, lesson_id: str, question_ids: Iterable[str]) -> list[tuple[str, bool]]:
        """(question id, right?) of the lesson's checks answered in its current reading, in order."""
        wanted = list(question_ids)
        if not wanted:
            return []
        start = int(self.setting(f"reading-start:{lesson_id}", "0") or 0)
        marks = ",".join("?" * len(wanted))
        rows = self.query(f"SELECT question_id, correct FROM check_answers WHERE id > ? "  # noqa: S608 - placeholders
                          f"AND question_id IN ({marks}) ORDER BY id", (start, *wanted))
        return [(qid, bool(correct)) for qid, correct in rows]

    def finished_lessons(self) -> dict[str, str]:
        return dict(self.query("SELECT lesson_id, finished_at FROM lesson_finished"))

    def record_check_answer(self, question_id: str, answer: object, correct: bool, when: datetime) -> None:
        with self.transaction() as c:
            c.execute("INSERT INTO check_answers (question_id, answer, correct, answered_at) VALUES (?, ?, ?, ?)",
                      (question_id, json.dumps(answer), int(correct), iso(when)))
