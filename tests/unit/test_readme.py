"""The README a new contributor reads first: true about what it needs, self-contained."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_it_names_the_python_version_the_package_requires():
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")  # (tomllib is 3.11+)
    version = re.search(r'^requires-python\s*=\s*">=\s*(\d+\.\d+)"', pyproject, re.M).group(1)
    assert f"Python {version} or newer" in README


def test_it_says_how_long_the_whole_suite_takes():
    setup = README[README.index("## Set up"):README.index("## A short tour")]
    assert re.search(r"\b(minutes?|seconds?)\b", setup), setup


def test_it_points_at_nothing_outside_the_repository():
    outside = re.findall(r"\.\./[\w./-]+|/work/[\w./-]+", README)
    assert not outside, outside
    for target in re.findall(r"\]\(([^)#]+)\)", README):  # every relative link resolves in the repo
        if not re.match(r"\w+://", target):
            assert (REPO / target).exists(), target
