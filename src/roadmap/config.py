"""Project settings: the values a program office tunes without touching code.

Each setting is declared once, as a field of :class:`Settings`: its type, its default,
what it accepts (a :class:`Reader`) and its help text (the field's metadata, as
sphinx-needs and MyST declare their configuration). Everything else follows from that
declaration: the Sphinx extension registers ``roadmap_<name>`` in ``conf.py`` with the
default and the help, the build and the command line read the same ``conf.py`` through
:func:`settings_from`, and the "How this roadmap is checked" page lists :data:`SETTINGS`.

A value the roadmap cannot use is refused with one located line naming the setting, the
value and what is expected (:class:`SettingsError`); nothing is converted silently.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from roadmap.clock import TODAY_VARIABLE, ClockError, build_today
from roadmap.errors import InputError
from roadmap.program_calendar import (
    CalendarError,
    ProgramCalendar,
    parse_date,
    parse_periods,
    parse_start,
)

PREFIX = "roadmap_"
# Overrides the as-of setting for one build: a program week or an ISO date.
AS_OF_VARIABLE = "ROADMAP_AS_OF"
# Makes a build a release build (suspect links fail it): "1" (or "true", "yes").
RELEASE_VARIABLE = "ROADMAP_RELEASE"
# Names the base of the "Under review" page for one build: a needs.json or a revision.
REVIEW_BASE_VARIABLE = "ROADMAP_REVIEW_BASE"
# The setting each environment variable overrides (SOURCE_DATE_EPOCH stands in for the clock).
OVERRIDDEN = {AS_OF_VARIABLE: f"{PREFIX}as_of", TODAY_VARIABLE: f"{PREFIX}today",
              "SOURCE_DATE_EPOCH": f"{PREFIX}today"}
MAX_WEEK = 10_000  # the highest as-of week a setting may name


class SettingsError(InputError):
    """A setting in conf.py (or ROADMAP_AS_OF) has a value the roadmap cannot use."""

    rule = "roadmap.settings"
    setting = ""  # the conf.py name whose assignment is its place


class Refused(ValueError):
    """A reader's refusal; its text, when it has one, says what is wrong with the value."""


@dataclass(frozen=True)
class Reader:
    """What a setting accepts: ``expects`` in words, and ``read``, which returns the
    value as :class:`Settings` keeps it or raises :class:`Refused`."""

    expects: str
    read: Callable[[Any], Any]


def _kind(value: Any) -> str:
    """What a value is, as the refusal names it: ``a string``, ``an int``, ``None``."""
    if value is None:
        return "None"
    name = {"str": "string"}.get(type(value).__name__, type(value).__name__)
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def _whole_number(lowest: int, highest: int) -> Reader:
    def read(value: Any) -> int:
        # a bool is an int to Python, not a week or a score to a reader of conf.py
        if isinstance(value, bool) or not isinstance(value, int):
            raise Refused(f"got {_kind(value)}")
        if not lowest <= value <= highest:
            raise Refused()
        return value

    return Reader(f"a whole number from {lowest} to {highest}", read)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise Refused(f"got {_kind(value)}")
    # a line break or control character would be written on into pages and exports
    if not value.isprintable():
        raise Refused("it holds a line break or a control character")
    return value


