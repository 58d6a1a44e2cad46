"""The progress store: migrations, reopening, and refusing to touch a bad file."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timezone

import pytest

from sysdesign.store.db import SCHEMA_VERSION, StoreError
from sysdesign.store.store import Store
from tests.schema import at_version, old_review, review

WHEN = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)


def test_new_database_is_migrated_to_the_current_schema(tmp_path):
    path = tmp_path / "p.sqlite3"
    with Store.open(path) as st:
        assert st.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        assert st.query("PRAGMA journal_mode")[0][0] == "wal"


def test_reopen_keeps_progress_and_does_not_migrate_again(tmp_path):
    path = tmp_path / "p.sqlite3"
    with Store.open(path) as st:
        st.mark_section_done("demo", "s1", WHEN, finishes_lesson=False)
        st.mark_section_done("demo", "s2", WHEN, finishes_lesson=True)
        st.set_setting("retention", "0.9")
    with Store.open(path) as st:
        assert st.sections_done() == {"demo": {"s1", "s2"}}
        assert st.finished_lessons() == {"demo": WHEN.isoformat(timespec="seconds")}
        assert st.setting("retention") == "0.9"


def test_restart_forgets_sections_but_keeps_the_lesson_unlocked(tmp_path):
    with Store.open(tmp_path / "p.sqlite3") as st:
        st.mark_section_done("demo", "s1", WHEN, finishes_lesson=True)
        st.restart_lesson("demo")
        assert st.sections_done() == {}
        assert "demo" in st.finished_lessons()


def _bytes(path):
    return path.read_bytes()


def test_database_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "p.sqlite3"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = _bytes(path)
    with pytest.raises(StoreError, match="newer sysdesign"):
        Store.open(path)
    assert _bytes(path) == before


@pytest.mark.parametrize("content", [b"this is not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 5000])
def test_corrupt_database_is_refused_untouched(tmp_path, content):
    path = tmp_path / "p.sqlite3"
    path.write_bytes(content)
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert str(path) in str(info.value) and "Move it aside" in str(info.value)
    assert _bytes(path) == content


def test_a_foreign_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "p.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    before = _bytes(path)
    with pytest.raises(StoreError, match="not one of sysdesign's"):
        Store.open(path)
    assert _bytes(path) == before


def test_a_locked_database_says_busy(tmp_path, monkeypatch):
    import sysdesign.store.db as db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_S", 0.2)
    path = tmp_path / "p.sqlite3"
    Store.open(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store.open(path) as st, pytest.raises(StoreError, match="busy"):
            st.set_setting("k", "v")
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_each_write_is_committed_at_once(tmp_path):
    path = tmp_path / "p.sqlite3"
    st = Store.open(path)
    st.record_check_answer("q1", "b", True, WHEN)
    seen: list[int] = []
    t = threading.Thread(target=lambda: seen.append(sqlite3.connect(path).execute("SELECT count(*) FROM check_answers").fetchone()[0]))
    t.start()
    t.join()
    st.close()
    assert seen == [1]


def _review(conn, item, rating):
    review(conn, item, rating)


def test_review_counts_follow_the_log_through_inserts_and_undo(tmp_path):
    with Store.open(tmp_path / "p.sqlite3") as st:
        with st.transaction() as c:
            for rating in (1, 3, 1):
                _review(c, "card-a", rating)
            _review(c, "card-b", 4)
        with st.transaction() as c:
            c.execute("DELETE FROM reviews WHERE id = (SELECT max(id) FROM review_log WHERE item_id = 'card-a')")
        counts = dict((i, (n, a)) for i, n, a in st.query("SELECT name, reviews, again FROM items"))
        assert counts == {"card-a": (2, 1), "card-b": (1, 0)}


def test_upgrading_an_older_database_backfills_review_counts(tmp_path):
    path = tmp_path / "p.sqlite3"
    conn = at_version(path, 2)  # a database as version 2 left it
    for rating in (1, 1, 3):
        old_review(conn, "card-a", rating)
    conn.close()
    with Store.open(path) as st:
        assert st.query("SELECT reviews, again FROM items WHERE name = 'card-a'") == [(3, 2)]
        assert st.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION


def test_a_database_killed_before_its_first_migration_committed_is_started_afresh(tmp_path):
    """The file exists in WAL mode with no tables: what a kill during the first start leaves."""
    path = tmp_path / "p.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("ROLLBACK")
    conn.close()
    assert path.stat().st_size > 0
    with Store.open(path) as st:
        assert st.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        st.set_setting("retention", "0.9")
    with Store.open(path) as st:
        assert st.setting("retention") == "0.9"


# -- read-only opening (for commands that only read) --------------------------------------
# The tests run as root, which ignores file permissions: a folder that cannot be written is
# simulated by making the normal open fail the way it does there. The real thing, with
# permissions enforced, is in tests/hardening/test_db_faults.py.


@pytest.fixture
def unwritable(monkeypatch):
    """The normal open fails as in a read-only folder; returns the error it raises."""
    import sysdesign.store.store as store_module
    from sysdesign.store.db import NotWritable

    cause = NotWritable("Cannot write the progress database (simulated). Check that its folder is writable.")

    def refuse(path):
        raise cause

    monkeypatch.setattr(store_module, "connect", refuse)
    return cause


def _filled(path):
    from sysdesign.store.db import connect  # the real open: Store.open may be made to fail

    with Store(connect(path).conn, path) as st:
        st.mark_section_done("demo", "s1", WHEN, finishes_lesson=True)
        st.set_setting("retention", "0.9")
    return _bytes(path)


def test_a_read_only_store_reads_and_refuses_every_write_clearly(tmp_path, unwritable):
    path = tmp_path / "p.sqlite3"
    before = _filled(path)
    with pytest.raises(StoreError) as info:  # a command that writes keeps today's error
        Store.open(path)
    assert info.value is unwritable
    with Store.open(path, read_only_ok=True) as st:
        assert st.read_only
        assert st.sections_done() == {"demo": {"s1"}} and st.setting("retention") == "0.9"
        with pytest.raises(StoreError) as refused:
            st.set_setting("retention", "0.8")
        assert str(path) in str(refused.value) and "read-only" in str(refused.value)
        with pytest.raises(StoreError):  # even a write around the store's API is refused
            st.query("INSERT INTO settings (key, value) VALUES ('x', 'y')")
        assert st.setting("x") is None
    assert _bytes(path) == before


def test_a_read_only_open_refuses_an_older_schema_with_the_original_error(tmp_path, unwritable):
    path = tmp_path / "p.sqlite3"
    at_version(path, 2).close()
    before = _bytes(path)
    with pytest.raises(StoreError) as info:
        Store.open(path, read_only_ok=True)
    assert info.value is unwritable
    assert _bytes(path) == before


@pytest.mark.parametrize("content", [None, b""], ids=["missing", "empty"])
def test_a_read_only_open_needs_an_existing_database(tmp_path, unwritable, content):
    path = tmp_path / "p.sqlite3"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(StoreError) as info:
        Store.open(path, read_only_ok=True)
    assert info.value is unwritable


def test_a_read_only_open_still_refuses_a_newer_database(tmp_path, unwritable):
    path = tmp_path / "p.sqlite3"
    _filled(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer sysdesign"):
        Store.open(path, read_only_ok=True)


@pytest.mark.skipif(not hasattr(sqlite3.Connection, "deserialize"), reason="Python 3.10 has no deserialize")
def test_the_in_memory_copy_reads_a_closed_wal_database_and_never_hides_a_wal(tmp_path):
    """What a read-only folder needs (SQLite cannot create the -wal and -shm there): the file
    alone is read only when no -wal holds anything; otherwise the original error stands."""
    import shutil

    from sysdesign.store.db import NotWritable, _in_memory_copy

    cause = NotWritable("simulated")
    path = tmp_path / "p.sqlite3"
    before = _filled(path)
    assert not path.with_name("p.sqlite3-wal").exists()
    conn = _in_memory_copy(path, cause)
    assert conn.execute("SELECT value FROM settings WHERE key = 'retention'").fetchone() == ("0.9",)
    conn.close()
    assert _bytes(path) == before
    # a review still in the -wal: a copy taken while another connection holds the database open
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA wal_autocheckpoint = 0")
    _review(holder, "card-a", 3)
    snapshot = tmp_path / "snap"
    snapshot.mkdir()
    for suffix in ("", "-wal"):
        shutil.copyfile(f"{path}{suffix}", snapshot / f"p.sqlite3{suffix}")
    holder.close()
    with pytest.raises(StoreError) as info:
        _in_memory_copy(snapshot / "p.sqlite3", cause)
    assert info.value is cause


def test_a_first_run_that_read_a_stale_version_does_not_migrate_twice(tmp_path, monkeypatch):
    """Two commands started at once both read user_version 0 before either takes the write
    lock; the second must not run migration 1 again ("table settings already exists")."""
    from sysdesign.store import db

    path = tmp_path / "p.sqlite3"
    Store.open(path).close()  # the first command has migrated
    real = db._check_schema
    monkeypatch.setattr(db, "_check_schema", lambda conn, p, existed: (real(conn, p, existed), 0)[1])
    with Store.open(path) as st:  # the second read 0 before the lock
        assert st.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        assert st.backup is None


def test_a_failed_upgrade_says_what_was_applied_and_where_the_copy_is(tmp_path, monkeypatch):
    from sysdesign.store import db

    path = tmp_path / "p.sqlite3"
    at_version(path, 2).close()
    monkeypatch.setattr(db, "MIGRATIONS", [*db.MIGRATIONS[:2], "CREATE TABLE reviews (x);"])
    with pytest.raises(StoreError) as info:
        Store.open(path)
    message = str(info.value)
    assert "step 3 was rolled back" in message and "A copy from before the upgrade is at" in message
    assert "Nothing was changed" not in message
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 2
    assert list(tmp_path.glob("p.sqlite3.v2-*.backup"))


def test_a_damaged_file_is_refused_at_the_first_write_not_before(tmp_path):
    path = tmp_path / "p.sqlite3"
    with Store.open(path) as st:
        st.set_setting("retention", "0.9")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root, page = (conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sketches'").fetchone()[0],
                  conn.execute("PRAGMA page_size").fetchone()[0])
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page: root * page] = bytes(range(256)) * (page // 256)
    path.write_bytes(bytes(data))
    with Store.open(path) as st:
        assert st.setting("retention") == "0.9"  # reading what is sound still works
        st.check_writable()  # taking the lock is not a write
        for _ in range(2):  # and it stays refused
            with pytest.raises(StoreError, match="damaged"):
                st.set_setting("retention", "0.8")
