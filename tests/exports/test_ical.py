"""roadmap.ics, parsed back with icalendar: one event per milestone and gate (a
milestone across a non-working period in one per run of working days), on the dates
of the program calendar, with stable UIDs, the owner, a link to the need, a SEQUENCE
that grows with the as-of week, and texts escaped and folded as RFC 5545 wants."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from roadmap.exports import ExportSource
from roadmap.exports.ical import (
    KIND_CHECKPOINT,
    KIND_DAY,
    KIND_GATE,
    entries,
    ical_text,
    roadmap_ics,
)
from roadmap.exports.source import ExportError, gate_decision_week, stamp_from
from roadmap.roles import CHECKPOINT_TAG, TYPES


@pytest.fixture(scope="session")
def calendar(exports_dir: Path) -> Calendar:
    return Calendar.from_ical((exports_dir / "roadmap.ics").read_bytes())


def events_by_id(calendar: Calendar) -> dict[str, Any]:
    """Need ID -> its event (the first part of a milestone split around a pause)."""
    return {str(e["UID"]).split("@")[0]: e for e in calendar.events
            if "." not in str(e["UID"]).split("@")[0]}


def parts_by_id(calendar: Calendar) -> dict[str, list[Any]]:
    """Need ID -> its events in date order (not the event of a fixed day, ``ID.day``)."""
    found: dict[str, list[Any]] = {}
    for event in calendar.events:
        if str(event["UID"]).split("@")[0].endswith(".day"):
            continue
        found.setdefault(str(event["UID"]).split("@")[0].split(".")[0], []).append(event)
    return {key: sorted(events, key=lambda e: e.start) for key, events in found.items()}


def off_days(source: ExportSource) -> set[dt.date]:
    """Every weekday of a non-working period of the program calendar."""
    days = set()
    for period in source.settings.calendar.non_working:
        day = period.first
        while day <= period.last:
            if day.weekday() < 5:
                days.add(day)
            day += dt.timedelta(days=1)
    return days


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
    assert set(events_by_id(calendar)) == expected == set(parts_by_id(calendar))
    assert all(uid.endswith("@roadmap.novacron.example") for uid in uids)


def test_milestones_run_from_their_first_to_their_last_working_day(
        calendar: Calendar, export_source: ExportSource) -> None:
    weeks = export_source.settings.calendar
    parts = parts_by_id(calendar)
    for need in export_source.graph.of_type(TYPES.milestone):
        events = parts[need.id]
        start, due = need.week("start") or need.week("due"), need.week("due")
        assert due is not None and start is not None
        last = weeks.week(due).last_day
        first = last if CHECKPOINT_TAG in (need.get("tags") or ()) else weeks.week(start).first_day
        assert (events[0].start, events[-1].end) == (first, last + dt.timedelta(days=1)), need.id
        for event in events:
            assert type(event.start) is dt.date  # all-day
            assert str(event["URL"]) == export_source.url(need)
            assert str(event["CONTACT"]) == need.get("owner")
            stamp = event.DTSTAMP
            assert stamp == dt.datetime(2025, 10, 6, tzinfo=dt.UTC)
            assert event["LAST-MODIFIED"].dt == stamp
            assert event["SEQUENCE"] == 0


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


def test_a_fixed_day_is_an_event_of_its_own_and_a_gate_is_on_its_day(
        changed_source: Callable[..., ExportSource]) -> None:
    def change(needs: dict[str, dict[str, Any]]) -> None:
        needs["MS-PGM-04"]["day"] = "2026-01-29"
        needs["QG-PH4"]["day"] = "2026-02-05"

    source = changed_source(change)
    found = {e.uid: e for e in entries(source)}
    review = found["MS-PGM-04.day"]
    assert (review.kind, review.first, review.last) == (
        KIND_DAY, dt.date(2026, 1, 29), dt.date(2026, 1, 29))
    assert found["MS-PGM-04"].first == source.settings.calendar.week(15).first_day  # its weeks
    gate = found["QG-PH4"]
    assert (gate.kind, gate.first, gate.last) == (KIND_GATE, dt.date(2026, 2, 5),
                                                   dt.date(2026, 2, 5))
    events = {str(e["UID"]).split("@")[0]: e
              for e in Calendar.from_ical(roadmap_ics(source)).events}
    event = events["MS-PGM-04.day"]
    assert (event.start, event.end) == (dt.date(2026, 1, 29), dt.date(2026, 1, 30))
    assert str(event["SUMMARY"]).endswith("(the day)")
    assert "On Thursday 29 January 2026, in the milestone's week 15" in str(event["DESCRIPTION"])
    assert "Fixed day" in [str(c) for c in event.categories]


def test_the_plans_fixed_days_are_in_the_calendar(calendar: Calendar) -> None:
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.events}
    stage2 = events["MS-PGM-08.day"]
    assert (stage2.start, stage2.end) == (dt.date(2026, 3, 9), dt.date(2026, 3, 13))
    assert events["MS-PGM-04.day"].start == dt.date(2026, 1, 30)
    assert events["QG-PH4"].start == dt.date(2026, 2, 6)


def test_a_milestone_across_the_freeze_is_split_around_it(calendar: Calendar,
                                                         export_source: ExportSource) -> None:
    crossing = [m for m in export_source.graph.of_type(TYPES.milestone)
                if (m.week("start") or 0) <= 11 < (m.week("due") or 0)]
    assert crossing, "the plan has a milestone from week 11 into week 12"
    parts = parts_by_id(calendar)[crossing[0].id]
    assert len(parts) == 2
    before, after = parts
    assert before.end <= dt.date(2025, 12, 22) and after.start >= dt.date(2026, 1, 5)
    assert str(before["UID"]).startswith(f"{crossing[0].id}@")
    assert str(after["UID"]).startswith(f"{crossing[0].id}.2@")
    assert "(part 1 of 2)" in str(before["SUMMARY"])
    assert "the work pauses for Year-end change freeze" in str(before["DESCRIPTION"])
    # no event of the calendar is on a weekday nobody works
    off = off_days(export_source)
    for event in calendar.events:
        day = event.start
        while day < event.end:
            assert day not in off, (str(event["UID"]), day)
            day += dt.timedelta(days=1)


def test_a_later_report_gives_every_event_a_higher_sequence(
        changed_source: Callable[..., ExportSource], export_source: ExportSource) -> None:
    reported = Calendar.from_ical(roadmap_ics(replace(
        export_source, stamp=stamp_from(replace(export_source.settings, as_of=6), {}))))
    first = {str(e["UID"]): e for e in Calendar.from_ical(roadmap_ics(export_source)).events}
    for event in reported.events:
        earlier = first[str(event["UID"])]
        assert event["SEQUENCE"] > earlier["SEQUENCE"]
        assert event.DTSTAMP > earlier.DTSTAMP
        assert event["LAST-MODIFIED"].dt == event.DTSTAMP == dt.datetime(2025, 11, 15,
                                                                        tzinfo=dt.UTC)
    dated = stamp_from(export_source.settings, {"SOURCE_DATE_EPOCH": "1767225600"})
    assert dated == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


# What an export must escape and fold; a control character never gets this far: the
# values are checked where they are loaded (GUARD-VALUES), see the test below.
HOSTILE = ("Commas, semicolons; a back\\slash, a line\r\nend and a lone\rreturn,\n"
           "a tab\there, wide \u00e9\u00e8\u4e2d\u6587 "
           "and \U0001f680 " + "long " * 40 + "END:VEVENT\nBEGIN:VEVENT")


def test_texts_are_escaped_folded_and_read_back(changed_source: Callable[..., ExportSource]
                                                ) -> None:
    def change(needs: dict[str, dict[str, Any]]) -> None:
        needs["MS-SEC-05"]["content"] = HOSTILE
        needs["MS-SEC-05"]["title"] = "Secrets; rotation, \\ and\nnewline"

    raw = roadmap_ics(changed_source(change))
    lines = raw.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # a fold never cuts a character in two
    assert not any(0 < byte < 32 and byte not in (9, 10, 13) for byte in raw)
    assert raw.count(b"BEGIN:VEVENT") == raw.count(b"END:VEVENT")
    event = events_by_id(Calendar.from_ical(raw))["MS-SEC-05"]
    assert str(event["SUMMARY"]) == "MS-SEC-05: Secrets; rotation, \\ and\nnewline"
    assert str(event["DESCRIPTION"]).endswith(ical_text(HOSTILE))
    assert "\r" not in str(event["DESCRIPTION"])


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\x7f"])
def test_a_control_character_is_refused_before_any_calendar_is_written(
        changed_source: Callable[..., ExportSource], control: str) -> None:
    def change(needs: dict[str, dict[str, Any]]) -> None:
        needs["MS-SEC-05"]["content"] = f"rotation {control} schedule"

    with pytest.raises(ExportError, match=r"\[GUARD-VALUES\] MS-SEC-05: content holds U\+00"):
        roadmap_ics(changed_source(change))
