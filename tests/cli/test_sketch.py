"""`sysdesign sketch` through the scripting contract: one line per prompt."""

from __future__ import annotations

import json

import pytest

from sysdesign.store.store import Store

NOW = "2026-11-25T12:00:00+00:00"

CHECKLIST = ["500M daily users, reads 100:1", "", "stale feeds are fine", "", "post, follow, feed", ""]
BOXES = [
    "Mobile app",
    "bogus: spaceship",          # not a building block: reported, asked again
    "API Gateway",
    "Feed Service: service",
    "Feed Service",              # a duplicate name: reported
    "Redis cache",
    "Posts (db)",
    "1 -> 2 -> 3",
    "3 -> 4, Posts",
    "3 -> 9",                    # no component 9: reported
    "Extra box",
    "u",                         # takes the extra box back
    "?",
    "",
]
LENSES = ["stateless services scale out", "one Posts database", "replicas", "", "", "no tests yet"]
RESEARCH = ["how feed ranking works"]


def script(product: str = "Instagram") -> str:
    return "\n".join([product, *CHECKLIST, *BOXES, *LENSES, *RESEARCH]) + "\n"


pytestmark = pytest.mark.usefixtures("mini")
MINI_NOW = NOW


def stored(home) -> list[tuple]:
    with Store.open(home / "progress.sqlite3") as st:
        return [(i, s, t, json.loads(j)) for i, s, t, j in st.query("SELECT id, system, taken_at, sketch FROM sketches")]


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_scripted_sketch_walks_five_steps_and_is_stored(runner, app, isolated_home):
    result = runner.invoke(app, ["sketch"], input=script())
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    for n, step in enumerate(["Pick a product", "Run the pre-diagram checklist", "Sketch it with the building blocks",
                              "Apply the three lenses", "Name one thing to research"], 1):
        assert f"Step {n} of 5 · {step}" in out
    assert "'spaceship' is not a building block" in out
    assert "there is already a component called 'Feed Service'" in out
    assert "no component '9'" in out
    # every component shows the number a connection can use, from the moment it is added
    assert "+ 1. Mobile app [client]" in out and "+ 5. Posts [database]" in out
    assert "− removed 6. Extra box [service]" in out
    assert "Connect them by number or name, e.g. 1 -> 2. So far: 1. Mobile app, 2. API Gateway" in out
    assert "From -> To with names or 1–5" in out
    assert "in progress" in out  # the '?' view, numbered
    live = out.split("in progress", 1)[1].split("Step 4 of 5")[0]
    assert "1. Mobile app [client] → API Gateway" in live and "5. Posts [database]" in live
    assert "Saved as sketch #1" in out and "Sketch streak: 1 day" in out

    ((sid, system, taken_at, data),) = stored(isolated_home)
    assert (sid, system, taken_at) == (1, "Instagram", "2026-11-25T12:00:00+00:00")
    assert data["complete"] is True and data["steps_done"] == 5
    assert data["checklist"]["scale"] == "500M daily users, reads 100:1"
    assert data["checklist"]["availability"] == ""
    assert [c["name"] for c in data["components"]] == ["Mobile app", "API Gateway", "Feed Service", "Redis cache", "Posts"]
    assert data["connections"] == [["Mobile app", "API Gateway"], ["API Gateway", "Feed Service"],
                                   ["Feed Service", "Redis cache"], ["Feed Service", "Posts"]]
    assert data["lenses"]["scalability"] == {"strong": "stateless services scale out", "weak": "one Posts database"}
    assert data["lenses"]["maintainability"] == {"strong": "", "weak": "no tests yet"}
    assert data["research"] == "how feed ranking works"


def test_an_empty_line_takes_the_suggestion_and_a_name_on_the_command_line_skips_step_one(runner, app, isolated_home):
    suggested = runner.invoke(app, ["sketch"], input=script(product=""))
    assert suggested.exit_code == 0, suggested.output
    named = runner.invoke(app, ["sketch", "Google Docs"], input="\n".join(script().split("\n")[1:]))
    assert named.exit_code == 0, named.output
    assert "Ideas for today" not in named.output and "Sketching: Google Docs" in named.output
    (_, first, _, _), (_, second, _, _) = stored(isolated_home)
    assert first and first in suggested.output and second == "Google Docs"


