"""The metamodel's roles: the need types, link types and fields this package reads.

``ubproject.toml`` declares the model; the code needs to know which of its names
plays which part (which link is "the phase", which field is "the due week"). That
mapping is written here, once, and every rule and view reads it from here instead of
spelling names itself. :func:`missing_roles` checks that every name exists in the
metamodel, so renaming a type, link or field in ``ubproject.toml`` without renaming
it here fails the build with a message instead of silently checking nothing.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roadmap.ubproject import Metamodel


@dataclass(frozen=True)
class NeedTypes:
    phase: str = "phase"
    workstream: str = "workstream"
    gap: str = "gap"
    milestone: str = "milestone"
    metric: str = "metric"
    risk: str = "risk"
    gate: str = "gate"
    resource: str = "resource"
    test: str = "test"
    monitor: str = "monitor"
    example: str = "example"
    measurement: str = "measurement"
    update: str = "update"  # a weekly health update of a workstream or the program
    scenario: str = "scenario"  # a what-if overlay on the plan


@dataclass(frozen=True)
class LinkTypes:
    phase: str = "phase"  # milestone, gate -> the phase it belongs to
    workstream: str = "workstream"  # milestone, risk -> the workstream that owns it
    addresses: str = "addresses"  # milestone -> gap
    depends_on: str = "depends_on"  # milestone -> milestone, finish-to-start
    measures: str = "measures"  # metric -> milestone or phase
    feeds: str = "feeds"  # module KPI -> program metric
    threatens: str = "threatens"  # risk -> milestone or phase
    watched_by: str = "watched_by"  # risk -> where its early warning is read
    mitigated_by: str = "mitigated_by"  # risk -> milestone
    checks: str = "checks"  # gate -> metric
    requires: str = "requires"  # milestone -> resource
    verifies: str = "verifies"  # test -> metric or milestone
    monitors: str = "monitors"  # monitor -> metric
    implements: str = "implements"  # example -> milestone
    of: str = "of"  # measurement -> the metric it measures
    explores: str = "explores"  # scenario -> the risks it plays out


@dataclass(frozen=True)
class Fields:
    start: str = "start"  # first week of a phase, workstream or milestone
    end: str = "end"  # last week of a phase or workstream
    due: str = "due"  # last week of a milestone
    status: str = "status"
    owner: str = "owner"
    lead: str = "lead"
    effort: str = "effort"  # person-weeks of a milestone
    baseline: str = "baseline"
    target: str = "target"
    unit: str = "unit"
    direction: str = "direction"  # "increase" or "decrease"
    scope: str = "scope"  # "program" or "module"
    operational: str = "operational"
    likelihood: str = "likelihood"  # risk score = likelihood x impact
    impact: str = "impact"
    indicator: str = "indicator"
    contingency: str = "contingency"
    capacity: str = "capacity"  # person-weeks a role delivers per week
    headcount: str = "headcount"  # people in a role (its capacity is no more)
    cost: str = "cost"
    rate: str = "rate"  # loaded cost of a person-week of a role
    capacity_weeks: str = "capacity_weeks"  # a role's capacity in some weeks: VALUE@FIRST-LAST
    rate_weeks: str = "rate_weeks"  # a role's rate in some weeks: VALUE@FIRST-LAST
    kind: str = "kind"  # of a resource: role, tool, infrastructure, service
    severity: str = "severity"  # of a gap
    level: str = "level"  # of a test
    signal: str = "signal"  # of a monitor
    threshold: str = "threshold"  # of a monitor
    buffer: str = "buffer"  # weeks of contingency at a phase's end, before its gate
    interim: str = "interim"  # a metric's trajectory: week=value pairs
    fires_above: str = "fires_above"  # a risk's early warning on its watched metric
    fires_below: str = "fires_below"
    # execution tracking
    actual_start: str = "actual_start"
    actual_end: str = "actual_end"
    remaining: str = "remaining"  # person-weeks left on a started milestone
    reason: str = "reason"  # why a milestone was cancelled or a gate waived
    decision_week: str = "decision_week"
    waived_by: str = "waived_by"
    week: str = "week"  # of a measurement
    value: str = "value"
    evidence: str = "evidence"
    path: str = "path"  # an example's file or folder in the repository
    # health updates (with week, owner and scope)
    health: str = "health"  # on_track, at_risk or off_track
    changed: str = "changed"  # what changed since the last update
    needed: str = "needed"  # what the owner needs
    # scenarios: each a list of ID=change entries
    revision: str = "revision"
    slip: str = "slip"
    extend: str = "extend"
    effort_change: str = "effort_change"
    capacity_change: str = "capacity_change"
    cancel: str = "cancel"
    add_buffer: str = "add_buffer"
    # timing of readings
    in_production: str = "in_production"  # week a milestone's change reaches production
    budget_spend: str = "budget_spend"  # seconds of an availability window it may spend
    error_budget: str = "error_budget"  # seconds an availability metric allows per window
    reads: str = "reads"  # a gate's reading of each metric: METRIC=F-L or METRIC@W
    verdicts: str = "verdicts"  # a test's verdict per metric: METRIC@W
    booked: str = "booked"  # weeks a tool, environment or service is booked
    trigger_week: str = "trigger_week"  # first week a risk's early warning is read
    day: str = "day"  # the day(s) a gate is decided, a review meets, an audit runs


TYPES = NeedTypes()
LINKS = LinkTypes()
FIELDS = Fields()

# Values of the roles that carry a meaning of their own.
DIRECTION_INCREASE = "increase"
DIRECTION_DECREASE = "decrease"
SCOPE_PROGRAM = "program"
SCOPE_MODULE = "module"


class Status(StrEnum):
    """The lifecycle values the checks and views read (the status field's schema in
    ubproject.toml allows them). A member equals its text: ``need.get("status") ==
    Status.DONE`` compares with the value of a need."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    AT_RISK = "at_risk"
    BLOCKED = "blocked"
    DONE = "done"
    CANCELLED = "cancelled"
    OPEN = "open"
    PASSED = "passed"
    FAILED = "failed"
    WAIVED = "waived"


