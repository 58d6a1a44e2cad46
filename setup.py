"""Ship the top-level content folders (lessons/, flashcards/) inside the wheel.

Authors edit content at the top of the repository; the wheel carries a copy as
``sysdesign/_content`` so an installed ``sysdesign`` works from any directory.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
CONTENT_DIRS = ("lessons", "flashcards")


class BuildPyWithContent(build_py):
    def run(self) -> None:
        super().run()
        dest = Path(self.build_lib) / "sysdesign" / "_content"
        shutil.rmtree(dest, ignore_errors=True)  # a stale build/ must not ship deleted files
        for name in CONTENT_DIRS:
            src = HERE / name
            if src.is_dir():
                shutil.copytree(src, dest / name, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPyWithContent})
