"""The program calendar: which dates each program week covers.

Week 1 starts on the program's start date (a Monday). A week is Monday to Friday;
a declared non-working period (a public holiday, the year-end change freeze) takes
its days out of the weeks it touches, and a calendar week left with no working day
is no program week at all: the plan pauses, and week ``n + 1`` starts the Monday
after. So the program keeps its 16 weeks of work and its dates move past the freeze.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache

from roadmap.errors import InputError

WORKING_DAYS = 5  # Monday to Friday
# Enough calendar weeks to place any program week a plan can name (the field schemas
# allow weeks up to 26; a long freeze adds a few calendar weeks).
_MAX_WEEKS = 520


class CalendarError(InputError):
    """The calendar's settings cannot describe program weeks."""


@dataclass(frozen=True)
class Period:
    """Days off: ``first`` to ``last``, both included."""

    first: date
    last: date
    name: str

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True)
class ProgramWeek:
    number: int
    monday: date
    working_days: tuple[date, ...]
    days_off: tuple[tuple[date, str], ...]  # weekdays of this week that are not worked

    @property
    def friday(self) -> date:
        return self.monday + timedelta(days=4)

    @property
    def first_day(self) -> date:
        return self.working_days[0]

    @property
    def last_day(self) -> date:
        return self.working_days[-1]

    @property
    def share(self) -> float:
        """The share of a full week's working days this week has."""
        return len(self.working_days) / WORKING_DAYS

    def label(self) -> str:
        """``6-10 Oct 2025`` (the Monday to Friday of the week)."""
        return date_range(self.monday, self.friday)


@lru_cache(maxsize=8)
def _weeks(start: date, non_working: tuple[Period, ...]) -> tuple[ProgramWeek, ...]:
    """The program weeks of a calendar, made once a process for each calendar (its 520
    possible weeks cost 20 ms, and a build reads the settings four times)."""
    found: list[ProgramWeek] = []
    for offset in range(_MAX_WEEKS):
        monday = start + timedelta(weeks=offset)
        days = [monday + timedelta(days=d) for d in range(WORKING_DAYS)]
        off = tuple((d, p.name) for d in days for p in non_working if p.covers(d))
        working = tuple(d for d in days if not any(p.covers(d) for p in non_working))
        if working:
            found.append(ProgramWeek(len(found) + 1, monday, working, off))
    return tuple(found)


@dataclass(frozen=True)
class ProgramCalendar:
    start: date
    non_working: tuple[Period, ...] = ()

    @cached_property
    def weeks(self) -> tuple[ProgramWeek, ...]:
        """Every program week, in order; the first is week 1."""
        return _weeks(self.start, self.non_working)

    def week(self, number: int) -> ProgramWeek:
        if not 1 <= number <= len(self.weeks):
            raise CalendarError(f"program week {number} is outside the calendar "
                                f"(weeks 1 to {len(self.weeks)})")
        return self.weeks[number - 1]

    def week_of(self, day: date) -> int:
        """The program week a date falls in; a date in a pause (or a weekend) counts
        with the program week before it, 0 before the start."""
        number = 0
        for week in self.weeks:
            if week.monday > day:
                break
            number = week.number
        return number

    def day_off(self, day: date) -> str | None:
        """Why ``day`` is not a working day of the program ("a Saturday", a declared
        period's name), or None when it is one."""
        if day.weekday() >= WORKING_DAYS:
            return f"a {day.strftime('%A')}"
        period = next((p for p in self.non_working if p.covers(day)), None)
        return None if period is None else f"in the {period.name} ({period.first.isoformat()} "\
            f"to {period.last.isoformat()})"

    def paused(self, first: int, last: int) -> list[Period]:
        """The non-working periods that fall between weeks ``first`` and ``last``."""
        begin, end = self.week(first).monday, self.week(last).friday
        return [p for p in self.non_working if p.first <= end and p.last >= begin]

    def span(self, first: int, last: int) -> str:
        """``6 Oct-19 Dec 2025``: from the Monday of ``first`` to the Friday of ``last``."""
        return date_range(self.week(first).monday, self.week(last).friday)


