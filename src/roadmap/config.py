"""Project settings: the values a program office tunes without touching code.

Each setting is a Sphinx configuration value (``roadmap_<name>`` in ``conf.py``) with a
default. The build reads them from Sphinx's configuration, the command line from the
same ``conf.py``, so both apply the same thresholds. The "How this roadmap is checked"
page lists them from :data:`SETTINGS`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from roadmap.program_calendar import CalendarError, ProgramCalendar, calendar_from

PREFIX = "roadmap_"
# Overrides the as-of setting for one build: a program week or an ISO date.
AS_OF_VARIABLE = "ROADMAP_AS_OF"
# Makes a build a release build (suspect links fail it): "1" (or "true", "yes").
RELEASE_VARIABLE = "ROADMAP_RELEASE"
# Names the base of the "Under review" page for one build: a needs.json or a revision.
REVIEW_BASE_VARIABLE = "ROADMAP_REVIEW_BASE"


class SettingsError(ValueError):
    """A setting in conf.py has a value the roadmap cannot use; ``setting`` names it
    (without the prefix) so the message can point at its line."""

    def __init__(self, message: str, setting: str = "") -> None:
        super().__init__(message)
        self.setting = setting


@dataclass(frozen=True)
class SettingSpec:
    name: str  # without the roadmap_ prefix
    default: Any
    description: str

    @property
    def config_name(self) -> str:
        return PREFIX + self.name


# Risk bands by the lowest score (likelihood x impact) they start at, lowest first;
# risk-management.md defines the same four.
DEFAULT_RISK_BANDS: tuple[tuple[str, int], ...] = (
    ("low", 1), ("medium", 5), ("high", 10), ("critical", 15))

SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("high_risk_threshold", 10,
                "A risk whose score (likelihood x impact) is at or above this is high: it "
                "needs a mitigating milestone due before the work it threatens. One of "
                "the risk bands must start at this score."),
    SettingSpec("risk_bands", DEFAULT_RISK_BANDS,
                "The risk bands, each a name and the lowest score it starts at, lowest "
                "first; the heat map, the register and the dashboard use them."),
    SettingSpec("capacity_headroom", 0.0,
                "Share of every role's weekly capacity kept free of milestone work (0.1 "
                "keeps 10 %): the capacity rule fails a week planned above capacity x "
                "(1 - headroom)."),
    SettingSpec("checkpoint_prefix", "",
                "ID prefix of the weekly checkpoint milestones (each depends on every "
                "milestone due in its week): the timeline draws them in one row of "
                "diamonds instead of one bar each, and each week page names its "
                "checkpoint. Empty: no milestone is a checkpoint."),
    SettingSpec("calendar_start", "2025-10-06",
                "The Monday of program week 1 (the first Monday after the September 2025 "
                "assessment)."),
    SettingSpec("non_working", (),
                "Non-working periods as (first day, last day, name): their days are taken "
                "out of the weeks they touch, and a calendar week with no working day left "
                "is no program week (the plan pauses)."),
    SettingSpec("baseline", "",
                "The approved plan, a file written by `python -m roadmap baseline`, relative "
                "to conf.py (empty: none); the changes page and the status report compare "
                "the plan with it."),
    SettingSpec("as_of", 0,
                "The program week the status is reported for (0: before week 1). The "
                f"environment variable {AS_OF_VARIABLE} overrides it for one build, as a "
                "week number or an ISO date."),
    SettingSpec("site_url", "https://roadmap.novacron.example/",
                "The address the site is published at: the exports (calendar, spreadsheet, "
                "ReqIF, the needs.json for other Sphinx projects) link every need to its "
                "page there."),
    SettingSpec("review_ledger", "",
                "The review ledger of the plan's links, relative to conf.py (empty: none): "
                "for each link, what its target said when the link was last reviewed. A "
                "link whose target has changed since is suspect until `python -m roadmap "
                "review --clear` records the review."),
    SettingSpec("release", False,
                "A release build: a suspect or unreviewed link fails it (an author's build "
                f"lists them without failing). {RELEASE_VARIABLE}=1 makes one build a "
                "release build."),
    SettingSpec("review_base", "",
                "The plan the \"Under review\" page compares the site with: a needs.json "
                "(relative to conf.py) or a git revision; empty: the page says how to get "
                f"one. {REVIEW_BASE_VARIABLE} sets it for one build."),
)


@dataclass(frozen=True)
class Settings:
    high_risk_threshold: int = 10
    risk_bands: tuple[tuple[str, int], ...] = DEFAULT_RISK_BANDS
    capacity_headroom: float = 0.0
    checkpoint_prefix: str = ""
    calendar_start: str = "2025-10-06"
    non_working: tuple[tuple[str, str, str], ...] = ()
    calendar: ProgramCalendar = field(default_factory=lambda: ProgramCalendar(date(2025, 10, 6)))
    baseline: str = ""
    as_of: int = 0
    site_url: str = "https://roadmap.novacron.example/"
    review_ledger: str = ""
    release: bool = False
    review_base: str = ""

    def band(self, score: int) -> str:
        """The name of the band a risk score falls in."""
        name = self.risk_bands[0][0]
        for band, lowest in self.risk_bands:
            if score >= lowest:
                name = band
        return name

    def is_checkpoint(self, need_id: str) -> bool:
        """Whether a milestone is one of the weekly checkpoints."""
        return bool(self.checkpoint_prefix) and need_id.startswith(self.checkpoint_prefix)

    def band_range(self, band: str) -> tuple[int, int]:
        """The lowest and highest score of a band (the top band ends at 25)."""
        names = [name for name, _ in self.risk_bands]
        index = names.index(band)
        lowest = self.risk_bands[index][1]
        highest = (self.risk_bands[index + 1][1] - 1 if index + 1 < len(names) else 25)
        return lowest, highest

    @property
    def capacity_share(self) -> float:
        """The share of a role's capacity milestone work may use."""
        return 1.0 - self.capacity_headroom


