"""Files a learner asks us to write (exports): checked first, written whole or not at all.

Only a new path or an existing regular file we may write is a target. A symlink, a FIFO, a
device or a read-only file is refused rather than replaced: `export csv /dev/full` as root
would otherwise swap the device node for a file.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

NAME_MAX = 255  # bytes in one file name on every common file system


class TargetError(Exception):
    """The target cannot be written; the message says why and what to do."""


def check_target(path: Path, example: str) -> Path:
    """The folder to write in, or TargetError. `example` is a good file name to suggest."""
    if not str(path) or str(path) == ".":
        raise TargetError(f"Give a file name to write, for example {example}.")
    if len(path.name.encode("utf-8", "surrogateescape")) > NAME_MAX:
        raise TargetError(f"The file name is longer than {NAME_MAX} bytes, which file systems refuse. "
                          "Choose a shorter name. Nothing was written.")
    folder = path.parent
    if not folder.is_dir():
        raise TargetError(f"The folder {folder} does not exist. Create it or choose another file name.")
    try:
        info = path.lstat()
    except FileNotFoundError:
        return folder
    except OSError as exc:
        raise TargetError(f"Cannot use {path} ({exc.strerror}). Choose another file name.") from None
    if stat.S_ISDIR(info.st_mode):
        raise TargetError(f"{path} is a folder. Give a file name, for example {path / example}.")
    if stat.S_ISLNK(info.st_mode):
        raise TargetError(f"{path} is a symbolic link; it is not followed or replaced. "
                          "Write to the file it points at, or choose another name. Nothing was written.")
    if not stat.S_ISREG(info.st_mode):
        raise TargetError(f"{path} is not a regular file (a device, a pipe or a socket), so it is not "
                          "replaced. Choose a file name, or - for standard output. Nothing was written.")
    if not os.access(path, os.W_OK):
        raise TargetError(f"{path} is read-only, so it is not replaced. Make it writable or choose "
                          "another name. Nothing was written.")
    return folder


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what a new file gets under the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomically(path: Path, example: str, write: Callable[[str], None]) -> None:
    """Write through a temporary file beside the target, then move it into place; on any
    failure the target is as it was and no temporary file is left."""
    import tempfile

    folder = check_target(path, example)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name[:200]}.", suffix=".tmp")
        os.close(fd)
    except OSError as exc:
        raise TargetError(f"Cannot write in {folder} ({exc.strerror}). Choose a folder you can write.") from None
    try:
        write(tmp)
        os.chmod(tmp, _mode_for(path))  # mkstemp makes 0600; the export is an ordinary file
        os.replace(tmp, path)
    except OSError as exc:
        raise TargetError(f"Could not write {path} ({exc.strerror or exc}). Nothing was changed.") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
