"""The benchmark tools still work (tiny data, one run each, no wall-time assertions)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import child_env
from tests.schema import assert_state_is_a_replay

HERE = Path(__file__).resolve().parent
pytestmark = pytest.mark.e2e


def test_generate_then_run_in_smoke_mode(tmp_path, sysdesign_bin):
    out = tmp_path / "bench"
    env = child_env(tmp_path / "unused-home")
    made = subprocess.run([sys.executable, str(HERE / "generate.py"), "--cards", "45", "--reviews", "400",
                           "--out", str(out)], env=env, capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    info = json.loads(made.stdout)
    assert (info["cards"], info["reviews"], info["lessons"], info["questions"]) == (45, 400, 2, 10)
    assert "SYSDESIGN_CONTENT_DIR=" in made.stderr

    # the synthetic content validates, and the database is what the quiz writes
    check = subprocess.run([str(sysdesign_bin), "content", "validate"], capture_output=True, text=True, timeout=30,
                           env=child_env(out / "home", SYSDESIGN_CONTENT_DIR=info["content"]))
    assert check.returncode == 0, check.stdout + check.stderr
    assert "45 cards" in check.stdout
    conn = sqlite3.connect(out / "home" / "progress.sqlite3")
    try:
        assert conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 400
        reviewed = conn.execute("SELECT count(DISTINCT item) FROM reviews").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM card_state").fetchone()[0] == reviewed == info["card_states"]
        assert conn.execute("SELECT sum(reviews) FROM items").fetchone()[0] == 400  # the counts add up
        assert conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'reviews%'").fetchone()[0] / 400 < 120
    finally:
        conn.close()
    assert_state_is_a_replay(out / "home" / "progress.sqlite3")  # every state is its log replayed

    ran = subprocess.run([sys.executable, str(HERE / "run.py"), "--smoke", "--data", str(out)],
                         env=env, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    for label in ("baseline: one-command Typer app --help", "sysdesign --help", "progress --json",
                  "time to the first quiz card", "content validate, cold", "content validate, warm",
                  "smoke run: budgets not enforced"):
        assert label in ran.stdout
    # quitting at the first card wrote nothing
    conn = sqlite3.connect(out / "home" / "progress.sqlite3")
    assert conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 400
    conn.close()