DEFAULTS = Settings()


def settings_from(namespace: Mapping[str, Any], environ: Mapping[str, str] | None = None
                  ) -> Settings:
    """The settings of a conf.py namespace (or Sphinx config), with the as-of week of
    ``environ`` when it sets one; raises SettingsError (naming the setting) for a value
    of the wrong type or out of range."""
    values = {spec.name: namespace.get(spec.config_name, spec.default) for spec in SETTINGS}
    bands = _bands(values["risk_bands"])
    threshold = _integer(values, "high_risk_threshold", 1, 25)
    if threshold not in {lowest for _, lowest in bands}:
        raise SettingsError(f"{PREFIX}high_risk_threshold = {threshold} starts none of the "
                            f"{PREFIX}risk_bands {list(bands)}", "high_risk_threshold")
    if [lowest for _, lowest in bands] != sorted({lowest for _, lowest in bands}):
        raise SettingsError(f"{PREFIX}risk_bands must start at increasing scores: "
                            f"{list(bands)}", "risk_bands")
    headroom = _headroom(values["capacity_headroom"])
    periods = _periods(values["non_working"])
    try:
        calendar = calendar_from(_text(values, "calendar_start"), periods)
    except CalendarError as error:
        raise SettingsError(str(error), "calendar_start" if "calendar_start" in str(error)
                            else "non_working") from None
    as_of = _integer(values, "as_of", 0, 10_000)
    override = (environ or {}).get(AS_OF_VARIABLE, "").strip()
    if override:
        as_of = as_of_week(override, calendar)
    if as_of > len(calendar.weeks):
        raise SettingsError(f"{PREFIX}as_of = {as_of} lies after the last program week of the "
                            f"calendar (week {len(calendar.weeks)})", "as_of")
    return Settings(
        high_risk_threshold=threshold,
        risk_bands=bands,
        capacity_headroom=headroom,
        checkpoint_prefix=_text(values, "checkpoint_prefix"),
        calendar_start=_text(values, "calendar_start"),
        non_working=periods,
        calendar=calendar,
        baseline=_text(values, "baseline"),
        as_of=as_of,
        site_url=_site_url(values["site_url"]),
        review_ledger=str(values["review_ledger"] or ""),
        release=bool(values["release"]) or _flag((environ or {}).get(RELEASE_VARIABLE, "")),
        review_base=review_base_of(environ or {}, values["review_base"]),
    )


