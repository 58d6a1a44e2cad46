"""No acknowledged rating is ever lost: `sysdesign quiz` killed at random moments.

Each run feeds ratings slowly through a pipe (the scripting contract: a card prints its
front and back, then reads a rating line; after the rating is committed it prints
"→ Good, next in 10m"). The process is then killed — SIGKILL at a random moment, or
SIGINT (Ctrl-C) — and the database is checked:

- ``PRAGMA integrity_check`` is ok and the next run opens it without complaint;
- every rating acknowledged on screen is in ``reviews``, in order, for the right card,
  with the rating that was typed; at most one more (committed, killed before it printed);
- ``card_state`` equals what replaying the whole review log through the scheduler gives
  (the log keeps ratings and times only: a card's state is a replay of them).

The clock is pinned (SYSDESIGN_NOW) and moved on a day per run, so cards fall due again and
their review chains grow across runs.
"""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.conftest import child_env
from tests.hardening.conftest import BIN, needs, write_small_course
from tests.schema import assert_state_is_a_replay

pytestmark = [pytest.mark.slow, needs("quiz")]

SEED = 20261125
CHAINS = 3  # independent data folders, run side by side
KILLS_PER_CHAIN = 7  # 21 SIGKILL runs in all
INTS_PER_CHAIN = 2  # 6 SIGINT runs
START = datetime(2030, 1, 7, 9, 0, tzinfo=timezone.utc)
NAMES = {"Again": 1, "Hard": 2, "Good": 3, "Easy": 4}
ACK = re.compile(r"^→ (Again|Hard|Good|Easy)\b")
FRONT = re.compile(r"^Q: front (hc-\d{3})")


@dataclass
class Run:
    signal: int
    stdout: str = ""
    stderr: str = ""
    returncode: int | None = None
    fed: list[int] = field(default_factory=list)  # valid ratings written, in order
    acked: list[tuple[str, int]] = field(default_factory=list)


def _drain(stream, sink: bytearray, lock: threading.Lock) -> None:
    fd = stream.fileno()
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return
        if not chunk:
            return
        with lock:
            sink.extend(chunk)


def one_run(home: Path, content: Path, now: datetime, rng: random.Random, sig: int) -> Run:
    env = child_env(home, SYSDESIGN_CONTENT_DIR=str(content), SYSDESIGN_NOW=now.isoformat(), COLUMNS="100")
    proc = subprocess.Popen(
        [str(BIN), "quiz", "--all", "--new", "1000", "--deck", "hard-deck"], env=env,  # cards only
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    out, err, lock = bytearray(), bytearray(), threading.Lock()
    readers = [threading.Thread(target=_drain, args=(proc.stdout, out, lock), daemon=True),
               threading.Thread(target=_drain, args=(proc.stderr, err, lock), daemon=True)]
    for t in readers:
        t.start()
    run = Run(sig)
    started = time.monotonic()
    if sig == signal.SIGKILL and rng.random() < 0.35:
        deadline = started + rng.uniform(0.0, 0.6)  # during start-up, opening, migrating
    else:
        deadline = None  # after the first card is on screen
    first_card_seen = None
    last_was_bad = False
    try:
        while proc.poll() is None:
            now_t = time.monotonic()
            if first_card_seen is None:
                with lock:
                    if b"Q: " in out:
                        first_card_seen = now_t
                        if deadline is None:
                            deadline = now_t + rng.uniform(0.0, 0.35)
            if deadline is not None and now_t >= deadline:
                break
            if now_t - started > 15:
                raise AssertionError("quiz never showed a card")
            if first_card_seen is not None or rng.random() < 0.3:
                if rng.random() < 0.08 and not last_was_bad:
                    line = rng.choice(["maybe", "5", ""])  # reported and asked again (three in a row would end it)
                else:
                    rating = rng.randint(1, 4)
                    line = str(rating)
                try:
                    proc.stdin.write((line + "\n").encode())
                    proc.stdin.flush()
                except (BrokenPipeError, OSError):
                    break
                last_was_bad = line not in ("1", "2", "3", "4")
                if not last_was_bad:
                    run.fed.append(int(line))
            time.sleep(rng.uniform(0.003, 0.02))
        if proc.poll() is None:
            proc.send_signal(sig)
        try:
            proc.stdin.close()
        except OSError:
            pass
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    for t in readers:
        t.join(timeout=5)
    run.returncode = proc.returncode
    run.stdout, run.stderr = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
    current = None
    for line in run.stdout.splitlines():
        m = FRONT.match(line)
        if m:
            current = m.group(1)
            continue
        a = ACK.match(line)
        if a:
            assert current is not None, f"an acknowledgement with no card before it:\n{run.stdout[-3000:]}"
            run.acked.append((current, NAMES[a.group(1)]))
            current = None
    return run


def migrated(db: Path) -> bool:
    if not db.exists():
        return False
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0] > 0
    finally:
        conn.close()


