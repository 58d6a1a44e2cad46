"""Opening the progress database safely, and its schema migrations.

The database is never created over, migrated over or written to when something about
it is wrong (corrupt, from a newer version, locked): the caller gets a StoreError whose
message names the file and says what to do, and the file is left exactly as it was.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 3.0

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE section_progress (
        lesson_id TEXT NOT NULL, section_id TEXT NOT NULL, done_at TEXT NOT NULL,
        PRIMARY KEY (lesson_id, section_id));
    CREATE TABLE lesson_finished (lesson_id TEXT PRIMARY KEY, finished_at TEXT NOT NULL);
    CREATE TABLE check_answers (
        id INTEGER PRIMARY KEY, question_id TEXT NOT NULL, answer TEXT NOT NULL,
        correct INTEGER NOT NULL, answered_at TEXT NOT NULL);
    CREATE TABLE card_state (
        item_id TEXT PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL,
        due TEXT NOT NULL, stability REAL, updated_at TEXT NOT NULL);
    CREATE INDEX card_state_due ON card_state (due);
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY, item_id TEXT NOT NULL, kind TEXT NOT NULL,
        rating INTEGER NOT NULL, reviewed_at TEXT NOT NULL, duration_ms INTEGER,
        prev_state TEXT, answer TEXT);
    CREATE INDEX reviews_item ON reviews (item_id);
    CREATE INDEX reviews_when ON reviews (reviewed_at);
    CREATE TABLE estimates (
        id INTEGER PRIMARY KEY, scenario TEXT NOT NULL, taken_at TEXT NOT NULL,
        params TEXT NOT NULL, steps TEXT NOT NULL, median_log10_error REAL);
    CREATE TABLE interviews (
        id INTEGER PRIMARY KEY, problem TEXT NOT NULL, taken_at TEXT NOT NULL,
        minutes REAL NOT NULL, transcript TEXT, scores TEXT NOT NULL, self_score REAL);
    CREATE TABLE sketches (
        id INTEGER PRIMARY KEY, system TEXT NOT NULL, taken_at TEXT NOT NULL, sketch TEXT NOT NULL);
    """,
    # 2: a covering index for per-item review counts (retention per deck): the GROUP BY
    # reads the index alone instead of 100,000 table rows (260 ms -> 20 ms)
    """
    CREATE INDEX IF NOT EXISTS reviews_item_rating ON reviews (item_id, rating);
    """,
    # 3: per-item review counts kept by triggers, so retention per deck reads one row per
    # item instead of grouping the whole log; undo (a DELETE) counts itself back out
    """
    CREATE TABLE review_counts (
        item_id TEXT PRIMARY KEY, reviews INTEGER NOT NULL, again INTEGER NOT NULL);
    INSERT INTO review_counts (item_id, reviews, again)
        SELECT item_id, count(*), sum(rating = 1) FROM reviews GROUP BY item_id;
    CREATE TRIGGER reviews_counted AFTER INSERT ON reviews BEGIN
        INSERT INTO review_counts (item_id, reviews, again) VALUES (NEW.item_id, 1, NEW.rating = 1)
        ON CONFLICT (item_id) DO UPDATE SET reviews = reviews + 1, again = again + (NEW.rating = 1);
    END;
    CREATE TRIGGER reviews_uncounted AFTER DELETE ON reviews BEGIN
        UPDATE review_counts SET reviews = reviews - 1, again = again - (OLD.rating = 1)
        WHERE item_id = OLD.item_id;
    END;
    """,
    # 4: a compact review log (issue 19): reviews keep an integer item id, a unix-seconds
    # timestamp, the rating, the time taken and a typed answer, no JSON (a card's state is a
    # replay of its ratings); per-item counts, lapses, suspension, burying, the leech tag and
    # the deck (or lesson) it was reviewed from live on one `items` row; `review_quarters`
    # counts reviews per quarter hour (every time zone's midnight falls on one), so the
    # heatmap reads a few thousand rows, not the log; `undo` keeps the card_state row a
    # recent rating replaced
    """
    CREATE TABLE items (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, source TEXT,
        reviews INTEGER NOT NULL DEFAULT 0, again INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0, suspended INTEGER NOT NULL DEFAULT 0,
        leech INTEGER NOT NULL DEFAULT 0, buried_until TEXT);
    INSERT INTO items (name, kind, reviews, again, lapses)
        SELECT item_id, kind, count(*), sum(rating = 1),
               sum(rating = 1 AND coalesce(CASE WHEN json_valid(prev_state) THEN json_extract(prev_state, '$.state') END, 0) = 2)
        FROM reviews GROUP BY item_id ORDER BY min(id);
    INSERT OR IGNORE INTO items (name, kind) SELECT item_id, kind FROM card_state ORDER BY item_id;
    CREATE TABLE compact_reviews (
        id INTEGER PRIMARY KEY, item INTEGER NOT NULL REFERENCES items (id), at INTEGER NOT NULL,
        rating INTEGER NOT NULL, duration_ms INTEGER, answer TEXT);
    INSERT INTO compact_reviews (id, item, at, rating, duration_ms, answer)
        SELECT r.id, i.id, coalesce(CAST(strftime('%s', r.reviewed_at) AS INTEGER), 0), r.rating,
               r.duration_ms, r.answer
        FROM reviews AS r JOIN items AS i ON i.name = r.item_id ORDER BY r.id;
    DROP TRIGGER reviews_counted;
    DROP TRIGGER reviews_uncounted;
    DROP TABLE review_counts;
    DROP TABLE reviews;
    ALTER TABLE compact_reviews RENAME TO reviews;
    CREATE INDEX reviews_item ON reviews (item);
    CREATE INDEX reviews_at ON reviews (at);
    CREATE TABLE review_quarters (q INTEGER PRIMARY KEY, n INTEGER NOT NULL);
    INSERT INTO review_quarters (q, n) SELECT at / 900, count(*) FROM reviews GROUP BY at / 900;
    CREATE INDEX items_held ON items (name) WHERE suspended OR leech OR buried_until IS NOT NULL;
    CREATE TRIGGER reviews_counted AFTER INSERT ON reviews BEGIN
        UPDATE items SET reviews = reviews + 1, again = again + (NEW.rating = 1) WHERE id = NEW.item;
        INSERT INTO review_quarters (q, n) VALUES (NEW.at / 900, 1) ON CONFLICT (q) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER reviews_uncounted AFTER DELETE ON reviews BEGIN
        UPDATE items SET reviews = reviews - 1, again = again - (OLD.rating = 1) WHERE id = OLD.item;
        UPDATE review_quarters SET n = n - 1 WHERE q = OLD.at / 900;
    END;
    CREATE TABLE undo (
        review INTEGER PRIMARY KEY, state TEXT, due TEXT, stability REAL, updated_at TEXT,
        lapses INTEGER NOT NULL, suspended INTEGER NOT NULL, leech INTEGER NOT NULL);
    CREATE VIEW review_log (id, item_id, kind, rating, reviewed_at, duration_ms, answer) AS
        SELECT r.id, i.name, i.kind, r.rating, strftime('%Y-%m-%dT%H:%M:%S+00:00', r.at, 'unixepoch'),
               r.duration_ms, r.answer
        FROM reviews AS r JOIN items AS i ON i.id = r.item;
    """,
    # 5: interviews saved as they go (status running -> interrupted or done, the live session as
    # JSON), and the coach's level, coverage and report
    """
    ALTER TABLE interviews ADD COLUMN status TEXT NOT NULL DEFAULT 'done';
    ALTER TABLE interviews ADD COLUMN level TEXT;
    ALTER TABLE interviews ADD COLUMN coverage REAL;
    ALTER TABLE interviews ADD COLUMN report TEXT;
    ALTER TABLE interviews ADD COLUMN session TEXT;
    ALTER TABLE interviews ADD COLUMN updated_at TEXT;
    CREATE INDEX interviews_status ON interviews (status);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
# after these upgrades the file holds many free pages (a rewritten table): VACUUM gives them back
SHRINKING_MIGRATIONS = {4}


def statements(script: str) -> list[str]:
    """Split a migration into statements; a trigger's body keeps its inner semicolons."""
    out, pending = [], ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                out.append(pending.strip())
            pending = ""
    return out
