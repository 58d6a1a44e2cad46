"""Content can never take over the terminal: escapes and markup are shown as text.

The whole built-in course is rewritten so that every prose field (titles, bodies, prompts,
choices, explanations, card fronts and backs, tags, problem texts, rubric, checklist,
scenario stories and labels, reference notes) carries an OSC 52 clipboard write, a screen
clear, a C1 CSI, a carriage return and rich markup. An own deck in <data dir>/content adds
the same. Then every command that renders content is run:

- with stdout piped (no terminal): no escape or control byte at all may come out;
- in a real pseudo-terminal with colour on: the program's own styling is there, but none of
  the content's sequences (no OSC 52, no screen clear, no C1 control);

and the markup must appear literally ("[bold red]boom[/]"), which proves the content was
rendered and the markup was not interpreted. Files the program writes for people (CSV
export, interview transcripts) are checked the same way.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pexpect
import pytest
import yaml

from sysdesign import locations
from tests.conftest import child_env, pty_spawn
from tests.hardening.conftest import BIN, MARKUP, hostile, installed_commands, invoke

pytestmark = pytest.mark.fresh_home  # each test copies a prepared data folder into place

PROSE = {"front", "back", "prompt", "title", "explain", "one", "four", "role", "body", "note", "summary",
         "why", "story", "intro", "label", "operation", "solution", "name"}
PROSE_LISTS = {"choices", "functional", "non-functional", "targets", "deep-dives", "requirements", "estimation",
               "design", "deep-dive", "scale", "hints", "ask", "notes", "tags"}
PIPED_FORBIDDEN = ("\x1b", "\x9b", "\x07", "\x90", "\x9d")  # ESC, C1 CSI/DCS/OSC, BEL
PTY_FORBIDDEN = ("\x1b]52", "ZXZpbA", "\x1b[2J", "\x9b", "\x9d", "\x07")


def _mutate(node):
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if isinstance(value, str) and key in PROSE:
                out[key] = f"{value} {hostile(key)}"
            elif isinstance(value, list) and key in PROSE_LISTS and all(isinstance(v, str) for v in value):
                out[key] = [f"{v} {hostile(key)}" for v in value]
            else:
                out[key] = _mutate(value)
        return out
    if isinstance(node, list):
        return [_mutate(v) for v in node]
    return node


OWN_DECK = {
    "deck": "own-evil",
    "title": "Own deck " + hostile("own-title"),
    "cards": [{"id": f"own-evil-{i}", "front": f"own front {i} " + hostile("own-front"),
               "back": f"own back {i} " + hostile("own-back"), "tags": ["own " + hostile("own-tag")]} for i in range(3)],
}


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    """The built-in course with every prose field made hostile; it must still validate."""
    from sysdesign.content.loader import load_dir

    source, root = locations.builtin_content_dir(), tmp_path_factory.mktemp("hostile") / "content"
    for sub in ("lessons", "flashcards"):
        for path in sorted((source / sub).rglob("*.yaml")):
            target = root / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            doc = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            target.write_text(yaml.dump(_mutate(doc), Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True,
                                        width=10**6), encoding="utf-8")
    result = load_dir(root)
    assert not result.errors, [str(e) for e in result.errors[:10]]
    return root


@pytest.fixture(scope="module")
def course(content):
    from sysdesign.content.loader import load_dir

    return load_dir(content).course


@pytest.fixture(scope="module")
def prepared(tmp_path_factory, content, course) -> Path:
    """A data folder with lesson 1 finished, an own hostile deck and a little history."""
    from datetime import datetime, timezone

    from sysdesign.store.store import Store

    home = tmp_path_factory.mktemp("prepared") / "home"
    (home / "content").mkdir(parents=True)
    (home / "content" / "own-evil.yaml").write_text(yaml.dump(OWN_DECK, Dumper=yaml.CSafeDumper, allow_unicode=True))
    first = course.lessons[0]
    with Store.open(home / "progress.sqlite3") as st:
        for i, section in enumerate(first.sections):
            st.mark_section_done(first.id, section.id, datetime(2026, 1, 5, tzinfo=timezone.utc),
                                 finishes_lesson=i == len(first.sections) - 1)
    done = invoke(["quiz", "--all", "--limit", "4"], home, content=content, input="3\n1\n4\n2\n")
    assert done.returncode == 0, done.stderr
    return home


@pytest.fixture
def home(tmp_path, prepared) -> Path:
    target = tmp_path / "home"
    shutil.copytree(prepared, target)
    return target


@pytest.fixture(autouse=True)
def colour_allowed(monkeypatch):
    """As a user's shell would be: colour on, a capable terminal type."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "200")


