"""The wheel carries the course: an installed sysdesign works from any folder."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


def test_the_wheel_ships_lessons_and_decks(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    (wheel,) = tmp_path.glob("sysdesign-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {n.split("sysdesign/_content/", 1)[1] for n in names if "sysdesign/_content/" in n}
    expected = {str(p.relative_to(REPO)) for d in ("lessons", "flashcards") for p in (REPO / d).rglob("*.yaml")}
    assert expected and expected <= shipped
    assert "sysdesign/cli/app.py" in names