APP_TABLES = {"settings", "section_progress", "card_state", "reviews"}


class StoreError(Exception):
    """The database cannot be used; the message is one paragraph for the user."""


class NotWritable(StoreError):
    """The database or its folder cannot be written; a command that only reads may still
    open an existing database with connect_read_only."""


def corrupt_error(path: Path, detail: str) -> StoreError:
    return StoreError(
        f"The progress database {path} is damaged ({detail}). It has not been changed. "
        f"Move it aside to start fresh (for example: mv '{path}' '{path}.broken') "
        "and keep the moved file if you want to try recovering it with the sqlite3 tool."
    )


def _busy(path: Path) -> StoreError:
    return StoreError(
        f"The progress database {path} is busy: another sysdesign is writing to it. "
        "Finish or close the other session and try again. Nothing was changed."
    )


def _disk_full(path: Path) -> bool:
    """A full disk shows up as a plain I/O error when SQLite cannot size its -shm file."""
    import shutil

    try:
        return shutil.disk_usage(path.parent).free < 1024 * 1024
    except OSError:
        return False


def _classify(path: Path, exc: sqlite3.Error) -> StoreError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return _busy(path)
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return corrupt_error(path, str(exc))
    if "full" in text or (("disk i/o" in text or "unable to open" in text) and _disk_full(path)):
        return StoreError(f"The disk holding {path} is full ({exc}). Free some space and try again; nothing was lost.")
    if "readonly" in text or "read-only" in text or "unable to open" in text or "disk i/o" in text:
        return NotWritable(
            f"Cannot write the progress database {path} ({exc}). Check that its folder exists "
            "and is writable, or set SYSDESIGN_HOME to a folder you can write. Nothing was changed."
        )
    return StoreError(f"The progress database {path} could not be used ({exc}). Nothing was changed.")