def assert_no_raw_controls(text: str, where: str, forbidden=PIPED_FORBIDDEN) -> None:
    found = {repr(s): text.count(s) for s in forbidden if s in text}
    assert not found, f"{where}: raw control sequences from content reached the output: {found}"


def assert_shown_as_text(text: str, where: str) -> None:
    assert MARKUP in text, f"{where}: the hostile content was not shown (or its markup was interpreted)"


def first_problem(course) -> str:
    if not course.problems:
        pytest.skip("no interview problems in the content")
    return course.problems[0].id


def first_scenario(course) -> str:
    if not course.scenarios:
        pytest.skip("no estimation scenarios in the content")
    return course.scenarios[0].id


ANSWERS = "a\nb\nt\n3\n1k\n10 ms\n" * 8

# (name, command needed, argv builder, stdin); argv builders get the course
PIPED = [
    ("study --list", "study", lambda c: ["study", "--list"], None),
    ("study --print", "study", lambda c: ["study", c.lessons[1].id, "--print"], None),
    ("study section and checks", "study", lambda c: ["study", c.lessons[1].id], ANSWERS),
    ("quiz", "quiz", lambda c: ["quiz", "--all", "--limit", "8"], ANSWERS),
    ("quiz own deck", "quiz", lambda c: ["quiz", "--deck", "own-evil"], "3\n3\n3\n"),
    ("progress", "progress", lambda c: ["progress"], None),
    ("reference", "reference", lambda c: ["reference"], None),
    ("reference --all", "reference", lambda c: ["reference", "--all"], None),
    ("mock-interview --list", "mock-interview", lambda c: ["mock-interview", "--list"], None),
    ("mock-interview --plan", "mock-interview", lambda c: ["mock-interview", first_problem(c), "--plan"], None),
    ("estimate", "estimate", lambda c: ["estimate", "--scenario", first_scenario(c), "--seed", "3"], ANSWERS),
    ("estimate --solve", "estimate", lambda c: ["estimate", "--scenario", first_scenario(c), "--solve", "--seed", "3"], None),
    ("estimate --list", "estimate", lambda c: ["estimate", "--list"], None),
    ("estimate --drill", "estimate", lambda c: ["estimate", "--drill", "latency", "-n", "3"], ANSWERS),
    ("sketch", "sketch", lambda c: ["sketch", "A product"], "x\n" * 40),
    ("content validate", "content", lambda c: ["content", "validate"], None),
]
JSON = [
    ("progress --json", "progress", lambda c: ["progress", "--json"], None),
    ("quiz --json", "quiz", lambda c: ["quiz", "--all", "--limit", "3", "--json"], "3\n3\n3\n"),
    ("mock-interview --list --json", "mock-interview", lambda c: ["mock-interview", "--list", "--json"], None),
    ("mock-interview --plan --json", "mock-interview", lambda c: ["mock-interview", first_problem(c), "--plan", "--json"], None),
    ("estimate --json", "estimate", lambda c: ["estimate", "--scenario", first_scenario(c), "--seed", "3", "--json"], ANSWERS),
    ("estimate --solve --json", "estimate",
     lambda c: ["estimate", "--scenario", first_scenario(c), "--solve", "--seed", "3", "--json"], None),
]
NOT_SHOWING_CONTENT = {"quiz --json", "content validate"}


def _params(table):
    return [pytest.param(argv, stdin, id=name, marks=pytest.mark.skipif(
        command not in installed_commands(), reason=f"`sysdesign {command}` is not registered yet"))
        for name, command, argv, stdin in table]


