"""Finding one's way in the plan from the editor: where a need is defined, what links
to it, what it is (hover), and which IDs fit where one types (completion).

Pure functions of the index and a place on a page (1-based line, 0-based column in
characters); the server turns them into the protocol's types.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from roadmap.directive_parser import SourceNeed
from roadmap.graph import Need, RoadmapGraph
from roadmap.lsp.plan_index import PlanIndex
from roadmap.program_calendar import CalendarError, ProgramCalendar
from roadmap.program_schedule import Slack, critical_path, slack
from roadmap.roles import FIELDS, TYPES

_WORD = re.compile(r"[A-Za-z0-9_.-]+")
_OPTION = re.compile(r"^(?P<indent>\s*):(?P<name>[\w-]+):(?P<value>.*)$")
_ROLE_OPEN = re.compile(r"\{need\}`(?:[^`<]*<)?(?P<partial>[^`<>]*)$")


@dataclass(frozen=True)
class Place:
    """A span of one line of a page."""

    file: str
    line: int  # 1-based
    start: int  # 0-based columns
    end: int


@dataclass(frozen=True)
class Completion:
    label: str  # the need ID
    detail: str  # its title
    kind: str  # its type's title
    replace: Place  # what the ID replaces: what was typed of it


# ------------------------------------------------------------ where
def line_of(index: PlanIndex, file: str, line: int) -> str:
    page = index.page(file)
    lines = page.text.split("\n") if page is not None else []
    return lines[line - 1] if 0 < line <= len(lines) else ""


def need_id_at(index: PlanIndex, file: str, line: int, column: int) -> tuple[str, Place] | None:
    """The need ID written at a place (in a link option, a ``{need}`` role, an ``:id:``,
    prose or a filter), with where it is written."""
    text = line_of(index, file, line)
    for match in _WORD.finditer(text):
        if match.start() <= column <= match.end():
            word = match.group().strip(".")
            if word in index.graph.needs or word in index.declared_at:
                start = match.start() + match.group().find(word)
                return word, Place(file, line, start, start + len(word))
    return None


def definition_of(index: PlanIndex, need_id: str) -> Place | None:
    """Where a need is defined: its ``:id:`` line (the directive's line without one)."""
    source = index.declared_at.get(need_id)
    if source is None:
        return None
    line = source.option_lines.get("id", source.line)
    return _word_place(index, source.file, line, need_id) or Place(source.file, line, 0, 0)


def definition(index: PlanIndex, file: str, line: int, column: int) -> Place | None:
    found = need_id_at(index, file, line, column)
    return definition_of(index, found[0]) if found else None


def references(index: PlanIndex, file: str, line: int, column: int,
               include_declaration: bool = True) -> list[Place]:
    """Every place that names the need at this place: the link options of the needs
    linking to it and the ``{need}`` roles (and its own ``:id:``)."""
    found = need_id_at(index, file, line, column)
    if found is None:
        return []
    need_id = found[0]
    places = list(incoming_places(index, need_id))
    places += [Place(page.file, m.line, m.start, m.end) for page in index.pages()
               for m in page.outline.mentions if m.need_id == need_id]
    if include_declaration and (own := definition_of(index, need_id)) is not None:
        places.append(own)
    return sorted(set(places), key=lambda p: (p.file, p.line, p.start))


def incoming_places(index: PlanIndex, need_id: str) -> Iterator[Place]:
    """The IDs in the link options of the needs that link to ``need_id``."""
    graph = index.graph
    for link, sources in graph.incoming.items():
        for source_id in sources.get(need_id, ()):
            source = index.declared_at.get(source_id)
            if source is not None and link in source.option_lines:
                place = _word_place(index, source.file, source.option_lines[link], need_id)
                if place is not None:
                    yield place


def _word_place(index: PlanIndex, file: str, line: int, word: str) -> Place | None:
    text = line_of(index, file, line)
    match = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)
    return Place(file, line, match.start(), match.end()) if match else None


# ------------------------------------------------------------ what
def hover(index: PlanIndex, file: str, line: int, column: int) -> tuple[str, Place] | None:
    """What the need at this place is, as Markdown: title, type, weeks with their
    dates, status, owner, slack; with the span of the ID."""
    found = need_id_at(index, file, line, column)
    if found is None:
        return None
    need_id, place = found
    need = index.graph.needs.get(need_id)
    if need is None:
        return f"**{need_id}**: not made (see the warning at its directive)", place
    return describe(index, need), place