def classify_error(path: Path, exc: sqlite3.Error) -> StoreError:
    return _classify(path, exc)


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise StoreError(f"Cannot read the progress database {path} ({exc.strerror}). Nothing was changed.") from None
    if head and head != SQLITE_HEADER:
        raise corrupt_error(path, "it is not an SQLite database")


@dataclass(frozen=True)
class Opened:
    conn: sqlite3.Connection
    backup: Path | None  # the copy made before a schema upgrade, when one ran


def connect(path: Path) -> Opened:
    """Open (creating if absent) and migrate the database, or raise StoreError."""
    exists = path.exists() and path.stat().st_size > 0
    if exists:
        _check_header(path)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Cannot create the data folder {path.parent} ({exc.strerror}). "
                "Set SYSDESIGN_HOME to a folder you can write."
            ) from None
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise _classify(path, exc) from None
    try:
        backup = _prepare(conn, path, exists)
    except StoreError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise _classify(path, exc) from None
    return Opened(conn, backup)


def connect_read_only(path: Path, cause: StoreError) -> sqlite3.Connection:
    """Open an existing database of the current schema for reading only, after a normal open
    failed with `cause` because the file or its folder cannot be written: no migration, no
    journal-mode change, writes refused by SQLite. Raises `cause` when that is impossible too.

    A WAL database needs its -wal and -shm: SQLite reads them read-only when they exist, but
    cannot create them in a read-only folder. When the -wal holds nothing (always so once the
    last connection closed cleanly) the file alone is the whole database, and it is read into
    memory instead; never with immutable=1, which would hide what a -wal holds.
    """
    try:
        if path.stat().st_size == 0:
            raise cause
        uri = f"{path.absolute().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    except (OSError, sqlite3.Error):
        raise cause from None
    try:
        try:
            version = _check_schema(conn, path, existed=True)
        except sqlite3.Error as exc:
            problem = _classify(path, exc)
            if not isinstance(problem, NotWritable):
                raise problem from None
            conn.close()
            conn = _in_memory_copy(path, cause)
            version = _check_schema(conn, path, existed=True)
        if version != SCHEMA_VERSION:  # older: only a migration (a write) makes it readable
            raise cause
        conn.execute("PRAGMA query_only = ON")
    except StoreError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise _classify(path, exc) from None
    return conn


