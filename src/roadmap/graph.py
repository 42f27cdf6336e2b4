"""The needs graph, built once and shared by every rule and view.

It is built from plain mappings (``needs.json``'s ``needs`` table, or the
needs of a running Sphinx build), so the same functions serve the Sphinx
extension, the command line and the tests. Incoming links are computed here
from the outgoing ones instead of trusting ``*_back`` fields, so a
hand-made or generated ``needs.json`` is read the same way.
"""

from __future__ import annotations

import json
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roadmap.metamodel import Metamodel, load_metamodel


@dataclass(frozen=True)
class Need:
    id: str
    type: str
    title: str
    docname: str
    lineno: int | None
    fields: Mapping[str, Any]
    links: Mapping[str, tuple[str, ...]]

    @property
    def file(self) -> str:
        return f"{self.docname}.md" if self.docname else ""

    def get(self, name: str, default: Any = None) -> Any:
        value = self.fields.get(name)
        return default if value in (None, "") else value

    def week(self, name: str) -> int | None:
        value = self.get(name)
        return int(value) if isinstance(value, int | float) else None

    def number(self, name: str) -> float | None:
        value = self.get(name)
        return float(value) if isinstance(value, int | float) else None


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
    by_type: dict[str, list[Need]] = field(default_factory=dict)
    incoming: dict[str, dict[str, list[str]]] = field(default_factory=dict)

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
        start = need.week("start")
        end = need.week("due") if need.type == "milestone" else need.week("end")
        if start is None or end is None:
            return None
        return Window(start, end)

    def phase_of(self, need: Need) -> Need | None:
        phases = self.targets(need, "phase")
        return phases[0] if phases else None

    def workstream_of(self, need: Need) -> Need | None:
        workstreams = self.targets(need, "workstream")
        return workstreams[0] if workstreams else None

    @property
    def horizon(self) -> int:
        """The last week any work may be planned in: the end of the last phase."""
        ends = [w.end for p in self.of_type("phase") if (w := self.window(p))]
        return max(ends, default=0)

    def phase_ids_of(self, need: Need) -> set[str]:
        """The phases a need belongs to or bears on, for per-phase roll-ups."""
        if need.type == "phase":
            return {need.id}
        direct = set(need.links.get("phase", ()))
        if direct:
            return direct
        related: set[str] = set()
        for link in ("measures", "threatens", "verifies", "implements", "checks", "monitors"):
            for target in self.targets(need, link):
                related |= {target.id} if target.type == "phase" else set(
                    target.links.get("phase", ())
                )
        if need.type == "gap":
            for source in self.sources(need, "addresses"):
                related |= set(source.links.get("phase", ()))
        return related

    def workstream_ids_of(self, need: Need) -> set[str]:
        if need.type == "workstream":
            return {need.id}
        direct = set(need.links.get("workstream", ()))
        if direct:
            return direct
        related: set[str] = set()
        for link in ("measures", "threatens", "verifies", "implements", "monitors"):
            for target in self.targets(need, link):
                related |= set(target.links.get("workstream", ()))
        if need.type == "gap":
            for source in self.sources(need, "addresses"):
                related |= set(source.links.get("workstream", ()))
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
_CORE_KEYS = {"id", "type", "title", "docname", "lineno"}


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    return tuple(str(v) for v in value)


def need_from_mapping(data: Mapping[str, Any], link_types: Iterable[str]) -> Need:
    link_set = set(link_types)
    links = {name: _as_tuple(data.get(name)) for name in link_set}
    fields = {k: v for k, v in data.items() if k not in link_set and k not in _CORE_KEYS}
    lineno = data.get("lineno")
    return Need(
        id=str(data["id"]),
        type=str(data.get("type", "")),
        title=str(data.get("title", "")),
        docname=str(data.get("docname") or ""),
        lineno=int(lineno) if isinstance(lineno, int) else None,
        fields=fields,
        links=links,
    )


def build_graph(needs: Mapping[str, Mapping[str, Any]], metamodel: Metamodel | None = None
                ) -> RoadmapGraph:
    model = metamodel or load_metamodel()
    link_types = tuple(model.links)
    return RoadmapGraph(
        needs={need_id: need_from_mapping(data, link_types) for need_id, data in needs.items()},
        metamodel=model,
    )


def read_needs_json(path: Path) -> dict[str, dict[str, Any]]:
    """The needs of the current version of a ``needs.json`` file."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    version = data.get("current_version", "")
    versions = data.get("versions", {})
    if version not in versions:
        if len(versions) != 1:
            raise ValueError(f"{path}: no current_version among {sorted(versions)}")
        version = next(iter(versions))
    return versions[version]["needs"]


def load_graph(path: Path, metamodel: Metamodel | None = None) -> RoadmapGraph:
    return build_graph(read_needs_json(path), metamodel)
