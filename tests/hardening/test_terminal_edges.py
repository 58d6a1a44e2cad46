"""Every command in awkward surroundings: it works, or it says clearly why not; none hangs.

- stdin at end of input and stdout not a terminal (a pipe, a file);
- 40 columns;
- a non-UTF-8 locale (LC_ALL=C with Python's UTF-8 mode off: an ASCII terminal), and plain
  LC_ALL=C / LANG=C (PYTHONIOENCODING never set);
- in a real pseudo-terminal: NO_COLOR=1, TERM=dumb, and a 40×10 terminal.

Every subprocess and every terminal session has a timeout; a hang fails the test.
"""

from __future__ import annotations

import io
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pexpect
import pytest

from tests.conftest import child_env, pty_spawn
from tests.hardening.conftest import BIN, installed_commands, invoke, write_small_course
from tests.helpers import top_level_commands

SGR_COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])[0-9;]*m")
ANY_ESCAPE = re.compile(r"\x1b")
# moving the cursor, erasing, hiding it, the alternate screen, asking where it is: what a dumb
# terminal cannot do (colour, SGR `m`, is checked apart)
CURSOR_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[ABCDEFGHJKSTfnsuhlr]|\x1b[78]")


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    """The built-in course (so every command has its content) — read-only use."""
    from sysdesign import locations

    return locations.builtin_content_dir()


@pytest.fixture(scope="module")
def names(content):
    from sysdesign.content.loader import load_dir

    course = load_dir(content).course
    return {
        "lesson": course.lessons[1].id if len(course.lessons) > 1 else course.lessons[0].id,
        "problem": course.problems[0].id if course.problems else "none",
        "scenario": course.scenarios[0].id if course.scenarios else "none",
    }


# name -> (command it needs, argv with {lesson}/{problem}/{scenario}/{tmp}, stdin lines for a script)
COMMANDS = {
    "home": (None, [], None),
    "--help": (None, ["--help"], None),
    "study --list": ("study", ["study", "--list"], None),
    "study --print": ("study", ["study", "{lesson}", "--print"], None),
    "study": ("study", ["study", "{lesson}"], "a\nt\n"),
    "quiz": ("quiz", ["quiz", "--all", "--limit", "3"], "3\n1\n"),
    "estimate": ("estimate", ["estimate", "--scenario", "{scenario}", "--seed", "1"], "1k\n"),
    "estimate --drill": ("estimate", ["estimate", "--drill", "nines", "-n", "2"], "1\n"),
    "progress": ("progress", ["progress"], None),
    "progress --json": ("progress", ["progress", "--json"], None),
    "reference": ("reference", ["reference", "latency"], None),
    "mock-interview --list": ("mock-interview", ["mock-interview", "--list"], None),
    "mock-interview --plan": ("mock-interview", ["mock-interview", "{problem}", "--plan"], None),
    "mock-interview": ("mock-interview", ["mock-interview", "{problem}", "-m", "1"], None),
    "sketch": ("sketch", ["sketch", "A product"], "x\n"),
    "export csv": ("export", ["export", "csv", "{tmp}/cards.csv"], None),
    "content validate": ("content", ["content", "validate"], None),
}
# A command registered later is run bare (its name, no input) until it gets a line above.
COMMANDS.update({name: (name, [name], None) for name in top_level_commands()
                 if not any(key.split()[0] == name for key in COMMANDS)})
LOCALE_SET = ["home", "study --print", "study", "quiz", "estimate", "progress", "mock-interview --plan", "sketch"]
NOT_INTERACTIVE = {"export": "writes a file, asks nothing", "content": "authors' tools, ask nothing"}
# The home screen and every command a person uses in a terminal (from the app's registry).
INTERACTIVE = ["home", *(name for name in top_level_commands() if name not in NOT_INTERACTIVE)]


def available(selection=None) -> list[str]:
    have = installed_commands()
    return [n for n in (selection or COMMANDS) if COMMANDS[n][0] is None or COMMANDS[n][0] in have]


def argv(name: str, names: dict, tmp: Path) -> list[str]:
    return [a.format(tmp=tmp, **names) for a in COMMANDS[name][1]]


def check_outcome(name: str, code: int, out: str, err: str) -> None:
    """Works (0, or 1 for a failed check), or exit 2 with a reason on stderr; never a traceback."""
    assert "Traceback" not in out + err, (name, (out + err)[-3000:])
    assert code in (0, 1, 2, 130), (name, code, err[-2000:])
    if code == 2:
        assert err.strip(), f"{name}: exit 2 without a message"


