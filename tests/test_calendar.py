"""The program calendar: weeks to dates, pauses, short weeks, the as-of week."""

from __future__ import annotations

from datetime import date

import pytest

from roadmap.config import SettingsError, settings_from
from roadmap.program_calendar import CalendarError, ProgramCalendar, calendar_from, date_range

FREEZE = ("2025-12-22", "2026-01-02", "Year-end change freeze")


@pytest.fixture
def calendar() -> ProgramCalendar:
    return calendar_from("2025-10-06", [FREEZE, ("2026-04-03", "2026-04-03", "Good Friday")])


def test_week_one_starts_on_the_start_date(calendar: ProgramCalendar) -> None:
    week = calendar.week(1)
    assert (week.monday, week.friday) == (date(2025, 10, 6), date(2025, 10, 10))
    assert week.label() == "6\u201310 Oct 2025" and week.share == 1.0


def test_a_week_with_no_working_day_is_no_program_week(calendar: ProgramCalendar) -> None:
    assert calendar.week(11).monday == date(2025, 12, 15)
    assert calendar.week(12).monday == date(2026, 1, 5)  # two frozen weeks skipped
    assert calendar.week(16).label() == "2\u20136 Feb 2026"
    assert [p.name for p in calendar.paused(11, 12)] == ["Year-end change freeze"]
    assert calendar.paused(1, 11) == []


def test_a_holiday_shortens_its_week(calendar: ProgramCalendar) -> None:
    week = calendar.week(24)
    assert week.monday == date(2026, 3, 30) and len(week.working_days) == 4
    assert week.share == 0.8 and week.days_off == ((date(2026, 4, 3), "Good Friday"),)
    assert week.last_day == date(2026, 4, 2)


def test_dates_map_back_to_weeks(calendar: ProgramCalendar) -> None:
    assert calendar.week_of(date(2025, 10, 1)) == 0  # before the start
    assert calendar.week_of(date(2025, 10, 8)) == 1
    assert calendar.week_of(date(2025, 10, 12)) == 1  # the Sunday after week 1
    assert calendar.week_of(date(2025, 12, 24)) == 11  # in the freeze: the week before
    assert calendar.week_of(date(2026, 1, 14)) == 13


def test_spans_and_ranges_read_as_people_write_them(calendar: ProgramCalendar) -> None:
    assert calendar.span(1, 4) == "6\u201331 Oct 2025"
    assert calendar.span(11, 12) == "15 Dec 2025\u20139 Jan 2026"
    assert date_range(date(2026, 3, 30), date(2026, 4, 3)) == "30 Mar\u20133 Apr 2026"


def test_a_week_outside_the_calendar_is_refused(calendar: ProgramCalendar) -> None:
    with pytest.raises(CalendarError, match="program week 0 is outside"):
        calendar.week(0)


@pytest.mark.parametrize(("start", "periods", "message"), [
    ("2025-10-07", [], "is a Tuesday; week 1 starts on a Monday"),
    ("6 Oct 2025", [], "is not a date"),
    ("2025-10-06", [("2026-01-02", "2025-12-22", "Freeze")], "ends on 2025-12-22 before"),
    ("2025-10-06", [("2026-01-02", "Freeze")], "must be \\(first day, last day, name\\)"),
])
def test_bad_calendar_settings_are_refused(start: str, periods: list, message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        calendar_from(start, periods)


def test_as_of_is_a_setting_that_the_environment_overrides() -> None:
    conf = {"roadmap_non_working": (FREEZE,)}
    assert settings_from(conf).as_of == 0
    assert settings_from({**conf, "roadmap_as_of": 6}).as_of == 6
    assert settings_from(conf, {"ROADMAP_AS_OF": "9"}).as_of == 9
    assert settings_from(conf, {"ROADMAP_AS_OF": "2026-01-14"}).as_of == 13
    with pytest.raises(SettingsError, match="expected a program week"):
        settings_from(conf, {"ROADMAP_AS_OF": "next week"})
    with pytest.raises(SettingsError, match="is a Tuesday"):
        settings_from({"roadmap_calendar_start": "2025-10-07"})