@pytest.mark.parametrize(("argv", "stdin"), _params(PIPED))
def test_piped_output_shows_content_as_text(request, home, content, course, argv, stdin):
    name = request.node.callspec.id
    args = argv(course)
    if args[:2] == ["content", "validate"]:
        args = [*args, str(content)]
    result = invoke(args, home, content=content, input=stdin)
    both = result.stdout + result.stderr
    assert "Traceback" not in both, both
    gave_up = result.returncode == 2 and gave_up_on_input(result.stderr)
    assert result.returncode in (0, 1) or gave_up, (result.returncode, both[-2000:])
    assert_no_raw_controls(both, name)
    if name not in NOT_SHOWING_CONTENT:
        assert_shown_as_text(both, name)


def gave_up_on_input(stderr: str) -> bool:
    """The scripted answers fit most prompts; one that gets three it cannot use ends the session."""
    flat = " ".join(stderr.split())
    return "unusable" in flat and "in a row" in flat


@pytest.mark.parametrize(("argv", "stdin"), _params(JSON))
def test_json_output_has_no_raw_control_characters(request, home, content, course, argv, stdin):
    """JSON escapes C0 controls itself; C1 controls (U+0080–U+009F, e.g. U+009B CSI, which some
    terminals obey) must be escaped too, or `sysdesign progress --json` in a terminal is an
    injection. ensure_ascii=True, or escaping U+0080–U+009F, does it."""
    name = request.node.callspec.id
    result = invoke(argv(course), home, content=content, input=stdin)
    gave_up = result.returncode == 2 and gave_up_on_input(result.stderr)
    assert result.returncode in (0, 1) or gave_up, (result.returncode, result.stderr[-2000:])
    json.loads(result.stdout)
    assert_no_raw_controls(result.stdout, name)


def test_csv_export_holds_text_only(home, content, tmp_path):
    if "export" not in installed_commands():
        pytest.skip("`sysdesign export` is not registered yet")
    out = tmp_path / "cards.csv"
    result = invoke(["export", "csv", str(out)], home, content=content)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert_no_raw_controls(text, "export csv")
    assert_shown_as_text(text, "export csv")
    assert "own front 0" in text  # own decks are exported too


def test_validation_messages_never_echo_raw_escapes(tmp_path, home):
    """Faults quote what they found with repr(), so a hostile key or value cannot inject."""
    bad = tmp_path / "bad"
    (bad / "lessons").mkdir(parents=True)
    (bad / "flashcards").mkdir()
    evil = json.dumps(hostile("value"))
    (bad / "lessons" / "01-x.yaml").write_text(
        f"id: {evil}\ntitle: {evil}\norder: {evil}\n{evil}: 1\nsections: {evil}\n"
        f"questions:\n  - {{id: q1, kind: {evil}, prompt: p, answer: 1, explain: e}}\n")
    (bad / "flashcards" / "x.yaml").write_text(f"deck: {evil}\ntitle: t\nlesson: {evil}\ncards: [{{id: {evil}, front: f}}]\n")
    result = invoke(["content", "validate", str(bad)], home)
    assert result.returncode == 2
    assert_no_raw_controls(result.stdout + result.stderr, "content validate")
    assert "\\x1b" in result.stdout  # quoted, visibly


# -- in a real terminal, colour on --------------------------------------------------------------


class Term:
    """A pseudo-terminal session that keeps reading (a full pty buffer would block the child)."""

    def __init__(self, home: Path, content: Path, *args: str, rows: int = 50, cols: int = 200):
        env = child_env(home, SYSDESIGN_CONTENT_DIR=str(content))
        env.pop("NO_COLOR", None)
        self.log = io.BytesIO()
        self.child = pty_spawn(str(BIN), list(args), env=env, timeout=15, dimensions=(rows, cols))
        self.child.logfile_read = self.log

    def expect(self, pattern, timeout=15):
        """Wait for literal text (bytes), one of several, or EOF."""
        return self.child.expect_exact(pattern, timeout=timeout)

    def wait(self, seconds: float) -> None:
        self.child.expect([pexpect.TIMEOUT, pexpect.EOF], timeout=seconds)

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def finish(self) -> str:
        if self.child.isalive():
            self.child.sendintr()
        self.child.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=10)
        self.child.close(force=True)
        return self.log.getvalue().decode("utf-8", "replace")


def check_terminal(text: str, where: str) -> None:
    assert "Traceback" not in text, text[-3000:]
    assert_no_raw_controls(text, where, PTY_FORBIDDEN)
    assert "\x1b]8;" not in text, f"{where}: a hyperlink escape from content"
    assert_shown_as_text(text, where)