# -- stdin at end of input, stdout not a terminal (in-process: the same code path, fast) ----------


NARROW = ["study --list", "study --print", "quiz", "estimate", "progress", "reference", "mock-interview --plan"]


@pytest.mark.parametrize(("name", "columns"), [(n, "80") for n in available()] + [(n, "40") for n in available(NARROW)])
def test_stdin_at_eof_and_output_not_a_terminal(tmp_path, content, names, name, columns):
    result = invoke(argv(name, names, tmp_path), tmp_path / "home", content=content, input="", COLUMNS=columns,
                    TERM="xterm-256color", NO_COLOR=None)
    check_outcome(name, result.returncode, result.stdout, result.stderr)
    assert not ANY_ESCAPE.search(result.stdout + result.stderr), f"{name}: escape codes in piped output"
    if name == "mock-interview":  # the timed screen needs a terminal, and says so
        assert result.returncode == 2 and "terminal" in result.stderr
    elif name != "quiz" or "Nothing" not in result.stdout:
        assert result.returncode in (0, 1), (name, result.stderr)
    if columns == "40" and name not in ("progress --json", "export csv"):
        wide = [line for line in result.stdout.splitlines() if len(line) > 40 and " " in line.strip()]
        assert len(wide) <= 2, f"{name}: lines wider than 40 columns: {wide[:3]}"


# -- locales (the real program: the locale is read at start-up) ----------------------------------------


def run_real(name, names, tmp, home, content, **env_extra):
    env = child_env(home, SYSDESIGN_CONTENT_DIR=str(content), **env_extra)
    env.pop("PYTHONIOENCODING", None)
    stdin = COMMANDS[name][2]
    out_file = tmp / f"{name.replace(' ', '_')}.out"
    with out_file.open("wb") as out:  # stdout to a file, as `> file` would
        done = subprocess.run([str(BIN), *argv(name, names, tmp)], env=env, stdout=out, stderr=subprocess.PIPE,
                              input=(stdin or "").encode(), timeout=30)
    return done.returncode, out_file.read_bytes(), done.stderr.decode("utf-8", "replace")


@pytest.mark.slow
@pytest.mark.parametrize(("locale_env", "selection"), [
    ({"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}, LOCALE_SET),  # ASCII
    ({"LC_ALL": "C", "LANG": "C"}, ["home", "study", "progress"]),
], ids=["ascii-locale", "LC_ALL=C"])
def test_non_utf8_locales(tmp_path, content, names, locale_env, selection):
    commands = available(selection)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = dict(zip(commands, pool.map(
            lambda n: run_real(n, names, tmp_path, tmp_path / f"home-{n.replace(' ', '_')}", content, **locale_env),
            commands)))
    for name, (code, out, err) in results.items():
        text = out.decode("ascii" if locale_env.get("PYTHONUTF8") == "0" else "utf-8")  # nothing unencodable leaked
        check_outcome(name, code, text, err)
        if name not in ("mock-interview", "export csv"):
            assert text.strip() or err.strip(), f"{name}: no output at all"


# -- in a real terminal: NO_COLOR, TERM=dumb, 40×10 --------------------------------------------------


def drive(name, names, tmp, home, content, *, rows, cols, **env_extra) -> tuple[int | None, str]:
    """Start the command in a pseudo-terminal, give it a moment, answer a key or two, then
    Ctrl-C; it must end (by itself or on Ctrl-C) within the timeout."""
    env = child_env(home, SYSDESIGN_CONTENT_DIR=str(content))
    env.pop("NO_COLOR", None)
    env.update(env_extra)
    log = io.BytesIO()
    child = pty_spawn(str(BIN), argv(name, names, tmp), env=env, timeout=20, dimensions=(rows, cols))
    child.logfile_read = log
    try:
        if settle(child, quiet=0.5):  # the first screen is up and waiting
            child.send("\r")
            if settle(child, quiet=0.6) and child.isalive():
                # Ctrl-C; a second one if a menu that was just closing swallowed the first
                child.sendintr()
                if child.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=1.5) == 1:
                    child.sendintr()
                    child.expect(pexpect.EOF, timeout=10)  # a hang fails here
    finally:
        child.close(force=True)
    return child.exitstatus, log.getvalue().decode("utf-8", "replace")


def settle(child, quiet: float = 0.8, limit: float = 15.0) -> bool:
    """Read until nothing new has arrived for `quiet` seconds; False if the program ended."""
    import time

    end = time.monotonic() + limit
    while time.monotonic() < end:
        before = child.logfile_read.tell()
        if child.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=quiet) == 0:
            return False
        if child.logfile_read.tell() == before and before > 0:  # quiet after showing something
            return True
    return True


