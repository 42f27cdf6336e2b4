"""The needs graph, built once and shared by every rule and view.

It is built from plain mappings (``needs.json``'s ``needs`` table, or the needs of a
running Sphinx build), so the same functions serve the Sphinx extension, the command
line and the tests. Incoming links are computed here from the outgoing ones instead
of trusting ``*_back`` fields, so a hand-made or generated ``needs.json`` is read the
same way.
"""

from __future__ import annotations

import json
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roadmap.errors import InputError
from roadmap.roles import BEARING_LINKS, FIELDS, LINKS, TYPES
from roadmap.ubproject import Metamodel


class NeedsJsonError(InputError):
    """A needs.json that cannot be read as needs: the message names the place."""


@dataclass(frozen=True)
class Need:
    id: str
    type: str
    title: str
    docname: str
    lineno: int | None
    fields: Mapping[str, Any]
    links: Mapping[str, tuple[str, ...]]
    source_suffix: str = ".md"

    @property
    def file(self) -> str:
        return f"{self.docname}{self.source_suffix}" if self.docname else ""

    def get(self, name: str, default: Any = None) -> Any:
        value = self.fields.get(name)
        return default if value in (None, "") else value

    def week(self, name: str) -> int | None:
        value = self.get(name)
        if isinstance(value, bool):
            return None
        return int(value) if isinstance(value, int | float) else None

    def number(self, name: str) -> float | None:
        value = self.get(name)
        if isinstance(value, bool):
            return None
        return float(value) if isinstance(value, int | float) else None

    def targets_of(self, link: str) -> tuple[str, ...]:
        return self.links.get(link, ())


@dataclass(frozen=True)
class Window:
    start: int
    end: int

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end

    def weeks(self) -> range:
        return range(self.start, self.end + 1)


@dataclass
class RoadmapGraph:
    needs: dict[str, Need]
    metamodel: Metamodel
    origin: str = ""  # the needs.json the graph was read from ("" in a build)
    by_type: dict[str, list[Need]] = field(default_factory=dict)
    incoming: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # rules ask for the same windows many times over; a need's fields do not change
    _windows: dict[str, Window | None] = field(default_factory=dict, repr=False,
                                               compare=False)

    def __post_init__(self) -> None:
        by_type: dict[str, list[Need]] = defaultdict(list)
        incoming: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for need in self.needs.values():
            by_type[need.type].append(need)
            for link, targets in need.links.items():
                for target in targets:
                    incoming[link][target].append(need.id)
        self.by_type = dict(by_type)
        self.incoming = incoming

    # ------------------------------------------------------------ queries
    def of_type(self, need_type: str) -> list[Need]:
        return self.by_type.get(need_type, [])

    def targets(self, need: Need, link: str) -> list[Need]:
        """Resolved outgoing links (dangling IDs are the build's to report)."""
        return [self.needs[t] for t in need.links.get(link, ()) if t in self.needs]

    def sources(self, need: Need, link: str) -> list[Need]:
        """Needs that link to ``need`` with ``link``."""
        return [self.needs[s] for s in self.incoming.get(link, {}).get(need.id, ())]

    def window(self, need: Need) -> Window | None:
        """The week window of a phase, workstream or milestone."""
        if need.id in self._windows and self.needs.get(need.id) is need:
            return self._windows[need.id]
        start = need.week(FIELDS.start)
        end = need.week(FIELDS.due) if need.type == TYPES.milestone else need.week(FIELDS.end)
        window = None if start is None or end is None else Window(start, end)
        if self.needs.get(need.id) is need:
            self._windows[need.id] = window
        return window

    def phase_of(self, need: Need) -> Need | None:
        phases = self.targets(need, LINKS.phase)
        return phases[0] if phases else None

    def workstream_of(self, need: Need) -> Need | None:
        workstreams = self.targets(need, LINKS.workstream)
        return workstreams[0] if workstreams else None

    @property
    def horizon(self) -> int:
        """The last week any work may be planned in: the end of the last phase."""
        ends = [w.end for p in self.of_type(TYPES.phase) if (w := self.window(p))]
        return max(ends, default=0)

    def phase_ids_of(self, need: Need) -> set[str]:
        """The phases a need belongs to or bears on, for per-phase views and roll-ups."""
        return self._group_ids_of(need, TYPES.phase, LINKS.phase)

    def workstream_ids_of(self, need: Need) -> set[str]:
        """The workstreams a need belongs to or bears on."""
        return self._group_ids_of(need, TYPES.workstream, LINKS.workstream)

    def bearing_on(self, group_id: str, need_type: str = "") -> set[str]:
        """IDs of the needs of ``need_type`` (any type when empty) that belong to or
        bear on the phase or workstream ``group_id``; ValueError for another target."""
        group = self.needs.get(group_id)
        if group is None or group.type not in (TYPES.phase, TYPES.workstream):
            raise ValueError(f"{group_id!r} is not a phase or workstream")
        if need_type and need_type not in self.metamodel.types:
            raise ValueError(f"{need_type!r} is not a need type")
        ids_of = self.phase_ids_of if group.type == TYPES.phase else self.workstream_ids_of
        return {need.id for need in self.needs.values()
                if (not need_type or need.type == need_type) and group_id in ids_of(need)}

    def _group_ids_of(self, need: Need, group_type: str, group_link: str) -> set[str]:
        """Its own phase (workstream) links; else those of what it bears on
        (:data:`roadmap.roles.BEARING_LINKS`, a target group counting itself); a gap
        takes those of the milestones that address it."""
        if need.type == group_type:
            return {need.id}
        direct = set(need.links.get(group_link, ()))
        if direct:
            return direct
        related: set[str] = set()
        for link in BEARING_LINKS:
            for target in self.targets(need, link):
                if target.type == group_type:
                    related.add(target.id)
                else:
                    related.update(target.links.get(group_link, ()))
        if need.type == TYPES.gap:
            for source in self.sources(need, LINKS.addresses):
                related.update(source.links.get(group_link, ()))
        return related


