"""Today's date for a build, from one place.

A page that says where the program stands needs today's date, and a build that tests
or a reproducible release must repeat needs it pinned. So the date is read here and
nowhere else, in this order: ``ROADMAP_TODAY`` (an ISO date, for one build or a test),
``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC: the reproducible-builds convention),
and only then the machine's clock. The settings carry the result
(:attr:`roadmap.config.Settings.today`), so every view reads the same day.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime

TODAY_VARIABLE = "ROADMAP_TODAY"
EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"


class ClockError(ValueError):
    """An override of today's date that is not a date."""


def build_today(environ: Mapping[str, str]) -> date:
    """The build's date: ``ROADMAP_TODAY``, else ``SOURCE_DATE_EPOCH``, else the clock."""
    text = environ.get(TODAY_VARIABLE, "").strip()
    if text:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ClockError(f"{TODAY_VARIABLE}={text!r} is not a date (YYYY-MM-DD)") from None
    epoch = environ.get(EPOCH_VARIABLE, "").strip()
    if epoch:
        if not epoch.isdigit():
            raise ClockError(f"{EPOCH_VARIABLE}={epoch!r} is not a number of seconds")
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()
