"""Ctrl-C, SIGTERM and SIGHUP at any moment of start-up end the program cleanly (issue 15,
item 16): exit 130, 143 or 129, never a traceback and never a success.

The program is started with the three signals blocked, so a signal sent while Python itself is
still starting (before the first line of our package, a window no Python program can close)
waits until that first line takes it; from there on every moment is ours. Whatever the seeded
delay, the outcome must be the same, so the test does not depend on timing to pass."""

from __future__ import annotations

import random
import signal
import subprocess
import sys

import pytest

from tests.conftest import child_env
from tests.hardening.conftest import BIN, write_small_course

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
TRIALS = {signal.SIGINT: 16, signal.SIGTERM: 6, signal.SIGHUP: 6}


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    return write_small_course(tmp_path_factory.mktemp("content"))


def _blocked() -> None:  # in the child, before exec: the mask is inherited
    signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)


def _signalled_after(delay: float, sig: int, home, content, tmp_path) -> tuple[int, str]:
    """Start `quiz` (it waits at its first card: stdin stays open), signal it after `delay`."""
    import time

    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        proc = subprocess.Popen([str(BIN), "quiz", "--all"], stdin=subprocess.PIPE, stdout=stdout, stderr=stderr,
                                env=child_env(home, SYSDESIGN_CONTENT_DIR=str(content)), preexec_fn=_blocked)
        try:
            time.sleep(delay)
            proc.send_signal(sig)
            try:
                code = proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                pytest.fail(f"{signal.Signals(sig).name} sent {delay * 1000:.0f} ms after the start was never taken")
        finally:
            proc.stdin.close()
    return code, out.read_text(errors="replace") + err.read_text(errors="replace")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("sig", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_a_signal_at_any_moment_of_start_up_ends_the_program_cleanly(tmp_path, content, sig):
    rng = random.Random(15 * 1000 + sig)
    home = tmp_path / "home"
    outcomes = []
    for _ in range(TRIALS[sig]):
        delay = rng.uniform(0.0, 0.1)
        code, output = _signalled_after(delay, sig, home, content, tmp_path)
        outcomes.append((round(delay * 1000), code, "Traceback" in output))
    wrong = [o for o in outcomes if o[1] != 128 + sig or o[2]]
    assert not wrong, f"(delay ms, exit status, traceback) not a clean {128 + sig}: {wrong}"


def test_an_interruption_typer_swallows_is_reported_with_its_own_status(monkeypatch, capsys):
    """Typer turns a KeyboardInterrupt outside a command's own handling into a silent exit 130;
    the program says it was interrupted, and a SIGTERM there still exits 143."""
    import typer

    import sysdesign
    from sysdesign import status
    from sysdesign.cli import app as app_module

    monkeypatch.setattr(sysdesign, "quiet_signals", lambda: None)  # keep this process's handlers
    monkeypatch.setattr(status, "stop_on_termination", lambda: None)
    early = typer.Typer()

    @early.command()
    def starting() -> None:
        raise status.Terminated(signal.SIGTERM, "SIGTERM")

    monkeypatch.setattr(app_module, "app", early)
    monkeypatch.setattr(sys, "argv", ["sysdesign"])
    previous = signal.getsignal(signal.SIGINT)
    try:
        with pytest.raises(SystemExit) as exited:
            app_module.main()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert exited.value.code == 143
    assert "Interrupted" in capsys.readouterr().err


def _ignoring_hangup_and_interrupt() -> None:  # in the child, before exec: as `nohup … &` leaves them
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_signals_ignored_by_whoever_started_it_stay_ignored(tmp_path, content):
    """`nohup sysdesign … &` ignores SIGHUP (and a background job SIGINT): a hang-up or a Ctrl-C
    meant for the shell must not end the command."""
    import os

    proc = subprocess.Popen([str(BIN), "quiz", "--all"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=child_env(tmp_path / "home", SYSDESIGN_CONTENT_DIR=str(content)),
                            preexec_fn=_ignoring_hangup_and_interrupt)
    try:
        first = os.read(proc.stdout.fileno(), 4096)  # the first card is shown: the command has started
        assert first, proc.stderr.read()
        proc.send_signal(signal.SIGHUP)
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(b"", timeout=60)  # the end of input ends the session as usual
    finally:
        proc.kill()
    assert proc.returncode == 0, (proc.returncode, err.decode(errors="replace")[-500:])
    assert b"Traceback" not in err
