"""Explorer data: every need as a record with its facet values.

The browser filters with the same semantics as :func:`matching`, :func:`facet_counts`
and :func:`text_matches` (values of one facet are alternatives, facets combine; the
search box matches IDs by their start and words by their start, so ``6`` finds "6 %"
but not MS-DB-06, and an ID typed whole puts that need first); the Python version is
the reference the tests hold the JavaScript to. The week facet selects what is active
in a week: a milestone from its start to its due week, a phase or workstream over its
window (:func:`roadmap.program_schedule.active_in`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from docutils import nodes

from roadmap import render as vn
from roadmap import risk
from roadmap.config import DEFAULTS, Settings
from roadmap.graph import Need, RoadmapGraph
from roadmap.program_schedule import week_order
from roadmap.roles import FIELDS, LINKS, TYPES
from roadmap.views import View, ViewArgs, view

# Facet key -> label, in the order the page shows them.
FACETS: dict[str, str] = {
    "type": "Type",
    "phase": "Phase",
    "week": "Active in week",
    "workstream": "Workstream",
    "status": "Status",
    "owner": "Owner",
}

Record = dict[str, Any]
Selection = Mapping[str, Iterable[str]]


def owner_of(need: Need) -> str:
    """The accountable role: a need's owner, or a workstream's lead."""
    return str(need.get(FIELDS.owner) or need.get(FIELDS.lead) or "")


def facet_values_of(graph: RoadmapGraph, need: Need) -> dict[str, list[str]]:
    """The values a need has for each facet (any facet may have several or none)."""
    status = need.get(FIELDS.status)
    owner = owner_of(need)
    window = graph.window(need)
    return {
        "type": [need.type],
        "phase": sorted(graph.phase_ids_of(need)),
        "week": [str(w) for w in window.weeks()] if window else [],
        "workstream": sorted(graph.workstream_ids_of(need)),
        "status": [str(status)] if status else [],
        "owner": [owner] if owner else [],
    }


def explorer_records(graph: RoadmapGraph, href: Callable[[Need], str],
                     settings: Settings = DEFAULTS) -> list[Record]:
    """One record per need, by ID: what the table shows and what facets read: its weeks
    and their dates (the first working day of the start week, the last of the due week),
    the milestones it depends on, a risk's score."""
    records = []
    for need in sorted(graph.needs.values(), key=lambda n: n.id):
        window = graph.window(need)
        start, due = (window.start, window.end) if window else (None, None)
        records.append({
            "id": need.id,
            "title": need.title,
            "url": href(need),
            "start": start,
            "due": due,
            "start_date": _day(settings, start, first=True),
            "due_date": _day(settings, due, first=False),
            "depends_on": sorted(need.targets_of(LINKS.depends_on)),
            "score": risk.score(need) if need.type == TYPES.risk else None,
            **facet_values_of(graph, need),
        })
    return records


def _day(settings: Settings, week: int | None, *, first: bool) -> str | None:
    """``3 Nov 2025``: the first (or last) working day of a program week."""
    if week is None or not 1 <= week <= len(settings.calendar.weeks):
        return None
    program_week = settings.calendar.week(week)
    day = program_week.first_day if first else program_week.last_day
    return f"{day.day} {day.strftime('%b %Y')}"


def facet_options(graph: RoadmapGraph, records: list[Record], settings: Settings = DEFAULTS
                  ) -> list[dict[str, Any]]:
    """Each facet with its values in reading order and their labels."""
    types = list(graph.metamodel.types)
    facets = []
    for key, label in FACETS.items():
        present = {v for r in records for v in r[key]}
        values, labels = _facet_values(graph, key, present, types, settings)
        facets.append({
            "key": key,
            "label": label,
            "values": [{"value": v, "label": labels[v]} for v in values],
        })
    return facets


