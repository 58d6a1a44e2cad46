"""Fitting FSRS to a learner's own reviews (fsrs-rs-python), evaluating it, and simulating the
workload of each desired retention. Pure: the reviews come in, numbers go out; no disk, no
clock, no terminal. fsrs_rs_python is imported inside the functions that use it.

Training items follow the library's own example for its version (``examples/train_csv.py`` of
fsrs-rs-python 0.9, FSRS-6): a card's history is its ratings with the days between them
(``delta_t``, counted between calendar days in the learner's time zone, so a same-day
review has ``delta_t`` 0); after every review on a later day than the one before, the
history so far is one training item; items whose history has no review on a later day are
left out (``long_term_review_cnt() == 0``); items are sorted by the time of their last
review, which is the order the library's time-series split expects. Same-day reviews stay
inside the histories: FSRS-6 fits its short-term parameters (w17-w19) on them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo

PARAMETER_COUNT = 21  # FSRS-6, what fsrs 6.x schedules with
MIN_TRAINING_REVIEWS = 400  # reviews on a later day than the card's previous one
MAX_TRAINING_REVIEWS = 100_000  # a longer history is fitted on its latest 100,000 (time, memory)
RETENTIONS = tuple(round(0.80 + k / 100, 2) for k in range(16))  # 0.80 … 0.95
N_SPLITS = 5  # the library's time-series split: 5 folds over 6 segments
SIMULATION_DAYS = 365
SIMULATION_SEED = 42

Progress = Callable[[str], None]


class NotEnoughReviews(ValueError):
    """Too few reviews to fit; `have` and `need` say how many count and how many are needed."""

    def __init__(self, have: int, need: int):
        super().__init__(f"{have} of {need} reviews that count")
        self.have, self.need = have, need


@dataclass(frozen=True)
class Evaluation:
    log_loss: float
    rmse: float  # the library's RMSE over bins (rmse_bins)


@dataclass(frozen=True)
class Workload:
    retention: float
    minutes_per_day: float
    reviews_per_day: float
    remembered: float  # cards remembered at the end of the simulated year


@dataclass(frozen=True)
class Fit:
    parameters: tuple[float, ...]
    default: Evaluation  # the default parameters on the held-out reviews
    fitted: Evaluation  # parameters fitted on earlier reviews only, on the same reviews
    training_reviews: int
    cards: int
    workload: tuple[Workload, ...] = field(default=())

    @property
    def better(self) -> bool:
        return self.fitted.log_loss < self.default.log_loss

    @property
    def best_retention(self) -> Workload | None:
        """The desired retention with the least time a day."""
        return min(self.workload, key=lambda w: (w.minutes_per_day, -w.retention)) if self.workload else None


def default_parameters() -> tuple[float, ...]:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    return tuple(float(p) for p in DEFAULT_PARAMETERS)


def day_numbers(tz: tzinfo | None) -> Callable[[int], int]:
    """unix time -> the learner's calendar day (a day count, for delta_t). A zone's offset
    only changes on the hour, so it is looked up once per hour of history, not per review."""
    offsets: dict[int, int] = {}

    def day(at: int) -> int:
        hour = at // 3600
        off = offsets.get(hour)
        if off is None:
            local = datetime.fromtimestamp(hour * 3600, timezone.utc).astimezone(tz)
            off = offsets[hour] = int(local.utcoffset().total_seconds())
        return (at + off) // 86400
    return day


def training_items(reviews: Iterable[tuple[int, int, int]], tz: tzinfo | None = None,
                   most: int | None = None) -> list:
    """fsrs_rs_python.FSRSItem list from (card, unix time, rating) rows in the order they were
    given (the log's order); sorted by the time of each item's last review. With `most`, only
    the most recent that many items are built (a long history fits on its latest part)."""
    from fsrs_rs_python import FSRSItem, FSRSReview

    day_of = day_numbers(tz)
    histories: dict[int, list[tuple[int, int]]] = {}
    for number, at, rating in reviews:
        histories.setdefault(number, []).append((at, int(rating)))
    # (time of the item's last review, card, its length): items are built only once chosen
    dated: list[tuple[int, int, int]] = []
    steps: dict[int, list[tuple[int, int]]] = {}
    for number, history in histories.items():
        last_day = day_of(history[0][0])
        card_steps = steps[number] = []
        for k, (at, rating) in enumerate(history):
            day = day_of(at)
            card_steps.append((rating, day - last_day))
            if day > last_day:  # the history up to a review on a later day is one item
                dated.append((at, number, k + 1))
            last_day = day
    dated.sort()
    if most is not None:
        dated = dated[-most:]
    reviews_of: dict[int, list] = {}
    items = []
    for _, number, length in dated:
        built = reviews_of.get(number)
        if built is None:
            built = reviews_of[number] = [FSRSReview(r, d) for r, d in steps[number]]
        items.append(FSRSItem(built[:length]))
    return [item for item in items if item.long_term_review_cnt() > 0]


@dataclass(frozen=True)
class Prepared:
    """Training items, how many cards they come from, and the learner's rating mix."""

    items: list
    cards: int
    shares: tuple[tuple[float, ...], tuple[float, ...]] | None


def prepare(reviews: Iterable[tuple[int, int, int]], tz: tzinfo | None = None) -> Prepared:
    """Training items and rating mix from (card, unix time, rating) rows in log order."""
    first = dict.fromkeys(range(1, 5), 0)
    later = dict.fromkeys(range(1, 5), 0)
    seen: set[int] = set()

    def counted():
        for number, at, rating in reviews:
            bucket = later if number in seen else first
            bucket[int(rating)] = bucket.get(int(rating), 0) + 1
            seen.add(number)
            yield number, at, rating

    items = training_items(counted(), tz, most=MAX_TRAINING_REVIEWS)
    return Prepared(items, len(seen), rating_shares(first, later))


def fit(items: Sequence, *, cards: int, progress: Progress = lambda step: None,
        rating_shares: tuple[tuple[float, ...], tuple[float, ...]] | None = None,
        new_per_day: int = 20, deck_size: int | None = None) -> Fit:
    """Evaluate the defaults, fit on the time-series split, fit on everything, and simulate
    the workload of each retention in RETENTIONS with the fitted parameters.

    Raises NotEnoughReviews below MIN_TRAINING_REVIEWS items. `progress` is called with the
    name of each step as it starts (one per fit, one per simulated retention).
    """
    import fsrs_rs_python as rs

    if len(items) < MIN_TRAINING_REVIEWS:
        raise NotEnoughReviews(len(items), MIN_TRAINING_REVIEWS)
    held_out = list(items[len(items) // (N_SPLITS + 1):])  # every fold's test segment
    progress("evaluating the default parameters")
    default = _evaluation(rs.FSRS(list(default_parameters())).evaluate(held_out))
    progress("fitting on earlier reviews, testing on later ones")
    fitted = _evaluation(rs.evaluate_with_time_series_splits(list(items)))
    progress("fitting on all your reviews")
    parameters = for_fsrs6(rs.FSRS(list(default_parameters())).compute_parameters(list(items)))
    workload = simulate(parameters, progress=progress, rating_shares=rating_shares,
                        new_per_day=new_per_day, deck_size=deck_size or cards)
    return Fit(parameters, default, fitted, len(items), cards, workload)


def _evaluation(result) -> Evaluation:
    return Evaluation(round(float(result.log_loss), 4), round(float(result.rmse_bins), 4))


def for_fsrs6(parameters: Sequence[float]) -> tuple[float, ...]:
    """The fitted parameters as fsrs 6 takes them: exactly 21 finite numbers, each inside the
    bounds fsrs 6 enforces (fsrs-rs keeps to the same bounds; clipping only guards rounding)."""
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    values = [float(p) for p in parameters]
    if len(values) != PARAMETER_COUNT or not all(math.isfinite(v) for v in values):
        raise ValueError(f"the optimizer gave {len(values)} parameters; fsrs 6 needs {PARAMETER_COUNT} finite ones")
    return tuple(round(min(max(v, lo), hi), 6)
                 for v, lo, hi in zip(values, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS))


def rating_shares(first: Sequence[int], later: Sequence[int]) -> tuple[tuple[float, ...], tuple[float, ...]] | None:
    """The learner's own rating mix for the simulator: first ratings (Again … Easy) and the
    ratings of later reviews that were remembered (Hard, Good, Easy); None with too few."""
    first_n = [first[r] for r in range(1, 5)]
    later_n = [later[r] for r in range(2, 5)]
    if sum(first_n) < 50 or sum(later_n) < 50:
        return None
    return (tuple(n / sum(first_n) for n in first_n), tuple(n / sum(later_n) for n in later_n))


def simulate(parameters: Sequence[float], *, progress: Progress = lambda step: None,
             rating_shares: tuple[tuple[float, ...], tuple[float, ...]] | None = None,
             new_per_day: int = 20, deck_size: int = 1000) -> tuple[Workload, ...]:
    """Minutes and reviews a day, averaged over a simulated year, for each desired retention."""
    import fsrs_rs_python as rs

    config = rs.default_simulator_config()
    config.deck_size = max(int(deck_size), 1)
    config.learn_span = SIMULATION_DAYS
    config.learn_limit = max(int(new_per_day), 1)
    config.max_cost_perday = 24 * 3600.0  # no cap: the workload itself is what is measured
    if rating_shares is not None:
        config.first_rating_prob, config.review_rating_prob = (list(s) for s in rating_shares)
    out = []
    for retention in RETENTIONS:
        progress(f"simulating a year at retention {retention:.2f}")
        result = rs.simulate(list(parameters), retention, config, SIMULATION_SEED)
        days = len(result.cost_per_day) or 1
        out.append(Workload(retention, round(sum(result.cost_per_day) / days / 60, 1),
                            round(sum(result.review_cnt_per_day) / days, 1),
                            round(result.memorized_cnt_per_day[-1] if result.memorized_cnt_per_day else 0.0, 1)))
    return tuple(out)


def steps(count: int = len(RETENTIONS)) -> int:
    """How many progress steps `fit` reports (for a progress bar's total)."""
    return 3 + count