def _in_memory_copy(path: Path, cause: StoreError) -> sqlite3.Connection:
    """The database file read into memory, when its -wal is absent or empty (else `cause`)."""
    if not hasattr(sqlite3.Connection, "deserialize"):  # Python 3.10
        raise cause
    wal = path.with_name(path.name + "-wal")

    def state() -> tuple:
        st = path.stat()
        return st.st_ino, st.st_size, st.st_mtime_ns, wal.stat().st_size if wal.exists() else 0

    try:
        before = state()
        data = bytearray(path.read_bytes())
        if before[3] or state() != before:  # the -wal holds changes, or a writer came by meanwhile
            raise cause
    except OSError:
        raise cause from None
    if data[18:20] == b"\x02\x02":  # WAL mode: memory cannot do WAL; as sqlite3_deserialize's docs advise
        data[18:20] = b"\x01\x01"
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        conn.deserialize(bytes(data))
    except sqlite3.Error as exc:
        conn.close()
        raise _classify(path, exc) from None
    return conn


def _check_schema(conn: sqlite3.Connection, path: Path, existed: bool) -> int:
    """The schema version, after refusing another program's database or a newer one."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if existed:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if version == 0 and tables:
            raise StoreError(
                f"{path} is an SQLite database, but not one of sysdesign's (it has tables "
                f"{', '.join(sorted(tables)[:5])}). It has not been changed. Move it aside or set "
                "SYSDESIGN_HOME to another folder."
            )
        if version > 0 and not tables >= APP_TABLES:
            raise corrupt_error(path, "tables are missing")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"The progress database {path} was written by a newer sysdesign (schema {version}; "
            f"this one knows up to {SCHEMA_VERSION}). Upgrade sysdesign (pip install -U sysdesign). "
            "The file has not been changed."
        )
    return version


def _prepare(conn: sqlite3.Connection, path: Path, existed: bool) -> Path | None:
    """Set the connection up and bring the schema up to date; returns the backup made first."""
    version = _check_schema(conn, path, existed)
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    if version == SCHEMA_VERSION:
        return None
    backup = _backup(conn, path, version) if version > 0 else None
    for number in range(version, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # read again under the write lock: another first run may have migrated meanwhile
            if conn.execute("PRAGMA user_version").fetchone()[0] > number:
                conn.execute("ROLLBACK")
                continue
            for statement in statements(MIGRATIONS[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise _failed_upgrade(path, number, exc, backup) from None
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    if any(version < number <= SCHEMA_VERSION for number in SHRINKING_MIGRATIONS):
        _shrink(conn)
    return backup


def _shrink(conn: sqlite3.Connection) -> None:
    """Give the pages a rewritten table left free back to the file system. Best effort: the
    upgrade is committed already, and a database that could not shrink (no room for VACUUM's
    copy, a reader holding it) is whole, only larger."""
    try:
        conn.execute("VACUUM")
    except sqlite3.Error:
        pass


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """A consistent copy (the -wal included) of a database about to be upgraded."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.backup")
    try:
        copy = sqlite3.connect(target)
        try:
            conn.backup(copy)
        finally:
            copy.close()
    except (OSError, sqlite3.Error) as exc:
        target.unlink(missing_ok=True)
        raise StoreError(
            f"The progress database {path} needs an upgrade (schema {version} to {SCHEMA_VERSION}), "
            f"but no backup could be written beside it first ({exc}). It has not been changed. "
            "Free some space or make the folder writable, then try again."
        ) from None
    return target


def _failed_upgrade(path: Path, number: int, exc: sqlite3.Error, backup: Path | None) -> StoreError:
    done = f"Upgrade steps up to schema {number} were applied; step {number + 1} was rolled back. "
    if backup is not None:
        done += f"A copy from before the upgrade is at {backup}."
    else:
        done += "It was a new database, so no data was at risk."
    return StoreError(f"The progress database {path} could not be upgraded ({exc}). {done}")