def review_base_of(environ: Mapping[str, str], configured: Any) -> str:
    """The review base a build names: ROADMAP_REVIEW_BASE, else the setting."""
    return environ.get(REVIEW_BASE_VARIABLE, "").strip() or str(configured or "")


def _flag(text: str) -> bool:
    return text.strip().lower() in ("1", "true", "yes", "on")


def as_of_week(text: str, calendar: ProgramCalendar) -> int:
    """A week number, or the program week an ISO date falls in (a date before week 1
    is refused: week 0 is written as 0)."""
    if text.isascii() and text.isdigit():
        return int(text)
    try:
        day = date.fromisoformat(text) if text.isascii() else None
    except ValueError:
        day = None
    if day is None:
        raise SettingsError(f"{AS_OF_VARIABLE}={text!r} is neither a week number nor a date "
                            "(YYYY-MM-DD)", "as_of")
    if day < calendar.start:
        raise SettingsError(f"{AS_OF_VARIABLE}={text} is before the program's first day "
                            f"{calendar.start} (write 0 for before week 1)", "as_of")
    return calendar.week_of(day)


def _site_url(value: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text.startswith(("https://", "http://")) or any(
            ch.isspace() or not ch.isprintable() or ch in "\"'<>`" for ch in text):
        raise SettingsError(f"{PREFIX}site_url = {value!r} must be an http(s) address without "
                            "spaces, quotes or control characters", "site_url")
    return text if text.endswith("/") else text + "/"


def _text(values: Mapping[str, Any], name: str) -> str:
    value = values[name]
    if value is None:
        return ""
    if not isinstance(value, str) or not value.isprintable():
        raise SettingsError(f"{PREFIX}{name} = {value!r} must be a text on one line", name)
    return value


def _bands(value: Any) -> tuple[tuple[str, int], ...]:
    try:
        bands = tuple((name, lowest) for name, lowest in value)
    except (TypeError, ValueError):
        bands = ()
    if not bands or not all(isinstance(name, str) and isinstance(lowest, int)
                            and not isinstance(lowest, bool) for name, lowest in bands):
        raise SettingsError(f"{PREFIX}risk_bands = {value!r} must be pairs of a band name and "
                            "the whole-number score it starts at", "risk_bands")
    return bands


def _headroom(value: Any) -> float:
    valid = isinstance(value, int | float) and not isinstance(value, bool)
    if not valid or not 0.0 <= float(value) < 1.0:
        raise SettingsError(f"{PREFIX}capacity_headroom = {value!r} must be a number at least 0 "
                            "and below 1", "capacity_headroom")
    return float(value)


def _periods(value: Any) -> tuple[tuple[str, str, str], ...]:
    try:
        periods = tuple(tuple(entry) for entry in value)
    except TypeError:
        periods = ((),)
    if isinstance(value, str) or not all(len(p) == 3 and all(isinstance(v, str) for v in p)
                                         for p in periods):
        raise SettingsError(f"{PREFIX}non_working = {value!r} must be (first day, last day, "
                            "name) triples of texts", "non_working")
    return tuple((a, b, c) for a, b, c in periods)


def setting_line(conf: Path, setting: str) -> int | None:
    """The line of conf.py that sets ``roadmap_<setting>`` (None: it is not set there)."""
    try:
        text = conf.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = re.search(rf"^{PREFIX}{re.escape(setting)}\s*[:=]", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def setting_place(conf: Path, setting: str) -> str:
    """``conf.py:LINE`` of a setting, or the file alone."""
    line = setting_line(conf, setting) if setting else None
    return f"{conf}:{line}" if line else str(conf)


def _integer(values: Mapping[str, Any], name: str, lowest: int, highest: int) -> int:
    value = values[name]
    if isinstance(value, bool) or not isinstance(value, int) or not lowest <= value <= highest:
        raise SettingsError(f"{PREFIX}{name} = {value!r} must be a whole number from "
                            f"{lowest} to {highest}", name)
    return value