def _facet_values(graph: RoadmapGraph, key: str, present: set[str], types: list[str],
                  settings: Settings) -> tuple[list[str], dict[str, str]]:
    """A facet's values in reading order, and their labels."""
    if key == "type":
        values = [t for t in types if t in present] + sorted(present - set(types))
        return values, {t: graph.metamodel.type_title(t) for t in values}
    if key == "week":
        values = sorted(present, key=int)
        return values, {v: week_label(settings, int(v)) for v in values}
    if key in ("phase", "workstream"):
        known = [n.id for n in week_order(graph, (graph.needs[v] for v in present
                                                   if v in graph.needs))]
        values = known + sorted(present - set(known))
        return values, {v: f"{v} {graph.needs[v].title}" if v in graph.needs else v
                        for v in values}
    values = sorted(present, key=str.lower)
    return values, {v: v.replace("_", " ") for v in values}


def week_label(settings: Settings, week: int) -> str:
    """``Week 6, 10 Nov`` (the week's Monday)."""
    if 1 <= week <= len(settings.calendar.weeks):
        monday = settings.calendar.week(week).monday
        return f"Week {week}, {monday.day} {monday.strftime('%b')}"
    return f"Week {week}"


def text_matches(record: Record, query: str) -> bool:
    """Whether every word of ``query`` starts the record's ID, one of the ID's parts or a
    word of its title or owner (case does not matter)."""
    terms = query.lower().split()
    if not terms:
        return True
    need_id = str(record["id"]).lower()
    words = set(re.split(r"[^a-z0-9%]+", " ".join(
        [need_id, str(record.get("title", "")), *record.get("owner", ())]).lower()))
    return all(need_id.startswith(term) or any(w.startswith(term) for w in words if w)
               for term in terms)


def explorer_payload(graph: RoadmapGraph, href: Callable[[Need], str],
                     settings: Settings = DEFAULTS) -> dict[str, Any]:
    """The JSON the explorer page embeds."""
    records = explorer_records(graph, href, settings)
    return {
        "facets": facet_options(graph, records, settings),
        "types": {t: graph.metamodel.type_title(t) for t in graph.metamodel.types},
        "bands": [[band, settings.band_range(band)[0]] for band, _ in settings.risk_bands],
        "needs": records,
    }


def matches(record: Record, selection: Selection, *, skip: str | None = None) -> bool:
    """Whether a record passes every facet's selection (except ``skip``)."""
    for key, wanted in selection.items():
        wanted = set(wanted)
        if key == skip or not wanted:
            continue
        if wanted.isdisjoint(record.get(key, ())):
            return False
    return True


def matching(records: Iterable[Record], selection: Selection) -> list[Record]:
    return [r for r in records if matches(r, selection)]


def facet_counts(records: list[Record], selection: Selection) -> dict[str, Counter[str]]:
    """Per facet value, how many records would match if it were (also) chosen.

    A facet's own selection is ignored when counting its values, so the counts
    tell what choosing another value of the same facet would add.
    """
    counts: dict[str, Counter[str]] = {}
    for key in FACETS:
        counter: Counter[str] = Counter()
        for record in records:
            if matches(record, selection, skip=key):
                counter.update(set(record.get(key, ())))
        counts[key] = counter
    return counts


NOSCRIPT = ("The explorer filters with JavaScript, which is switched off here. Every need is "
            "also listed on the page that defines it, and all of them are in needs.json at "
            "the root of this site.")


def build(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    shell = nodes.container(ids=["roadmap-explorer"], classes=["roadmap-explorer"])
    shell += vn.json_data.make("roadmap-explorer-data",
                               explorer_payload(ctx.graph, ctx.uri, ctx.settings))
    shell += vn.paragraph(NOSCRIPT, classes=["roadmap-noscript"])
    return [vn.box(shell, classes=["roadmap-explorer-view"])]


view(View(name="explorer", shows_needs_by_id=True,
          summary="Every need in one table with combinable facet filters kept in the URL.",
          build=build))
