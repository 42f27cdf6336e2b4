"""Where "now" is: the week the status is reported for against the week the calendar says.

Two weeks matter to a reader and they are rarely the same: the as-of week (the last
week someone reported, ``roadmap_as_of``) and the program week that today's date falls
in (today from :mod:`roadmap.clock`). :func:`now_of` puts them side by side and says
what the difference means: no week reported yet, a report some weeks old, a status
dated ahead of the calendar, or a program whose calendar has ended. Every page that
shows status opens with this one sentence, so none of them reads as if it were today
when it is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from roadmap.config import Settings
from roadmap.program_calendar import ProgramCalendar, day_text


@dataclass(frozen=True)
class Now:
    as_of: int  # the week the status is reported for (0: none yet)
    today: date
    calendar_week: int  # the program week today falls in (0: before week 1)
    last_week: int  # the plan's last week (its horizon)
    calendar: ProgramCalendar

    @property
    def ended(self) -> bool:
        """Whether today lies after the Friday of the plan's last week."""
        return self.last_week > 0 and self.today > self._friday(self.last_week)

    @property
    def weeks_behind(self) -> int:
        """Weeks the report is older than the calendar (negative: dated ahead of it)."""
        return min(self.calendar_week, self.last_week) - self.as_of

    def _friday(self, week: int) -> date:
        return self.calendar.week(week).friday

    def as_of_text(self) -> str:
        """``week 6 (10-14 Nov 2025)``, or week 0 before the program starts."""
        if self.as_of <= 0:
            return f"week 0 (before week 1, which starts on {_day(self.calendar.start)})"
        if self.as_of > len(self.calendar.weeks):
            return f"week {self.as_of}"
        return f"week {self.as_of} ({self.calendar.week(self.as_of).label()})"

    def today_text(self) -> str:
        """``week 8 (Wednesday 26 Nov 2025)``, or before week 1."""
        day = f"{self.today.strftime('%A')} {_day(self.today)}"
        if self.ended:
            return f"today, {day}, is after week {self.last_week}, the plan's last week"
        if self.calendar_week <= 0:
            return f"week 0 ({day}, before the program starts)"
        return f"week {self.calendar_week} ({day})"

    def sentence(self) -> str:
        """Status as of week N (date); the calendar says week M (today's date)."""
        today = self.today_text()
        says = today if self.ended else f"the calendar says {today}"
        return f"Status as of {self.as_of_text()}; {says}."

    def meaning(self) -> str:
        """What the two weeks together mean for a reader."""
        if self.ended:
            ended = f"The program's calendar ended on {_day(self._friday(self.last_week))}"
            if self.as_of <= 0:
                return (f"{ended} and no week has been reported: this site shows the plan, "
                        "not what was delivered.")
            if self.as_of < self.last_week:
                return (f"{ended}; the last report is of week {self.as_of}, and what "
                        "happened after it is not recorded here.")
            return f"{ended}, and every week of it has been reported."
        if self.as_of <= 0 and self.calendar_week <= 0:
            return ("The program has not started: nothing is reported and nothing is due "
                    "yet; every milestone reads as planned.")
        if self.as_of <= 0:
            return (f"No week has been reported yet, so nothing here is measured: every "
                    f"milestone reads as planned, and whether the work due by week "
                    f"{self.calendar_week} is done is not known.")
        behind = self.weeks_behind
        if behind > 0:
            return (f"The report is {behind} week{'s' if behind != 1 else ''} old: what "
                    f"happened after week {self.as_of} is not recorded here.")
        if behind < 0:
            return (f"The status is dated ahead of the calendar: week {self.as_of} is not "
                    "over yet, so its figures are a preview.")
        return "The report is current: it covers the week the calendar is in."


def _day(day: date) -> str:
    return f"{day_text(day)} {day.year}"


def now_of(settings: Settings, last_week: int) -> Now:
    """The as-of week against today's program week (``last_week``: the plan's horizon)."""
    calendar, today = settings.calendar, settings.build_date
    return Now(settings.as_of, today, calendar.week_of(today), last_week, calendar)