def test_the_list_the_tree_and_mermaid(runner, app):
    assert runner.invoke(app, ["sketch"], input=script()).exit_code == 0
    listed = runner.invoke(app, ["sketch", "--list"])
    assert listed.exit_code == 0, listed.output
    assert "Instagram" in listed.output and "done" in listed.output
    tree = runner.invoke(app, ["sketch", "--id", "1"])
    assert tree.exit_code == 0, tree.output
    assert "3. Feed Service [service] → Redis cache, Posts" in tree.output  # numbered as when it was made
    assert "Scale: 500M daily users, reads 100:1" in tree.output
    assert "To research: how feed ranking works" in tree.output
    mermaid = runner.invoke(app, ["sketch", "--mermaid"])
    assert mermaid.exit_code == 0, mermaid.output
    assert mermaid.stdout == (
        "flowchart LR\n"
        "    %% Instagram: daily sketch of 2026-11-25\n"
        '    c1(["Mobile app<br/>client"])\n'
        '    c2{{"API Gateway<br/>gateway"}}\n'
        '    c3["Feed Service<br/>service"]\n'
        '    c4("Redis cache<br/>cache")\n'
        '    c5[("Posts<br/>database")]\n'
        "    c1 --> c2\n"
        "    c2 --> c3\n"
        "    c3 --> c4\n"
        "    c3 --> c5\n"
    )


def test_numbers_in_names_are_names_and_bare_numbers_are_positions(runner, app, isolated_home):
    boxes = [
        "answer 6", "answer 7", "Web app",
        "3 -> 1, answer 7",          # 3 is Web app; 'answer 7' is a name, not component 7
        "6 -> 1",                    # there is no component 6, even though 'answer 6' exists
        "² -> 1",                    # a digit that is not 0-9: refused, not a crash
        "#2. -> 3.",                 # the number as shown on screen works too (and breaks a run of refusals)
        "Users, posts DB",           # a comma would split the name in a connection: refused
        "3.: service",               # a name needs a letter, so no name looks like a number
        "",
    ]
    text = "\n".join(["Quora", *CHECKLIST, *boxes, *LENSES, *RESEARCH]) + "\n"
    result = runner.invoke(app, ["sketch"], input=text)
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert "+ 1. answer 6 [service]" in out and "+ 3. Web app [client]" in out
    assert "+ Web app → answer 6; Web app → answer 7" in out
    assert "no component '6' (components: 1. answer 6, 2. answer 7, 3. Web app)" in out
    assert "+ answer 7 → Web app" in out
    assert "no component '²'" in out
    assert "cannot have a comma" in out and "a name with letters" in out
    ((_, _, _, data),) = stored(isolated_home)
    assert [c["name"] for c in data["components"]] == ["answer 6", "answer 7", "Web app"]
    assert data["connections"] == [["Web app", "answer 6"], ["Web app", "answer 7"], ["answer 7", "Web app"]]


def test_end_of_input_keeps_what_was_typed(runner, app, isolated_home):
    partial = "\n".join(["Spotify", *CHECKLIST, "Player app", "Catalog DB: database", "1 -> 2"]) + "\n"
    result = runner.invoke(app, ["sketch"], input=partial)
    assert result.exit_code == 0, result.output
    assert "your sketch so far is saved as #1" in flat(result.output)
    ((_, system, _, data),) = stored(isolated_home)
    assert system == "Spotify" and data["complete"] is False and data["steps_done"] == 2
    assert data["connections"] == [["Player app", "Catalog DB"]]
    listed = runner.invoke(app, ["sketch", "--list"])
    assert "step 2/5" in listed.output
    assert "stopped after step 2 of 5" in runner.invoke(app, ["sketch", "--id", "1"]).output


def test_a_script_of_unusable_lines_is_stopped_with_exit_2_and_keeps_the_sketch(runner, app, isolated_home):
    """`yes zzz | sysdesign sketch` must end: two bad lines are asked again, the third in a row stops."""
    lines = ["Spotify", *CHECKLIST, "Player app", "Player app", "Player app", "Catalog DB: database",
             "Player app", "1 -> 9", "Player app"]
    result = runner.invoke(app, ["sketch"], input="\n".join(lines) + "\n")
    assert result.exit_code == 2, result.output
    assert "Stopped after 3 unusable lines in a row — the last, 'Player app'" in flat(result.output)
    ((_, _system, _, data),) = stored(isolated_home)
    assert [c[0] if isinstance(c, list) else c["name"] for c in data["components"]] == ["Player app", "Catalog DB"]


