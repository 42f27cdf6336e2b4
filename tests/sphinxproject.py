"""Small Sphinx projects for the tests: the real metamodel, the roadmap extension, a
tiny plan that passes every rule, and the pages a test wants to build.

The plan is the rule tests' base plan (``tests/rules/minigraph.py``), written as
MyST need directives on ``plan.md``; a test adds pages with the directives it wants
to see work or fail. Building one takes about two seconds.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import minigraph  # the rule tests' plan (tests/rules is on pytest's pythonpath)
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).resolve().parents[1]

_CORE = {"id", "type", "title", "docname", "lineno"}


def need_directive(need: Mapping[str, Any]) -> str:
    """A need as the MyST directive an author writes."""
    lines = [f"```{{{need['type']}}} {need['title']}", f":id: {need['id']}"]
    for name, value in need.items():
        if name in _CORE or value in (None, "", []):
            continue
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        else:
            text = str(value)
        lines.append(f":{name}: {text}")
    return "\n".join([*lines, "", f"What {need['id']} is about.", "```"])


def plan_page(changes: Mapping[str, Mapping[str, Any] | None] | None = None) -> str:
    """The base plan (with ``changes``) as the page ``plan.md``."""
    return need_pages(minigraph.plan(changes))["plan"]


def need_pages(needs: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """The needs written as directives on the pages their ``docname`` names."""
    pages: dict[str, list[str]] = {}
    for need in needs.values():
        pages.setdefault(str(need.get("docname") or "plan"), []).append(need_directive(need))
    return {docname: f"# {docname}\n\n" + "\n\n".join(directives) + "\n"
            for docname, directives in pages.items()}


CONF = f'''
extensions = ["myst_parser", "sphinx_needs", "sphinxcontrib.mermaid", "sphinx.ext.graphviz",
              "roadmap.sphinx_ext"]
source_suffix = {{".md": "markdown"}}
exclude_patterns = ["_build"]
myst_fence_as_directive = ["mermaid"]
needs_from_toml = {str(ROOT / "ubproject.toml")!r}
needs_schema_definitions_from_json = {str(ROOT / "schemas.json")!r}
graphviz_output_format = "svg"
mermaid_version = ""
mermaid_use_local = "mermaid.min.js"
html_theme = "basic"
nitpicky = True
'''


@dataclass
class Built:
    app: SphinxTestApp
    warnings: str
    status: str

    @property
    def outdir(self) -> Path:
        return Path(self.app.outdir)

    def html(self, docname: str) -> str:
        return (self.outdir / f"{docname}.html").read_text(encoding="utf-8")

    def warning_lines(self) -> list[str]:
        """The warnings, one a line, without the colour codes of a terminal."""
        plain = re.sub(r"\x1b\[[0-9;]*m", "", self.warnings)
        return [line for line in plain.splitlines() if line.strip()]


def write_example_files(src: Path, needs: Mapping[str, Mapping[str, Any]]) -> None:
    """An empty file at every example need's ``:path:`` (the build checks it exists)."""
    for need in needs.values():
        path = need.get("path")
        if need.get("type") == "example" and isinstance(path, str) and path:
            (src / path).parent.mkdir(parents=True, exist_ok=True)
            (src / path).touch()


def build(root: Path, pages: Mapping[str, str], *, changes: Mapping[str, Any] | None = None,
          needs: Mapping[str, Mapping[str, Any]] | None = None, buildername: str = "html",
          conf_extra: str = "", files: Mapping[str, str] | None = None,
          parallel: int = 0) -> Built:
    """Write a project with the needs (the base plan with ``changes``, or ``needs``) on
    their pages, the extra ``pages`` (docname -> MyST) and ``files``, and build it."""
    src = root / "src"
    src.mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text(CONF + conf_extra, encoding="utf-8")
    plan = needs if needs is not None else minigraph.plan(changes)
    written = {**need_pages(plan), **pages}
    toctree = "\n".join(written)
    (src / "index.md").write_text(f"# Test\n\n```{{toctree}}\n{toctree}\n```\n", encoding="utf-8")
    write_example_files(src, plan)
    for docname, text in written.items():
        (src / f"{docname}.md").parent.mkdir(parents=True, exist_ok=True)
        (src / f"{docname}.md").write_text(text, encoding="utf-8")
    for name, text in (files or {}).items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    return rebuild(root, buildername, parallel)


def export(built: Built) -> Path:
    """The export step ``make html`` runs after Sphinx (the exports are no part of the
    build): ``python -m roadmap export`` in process, into ``<outdir>/exports`` behind
    the stamp ``<builddir>/exports.stamp``; the exports folder."""
    from roadmap import cli

    folder = built.outdir / "exports"
    status = cli.main(["export", str(built.outdir / "needs.json"), "--output", str(folder),
                       "--stamp", str(built.outdir.parent / "exports.stamp"),
                       "--project", str(built.app.srcdir)])
    assert status == 0, f"the export step failed ({status})"
    return folder


def rebuild(root: Path, buildername: str = "html", parallel: int = 0) -> Built:
    """Build the project written in ``root`` again: an incremental build when it was
    built before; ``parallel`` processes as ``-j`` gives them."""
    status, warning = io.StringIO(), io.StringIO()
    app = SphinxTestApp(buildername=buildername, srcdir=root / "src", builddir=root / "_build",
                        status=status, warning=warning, parallel=parallel)
    try:
        app.build()
    finally:
        app.cleanup()
    return Built(app, warning.getvalue(), status.getvalue())
