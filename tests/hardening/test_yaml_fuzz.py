"""Hostile YAML: the loader and validator never raise anything but reported faults.

Property-based: arbitrary text, YAML-shaped noise, and mutations of the real lesson and
deck files. Every fault is one line, ``path:line:col: message``, with line and column
inside the file; nothing else escapes (no KeyError, TypeError, RecursionError, …).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sysdesign import locations
from sysdesign.content.errors import ContentError
from sysdesign.content.loader import Source, load_sources
from sysdesign.content.yamlsrc import parse_yaml

FAULT = re.compile(r"^(?P<path>[^\n]+):(?P<line>\d+):(?P<col>\d+): (?P<message>[^\n]+)$")
YAML_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
KINDS = ("lesson", "deck", "own-deck", "checklist", "scenario", "problem", "reference")

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.function_scoped_fixture])

# characters that mean something to YAML, plus a little text
YAML_BITS = st.sampled_from([
    "-", "- ", ":", ": ", "? ", "[", "]", "{", "}", ",", "!", "!!", "&a ", "*a", "|", ">", "#", "%YAML 1.1",
    "---", "...", "'", '"', "\\", "\n", "\n  ", "\n    ", "  ", "\t", "id", "title", "sections", "cards",
    "deck", "kind", "answer", "choices", "body", "checks", "order", "questions", "front", "back", "tags",
    "lesson", "items", "x", "1", "-1", "0.5", "1e400", ".nan", "true", "null", "~", "<<", "!!python/object:os.system",
    "!!binary", "!!set", "!!timestamp", "2020-01-01", "\x1b[2J", "\x00", "\ufeff", "é", "\u2028",
])
YAMLISH = st.lists(YAML_BITS, max_size=60).map("".join)


def check_fault(error: ContentError, text: str | None = None) -> None:
    shown = str(error)
    match = FAULT.match(shown)
    assert match, f"not path:line:col: message — {shown!r}"
    line, col = int(match["line"]), int(match["col"])
    assert line >= 1 and col >= 1, shown
    if text is not None:
        assert line <= len(YAML_BREAKS.findall(text)) + 2, shown  # YAML's own idea of a line


def parse_ok_or_fault(text: str) -> None:
    try:
        parse_yaml(text, "fuzz.yaml")
    except ContentError as error:
        check_fault(error, text)


@FUZZ
@given(st.text(max_size=300))
def test_parse_yaml_on_arbitrary_text(text):
    parse_ok_or_fault(text)


@FUZZ
@given(YAMLISH)
def test_parse_yaml_on_yaml_shaped_noise(text):
    parse_ok_or_fault(text)


def load_one(tmp: Path, kind: str, text: str | bytes):
    path = tmp / f"fuzz-{kind}.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = load_sources([Source(path, kind)])  # must never raise
    for error in result.errors:
        check_fault(error)
    return result


@FUZZ
@given(kind=st.sampled_from(KINDS), text=YAMLISH)
def test_load_sources_on_noise_of_every_kind(tmp_path, kind, text):
    load_one(tmp_path, kind, text)


@FUZZ
@given(kind=st.sampled_from(KINDS), raw=st.binary(max_size=200))
def test_load_sources_on_arbitrary_bytes(tmp_path, kind, raw):
    load_one(tmp_path, kind, raw)


# -- mutations of the real files ---------------------------------------------------------------


def real_files() -> dict[str, tuple[str, str]]:
    """Some of the shipped files, by kind: (kind, text)."""
    root = locations.builtin_content_dir()
    picks = {
        "lesson": sorted((root / "lessons").glob("0*.yaml"))[:1],
        "checklist": [root / "lessons" / "checklist.yaml"],
        "deck": sorted((root / "flashcards").glob("*.yaml"))[:1],
        "scenario": sorted((root / "lessons" / "estimates").glob("*.yaml"))[:1],
        "problem": sorted((root / "lessons" / "problems").glob("*.yaml"))[:1],
        "reference": sorted((root / "lessons" / "reference").glob("*.yaml"))[:1],
    }
    out = {}
    for kind, paths in picks.items():
        for path in paths:
            if path.is_file():
                out[f"{kind}:{path.name}"] = (kind, path.read_text(encoding="utf-8"))
    return out


REAL = real_files()


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(sorted(REAL)))
    kind, text = REAL[name]
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        op = draw(st.sampled_from(["delete", "duplicate", "indent", "dedent", "insert", "truncate", "swap", "replace"]))
        if op == "delete" and lines:
            del lines[i]
        elif op == "duplicate" and lines:
            lines.insert(i, lines[i])
        elif op == "indent" and lines:
            lines[i] = "  " + lines[i]
        elif op == "dedent" and lines:
            lines[i] = lines[i][2:]
        elif op == "insert":
            lines.insert(i, draw(YAMLISH))
        elif op == "truncate" and lines:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif op == "swap" and len(lines) > 1:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "replace" and lines and lines[i]:
            at = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:at] + draw(YAML_BITS) + lines[i][at + 1:]
    return kind, "\n".join(lines)


@pytest.mark.skipif(not REAL, reason="no shipped content found")
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(mutated())
def test_load_sources_on_mutated_real_files(tmp_path, case):
    kind, text = case
    load_one(tmp_path, kind, text)


def test_the_unmutated_real_files_load_cleanly(tmp_path):
    """The mutation test starts from valid files (so its faults come from the mutations)."""
    for name, (kind, text) in REAL.items():
        result = load_one(tmp_path, kind, text)
        own = [e for e in result.errors if "which does not exist" not in e.message]  # other files are absent
        assert not own, (name, [str(e) for e in own[:3]])


# -- well-formed YAML, wrong structure: fields of the real files set to arbitrary values, deleted,
#    emptied, list items duplicated -------------------------------------------------------------

SCALARS = (st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats(allow_nan=True, allow_infinity=True)
           | st.text(max_size=20) | st.sampled_from(["", " ", "a", "0", "-1", "1e400", "ms", "10 GB", "x -> y", "a: b"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _edit(node, path, op, value=None):
    """A copy of `node` with the thing at `path` replaced, deleted, emptied or duplicated."""
    if not path:
        return value if op == "set" else node
    head, rest = path[0], path[1:]
    if rest:
        if isinstance(node, dict):
            return {k: (_edit(v, rest, op, value) if k == head else v) for k, v in node.items()}
        return [(_edit(v, rest, op, value) if i == head else v) for i, v in enumerate(node)]
    out = dict(node) if isinstance(node, dict) else list(node)
    if op == "set":
        out[head] = value
    elif op == "delete":
        del out[head]
    elif op == "empty":
        out[head] = type(out[head])() if isinstance(out[head], (dict, list, str)) else None
    elif op == "duplicate" and isinstance(out, list):
        out.insert(head, out[head])
    return out


@st.composite
def wrong_values(draw):
    import yaml

    name = draw(st.sampled_from(sorted(REAL)))
    kind, text = REAL[name]
    doc = yaml.load(text, Loader=yaml.CSafeLoader)
    for _ in range(draw(st.integers(1, 4))):
        paths = list(_paths(doc))
        path = draw(st.sampled_from(paths))
        op = draw(st.sampled_from(["set", "delete", "empty", "duplicate"])) if path else "set"
        doc = _edit(doc, path, op, draw(VALUES) if op == "set" else None)
    return kind, yaml.dump(doc, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)


@pytest.mark.skipif(not REAL, reason="no shipped content found")
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(wrong_values())
def test_load_sources_on_real_files_with_wrong_values(tmp_path, case):
    kind, text = case
    load_one(tmp_path, kind, text)
