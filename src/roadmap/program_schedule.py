"""Schedule arithmetic over the needs graph: durations, week order, critical path.

Pure functions, shared by the schedule rules and the timeline views so that the
chart and the checks agree on what a week and a chain are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from roadmap.graph import Need, RoadmapGraph, topological_order
from roadmap.program_calendar import CalendarError, parse_days
from roadmap.roles import CHECKPOINT_TAG, FIELDS, LINKS, TAGS, TYPES


def is_checkpoint(need: Need) -> bool:
    """A weekly checkpoint: a review at the end of its week, not a deliverable."""
    tags = need.get(TAGS) or []
    return CHECKPOINT_TAG in (tags if isinstance(tags, list | tuple) else str(tags).split(","))


def buffer_weeks(graph: RoadmapGraph) -> set[int]:
    """The weeks phases keep as schedule contingency before their gates."""
    weeks: set[int] = set()
    for phase in graph.of_type(TYPES.phase):
        end, buffer = phase.week(FIELDS.end), phase.week(FIELDS.buffer) or 0
        if end is not None and buffer > 0:
            weeks.update(range(end - buffer + 1, end + 1))
    return weeks


def duration(need: Need) -> int | None:
    """Weeks a milestone takes, both ends included; None without both weeks."""
    start, due = need.week(FIELDS.start), need.week(FIELDS.due)
    if start is None or due is None or due < start:
        return None
    return due - start + 1


def week_order(graph: RoadmapGraph, needs: Iterable[Need]) -> list[Need]:
    """Phases, workstreams or milestones by start week, then end week, then ID;
    needs without a week window last."""
    def key(need: Need) -> tuple[int, int, str]:
        window = graph.window(need)
        return (window.start, window.end, need.id) if window else (10**6, 10**6, need.id)

    return sorted(needs, key=key)


def week_ranges(weeks: Iterable[int]) -> str:
    """[7, 1, 2, 3] -> '1-3, 7'."""
    spans: list[list[int]] = []
    for week in sorted(set(weeks)):
        if spans and week == spans[-1][1] + 1:
            spans[-1][1] = week
        else:
            spans.append([week, week])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def dependency_map(graph: RoadmapGraph, milestones: Iterable[str], *,
                   keep_self: bool = False) -> dict[str, list[str]]:
    """Milestone -> the given milestones it depends on, each once; a milestone that
    depends on itself keeps that link only with ``keep_self`` (the cycle rule's view)."""
    ordered = list(dict.fromkeys(milestones))
    known = set(ordered)
    return {mid: [d for d in dict.fromkeys(graph.needs[mid].targets_of(LINKS.depends_on))
                  if d in known and (keep_self or d != mid)]
            for mid in ordered}


# ------------------------------------------------------------ critical path
@dataclass(frozen=True)
class CriticalPath:
    """The longest finish-to-start dependency chain of milestones.

    ``milestones`` is one such chain, chosen the same way every build;
    ``members`` holds every milestone that lies on a chain of the same length
    (several chains can tie, and all of them are critical).
    """

    milestones: tuple[Need, ...]
    weeks: int  # sum of the durations of the chain's milestones
    members: frozenset[str] = frozenset()
    end: str | None = None  # the milestone the chains lead to, None for any

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.milestones)

    @property
    def start(self) -> int | None:
        return self.milestones[0].week(FIELDS.start) if self.milestones else None

    @property
    def finish(self) -> int | None:
        return self.milestones[-1].week(FIELDS.due) if self.milestones else None


@dataclass
class _Chains:
    """The longest chain ending at each milestone, found in one forward pass."""

    weights: dict[str, int]
    due: dict[str, int]
    best: dict[str, int]
    via: dict[str, str | None]

    def longest(self, candidates: Iterable[str]) -> str | None:
        """The end of the longest chain among ``candidates``; ties go to the one that
        ends later, then to the smaller ID."""
        chosen: str | None = None
        for mid in candidates:
            if chosen is None or self._beats(mid, chosen):
                chosen = mid
        return chosen

    def _beats(self, mid: str, other: str) -> bool:
        here, there = (self.best[mid], self.due[mid]), (self.best[other], self.due[other])
        return here > there or (here == there and mid < other)

    def chain_to(self, last: str, graph: RoadmapGraph) -> tuple[Need, ...]:
        chain: list[Need] = []
        cursor: str | None = last
        while cursor is not None:
            chain.append(graph.needs[cursor])
            cursor = self.via[cursor]
        return tuple(reversed(chain))


def _forward(weights: Mapping[str, int], due: Mapping[str, int],
             preds: Mapping[str, list[str]], order: list[str]) -> _Chains:
    chains = _Chains(dict(weights), dict(due), {}, {})
    for mid in order:
        prev = chains.longest(preds[mid])
        chains.best[mid] = weights[mid] + (chains.best[prev] if prev else 0)
        chains.via[mid] = prev
    return chains


def _tails(weights: Mapping[str, int], preds: Mapping[str, list[str]], order: list[str],
           end: str | None) -> dict[str, int]:
    """The longest chain starting at each milestone (and reaching ``end`` when given)."""
    succs: dict[str, list[str]] = {m: [] for m in weights}
    for mid, deps in preds.items():
        for dep in deps:
            succs[dep].append(mid)
    tail: dict[str, int] = {}
    for mid in reversed(order):
        after = [tail[s] for s in succs[mid] if s in tail]
        if end is None:
            tail[mid] = weights[mid] + max(after, default=0)
        elif mid == end:
            tail[mid] = weights[mid]
        elif after:
            tail[mid] = weights[mid] + max(after)
    return tail


