"""Runs the executable guides of implementation/, testing/ and monitoring/.

* Sybil collects the Python blocks of the MyST pages in those folders and runs
  them in order, one namespace per page; a failing block is reported as
  ``implementation/<page>.md:<line>``. pytest only visits ``tests/`` (testpaths),
  so the pages hang off this directory's ``test_pages.py``: when pytest collects
  that module, `pytest_collect_file` below also returns a `GuidePages` collector
  with one Sybil file per page.
* The test modules next to this file import and exercise the code and check the
  templates and rule files that the pages show with ``literalinclude``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

# The guides' code is imported by module name, in the pages and in the tests; it and
# guide_support (next to this file) are on pytest's pythonpath (pyproject.toml).
from guide_support import PAGES, ROOT, page_paths, require_tool
from sybil.integration.pytest import SybilFile

HERE = Path(__file__).resolve().parent


class GuidePages(pytest.Collector):
    """The MyST pages of the guides, one Sybil file each, named by their repository path."""

    def collect(self) -> Iterator[SybilFile]:
        for page in page_paths():
            name = page.relative_to(ROOT).as_posix()
            yield SybilFile.from_parent(self, path=page, name=name, sybils=[PAGES])


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path == HERE / "test_pages.py":
        return GuidePages.from_parent(parent, name="myst-pages", path=file_path)
    return None


@pytest.fixture(scope="session")
def promtool() -> str:
    return require_tool("promtool")


@pytest.fixture(scope="session")
def amtool() -> str:
    return require_tool("amtool")