TERMINALS = {  # condition -> (commands, terminal size, environment)
    "no-color": (["study", "quiz", "progress", "reference", "home"], (30, 100), {"NO_COLOR": "1", "TERM": "xterm-256color"}),
    "dumb": (INTERACTIVE, (30, 100), {"TERM": "dumb"}),  # every command, mock-interview and sketch too
    "40x10": (INTERACTIVE, (10, 40), {"TERM": "xterm-256color"}),
}


@pytest.fixture(scope="module")
def terminals(tmp_path_factory, content, names):
    """Every condition's sessions at once (they mostly wait): condition -> command -> (exit, output)."""
    tmp = tmp_path_factory.mktemp("terminals")
    jobs = [(cond, name) for cond, (selection, _, _) in TERMINALS.items() for name in available(selection)]

    def one(job):
        cond, name = job
        _, (rows, cols), env = TERMINALS[cond]
        home = tmp / f"{cond}-{name.replace(' ', '_')}"
        try:
            return drive(name, names, tmp, home, content, rows=rows, cols=cols, **env)
        except BaseException as error:  # a hang (pexpect timeout) is reported by the test
            return error

    with ThreadPoolExecutor(max_workers=8) as pool:
        done = dict(zip(jobs, pool.map(one, jobs)))
    out: dict[str, dict] = {cond: {} for cond in TERMINALS}
    for (cond, name), result in done.items():
        if isinstance(result, BaseException):
            raise AssertionError(f"{cond} / {name}: {result!r}")
        out[cond][name] = result
    return out


@pytest.mark.slow
@pytest.mark.e2e
def test_no_color_in_a_terminal(terminals):
    for name, (code, text) in terminals["no-color"].items():
        check_outcome(name, code if code is not None else 130, text, text)
        assert not SGR_COLOUR.search(text), f"{name}: colour codes despite NO_COLOR: {SGR_COLOUR.findall(text)[:5]}"


@pytest.mark.slow
@pytest.mark.e2e
def test_term_dumb(terminals):
    assert {"home", "mock-interview", "sketch", *top_level_commands()} - set(NOT_INTERACTIVE) <= terminals["dumb"].keys()
    for name, (code, text) in terminals["dumb"].items():
        check_outcome(name, code if code is not None else 130, text, text)
        assert not SGR_COLOUR.search(text), f"{name}: colour codes on a dumb terminal"
        assert not CURSOR_ESCAPE.search(text), f"{name}: cursor escapes on a dumb terminal: {CURSOR_ESCAPE.findall(text)[:5]}"
        assert text.strip(), f"{name}: nothing shown"
        if name == "mock-interview":  # it is a terminal, a dumb one: the message says so
            assert code == 2 and "TERM=dumb" in " ".join(text.split()), text[-500:]


@pytest.mark.slow
@pytest.mark.e2e
def test_a_40_by_10_terminal(terminals):
    for name, (code, text) in terminals["40x10"].items():
        check_outcome(name, code if code is not None else 130, text, text)
        assert text.strip(), f"{name}: nothing shown"
        if name == "mock-interview":  # too small for the interview screen: it says what it needs
            assert code == 2 and re.search(r"at least \d+\s*[×x]\s*\d+", text), text[-500:]


def test_small_course_helper_is_valid(tmp_path):
    """(The fixtures other hardening tests build on validate.)"""
    from sysdesign.content.loader import load_dir

    assert not load_dir(write_small_course(tmp_path)).errors


# -- the reader of the output goes away (`| head`, quitting `less`) ----------------------------------------

PIPED = ["study --print", "study --list", "progress", "progress --json", "reference", "content validate"]


@pytest.mark.parametrize("name", available(PIPED))
def test_a_reader_that_goes_away_ends_the_command_quietly_with_success(tmp_path, content, names, name):
    env = child_env(tmp_path / "home", SYSDESIGN_CONTENT_DIR=str(content))
    proc = subprocess.Popen([str(BIN), *argv(name, names, tmp_path)], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # before the program has written anything: its first write fails
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=30) == 0, (name, err)
    assert "Traceback" not in err and "Exception ignored" not in err, (name, err)
