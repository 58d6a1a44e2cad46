"""Start-up benchmarks, as ratios to a one-command Typer app's --help, measured in one run.

    python tests/bench/run.py                       # generates 5,000 cards + 100,000 reviews first
    python tests/bench/run.py --large               # 20,000 cards + 1,000,000 reviews
    python tests/bench/run.py --data /tmp/bench     # reuse a folder made by generate.py
    python tests/bench/run.py --smoke               # tiny data, one run each, no budgets (CI)

Each figure is the best of N runs (wall time of a fresh process):

    baseline          a one-command Typer app: --help
    sysdesign --help
    progress --json   with the big collection
    home screen       `sysdesign` in a pseudo-terminal, until its menu shows
    first quiz card   `sysdesign quiz` in a pseudo-terminal, until the first card's keys show
    validate cold     `content validate` with the parse cache removed (absolute budget)
    validate warm     the same with the cache in place
    optimize          `optimize --yes --json` on a copy of the data, once (≤ 10 s at 100,000)

and the size of the history on disk: bytes per review (the file, and the log with its
indexes by SQLite's dbstat). The time budgets are ratios to the baseline: 1.5x up to
100,000 reviews, 2x above (DESIGN.md, performance budget).

Exit status 1 if a budget is missed (never in --smoke mode).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

BASELINE_APP = '''
import typer

app = typer.Typer()


@app.command()
def main(name: str = typer.Option("world", help="Who to greet.")) -> None:
    """Say hello."""
    typer.echo(f"hello {name}")


app()
'''

FIRST_CARD_MARK = "Space/Enter"  # the key line under every card's front


def sysdesign_bin() -> Path:
    beside = Path(sys.executable).parent / "sysdesign"
    if beside.exists():
        return beside
    found = shutil.which("sysdesign")
    if not found:
        sys.exit("sysdesign is not installed in this environment (pip install -e '.[test]').")
    return Path(found)


def best_of(runs: int, fn: Callable[[], float | None]) -> float:
    """The fastest of ``runs`` calls; ``fn`` may return its own timing (seconds)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        own = fn()
        times.append(own if own is not None else time.perf_counter() - started)
    return min(times)


def run_quiet(cmd: list[str], env: dict[str, str], ok_codes=(0,)) -> Callable[[], None]:
    def go() -> None:
        done = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=120)
        if done.returncode not in ok_codes:
            raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    return go


def first_card(cmd: list[str], env: dict[str, str]) -> Callable[[], float]:
    """Seconds from starting the command in a pseudo-terminal to its first card on screen."""
    import pexpect

    def go() -> float:
        started = time.perf_counter()
        child = pexpect.spawn(cmd[0], cmd[1:], env=env, encoding="utf-8", timeout=60, dimensions=(40, 100))
        child.delaybeforesend = None  # pexpect's default pauses are not the program's time
        child.delayafterclose = 0
        try:
            index = child.expect_exact([FIRST_CARD_MARK, "Nothing", pexpect.EOF])
            elapsed = time.perf_counter() - started
            if index != 0:
                raise SystemExit(f"the quiz showed no card: {child.before[-2000:]}")
        finally:
            child.send("q")  # quit without rating: the data stays as it was
            child.expect(pexpect.EOF)
            child.close()
        return elapsed
    return go


HOME_MARK = "What next"  # the home screen's menu


def home_screen(cmd: list[str], env: dict[str, str]) -> Callable[[], float]:
    """Seconds from starting `sysdesign` in a pseudo-terminal to its menu on screen."""
    import pexpect

    def go() -> float:
        started = time.perf_counter()
        child = pexpect.spawn(cmd[0], cmd[1:], env=env, encoding="utf-8", timeout=60, dimensions=(40, 100))
        child.delaybeforesend = None
        child.delayafterclose = 0
        try:
            while (index := child.expect(["\x1b\\[6n", HOME_MARK, pexpect.EOF])) == 0:
                child.send("\x1b[1;1R")  # answer prompt_toolkit's cursor-position request
            elapsed = time.perf_counter() - started
            if index != 1:
                raise SystemExit(f"the home screen showed no menu: {child.before[-2000:]}")
        finally:
            child.sendintr()  # leave the menu: nothing is written
            child.expect(pexpect.EOF)
            child.close()
        return elapsed
    return go


