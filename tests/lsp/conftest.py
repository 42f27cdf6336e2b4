"""A tiny project for the language server's unit tests: the rule tests' base plan
(``tests/rules/minigraph.py``) written as need directives on ``plan.md``, with the real
metamodel and schema rules, indexed without a Sphinx build."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import faultkit
import minigraph
import pytest
import sphinxproject
from faultfeed import Site, cleanup

from roadmap.lsp.plan_index import PlanIndex


def write_project(root: Path, pages: dict[str, str]) -> Path:
    """conf.py, an index page and ``pages`` (docname -> MyST) in ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(sphinxproject.CONF, encoding="utf-8")
    toctree = "\n".join(pages)
    (root / "index.md").write_text(f"# Test\n\n```{{toctree}}\n{toctree}\n```\n", "utf-8")
    for docname, text in pages.items():
        (root / f"{docname}.md").parent.mkdir(parents=True, exist_ok=True)
        (root / f"{docname}.md").write_text(text, encoding="utf-8")
    sphinxproject.write_example_files(root, minigraph.plan())
    return root


@pytest.fixture
def tiny(tmp_path: Path) -> Callable[..., PlanIndex]:
    """The index of the base plan on ``plan.md`` plus any ``pages`` given."""
    def make(**pages: str) -> PlanIndex:
        root = write_project(tmp_path / "project",
                             {"plan": sphinxproject.plan_page(), **pages})
        return PlanIndex.of_project(root, {})

    return make


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A copy of the docs tree, indexed once, to break one fault fixture at a time."""
    built = Site.of(faultkit.DOCS_ROOT, tmp_path_factory.mktemp("lsp-site") / "src")
    yield built
    cleanup(built)