def critical_path(graph: RoadmapGraph, end: str | None = None) -> CriticalPath:
    """The dependency chains whose milestones take the most weeks in total.

    Longest path in the ``depends_on`` DAG, each milestone weighted by its duration
    in weeks. With ``end``, only chains that lead to that milestone count (the
    critical path to a sign-off); without it, any chain does. One topological pass
    forward and one back, so O(needs + links) and no recursion. Milestones without
    both weeks and links to unknown needs are left out; milestones on a cycle never
    become ready and are left out too (the cycle rule reports them).
    """
    weights = {m.id: w for m in graph.of_type(TYPES.milestone) if (w := duration(m)) is not None}
    if end is not None and end not in weights:
        return CriticalPath((), 0, frozenset(), end)
    preds = dependency_map(graph, weights)
    order = topological_order(preds)
    due = {mid: graph.needs[mid].week(FIELDS.due) or 0 for mid in weights}
    chains = _forward(weights, due, preds, order)
    last = end if end is not None else chains.longest(chains.best)
    if last is None or last not in chains.best:
        return CriticalPath((), 0, frozenset(), end)
    length = chains.best[last]
    tail = _tails(weights, preds, order, end)
    members = frozenset(m for m in tail if chains.best[m] + tail[m] - weights[m] == length)
    return CriticalPath(chains.chain_to(last, graph), length, members, end)


# ------------------------------------------------------------ weeks
def active_in(need: Need, week: int) -> bool:
    """Whether a milestone's window (start to due, both included) holds ``week``."""
    start, due = need.week(FIELDS.start), need.week(FIELDS.due)
    return start is not None and due is not None and start <= week <= due


def milestones_in_week(graph: RoadmapGraph, week: int) -> list[Need]:
    """The milestones active in ``week`` (due that week or in progress), by due week
    then ID: what a week page lists and the explorer's week facet selects."""
    return sorted((m for m in graph.of_type(TYPES.milestone) if active_in(m, week)),
                  key=lambda m: (m.week(FIELDS.due) or 0, m.id))


def fixed_days(need: Need) -> tuple[date, date] | None:
    """The first and last day a need fixes (its ``day`` field); None without one, or
    with one that does not parse (CONS-DAY-WEEK reports it, and the build fails)."""
    value = need.get(FIELDS.day)
    if value is None:
        return None
    try:
        return parse_days(str(value))
    except CalendarError:
        return None


# ------------------------------------------------------------ slack
@dataclass(frozen=True)
class Slack:
    """How many weeks a milestone can slip before it breaks the plan, and what stops it
    then (the first dependant's start, or the end of its phase or workstream)."""

    weeks: int  # may be negative: the plan is already broken there
    latest_due: int
    limit: str  # what the latest due week is set by, as a reader says it


def slack(graph: RoadmapGraph) -> dict[str, Slack]:
    """Total float of each milestone as planned: how much later it could be due (its
    start moving with it) while every milestone that depends on it still starts after
    it as the schedule rules want (SCHED-DEP-ORDER, SCHED-DEP-START) and it stays
    inside its phase (before the phase's buffer) and its workstream.
    The dependants' own slack counts, so a chain shares its float. Milestones without
    both weeks, and those on or behind a dependency cycle, are left out."""
    weights = {m.id: w for m in graph.of_type(TYPES.milestone) if (w := duration(m)) is not None}
    preds = dependency_map(graph, weights)
    order = topological_order(preds)
    dependants: dict[str, list[str]] = {mid: [] for mid in weights}
    for mid, deps in preds.items():
        for dep in deps:
            dependants[dep].append(mid)
    found: dict[str, Slack] = {}
    for mid in reversed(order):
        milestone = graph.needs[mid]
        latest, limit = _window_limit(graph, milestone)
        for after in sorted(dependants[mid]):
            if after not in found:
                continue
            start_by = found[after].latest_due - weights[after] + 1
            # the rules let a dependant start in a one-week prerequisite's week (and a
            # checkpoint in any prerequisite's last week), else only after it
            shared = weights[mid] < 2 or is_checkpoint(graph.needs[after])
            due_by = start_by if shared else start_by - 1
            if due_by < latest:
                latest, limit = due_by, f"{after} must start by week {start_by}"
        due = milestone.week(FIELDS.due) or 0
        found[mid] = Slack(latest - due, latest, limit)
    return found


def _window_limit(graph: RoadmapGraph, milestone: Need) -> tuple[int, str]:
    """The last week a milestone may be due in by its phase (before the phase's buffer,
    unless it is a checkpoint) and its workstream; the horizon without either."""
    limits: list[tuple[int, str]] = []  # the first of equal limits names it: the nearest
    phase = graph.phase_of(milestone)
    if phase is not None and (window := graph.window(phase)) is not None:
        buffer = 0 if is_checkpoint(milestone) else phase.week(FIELDS.buffer) or 0
        what = f"{phase.id} ends in week {window.end}"
        limits.append((window.end - buffer, what + (f" (a {buffer}-week buffer before "
                                                    "its gate)" if buffer else "")))
    workstream = graph.workstream_of(milestone)
    if workstream is not None and (window := graph.window(workstream)) is not None:
        limits.append((window.end, f"{workstream.id} ends in week {window.end}"))
    limits.append((graph.horizon, "the plan's horizon"))
    return min(limits, key=lambda limit: limit[0])
