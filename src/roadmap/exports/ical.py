"""The plan as an iCalendar file (RFC 5545) a program manager subscribes to.

One all-day event per milestone (from the first working day of its start week to the
last working day of its due week), per weekly checkpoint (a milestone tagged
``checkpoint``: the last working day of its week, when it is reviewed) and per gate
decision (the last working day of its phase, or of its decision week once decided).
The need ID is the event's stable UID, so a re-published calendar updates its events
instead of duplicating them; the owner is the event's CONTACT (owners are roles, with
no address an ORGANIZER would need); the URL leads back to the need's page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from icalendar import Calendar, Event

from roadmap.exports.source import ExportSource, schedule_of
from roadmap.exports.text import plain
from roadmap.graph import Need
from roadmap.program_calendar import date_range
from roadmap.roles import CHECKPOINT_TAG, FIELDS, LINKS, TYPES, Status

KIND_MILESTONE, KIND_CHECKPOINT, KIND_GATE = "Milestone", "Checkpoint", "Gate decision"


@dataclass(frozen=True)
class Entry:
    """One calendar event, before it is written: ``last`` is the last day it covers
    (the file's DTEND is the day after, all-day events end exclusive)."""

    need: Need
    kind: str
    first: date
    last: date

    @property
    def uid(self) -> str:
        return self.need.id


def is_checkpoint(need: Need) -> bool:
    tags = need.get("tags") or ()
    return need.type == TYPES.milestone and CHECKPOINT_TAG in tags


def entries(source: ExportSource) -> list[Entry]:
    """Every event of the calendar, by need ID."""
    return sorted(_entries(source), key=lambda e: e.uid)


def _entries(source: ExportSource) -> Iterator[Entry]:
    for need in source.needs():
        if need.type not in (TYPES.milestone, TYPES.gate):
            continue
        when = schedule_of(source, need)
        if when.last is None:
            continue
        if need.type == TYPES.gate:
            yield Entry(need, KIND_GATE, when.last, when.last)
        elif is_checkpoint(need):
            yield Entry(need, KIND_CHECKPOINT, when.last, when.last)
        else:
            yield Entry(need, KIND_MILESTONE, when.first or when.last, when.last)


def description(source: ExportSource, entry: Entry) -> str:
    need, graph = entry.need, source.graph
    lines = [f"{entry.kind} {need.id}: {need.title}"]
    owner = need.get(FIELDS.owner)
    if owner:
        lines.append(f"Owner: {owner}")
    lines.append(f"Status: {need.get(FIELDS.status) or 'none'}")
    for link, label in ((LINKS.phase, "Phase"), (LINKS.workstream, "Workstream")):
        for target in graph.targets(need, link):
            lines.append(f"{label}: {target.id} {target.title}")
    when = schedule_of(source, need)
    if entry.kind == KIND_MILESTONE and when.start_week and when.due_week:
        lines.append(f"Weeks {when.start_week}-{when.due_week} "
                     f"({date_range(entry.first, entry.last)})")
    elif when.due_week:
        lines.append(f"Week {when.due_week} ({entry.last.isoformat()})")
    depends = graph.targets(need, LINKS.depends_on)
    if depends:
        lines.append("Depends on: " + ", ".join(d.id for d in depends))
    lines += [source.url(need), "", plain(str(need.get("content") or ""), need.docname,
                                         source.site_url)]
    return "\n".join(lines).strip()


def _event(source: ExportSource, entry: Entry) -> Event:
    need = entry.need
    categories = list(dict.fromkeys([entry.kind, source.metamodel.type_title(need.type),
                                     *need.targets_of(LINKS.phase),
                                     *need.targets_of(LINKS.workstream)]))
    owner = need.get(FIELDS.owner)
    event = Event.new(
        uid=f"{need.id}@{source.host}",
        stamp=source.stamp,
        start=entry.first,
        end=entry.last + timedelta(days=1),  # DTEND of an all-day event is exclusive
        summary=f"{need.id}: {need.title}",
        description=description(source, entry),
        categories=categories,
        contacts=[str(owner)] if owner else None,
        url=source.url(need),
    )
    # a milestone's weeks of work do not make anyone busy all day
    event.add("transp", "TRANSPARENT")
    if need.get(FIELDS.status) == Status.CANCELLED:
        event.add("status", "CANCELLED")
    return event


def calendar(source: ExportSource) -> Calendar:
    cal = Calendar.new(
        prodid=f"-//{source.project}//roadmap exports//EN",
        name=source.project,
        description=f"Milestones, weekly checkpoints and gate decisions of {source.project}",
        uid=f"calendar@{source.host}",  # Calendar.new() would draw a random one
        method="PUBLISH",
        refresh_interval=timedelta(days=1),
        url=source.site_url,
    )
    # RFC 7986 wants the value type named; Outlook and Apple read the older property
    cal["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    cal.add("x-published-ttl", "P1D")
    for entry in entries(source):
        cal.add_component(_event(source, entry))
    return cal


def roadmap_ics(source: ExportSource) -> bytes:
    data: bytes = calendar(source).to_ical()
    return data
