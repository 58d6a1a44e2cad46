"""Make a large synthetic collection for the benchmarks (and small ones for tests).

    python tests/bench/generate.py --cards 5000 --reviews 100000 --out /tmp/sysdesign-bench

writes

    OUT/content/lessons/NN-bench-lesson-K.yaml   lessons with sections and all five question kinds
    OUT/content/lessons/checklist.yaml
    OUT/content/flashcards/bench-lesson-K.yaml   the cards, spread over the lessons' decks
    OUT/home/progress.sqlite3                    every lesson finished, REVIEWS reviews, per-card state

Use them with SYSDESIGN_CONTENT_DIR=OUT/content SYSDESIGN_HOME=OUT/home (the command
prints the two lines). The review history is made by fsrs set up as the real scheduler
(core.scheduler), so each card's state is a replay of its log, as `sysdesign quiz` writes
it; a tenth of the cards are left new, and some reviewed cards are due now. Rows are
written in bulk: 20,000 cards and 1,000,000 reviews take well under a minute.
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


def card_history(scheduler, item_id: str, count: int, now: datetime, rng: random.Random):
    """One card's reviews (unix time, rating, ms) spread over up to a year before ``now``, and
    what replaying them gives: (log, state JSON, due, stability, last review, lapses).

    fsrs is driven directly (no JSON between reviews: ~15 µs a rating, so 1,000,000 reviews
    take seconds, not minutes); the state is serialised as core.scheduler.Scheduler.rate does,
    so it equals a replay of the log through it."""
    from fsrs import Card, Rating, State

    from sysdesign.core.scheduler import fsrs_card_id

    last = now - timedelta(days=rng.uniform(0.01, 30))
    first = last - timedelta(days=rng.uniform(30, 365))
    start, span = int(first.timestamp()), int((last - first).total_seconds())
    card = Card(card_id=fsrs_card_id(item_id), due=datetime.fromtimestamp(start, timezone.utc))
    rows, lapses = [], 0
    for k in range(count):
        at = start + (span * k) // max(count - 1, 1)  # whole seconds, as the log keeps them
        rating = rng.choices((1, 2, 3, 4), weights=(10, 10, 70, 10))[0]
        if rating == 1 and card.state == State.Review:
            lapses += 1
        card, _ = scheduler.review_card(card, Rating(rating), datetime.fromtimestamp(at, timezone.utc))
        rows.append((at, rating, rng.randint(1500, 9000)))
    state = json.dumps(card.to_dict(), sort_keys=True)
    return rows, state, card.due, card.stability, datetime.fromtimestamp(rows[-1][0], timezone.utc), lapses


def write_data(home: Path, manifest: dict, reviews: int, *, now: datetime = NOW, seed: int = 5,
               new_fraction: float = 0.1) -> dict:
    """A database with every lesson finished and ``reviews`` reviews, written in bulk (one
    transaction, executemany) in the schema `sysdesign quiz` writes."""
    from fsrs import Scheduler as FsrsScheduler

    from sysdesign.store.db import connect

    rng = random.Random(seed)
    home.mkdir(parents=True, exist_ok=True)
    path = home / "progress.sqlite3"
    if path.exists():
        path.unlink()
    conn = connect(path).conn
    # fsrs as core.scheduler.Scheduler() sets it up (retention 0.9, no fuzz)
    scheduler = FsrsScheduler(desired_retention=0.9, enable_fuzzing=False)
    cards = manifest["cards"]
    keep_new = int(len(cards) * new_fraction) if reviews else len(cards)
    reviewed = cards[: len(cards) - keep_new] if reviews else []
    per_card = [reviews // len(reviewed) + (1 if i < reviews % len(reviewed) else 0) for i in range(len(reviewed))] if reviewed else []
    stamp = lambda t: t.isoformat(timespec="seconds")  # noqa: E731
    deck_of = {card: card.rsplit("-card-", 1)[0] for card in cards}  # bench-lesson-K-card-N: deck bench-lesson-K
    log_rows: list[tuple] = []
    item_rows: list[tuple] = []
    state_rows: list[tuple] = []
    for item_id, count in zip(reviewed, per_card):
        if count == 0:
            continue
        number = len(item_rows) + 1
        rows, state, due, stability, last, lapses = card_history(scheduler, item_id, count, now, rng)
        log_rows.extend((number, at, rating, ms) for at, rating, ms in rows)
        item_rows.append((number, item_id, deck_of[item_id], len(rows), sum(r[1] == 1 for r in rows), lapses))
        state_rows.append((item_id, "card", state, stamp(due), stability, stamp(last)))
    log_rows.sort(key=lambda r: r[1])  # the log is in time order, as reviews happen
    finished_at = stamp(now - timedelta(days=400))
    conn.execute("PRAGMA foreign_keys = OFF")  # items get their counts after the log, below
    conn.execute("BEGIN")
    for lesson in manifest["lessons"]:
        conn.execute("INSERT INTO lesson_finished VALUES (?, ?)", (lesson, finished_at))
        for section in manifest["sections"][lesson]:
            conn.execute("INSERT INTO section_progress VALUES (?, ?, ?)", (lesson, section, finished_at))
    # the log first, with no items rows yet: the counting triggers find nothing to update
    conn.executemany("INSERT INTO reviews (item, at, rating, duration_ms) VALUES (?, ?, ?, ?)", log_rows)
    conn.executemany("INSERT INTO items (id, name, kind, source, reviews, again, lapses) "
                     "VALUES (?, ?, 'card', ?, ?, ?, ?)",
                     item_rows)
    conn.executemany("INSERT INTO card_state (item_id, kind, state, due, stability, updated_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)", state_rows)
    conn.execute("COMMIT")
    due_now = conn.execute("SELECT count(*) FROM card_state WHERE due <= ?", (stamp(now),)).fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return {"database": str(path), "reviews": len(log_rows), "card_states": len(state_rows), "due_now": due_now,
            "new_cards": keep_new, "bytes": path.stat().st_size,
            "bytes_per_review": round(path.stat().st_size / len(log_rows), 1) if log_rows else None}


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
