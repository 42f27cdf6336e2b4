"""Today's date for a build, from one place.

A page that says where the program stands needs today's date, and a build that tests
or a reproducible release must repeat needs it pinned. So the date is read here and
nowhere else, in this order: ``ROADMAP_TODAY`` (an ISO date, for one build or a test),
conf.py's ``roadmap_today`` (None in the real site), ``SOURCE_DATE_EPOCH`` (seconds since
1970, UTC: the reproducible-builds convention), and only then the machine's clock.
:func:`roadmap.config.settings_from`, where every environment override is read, calls it
once; the settings carry the result (:attr:`roadmap.config.Settings.today`), so every
view reads the same day.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime

from roadmap.errors import InputError

TODAY_VARIABLE = "ROADMAP_TODAY"
EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"


class ClockError(InputError):
    """An override of today's date that is not a date."""

    def __init__(self, variable: str, text: str, expected: str) -> None:
        super().__init__(f"{variable}={text!r} is not {expected}")
        self.variable, self.text, self.expected = variable, text, expected


def build_today(environ: Mapping[str, str], configured: date | None = None) -> date:
    """The build's date: ``ROADMAP_TODAY``, else ``configured`` (conf.py's), else
    ``SOURCE_DATE_EPOCH``, else the clock."""
    text = environ.get(TODAY_VARIABLE, "").strip()
    if text:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ClockError(TODAY_VARIABLE, text, "a date (YYYY-MM-DD)") from None
    if configured is not None:
        return configured
    epoch = environ.get(EPOCH_VARIABLE, "").strip()
    if epoch:
        if not (epoch.isascii() and epoch.isdigit()):
            raise ClockError(EPOCH_VARIABLE, epoch, "a number of seconds")
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()