class Health:
    """The health a weekly update declares, best first."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    ORDER = (ON_TRACK, AT_RISK, OFF_TRACK)


# Types that record progress: a plan has none of them before its first week is reported.
PROGRESS_TYPES = frozenset({TYPES.measurement, TYPES.update})
# Types a complete plan may lack: progress, and the what-if scenarios.
OPTIONAL_TYPES = PROGRESS_TYPES | {TYPES.scenario}

# A milestone in one of these needs no more work.
CLOSED_STATUSES = frozenset({Status.DONE, Status.CANCELLED})
# The tag of the weekly checkpoint milestones: reviews at the end of their week.
CHECKPOINT_TAG = "checkpoint"
TAGS = "tags"  # sphinx-needs' own field of a need's tags

# The links through which a need that belongs to no phase (or workstream) itself bears
# on one: the phases of what it measures, threatens, verifies, implements, checks or
# monitors. Views, roll-ups and the phase pages' tables all read this one list.
BEARING_LINKS: tuple[str, ...] = (LINKS.measures, LINKS.threatens, LINKS.verifies,
                                  LINKS.implements, LINKS.checks, LINKS.monitors)


def missing_roles(metamodel: Metamodel) -> list[str]:
    """A sentence for every role whose name the metamodel does not declare."""
    problems = [f"need type '{name}' (role {role})" for role, name in _pairs(TYPES)
                if name not in metamodel.types]
    problems += [f"link type '{name}' (role {role})" for role, name in _pairs(LINKS)
                 if name not in metamodel.links]
    problems += [f"field '{name}' (role {role})" for role, name in _pairs(FIELDS)
                 if name not in metamodel.fields]
    allowed = metamodel.enum(FIELDS.status)
    problems += [f"status value '{status}' (Status.{status.name})" for status in Status
                 if allowed and status not in allowed]
    return problems


def _pairs(roles: NeedTypes | LinkTypes | Fields) -> list[tuple[str, str]]:
    return list(zip((f.name for f in fields(roles)), astuple(roles), strict=True))
