"""How well the interview coach's matcher does on the test set in tests/data/coach/.

    python tests/bench/coach.py            # a table per file, then the totals
    python tests/bench/coach.py --json     # the same as one JSON document

For each notes file: the weighted coverage the coach reports (at level staff: every point
counts), the points it marked covered that a person judged absent (false-covered) and the
points a person found that it missed. The false-covered rate is false-covered / marked covered
over the whole set; the miss rate is missed / present.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "coach"
KINDS = ("strong", "weak", "plain")


def problems() -> dict:
    from sysdesign.content.loader import Source, load_sources

    sources = [Source(p, "problem") for p in sorted((REPO / "lessons" / "problems").glob("*.yaml"))]
    result = load_sources(sources)
    return {p.id: p for p in result.course.problems}


def measure(level: str = "staff") -> dict:
    from sysdesign.core.coach import grade, split_notes

    by_id = problems()
    rows = []
    for folder in sorted(p for p in DATA.iterdir() if p.is_dir()):
        truth = yaml.safe_load((folder / "truth.yaml").read_text(encoding="utf-8"))
        problem = by_id[folder.name]
        for kind in KINDS:
            path = folder / f"{kind}.md"
            if not path.exists():
                continue
            report = grade(problem, split_notes(path.read_text(encoding="utf-8")), level)
            covered = {p.id for p in report.points if p.covered}
            present = set(truth.get(kind) or [])
            rows.append({
                "problem": folder.name, "notes": kind, "coverage": round(report.coverage, 3),
                "true_coverage": round(sum(k.weight for k in problem.key_points if k.id in present)
                                       / sum(k.weight for k in problem.key_points), 3),
                "marked": len(covered), "present": len(present),
                "false_covered": sorted(covered - present), "missed": sorted(present - covered),
            })
    marked = sum(r["marked"] for r in rows)
    present = sum(r["present"] for r in rows)
    false = sum(len(r["false_covered"]) for r in rows)
    missed = sum(len(r["missed"]) for r in rows)
    return {
        "level": level,
        "files": rows,
        "marked_covered": marked,
        "false_covered": false,
        "false_covered_rate": round(false / marked, 4) if marked else 0.0,
        "present": present,
        "missed": missed,
        "miss_rate": round(missed / present, 4) if present else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--level", default="staff", choices=("mid", "senior", "staff"))
    args = parser.parse_args(argv)
    doc = measure(args.level)
    if args.json:
        print(json.dumps(doc, indent=2))
        return 0
    print(f"{'problem':18} {'notes':7} {'coach':>6} {'person':>7}  false-covered / missed")
    for r in doc["files"]:
        print(f"{r['problem']:18} {r['notes']:7} {r['coverage']:6.0%} {r['true_coverage']:7.0%}  "
              f"{', '.join(r['false_covered']) or '-'} / {', '.join(r['missed']) or '-'}")
    print()
    print(f"false-covered rate: {doc['false_covered']} of {doc['marked_covered']} points marked covered "
          f"({doc['false_covered_rate']:.1%})")
    print(f"miss rate: {doc['missed']} of {doc['present']} points present ({doc['miss_rate']:.1%})")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    raise SystemExit(main())
