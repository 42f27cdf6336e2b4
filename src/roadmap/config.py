"""Project settings: the values a program office tunes without touching code.

Each setting is a Sphinx configuration value (``roadmap_<name>`` in ``conf.py``) with a
default. The build reads them from Sphinx's configuration, the command line from the
same ``conf.py``, so both apply the same thresholds. The "How this roadmap is checked"
page lists them from :data:`SETTINGS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
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
    """A setting in conf.py has a value the roadmap cannot use."""


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
# The share of a role's capacity milestones may use: four days in five go to planned
# work; the fifth to meetings, reviews, questions and interruptions. Above the realistic
# ceiling a plan assumes people who do nothing but milestone work.
DEFAULT_FOCUS_FACTOR = 0.8
REALISTIC_FOCUS_FACTOR = 0.9

SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("high_risk_threshold", 10,
                "A risk whose score (likelihood x impact) is at or above this is high: it "
                "needs a mitigating milestone due before the work it threatens. One of "
                "the risk bands must start at this score."),
    SettingSpec("risk_bands", DEFAULT_RISK_BANDS,
                "The risk bands, each a name and the lowest score it starts at, lowest "
                "first; the heat map, the register and the dashboard use them."),
    SettingSpec("focus_factor", DEFAULT_FOCUS_FACTOR,
                "The share of a role's weekly capacity that milestone work may use: the "
                "rest goes to meetings, reviews, support questions and interruptions, which "
                "no milestone books (0.8: four days in five). The capacity rule fails a "
                "week planned above capacity x focus factor; CONS-FOCUS-FACTOR refuses a "
                f"value above {REALISTIC_FOCUS_FACTOR:g}, which no team sustains for a "
                "program."),
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
                "The baseline, a file written by `python -m roadmap baseline`, relative to "
                "conf.py (empty: none): a proposed plan, or an approved one when it records "
                "who approved it; the changes page and the status report compare the plan "
                "with it."),
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
    focus_factor: float = DEFAULT_FOCUS_FACTOR
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
        """The share of a role's capacity milestone work may use: the focus factor."""
        return self.focus_factor


DEFAULTS = Settings()


def settings_from(namespace: Mapping[str, Any], environ: Mapping[str, str] | None = None
                  ) -> Settings:
    """The settings of a conf.py namespace (or Sphinx config), with the as-of week of
    ``environ`` when it sets one; raises SettingsError."""
    values = {spec.name: namespace.get(spec.config_name, spec.default) for spec in SETTINGS}
    bands = tuple((str(name), int(lowest)) for name, lowest in values["risk_bands"])
    threshold = _integer(values, "high_risk_threshold", 1, 25)
    if threshold not in {lowest for _, lowest in bands}:
        raise SettingsError(f"{PREFIX}high_risk_threshold = {threshold} starts none of the "
                            f"{PREFIX}risk_bands {list(bands)}")
    if [lowest for _, lowest in bands] != sorted({lowest for _, lowest in bands}):
        raise SettingsError(f"{PREFIX}risk_bands must start at increasing scores: "
                            f"{list(bands)}")
    focus = values["focus_factor"]
    if isinstance(focus, bool) or not isinstance(focus, int | float) or not 0 < focus <= 1:
        raise SettingsError(f"{PREFIX}focus_factor = {focus!r} must be a number above 0 and "
                            "at most 1")
    try:
        calendar = calendar_from(str(values["calendar_start"]), values["non_working"])
    except CalendarError as error:
        raise SettingsError(str(error)) from None
    as_of = _integer(values, "as_of", 0, 10_000)
    override = (environ or {}).get(AS_OF_VARIABLE, "").strip()
    if override:
        as_of = as_of_week(override, calendar)
    return Settings(
        high_risk_threshold=threshold,
        risk_bands=bands,
        focus_factor=float(focus),
        checkpoint_prefix=str(values["checkpoint_prefix"] or ""),
        calendar_start=str(values["calendar_start"]),
        non_working=tuple((str(a), str(b), str(c)) for a, b, c in values["non_working"]),
        calendar=calendar,
        baseline=str(values["baseline"] or ""),
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
    """A week number, or the program week an ISO date falls in."""
    if text.isdigit():
        return int(text)
    try:
        return calendar.week_of(date.fromisoformat(text))
    except ValueError:
        raise SettingsError(f"{AS_OF_VARIABLE}={text!r} is neither a week number nor a date "
                            "(YYYY-MM-DD)") from None


def _site_url(value: Any) -> str:
    text = str(value or "").strip()
    if not text.startswith(("https://", "http://")):
        raise SettingsError(f"{PREFIX}site_url = {value!r} must be an http(s) address")
    return text if text.endswith("/") else text + "/"


def _integer(values: Mapping[str, Any], name: str, lowest: int, highest: int) -> int:
    value = values[name]
    if isinstance(value, bool) or not isinstance(value, int) or not lowest <= value <= highest:
        raise SettingsError(f"{PREFIX}{name} = {value!r} must be a whole number from "
                            f"{lowest} to {highest}")
    return value
