"""sysdesign — a terminal tutor for system design."""

__version__ = "0.1.0"
