"""The view directives: one ``roadmap-<name>`` directive per registered view.

A directive parses its argument and options while the page is read (a bad value is an
error at the author's file and line) and leaves a placeholder; once every need is
resolved, ``doctree-resolved`` replaces the placeholder with the view's nodes. The
views themselves live in :mod:`roadmap.views`; this module only declares and wires.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives as rst_directives
from sphinx.application import Sphinx
from sphinx.ext import graphviz as sphinx_graphviz
from sphinx.ext.graphviz import graphviz as graphviz_node
from sphinx.util.docutils import SphinxDirective

from roadmap.config import review_base_of
from roadmap.graph import Need
from roadmap.program_calendar import CalendarError
from roadmap.render.context import ViewContext, ViewError
from roadmap.render.custom_nodes import CUSTOM_NODES, depart_nothing, dot_graph
from roadmap.sphinx_ext import build_warnings
from roadmap.sphinx_ext.build_warnings import RoadmapWarning
from roadmap.sphinx_ext.reading import DATATABLES, EXPLORER, VIEWS, assets_of
from roadmap.sphinx_ext.state import BuildState
from roadmap.views import View, ViewArgs, views

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
CSS_FILE = "roadmap-views.css"
EXPLORER_JS = "roadmap-explorer.js"
TABLES_JS = "roadmap-tables.js"  # keeps the search of interactive needtables in the URL


class roadmap_view(nodes.General, nodes.Element):
    """Placeholder of a view until the needs are resolved."""


class ViewDirective(SphinxDirective):
    """Base of the generated directives; ``spec`` is the view it declares."""

    spec: ClassVar[View]
    has_content = False

    def run(self) -> list[nodes.Node]:
        node = roadmap_view()
        node["view"] = self.spec.name
        node["reads_now"] = self.spec.reads_now
        node["argument"] = self._argument()
        node["options"] = {name: self._option(name, value) for name, value in self.options.items()}
        node["shows_needs_by_id"] = self.spec.names_what_it_shows(
            ViewArgs(node["argument"], node["options"]))
        self.set_source_info(node)
        # the tables of the model and the status follow these files, not the pages
        for path in (self.config.needs_from_toml, self.config.needs_schema_definitions_from_json,
                     self.config.roadmap_baseline):
            if path:
                self.env.note_dependency(str(Path(self.env.srcdir, path)))
        if self.spec.reads_review_ledger and self.config.roadmap_review_ledger:
            self.env.note_dependency(str(Path(self.env.srcdir, self.config.roadmap_review_ledger)))
        if self.spec.review_base:
            # read again on every build that names a base (a revision such as origin/main
            # moves); sphinx_ext/review_links.py reads it again when the base changes
            BuildState.of(self.env).freshness.review_docs.add(self.env.docname)
            if review_base_of(os.environ, self.config.roadmap_review_base):
                self.env.note_reread()
        return [node]

    def _argument(self) -> str:
        if self.spec.argument is None:
            return ""
        try:
            return self.spec.argument(self.arguments[0])
        except ValueError as error:
            raise self.error(f"roadmap-{self.spec.name}: {error}") from None

    def _option(self, name: str, value: str) -> Any:
        try:
            return self.spec.options[name](value or "")
        except ValueError as error:
            raise self.error(f"roadmap-{self.spec.name}: option :{name}: {error}") from None


def directive_for(spec: View) -> type[ViewDirective]:
    """A directive class declaring ``spec``'s argument and options."""
    option_spec: dict[str, Callable[[str | None], Any]] = dict.fromkeys(
        spec.options, rst_directives.unchanged)
    return type(f"{spec.name.title().replace('-', '')}Directive", (ViewDirective,), {
        "spec": spec,
        "required_arguments": 1 if spec.argument else 0,
        "final_argument_whitespace": False,
        "option_spec": option_spec,
        "__doc__": spec.summary,
    })


# ------------------------------------------------------------ resolving
def _uri(app: Sphinx, fromdocname: str) -> Callable[[Need], str]:
    pages: dict[str, str] = {}  # the relative URI of each page, asked once per page

    def uri(need: Need) -> str:
        if not need.docname:
            return "#" + need.id
        page = pages.get(need.docname)
        if page is None:
            page = pages[need.docname] = app.builder.get_relative_uri(fromdocname,
                                                                      need.docname)
        return f"{page}#{need.id}"

    return uri


def _doc_uri(app: Sphinx, fromdocname: str) -> Callable[[str], str | None]:
    def doc_uri(docname: str) -> str | None:
        if docname not in app.env.found_docs:
            return None
        return app.builder.get_relative_uri(fromdocname, docname)

    return doc_uri