def topological_order(preds: Mapping[str, Sequence[str]]) -> list[str]:
    """Kahn's order of a dependency map (node -> the nodes it depends on, all of
    them keys of the map). Nodes on or behind a cycle never become ready and are
    left out: the dependency-cycle rule reports them, the critical path skips them."""
    succs: dict[str, list[str]] = {node: [] for node in preds}
    for node, deps in preds.items():
        for dep in deps:
            succs[dep].append(node)
    pending = {node: len(deps) for node, deps in preds.items()}
    ready = deque(sorted(node for node, count in pending.items() if count == 0))
    order: list[str] = []
    while ready:
        node = ready.popleft()
        order.append(node)
        for nxt in succs[node]:
            pending[nxt] -= 1
            if pending[nxt] == 0:
                ready.append(nxt)
    return order


# ---------------------------------------------------------------- loading
_CORE_KEYS = frozenset({"id", "type", "title", "docname", "lineno"})


def _as_tuple(value: Any, where: str) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise NeedsJsonError(f"{where} is {type(value).__name__} {value!r}, expected a list of "
                         "need IDs")


def _links_of(data: Mapping[str, Any], link_set: frozenset[str], where: str
              ) -> dict[str, tuple[str, ...]]:
    links: dict[str, tuple[str, ...]] = {}
    for name in link_set:
        value = data.get(name)
        if not value:
            links[name] = ()
        elif type(value) is list and all(type(v) is str for v in value):
            links[name] = tuple(value)  # the common case, without formatting a message
        else:
            links[name] = _as_tuple(value, f'{where} ({data["id"]}): link "{name}"')
    return links


