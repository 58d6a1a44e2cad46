"""`sysdesign estimate` in a real pseudo-terminal: typed answers, grades, Ctrl-C."""

from __future__ import annotations

import io
import json
import re
import subprocess

import pexpect
import pytest

from tests.conftest import child_env, pty_spawn

pytestmark = pytest.mark.e2e


def spawn(bin_path, home, *args):
    return pty_spawn(str(bin_path), list(args), env=child_env(home), encoding="utf-8", timeout=15, dimensions=(40, 100))


def estimates(bin_path, home) -> list[dict]:
    out = subprocess.run([str(bin_path), "progress", "--json"], env=child_env(home), capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    return json.loads(out.stdout)["estimates"]


def test_a_round_in_a_terminal(sysdesign_bin, tmp_path):
    home = tmp_path / "home"
    child = spawn(sysdesign_bin, home, "estimate", "--scenario", "photo-sharing", "--example")
    child.expect("100 million daily active users")
    child.expect(r"Step 1/9 · Average photo reads per second \[rps\]")
    child.sendline("23k")
    child.expect("Spot on")
    child.expect("in your head")
    child.expect(r"Step 2/9")
    child.sendline("zzz")
    child.expect("could not read 'zzz'")
    child.sendline("2.3k")
    child.expect("Spot on")
    child.expect(r"Step 3/9 · Storage for the whole retention period \[PB\]")
    child.sendline("1 PB")
    child.expect("Off")
    child.expect("1,000×")
    child.expect(r"Step 4/9")
    child.sendline("1 PB")  # an amount of data for a bandwidth: the hint divides by the time
    child.expect("Wrong kind of quantity")
    child.expect(r"An amount of data \(PB\) is not a bandwidth \(Gbps\): divide it")
    child.expect(r"Step 5/9")
    child.sendline("64 Gbps")
    child.expect("Spot on")
    child.expect(r"Step 6/9")
    child.sendline("q")
    child.expect("Stopped")
    child.expect("3 spot on, 1 off, 1 wrong unit, 4 unanswered")  # best grade first
    child.expect("Your median error for photo-sharing so far")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    (attempt,) = estimates(sysdesign_bin, home)
    assert [s["grade"] for s in attempt["steps"]] == ["spot on", "spot on", "off", "wrong unit", "spot on"] + ["unanswered"] * 4


def test_ctrl_c_keeps_the_answers_given(sysdesign_bin, tmp_path):
    home = tmp_path / "home"
    child = spawn(sysdesign_bin, home, "estimate", "--drill", "nines", "--seed", "1")
    child.expect(r"Q1/10")
    child.sendline("8.76 h")
    child.expect(r"Q2/10")
    child.sendintr()
    child.expect("progress is saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    (attempt,) = estimates(sysdesign_bin, home)
    assert attempt["scenario"] == "drill-nines"
    assert attempt["steps"][0]["given_text"] == "8.76 h" and attempt["steps"][1]["grade"] == "unanswered"
    assert len(attempt["steps"]) == 10  # the questions not reached are kept as unanswered


@pytest.mark.parametrize(("rows", "cols"), [(24, 80), (14, 40)])
def test_a_range_round_in_a_terminal(sysdesign_bin, tmp_path, rows, cols):
    home = tmp_path / "home"
    child = pty_spawn(str(sysdesign_bin), ["estimate", "--scenario", "photo-sharing", "--example", "--intervals"],
                      env=child_env(home), encoding="utf-8", timeout=15, dimensions=(rows, cols))
    child.logfile_read = io.StringIO()
    child.expect(r"90\s+%\s+range")
    child.sendline("23k")  # a point where a range is asked: asked again
    child.expect(r"asks\s+for\s+a\s+90")
    child.sendline("20k-50k")
    child.expect(r"Range\s+held")
    child.expect(r"Interval\s+score\s+0\.40")
    child.expect(r"Step\s+2/9")
    child.sendline("1k to 2k")
    child.expect(r"Range\s+missed")
    child.expect(r"Step\s+3/9")
    child.sendline("q")
    child.expect(r"Ranges\s+this\s+round:\s+1\s+of\s+2\s+held")
    child.expect(pexpect.EOF)
    screen = child.logfile_read.getvalue().replace("\r", "")
    child.close()
    assert child.exitstatus == 0
    assert "Ranges this round" in screen
    assert not re.search(r"\n[ \t]*%", screen)  # a percentage never wraps away from its number
    (attempt,) = estimates(sysdesign_bin, home)
    assert [s["grade"] for s in attempt["steps"][:2]] == ["range held", "range missed"]


def test_arithmetic_is_echoed_in_a_terminal(sysdesign_bin, tmp_path):
    home = tmp_path / "home"
    child = spawn(sysdesign_bin, home, "estimate", "--scenario", "photo-sharing", "--example")
    child.expect(r"Step 1/9")
    child.sendline("100M * 20 / 86400")
    child.expect("= 23,148 rps")
    child.expect("Spot on")
    child.expect(r"Step 2/9")
    child.sendline("1 GB + 5 ms")
    child.expect("do not work out")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