def resolve_views(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(roadmap_view))
    if not placeholders:
        return
    registered, state, uri = views(), BuildState.of(app.env), _uri(app, docname)
    for index, node in enumerate(placeholders, start=1):
        ctx = ViewContext(project=state.inputs, graph=state.graph, docname=docname,
                          uri=uri, results=lambda: state.results,
                          index=index, doc_uri=_doc_uri(app, docname),
                          shared=state.view_memo)
        spec = registered[node["view"]]
        try:
            content = spec.build(ctx, ViewArgs(node["argument"], node["options"]))
        except (ViewError, CalendarError) as error:
            build_warnings.warn(RoadmapWarning.VIEWS, f"roadmap-{spec.name}: {error}",
                                location=node)
            content = []
        except Exception as error:  # no traceback: a warning at the directive
            build_warnings.warn(RoadmapWarning.VIEWS, f"roadmap-{spec.name}: cannot be drawn "
                                f"from this plan ({type(error).__name__}: {error}); the value "
                                "it cannot use is named by the rules' warnings, or the view "
                                "has a bug", location=node)
            content = []
        _name_tables(content, f"roadmap-view-{index}")
        _draw_dot_graphs(content, docname)
        node.replace_self(content)


def _draw_dot_graphs(content: list[nodes.Node], docname: str) -> None:
    """A view's Graphviz graphs become Sphinx's graphviz nodes (drawn to SVG files by
    sphinx.ext.graphviz, with the alt text :func:`visit_graphviz` puts on them)."""
    for node in [d for part in content for d in part.findall(dot_graph)]:
        drawn = graphviz_node()
        drawn["code"] = node["code"]
        drawn["options"] = {"docname": docname}
        drawn["alt"] = node["alt"]
        node.replace_self(drawn)


def _name_tables(content: list[nodes.Node], prefix: str) -> None:
    """Give every table an ID unique on the page: a captioned table is numbered, and
    Sphinx wants an ID for what it numbers."""
    tables = [t for node in content for t in node.findall(nodes.table) if not t["ids"]]
    for number, table in enumerate(tables, start=1):
        table["ids"] = [f"{prefix}-table-{number}"]


# ------------------------------------------------------------ page assets
def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
               doctree: nodes.document | None) -> None:
    assets = assets_of(doctree)
    if VIEWS in assets:
        app.add_css_file(CSS_FILE)
    if EXPLORER in assets:
        app.add_js_file(EXPLORER_JS)
    if DATATABLES in assets:
        # after sphinx-needs' own deferred needstable.js (priority 500)
        app.add_js_file(TABLES_JS, loading_method="defer", priority=800)


def visit_graphviz(self: Any, node: nodes.Element) -> None:
    """Sphinx's Graphviz HTML, with the diagram's alt text on the ``<object>``.

    Sphinx writes the alt text unescaped inside the object as fallback content
    (a title with markup would become markup), and assistive technology does not read
    it there (axe: object-alt): the alt is escaped for Sphinx's writer, and the object
    gets ``role="img"`` and an escaped ``aria-label``. Diagrams without alt text
    (their alt would be the DOT source) are labelled as a diagram.
    """
    start = len(self.body)
    alt = node.get("alt")
    if alt is not None:
        node["alt"] = escape(alt, quote=True)
    try:
        sphinx_graphviz.html_visit_graphviz(self, cast("graphviz_node", node))
    finally:
        if alt is not None:
            node["alt"] = alt
        label = escape(alt or "Diagram", quote=True)
        for index in range(start, len(self.body)):
            if self.body[index].startswith("<object "):
                self.body[index] = self.body[index].replace(
                    "<object ", f'<object role="img" aria-label="{label}" ', 1)


def add_static_path(app: Sphinx, config: Any) -> None:
    path = str(STATIC_DIR)
    if path not in config.html_static_path:
        config.html_static_path.append(path)


def declare_views(app: Sphinx, env: Any, docnames: list[str]) -> None:
    """Declare the view directives when Sphinx is about to read pages (before it forks
    its readers): a build that reads none, a no-op rebuild, does not import the view
    modules (0.17 s of CPU; the views are imported again only to draw a page)."""
    if not docnames:
        return
    for spec in views().values():
        app.add_directive(f"roadmap-{spec.name}", directive_for(spec), override=True)


def setup(app: Sphinx) -> None:
    app.add_node(roadmap_view)
    for node_class, (html_visit, html_depart, other_visit) in CUSTOM_NODES.items():
        other = (other_visit, depart_nothing)
        app.add_node(node_class, html=(html_visit, html_depart), latex=other, text=other,
                     man=other, texinfo=other)
    app.add_node(graphviz_node, override=True, html=(visit_graphviz, None))
    app.connect("env-before-read-docs", declare_views, priority=1)
    app.connect("config-inited", add_static_path)
    app.connect("doctree-resolved", resolve_views)
    app.connect("html-page-context", add_assets)