needs_pty = pytest.mark.e2e


def _study(term_for, course):
    term = term_for("study", course.lessons[1].id)
    term.expect(b"Check 1")
    term.wait(0.3)
    term.send("\r")  # the first choice in the arrow-key menu
    term.expect([b"Correct", b"Not quite"])
    return term.finish()


def _quiz(term_for, course):
    term = term_for("quiz", "--deck", "own-evil")
    for _ in range(2):
        term.expect(b"show answer")
        term.send(" ")
        term.expect(b"rate")
        term.send("3")
    term.expect(b"show answer")
    term.send("q")
    term.expect(pexpect.EOF)
    return term.finish()


def _home(term_for, course):
    term = term_for()
    term.expect(MARKUP.encode())
    term.wait(0.3)
    return term.finish()


def _report(*argv):
    def scenario(term_for, course):
        term = term_for(*argv)
        term.expect(pexpect.EOF)
        return term.finish()
    return scenario


def _estimate(term_for, course):
    term = term_for("estimate", "--scenario", first_scenario(course), "--seed", "3")
    term.expect(MARKUP.encode())
    term.wait(0.4)
    term.send("1k\r")
    term.wait(0.4)
    return term.finish()


def _interview(term_for, course):
    term = term_for("mock-interview", first_problem(course), "-m", "1", "-q")
    term.expect(MARKUP.encode())
    term.wait(0.5)
    term.send("my notes\r")
    term.wait(0.3)
    term.send("\x11\x11")  # Ctrl-Q, confirmed: quit and save, then the self-assessment
    term.expect(b"Self-assessment")
    term.send("\x03")  # Ctrl-C: skip it; the transcript is kept
    term.expect(pexpect.EOF)
    return term.finish()


SESSIONS = {
    "study": ("study", _study),
    "quiz": ("quiz", _quiz),
    "home": (None, _home),
    "progress": ("progress", _report("progress")),
    "reference": ("reference", _report("reference", "--all")),
    "estimate": ("estimate", _estimate),
    "mock-interview": ("mock-interview", _interview),
}


@pytest.fixture(scope="module")
def terminal_runs(tmp_path_factory, prepared, content, course):
    """Every terminal session at once (they mostly wait): name -> (output or error, data folder)."""
    from concurrent.futures import ThreadPoolExecutor

    have = installed_commands()
    wanted = {name: fn for name, (command, fn) in SESSIONS.items() if command is None or command in have}

    def one(name):
        home = tmp_path_factory.mktemp(f"pty-{name}") / "home"
        shutil.copytree(prepared, home)
        try:
            return wanted[name](lambda *args: Term(home, content, *args), course), home
        except BaseException as error:  # reported by the test that owns the session
            return error, home

    with ThreadPoolExecutor(max_workers=len(wanted)) as pool:
        return dict(zip(wanted, pool.map(one, wanted)))


def session(terminal_runs, name):
    if name not in terminal_runs:
        pytest.skip(f"`{name}` is not registered yet")
    result, home = terminal_runs[name]
    if isinstance(result, BaseException):
        raise result
    return result, home


@needs_pty
@pytest.mark.parametrize("name", [n for n in SESSIONS if n != "mock-interview"])
def test_terminal_sessions_show_content_as_text(terminal_runs, name):
    text, _home = session(terminal_runs, name)
    check_terminal(text, f"{name} in a terminal")


@needs_pty
def test_terminal_mock_interview_screen_and_summary(terminal_runs):
    text, _home = session(terminal_runs, "mock-interview")
    check_terminal(text, "mock interview")


@needs_pty
def test_mock_interview_transcript_holds_text_only(terminal_runs):
    """The transcript is a Markdown file people `cat` and `less`: no raw escapes in it either."""
    _text, home = session(terminal_runs, "mock-interview")
    transcripts = list((home / "interviews").glob("*.md"))
    assert transcripts, "no transcript written"
    for path in transcripts:
        body = path.read_text(encoding="utf-8")
        assert_no_raw_controls(body, f"transcript {path.name}")
        assert_shown_as_text(body, f"transcript {path.name}")