def describe(index: PlanIndex, need: Need) -> str:
    graph = index.graph
    lines = [f"**{need.id}** · {graph.metamodel.type_title(need.type)}", "", need.title, ""]
    facts = [*_weeks(graph, need, index.project.settings.calendar), *_people(need),
             *_schedule(graph, need), *_measures(need)]
    lines += [f"- {fact}" for fact in facts]
    source = index.declared_at.get(need.id)
    if source is not None:
        lines += ["", f"{source.file}:{source.line}"]
    return "\n".join(lines)


def _weeks(graph: RoadmapGraph, need: Need, calendar: ProgramCalendar) -> Iterator[str]:
    window = graph.window(need)
    if window is None:
        return
    weeks = (f"week {window.start}" if window.start == window.end
             else f"weeks {window.start}\u2013{window.end}")
    try:
        yield f"{weeks.capitalize()} ({calendar.span(window.start, window.end)})"
    except CalendarError:
        yield weeks.capitalize()


def _people(need: Need) -> Iterator[str]:
    for label, name in (("Status", FIELDS.status), ("Owner", FIELDS.owner),
                        ("Lead", FIELDS.lead)):
        value = need.get(name)
        if value is not None:
            yield f"{label}: {value}"


def _schedule(graph: RoadmapGraph, need: Need) -> Iterator[str]:
    if need.type != TYPES.milestone:
        return
    floats, critical = _schedule_of(graph)
    found = floats.get(need.id)
    if found is None:
        return
    weeks = "week" if abs(found.weeks) == 1 else "weeks"
    if found.weeks < 0:
        yield f"Slack: none, {-found.weeks} {weeks} late ({found.limit})"
    else:
        yield f"Slack: {found.weeks} {weeks} (due by week {found.latest_due}: {found.limit})"
    if need.id in critical:
        yield "On the critical path"


_SCHEDULES: dict[int, tuple[RoadmapGraph, dict[str, Slack], frozenset[str]]] = {}


def _schedule_of(graph: RoadmapGraph) -> tuple[dict[str, Slack], frozenset[str]]:
    """Slack and the critical path of a graph, worked out once per graph."""
    kept = _SCHEDULES.get(id(graph))
    if kept is None or kept[0] is not graph:
        _SCHEDULES.clear()
        kept = _SCHEDULES[id(graph)] = (graph, slack(graph), critical_path(graph).members)
    return kept[1], kept[2]


def _measures(need: Need) -> Iterator[str]:
    if need.type == TYPES.metric and need.get(FIELDS.target) is not None:
        unit = need.get(FIELDS.unit, "")
        yield (f"Baseline {need.get(FIELDS.baseline, '?')}, target {need.get(FIELDS.target)} "
               f"{unit}".rstrip())
    if need.type == TYPES.risk:
        likelihood, impact = need.number(FIELDS.likelihood), need.number(FIELDS.impact)
        if likelihood is not None and impact is not None:
            yield (f"Score {likelihood * impact:g} (likelihood {likelihood:g} \u00d7 impact "
                   f"{impact:g})")


# ------------------------------------------------------------ completion
def completions(index: PlanIndex, file: str, line: int, column: int) -> list[Completion]:
    """The need IDs that fit where one types: in a link option, the needs of the types
    its link type accepts (``target_types``), except those already listed and the need
    itself; in a ``{need}`` role, every need."""
    full = line_of(index, file, line)
    text = full[:column]
    typed = re.search(r"[\w.-]*$", text)
    replace = Place(file, line, column - len(typed.group() if typed else ""), column)
    option = _OPTION.match(full)
    model = index.graph.metamodel
    if option is not None and option.group("name") in model.links:
        link = option.group("name")
        wanted = set(model.target_types(link))
        at = need_id_at(index, file, line, column)
        listed = set(re.findall(r"[\w.-]+", option.group("value"))) - {at[0] if at else ""}
        own = _need_around(index, file, line)
        candidates = [n for n in index.graph.needs.values()
                      if (not wanted or n.type in wanted) and n.id not in listed
                      and (own is None or n.id != own.need_id)]
    elif _ROLE_OPEN.search(text):
        candidates = list(index.graph.needs.values())
    else:
        return []
    return [Completion(n.id, n.title, model.type_title(n.type), replace)
            for n in sorted(candidates, key=lambda n: n.id)]


def _need_around(index: PlanIndex, file: str, line: int) -> SourceNeed | None:
    page = index.page(file)
    if page is None:
        return None
    return next((n for n in page.needs if n.line <= line <= (n.end_line or n.line)), None)
