"""Documents built to hang or exhaust the loader are refused quickly, with a position.

The guards in content/yamlsrc.py: MAX_BYTES (file size), MAX_DEPTH (nesting, in flow and in
block style), MAX_NODES (values after alias expansion — "billion laughs" — and values in a
big file, counted before composing). Only plain YAML types are built: tags that construct
Python objects are refused, never run. Time limits here are generous hang detectors, not
benchmarks.
"""

from __future__ import annotations

import time

import pytest

from sysdesign.content.errors import ContentError
from sysdesign.content.yamlsrc import MAX_BYTES, MAX_DEPTH, MAX_NODES, parse_yaml, read_yaml
from tests.hardening.conftest import run, write_small_course
from tests.hardening.test_yaml_fuzz import check_fault

HANG = 10.0  # seconds: anything slower than this counts as a hang


def refused(text: str, *, says: str) -> ContentError:
    started = time.monotonic()
    with pytest.raises(ContentError) as info:
        parse_yaml(text, "hostile.yaml")
    assert time.monotonic() - started < HANG, "took too long to refuse"
    check_fault(info.value)
    assert says in info.value.message, info.value.message
    return info.value


def laughs(levels: int = 9, width: int = 9) -> str:
    lines = ['l0: &l0 ["lol"' + ', "lol"' * (width - 1) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_at_once():
    started = time.monotonic()
    error = refused(laughs(), says="more than")
    assert time.monotonic() - started < 1.0  # counted through the alias, not expanded
    assert error.line > 1  # points at the alias that tips it over


def test_a_quadratic_blowup_through_map_aliases_is_refused():
    rows = ["a: &a {" + ", ".join(f"k{i}: v" for i in range(60)) + "}"]
    rows += [f"b{j}: &b{j} [" + ", ".join(["*a" if j == 0 else f"*b{j - 1}"] * 60) + "]" for j in range(4)]
    refused("\n".join(rows) + "\n", says="more than")


def test_small_harmless_aliases_still_work():
    doc = parse_yaml("tags: &t [a, b]\nmore: *t\nagain: *t\n", "ok.yaml")
    assert doc["more"] == ["a", "b"] and doc["again"] == ["a", "b"]


@pytest.mark.parametrize("text", ["&a [*a]", "&a {x: *a}", "- &a [x, *a]"], ids=["list", "map", "nested"])
def test_recursive_aliases_are_refused(text):
    refused(text, says="nesting deeper")


@pytest.mark.parametrize(("name", "text"), [
    ("flow lists", "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)),
    ("flow maps", "{a: " * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1)),
    ("block maps", "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 2)) + "  " * (MAX_DEPTH + 2) + "v\n"),
    ("block lists", "".join("  " * i + "-\n" for i in range(MAX_DEPTH + 2)) + "  " * (MAX_DEPTH + 2) + "x\n"),
    ("compact block lists", "- " * (MAX_DEPTH + 2) + "x\n"),
    ("very deep compact block lists", "- " * 5000 + "x\n"),
    ("very deep block maps", "".join(" " * i + "k:\n" for i in range(3000)) + " " * 3000 + "v\n"),
    ("alias of a deep list placed deeper", "a: &x " + "[" * 30 + "1" + "]" * 30 + "\nb: " + "[" * 15 + "*x" + "]" * 15),
])
def test_deep_nesting_is_refused(name, text):
    started = time.monotonic()
    with pytest.raises(ContentError) as info:
        parse_yaml(text, "deep.yaml")
    assert time.monotonic() - started < HANG
    check_fault(info.value)
    assert any(w in info.value.message for w in ("nest", "larger than", "depth")), info.value.message


def test_nesting_at_the_limit_is_fine():
    assert parse_yaml("[" * MAX_DEPTH + "]" * MAX_DEPTH, "ok.yaml") is not None


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"a: " + b"x" * MAX_BYTES + b"\n")
    started = time.monotonic()
    with pytest.raises(ContentError) as info:
        read_yaml(path)
    assert time.monotonic() - started < 2.0
    assert "larger than" in info.value.message and info.value.path == str(path)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "text"), [
    ("a flat flow list", "[" + "1," * (MAX_BYTES // 2 - 8) + "1]"),
    ("a block list", "- 1\n" * (MAX_BYTES // 4 - 8)),
    ("a map of short strings", "".join(f"k{i}: v\n" for i in range(MAX_BYTES // 12))),
])
def test_a_file_of_millions_of_tiny_values_is_refused_before_composing(name, text):
    """Just under the size limit, a file can hold two million values; composing them would
    take many seconds. They are counted first (cheap) and refused."""
    assert len(text) <= MAX_BYTES
    refused(text, says=f"{MAX_NODES:,}")


@pytest.mark.parametrize("text", [
    "!!python/object/apply:os.system ['touch {canary}']",
    "a: !!python/object/apply:os.system ['touch {canary}']",
    "a: !!python/object/new:os.system ['touch {canary}']",
    "a: !!python/name:os.system",
    "a: !!python/module:os",
    "a: !!python/tuple [1, 2]",
    "a: !!binary aGVsbG8=",
    "a: !!set {x, y}",
    "a: !!omap [x: 1]",
    "a: !!timestamp 2001-12-14",
    "a: 2001-12-14",
    "a: !custom thing",
    "a: &x {k: 1}\nb: {<<: *x}",
], ids=["apply-doc", "apply", "new", "name", "module", "tuple", "binary", "set", "omap", "timestamp-tag",
        "implicit-timestamp", "custom", "merge-key"])
def test_tags_that_construct_objects_are_refused_and_never_run(tmp_path, text):
    canary = tmp_path / "pwned"
    error = refused(text.replace("{canary}", str(canary)), says="not allowed")
    assert "tag" in error.message
    assert not canary.exists(), "a YAML tag ran code"


def test_content_validate_reports_hostile_files_and_exits_2(tmp_path):
    """Through the command: every hostile file is one fault line, exit 2, quickly."""
    content = write_small_course(tmp_path / "content")
    hostile = {
        "laughs.yaml": laughs(),
        "deep.yaml": "- " * 200 + "x\n",
        "tags.yaml": f"deck: x\ntitle: !!python/object/apply:os.system ['touch {tmp_path / 'pwned'}']\ncards: []\n",
        "binary.yaml": "\x00\x01\x02 not text",
        "latin1.yaml": None,
    }
    for name, text in hostile.items():
        path = content / "flashcards" / name
        if text is None:
            path.write_bytes("deck: caf\xe9\n".encode("latin-1"))
        else:
            path.write_text(text)
    (content / "flashcards" / "huge.yaml").write_bytes(b"x: " + b"y" * (MAX_BYTES + 10))
    started = time.monotonic()
    result = run(["content", "validate", str(content)], tmp_path / "home", timeout=30)
    assert time.monotonic() - started < 15
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    faults = [line for line in result.stdout.splitlines() if line.strip()]
    for name in [*hostile, "huge.yaml"]:
        mine = [line for line in faults if f"{name}:" in line]
        assert mine, f"no fault reported for {name}: {result.stdout}"
        for line in mine:
            assert line.split(name, 1)[1].startswith(":"), line  # path:line:col: message
    assert not (tmp_path / "pwned").exists()


def test_a_file_over_the_size_limit_is_read_no_further_than_the_limit(tmp_path, monkeypatch):
    """An 8 GB file took 40 s a command when read whole (issue 15): at most the limit is read."""
    from sysdesign.content import yamlsrc

    path = tmp_path / "sparse.yaml"
    with path.open("wb") as fh:
        fh.truncate(8 * 1024**3)  # sparse: no disk space used
    taken: list[int] = []
    real_open = open

    class Counted:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def read(self, size=-1):
            data = self.fh.read(min(size, MAX_BYTES * 2) if size is not None and size >= 0 else MAX_BYTES * 2)
            taken.append(len(data) if size is not None and size >= 0 else -1)
            return data

    monkeypatch.setattr(yamlsrc, "open", lambda *a, **k: Counted(real_open(*a, **k)), raising=False)
    with pytest.raises(ContentError, match="larger than"):
        read_yaml(path)
    assert taken and -1 not in taken and sum(taken) <= MAX_BYTES + 1, taken
