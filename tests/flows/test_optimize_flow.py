"""`optimize` through its flow with a fake screen: fit a simulated learner's history, beat the
defaults on held-out reviews, apply, schedule with the result, reset; too few reviews."""

from __future__ import annotations

import re
import shutil
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

import pytest

from sysdesign.core import optimize as core
from sysdesign.core.scheduler import Scheduler, usable_parameters
from sysdesign.flows.optimize import optimize, reset, workload_at
from sysdesign.store import parameters, reviews
from sysdesign.store.store import Store
from tests.learner import review_history

WHEN = datetime(2025, 9, 1, 9, 0, tzinfo=timezone.utc)


class FakeScreen:
    def __init__(self, answer: bool = True):
        self.answer = answer
        self.events: list[tuple] = []

    @contextmanager
    def fitting(self, total):
        steps = []
        yield steps.append
        self.events.append(("steps", total, steps))

    def show(self, fit, current):
        self.events.append(("show", fit, current))

    def too_few(self, have, need):
        self.events.append(("too-few", have, need))

    def confirm(self, question, default):
        self.events.append(("confirm", default))
        return self.answer

    def applied(self, fit):
        self.events.append(("applied",))

    def kept(self, reason):
        self.events.append(("kept", reason))

    def of(self, kind):
        return [e for e in self.events if e[0] == kind]


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """A learner who forgets faster than FSRS's defaults assume, 240 days of reviews."""
    path = tmp_path_factory.mktemp("learner") / "progress.sqlite3"
    with Store.open(path) as st:
        assert review_history(st) > 5000
    return path


@pytest.fixture
def learner(history, tmp_path):
    path = tmp_path / "progress.sqlite3"
    shutil.copyfile(history, path)
    with Store.open(path) as st:
        yield st


def run(course, st, screen, yes=False):
    return optimize(screen, course, st, yes=yes, clock=lambda: WHEN, tz=timezone.utc)


def test_the_fitted_parameters_beat_the_defaults_on_held_out_reviews_and_are_applied(course, learner):
    screen = FakeScreen(answer=True)
    done = run(course, learner, screen)
    (_, fit, current), = screen.of("show")
    assert fit.fitted.log_loss < fit.default.log_loss and fit.better
    assert current is None  # nothing fitted before
    assert len(fit.parameters) == core.PARAMETER_COUNT == 21
    assert usable_parameters(fit.parameters) == fit.parameters  # fsrs 6 takes them as they are
    assert screen.of("confirm") == [("confirm", True)] and screen.of("applied")
    assert done.applied and done.document["applied"]
    assert parameters.parameters(learner) == fit.parameters
    # the progress bar had one step per stage: reading, three fits, sixteen simulated retentions
    (_, total, steps), = screen.of("steps")
    assert total == len(steps) == 20 and steps[0] == "reading your reviews"
    doc = done.document
    assert doc["evaluation"]["fitted"]["log_loss"] < doc["evaluation"]["default"]["log_loss"]
    assert [w["retention"] for w in doc["workload"]] == list(core.RETENTIONS)
    assert doc["least_workload_retention"] in core.RETENTIONS


def test_the_quiz_schedules_with_the_applied_parameters(course, learner):
    run(course, learner, FakeScreen(), yes=True)
    fitted = Scheduler(0.9, usable_parameters(parameters.parameters(learner)))
    state = reviews.state_of(learner, "sim-card-0000")
    now = WHEN + timedelta(days=30)
    assert fitted.parameters is not None
    assert fitted.preview("sim-card-0000", state, now) != Scheduler(0.9).preview("sim-card-0000", state, now)


