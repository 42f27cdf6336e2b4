"""The plan as an iCalendar file (RFC 5545) a program manager subscribes to.

One all-day event per milestone (from the first working day of its start week to the
last working day of its due week), per weekly checkpoint (a milestone tagged
``checkpoint``: the last working day of its week, when it is reviewed) and per gate
decision (the last working day of its phase, or of its decision week once decided).
Where the plan fixes a day (the ``day`` field: a review, an audit, a gate's decision),
the gate's event is on that day until it is decided, and a milestone has one more
event, on its day or days, with the UID ``ID.day``: the readiness review's Friday is
more use in a calendar than the two weeks of its milestone.
A milestone whose weeks run across a non-working period (the year-end change freeze,
a public holiday) is one event per run of working days, "part 1 of 2" and "part 2 of
2", so that it does not show on the days nobody works on it.

The need ID is the event's stable UID (a later part adds ``.2``, ``.3``), so a
re-published calendar updates its events instead of duplicating them. DTSTAMP and
LAST-MODIFIED are the export's time stamp and SEQUENCE the whole days from the
program's first day to it (:func:`roadmap.exports.source.stamp_from`: the as-of week,
or ``SOURCE_DATE_EPOCH``): a calendar re-imported after the next weekly report, or
from a build with a later ``SOURCE_DATE_EPOCH``, carries a higher SEQUENCE and a
later DTSTAMP, which is what a client compares to replace the events it has. The
owner is the event's CONTACT (owners are roles, with no address an ORGANIZER would
need); the URL leads back to the need's page.

The file is written as text, line by line, in the layout the icalendar library writes
(its property order, value formats and folding), without building its objects (a
component per event and a parsed property per value cost most of the export's time;
the tests read the file back with icalendar). Every text value is escaped as RFC 5545
wants (:func:`escape_text`: backslashes, semicolons, commas, line ends), after control
characters, which a text must not hold, are left out (:func:`ical_text`); every line is
folded at 75 octets, never inside a character or an escape (:func:`fold`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from roadmap.exports.source import ExportSource, schedule_of
from roadmap.exports.text import plain
from roadmap.graph import Need
from roadmap.program_calendar import ProgramCalendar, date_range, days_text
from roadmap.program_schedule import fixed_days, is_checkpoint
from roadmap.roles import FIELDS, LINKS, TYPES, Status

KIND_MILESTONE, KIND_CHECKPOINT, KIND_GATE = "Milestone", "Checkpoint", "Gate decision"
KIND_DAY = "Fixed day"
# RFC 5545 TEXT: no control character but the tab (a line end is written as \n)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Entry:
    """One calendar event, before it is written: ``last`` is the last day it covers
    (the file's DTEND is the day after, all-day events end exclusive); ``part`` of
    ``parts`` when the need's dates are split around a non-working period."""

    need: Need
    kind: str
    first: date
    last: date
    part: int = 1
    parts: int = 1

    @property
    def uid(self) -> str:
        if self.kind == KIND_DAY:
            return f"{self.need.id}.day"
        return self.need.id if self.part == 1 else f"{self.need.id}.{self.part}"


def working_runs(calendar: ProgramCalendar, first: date, last: date) -> list[tuple[date, date]]:
    """``first`` to ``last`` cut at every weekday off: the runs of days the work goes
    on, each from its first to its last working day (a weekend stays inside a run)."""
    runs: list[tuple[date, date]] = []
    start: date | None = None
    latest = first
    day = first
    while day <= last:
        if day.weekday() < 5:
            if any(period.covers(day) for period in calendar.non_working):
                if start is not None:
                    runs.append((start, latest))
                start = None
            else:
                start = start or day
                latest = day
        day += timedelta(days=1)
    if start is not None:
        runs.append((start, latest))
    return runs or [(first, last)]


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
        days = fixed_days(need)
        if need.type == TYPES.gate:
            undecided = need.week(FIELDS.decision_week) is None
            first, last = days if days and undecided else (when.last, when.last)
            yield Entry(need, KIND_GATE, first, last)
            continue
        if days:
            yield Entry(need, KIND_DAY, *days)
        if is_checkpoint(need):
            yield Entry(need, KIND_CHECKPOINT, when.last, when.last)
        else:
            runs = working_runs(source.settings.calendar, when.first or when.last, when.last)
            for part, (first, last) in enumerate(runs, start=1):
                yield Entry(need, KIND_MILESTONE, first, last, part, len(runs))


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
                     f"({date_range(when.first or entry.first, when.last or entry.last)})")
        if entry.parts > 1:
            lines.append(_part_line(source, entry))
    elif entry.kind == KIND_DAY:
        weeks = (f"week {when.due_week}" if when.start_week == when.due_week
                 else f"weeks {when.start_week}-{when.due_week}")
        lines.append(f"On {days_text(entry.first, entry.last)}, in the milestone's {weeks}")
    elif when.due_week:
        lines.append(f"Week {when.due_week} ({entry.last.isoformat()})")
    depends = graph.targets(need, LINKS.depends_on)
    if depends:
        lines.append("Depends on: " + ", ".join(d.id for d in depends))
    lines += [source.url(need), "", plain(str(need.get("content") or ""), need.docname,
                                         source.site_url)]
    return "\n".join(lines).strip()


