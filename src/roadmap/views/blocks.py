"""The building blocks every view is made of: docutils nodes, one helper of each kind.

Views are docutils trees, not HTML strings: every Sphinx builder (HTML, the PDF
builder, text, LaTeX) writes them, and each value written into them is escaped by
the writer. The few things docutils has no node for (a progress bar, a block of data
for a script, an inline SVG chart) are small node classes here, each with an HTML
visitor and a plain fallback that other builders write as text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any, TypeAlias

from docutils import nodes

from roadmap.config import Settings
from roadmap.findings import RuleResult
from roadmap.graph import Need, RoadmapGraph
from roadmap.inputs import ProjectInputs

NONE = "\u2013"  # an en dash: the cell has no value


class ViewError(ValueError):
    """A view cannot be drawn as asked (an unknown target, say): the build warns."""


@dataclass
class ViewContext:
    """What a view reads: the graph, the settings, and how to link from this page."""

    project: ProjectInputs
    graph: RoadmapGraph
    docname: str  # the page being written
    uri: Callable[[Need], str]  # relative URI of a need from the page being written
    results: Callable[[], list[RuleResult]]  # the build's rule results, computed on demand
    index: int = 1  # the view's number on its page, for IDs unique on the page
    # relative URI of another page of the site by its document name, None when the site
    # has no such page (the week pages, say, in a project without them)
    doc_uri: Callable[[str], str | None] = lambda docname: None

    @property
    def settings(self) -> Settings:
        return self.project.settings

    def need(self, need_id: str, need_type: str) -> Need:
        """The need ``need_id`` of type ``need_type``; ViewError when there is none."""
        need = self.graph.needs.get(need_id)
        if need is None or need.type != need_type:
            raise ViewError(f"{need_id!r} is not a {need_type} need")
        return need


# ------------------------------------------------------------------ links
def need_ref(ctx: ViewContext, need: Need, text: str | None = None) -> nodes.Node:
    """A link to a need's entry, showing its ID (or ``text``), its title on hover."""
    ref = nodes.reference("", "", internal=True, refuri=ctx.uri(need), reftitle=need.title,
                          classes=["roadmap-need"])
    ref += nodes.Text(text or need.id)
    return ref


def need_refs(ctx: ViewContext, needs: Iterable[Need], sep: str = ", ") -> list[nodes.Node]:
    """Links to needs separated by ``sep``; an en dash when there are none."""
    cell: list[nodes.Node] = []
    for index, need in enumerate(needs):
        if index:
            cell.append(nodes.Text(sep))
        cell.append(need_ref(ctx, need))
    return cell or [nodes.Text(NONE)]


def id_refs(ctx: ViewContext, ids: Iterable[str]) -> list[nodes.Node]:
    """Links to needs by ID, sorted; an unknown ID is shown as code."""
    cell: list[nodes.Node] = []
    for index, need_id in enumerate(sorted(ids)):
        if index:
            cell.append(nodes.Text(", "))
        need = ctx.graph.needs.get(need_id)
        cell.append(need_ref(ctx, need) if need and need.docname else
                    nodes.literal(text=need_id))
    return cell or [nodes.Text(NONE)]


def titled(ctx: ViewContext, need: Need) -> list[nodes.Node]:
    """The need's linked ID followed by its title."""
    return [need_ref(ctx, need), nodes.Text(" " + need.title)]


# The document of a program week's page (``weeks/week-06``).
WEEK_PAGE = "weeks/week-{week:02d}"


def week_docname(week: int) -> str:
    return WEEK_PAGE.format(week=week)


def week_ref(ctx: ViewContext, week: int, text: str | None = None) -> nodes.Node:
    """A link to the page of program week ``week`` (plain text without week pages)."""
    return page_ref(ctx, week_docname(week), text or f"week {week}", f"Program week {week}")


def page_ref(ctx: ViewContext, docname: str, text: str, title: str = "") -> nodes.Node:
    """A link to another page of the site, or the plain text when there is no such page."""
    uri = ctx.doc_uri(docname)
    if uri is None:
        return nodes.Text(text)
    ref = nodes.reference("", text, internal=True, refuri=uri, reftitle=title or text)
    return ref


