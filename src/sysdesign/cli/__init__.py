"""Typer commands: parse options, wire content, core, store and UI together."""
