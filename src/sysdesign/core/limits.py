"""Defaults the report and the session share (a module of its own: the report is on every
start-up path, the session imports fsrs)."""

DEFAULT_NEW_PER_DAY = 20
DEFAULT_NEW_QUESTIONS_PER_DAY = 10