def _part_line(source: ExportSource, entry: Entry) -> str:
    """``Part 1 of 2 (8-19 Dec 2025): the work pauses for the Year-end change freeze.``"""
    periods = source.settings.calendar.non_working
    text = f"Part {entry.part} of {entry.parts} ({date_range(entry.first, entry.last)})"
    after = [p.name for p in periods if p.first > entry.last]
    before = [p.name for p in periods if p.last < entry.first]
    if entry.part < entry.parts and after:
        return f"{text}: the work pauses for {after[0]}."
    if entry.part > 1 and before:
        return f"{text}: the work goes on after {before[-1]}."
    return f"{text}."


def ical_text(text: str) -> str:
    """A text as RFC 5545 allows it: line ends as \\n, no other control character."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def sequence(source: ExportSource) -> int:
    """Whole days from the program's first day to the export's time stamp (0 before)."""
    return max(0, (source.stamp.date() - source.settings.calendar.start).days)


def escape_text(text: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon and comma escaped, a line end
    written as ``\\n`` (after :func:`ical_text` left out the control characters)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str, limit: int = 75) -> str:
    """A content line folded into lines of fewer than ``limit`` octets, each later one
    opening with a space; never inside a character, never between a backslash and the
    character it escapes (clients that unfold badly would read the escape wrong)."""
    if line.isascii():  # one octet a character: cut by slices
        return _fold_ascii(line, limit - 1)
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if current and size + width >= limit:
            carried = current.pop() if len(current) > 1 and current[-1] in "\\^" else ""
            parts.append("".join(current))
            current, size = ([carried], len(carried)) if carried else ([], 0)
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _fold_ascii(line: str, width: int) -> str:
    """:func:`fold` of an ASCII line: lines of ``width`` characters (one less when the
    last would be a backslash or caret, which moves to the next line)."""
    parts: list[str] = []
    start = 0
    while len(line) - start > width:
        end = start + width
        if line[end - 1] in "\\^":
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _event_lines(source: ExportSource, entry: Entry, stamp: str, serial: int) -> list[str]:
    """The content lines of one event, in the icalendar library's order (its leading
    properties, then the rest by name)."""
    need = entry.need
    categories = list(dict.fromkeys([entry.kind, source.metamodel.type_title(need.type),
                                     *need.targets_of(LINKS.phase),
                                     *need.targets_of(LINKS.workstream)]))
    owner = need.get(FIELDS.owner)
    part = f" (part {entry.part} of {entry.parts})" if entry.parts > 1 else ""
    part = " (the day)" if entry.kind == KIND_DAY else part
    end = entry.last + timedelta(days=1)  # DTEND of an all-day event is exclusive
    lines = ["BEGIN:VEVENT",
             "SUMMARY:" + escape_text(ical_text(f"{need.id}: {need.title}{part}")),
             f"DTSTART;VALUE=DATE:{entry.first:%Y%m%d}", f"DTEND;VALUE=DATE:{end:%Y%m%d}",
             f"DTSTAMP:{stamp}", "UID:" + escape_text(f"{entry.uid}@{source.host}"),
             f"SEQUENCE:{serial}",
             "CATEGORIES:" + ",".join(escape_text(ical_text(c)) for c in categories)]
    if owner:
        lines.append("CONTACT:" + escape_text(ical_text(str(owner))))
    lines += ["DESCRIPTION:" + escape_text(ical_text(description(source, entry))),
              f"LAST-MODIFIED:{stamp}"]
    if need.get(FIELDS.status) == Status.CANCELLED:
        lines.append("STATUS:CANCELLED")
    # a milestone's weeks of work do not make anyone busy all day
    lines += ["TRANSP:TRANSPARENT", f"URL:{source.url(need)}", "END:VEVENT"]
    return lines


def calendar_lines(source: ExportSource) -> list[str]:
    """Every content line of the calendar, unfolded."""
    project = escape_text(ical_text(source.project))
    about = escape_text(ical_text(
        f"Milestones, weekly checkpoints and gate decisions of {source.project}"))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0",
             f"PRODID:-//{project}//roadmap exports//EN", "METHOD:PUBLISH",
             f"DESCRIPTION:{about}", f"X-WR-CALDESC:{about}", f"NAME:{project}",
             f"X-WR-CALNAME:{project}",
             # RFC 7986 wants the value type named; Outlook and Apple read the X- one
             "REFRESH-INTERVAL;VALUE=DURATION:P1D",
             "UID:" + escape_text(f"calendar@{source.host}"), f"URL:{source.site_url}",
             "X-PUBLISHED-TTL:P1D"]
    stamp, serial = _utc(source.stamp), sequence(source)
    for entry in entries(source):
        lines += _event_lines(source, entry, stamp, serial)
    lines.append("END:VCALENDAR")
    return lines


def roadmap_ics(source: ExportSource) -> bytes:
    return "".join(fold(line) + "\r\n" for line in calendar_lines(source)).encode("utf-8")
