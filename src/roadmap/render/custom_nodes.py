"""The nodes docutils has none for: a progress bar, a block of JSON data for a page's
script, a collapsible part and an inline SVG chart. Each has an HTML visitor and a
plain fallback that other builders write as text; :data:`CUSTOM_NODES` lists them for
the Sphinx adapter, which registers them.

A Graphviz graph (:class:`dot_graph`) has no visitor: the Sphinx adapter replaces it
with Sphinx's own graphviz node when it resolves the view, so the core names no Sphinx
class."""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from typing import Any

from docutils import nodes


class progress_bar(nodes.inline):
    """A bar filled to ``done`` of ``total`` and its text, e.g. "40 % done"."""

    @staticmethod
    def make(done: float, total: float, label: str) -> progress_bar:
        share = round(100 * done / total) if total else 0
        node = progress_bar(text=f"{share} % {label}")
        node["share"] = share
        return node


def visit_progress_bar_html(self: Any, node: progress_bar) -> None:
    # the bar is drawn for the eye; the text beside it is what assistive technology reads
    self.body.append(
        f'<span class="roadmap-progress"><span class="roadmap-bar" aria-hidden="true">'
        f'<span style="width:{int(node["share"])}%"></span></span> '
        f'<span class="roadmap-bar-text">{escape(node.astext())}</span></span>')
    raise nodes.SkipNode


class json_data(nodes.General, nodes.Element):
    """A block of JSON for a page's script; builders other than HTML leave it out."""

    @staticmethod
    def make(element_id: str, data: Any) -> json_data:
        node = json_data()
        node["element_id"] = element_id
        node["data"] = data
        return node


def json_script(element_id: str, data: Any) -> str:
    """Data for a page's script, safe inside HTML (no ``</script>`` can end it)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{escape(element_id)}">{text}</script>'


def visit_json_data_html(self: Any, node: json_data) -> None:
    self.body.append(json_script(node["element_id"], node["data"]))
    raise nodes.SkipNode


class collapsible(nodes.General, nodes.Element):
    """Content a reader opens when wanted (``<details>`` in HTML); other builders show
    it in full."""

    @staticmethod
    def make(summary: str, *content: nodes.Node) -> collapsible:
        node = collapsible()
        node["summary"] = summary
        node.extend(content)
        return node


def visit_collapsible_html(self: Any, node: collapsible) -> None:
    self.body.append(f'<details class="roadmap-details"><summary>{escape(node["summary"])}'
                     "</summary>")


def depart_collapsible_html(self: Any, node: collapsible) -> None:
    self.body.append("</details>")


class svg_figure(nodes.General, nodes.Element):
    """A chart written by the roadmap's own SVG writer (:mod:`roadmap.gantt.svg`, which
    escapes every value); builders other than HTML write the node's children, a plain
    text version of the chart, instead."""

    @staticmethod
    def make(html: str, *fallback: nodes.Node) -> svg_figure:
        node = svg_figure()
        node["html"] = html
        node.extend(fallback)
        return node


def visit_svg_figure_html(self: Any, node: svg_figure) -> None:
    self.body.append(node["html"])
    raise nodes.SkipNode


class dot_graph(nodes.General, nodes.Element):
    """A graph in Graphviz DOT with its alt text, drawn by Sphinx's graphviz extension
    (``roadmap.sphinx_ext.directives`` swaps in its node when the view is resolved)."""

    @staticmethod
    def make(code: str, alt: str) -> dot_graph:
        node = dot_graph()
        node["code"] = code
        node["alt"] = alt
        return node


def skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def pass_through(self: Any, node: nodes.Node) -> None:
    """Other builders write the node's text (its children) as they are."""


def depart_nothing(self: Any, node: nodes.Node) -> None:
    """Nothing to close."""


# node class -> (html visit, html depart, visit for every other builder)
CUSTOM_NODES: dict[type[nodes.Element],
                   tuple[Callable[..., None], Callable[..., None], Callable[..., None]]] = {
    progress_bar: (visit_progress_bar_html, depart_nothing, pass_through),
    json_data: (visit_json_data_html, depart_nothing, skip),
    collapsible: (visit_collapsible_html, depart_collapsible_html, pass_through),
    svg_figure: (visit_svg_figure_html, depart_nothing, pass_through),
}