def compile_package() -> None:
    """Byte-compile sysdesign once, as installing it does: with PYTHONDONTWRITEBYTECODE set
    (some shells and CI images set it) an editable install would otherwise compile every
    module on every run, a cost no installed copy pays."""
    import compileall

    import sysdesign

    compileall.compile_dir(Path(sysdesign.__file__).parent, quiet=1)


def measure(data: Path, runs: int) -> dict[str, float]:
    binary = str(sysdesign_bin())
    compile_package()
    home, content = data / "home", data / "content"
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("SYSDESIGN_")}
    env = {**base_env, "SYSDESIGN_HOME": str(home), "SYSDESIGN_CONTENT_DIR": str(content),
           "SYSDESIGN_NOW": _now_of(data), "TERM": "xterm-256color", "COLUMNS": "100"}
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "one_command.py"
        script.write_text(BASELINE_APP)
        cache = home / "cache"

        validate = run_quiet([binary, "content", "validate"], env)

        def cold() -> float:
            shutil.rmtree(cache, ignore_errors=True)  # the parse cache, not the timed part
            started = time.perf_counter()
            validate()
            return time.perf_counter() - started

        def warm() -> float:
            if not cache.exists():
                validate()  # put the cache in place, untimed
            started = time.perf_counter()
            validate()
            return time.perf_counter() - started

        plan: dict[str, Callable[[], float | None]] = {
            "baseline": run_quiet([sys.executable, str(script), "--help"], env),
            "help": run_quiet([binary, "--help"], env),
            "progress": run_quiet([binary, "progress", "--json"], env),
            "home": home_screen([binary], env),
            "first_card": first_card([binary, "quiz"], env),
            "validate_cold": cold,
            "validate_warm": warm,
        }
        validate()  # warm the parse cache and the OS file cache once
        # round-robin: every figure sees the same share of any background load
        results: dict[str, float] = {}
        for _ in range(runs):
            for key, fn in plan.items():
                results[key] = min(results.get(key, float("inf")), best_of(1, fn))
        validate()  # leave the cache warm
        if history_size(data)["reviews"] <= OPTIMIZE_UP_TO:
            results["optimize"] = time_optimize(binary, env, home, Path(tmp))
    return results


OPTIMIZE_UP_TO = 200_000  # its budget is for 100,000 reviews; a million take minutes


def time_optimize(binary: str, env: dict[str, str], home: Path, tmp: Path) -> float:
    """`optimize --yes --json` once, on a copy of the data (it would apply what it fits)."""
    copy = tmp / "optimize-home"
    shutil.copytree(home, copy)
    started = time.perf_counter()
    run_quiet([binary, "optimize", "--yes", "--json"], {**env, "SYSDESIGN_HOME": str(copy)})()
    return time.perf_counter() - started


def _now_of(data: Path) -> str:
    """The clock the data was made for (generate.NOW), so 'due now' is the same every run."""
    from generate import NOW

    return NOW.isoformat()


def budgets(reviews: int) -> list[tuple]:
    """(key, label, kind, limit): kind "ratio" to the baseline, or "seconds"."""
    flat = 1.5 if reviews <= 100_000 else 2.0  # cost flat in the size of the history
    return [
        ("help", "sysdesign --help", "ratio", 1.25),
        ("progress", "progress --json", "ratio", flat),
        ("home", "home screen (menu shown)", "ratio", flat),
        ("first_card", "time to the first quiz card", "ratio", flat),
        # DESIGN.md sets this one for 5,000 cards only; larger content is simply reported
        ("validate_cold", "content validate, cold", "seconds", 1.5 if reviews <= 100_000 else None),
        ("validate_warm", "content validate, warm", None, None),
        ("optimize", f"optimize ({reviews:,} reviews, once)", "seconds", 10.0 if reviews <= 100_000 else None),
    ]


