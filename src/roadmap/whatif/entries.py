"""The changes a scenario makes to the plan, read from the text an author wrote.

A scenario (a ``scenario`` need in ``scenarios/*.md``, or the options of ``roadmap
whatif``) lists its changes as ``ID=value`` entries, one kind per field:

======================  =============================  =====================================
field / option          entry                          meaning
======================  =============================  =====================================
``slip`` / ``--slip``   ``MS-DB-03=+2``                start and due two weeks later
``extend``              ``MS-DB-05=+1``                due a week later, same start, same effort
``effort_change``       ``MS-DB-03=6``, ``=+2``        the new effort, or a change of it
``capacity_change``     ``RES-ROLE-DBA=1.5@4-7``       the role's capacity in weeks 4 to 7
``cancel``              ``MS-ML-11``                   cancelled: off the schedule
``add_buffer``          ``PH-3=+1``                    the phase and all after it a week longer
======================  =============================  =====================================

Text that is not such an entry raises :class:`ChangeError`; whether the named need
exists and the weeks are possible is :func:`roadmap.whatif.overlay.problems`' to say,
because only the plan knows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from roadmap.errors import InputError
from roadmap.graph import Need
from roadmap.roles import FIELDS, LINKS


class ChangeError(InputError):
    """An entry that cannot be read as the change of its kind."""


@dataclass(frozen=True)
class Slip:
    target: str
    weeks: int  # later (negative: earlier)

    def __str__(self) -> str:
        return f"{self.target} {_weeks(self.weeks)} later" if self.weeks > 0 else (
            f"{self.target} {_weeks(-self.weeks)} earlier")


@dataclass(frozen=True)
class Extend:
    target: str
    weeks: int  # longer (negative: shorter)

    def __str__(self) -> str:
        word = "longer" if self.weeks > 0 else "shorter"
        return f"{self.target} takes {_weeks(abs(self.weeks))} {word}"


@dataclass(frozen=True)
class EffortChange:
    target: str
    value: float
    relative: bool  # value is added to the effort, else it is the new effort

    def __str__(self) -> str:
        if self.relative:
            return f"{self.target} effort {self.value:+g} person-weeks"
        return f"{self.target} effort {self.value:g} person-weeks"


@dataclass(frozen=True)
class CapacityChange:
    target: str
    value: float  # person-weeks per week
    first: int
    last: int

    def __str__(self) -> str:
        weeks = f"week {self.first}" if self.first == self.last else (
            f"weeks {self.first}-{self.last}")
        return f"{self.target} capacity {self.value:g} in {weeks}"


@dataclass(frozen=True)
class Cancel:
    target: str

    def __str__(self) -> str:
        return f"{self.target} cancelled"


@dataclass(frozen=True)
class AddBuffer:
    target: str  # a phase
    weeks: int

    def __str__(self) -> str:
        return f"{self.target} {_weeks(self.weeks)} of buffer added"


Change = Slip | Extend | EffortChange | CapacityChange | Cancel | AddBuffer


def _weeks(count: int) -> str:
    return f"{count} week{'s' if count != 1 else ''}"


_ID = r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+"
_SIGNED_WEEKS = re.compile(rf"^({_ID})=([+-]?\d+)$")
_EFFORT = re.compile(rf"^({_ID})=([+-]?)(\d+(?:\.\d+)?)$")
_CAPACITY = re.compile(rf"^({_ID})=(-?\d+(?:\.\d+)?)@(\d+)(?:-(\d+))?$")
_PLAIN_ID = re.compile(rf"^{_ID}$")

# field of a scenario need -> what one entry of it reads as
FORMS = {
    FIELDS.slip: "ID=+weeks (e.g. MS-DB-03=+2)",
    FIELDS.extend: "ID=+weeks (e.g. MS-DB-05=+1)",
    FIELDS.effort_change: "ID=person-weeks or ID=+person-weeks (e.g. MS-DB-03=+2)",
    FIELDS.capacity_change: "ID=person-weeks@FIRST-LAST (e.g. RES-ROLE-DBA=1.5@4-7)",
    FIELDS.cancel: "a milestone ID (e.g. MS-ML-11)",
    FIELDS.add_buffer: "PHASE-ID=+weeks (e.g. PH-3=+1)",
}


def parse_change(kind: str, text: str) -> Change:
    """One entry of a scenario field (or a command-line option) as its change."""
    entry = re.sub(r"\s+", "", str(text))
    try:
        change = _parse(kind, entry)
    except ValueError:
        change = None
    if change is None:
        raise ChangeError(f"{kind} {text!r} is not {FORMS.get(kind, 'a change')}")
    return change


def _parse(kind: str, entry: str) -> Change | None:
    if kind == FIELDS.cancel:
        return Cancel(entry) if _PLAIN_ID.match(entry) else None
    if kind == FIELDS.capacity_change:
        match = _CAPACITY.match(entry)
        if not match:
            return None
        first = int(match.group(3))
        return CapacityChange(match.group(1), float(match.group(2)), first,
                              int(match.group(4) or first))
    if kind == FIELDS.effort_change:
        match = _EFFORT.match(entry)
        if not match:
            return None
        sign, value = match.group(2), float(match.group(3))
        return EffortChange(match.group(1), -value if sign == "-" else value, bool(sign))
    match = _SIGNED_WEEKS.match(entry)
    if not match or kind not in (FIELDS.slip, FIELDS.extend, FIELDS.add_buffer):
        return None
    target, weeks = match.group(1), int(match.group(2))
    if kind == FIELDS.slip:
        return Slip(target, weeks)
    return Extend(target, weeks) if kind == FIELDS.extend else AddBuffer(target, weeks)


@dataclass(frozen=True)
class Scenario:
    """A named overlay: its changes in the order written, and where it was written."""

    id: str
    title: str
    changes: tuple[Change, ...]
    revision: int | None = None
    explores: tuple[str, ...] = ()  # the risks it plays out
    file: str = ""
    line: int | None = None

    @property
    def location(self) -> str:
        if not self.file:
            return "<command line>"
        return f"{self.file}:{self.line}" if self.line else self.file


def entries_of(value: object) -> list[str]:
    """A field's entries: a list as sphinx-needs stores it, or comma-separated text."""
    if value in (None, ""):
        return []
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    return [str(item).strip() for item in items if str(item).strip()]


def scenario_of(need: Need) -> tuple[Scenario, list[str]]:
    """The scenario a ``scenario`` need declares, and the entries it cannot read."""
    changes: list[Change] = []
    problems: list[str] = []
    for kind in FORMS:
        for entry in entries_of(need.get(kind)):
            try:
                changes.append(parse_change(kind, entry))
            except ChangeError as error:
                problems.append(str(error))
    revision = need.week(FIELDS.revision)
    return Scenario(need.id, need.title, tuple(changes), revision,
                    need.targets_of(LINKS.explores), need.file, need.lineno), problems


def scenario_from_options(options: Mapping[str, Iterable[str]], name: str = "command line"
                          ) -> Scenario:
    """A scenario of command-line options (field name -> entries); ChangeError on the
    first entry that cannot be read."""
    changes = [parse_change(kind, entry) for kind in FORMS
               for entry in options.get(kind, ())]
    return Scenario(name, f"what if: {'; '.join(str(c) for c in changes)}", tuple(changes))