def test_the_flow_builds_its_scheduler_from_the_stored_parameters(course, learner, monkeypatch, clock):
    from sysdesign.core.session import Options
    from sysdesign.flows import quiz
    from tests.flows.test_quiz_flow import FakeUI

    run(course, learner, FakeScreen(), yes=True)
    made = []
    real = quiz.Scheduler
    monkeypatch.setattr(quiz, "Scheduler", lambda *args: made.append(args) or real(*args))
    quiz.review(FakeUI(learner, [3]), course, learner, Options(deck="mini-one", include_locked=True),
                retention=None, clock=clock, monotonic=clock.monotonic)
    assert made == [(0.9, parameters.parameters(learner))]


def test_reset_puts_the_previous_parameters_back_and_a_second_reset_undoes_it(course, learner):
    assert reset(learner) == (False, None)  # nothing applied yet
    run(course, learner, FakeScreen(), yes=True)
    fitted = parameters.parameters(learner)
    assert reset(learner) == (True, None) and parameters.parameters(learner) is None
    assert parameters.fit_summary(learner) is None
    assert reset(learner) == (True, fitted) and parameters.parameters(learner) == fitted
    assert parameters.fit_summary(learner)["training_reviews"] > 5000


def test_declining_keeps_the_defaults(course, learner):
    screen = FakeScreen(answer=False)
    done = run(course, learner, screen)
    assert not done.applied and parameters.parameters(learner) is None
    assert screen.of("kept") == [("kept", "not applied")]


def test_too_few_reviews_says_how_many_more_and_keeps_the_defaults(course, store, clock):
    s = Scheduler()
    state = None
    for day in range(30):  # one card, a review a day: 29 reviews count
        out = s.rate("m1-cache", state, 3, WHEN + timedelta(days=day))
        reviews.record(store, out, "card")
        state = out.state
    screen = FakeScreen()
    done = run(course, store, screen)
    assert screen.of("too-few") == [("too-few", 29, core.MIN_TRAINING_REVIEWS)]
    assert done.document == {"enough_reviews": False, "training_reviews": 29,
                             "needed": core.MIN_TRAINING_REVIEWS, "applied": False}
    assert not screen.of("show") and parameters.parameters(store) is None


def test_the_workload_of_a_chosen_retention_comes_from_the_fit_in_force(course, learner):
    assert workload_at(parameters.fit_summary(learner), 0.85) is None
    run(course, learner, FakeScreen(), yes=True)
    row = workload_at(parameters.fit_summary(learner), 0.853)
    assert row["retention"] == 0.85 and row["minutes_per_day"] > 0 and row["reviews_per_day"] > 0
    assert row["least_workload_retention"] in core.RETENTIONS


def test_training_items_follow_the_library_example():
    """Same-day reviews stay in the history with delta_t 0 but end no item; the first review
    of a card ends none either; items come sorted by the time of their last review."""
    day = 86400
    rows = [(1, 10 * day, 3), (1, 10 * day + 600, 3), (1, 12 * day, 1), (1, 12 * day + 60, 3),
            (2, 11 * day, 4), (1, 20 * day, 3), (2, 15 * day, 3)]
    items = core.training_items(rows)
    # the library's objects show their fields only in their repr
    shape = [[(int(r), int(d)) for r, d in re.findall(r"rating: (\d+), delta_t: (\d+)", repr(item))]
             for item in items]
    assert shape == [
        [(3, 0), (3, 0), (1, 2)],  # card 1 on day 12
        [(4, 0), (3, 4)],  # card 2 on day 15
        [(3, 0), (3, 0), (1, 2), (3, 0), (3, 8)],  # card 1 on day 20
    ]


def test_a_long_history_is_fitted_on_its_latest_reviews():
    day = 86400
    rows = [(1, 10 * day, 3), (2, 11 * day, 4), (1, 12 * day, 1), (2, 15 * day, 3), (1, 20 * day, 3)]
    latest = core.training_items(rows, most=2)
    assert [repr(i) for i in latest] == [repr(i) for i in core.training_items(rows)][-2:]
    assert core.MAX_TRAINING_REVIEWS >= 100_000  # the budgeted size is fitted whole