def test_stopping_before_anything_is_recorded_saves_nothing(runner, app, isolated_home):
    result = runner.invoke(app, ["sketch"], input="Zoom\n")
    assert result.exit_code == 0, result.output
    assert "nothing was saved" in flat(result.output)
    assert stored(isolated_home) == []
    nothing = runner.invoke(app, ["sketch"], input="")
    assert nothing.exit_code == 0 and "nothing was recorded" in flat(nothing.output)


def test_unknown_ids_and_empty_history_are_clear(runner, app):
    missing = runner.invoke(app, ["sketch", "--id", "7"])
    assert missing.exit_code == 2 and "There is no sketch #7" in missing.output
    empty = runner.invoke(app, ["sketch", "--mermaid"])
    assert empty.exit_code == 2 and "No sketches yet" in empty.output
    listed = runner.invoke(app, ["sketch", "--list"])
    assert listed.exit_code == 0 and "No sketches yet" in listed.output


def test_the_sketch_streak_reaches_progress_and_the_today_screen(runner, app, monkeypatch):
    assert runner.invoke(app, ["sketch"], input=script()).exit_code == 0
    monkeypatch.setenv("SYSDESIGN_NOW", "2026-11-26T08:00:00+00:00")
    second = runner.invoke(app, ["sketch", "Slack"], input="\n".join(script().split("\n")[1:]))
    assert "Sketch streak: 2 days" in second.output
    report = json.loads(runner.invoke(app, ["progress", "--json"]).stdout)
    assert report["sketch_streak_days"] == 2 and report["sketches_total"] == 2
    assert report["last_sketch"] == {"system": "Slack", "when": "2026-11-26T08:00:00+00:00"}
    assert report["streak_days"] == 2  # a sketch is a day's practice too

    from rich.console import Console

    from sysdesign.ui.home import render_today

    console = Console(record=True, width=80, color_system=None)
    render_today(console, report)
    assert "daily sketch streak 2 days" in console.export_text()


def test_help_explains_the_five_steps_with_examples(runner, app):
    result = runner.invoke(app, ["sketch", "--help"])
    assert result.exit_code == 0
    assert "Examples" in result.output and "--mermaid" in result.output and "three lenses" in result.output


def test_an_unfinished_sketch_is_taken_up_where_it_stopped(runner, app, isolated_home):
    partial = "\n".join(["Spotify", *CHECKLIST[:3]]) + "\n"  # stopped in the middle of the checklist
    assert runner.invoke(app, ["sketch"], input=partial).exit_code == 0
    rest = "\n".join([*CHECKLIST[3:], "Player app", "Catalog DB: database", "1 -> 2", "", *LENSES, *RESEARCH]) + "\n"
    result = runner.invoke(app, ["sketch"], input=rest)
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert "Going on with your unfinished sketch #1 of Spotify, from step 2 of 5" in out
    assert "Pick a product" not in out  # step 1 is not asked again
    ((sketch_id, system, _, data),) = stored(isolated_home)  # the same sketch, not a second one
    assert (sketch_id, system, data["complete"]) == (1, "Spotify", True)
    assert data["checklist"]["scale"] == CHECKLIST[0] and len(data["checklist"]) == 6
    assert data["connections"] == [["Player app", "Catalog DB"]] and data["research"] == RESEARCH[0]


def test_list_and_mermaid_say_when_a_sketch_is_unfinished(runner, app, isolated_home):
    partial = "\n".join(["Spotify", *CHECKLIST, "Player app", "Catalog DB: database", "1 -> 2"]) + "\n"
    assert runner.invoke(app, ["sketch"], input=partial).exit_code == 0
    listed = flat(runner.invoke(app, ["sketch", "--list"]).output)
    assert "unfinished" in listed and "Sketch #1 is unfinished (stopped after step 2 of 5)" in listed
    mermaid = runner.invoke(app, ["sketch", "--mermaid"])
    assert mermaid.exit_code == 0
    assert "unfinished (stopped after step 2 of 5)" in mermaid.stdout.splitlines()[1]  # the %% comment
    assert "is unfinished" in mermaid.stderr and mermaid.stdout.startswith("flowchart LR")


def test_new_starts_fresh_and_another_product_is_a_new_sketch(runner, app, isolated_home):
    partial = "\n".join(["Spotify", *CHECKLIST[:2]]) + "\n"
    assert runner.invoke(app, ["sketch"], input=partial).exit_code == 0
    fresh = runner.invoke(app, ["sketch", "--new"], input=script())
    assert fresh.exit_code == 0 and "Going on with" not in fresh.output
    assert len(stored(isolated_home)) == 2
    assert runner.invoke(app, ["sketch", "--list"]).output.count("unfinished") == 1
