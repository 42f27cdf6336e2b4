"""``sphinx-build -j 2`` gives the build a serial one gives: the same needs.json, the
same rule report, the same views and the same exports (the extension declares itself
safe for parallel reading and writing; this proves it on a plan of several pages)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import sphinxproject
import synthetic

VIEWS = "\n\n".join([
    "# Views", "```{roadmap-report}\n```", "```{roadmap-dashboard} gates\n```",
    "```{roadmap-timeline}\n```", "```{roadmap-explorer}\n```", "```{roadmap-status}\n```",
]) + "\n"
COMPARED = ("views", "index")


def _build(root: Path, parallel: int) -> sphinxproject.Built:
    needs = synthetic.generate(300)  # nine pages of needs: enough for Sphinx to fork
    return sphinxproject.build(root, {"views": VIEWS}, needs=needs, parallel=parallel,
                               conf_extra=f"roadmap_as_of = {synthetic.AS_OF}\n")


def _needs(built: sphinxproject.Built) -> dict[str, Any]:
    document = json.loads((built.outdir / "needs.json").read_text(encoding="utf-8"))
    document.pop("created", None)  # the time of the build
    for version in document.get("versions", {}).values():
        version.pop("created", None)
    return document


def _page(built: sphinxproject.Built, docname: str) -> str:
    # Sphinx names the build's assets with a checksum query; the rest must be equal
    return re.sub(r"\?v=[0-9a-f]+", "", built.html(docname))


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory
           ) -> tuple[sphinxproject.Built, sphinxproject.Built]:
    serial = _build(tmp_path_factory.mktemp("serial"), 0)
    parallel = _build(tmp_path_factory.mktemp("parallel"), 2)
    return serial, parallel


def test_both_builds_pass_without_a_warning(builds) -> None:
    serial, parallel = builds
    assert serial.warning_lines() == [] and parallel.warning_lines() == []
    # with these, Sphinx reads and writes in worker processes (an extension that is not
    # parallel-safe turns them off, and Sphinx then warns that it builds serially)
    assert parallel.app.parallel == 2
    assert parallel.app.is_parallel_allowed("read") and parallel.app.is_parallel_allowed("write")


def test_the_needs_are_the_same(builds) -> None:
    serial, parallel = builds
    assert _needs(serial) == _needs(parallel)


def test_the_report_and_the_views_are_the_same(builds) -> None:
    serial, parallel = builds
    for docname in COMPARED:
        assert _page(serial, docname) == _page(parallel, docname), docname


def test_the_exports_are_the_same(builds) -> None:
    serial, parallel = builds
    # the export step of make html, after each build
    ours, theirs = sphinxproject.export(serial), sphinxproject.export(parallel)
    names = sorted(p.name for p in ours.iterdir())
    assert names == sorted(p.name for p in theirs.iterdir())
    for name in names:
        assert (ours / name).read_bytes() == (theirs / name).read_bytes(), name
