"""Make a large synthetic collection for the benchmarks (and small ones for tests).

    python tests/bench/generate.py --cards 5000 --reviews 100000 --out /tmp/sysdesign-bench

writes

    OUT/content/lessons/NN-bench-lesson-K.yaml   lessons with sections and all five question kinds
    OUT/content/lessons/checklist.yaml
    OUT/content/flashcards/bench-lesson-K.yaml   the cards, spread over the lessons' decks
    OUT/home/progress.sqlite3                    every lesson finished, REVIEWS reviews, per-card state

Use them with SYSDESIGN_CONTENT_DIR=OUT/content SYSDESIGN_HOME=OUT/home (the command
prints the two lines). The review history is made by the real scheduler (core.scheduler,
over fsrs), so states, due times and the log are consistent with what `sysdesign quiz`
writes; a tenth of the cards are left new, and some reviewed cards are due now.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

MAX_LESSONS = 8  # lessons take `order` 1..8
NOW = datetime(2025, 6, 1, 9, 0, tzinfo=timezone.utc)


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


def lesson_ids(lessons: int) -> list[str]:
    return [f"bench-lesson-{k}" for k in range(1, lessons + 1)]


def _questions(lesson: str) -> list[str]:
    """One question of every kind, with answers that are easy to script (see ANSWERS)."""
    p = lesson
    return [
        f"""  - id: {p}-q-choice
    kind: choice
    prompt: "Which of these is the second option?"
    choices: [first option, second option, third option]
    answer: 1
    explain: "The second option is listed second."
    tags: [bench, choice]""",
        f"""  - id: {p}-q-multi
    kind: multi
    prompt: "Which of these are even numbers?"
    choices: ["two", "three", "four", "five"]
    answer: [0, 2]
    explain: "Two and four divide by two; three and five do not."
    tags: [bench, multi]""",
        f"""  - id: {p}-q-truefalse
    kind: truefalse
    prompt: "A synthetic lesson is still a lesson."
    answer: true
    explain: "It validates like any other."
    tags: [bench, truefalse]""",
        f"""  - id: {p}-q-order
    kind: order
    prompt: "Put these from smallest to largest."
    choices: [kilobyte, byte, megabyte]
    answer: [1, 0, 2]
    explain: "A byte, then a thousand of them, then a million."
    tags: [bench, order]""",
        f"""  - id: {p}-q-numeric
    kind: numeric
    prompt: "How many seconds are in a day?"
    answer: {{value: 86400, tolerance: 0.05, unit: s}}
    explain: "24 hours times 3,600 seconds is 86,400 seconds."
    tags: [bench, numeric]""",
    ]


# scripted answers that are right for the questions above, by kind
ANSWERS = {"choice": "b", "multi": "a,c", "truefalse": "t", "order": "b a c", "numeric": "1 d"}
WRONG = {"choice": "a", "multi": "b", "truefalse": "f", "order": "a b c", "numeric": "1 h"}


def write_content(root: Path, cards: int, lessons: int | None = None) -> dict:
    """A content folder (lessons/ + flashcards/) that validates; returns what it holds."""
    lessons = lessons or max(1, min(MAX_LESSONS, cards // 20 or 1))
    if lessons > MAX_LESSONS:
        raise ValueError(f"at most {MAX_LESSONS} lessons")
    for sub in ("lessons", "flashcards"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    ids = lesson_ids(lessons)
    per_deck = [cards // lessons + (1 if k < cards % lessons else 0) for k in range(lessons)]
    card_ids: list[str] = []
    for k, lesson in enumerate(ids):
        order = k + 1
        qs = _questions(lesson)
        text = [
            f"id: {lesson}",
            f"title: Synthetic lesson {order}",
            f"order: {order}",
            f"summary: A generated lesson for benchmarks, number {order}.",
            "sections:",
        ]
        for s, checks in enumerate(([f"{lesson}-q-choice", f"{lesson}-q-multi"],
                                    [f"{lesson}-q-truefalse", f"{lesson}-q-order", f"{lesson}-q-numeric"])):
            text += [
                f"  - id: {lesson}-s{s + 1}",
                f"    title: Part {s + 1}",
                "    body: |",
                f"      ### Generated part {s + 1}",
                "",
                f"      Filler prose for lesson {order}, part {s + 1}. It exists so that",
                "      the lesson has a body to render; nothing here is meant to teach.",
                "",
                "      | column | value |",
                "      |---|---|",
                f"      | lesson | {order} |",
                f"    checks: [{', '.join(checks)}]",
            ]
        text.append("questions:")
        text += qs
        (root / "lessons" / f"{order:02d}-{lesson}.yaml").write_text("\n".join(text) + "\n", encoding="utf-8")
        deck = [f"deck: {lesson}", f"title: Synthetic deck {order}", f"lesson: {lesson}", "cards:"]
        for n in range(per_deck[k]):
            cid = f"{lesson}-card-{n + 1:05d}"
            card_ids.append(cid)
            deck.append(f"  - id: {cid}")
            deck.append(f"    front: {_q(f'Synthetic fact {n + 1} of deck {order}: what is its number?')}")
            deck.append(f"    back: {_q(f'{n + 1} (deck {order})')}")
            deck.append(f"    tags: [bench, tag-{n % 7}]")
        (root / "flashcards" / f"{lesson}.yaml").write_text("\n".join(deck) + "\n", encoding="utf-8")
    checklist = ["items:"]
    for item in ("scale", "availability", "consistency", "constraints", "core-use-cases", "api-boundaries"):
        checklist += [f"  - id: {item}", f"    title: {item.replace('-', ' ').capitalize()}",
                      f"    ask: [{_q(f'Generated question about {item}?')}]",
                      f"    why: {_q(f'Generated reason about {item}.')}"]
    (root / "lessons" / "checklist.yaml").write_text("\n".join(checklist) + "\n", encoding="utf-8")
    sections = {lesson: [f"{lesson}-s1", f"{lesson}-s2"] for lesson in ids}
    return {"lessons": ids, "sections": sections, "cards": card_ids,
            "questions": [f"{le}-q-{kind}" for le in ids for kind in ANSWERS]}


def write_data(home: Path, manifest: dict, reviews: int, *, now: datetime = NOW, seed: int = 5,
               new_fraction: float = 0.1) -> dict:
    """A database with every lesson finished and ``reviews`` reviews made by the real scheduler."""
    from sysdesign.core.scheduler import Scheduler
    from sysdesign.store.db import connect

    rng = random.Random(seed)
    home.mkdir(parents=True, exist_ok=True)
    path = home / "progress.sqlite3"
    if path.exists():
        path.unlink()
    conn = connect(path).conn
    scheduler = Scheduler()
    cards = manifest["cards"]
    keep_new = int(len(cards) * new_fraction) if reviews else len(cards)
    reviewed = cards[: len(cards) - keep_new] if reviews else []
    log_rows: list[tuple] = []
    state_rows: list[tuple] = []
    per_card = [reviews // len(reviewed) + (1 if i < reviews % len(reviewed) else 0) for i in range(len(reviewed))] if reviewed else []
    stamp = lambda t: t.isoformat(timespec="seconds")  # noqa: E731
    for item_id, count in zip(reviewed, per_card):
        if count == 0:
            continue
        last = now - timedelta(days=rng.uniform(0.01, 30))
        first = last - timedelta(days=rng.uniform(30, 365))
        state = None
        for k in range(count):
            when = first + (last - first) * (k / max(count - 1, 1))
            rating = rng.choices((1, 2, 3, 4), weights=(10, 10, 70, 10))[0]
            outcome = scheduler.rate(item_id, state, rating, when, rng.randint(1500, 9000))
            log_rows.append((item_id, "card", rating, stamp(when), rng.randint(1500, 9000), state, None))
            state = outcome.state
        state_rows.append((item_id, "card", state, stamp(outcome.due), outcome.stability, stamp(outcome.reviewed_at)))
    log_rows.sort(key=lambda r: r[3])
    finished_at = stamp(now - timedelta(days=400))
    conn.execute("BEGIN")
    for lesson in manifest["lessons"]:
        conn.execute("INSERT INTO lesson_finished VALUES (?, ?)", (lesson, finished_at))
        for section in manifest["sections"][lesson]:
            conn.execute("INSERT INTO section_progress VALUES (?, ?, ?)", (lesson, section, finished_at))
    conn.executemany("INSERT INTO reviews (item_id, kind, rating, reviewed_at, duration_ms, prev_state, answer) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", log_rows)
    conn.executemany("INSERT INTO card_state (item_id, kind, state, due, stability, updated_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)", state_rows)
    conn.execute("COMMIT")
    due_now = conn.execute("SELECT count(*) FROM card_state WHERE due <= ?", (stamp(now),)).fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return {"database": str(path), "reviews": len(log_rows), "card_states": len(state_rows), "due_now": due_now,
            "new_cards": keep_new}


def generate(out: Path, cards: int, reviews: int, *, lessons: int | None = None, seed: int = 5,
             now: datetime = NOW) -> dict:
    content, home = out / "content", out / "home"
    for folder in (content, home):
        if folder.exists():
            shutil.rmtree(folder)
    manifest = write_content(content, cards, lessons)
    data = write_data(home, manifest, reviews, now=now, seed=seed)
    return {"content": str(content), "home": str(home), "now": now.isoformat(), **data,
            "lessons": len(manifest["lessons"]), "cards": len(manifest["cards"]),
            "questions": len(manifest["questions"])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--lessons", type=int, default=None, help=f"1..{MAX_LESSONS} (default: as many as fit)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    info = generate(args.out, args.cards, args.reviews, lessons=args.lessons, seed=args.seed)
    print(json.dumps(info, indent=2))
    print(f"# made in {time.perf_counter() - started:.1f} s; use it with:", file=sys.stderr)
    print(f"export SYSDESIGN_CONTENT_DIR={info['content']} SYSDESIGN_HOME={info['home']} "
          f"SYSDESIGN_NOW={info['now']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