# ------------------------------------------------------------------ tables
Content: TypeAlias = str | nodes.Node | Sequence[nodes.Node]


@dataclass
class Cell:
    """A table cell with classes or spans; a plain value can stand for a Cell."""

    content: Content
    classes: Sequence[str] = ()
    rows: int = 1  # rows the cell spans
    cols: int = 1  # columns the cell spans


CellLike: TypeAlias = Content | Cell


@dataclass
class Row:
    cells: Sequence[CellLike]
    classes: Sequence[str] = field(default_factory=list)


RowLike: TypeAlias = Row | Sequence[CellLike]


def table(caption: str, headers: Sequence[CellLike], rows: Iterable[RowLike],
          classes: Sequence[str] = (), stub_columns: int = 1) -> nodes.table:
    """A table with a caption, a header row and body rows; the first ``stub_columns``
    columns are row headers."""
    tbl = nodes.table(classes=["roadmap-table", *classes])
    tbl += nodes.title(text=caption)
    group = nodes.tgroup(cols=len(headers))
    tbl += group
    for index, _ in enumerate(headers):
        spec = nodes.colspec(colwidth=1)
        if index < stub_columns:
            spec["stub"] = 1
        group += spec
    head = nodes.thead()
    group += head
    head += _row(Row(headers))
    body = nodes.tbody()
    group += body
    for row in rows:
        body += _row(row if isinstance(row, Row) else Row(row))
    return tbl


def _row(row: Row) -> nodes.row:
    out = nodes.row(classes=list(row.classes))
    for cell in row.cells:
        out += _entry(cell if isinstance(cell, Cell) else Cell(cell))
    return out


def _entry(cell: Cell) -> nodes.entry:
    entry = nodes.entry(classes=list(cell.classes))
    if cell.rows > 1:
        entry["morerows"] = cell.rows - 1
    if cell.cols > 1:
        entry["morecols"] = cell.cols - 1
    content = cell.content
    items = [content] if isinstance(content, str | nodes.Node) else list(content)
    para = nodes.paragraph()
    for item in items:
        node = nodes.Text(item) if isinstance(item, str) else item
        if isinstance(node, nodes.Body) and not isinstance(node, nodes.Inline):
            # a block (a list, a paragraph) stands alone
            if para.children:
                entry += para
                para = nodes.paragraph()
            entry += node
        else:
            para += node
    if para.children or not entry.children:
        entry += para
    return entry


def section(title: str, section_id: str, *content: nodes.Node) -> nodes.container:
    """A titled part of a view (a rubric, so it does not enter the page's contents)."""
    box = nodes.container(ids=[section_id], classes=["roadmap-part"])
    box += nodes.rubric(text=title)
    box.extend(content)
    return box


def box(*content: nodes.Node, classes: Sequence[str] = ()) -> nodes.container:
    """The container every view sits in (styled by roadmap-views.css)."""
    out = nodes.container(classes=["roadmap-view", *classes])
    out.extend(content)
    return out


def paragraph(*content: str | nodes.Node, classes: Sequence[str] = ()) -> nodes.paragraph:
    para = nodes.paragraph(classes=list(classes))
    for part in content:
        para += nodes.Text(part) if isinstance(part, str) else part
    return para


def bullets(items: Iterable[Sequence[str | nodes.Node]], classes: Sequence[str] = ()
            ) -> nodes.bullet_list:
    out = nodes.bullet_list(classes=list(classes))
    for item in items:
        entry = nodes.list_item()
        entry += paragraph(*item)
        out += entry
    return out


def strong(text: str) -> nodes.strong:
    return nodes.strong(text=text)


def small(text: str) -> nodes.inline:
    return nodes.inline(text=text, classes=["roadmap-sub"])


# ------------------------------------------------------------------ numbers
def fmt_number(value: float | None) -> str:
    """A number as a reader writes it: no trailing .0, thousands grouped."""
    if value is None:
        return NONE
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def percent(value: float) -> str:
    return f"{value * 100:.1f} %"


# ------------------------------------------------------------------ custom nodes
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
    """A chart written by the roadmap's own SVG writer (:mod:`roadmap.views.svg`, which
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
