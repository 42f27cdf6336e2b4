"""Links from a view: to a need's entry (its ID, its title on hover), to lists of
needs, to a program week's page and to any other page of the site."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from docutils import nodes

from roadmap.graph import Need
from roadmap.render.context import ViewContext
from roadmap.render.formats import NONE


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


def drawn_needs(needs: Iterable[Need]) -> nodes.raw:
    """The IDs of the needs a view draws where the page's text does not name them (in an
    image file), as an HTML comment of the written page: an incremental build looks for
    a retitled need's ID on the page written before to decide whether to write it again
    (:mod:`roadmap.sphinx_ext.freshness`), so the page says which needs it shows."""
    ids = " ".join(sorted({n.id for n in needs}))
    return nodes.raw("", f"<!-- roadmap draws: {escape(ids).replace('--', '- -')} -->\n",
                     format="html")


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

