"""Need cards and needtable cells as a reader reads them.

sphinx-needs writes a need's fields as they are stored: ``cost: 320000.0``,
``operational: True``, ``due: 6``. The card layout of ``ubproject.toml`` decides which
fields a card shows (the derived counters stay in ``needs.json`` only); this module
decides how each shown field reads: a label in words, numbers as the plan writes them
(``USD 320,000``, ``850 ms``), booleans as words, weeks with their dates from the
program calendar, a risk's score and band beside its likelihood and impact.

:func:`field_text` is the pure reading of one field; :func:`rewrite_card` and
:func:`rewrite_table` apply it to the docutils nodes sphinx-needs rendered, so every
builder writes the same words.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docutils import nodes

from roadmap import risk
from roadmap.config import Settings
from roadmap.graph import Need, RoadmapGraph
from roadmap.load import has_capacity, parse_week_values
from roadmap.program_calendar import CalendarError, day_field_text
from roadmap.render.formats import fmt_number
from roadmap.render.page_marks import nodes_of
from roadmap.roles import (
    DIRECTION_DECREASE,
    DIRECTION_INCREASE,
    FIELDS,
    SCOPE_MODULE,
    SCOPE_PROGRAM,
    TYPES,
)

# A needtable's column of the row's own ID (a role's own row keeps its ID).
ID_COLUMN = "id"
# Field -> the label a card shows; a field not listed keeps its name, in words.
LABELS: dict[str, str] = {
    FIELDS.status: "Status",
    FIELDS.start: "Starts",
    FIELDS.end: "Ends",
    FIELDS.due: "Due",
    FIELDS.day: "On",
    FIELDS.owner: "Owner",
    FIELDS.lead: "Lead",
    FIELDS.effort: "Effort",
    "severity": "Severity",
    FIELDS.baseline: "Baseline",
    FIELDS.target: "Target",
    FIELDS.unit: "Unit",
    FIELDS.direction: "Direction",
    FIELDS.scope: "Scope",
    FIELDS.operational: "Watched in production",
    FIELDS.likelihood: "Likelihood",
    FIELDS.impact: "Impact",
    FIELDS.indicator: "Early-warning indicator",
    FIELDS.contingency: "Contingency",
    "kind": "Kind",
    "headcount": "Headcount",
    FIELDS.capacity: "Capacity",
    FIELDS.cost: "Cost",
    FIELDS.rate: "Loaded rate",
    FIELDS.capacity_weeks: "Capacity by week",
    FIELDS.rate_weeks: "Loaded rate by week",
    "level": "Test level",
    "signal": "Signal",
    "threshold": "Alerts when",
    "pager": "Pages",
    "path": "Code",
    "tags": "Tags",
}
WEEK_FIELDS = (FIELDS.start, FIELDS.end, FIELDS.due)
WORDS = {
    FIELDS.direction: {DIRECTION_INCREASE: "higher is better",
                       DIRECTION_DECREASE: "lower is better"},
    FIELDS.scope: {SCOPE_PROGRAM: "program success metric", SCOPE_MODULE: "module KPI"},
}


def label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").capitalize())


def plural(value: float, one: str, many: str) -> str:
    return f"{fmt_number(value)} {one if value == 1 else many}"


def with_unit(value: float, unit: str) -> str:
    """``850 ms``, ``99.99 %``, ``9.1 CVSS v3.1 base score``."""
    return f"{fmt_number(value)} {unit}".strip()


def week_text(week: int, settings: Settings) -> str:
    """``week 6 (10-14 Nov 2025)``; the week alone when the calendar has no such week."""
    try:
        return f"week {week} ({settings.calendar.week(week).label()})"
    except CalendarError:
        return f"week {week}"


def _number_text(need: Need, name: str, value: float) -> str:
    unit = str(need.get(FIELDS.unit, ""))
    if name in (FIELDS.baseline, FIELDS.target):
        return with_unit(value, unit)
    if name == FIELDS.effort:
        return plural(value, "person-week", "person-weeks")
    if name == FIELDS.capacity:
        return plural(value, "person-week", "person-weeks") + " per week"
    if name == FIELDS.cost:
        return f"USD {fmt_number(value)}"
    if name == FIELDS.rate:
        return f"USD {fmt_number(value)} per person-week"
    if name == "headcount":
        return plural(value, "person", "people")
    if name == FIELDS.likelihood:
        return f"{fmt_number(value)} of 5 ({risk.LIKELIHOOD.get(int(value), '')})"
    if name == FIELDS.impact:
        return f"{fmt_number(value)} of 5 ({risk.IMPACT.get(int(value), '')})"
    return fmt_number(value)


def _week_values_text(need: Need, name: str) -> str | None:
    """``1.5 person-weeks per week in weeks 1-4``: a role's capacity or rate by week in
    words, each entry as its field's own value reads; a text that cannot be read as it is."""
    base = FIELDS.capacity if name == FIELDS.capacity_weeks else FIELDS.rate
    entries, unread = parse_week_values(need.get(name))
    texts = [f"{_number_text(need, base, e.value)} in weeks {e.first}-{e.last}" for e in entries]
    return "; ".join([*texts, *unread]) or None


