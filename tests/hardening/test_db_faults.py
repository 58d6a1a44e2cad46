"""A database that cannot be used: a clear message, exit 2, and the file left as it was.

Tested through the commands (the store's own unit tests are in tests/unit/test_store.py):
a corrupt file (random bytes, truncated, another program's SQLite database), a database
from a newer sysdesign, a read-only data folder, a database locked by another process,
and a full disk.
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from sysdesign.store.db import SCHEMA_VERSION
from tests.conftest import child_env
from tests.hardening.conftest import (
    BIN,
    assert_clean_failure,
    installed_commands,
    invoke,
    needs,
    run,
    write_small_course,
)
from tests.helpers import top_level_commands
from tests.schema import V3_FIXTURE

pytestmark = pytest.mark.fresh_home  # each test lays out its own data folder, database first

# (arguments, stdin) for every command that opens the database: every registered command, run
# bare with no input unless HOW says how to run it, or NO_DATABASE why it is left out; so a new
# command is covered as soon as it is registered.
NO_DATABASE = {
    "reference": "reads the content only",
    "content": "authors' tools: they read and write content, never progress",
    "mock-interview": "the timed screen needs a terminal (the e2e tests run it)",
}
HOW = {
    "progress": (["progress"], None),
    "progress --json": (["progress", "--json"], None),
    "study --list": (["study", "--list"], None),
    "study LESSON": (["study", "hard-lesson", "--restart"], "t\n"),
    "quiz": (["quiz", "--all"], "3\n3\n"),
    "estimate": (["estimate", "--seed", "1"], "1\n"),
    "sketch --list": (["sketch", "--list"], None),
    "estimate --list": (["estimate", "--list"], None),
    "export csv": (["export", "csv", "{tmp}/cards.csv"], None),
}
COMMANDS = {**{name: ([name], None) for name in top_level_commands()
               if name not in NO_DATABASE and not any(key.split()[0] == name for key in HOW)}, **HOW}


def available() -> list[str]:
    have = installed_commands()
    return [name for name, (args, _) in COMMANDS.items() if args[0] in have]


def command_line(command: str, tmp: Path) -> tuple[list[str], str | None]:
    args, stdin = COMMANDS[command]
    return [a.replace("{tmp}", str(tmp)) for a in args], stdin


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    return write_small_course(tmp_path_factory.mktemp("content"))


@pytest.fixture(scope="module")
def good_db(tmp_path_factory, content) -> Path:
    """A real database with some progress in it, made by the program itself."""
    home = tmp_path_factory.mktemp("good")
    done = run(["study", "hard-lesson"], home, content=content, input="t\n")
    assert done.returncode == 0, done.stderr
    done = run(["quiz", "--all", "--limit", "3"], home, content=content, input="3\n1\n4\n") \
        if "quiz" in installed_commands() else done
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(home / "progress.sqlite3")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return home / "progress.sqlite3"


def _random(path: Path, good: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(3 * 4096))


def _random_behind_header(path: Path, good: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + random.Random(8).randbytes(3 * 4096))


def _truncated_to_header(path: Path, good: Path) -> None:
    path.write_bytes(good.read_bytes()[:100])


def _truncated_to_half(path: Path, good: Path) -> None:
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _pages_overwritten(path: Path, good: Path) -> None:
    data = bytearray(good.read_bytes())
    data[100:4096] = random.Random(9).randbytes(4096 - 100)  # the schema page, after the header
    path.write_bytes(bytes(data))


def _foreign(path: Path, good: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);")
    conn.close()


def _foreign_versioned(path: Path, good: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE notes (body TEXT); PRAGMA user_version = 1;")
    conn.close()


def _newer(path: Path, good: Path) -> None:
    shutil.copyfile(good, path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


CORRUPT = {
    "random bytes": _random,
    "random bytes behind an SQLite header": _random_behind_header,
    "truncated to its header": _truncated_to_header,
    "truncated to half": _truncated_to_half,
    "schema page overwritten": _pages_overwritten,
    "another program's database": _foreign,
    "another program's database with a version": _foreign_versioned,
}


def flat(text: str) -> str:
    return " ".join(text.split())


def check_refused(result, db: Path, before: bytes, *, says: tuple[str, ...]) -> str:
    message = assert_clean_failure(result)
    assert str(db) in message, message  # names the file
    for words in says:
        assert words in message, message
    assert "\n\n" not in result.stderr.strip(), "more than one paragraph"
    assert db.read_bytes() == before, "the database file was changed"
    return message


def _matrix(kinds: dict, commands: list[str]) -> list:
    return [pytest.param(kind, command, id=f"{kind}-{command}") for kind in kinds for command in commands]


@pytest.mark.parametrize(("kind", "command"), _matrix(CORRUPT, available()))
def test_a_corrupt_database_is_refused_untouched_with_a_way_out(tmp_path, good_db, content, kind, command):
    home = tmp_path / "home"
    home.mkdir()
    db = home / "progress.sqlite3"
    CORRUPT[kind](db, good_db)
    before = db.read_bytes()
    args, stdin = command_line(command, tmp_path)
    result = invoke(args, home, content=content, input=stdin)
    check_refused(result, db, before, says=("Move it aside",))
    if command != "study LESSON":
        return
    # following the advice works: the moved file is kept, a fresh database is started
    db.rename(db.with_name(db.name + ".broken"))
    again = invoke(args, home, content=content, input=stdin)
    assert again.returncode == 0, again.stderr
    assert db.with_name(db.name + ".broken").read_bytes() == before


@pytest.mark.parametrize("kind", ["random bytes", "truncated to half", "another program's database"])
def test_the_installed_program_refuses_a_corrupt_database(tmp_path, good_db, content, kind):
    """The same through the real entry point: exit status 2 and stderr, as a script sees them."""
    home = tmp_path / "home"
    home.mkdir()
    db = home / "progress.sqlite3"
    CORRUPT[kind](db, good_db)
    before = db.read_bytes()
    command = "quiz" if "quiz" in available() else "study LESSON"
    args, stdin = command_line(command, tmp_path)
    check_refused(run(args, home, content=content, input=stdin), db, before, says=("Move it aside",))


@pytest.mark.parametrize("command", available())
def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path, good_db, content, command):
    home = tmp_path / "home"
    home.mkdir()
    db = home / "progress.sqlite3"
    _newer(db, good_db)
    before = db.read_bytes()
    args, stdin = command_line(command, tmp_path)
    check_refused(invoke(args, home, content=content, input=stdin), db, before, says=("newer sysdesign", "Upgrade"))


# -- a read-only data folder -------------------------------------------------------------


def _unprivileged_prefix() -> list[str]:
    """A command prefix that makes file permissions apply (root ignores them otherwise)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    caps = "-dac_override,-dac_read_search,-fowner"
    probe = subprocess.run([setpriv, "--bounding-set", caps, "--inh-caps", caps, "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot drop capabilities here: {probe.stderr.decode(errors='replace').strip()}")
    return [setpriv, "--bounding-set", caps, "--inh-caps", caps]


def run_unprivileged(args, home, content, stdin, **extra_env: str):
    env = child_env(home, SYSDESIGN_CONTENT_DIR=str(content), **extra_env)
    return subprocess.run([*_unprivileged_prefix(), str(BIN), *args], env=env, input=stdin, capture_output=True,
                          text=True, timeout=30, stdin=None if stdin is not None else subprocess.DEVNULL)


WRITERS = [c for c in available() if c in ("study LESSON", "quiz", "estimate")]
# through the real program, one reader and the writers (the in-process tests cover every command)
SOME = [c for c in available() if c in ("progress", "study LESSON", "quiz", "estimate", "export csv")]


def run_all(commands, tmp_path, runner):
    """Every command at once (they only read, or fail): the suite stays fast on two cores."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(commands, pool.map(lambda c: runner(*command_line(c, tmp_path)), commands)))


def test_a_read_only_data_folder_without_a_database(tmp_path, content):
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o555)
    try:
        results = run_all(SOME, tmp_path, lambda args, stdin: run_unprivileged(args, home, content, stdin))
    finally:
        home.chmod(0o755)
    for command, result in results.items():
        message = assert_clean_failure(result)
        assert str(home) in message and "SYSDESIGN_HOME" in message, (command, message)
    assert list(home.iterdir()) == []


READERS = [c for c in available() if c in ("progress", "progress --json", "export csv", "study --list",
                                            "sketch --list", "estimate --list")]
NOW = "2026-11-25T12:00:00+00:00"


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@contextmanager
def read_only(home: Path, file_mode: int):
    """The data folder (0o555) and every file in it (`file_mode`) cannot be written."""
    for path in home.iterdir():
        path.chmod(file_mode)
    home.chmod(0o555)
    try:
        yield
    finally:
        home.chmod(0o755)
        for path in home.iterdir():
            path.chmod(0o644)


def run_read_only(commands, home, content, tmp_path, file_mode):
    with read_only(home, file_mode):
        return run_all(commands, tmp_path,
                       lambda args, stdin: run_unprivileged(args, home, content, stdin, SYSDESIGN_NOW=NOW))


def reviews_in(db: Path) -> int:
    conn = sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
    finally:
        conn.close()


def progress_json_of(db: Path, content: Path, tmp_path: Path) -> dict:
    """`progress --json` on a writable copy of `db`, for comparison."""
    home = tmp_path / "writable-copy"
    home.mkdir()
    shutil.copyfile(db, home / "progress.sqlite3")
    done = invoke(["progress", "--json"], home, content=content, SYSDESIGN_NOW=NOW)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def csv_due_cells(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return [row[4] for row in rows[1:] if row[4]]


@pytest.mark.parametrize("file_mode", [0o644, 0o444], ids=["writable-file", "read-only-file"])
def test_a_read_only_data_folder_with_a_database(tmp_path, good_db, content, file_mode):
    """Commands that only read show the real progress (the database is opened read-only);
    commands that write refuse before doing anything, and nothing in the folder changes."""
    home = tmp_path / "home"
    home.mkdir()
    db = home / "progress.sqlite3"
    shutil.copyfile(good_db, db)
    before = files_in(home)
    results = run_read_only(READERS + WRITERS, home, content, tmp_path, file_mode)
    assert files_in(home) == before, "a file in the read-only folder was changed, created or removed"
    for command, result in results.items():
        both = result.stdout + result.stderr
        assert "Traceback" not in both, (command, both)
        if command in WRITERS:
            check_refused(result, db, before[db.name], says=("writable", "SYSDESIGN_HOME"))
        else:
            assert result.returncode == 0, (command, both)
    if "progress --json" in results:
        report = json.loads(results["progress --json"].stdout)
        assert report["reviews_total"] == reviews_in(good_db) > 0
        assert report == progress_json_of(good_db, content, tmp_path)
    if "export csv" in results:
        conn = sqlite3.connect(f"{good_db.absolute().as_uri()}?mode=ro", uri=True)
        due = sorted(d for (d,) in conn.execute("SELECT due FROM card_state WHERE item_id LIKE 'hc-%'"))
        conn.close()
        assert due and sorted(csv_due_cells(tmp_path / "cards.csv")) == due


def _wal_snapshot(good_db: Path, content: Path, tmp_path: Path, home: Path) -> int:
    """Copy the database with its -wal and -shm while another connection holds it open, after
    a quiz whose reviews are only in the -wal (what a killed or still-running sysdesign leaves).
    Returns the number of reviews, counting the ones in the -wal."""
    staging = tmp_path / "staging"
    staging.mkdir()
    db = staging / "progress.sqlite3"
    shutil.copyfile(good_db, db)
    holder = sqlite3.connect(db, isolation_level=None)  # keeps the -wal from being checkpointed
    try:
        holder.execute("SELECT count(*) FROM reviews").fetchone()
        done = run(["quiz", "--all", "--limit", "3"], staging, content=content, input="3\n3\n3\n")
        assert done.returncode == 0, done.stderr
        for suffix in ("", "-wal", "-shm"):
            shutil.copyfile(f"{db}{suffix}", home / f"progress.sqlite3{suffix}")
        total = holder.execute("SELECT count(*) FROM reviews").fetchone()[0]
    finally:
        holder.close()
    alone = tmp_path / "main-file-alone"
    alone.mkdir()
    shutil.copyfile(home / "progress.sqlite3", alone / "progress.sqlite3")
    assert reviews_in(alone / "progress.sqlite3") < total, "the new reviews are not only in the -wal"
    return total


@needs("quiz")
def test_a_read_only_data_folder_shows_reviews_still_in_the_wal(tmp_path, good_db, content):
    """Reviews that are only in the -wal are shown, never hidden. (Only read-only files here: with
    a writable database, -wal and -shm SQLite needs no folder to write in, and writing works.)"""
    home = tmp_path / "home"
    home.mkdir()
    total = _wal_snapshot(good_db, content, tmp_path, home)
    before = files_in(home)
    results = run_read_only([*READERS, "quiz"], home, content, tmp_path, 0o444)
    assert files_in(home) == before, "a file in the read-only folder was changed, created or removed"
    check_refused(results.pop("quiz"), home / "progress.sqlite3", before["progress.sqlite3"],
                  says=("writable", "SYSDESIGN_HOME"))
    for command, result in results.items():
        assert result.returncode == 0, (command, result.stdout + result.stderr)
    if "progress --json" in results:
        assert json.loads(results["progress --json"].stdout)["reviews_total"] == total


def _older_schema(db: Path) -> None:
    """Put a database made by an older sysdesign (schema 3, before the compact log) at `db`."""
    shutil.copyfile(V3_FIXTURE, db)


@pytest.mark.parametrize("file_mode", [0o644, 0o444], ids=["writable-file", "read-only-file"])
def test_an_older_database_in_a_read_only_folder_is_refused_untouched(tmp_path, good_db, content, file_mode):
    """It needs a migration, and a migration needs writing: the clear message, not a half-read report."""
    assert SCHEMA_VERSION > 3
    home = tmp_path / "home"
    home.mkdir()
    db = home / "progress.sqlite3"
    shutil.copyfile(good_db, db)
    _older_schema(db)
    before = files_in(home)
    results = run_read_only(READERS, home, content, tmp_path, file_mode)
    assert files_in(home) == before
    for result in results.values():
        check_refused(result, db, before[db.name], says=("writable", "SYSDESIGN_HOME"))


# -- a database locked by another process ---------------------------------------------------

HOLDER = textwrap.dedent("""
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    sys.stdin.read()  # hold the write lock until the test closes our stdin
    conn.execute("ROLLBACK")
""")


@pytest.mark.slow
def test_a_database_locked_by_another_process(tmp_path, good_db, content):
    home = tmp_path / "home"
    home.mkdir()
    db = home / "progress.sqlite3"
    shutil.copyfile(good_db, db)
    before = db.read_bytes()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        commands = SOME
        with ThreadPoolExecutor(max_workers=len(commands)) as pool:
            results = dict(zip(commands, pool.map(
                lambda c: run(command_line(c, tmp_path)[0], home, content=content, input=command_line(c, tmp_path)[1]), commands)))
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    for command, result in results.items():
        both = result.stdout + result.stderr
        assert "Traceback" not in both, (command, both)
        if command in WRITERS:  # a writer says the database is busy, before showing anything to answer
            message = check_refused(result, db, before, says=("busy", "try again"))
            assert "answer" not in result.stdout and "rate " not in result.stdout, (command, result.stdout)
        else:  # readers are not blocked by a writer (WAL)
            assert result.returncode == 0, (command, message if (message := result.stderr) else "")
    assert db.read_bytes() == before


# -- a full disk -------------------------------------------------------------------------------

FULL_DISK = textwrap.dedent("""
    set -u
    mount -t tmpfs -o size=512k tmpfs "$MNT" || exit 97
    mkdir "$MNT/home"
    cp "$GOOD" "$MNT/home/progress.sqlite3"
    md5sum < "$MNT/home/progress.sqlite3" > "$OUT/before"
    dd if=/dev/zero of="$MNT/fill" bs=4k 2>/dev/null
    SYSDESIGN_HOME="$MNT/home" "$@" > "$OUT/stdout" 2> "$OUT/stderr" < "$OUT/stdin"
    echo $? > "$OUT/rc"
    md5sum < "$MNT/home/progress.sqlite3" > "$OUT/after"
    rm "$MNT/fill"
    SYSDESIGN_HOME="$MNT/home" "$@" > "$OUT/stdout2" 2> "$OUT/stderr2" < "$OUT/stdin"
    echo $? > "$OUT/rc2"
""")


def _full_disk_supported() -> str | None:
    if shutil.which("unshare") is None:
        return "no unshare(1)"
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"], capture_output=True)
    if probe.returncode != 0:
        return f"cannot mount a small tmpfs in a private mount namespace ({probe.stderr.decode(errors='replace').strip()})"
    return None


@pytest.mark.parametrize("command", [c for c in available() if c in WRITERS])
def test_a_full_disk(tmp_path, good_db, content, command):
    """The database sits on a 512 KiB filesystem that is full: a clear message, nothing changed;
    once space is freed, the same command works."""
    why_not = _full_disk_supported()
    if why_not:
        pytest.skip(f"full disk not simulated: {why_not}")
    mnt, out = tmp_path / "mnt", tmp_path / "out"
    mnt.mkdir()
    out.mkdir()
    args, stdin = command_line(command, tmp_path)
    (out / "stdin").write_text(stdin or "")
    env = child_env(tmp_path / "unused", SYSDESIGN_CONTENT_DIR=str(content), MNT=str(mnt), GOOD=str(good_db), OUT=str(out))
    done = subprocess.run(["unshare", "-m", "sh", "-c", FULL_DISK, "sh", str(BIN), *args], env=env,
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    stderr = (out / "stderr").read_text()
    assert "Traceback" not in stderr + (out / "stdout").read_text(), stderr
    assert (out / "rc").read_text().strip() == "2", stderr
    assert "full" in stderr and "Free some space" in flat(stderr), stderr
    assert "progress.sqlite3" in stderr
    assert (out / "before").read_text() == (out / "after").read_text(), "the database changed on a full disk"
    assert (out / "rc2").read_text().strip() == "0", (out / "stderr2").read_text()


# -- damage deep inside: found when touched, never a traceback -----------------------------------


def _damage_table(good: Path, db: Path, table: str) -> None:
    conn = sqlite3.connect(good)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(good.read_bytes())
    data[(root - 1) * page: root * page] = random.Random(root).randbytes(page)
    db.write_bytes(bytes(data))


@pytest.mark.parametrize("table", ["section_progress", "check_answers", "card_state", "reviews"])
def test_damage_inside_a_table_never_shows_a_traceback(tmp_path, good_db, content, table):
    home = tmp_path / "home"
    home.mkdir()
    db = home / "progress.sqlite3"
    _damage_table(good_db, db, table)
    for command in available():
        args, stdin = command_line(command, tmp_path)
        result = invoke(args, home, content=content, input=stdin)
        both = result.stdout + result.stderr
        assert "Traceback" not in both, (command, both)
        assert result.returncode in (0, 1, 2), (command, result.returncode, both)
        if result.returncode == 2 and "damaged" in result.stderr:
            assert str(db) in flat(result.stderr) and "Move it aside" in flat(result.stderr)


@needs("quiz")
def test_a_writer_refuses_a_database_damaged_where_it_does_not_read(tmp_path, good_db, content):
    """The quiz never reads the estimates table, yet it must not append ratings into a file
    whose pages are damaged there: the integrity check runs before the first write."""
    home = tmp_path / "home"
    home.mkdir()
    db = home / "progress.sqlite3"
    _damage_table(good_db, db, "estimates")
    before = db.read_bytes()
    result = invoke(["quiz", "--all", "--new", "50"], home, content=content, input="3\n3\n3\n")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "damaged" in flat(result.stderr) and str(db) in flat(result.stderr)
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == before


def test_an_upgrade_copies_the_database_first_and_says_where(tmp_path, good_db, content):
    home = tmp_path / "home"
    home.mkdir()
    db = home / "progress.sqlite3"
    _older_schema(db)
    conn = sqlite3.connect(db)
    reviews_before = conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
    conn.close()
    result = run(["progress", "--json"], home, content=content)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["reviews_total"] == reviews_before
    (backup,) = home.glob("progress.sqlite3.v3-*.backup")
    assert str(backup) in flat(result.stderr)
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 3
    assert copy.execute("SELECT count(*) FROM reviews").fetchone()[0] == reviews_before
    copy.close()
    again = run(["progress", "--json"], home, content=content)
    assert again.returncode == 0 and "upgraded" not in again.stderr  # once only
    assert len(list(home.glob("*.backup"))) == 1


def test_an_empty_database_file_is_simply_started_afresh(tmp_path, content):
    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.sqlite3").write_bytes(b"")
    result = run(["progress", "--json"], home, content=content)
    assert result.returncode == 0, result.stderr


def test_messages_are_not_hard_wrapped(tmp_path, content):
    """A long path in a message stays on one line, so `mv '…' '…'` copies whole."""
    home = tmp_path / ("a-rather-long-folder-name-" * 4) / "home"
    home.mkdir(parents=True)
    (home / "progress.sqlite3").write_bytes(b"garbage" * 100)
    result = run(["progress"], home, content=content, COLUMNS="40")
    assert_clean_failure(result)
    db = home / "progress.sqlite3"
    assert f"mv '{db}' '{db}.broken'" in result.stderr, result.stderr



@pytest.mark.parametrize(("folder_mode", "file_mode"), [(0o755, 0o444), (0o555, 0o444), (0o555, 0o644)],
                         ids=["read-only-file", "read-only-both", "read-only-folder"])
def test_study_on_a_read_only_database_says_so_before_showing_a_section(tmp_path, good_db, content,
                                                                        folder_mode, file_mode):
    """Reading a whole section and only then hearing that nothing can be saved wastes the
    learner's time: the refusal comes first, and no section text is shown."""
    home = tmp_path / "home"
    home.mkdir()
    db = home / "progress.sqlite3"
    shutil.copyfile(good_db, db)
    before = db.read_bytes()
    db.chmod(file_mode)
    home.chmod(folder_mode)
    try:
        result = run_unprivileged(["study", "hard-lesson", "--section", "1"], home, content, "t\n")
    finally:
        home.chmod(0o755)
        db.chmod(0o644)
    check_refused(result, db, before, says=("writable", "SYSDESIGN_HOME"))
    assert "The only section" not in result.stdout and "Plain text." not in result.stdout, result.stdout
