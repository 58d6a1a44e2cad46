"""Faults the hardening fuzzers and probes found, each pinned by an exact test."""

from __future__ import annotations

from sysdesign.content.loader import Source, load_sources
from tests.hardening.test_yaml_fuzz import check_fault

REFERENCE_TWO_COLUMNS_WITHOUT_ID = """\
id: latency
title: Latency numbers
tables:
  - id: latency-numbers
    title: How long things take
    columns:
      - {id: operation, title: Operation}
      - {title: First}
      - {title: Second}
    rows:
      - {operation: an L1 cache reference}
"""


def test_a_reference_table_with_two_columns_without_an_id_is_a_fault_not_a_crash(tmp_path):
    """content/reference.py: `duplicate column id` reported at cm.val_pos["id"], which a
    column without `id` does not have (KeyError: 'id' — a traceback from `content validate`)."""
    path = tmp_path / "latency.yaml"
    path.write_text(REFERENCE_TWO_COLUMNS_WITHOUT_ID)
    result = load_sources([Source(path, "reference")])
    assert result.errors
    for error in result.errors:
        check_fault(error)
    assert any("missing required key 'id'" in e.message for e in result.errors)
