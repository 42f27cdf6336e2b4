"""The schedule views: critical path and mermaid Gantt source.

Pure functions over the needs graph; nothing here knows about Sphinx. The
Gantt is drawn on program weeks, not on calendar dates: mermaid needs dates,
so week ``n`` is mapped to a date whose Sunday-based week number (d3's
``%U``) is ``n``, and the axis prints only that number.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from roadmap.graph import Need, RoadmapGraph, topological_order

# 1 January 2023 is a Sunday: with mermaid's default Sunday-based week ticks,
# every tick sits on a week boundary and "%U" prints the program week number.
WEEK_ONE = date(2023, 1, 1)


def week_start(week: int) -> date:
    """The first day of program week ``week`` on the Gantt's hidden calendar."""
    return WEEK_ONE + timedelta(weeks=week - 1)


def week_end(week: int) -> date:
    """The last day of program week ``week``: a bar ends there, a day short of
    the next week's tick, so back-to-back bars stay apart and the axis ends
    with the chart's last week instead of the tick after it."""
    return WEEK_ONE + timedelta(weeks=week, days=-1)


def duration(need: Need) -> int | None:
    """Weeks a milestone takes, both ends included; None without both weeks."""
    start, due = need.week("start"), need.week("due")
    if start is None or due is None or due < start:
        return None
    return due - start + 1


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
        return self.milestones[0].week("start") if self.milestones else None

    @property
    def finish(self) -> int | None:
        return self.milestones[-1].week("due") if self.milestones else None


def critical_path(graph: RoadmapGraph, end: str | None = None) -> CriticalPath:
    """The dependency chains whose milestones take the most weeks in total.

    Longest path in the ``depends_on`` DAG, each milestone weighted by its
    duration in weeks. With ``end``, only chains that lead to that milestone
    count (the critical path to a sign-off); without it, any chain does. One
    topological pass forward and one back (Kahn), so O(needs + links) and no
    recursion. Milestones without both weeks and links to unknown needs are
    left out; milestones on a cycle never become ready and are left out too
    (the consistency rules report the cycle). Between equal chains the one
    that ends later, then the one through smaller IDs, is ``milestones``.
    """
    weights = {
        m.id: w for m in graph.of_type("milestone") if (w := duration(m)) is not None
    }
    if end is not None and end not in weights:
        return CriticalPath((), 0, frozenset(), end)
    preds: dict[str, list[str]] = {m: [] for m in weights}
    succs: dict[str, list[str]] = {m: [] for m in weights}
    for mid in weights:
        for dep in dict.fromkeys(graph.needs[mid].links.get("depends_on", ())):
            if dep in weights and dep != mid:
                preds[mid].append(dep)
                succs[dep].append(mid)
    order = topological_order(preds)
    due = {mid: graph.needs[mid].week("due") or 0 for mid in weights}
    best: dict[str, int] = {}  # longest chain ending at a milestone
    via: dict[str, str | None] = {}

    def longest(candidates: Iterable[str]) -> str | None:
        # longest chain first, then the one that ends later, then the smaller ID
        chosen = None
        for mid in candidates:
            if chosen is None:
                chosen = mid
                continue
            here, there = (best[mid], due[mid]), (best[chosen], due[chosen])
            if here > there or (here == there and mid < chosen):
                chosen = mid
        return chosen

    for mid in order:
        prev = longest(preds[mid])
        best[mid] = weights[mid] + (best[prev] if prev else 0)
        via[mid] = prev
    if not best or (end is not None and end not in best):
        return CriticalPath((), 0, frozenset(), end)
    # longest chain starting at a milestone (and reaching ``end`` when given)
    tail: dict[str, int] = {}
    for mid in reversed(order):
        after = [tail[s] for s in succs[mid] if s in tail]
        if end is None or mid == end:
            tail[mid] = weights[mid] + (max(after) if after and end is None else 0)
        elif after:
            tail[mid] = weights[mid] + max(after)
    last = end if end is not None else longest(best)
    assert last is not None
    length = best[last]
    members = frozenset(m for m in tail if best[m] + tail[m] - weights[m] == length)
    chain: list[Need] = []
    cursor: str | None = last
    while cursor is not None:
        chain.append(graph.needs[cursor])
        cursor = via[cursor]
    chain.reverse()
    return CriticalPath(tuple(chain), length, members, end)


# ------------------------------------------------------------------ gantt
_TASK_ID = re.compile(r"[^A-Za-z0-9_-]")


def gantt_text(text: str) -> str:
    """A title made safe for a mermaid Gantt task or section name.

    The lexer ends a task name at the first ``:`` and reads ``#word;`` as an
    entity code and a leading ``%%`` as a comment; titles come from prose, so
    each is replaced by a look-alike that is plain text to mermaid.
    """
    text = " ".join(str(text).split())
    text = re.sub(r"\s*:\s*", " \u2013 ", text)  # en dash
    text = text.replace("#", "\uff03").replace(";", ",")  # fullwidth number sign
    text = re.sub(r"%{2,}", "%", text)
    return text.strip() or "untitled"


def short_label(need: Need, chars: int | None) -> str:
    """``ID title``, the title cut at a word to keep the label within ``chars``."""
    title = " ".join(need.title.split())
    if chars is None:
        return f"{need.id} {title}"
    room = max(chars - len(need.id) - 1, 12)
    if len(title) > room:
        cut = title[: room - 1].rsplit(" ", 1)[0] if " " in title[: room - 1] else title[: room - 1]
        title = cut.rstrip(" ,;:-(\u2013") + "\u2026"
    return f"{need.id} {title}"


