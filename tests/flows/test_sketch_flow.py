"""The daily sketch flow, driven by a fake prompter: the five steps, what each answer writes
to the store, stopping mid-way (end of input, Ctrl-C) and going on with it, bad lines."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from sysdesign.flows import Refused
from sysdesign.flows.sketch import sketch_session, unfinished_sketch
from sysdesign.store.sketches import list_sketches
from sysdesign.ui.lines import EndOfInput

CHECKLIST = ["500M daily users", "", "stale feeds are fine", "", "post, follow, feed", ""]
BOXES = ["Mobile app", "API Gateway", "Feed Service: service", "Posts: database", "1 -> 2 -> 3", "3 -> Posts", ""]
LENSES = ["stateless services scale out", "one Posts database", "replicas", "", "", "no tests yet"]
RESEARCH = ["how feed ranking works"]


class FakePrompter:
    """Answers from a script. An exception class or instance in the script is raised at that
    prompt (EndOfInput, KeyboardInterrupt); the asked prompts and the saved rows are recorded."""

    def __init__(self, script, *, store=None, give_up_after: int | None = None):
        self.script = list(script)
        self.asked: list[str] = []
        self.rows_when_asked: list[int] = []
        self.store = store
        self.give_up_after = give_up_after

    def ask(self, message: str, hint: str = "") -> str:
        self.asked.append(message.strip())
        if self.store is not None:
            self.rows_when_asked.append(len(list_sketches(self.store)))
        if not self.script:
            raise EndOfInput
        answer = self.script.pop(0)
        if isinstance(answer, BaseException) or (isinstance(answer, type) and issubclass(answer, BaseException)):
            raise answer
        return answer

    def gives_up(self, misses: int) -> bool:
        return self.give_up_after is not None and misses >= self.give_up_after


def recording() -> Console:
    return Console(file=io.StringIO(), width=100, color_system=None, record=True)


def run(course, store, clock, script, system=None, give_up_after=None, **kwargs):
    console, prompter = recording(), FakePrompter(script, store=store, give_up_after=give_up_after)
    sketch_session(console, prompter, course, store, system, clock=clock, **kwargs)
    return " ".join(console.export_text().split()), prompter


def only_sketch(store) -> dict:
    rows = list_sketches(store)
    assert len(rows) == 1
    return rows[0]


def test_the_five_steps_are_asked_in_order_and_the_whole_sketch_is_stored(course, store, clock):
    text, prompter = run(course, store, clock, ["Instagram", *CHECKLIST, *BOXES, *LENSES, *RESEARCH])
    checklist_titles = [item.title for item in course.checklist]
    assert prompter.asked == (["Product", *checklist_titles] + ["Add"] * len(BOXES)
                              + ["strong", "weak"] * 3 + ["One thing you don't know yet and will look up"])
    for n in range(1, 6):
        assert f"Step {n} of 5" in text
    row = only_sketch(store)
    sk = row["sketch"]
    assert row["system"] == "Instagram" and sk["complete"] and sk["steps_done"] == 5
    assert sk["checklist"]["scale"] == "500M daily users" and sk["checklist"]["availability"] == ""
    assert [c["name"] for c in sk["components"]] == ["Mobile app", "API Gateway", "Feed Service", "Posts"]
    assert sk["connections"] == [["Mobile app", "API Gateway"], ["API Gateway", "Feed Service"],
                                 ["Feed Service", "Posts"]]
    assert sk["lenses"]["scalability"] == {"strong": "stateless services scale out", "weak": "one Posts database"}
    assert sk["research"] == "how feed ranking works"
    assert sk["finished_at"] is not None and sk["minutes"] is not None
    assert f"Saved as sketch #{row['id']}" in text
    assert "Sketch streak: 1 day." in text
    assert unfinished_sketch(store) is None


def test_the_sketch_is_saved_as_soon_as_the_product_is_named(course, store, clock):
    _, prompter = run(course, store, clock, ["Instagram", *CHECKLIST, *BOXES, *LENSES, *RESEARCH])
    assert prompter.rows_when_asked[0] == 0  # nothing before the product is named
    assert set(prompter.rows_when_asked[1:]) == {1}  # one row, updated in place, from then on


def test_an_empty_product_takes_the_first_suggestion_and_a_named_one_skips_the_question(course, store, clock):
    text, _ = run(course, store, clock, ["", *CHECKLIST, *BOXES, *LENSES, *RESEARCH])
    suggested = only_sketch(store)["system"]
    assert f"Sketching: {suggested}" in text and "Ideas for today" in text
    _, prompter = run(course, store, clock, [*CHECKLIST, *BOXES, *LENSES, *RESEARCH], system="  Spotify  ")
    assert "Product" not in prompter.asked
    assert list_sketches(store, limit=1)[0]["system"] == "Spotify"


def test_bad_lines_are_explained_and_asked_again_and_undo_takes_the_last_line_back(course, store, clock):
    boxes = ["Mobile app", "bogus: spaceship", "Mobile app", "1 -> 9", "API Gateway", "Extra box", "u", "?",
             "1 -> 2", ""]
    text, _ = run(course, store, clock, ["Instagram", *CHECKLIST, *boxes, *LENSES, *RESEARCH])
    assert "Could not use that: 'spaceship' is not a building block" in text
    assert "there is already a component called 'Mobile app'" in text
    assert "no component '9'" in text
    assert "− removed" in text and "Extra box" in text
    sk = only_sketch(store)["sketch"]
    assert [c["name"] for c in sk["components"]] == ["Mobile app", "API Gateway"]
    assert sk["connections"] == [["Mobile app", "API Gateway"]] and sk["complete"]


def test_a_prompter_that_gives_up_stops_with_a_usage_error_and_keeps_the_sketch(course, store, clock):
    script = ["Instagram", *CHECKLIST, "Cache", "x -> y", "x -> y", "x -> y"]
    with pytest.raises(Refused) as stop:
        run(course, store, clock, script, give_up_after=3)
    assert stop.value.code == 2 and "3 unusable lines in a row" in str(stop.value)
    sk = only_sketch(store)["sketch"]
    assert [c["name"] for c in sk["components"]] == ["Cache"] and not sk["complete"]


def test_end_of_input_mid_way_keeps_the_answers_and_the_next_sketch_goes_on_from_there(course, store, clock):
    text, _ = run(course, store, clock, ["Instagram", *CHECKLIST, "Feed Service: service", "Posts: database",
                                         EndOfInput])
    row = only_sketch(store)
    assert f"your sketch so far is saved as #{row['id']}" in text
    assert row["sketch"]["steps_done"] == 2 and len(row["sketch"]["components"]) == 2
    assert unfinished_sketch(store)[0] == row["id"]

    text, prompter = run(course, store, clock, ["1 -> 2", "", *LENSES, *RESEARCH])
    assert f"Going on with your unfinished sketch #{row['id']} of Instagram, from step 3 of 5" in text
    assert prompter.asked[0] == "Add"  # neither the product nor the checklist again
    sk = only_sketch(store)["sketch"]  # the same row, finished
    assert sk["complete"] and sk["checklist"]["scale"] == "500M daily users"
    assert sk["connections"] == [["Feed Service", "Posts"]]
    assert sk["minutes"] is None  # a resumed sketch has no honest total time


def test_ctrl_c_mid_checklist_is_raised_and_the_answers_so_far_are_kept(course, store, clock):
    with pytest.raises(KeyboardInterrupt):
        run(course, store, clock, ["Instagram", "500M daily users", "", KeyboardInterrupt])
    sk = only_sketch(store)["sketch"]
    assert sk["checklist"] == {"scale": "500M daily users", "availability": ""} and sk["steps_done"] == 1
    _, prompter = run(course, store, clock, ["stale is fine", "", "", "", "", *LENSES, *RESEARCH])
    assert prompter.asked[:4] == [item.title for item in course.checklist[2:]]  # where it stopped
    assert only_sketch(store)["sketch"]["checklist"]["consistency"] == "stale is fine"


def test_a_stop_before_any_answer_forgets_the_sketch(course, store, clock):
    text, _ = run(course, store, clock, ["Instagram", EndOfInput])
    assert "nothing was recorded beyond the product's name, so nothing was saved" in text
    assert list_sketches(store) == []
    with pytest.raises(KeyboardInterrupt):
        run(course, store, clock, ["Instagram", "", "", KeyboardInterrupt])  # blank answers only
    assert list_sketches(store) == []
    text, _ = run(course, store, clock, [EndOfInput])
    assert "nothing was recorded." in text


def test_another_product_or_new_starts_afresh_and_leaves_the_unfinished_one(course, store, clock):
    run(course, store, clock, ["Instagram", "500M daily users", EndOfInput])
    first = only_sketch(store)["id"]
    run(course, store, clock, [*CHECKLIST, *BOXES, *LENSES, *RESEARCH], system="Spotify")
    run(course, store, clock, ["Netflix", "4K video", EndOfInput], fresh=True)
    _, prompter = run(course, store, clock, ["Uber", *CHECKLIST, *BOXES, *LENSES, *RESEARCH], fresh=True)
    assert prompter.asked[0] == "Product"
    rows = {r["system"]: r for r in list_sketches(store)}
    assert rows.keys() == {"Instagram", "Spotify", "Netflix", "Uber"}
    assert rows["Instagram"]["id"] == first and rows["Instagram"]["sketch"]["checklist"] == {
        "scale": "500M daily users"}
    assert not rows["Netflix"]["sketch"]["complete"]
    assert rows["Spotify"]["sketch"]["complete"] and rows["Uber"]["sketch"]["complete"]
