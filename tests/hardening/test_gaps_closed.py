"""Gaps found by hostile probing (issue 15), each closed: input that could take over the
terminal, unbounded input, spoofing characters, and hostile names."""

from __future__ import annotations

import io
import os
import stat
import subprocess
from pathlib import Path

import pytest

from sysdesign.ui.console import clean
from sysdesign.ui.lines import GIVE_UP_AFTER, MAX_LINE, LineReader, UnusableInput
from tests.conftest import child_env
from tests.hardening.conftest import BIN, invoke, needs, write_small_course


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    return write_small_course(tmp_path_factory.mktemp("content"))


def test_a_typed_line_loses_its_escape_sequences_before_anything_echoes_it():
    reader = LineReader(io.StringIO("\x1b]2;PWNED\x1b\\3\n\x1b]52;c;Zm9v\x073\n"))
    assert reader.read() == "3"
    assert reader.read() == "3"


@needs("quiz")
def test_the_quiz_never_echoes_a_title_or_clipboard_escape(tmp_path, content):
    result = invoke(["quiz", "--all"], tmp_path / "home", content=content,
                    input="\x1b]2;PWNED\x1b\\\nx\x1b]52;c;Zm9v\x07\n3\nq\n")
    assert "\x1b]" not in result.stdout + result.stderr
    assert "PWNED" not in result.stdout + result.stderr


def test_an_endless_line_is_cut_and_its_rest_thrown_away():
    reader = LineReader(io.StringIO("3" * (MAX_LINE * 3) + "\n4\n"))
    assert len(reader.read()) == MAX_LINE
    assert reader.read() == "4"


def test_a_line_that_never_ends_stops_the_session():
    reader = LineReader(io.StringIO("\0" * (GIVE_UP_AFTER + 2 * MAX_LINE)))
    with pytest.raises(UnusableInput, match="without ending"):
        reader.read()


@needs("quiz")
def test_quiz_from_dev_zero_ends_with_a_message_not_an_out_of_memory(tmp_path, content):
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run([str(BIN), "quiz", "--all"], stdin=zero, capture_output=True, text=True,
                              env=child_env(tmp_path / "home", SYSDESIGN_CONTENT_DIR=str(content)),
                              timeout=60)
    assert done.returncode == 2, done.stderr
    assert "without ending" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("spoof", ["\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u061c"])
def test_invisible_direction_and_width_marks_are_removed_from_shown_text(spoof):
    assert clean(f"safe{spoof}text") == "safetext"


def test_anki_tags_carry_no_html_or_escapes(tmp_path):
    from sysdesign.core.export import _tag

    assert _tag("<b>bold</b>", clean) == "b_bold_/b"
    assert _tag("a\x1b[31mred", clean) == "ared"
    assert _tag("two words", clean) == "two_words"


@pytest.mark.parametrize("args", [["progress"], ["quiz", "--all"], ["study", "--list"], ["estimate", "--seed", "1"],
                                  ["sketch", "--list"], ["content", "new-deck", "mine"], ["export", "csv", "x.csv"]])
def test_a_data_folder_that_cannot_be_worked_out_says_what_to_set(tmp_path, content, args):
    result = invoke(args, tmp_path, content=content, input="q\n", SYSDESIGN_HOME="~nouser-sysdesign/x")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Set SYSDESIGN_HOME to a folder you can write" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("args", [["progress"], ["quiz", "--all"]])
def test_an_impossible_time_zone_falls_back_to_utc_with_a_warning(tmp_path, content, args):
    env = child_env(tmp_path / "home", SYSDESIGN_CONTENT_DIR=str(content), TZ="UTC+25")
    done = subprocess.run([str(BIN), *args], input="q\n", capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "cannot be used" in done.stderr and "UTC" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [["progress"], ["--help"], ["progress", "--json"], ["study", "--print", "hard-lesson"]])