def need_from_mapping(data: Mapping[str, Any], link_types: Iterable[str],
                      where: str = "need") -> Need:
    """A need from one entry of needs.json; raises NeedsJsonError naming ``where``."""
    if not isinstance(data, Mapping):
        raise NeedsJsonError(f"{where} is {type(data).__name__}, expected an object")
    if not isinstance(data.get("id"), str) or not data["id"]:
        raise NeedsJsonError(f'{where} has no "id"')
    link_set = link_types if isinstance(link_types, frozenset) else frozenset(link_types)
    links = _links_of(data, link_set, where)
    not_fields = _CORE_KEYS | link_set
    fields = {k: v for k, v in data.items() if k not in not_fields}
    lineno = data.get("lineno")
    docname = data.get("docname") or ""
    return Need(
        id=data["id"],
        type=str(data.get("type", "")),
        title=str(data.get("title", "")),
        docname=str(docname),
        lineno=lineno if isinstance(lineno, int) and not isinstance(lineno, bool) else None,
        fields=fields,
        links=links,
        source_suffix=_suffix(data),
    )


def _suffix(data: Mapping[str, Any]) -> str:
    docname, path = data.get("docname"), data.get("doctype")
    return path if isinstance(path, str) and path.startswith(".") and docname else ".md"


def build_graph(needs: Mapping[str, Mapping[str, Any]], metamodel: Metamodel,
                where: str = "needs", origin: str = "") -> RoadmapGraph:
    link_types = frozenset(metamodel.links)  # once, not once per need
    built: dict[str, Need] = {}
    for index, (key, data) in enumerate(needs.items(), start=1):
        need = need_from_mapping(data, link_types, f"{where}: need #{index} ({key!r})")
        built[need.id] = need
    return RoadmapGraph(needs=built, metamodel=metamodel, origin=origin)


def read_needs_json(path: Path) -> dict[str, dict[str, Any]]:
    """The needs of the current version of a ``needs.json`` file.

    Raises NeedsJsonError with the file and what is wrong, for any shape other than
    sphinx-needs' own (``{"versions": {V: {"needs": {ID: {...}}}}}``)."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise NeedsJsonError(f"{name}: cannot read it ({error.strerror})") from None
    except UnicodeDecodeError:
        raise NeedsJsonError(f"{name}: is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise NeedsJsonError(f"{name}: nested too deeply to be a needs.json") from None
    except json.JSONDecodeError as error:
        raise NeedsJsonError(f"{name}:{error.lineno}: not valid JSON ({error.msg})") from None
    return needs_of(data, name)


def needs_of(data: Any, name: str) -> dict[str, dict[str, Any]]:
    """The needs table of a parsed needs.json, checked for shape."""
    if not isinstance(data, dict):
        raise NeedsJsonError(f"{name}: the top level is {_kind(data)}, expected an object "
                             'with "versions"')
    versions = data.get("versions")
    if not isinstance(versions, dict) or not versions:
        raise NeedsJsonError(f'{name}: "versions" is {_kind(versions)}, expected an object '
                             "of versions")
    version = data.get("current_version", "")
    if not isinstance(version, str):
        raise NeedsJsonError(f"{name}: current_version is {_kind(version)}, expected the "
                             "name of a version")
    if version not in versions:
        if len(versions) != 1:
            raise NeedsJsonError(f"{name}: no current_version among {sorted(versions)}")
        version = next(iter(versions))
    entry = versions[version]
    needs = entry.get("needs") if isinstance(entry, dict) else None
    if not isinstance(needs, dict):
        raise NeedsJsonError(f'{name}: versions["{version}"]["needs"] is {_kind(needs)}, '
                             "expected an object of needs by ID")
    for index, (key, need) in enumerate(needs.items(), start=1):
        if not isinstance(need, dict):
            raise NeedsJsonError(f"{name}: need #{index} ({key!r}) is {_kind(need)}, "
                                 "expected an object")
    return needs


def _kind(value: Any) -> str:
    if value is None:
        return "missing (or null)"
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def load_graph(path: Path, metamodel: Metamodel) -> RoadmapGraph:
    return build_graph(read_needs_json(path), metamodel, str(path), origin=str(path))