def reviews_after(db: Path, last_id: int) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT id, item_id, rating FROM review_log WHERE id > ? ORDER BY id", (last_id,)).fetchall()
    finally:
        conn.close()


def check_database(db: Path) -> int:
    """Integrity, and card_state equal to a replay of the log; returns the last review id."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    return assert_state_is_a_replay(db)


def chain(index: int, tmp: Path) -> dict:
    rng = random.Random(SEED * 100 + index)
    home, content = tmp / f"home{index}", write_small_course(tmp / f"content{index}", cards=150)
    db = home / "progress.sqlite3"
    signals = [signal.SIGKILL] * KILLS_PER_CHAIN + [signal.SIGINT] * INTS_PER_CHAIN
    rng.shuffle(signals)
    last_id, acked_total, runs = 0, 0, []
    for number, sig in enumerate(signals):
        now = START + timedelta(days=number)
        run = one_run(home, content, now, rng, sig)
        runs.append(run)
        where = f"chain {index} run {number} ({signal.Signals(sig).name})"
        assert "Traceback" not in run.stdout + run.stderr, f"{where}\n{run.stderr}"
        assert "damaged" not in run.stderr and "could not be used" not in run.stderr, f"{where}\n{run.stderr}"
        if sig == signal.SIGINT:
            assert run.returncode == 130, f"{where}: exit {run.returncode}\n{run.stderr}"
            assert "progress is saved" in run.stderr, f"{where}\n{run.stderr}"
        else:
            assert run.returncode == -signal.SIGKILL, f"{where}: exit {run.returncode}\n{run.stderr}"
        if not migrated(db):  # killed before the first migration committed: next run starts afresh
            assert not run.acked, where
            continue
        new = reviews_after(db, last_id)
        logged = [(item, rating) for _id, item, rating in new]
        # every acknowledged rating is in the log, in order; at most one more got committed
        assert logged[: len(run.acked)] == run.acked, f"{where}: acknowledged {run.acked}, logged {logged}"
        assert len(logged) - len(run.acked) <= 1, f"{where}: acknowledged {run.acked}, logged {logged}"
        # and the log holds exactly the ratings that were typed, in the order they were typed
        assert [rating for _item, rating in logged] == run.fed[: len(logged)], where
        last_id = check_database(db)
        acked_total += len(run.acked)
    return {"runs": len(runs), "acked": acked_total, "reviews": last_id}


def test_no_acknowledged_rating_is_lost_when_quiz_is_killed(tmp_path):
    with ThreadPoolExecutor(max_workers=CHAINS) as pool:
        results = list(pool.map(lambda i: chain(i, tmp_path), range(CHAINS)))
    assert sum(r["runs"] for r in results) >= 20 + CHAINS * INTS_PER_CHAIN
    # the kills must actually have landed mid-session, not only during start-up
    assert sum(r["acked"] for r in results) >= 30, results
    # and the program still works on every database it left behind
    for index in range(CHAINS):
        home = tmp_path / f"home{index}"
        env = child_env(home, SYSDESIGN_CONTENT_DIR=str(tmp_path / f"content{index}"))
        done = subprocess.run([str(BIN), "progress", "--json"], env=env, capture_output=True, text=True,
                              timeout=30, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, done.stderr