def test_output_into_a_full_disk_is_an_ordinary_io_error(tmp_path, content, args):
    env = child_env(tmp_path / "home", SYSDESIGN_CONTENT_DIR=str(content))
    with open("/dev/full", "w") as full:
        done = subprocess.run([str(BIN), *args], stdout=full, stderr=subprocess.PIPE, text=True, env=env,
                              timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().startswith("Could not write the output (No space left on device)")
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def _targets(folder):
    folder.mkdir()
    real = folder / "real.csv"
    real.write_text("keep me\n")
    link = folder / "link.csv"
    link.symlink_to(real)
    fifo = folder / "pipe.csv"
    os.mkfifo(fifo)
    locked = folder / "locked.csv"
    locked.write_text("keep me too\n")
    locked.chmod(0o444)
    return {"symlink": (link, "symbolic link"), "fifo": (fifo, "not a regular file"),
            "read-only": (locked, "read-only"), "device": (Path("/dev/null"), "not a regular file")}


@pytest.mark.parametrize("kind", ["symlink", "fifo", "read-only", "device"])
@pytest.mark.parametrize("format_", ["csv", "anki"])
def test_export_refuses_a_target_that_is_not_a_new_path_or_a_regular_file(tmp_path, content, kind, format_):
    folder = tmp_path / "targets"
    target, says = _targets(folder)[kind]
    if format_ == "anki" and kind != "device":
        renamed = target.with_suffix(".apkg")
        os.rename(target, renamed)
        target = renamed
    if format_ == "anki" and kind == "device":
        pytest.skip("a device has no .apkg ending; the csv case covers devices")
    if kind == "read-only" and os.access(target, os.W_OK):
        pytest.skip("running as root: a read-only file is still writable")
    before = sorted(p.name for p in folder.iterdir())
    result = invoke(["export", format_, str(target)], tmp_path / "home", content=content)
    assert result.returncode == 2, result.stdout + result.stderr
    assert says in result.stderr.replace("\n", " ")
    assert sorted(p.name for p in folder.iterdir()) == before  # no .tmp left, nothing replaced
    assert (folder / "real.csv").read_text() == "keep me\n"


def test_export_as_root_never_replaces_a_device_node(tmp_path, content):
    result = invoke(["export", "csv", "/dev/full"], tmp_path / "home", content=content)
    assert result.returncode == 2 and "not a regular file" in result.stderr
    assert stat.S_ISCHR(os.lstat("/dev/full").st_mode)


@pytest.mark.parametrize(("name", "says"), [("", "Give a file name to write, for example cards.csv"),
                                            ("x" * 300 + ".csv", "longer than 255 bytes")])
def test_export_names_that_cannot_be_files_are_refused_up_front(tmp_path, content, name, says):
    result = invoke(["export", "csv", name], tmp_path / "home", content=content)
    assert result.returncode == 2, result.stdout + result.stderr
    assert says in result.stderr.replace("\n", " ") and "Traceback" not in result.stderr


def test_export_anki_to_standard_output(tmp_path, content):
    from typer.testing import CliRunner

    from sysdesign.cli.app import app

    result = CliRunner(env={"SYSDESIGN_HOME": str(tmp_path / "home"), "SYSDESIGN_CONTENT_DIR": str(content)}
                       ).invoke(app, ["export", "anki", "-"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes[:2] == b"PK"  # a zip file, as Anki imports


def test_a_huge_number_in_a_deck_is_a_plain_fault(tmp_path):
    from sysdesign.content.loader import load_dir

    (tmp_path / "flashcards").mkdir()
    (tmp_path / "flashcards" / "big.yaml").write_text(
        "deck: big\ntitle: Big\ncards:\n  - {id: b1, front: " + "1" * 5000 + ", back: x}\n")
    (message,) = [e.message for e in load_dir(tmp_path).errors]
    assert "5,000 digits" in message and "set_int_max_str_digits" not in message


def test_a_nul_in_a_typed_rating_is_dropped_with_the_other_control_characters():
    reader = LineReader(io.StringIO("3\x00\n\x004\n"))
    assert reader.read() == "3"
    assert reader.read() == "4"


@needs("quiz")
def test_the_quiz_takes_a_rating_with_a_nul_in_it(tmp_path, content):
    result = invoke(["quiz", "--all", "--limit", "1"], tmp_path / "home", content=content, input="3\x00\n")
    assert result.returncode == 0, result.stderr
    assert "Could not use" not in result.stdout + result.stderr
    assert "Reviewed 1" in result.stdout


def _closed(fd: int):
    return lambda: os.close(fd)  # in the child, before exec: as `<&-` or `>&-` in a shell


@pytest.mark.parametrize("args", [["progress"], ["--help"], ["study", "--print", "hard-lesson"]])
def test_a_closed_standard_output_is_an_io_error(tmp_path, content, args):
    env = child_env(tmp_path / "home", SYSDESIGN_CONTENT_DIR=str(content))
    done = subprocess.run([str(BIN), *args], stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
                          preexec_fn=_closed(1), timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("Could not write the output (standard output is closed)")
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("args", [["quiz", "--all"], ["study", "hard-lesson"], ["estimate", "--seed", "1"]])
def test_a_closed_standard_input_reads_as_no_input(tmp_path, content, args):
    env = child_env(tmp_path / "home", SYSDESIGN_CONTENT_DIR=str(content))
    done = subprocess.run([str(BIN), *args], capture_output=True, text=True, env=env, preexec_fn=_closed(0),
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr


def test_no_home_folder_and_no_passwd_entry_says_what_to_set(tmp_path, content):
    """HOME unset, and a user id the system does not know: the folder cannot be worked out."""
    import pwd
    import shutil

    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        pytest.skip("needs root and setpriv to run as a user id with no passwd entry")
    unknown = next(uid for uid in range(54321, 60000) if uid not in {p.pw_uid for p in pwd.getpwall()})
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "SYSDESIGN_CONTENT_DIR": str(content), "TZ": "UTC"}
    done = subprocess.run([setpriv, f"--reuid={unknown}", f"--regid={unknown}", "--clear-groups", str(BIN), "progress"],
                          capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=60)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Set SYSDESIGN_HOME to a folder you can write" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_direction_overrides_and_zero_width_marks_never_reach_an_export(tmp_path):
    import sqlite3
    import zipfile

    root = write_small_course(tmp_path / "content", cards=2)
    deck = root / "flashcards" / "hard.yaml"
    deck.write_text(deck.read_text().replace("'front hc-000'", '"front \\u202eevil\\u200b\\u2066 hc-000"'))
    for format_, name in (("csv", "cards.csv"), ("anki", "cards.apkg")):
        result = invoke(["export", format_, str(tmp_path / name)], tmp_path / "home", content=root)
        assert result.returncode == 0, result.stderr
    text = (tmp_path / "cards.csv").read_text(encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "cards.apkg") as apkg:
        apkg.extract("collection.anki2", tmp_path)
    conn = sqlite3.connect(tmp_path / "collection.anki2")
    text += "".join(fields for (fields,) in conn.execute("SELECT flds FROM notes"))
    conn.close()
    assert text.count("front evil hc-000") == 2
    assert not {"\u202e", "\u200b", "\u2066"} & set(text)
