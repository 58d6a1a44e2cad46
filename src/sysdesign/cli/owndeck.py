"""`sysdesign content new-deck NAME`: a commented starter file for an own deck."""

from __future__ import annotations


def write_starter_deck(name: str) -> None:
    from sysdesign import locations
    from sysdesign.cli import common
    from sysdesign.content.catalog import load
    from sysdesign.content.starter import MAX_ID, deck_id_for, starter_card_ids, starter_text

    deck_id = deck_id_for(name)
    if not deck_id or not deck_id[0].isalnum():
        raise common.fail(f"{name!r} does not make a deck id: use letters and digits, e.g. sysdesign content new-deck aws-services")
    if len(deck_id) > MAX_ID:
        raise common.fail(f"A deck name makes an id of at most {MAX_ID} characters; this one makes "
                          f"{len(deck_id)}. Choose a shorter name. Nothing was changed.")
    folder = locations.user_content_dir()
    path = folder / f"{deck_id}.yaml"
    if path.exists():
        raise common.fail(f"{path} already exists. Edit it, or choose another name. Nothing was changed.")
    result = load(locations.builtin_content_dir(), folder, locations.data_dir() / "cache")
    course = result.course
    if any(d.id == deck_id for d in course.decks):
        raise common.fail(f"There is already a deck with the id {deck_id!r}. Choose another name.")
    taken = {c.id for c in course.cards()} | {q.id for q in course.questions()}
    clash = [i for i in starter_card_ids(deck_id) if i in taken]
    if clash:
        raise common.fail(f"The card id {clash[0]!r} is already used. Choose another deck name.")
    title = name.strip() if deck_id != name.strip() else deck_id.replace("-", " ").capitalize()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as fh:
            fh.write(starter_text(deck_id, title))
    except FileExistsError:
        raise common.fail(f"{path} already exists. Edit it, or choose another name. Nothing was changed.") from None
    except OSError as exc:
        raise common.fail(f"Cannot write {path} ({exc.strerror}). Set SYSDESIGN_HOME to a folder you can write.") from None
    console = common.console()
    console.print(f"Wrote {path}", markup=False, soft_wrap=True)
    console.print("A starter deck with two example cards; its comments explain each line.", markup=False)
    console.print("Next: replace the examples with your own cards, then check the file with", markup=False)
    console.print("  sysdesign content validate", markup=False, style="bold")
    console.print(f"and review it with: sysdesign quiz --deck {deck_id}", markup=False)
