"""roadmap.ics, parsed back with icalendar: one event per milestone and gate, on the
dates of the program calendar, with stable UIDs, the owner and a link to the need."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from roadmap.exports import ExportSource
from roadmap.exports.ical import KIND_CHECKPOINT, entries, roadmap_ics
from roadmap.exports.source import gate_decision_week
from roadmap.roles import CHECKPOINT_TAG, TYPES


@pytest.fixture(scope="session")
def calendar(exports_dir: Path) -> Calendar:
    return Calendar.from_ical((exports_dir / "roadmap.ics").read_bytes())


def events_by_id(calendar: Calendar) -> dict[str, Any]:
    return {str(e["UID"]).split("@")[0]: e for e in calendar.events}


def test_the_file_is_what_a_calendar_client_reads(exports_dir: Path, calendar: Calendar) -> None:
    raw = (exports_dir / "roadmap.ics").read_bytes()
    lines = raw.split(b"\r\n")
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75  # folded
    assert calendar["VERSION"] == "2.0" and calendar["METHOD"] == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "NovaCron Implementation Roadmap"
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"


def test_one_event_per_milestone_and_gate(calendar: Calendar, export_source: ExportSource
                                          ) -> None:
    expected = {n.id for n in export_source.needs() if n.type in (TYPES.milestone, TYPES.gate)}
    uids = Counter(str(e["UID"]) for e in calendar.events)
    assert all(count == 1 for count in uids.values())
    assert set(events_by_id(calendar)) == expected
    assert all(uid.endswith("@roadmap.novacron.example") for uid in uids)


def test_milestones_run_from_their_first_to_their_last_working_day(
        calendar: Calendar, export_source: ExportSource) -> None:
    weeks = export_source.settings.calendar
    events = events_by_id(calendar)
    for need in export_source.graph.of_type(TYPES.milestone):
        event = events[need.id]
        start, due = need.week("start") or need.week("due"), need.week("due")
        assert due is not None and start is not None
        last = weeks.week(due).last_day
        first = last if CHECKPOINT_TAG in (need.get("tags") or ()) else weeks.week(start).first_day
        assert (event.start, event.end) == (first, last + dt.timedelta(days=1)), need.id
        assert type(event.start) is dt.date  # all-day
        assert str(event["URL"]) == export_source.url(need)
        assert str(event["CONTACT"]) == need.get("owner")
        stamp = event.DTSTAMP
        assert stamp == dt.datetime(2025, 10, 6, tzinfo=dt.UTC)


def test_gates_are_decided_at_the_end_of_their_phase(calendar: Calendar,
                                                    export_source: ExportSource) -> None:
    events = events_by_id(calendar)
    for gate in export_source.graph.of_type(TYPES.gate):
        phase = export_source.graph.phase_of(gate)
        assert phase is not None
        last = export_source.settings.calendar.week(phase.week("end") or 0).last_day
        assert (events[gate.id].start, events[gate.id].end) == (last, last + dt.timedelta(1))


def test_checkpoints_and_decided_gates(changed_source: Callable[..., ExportSource]) -> None:
    def change(needs: dict[str, dict[str, Any]]) -> None:
        needs["MS-PGM-W12"]["tags"] = [CHECKPOINT_TAG]
        needs["QG-PH1"].update(status="passed", decision_week=5)

    source = changed_source(change)
    found = {e.uid: e for e in entries(source)}
    checkpoint = found["MS-PGM-W12"]
    # week 12 is the first week after the year-end freeze: 5-9 January 2026
    assert (checkpoint.kind, checkpoint.first, checkpoint.last) == (
        KIND_CHECKPOINT, dt.date(2026, 1, 9), dt.date(2026, 1, 9))
    gate = source.graph.needs["QG-PH1"]
    assert gate_decision_week(source.graph, gate) == 5
    assert found["QG-PH1"].last == source.settings.calendar.week(5).last_day
    event = events_by_id(Calendar.from_ical(roadmap_ics(source)))["MS-PGM-W12"]
    assert "Checkpoint" in [str(c) for c in event.categories]


def test_a_milestone_across_the_freeze_spans_it(calendar: Calendar,
                                               export_source: ExportSource) -> None:
    crossing = [m for m in export_source.graph.of_type(TYPES.milestone)
                if (m.week("start") or 0) <= 11 < (m.week("due") or 0)]
    assert crossing, "the plan has a milestone from week 11 into week 12"
    event = events_by_id(calendar)[crossing[0].id]
    assert event.end > dt.date(2026, 1, 5) and event.start < dt.date(2025, 12, 22)
