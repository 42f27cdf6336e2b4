"""The reads GUARD-READS refuses do not happen, even in a build without ``-W``.

The source guard (:mod:`roadmap.rules.paths`) names every path or URL a page makes the
build read, fetch or publish outside the source tree, with file and line, and fails a
strict build. But the directives read while the page is parsed, before any guard runs,
and a preview build (``make live``) goes on: so each directive that reads a file or a
URL (literalinclude, include, csv-table, raw, graphviz, mermaid, image, figure) is
wrapped to ask the same function first and to write a short notice instead of reading;
an included file the guard refuses is read as empty; and an image or download a
Markdown link names outside the tree is dropped before Sphinx copies it. The guard
reports each of them, so this adapter only refuses (one line per problem).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx import addnodes
from sphinx.application import Sphinx

from roadmap.rules.paths import (
    GRAPH_DIRECTIVES,
    directive_problems,
    dot_problems,
    download_problem,
    image_problem,
    is_url,
    read_problem,
)
from roadmap.served import url_problem

GUARDED = ("literalinclude", "include", "csv-table", "raw", "graphviz", "graph", "digraph",
           "mermaid", "image", "figure")
_GUARDED_ATTR = "_roadmap_guarded"


def notice(name: str) -> nodes.paragraph:
    """What the page shows instead of what the directive would have read."""
    return nodes.paragraph("", "", nodes.emphasis(
        text=f"Not shown: this {name} directive reads a file outside the site's sources, a "
             "hidden file or a URL, which the build refuses (see the build's warnings)."))


def _page_of(directive: Directive) -> tuple[str, Path]:
    env = directive.state.document.settings.env
    return (str(Path(env.doc2path(env.docname, False))), Path(env.srcdir))


def _refused(directive: Directive) -> bool:
    page, root = _page_of(directive)
    options = {k: str(v) for k, v in (directive.options or {}).items()}
    argument = " ".join(directive.arguments or ())
    if any(directive_problems(directive.name, argument, options, page, root)):
        return True
    return directive.name in GRAPH_DIRECTIVES and bool(
        dot_problems("\n".join(directive.content or ()), 1))


def _guarded(klass: type[Directive]) -> type[Directive]:
    """``klass`` with a run() that refuses before it reads."""
    def run(self: Directive) -> Sequence[nodes.Node]:
        if _refused(self):
            return [notice(self.name)]
        result: Sequence[nodes.Node] = klass.run(self)
        return result

    return type(f"Guarded{klass.__name__}", (klass,), {"run": run, _GUARDED_ATTR: True})


def _registered(name: str) -> type[Directive] | None:
    """The directive class registered under ``name`` (docutils loads its own lazily)."""
    klass = directives._directives.get(name)  # type: ignore[attr-defined]
    if klass is None and name in directives._directive_registry:  # type: ignore[attr-defined]
        module, class_name = directives._directive_registry[name]  # type: ignore[attr-defined]
        klass = getattr(importlib.import_module(f"docutils.parsers.rst.directives.{module}"),
                        class_name)
    return klass if isinstance(klass, type) else None


def guard_directives(app: Sphinx) -> None:
    """Wrap every directive that reads a file or URL (after all extensions set up)."""
    for name in GUARDED:
        klass = _registered(name)
        if klass is not None and not getattr(klass, _GUARDED_ATTR, False):
            app.add_directive(name, _guarded(klass), override=True)


def _include_read(app: Sphinx, relative_path: Path, parent_docname: str,
                  content: list[str]) -> None:
    """An included file outside the tree (or hidden) is read as nothing."""
    # Sphinx and MyST give the path relative to the source tree: read it from there
    if read_problem(Path(relative_path).as_posix(), "at-the-root", Path(app.srcdir)):
        content[0] = ""


def _text_of(node: nodes.Element) -> nodes.Node:
    return nodes.inline("", "", *[child.deepcopy() for child in node.children])


def drop_refused_files(app: Sphinx, doctree: nodes.document) -> None:
    """Images, downloads and links the guard refuses never reach Sphinx's collectors
    (which copy files into ``_images/`` and ``_downloads/``)."""
    page = str(Path(app.env.doc2path(app.env.docname, False)))
    root = Path(app.srcdir)
    for image in list(doctree.findall(nodes.image)):
        uri = str(image.get("uri", ""))
        if not uri.startswith("data:") and (is_url(uri) or image_problem(uri, page, root)):
            image.replace_self(nodes.inline(text=str(image.get("alt", ""))))
    for download in list(doctree.findall(addnodes.download_reference)):
        target = str(download.get("reftarget", ""))
        if read_problem(target, page, root) or download_problem(target):
            download.replace_self(_text_of(download))
    for reference in list(doctree.findall(nodes.reference)):
        if url_problem("a", "href", str(reference.get("refuri", ""))):
            reference.replace_self(_text_of(reference))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", guard_directives)
    app.connect("include-read", _include_read)
    # before Sphinx's image and download collectors (priority 500) copy the files
    app.connect("doctree-read", drop_refused_files, priority=100)
    return {"parallel_read_safe": True}
