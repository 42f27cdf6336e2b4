"""Need cards in words: labels, numbers as the plan writes them, booleans as words,
weeks with dates, a risk's score and band; needtable numbers without ``.0``."""

from __future__ import annotations

import re

from docutils import nodes

from roadmap.config import DEFAULTS
from roadmap.render import cards


def test_fields_read_as_the_plan_writes_them(need, as_need):
    resource = as_need(need("RES-A", "resource", cost=320000.0, capacity=4.0, headcount=4))
    metric = as_need(need("MET-A", "metric", baseline=850.0, target=255.0, unit="ms",
                          operational=True, direction="decrease", scope="module"))
    milestone = as_need(need("MS-A", "milestone", start=5, due=6, effort=1.0,
                             status="in_progress"))
    risk = as_need(need("RSK-A", "risk", likelihood=3, impact=5))
    text = cards.field_text
    assert text(resource, "cost", DEFAULTS) == "USD 320,000"
    assert text(resource, "capacity", DEFAULTS) == "4 person-weeks per week"
    assert text(resource, "headcount", DEFAULTS) == "4 people"
    assert text(metric, "baseline", DEFAULTS) == "850 ms"
    assert text(metric, "operational", DEFAULTS) == "yes, a monitor watches it"
    assert text(metric, "direction", DEFAULTS) == "lower is better"
    assert text(metric, "scope", DEFAULTS) == "module KPI"
    assert text(milestone, "due", DEFAULTS) == "week 6 (10\u201314 Nov 2025)"
    assert text(milestone, "effort", DEFAULTS) == "1 person-week"
    assert text(milestone, "status", DEFAULTS) == "in progress"
    assert text(risk, "impact", DEFAULTS) == "5 of 5 (severe)"
    assert cards.score_text(risk, DEFAULTS) == "15 of 25, critical"
    assert cards.hidden(metric, "unit") and not cards.hidden(resource, "unit")
    assert text(milestone, "owner", DEFAULTS) is None


def _card(need_id: str, fields: dict[str, str]) -> nodes.table:
    """The shape sphinx-needs renders a card's meta region in."""
    card = nodes.table(classes=["need"], ids=[need_id])
    meta = nodes.container(classes=["needs_meta"])
    for name, raw in fields.items():
        line = nodes.line()
        field = nodes.inline(classes=[f"needs_{name}"])
        field += nodes.inline(text=f"{name}: ", classes=["needs_label"])
        field += nodes.Text(raw)
        line += field
        meta += line
    link_line = nodes.line()
    link_line += nodes.Text("threatens: ")
    link_line += nodes.reference("", "MS-A", refuri="#MS-A", reftitle="RSK-A")
    meta += link_line
    card += meta
    return card


def test_a_rendered_card_is_rewritten_in_place(make_graph, need):
    graph = make_graph(need("RSK-A", "risk", "A risk", likelihood=4, impact=4, unit="x",
                            operational=False),
                       need("MS-A", "milestone", "The work"))
    card = _card("RSK-A", {"likelihood": "4", "impact": "4", "operational": "False"})
    cards.rewrite_all([card], graph, DEFAULTS)
    lines = [line.astext() for line in card.findall(nodes.line)]
    assert lines == ["Likelihood: 4 of 5 (likely)", "Impact: 4 of 5 (major)",
                     "Score: 16 of 25, critical", "Watched in production: no",
                     "Threatens: MS-A"]
    assert next(card.findall(nodes.reference))["reftitle"] == "The work"


def test_needtable_numbers_lose_their_trailing_zero(make_graph, need):
    graph = make_graph(need("RES-A", "resource", cost=91000.0))
    table = nodes.table(classes=["NEEDS_TABLE"])
    row = nodes.row(html_attributes={"data-need-id": "RES-A"})
    entry = nodes.entry(classes=["needs_cost"])
    entry += nodes.paragraph(text="91000.0")
    row += entry
    table += row
    cards.rewrite_all([table], graph, DEFAULTS)
    assert entry.astext() == "91,000"


