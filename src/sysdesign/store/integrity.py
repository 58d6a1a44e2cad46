"""A database's integrity, checked beside the command's start instead of in front of it.

`PRAGMA quick_check` reads every page (about 100 ms at 100,000 reviews), too slow to
put before the first prompt. It runs on its own connection in a background thread from
the moment the store opens (SQLite releases the GIL while it reads), and the first write
waits for its verdict: a damaged file is refused before anything is committed into it.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class IntegrityCheck:
    def __init__(self, path: Path):
        self.path = path
        self._problems: list[str] | None = None
        self._thread = threading.Thread(target=self._run, name="sysdesign-quick-check", daemon=True)

    @classmethod
    def start(cls, path: Path) -> IntegrityCheck:
        check = cls(path)
        check._thread.start()
        return check

    def begin(self) -> None:
        """Start it in the background, if it has not started yet."""
        if self._thread.ident is None:
            self._thread.start()

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(f"{self.path.absolute().as_uri()}?mode=ro", uri=True, timeout=3.0,
                                   check_same_thread=False)
            try:
                rows = conn.execute("PRAGMA quick_check(5)").fetchall()
            finally:
                conn.close()
            self._problems = [r[0] for r in rows if r[0] != "ok"]
        except sqlite3.DatabaseError as exc:
            text = str(exc).lower()
            # a busy file is not a damaged one: the write that follows reports it as busy
            self._problems = [] if ("locked" in text or "busy" in text) else [str(exc)]
        except Exception:  # the check is a safeguard; it never breaks a command by itself
            self._problems = []

    def problems(self) -> list[str]:
        """What the check found (empty when the file is sound); waits for it to finish, or
        runs it now when it was never started."""
        if self._thread.ident is None:
            self._run()
        else:
            self._thread.join()
        return self._problems or []
