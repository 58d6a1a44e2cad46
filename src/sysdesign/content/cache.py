"""A parse cache keyed by each content file's path, size, modification and change times.

The cache is a convenience, never a source of truth: anything unexpected in it (a
different key, a different program version, a file that does not unpickle) means it is
ignored and rebuilt.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
from pathlib import Path

from sysdesign import __version__
from sysdesign.content.sources import LoadResult, Source

FORMAT = 2
# the code that shapes what is cached: the parsers, and the question kinds that parse answer keys
_PARSERS = (Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent / "core" / "kinds")


def _stamp(path: Path) -> tuple:
    # ctime too: an edit that keeps the size and restores the mtime still changes it
    st = path.stat()
    return (str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _fingerprint(sources: list[Source]) -> tuple:
    try:
        items = tuple((s.kind, *_stamp(s.path)) for s in sources)
        code = tuple(_stamp(p) for folder in _PARSERS for p in sorted(folder.glob("*.py")))
    except OSError:
        return ()
    return (FORMAT, __version__, code, items)


def cache_file(cache_dir: Path, roots: tuple[str, ...]) -> Path:
    digest = hashlib.sha1("\0".join(roots).encode()).hexdigest()[:12]
    return cache_dir / f"content-{digest}.pickle"


def load_cached(sources: list[Source], cache_dir: Path | None, roots: tuple[str, ...], base: Path | None = None) -> LoadResult:
    """Load through the cache when it is fresh; rebuild it otherwise."""
    key = _fingerprint(sources)
    path = cache_file(cache_dir, roots) if cache_dir is not None else None
    if path is not None and key:
        try:
            with path.open("rb") as fh:
                stored_key, result = _unpickle(fh)
            if stored_key == key and isinstance(result, LoadResult):
                return result
        except Exception:  # a corrupt or foreign cache is simply rebuilt
            pass
    from sysdesign.content.loader import load_sources  # only on a miss: it imports YAML

    result = load_sources(sources, base=base)
    if path is not None and key:
        _write(path, (key, result))
    return result


def _unpickle(fh) -> object:
    """pickle.load with the cyclic garbage collector paused: a course of 20,000 cards is some
    100,000 objects, and the collections their creation would trigger (each scanning all of
    them again) are about a third of the load. None of them is garbage; afterwards they are
    moved out of the collector's sight (gc.freeze), so later collections skip them too."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(fh)
    finally:
        if enabled:
            gc.enable()
        gc.freeze()


def _write(path: Path, payload: object) -> None:
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:  # a read-only data folder or a full disk only costs speed
        try:
            tmp.unlink()  # never leave a partial file behind (on a full disk it blocks the database)
        except OSError:
            pass