def pause_before(calendar: ProgramCalendar, week: int) -> str | None:
    """The non-working periods between week ``week - 1`` and week ``week`` when the
    calendar skips a calendar week there (the plan pauses), else None."""
    if not 2 <= week <= len(calendar.weeks):
        return None
    before, after = calendar.week(week - 1), calendar.week(week)
    if (after.monday - before.monday).days <= 7:
        return None
    gap = [p for p in calendar.non_working
           if p.first <= after.monday and p.last >= before.friday]
    return "; ".join(f"{p.name}, {p.first.isoformat()} to {p.last.isoformat()}"
                     for p in gap) or "no program week"

def date_range(first: date, last: date) -> str:
    """A date range as a reader writes it: ``6-10 Oct 2025``, ``29 Dec 2025-2 Jan 2026``."""
    if first.year != last.year:
        return f"{day_text(first)} {first.year}\u2013{day_text(last)} {last.year}"
    if first.month != last.month:
        return f"{day_text(first)}\u2013{day_text(last)} {last.year}"
    return f"{first.day}\u2013{day_text(last)} {last.year}"


def day_text(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"


def parse_date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        raise CalendarError(f"{what} {text!r} is not a date (YYYY-MM-DD)") from None


def parse_days(text: str) -> tuple[date, date]:
    """A need's ``day``: ``2026-01-30``, or ``2026-03-09/2026-03-12`` for consecutive days
    (the first and the last, both included)."""
    first_text, _, last_text = str(text).partition("/")
    first = parse_date(first_text, "the day")
    last = parse_date(last_text, "the last day") if last_text else first
    if last < first:
        raise CalendarError(f"{text!r} ends on {last.isoformat()} before it starts on "
                            f"{first.isoformat()}")
    return first, last


def days_text(first: date, last: date) -> str:
    """Days as prose writes them: ``Friday 30 January 2026``, ``Monday 9 to Thursday
    12 March 2026``, ``Wednesday 31 December 2025 to Friday 2 January 2026``."""
    def named(day: date, month: bool, year: bool) -> str:
        text = f"{day.strftime('%A')} {day.day}"
        text += f" {day.strftime('%B')}" if month else ""
        return text + (f" {day.year}" if year else "")

    if first == last:
        return named(first, True, True)
    same_year = first.year == last.year
    same_month = same_year and first.month == last.month
    return f"{named(first, not same_month, not same_year)} to {named(last, True, True)}"


def day_field_text(value: str) -> str:
    """A ``day`` field as prose writes it, or as it stands when it is no day (the rule
    CONS-DAY-WEEK reports that)."""
    try:
        return days_text(*parse_days(value))
    except CalendarError:
        return value


def parse_start(text: str) -> date:
    """The first day of week 1: an ISO date that is a Monday."""
    first_day = parse_date(text, "the start")
    if first_day.weekday() != 0:
        raise CalendarError(f"{text!r} is a {first_day.strftime('%A')}; week 1 starts on a "
                            "Monday")
    return first_day


def parse_periods(entries: Iterable[Iterable[str]]) -> tuple[Period, ...]:
    """Non-working periods from (first day, last day, name) triples, in date order."""
    parsed = []
    for entry in entries:
        items = list(entry)
        if len(items) != 3:
            raise CalendarError(f"entry {items!r} must be (first day, last day, name)")
        begin = parse_date(items[0], "first day")
        end = parse_date(items[1], "last day")
        if end < begin:
            raise CalendarError(f"{items[2]!r} ends on {end} before it starts on {begin}")
        parsed.append(Period(begin, end, str(items[2])))
    return tuple(sorted(parsed, key=lambda p: p.first))


def calendar_from(start: str, periods: Iterable[Iterable[str]]) -> ProgramCalendar:
    """A calendar from its settings: an ISO start date (a Monday) and (first, last,
    name) triples of non-working periods."""
    return ProgramCalendar(parse_start(start), parse_periods(periods))