def field_text(need: Need, name: str, settings: Settings) -> str | None:
    """How a card shows field ``name`` of ``need``; None when it shows nothing."""
    value = need.get(name)
    if value is None:
        return None
    if isinstance(value, bool):
        if name == FIELDS.operational:
            return "yes, a monitor watches it" if value else "no"
        return "yes" if value else "no"
    if name in WEEK_FIELDS and (week := need.week(name)) is not None:
        return week_text(week, settings)
    if name == FIELDS.day:
        return day_field_text(str(value))
    if isinstance(value, int | float):
        return _number_text(need, name, float(value))
    if name in (FIELDS.capacity_weeks, FIELDS.rate_weeks):
        return _week_values_text(need, name)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or None
    text = str(value)
    return WORDS.get(name, {}).get(text, text.replace("_", " ") if name in (
        FIELDS.status, "level", "kind") else text)


def hidden(need: Need, name: str) -> bool:
    """Fields a card leaves out: the unit once the values carry it."""
    return name == FIELDS.unit and (need.get(FIELDS.baseline) is not None
                                    or need.get(FIELDS.target) is not None)


def score_text(need: Need, settings: Settings) -> str | None:
    """``15 of 25, critical`` for a scored risk."""
    value = risk.score(need)
    if value is None:
        return None
    return f"{value} of 25, {settings.band(value)}"


# ------------------------------------------------------------------ nodes
def _field_name(node: nodes.Element) -> str | None:
    for cls in node["classes"]:
        if cls.startswith("needs_") and cls not in ("needs_label", "needs_data"):
            return str(cls.removeprefix("needs_"))
    return None


def _set_field(node: nodes.Element, name: str, text: str) -> None:
    node.children = []
    node += nodes.inline(text=f"{label(name)}: ", classes=["needs_label"])
    node += nodes.inline(text=text, classes=["needs_data"])


def _capitalise_link_labels(lines: Iterable[nodes.Element]) -> None:
    """``in phase: PH-2`` -> ``In phase: PH-2`` (the link lines of a card)."""
    for line in lines:
        first = line.children[0] if line.children else None
        if isinstance(first, nodes.Text) and first[:1].islower():
            line[0] = nodes.Text(first[:1].upper() + first[1:])  # in place, as replace does


def _title_links(references: Iterable[nodes.Element], graph: RoadmapGraph) -> None:
    """A link to a need shows that need's title on hover (sphinx-needs gives the
    card's own ID)."""
    for ref in references:
        target = graph.needs.get(ref.astext())
        if target is not None:
            ref["reftitle"] = target.title


def _name_roles(references: Iterable[nodes.Element], graph: RoadmapGraph) -> None:
    """A link to a role reads as the role's title, its ID on hover, as on the week
    pages: "Backend engineers" says who is needed, RES-ROLE-BACKEND only where to look.
    Other resources (staging, tools, services) keep their IDs."""
    for ref in references:
        target = graph.needs.get(ref.astext().strip())
        if target is not None and target.type == TYPES.resource and has_capacity(target):
            ref.children = []
            ref += nodes.Text(target.title)
            ref["reftitle"] = target.id