BYTES_PER_REVIEW = 120


def history_size(data: Path) -> dict:
    """Reviews, and bytes per review: the whole file, and the log with its indexes (dbstat)."""
    import sqlite3

    db = data / "home" / "progress.sqlite3"
    conn = sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True)
    try:
        reviews = conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
        try:
            log = conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name IN "
                               "(SELECT name FROM sqlite_master WHERE tbl_name = 'reviews')").fetchone()[0]
        except sqlite3.Error:  # an SQLite built without dbstat
            log = None
    finally:
        conn.close()
    return {"reviews": reviews, "file": db.stat().st_size, "log": log}


def report(results: dict[str, float], *, cards: str, smoke: bool, size: dict | None = None) -> int:
    base = results["baseline"]
    print(f"baseline: one-command Typer app --help  {base * 1000:7.0f} ms   (data: {cards})")
    missed = 0
    reviews = size["reviews"] if size else 0
    if size and reviews:
        per_file = size["file"] / reviews
        ok = per_file <= BYTES_PER_REVIEW
        missed += 0 if ok else 1
        log = f", log and its indexes {size['log'] / reviews:.1f}" if size["log"] else ""
        print(f"{'history on disk':<32} {size['file'] / 1e6:7.1f} MB   {per_file:5.1f} bytes/review (file{log})"
              f"   budget ≤ {BYTES_PER_REVIEW}   {'ok' if ok else 'MISSED'}")
    for key, label, kind, limit in budgets(reviews):
        if key not in results:
            print(f"{label:<32} skipped (more than {OPTIMIZE_UP_TO:,} reviews)")
            continue
        seconds = results[key]
        ratio = seconds / base
        line = f"{label:<32} {seconds * 1000:7.0f} ms   {ratio:5.2f}×"
        if kind == "ratio":
            ok = ratio <= limit
            line += f"   budget ≤ {limit:g}×   {'ok' if ok else 'MISSED'}"
        elif kind == "seconds" and limit is None:
            ok = True  # the budget is for 100,000 reviews
        elif kind == "seconds":
            ok = seconds <= limit
            line += f"   budget ≤ {limit:g} s   {'ok' if ok else 'MISSED'}"
        else:
            ok = True
        missed += 0 if ok else 1
        print(line)
    if smoke:
        print("smoke run: budgets not enforced")
        return 0
    print("all budgets met" if not missed else f"{missed} budget(s) missed")
    return 1 if missed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="a folder made by generate.py (default: make one now)")
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--large", action="store_true", help="20,000 cards and 1,000,000 reviews")
    parser.add_argument("--runs", type=int, default=7, help="best of this many runs (default 7)")
    parser.add_argument("--smoke", action="store_true", help="tiny data, one run each, budgets not enforced")
    args = parser.parse_args(argv)
    if args.large:
        args.cards, args.reviews = 20_000, 1_000_000
    if args.smoke:
        args.cards, args.reviews, args.runs = min(args.cards, 60), min(args.reviews, 300), 1
    tmp = None
    data = args.data
    if data is None or not (data / "home").is_dir():
        from generate import generate

        if data is None:
            tmp = tempfile.TemporaryDirectory(prefix="sysdesign-bench-")
            data = Path(tmp.name)
        print(f"generating {args.cards} cards and {args.reviews} reviews in {data} …", file=sys.stderr)
        generate(data, args.cards, args.reviews)
    try:
        cards = f"{args.cards} cards, {args.reviews} reviews" if args.data is None else str(data)
        return report(measure(data, args.runs), cards=cards, smoke=args.smoke, size=history_size(data))
    finally:
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    sys.exit(main())