def section_label(text: str, width: int = 16) -> str:
    """A section name wrapped onto lines of about ``width`` characters."""
    return "<br>".join(textwrap.wrap(gantt_text(text), width=width)) or "untitled"


def gantt_task_id(prefix: str, need_id: str) -> str:
    """A task ID unique on the page (the need's own anchor already uses its ID)."""
    return _TASK_ID.sub("_", f"{prefix}-{need_id}")


def _sort_key(need: Need) -> tuple[int, int, str]:
    return need.week("start") or 0, need.week("due") or 0, need.id


def week_order(graph: RoadmapGraph, needs: Iterable[Need]) -> list[Need]:
    """Phases, workstreams or milestones by start week, then end week, then ID;
    needs without a week window last."""
    def key(need: Need) -> tuple[int, int, str]:
        window = graph.window(need)
        return (window.start, window.end, need.id) if window else (10**6, 10**6, need.id)

    return sorted(needs, key=key)


_STATUS_TAG = {"done": "done", "in_progress": "active"}


def gantt_source(
    graph: RoadmapGraph,
    *,
    phase: str | None = None,
    workstream: str | None = None,
    critical: Iterable[str] = (),
    href: Callable[[Need], str] | None = None,
    id_prefix: str = "t",
    label_chars: int | None = None,
) -> str:
    """Mermaid Gantt of the milestones, one section per workstream.

    ``phase`` or ``workstream`` restricts the chart to that phase's or
    workstream's milestones. A first section shows the phases the chart spans
    and a vertical marker shows each phase boundary inside it. Milestones in
    ``critical`` carry mermaid's ``crit`` tag; ``href`` gives each bar a link;
    ``label_chars`` shortens the bar labels (the link leads to the full title).
    """
    critical = set(critical)
    milestones = [
        m for m in graph.of_type("milestone")
        if duration(m) is not None
        and (phase is None or phase in m.links.get("phase", ()))
        and (workstream is None or workstream in m.links.get("workstream", ()))
    ]
    windows = {p.id: w for p in graph.of_type("phase") if (w := graph.window(p))}
    phases = week_order(graph, (graph.needs[pid] for pid in windows))
    if phase is not None:
        phases = [p for p in phases if p.id == phase]
    elif milestones:
        first = min(m.week("start") or 0 for m in milestones)
        last = max(m.week("due") or 0 for m in milestones)
        phases = [p for p in phases
                  if windows[p.id].start <= last and windows[p.id].end >= first]

    lines = [
        "gantt",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat W%-U",
        "    tickInterval 1week",
        "    todayMarker off",
    ]
    described = f"phase {phase}" if phase else (f"workstream {workstream}" if workstream
                                                  else "the program")
    lines.append(f"    accTitle: Timeline of {gantt_text(described)}")
    lines.append(
        "    accDescr: Milestones of "
        + gantt_text(described)
        + " by program week, grouped by workstream; critical-path milestones are marked"
    )
    links: list[str] = []

    def task(label: str, tags: list[str], task_id: str, start: int, end: int) -> str:
        data = ", ".join([*tags, task_id, week_start(start).isoformat(),
                          week_end(end).isoformat()])
        return f"    {label} :{data}"

    if phases:
        lines.append("    section Phases")
        for p in phases:
            w = windows[p.id]
            tid = gantt_task_id(id_prefix, p.id)
            lines.append(task(gantt_text(f"{p.id} {p.title}, weeks {w.start}-{w.end}"),
                              [], tid, w.start, w.end))
            if href:
                links.append(f'    click {tid} href "{_href_text(href(p))}"')
        if phase is None:
            for p in phases[1:]:
                w = windows[p.id]
                vid = gantt_task_id(f"{id_prefix}-v", p.id)
                lines.append(f"    {gantt_text(p.id)} :vert, {vid}, "
                             f"{week_start(w.start).isoformat()}, 0d")

    by_ws: dict[str | None, list[Need]] = {}
    for m in milestones:
        ws_ids = m.links.get("workstream", ())
        by_ws.setdefault(ws_ids[0] if ws_ids else None, []).append(m)
    order = [ws.id for ws in week_order(graph, graph.of_type("workstream"))]
    keys = [k for k in order if k in by_ws] + sorted(
        (k for k in by_ws if k not in order), key=lambda k: (k is None, k or ""))
    for key in keys:
        ws = graph.needs.get(key) if key else None
        name = ws.title if ws else (key or "No workstream")
        lines.append(f"    section {section_label(name)}")
        for m in sorted(by_ws[key], key=_sort_key):
            tags = []
            if m.id in critical:
                tags.append("crit")
            status_tag = _STATUS_TAG.get(str(m.get("status", "")))
            if status_tag:
                tags.append(status_tag)
            tid = gantt_task_id(id_prefix, m.id)
            lines.append(task(gantt_text(short_label(m, label_chars)), tags, tid,
                              m.week("start") or 0, m.week("due") or 0))
            if href:
                links.append(f'    click {tid} href "{_href_text(href(m))}"')
    return "\n".join([*lines, *links]) + "\n"


def _href_text(url: str) -> str:
    """A URL inside a mermaid ``href "..."`` (no quote or line break may occur)."""
    return url.replace('"', "%22").replace("\n", "").replace(" ", "%20")