def test_a_needtable_cell_without_a_value_is_empty(make_graph, need):
    """sphinx-needs writes ``<td class="needs_depends_on"><p></p></td>`` for a need with
    no prerequisite; the phone's and paper's card layout hides only an empty cell, so
    an empty paragraph printed the column's name alone ("Depends on:")."""
    graph = make_graph(need("MS-A", "milestone", "The work"))
    table = nodes.table(classes=["NEEDS_DATATABLES"])
    row = nodes.row(html_attributes={"data-need-id": "MS-A"})
    blank, linked = nodes.entry(classes=["needs_depends_on"]), nodes.entry(classes=["needs_phase"])
    blank += nodes.paragraph()
    linked += nodes.paragraph("", "", nodes.reference("", "PH-1", refuri="#PH-1"))
    row += [blank, linked]
    table += row
    cards.rewrite_all([table], graph, DEFAULTS)
    assert blank.children == [] and linked.astext() == "PH-1"


def test_no_built_needtable_keeps_a_blank_cell(html_dir):
    """In the built site, a needtable cell is either empty or shows a value."""
    blank = re.compile(r'<td class="needs_[a-z_]+">\s*<p>\s*</p>\s*</td>')
    found = {page.relative_to(html_dir).as_posix(): len(hits) for page in html_dir.rglob("*.html")
             if (hits := blank.findall(page.read_text(encoding="utf-8")))}
    assert found == {}


def test_ids_are_marked_to_stay_on_one_line():
    from roadmap.render import page_marks as page

    para = nodes.paragraph()
    para += nodes.reference("", "MS-A", refuri="#MS-A")
    titled = nodes.reference("", "", refuri="#MS-B")
    titled += nodes.emphasis(text="Fix the thing (again) (MS-B)")
    para += titled
    para += nodes.reference("", "MS-Z", refuri="#MS-Z")  # not a need
    references = page.nodes_of(para, [nodes.reference])[nodes.reference]
    assert page.mark_ids(references, {"MS-A", "MS-B"}) == 2
    first, second, third = para.findall(nodes.reference)
    assert page.ID_CLASS in first["classes"] and page.ID_CLASS not in third["classes"]
    span = next(second.findall(nodes.inline))
    assert span.astext() == "MS-B" and page.ID_CLASS in span["classes"]
    assert second.astext() == "Fix the thing (again) (MS-B)"
    assert page.mark_ids(references, {"MS-A", "MS-B"}) == 0  # once only


def test_wide_tables_and_views_are_marked():
    from roadmap.render import page_marks as page

    doc = nodes.section()
    narrow, wide = nodes.table(), nodes.table()
    narrow += nodes.tgroup(cols=3)
    wide += nodes.tgroup(cols=page.WIDE_COLUMNS)
    doc += [narrow, wide, nodes.container(classes=["roadmap-timeline"])]
    found = page.nodes_of(doc, [nodes.table, nodes.container])
    assert page.mark_wide(found[nodes.table], found[nodes.container])
    assert page.WIDE_CLASS in wide["classes"] and page.WIDE_CLASS not in narrow["classes"]


def test_links_to_roles_read_as_their_titles(make_graph, need):
    """In a needtable's link cells and a card's link lines, a role reads as its title
    with its ID on hover; another resource keeps its ID, and so does a role's own row."""
    graph = make_graph(need("RES-ROLE-A", "resource", "Backend engineers", capacity=3.0),
                       need("RES-INFRA-A", "resource", "Staging"))
    table = nodes.table(classes=["NEEDS_DATATABLES"])
    row = nodes.row(html_attributes={"data-need-id": "RES-ROLE-A"})
    own, requires = nodes.entry(classes=["needs_id"]), nodes.entry(classes=["needs_requires"])
    own += nodes.paragraph("", "", nodes.reference("", "RES-ROLE-A", refuri="#RES-ROLE-A"))
    requires += nodes.paragraph("", "", nodes.reference("", "RES-ROLE-A", refuri="#x"),
                                nodes.Text(", "), nodes.reference("", "RES-INFRA-A", refuri="#y"))
    row += [own, requires]
    table += row
    cards.rewrite_all([table], graph, DEFAULTS)
    assert own.astext() == "RES-ROLE-A"
    assert requires.astext() == "Backend engineers, RES-INFRA-A"
    assert next(requires.findall(nodes.reference))["reftitle"] == "RES-ROLE-A"