def rewrite_card(card: nodes.table, need: Need, graph: RoadmapGraph, settings: Settings
                 ) -> None:
    """Rewrite the fields of one rendered need card in place."""
    metas = [n for n in nodes_of(card, (nodes.Element,))[nodes.Element]
             if "needs_meta" in n["classes"]]
    for meta in metas:
        # one walk of the meta block (what the rewrites below remove is left alone)
        found = nodes_of(meta, (nodes.inline, nodes.line, nodes.reference))
        for field in found[nodes.inline]:
            name = _field_name(field)
            if name is None or name.endswith("_back"):
                continue
            text = field_text(need, name, settings)
            line = field.parent
            if text is None or hidden(need, name):
                if isinstance(line, nodes.line) and line.parent is not None:
                    line.parent.remove(line)
                continue
            _set_field(field, name, text)
            if name == FIELDS.impact and need.type == TYPES.risk and isinstance(line, nodes.line):
                _insert_score(line, need, settings)
        _capitalise_link_labels(found[nodes.line])
        _title_links(found[nodes.reference], graph)
        _name_roles(found[nodes.reference], graph)


def _insert_score(line: nodes.line, need: Need, settings: Settings) -> None:
    text = score_text(need, settings)
    if text is None:
        return
    score_line = nodes.line()
    field = nodes.inline(classes=["needs_score"])
    _set_field(field, "score", text)
    score_line += field
    line.parent.insert(line.parent.index(line) + 1, score_line)


def table_cell_text(need: Need, name: str) -> str | None:
    """A number in a needtable cell as people write it (``91,000``, ``0.25``): the
    column heading names the unit, and the table still sorts it as a number."""
    value = need.get(name)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return fmt_number(float(value))
    return None


def rewrite_table(table: nodes.table, graph: RoadmapGraph) -> None:
    """Rewrite the number and boolean cells of one rendered needtable in place, name
    the roles its link cells point to, and empty the cells that show nothing."""
    for row in table.findall(nodes.row):
        attributes: dict[str, Any] = row.get("html_attributes") or {}
        need = graph.needs.get(str(attributes.get("data-need-id", "")))
        if need is None:
            continue
        for entry in row.children:
            name = _field_name(entry) if isinstance(entry, nodes.Element) else None
            text = table_cell_text(need, name) if name else None
            if text is not None and isinstance(entry, nodes.Element):
                entry.children = []
                entry += nodes.paragraph(text=text)
            elif name != ID_COLUMN and isinstance(entry, nodes.Element):
                _name_roles(list(entry.findall(nodes.reference)), graph)
                _empty_if_blank(entry)


def _empty_if_blank(entry: nodes.Element) -> None:
    """A cell of a field the need does not have (no ``depends_on`` links, say) holds an
    empty paragraph in sphinx-needs' table: it becomes an empty cell, which the card
    layout of a phone and of paper leaves out (``:empty``), instead of a column name
    with nothing after it ("Depends on:")."""
    if not entry.astext().strip():
        entry.children = []


def is_card(node: nodes.Node) -> bool:
    return isinstance(node, nodes.table) and "need" in node["classes"] and bool(node["ids"])


def is_needtable(node: nodes.Node) -> bool:
    return isinstance(node, nodes.table) and bool(
        {"NEEDS_TABLE", "NEEDS_DATATABLES"} & set(node["classes"]))


def rewrite_all(tables: Iterable[nodes.Element], graph: RoadmapGraph, settings: Settings
                ) -> None:
    """Every need card and needtable among the tables of a resolved page."""
    for table in tables:
        if not isinstance(table, nodes.table):
            continue
        if is_card(table):
            need = graph.needs.get(table["ids"][0])
            if need is not None:
                rewrite_card(table, need, graph, settings)
        elif is_needtable(table):
            rewrite_table(table, graph)