def _truth(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Refused(f"got {_kind(value)}")
    return value


def _share_of_a_week(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Refused(f"got {_kind(value)}")
    if not math.isfinite(value) or not 0 < value <= 1:
        raise Refused()
    return float(value)


def _tuple_of(value: Any, size: int, what: str) -> tuple[tuple[Any, ...], ...]:
    """A tuple of ``size``-tuples (a list is refused: conf.py declares tuples)."""
    if not isinstance(value, tuple):
        raise Refused(f"got {_kind(value)}")
    for entry in value:
        if not isinstance(entry, tuple) or len(entry) != size:
            raise Refused(f"the entry {entry!r} is not a {what}")
    return value


def _risk_bands(value: Any) -> tuple[tuple[str, int], ...]:
    bands = _tuple_of(value, 2, "(name, lowest score) pair")
    if not bands:
        raise Refused("no band")
    score = _whole_number(1, 25)
    for name, lowest in bands:
        if not isinstance(name, str) or not name:
            raise Refused(f"the band name {name!r} is not a string")
        try:
            score.read(lowest)
        except Refused:
            raise Refused(f"the band {name!r} starts at {lowest!r}, not a score from 1 "
                          "to 25") from None
    starts = [lowest for _, lowest in bands]
    if starts != sorted(set(starts)):
        raise Refused(f"the scores {starts} do not increase")
    return bands


def _monday(value: Any) -> str:
    try:
        parse_start(_text(value))
    except CalendarError as error:
        raise Refused(error.message) from None
    return str(value)


def _periods(value: Any) -> tuple[tuple[str, str, str], ...]:
    periods = _tuple_of(value, 3, "(first day, last day, name) triple")
    for entry in periods:
        if not all(isinstance(item, str) for item in entry):
            raise Refused(f"the entry {entry!r} holds a value that is not a string")
    try:
        parse_periods(periods)
    except CalendarError as error:
        raise Refused(error.message) from None
    return periods


def _day_or_none(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    text = _text(value)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Refused("not a date") from None


def _http_address(value: Any) -> str:
    text = _text(value).strip()
    if not text.startswith(("https://", "http://")):
        raise Refused()
    # the address is written into every export's links and attributes as it stands
    if any(char.isspace() or char in "\"'<>`" for char in text):
        raise Refused("it holds a space, a quote or an angle bracket")
    return text if text.endswith("/") else text + "/"


WHOLE_SCORE = _whole_number(1, 25)
WEEK = _whole_number(0, MAX_WEEK)
TEXT = Reader("a string", _text)
TRUTH = Reader("True or False", _truth)


def setting(default: Any, reader: Reader, help: str) -> Any:
    """One setting: its default, what it accepts and what it means."""
    return field(default=default, metadata={"reader": reader, "help": help})


# Risk bands by the lowest score (likelihood x impact) they start at, lowest first;
# risk-management.md defines the same four.
DEFAULT_RISK_BANDS: tuple[tuple[str, int], ...] = (
    ("low", 1), ("medium", 5), ("high", 10), ("critical", 15))
# The share of a role's capacity milestones may use: four days in five go to planned
# work; the fifth to meetings, reviews, questions and interruptions. Above the realistic
# ceiling a plan assumes people who do nothing but milestone work.
DEFAULT_FOCUS_FACTOR = 0.8
REALISTIC_FOCUS_FACTOR = 0.9


@dataclass(frozen=True)
class Settings:
    high_risk_threshold: int = setting(
        10, WHOLE_SCORE,
        "A risk whose score (likelihood x impact) is at or above this is high: it needs "
        "a mitigating milestone due before the work it threatens. One of the risk bands "
        "must start at this score.")
    risk_bands: tuple[tuple[str, int], ...] = setting(
        DEFAULT_RISK_BANDS,
        Reader('a tuple of (name, lowest score) pairs, scores from 1 to 25 increasing, '
               'e.g. (("low", 1), ("high", 10))', _risk_bands),
        "The risk bands, each a name and the lowest score it starts at, lowest first; the "
        "heat map, the register and the dashboard use them.")
    focus_factor: float = setting(
        DEFAULT_FOCUS_FACTOR, Reader("a number above 0 and at most 1", _share_of_a_week),
        "The share of a role's weekly capacity that milestone work may use: the rest goes "
        "to meetings, reviews, support questions and interruptions, which no milestone "
        "books (0.8: four days in five). The capacity rule fails a week planned above "
        "capacity x focus factor; CONS-FOCUS-FACTOR refuses a value above "
        f"{REALISTIC_FOCUS_FACTOR:g}, which no team sustains for a program.")
    checkpoint_prefix: str = setting(
        "", TEXT,
        "ID prefix of the weekly checkpoint milestones (each depends on every milestone "
        "due in its week): the timeline draws them in one row of diamonds instead of one "
        "bar each, and each week page names its checkpoint. Empty: no milestone is a "
        "checkpoint.")
    calendar_start: str = setting(
        "2025-10-06", Reader("a Monday, as a string YYYY-MM-DD", _monday),
        "The Monday of program week 1 (the first Monday after the September 2025 "
        "assessment).")
    non_working: tuple[tuple[str, str, str], ...] = setting(
        (), Reader('a tuple of (first day, last day, name) triples of strings, days as '
                   'YYYY-MM-DD, e.g. (("2026-04-03", "2026-04-03", "Good Friday"),)',
                   _periods),
        "Non-working periods as (first day, last day, name): their days are taken out of "
        "the weeks they touch, and a calendar week with no working day left is no program "
        "week (the plan pauses).")
    baseline: str = setting(
        "", TEXT,
        "The baseline, a file written by `python -m roadmap baseline`, relative to "
        "conf.py (empty: none): a proposed plan, or an approved one when it records who "
        "approved it; the changes page and the status report compare the plan with it.")
    as_of: int = setting(
        0, WEEK,
        "The program week the status is reported for (0: before week 1). The environment "
        f"variable {AS_OF_VARIABLE} overrides it for one build, as a week number or an ISO "
        "date.")
    health_stale_weeks: int = setting(
        2, _whole_number(0, 52),
        "A workstream (or the program) whose latest health update is more than this many "
        "weeks older than the as-of week is stale: the status report and the dashboard "
        "warn (HEALTH-STALE), and the program's roll-up counts it as at risk.")
    site_url: str = setting(
        "https://roadmap.novacron.example/",
        Reader("an http:// or https:// address without spaces, quotes or angle brackets",
               _http_address),
        "The address the site is published at: the exports (calendar, spreadsheet, ReqIF, "
        "the needs.json for other Sphinx projects) link every need to its page there.")
    review_ledger: str = setting(
        "", TEXT,
        "The review ledger of the plan's links, relative to conf.py (empty: none): for each "
        "link, what its target said when the link was last reviewed. A link whose target "
        "has changed since is suspect until `python -m roadmap review --clear` records the "
        "review.")
    release: bool = setting(
        False, TRUTH,
        "A release build: a suspect or unreviewed link fails it (an author's build lists "
        f"them without failing). {RELEASE_VARIABLE}=1 makes one build a release build.")
    review_base: str = setting(
        "", TEXT,
        "The plan the \"Under review\" page compares the site with: a needs.json (relative "
        "to conf.py) or a git revision; empty: the page says how to get one. "
        f"{REVIEW_BASE_VARIABLE} sets it for one build.")
    # (noqa: a date is immutable; ruff knows the immutability of builtin types only)
    today: date | None = setting(  # noqa: RUF009
        None, Reader("a date as a string YYYY-MM-DD, or None", _day_or_none),
        "The date the build takes as today: the now line of the status pages and the "
        "timeline's today line compare it with the as-of week. None (leave it so in the "
        f"real site): {TODAY_VARIABLE}, else SOURCE_DATE_EPOCH (reproducible builds), else "
        f"the machine's clock; {TODAY_VARIABLE} overrides it for one build (tests pin it).")

    @cached_property
    def calendar(self) -> ProgramCalendar:
        """The program calendar of ``calendar_start`` and ``non_working``."""
        return ProgramCalendar(parse_start(self.calendar_start),
                               parse_periods(self.non_working))

    @property
    def build_date(self) -> date:
        """The build's today: ``today`` as :func:`settings_from` resolved it (the clock's
        date for settings made in code without a date)."""
        return self.today or date.today()

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


@dataclass(frozen=True)
class SettingSpec:
    """One declared setting, as the adapters and the settings table read it."""

    name: str  # without the roadmap_ prefix
    default: Any
    description: str
    reader: Reader

    @property
    def config_name(self) -> str:
        return PREFIX + self.name

    @property
    def expects(self) -> str:
        return self.reader.expects


SETTINGS: tuple[SettingSpec, ...] = tuple(
    SettingSpec(f.name, f.default, f.metadata["help"], f.metadata["reader"])
    for f in fields(Settings))

DEFAULTS = Settings()


def settings_from(namespace: Mapping[str, Any], environ: Mapping[str, str] | None = None,
                  conf_file: Path | None = None) -> Settings:
    """The settings of a conf.py namespace (or Sphinx config), with the as-of week of
    ``environ`` when it sets one; raises SettingsError, located in ``conf_file`` (the
    line of the setting's assignment) when it is given."""
    try:
        return _settings(namespace, environ or {})
    except SettingsError as error:
        if conf_file is None:
            raise
        raise error.located(conf_file, assignment_line(conf_file, error.setting)) from None


def _settings(namespace: Mapping[str, Any], environ: Mapping[str, str]) -> Settings:
    values = {spec.name: _read(spec, namespace.get(spec.config_name, spec.default))
              for spec in SETTINGS}
    starts = [lowest for _, lowest in values["risk_bands"]]
    if values["high_risk_threshold"] not in starts:
        raise _refused(f"{PREFIX}high_risk_threshold", values["high_risk_threshold"],
                       f"the lowest score of one of {PREFIX}risk_bands ({starts})")
    # the environment's overrides for one build
    values["release"] = values["release"] or _flag(environ.get(RELEASE_VARIABLE, ""))
    values["review_base"] = review_base_of(environ, values["review_base"])
    values["today"] = _today(environ, values["today"])
    override = environ.get(AS_OF_VARIABLE, "").strip()
    settings = Settings(**values)
    if override:
        as_of = as_of_week(override, settings.calendar)
        settings = Settings(**{**values, "as_of": as_of})
    _as_of_in_calendar(settings, override)
    return settings


def _as_of_in_calendar(settings: Settings, override: str) -> None:
    """An as-of week after the calendar's last week would be reported (and forecast
    from) as if it were a program week."""
    last = len(settings.calendar.weeks)
    if settings.as_of > last:
        name, value = ((AS_OF_VARIABLE, override) if override
                       else (f"{PREFIX}as_of", settings.as_of))
        raise _refused(name, value, f"a program week of the calendar (0 to {last})",
                       f"it lies after the last program week, week {last}")


def _today(environ: Mapping[str, str], configured: date | None) -> date:
    try:
        return build_today(environ, configured)
    except ClockError as error:
        raise _refused(error.variable, error.text, error.expected) from None


def _read(spec: SettingSpec, value: Any) -> Any:
    try:
        return spec.reader.read(value)
    except Refused as refusal:
        raise _refused(spec.config_name, value, spec.expects, str(refusal)) from None


def _refused(name: str, value: Any, expects: str, problem: str = "") -> SettingsError:
    """``roadmap_x = value: expected ... (problem)`` (the value as conf.py writes it)."""
    said = f" ({problem})" if problem else ""
    error = SettingsError(f"expected {expects}{said}", need_id=f"{name} = {value!r}")
    # an environment variable overrides a setting: the line of that setting is its place
    error.setting = OVERRIDDEN.get(name, name)
    return error


def review_base_of(environ: Mapping[str, str], configured: Any) -> str:
    """The review base a build names: ROADMAP_REVIEW_BASE, else the setting."""
    return environ.get(REVIEW_BASE_VARIABLE, "").strip() or str(configured or "")


def _flag(text: str) -> bool:
    return text.strip().lower() in ("1", "true", "yes", "on")


def as_of_week(text: str, calendar: ProgramCalendar) -> int:
    """A week number, or the program week an ISO date falls in (from week 1 on)."""
    expects = (f"a program week (a whole number from 0 to {MAX_WEEK}) or a date "
               f"(YYYY-MM-DD) from {calendar.start} on, in place of {PREFIX}as_of")
    # str.isdigit() accepts "²" and other digits int() refuses
    if text.isascii() and text.isdigit():
        if int(text) > MAX_WEEK:
            raise _refused(AS_OF_VARIABLE, text, expects)
        return int(text)
    try:
        day = parse_date(text, AS_OF_VARIABLE)
    except CalendarError:
        raise _refused(AS_OF_VARIABLE, text, expects) from None
    if day < calendar.start:
        raise _refused(AS_OF_VARIABLE, text, expects, "a date before week 1")
    if not calendar.weeks or day > calendar.weeks[-1].friday + timedelta(days=2):
        # week_of would count it in the last week: the status of a week that never came
        last = len(calendar.weeks)
        raise _refused(AS_OF_VARIABLE, text, expects,
                       f"it lies after the last program week, week {last}")
    return calendar.week_of(day)


def assignment_line(conf_file: Path, name: str) -> int | None:
    """The line of conf.py's last assignment to ``name`` (None when it has none, as for
    a setting left at its default, or a file that cannot be read)."""
    try:
        tree = ast.parse(conf_file.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return None
    lines = [node.lineno for node in ast.walk(tree)
             if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign)
             and any(isinstance(t, ast.Name) and t.id == name for t in _targets(node))]
    return max(lines, default=None)


def _targets(node: ast.Assign | ast.AnnAssign | ast.AugAssign) -> list[ast.expr]:
    return list(node.targets) if isinstance(node, ast.Assign) else [node.target]
