"""The needs graph, built once and shared by every rule and view.

It is built from plain mappings (``needs.json``'s ``needs`` table, or the needs of a
running Sphinx build), so the same functions serve the Sphinx extension, the command
line and the tests. Incoming links are computed here from the outgoing ones instead
of trusting ``*_back`` fields, so a hand-made or generated ``needs.json`` is read the
same way.
"""

from __future__ import annotations

import functools
import gc
import json
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeGuard

from roadmap.errors import InputError
from roadmap.roles import BEARING_LINKS, FIELDS, LINKS, TYPES
from roadmap.ubproject import Metamodel
from roadmap.value_check import BadValue, NeedValues, need_problems, without


class NeedsJsonError(InputError):
    """A needs.json that cannot be read as needs: the message names the place."""


class BadValuesError(NeedsJsonError):
    """Values of a needs.json that cannot be read as their fields."""

    def __init__(self, where: str, problems: list[BadValue]) -> None:
        self.where, self.problems = where, problems
        first = problems[0]
        more = f" (and {len(problems) - 1} more such values)" if len(problems) > 1 else ""
        super().__init__(f"{where}: [GUARD-VALUES] {first.need_id}: {first}{more}")


@dataclass(frozen=True)
class Need:
    id: str
    type: str
    title: str
    docname: str
    lineno: int | None
    fields: Mapping[str, Any]
    links: Mapping[str, tuple[str, ...]]  # the links it has, by type (none empty)
    source_suffix: str = ".md"

    @property
    def file(self) -> str:
        return f"{self.docname}{self.source_suffix}" if self.docname else ""

    # The rules ask these of every need many times over: exact type tests first (a
    # bool is no number), the general ones only for what JSON does not give.
    def get(self, name: str, default: Any = None) -> Any:
        value = self.fields.get(name)
        return default if value is None or value == "" else value

    def week(self, name: str) -> int | None:
        value = self.fields.get(name)
        kind = type(value)
        if kind is int:
            return value
        if kind is float or (kind is not bool and isinstance(value, int | float)):
            return int(value)  # type: ignore[arg-type]
        return None

    def number(self, name: str) -> float | None:
        value = self.fields.get(name)
        kind = type(value)
        if kind is float:
            return value
        if kind is int or (kind is not bool and isinstance(value, int | float)):
            return float(value)  # type: ignore[arg-type]
        return None

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
    # values left out or not to be trusted, named by GUARD-VALUES
    bad_values: tuple[BadValue, ...] = ()
    by_type: dict[str, list[Need]] = field(default_factory=dict)
    incoming: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # rules ask for the same windows many times over; a need's fields do not change
    _windows: dict[str, Window | None] = field(default_factory=dict, repr=False,
                                               compare=False)
    # values derived from all the needs that several readers ask for (the forecast as of
    # a week: the health rules, the status views and the review engine), computed once
    derived: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

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


def _link_targets(value: Any, where: str, name: str, need_id: str) -> tuple[str, ...]:
    if type(value) is list:
        try:  # the common case, without formatting a message: a list of texts, which
            "".join(value)  # join reads in C (a TypeError for any other item)
        except TypeError:
            pass
        else:
            return tuple(value)
    return _as_tuple(value, f'{where} ({need_id}): link "{name}"')


class NeedData(Protocol):
    """A need as needs.json or a running build holds it: sphinx-needs' ``NeedItem``
    gives its keys and values like a mapping without being one."""

    def items(self) -> Iterable[tuple[str, Any]]: ...


def need_from_mapping(data: NeedData, link_types: Iterable[str],
                      where: str = "need") -> Need:
    """A need from one entry of needs.json (or a need of a running build, read where it
    is, not copied first); raises NeedsJsonError naming ``where``. One pass over its
    keys: the links it has (an absent or empty link is left out: ``targets_of`` and
    ``links.get`` give ``()`` for it), the core keys, and the rest as its fields."""
    if type(data) is not dict and not callable(getattr(data, "items", None)):
        raise NeedsJsonError(f"{where} is {type(data).__name__}, expected an object")
    link_set = link_types if isinstance(link_types, frozenset) else frozenset(link_types)
    if type(data) is dict:  # needs.json: three comprehensions, not a loop (10,000 needs)
        not_fields = _not_fields(link_set)
        fields = {key: value for key, value in data.items() if key not in not_fields}
        raw_links = {key: value for key, value in data.items() if value and key in link_set}
        core = {key: data[key] for key in _CORE_KEYS if key in data and key not in link_set}
    else:
        fields, raw_links, core = _split_keys(data, link_set)
    need_id = core.get("id")
    if not isinstance(need_id, str) or not need_id:
        raise NeedsJsonError(f'{where} has no "id"')
    lineno, docname = core.get("lineno"), core.get("docname") or ""
    return _new_need(
        id=need_id,
        type=str(core.get("type", "")),
        title=str(core.get("title", "")),
        docname=str(docname),
        lineno=lineno if isinstance(lineno, int) and not isinstance(lineno, bool) else None,
        fields=fields,
        links={name: _link_targets(value, where, name, need_id)
               for name, value in raw_links.items()},
        source_suffix=_suffix(docname, fields.get("doctype")),
    )


def _new_need(**values: Any) -> Need:
    """``Need(**values)`` given every field, without the frozen dataclass's __init__,
    which sets each field through object.__setattr__ (a third of making a need of
    needs.json, 10,000 times in a check); a test holds the two equal."""
    need: Need = object.__new__(Need)
    need.__dict__.update(values)
    return need


@functools.lru_cache(maxsize=8)
def _not_fields(link_set: frozenset[str]) -> frozenset[str]:
    return link_set | _CORE_KEYS


def _split_keys(data: NeedData, link_set: frozenset[str]
                ) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A need's fields, its links that are set, and its core keys, in one pass over a
    need that reads like a mapping without being one (a running build's)."""
    fields: dict[str, Any] = {}
    raw_links: dict[str, Any] = {}
    core: dict[str, Any] = {}
    for key, value in data.items():
        if key in link_set:
            if value:
                raw_links[key] = value
        elif key in _CORE_KEYS:
            core[key] = value
        else:
            fields[key] = value
    return fields, raw_links, core


def _suffix(docname: Any, path: Any) -> str:
    return path if isinstance(path, str) and path.startswith(".") and docname else ".md"


def _readable(data: object) -> TypeGuard[NeedValues]:
    return callable(getattr(data, "get", None)) and callable(getattr(data, "items", None))


# a need's values checked: value_check.need_problems, or what it found before
ValueCheck = Callable[[NeedValues, Metamodel], list[BadValue]]


def build_graph(needs: Mapping[str, NeedData], metamodel: Metamodel,
                where: str = "needs", origin: str = "", strict: bool = False,
                check: ValueCheck = need_problems) -> RoadmapGraph:
    """The graph of needs.json entries (or of a running build's needs, read where they
    are), each value checked (:mod:`roadmap.value_check`): with ``strict`` a value of
    the wrong type or not finite raises BadValuesError; else a number that is not
    finite is left out, and it and every value holding an unsafe character are kept in
    ``bad_values`` for GUARD-VALUES to name. ``check`` gives a need's problems (a build
    whose needs are those of the last one passes what the last one found: the checks
    are two thirds of the graph's making)."""
    link_types = frozenset(metamodel.links)  # once, not once per need
    built: dict[str, Need] = {}
    bad: list[BadValue] = []
    for index, (key, data) in enumerate(needs.items(), start=1):
        place = f"{where}: need #{index} ({key!r})"
        # sphinx-needs' NeedItem is no Mapping but reads like one (get, items)
        if _readable(data) and (problems := check(data, metamodel)):
            bad += problems
            data = without(data, problems)
        need = need_from_mapping(data, link_types, place)
        built[need.id] = need
    if strict and (unreadable := [b for b in bad if b.kind != "content"]):
        raise BadValuesError(where, unreadable)
    named = tuple(b for b in bad if b.kind != "type")  # a wrong type is SCHEMA-FIELDS'
    return RoadmapGraph(needs=built, metamodel=metamodel, origin=origin, bad_values=named)


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
    """The graph of a needs.json file; a value that cannot be read raises
    NeedsJsonError naming its line in the file."""
    needs = read_needs_json(path)
    try:
        with collector_paused():
            return build_graph(needs, metamodel, str(path), origin=str(path), strict=True)
    except BadValuesError as error:
        raise located(error, Path(path)) from None


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while the body builds data without
    cycles (a graph: needs, their fields and links, windows; the rules' results): each
    of its passes walks every object alive, and the graph of 10,000 needs makes some
    hundreds of thousands, so the collector took about a sixth of a check. Whatever
    the body leaves in a cycle is collected as usual once it resumes."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def located(error: BadValuesError, path: Path) -> NeedsJsonError:
    """The error with the line of its first value in the file (``file:line:``)."""
    first = error.problems[0]
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return error
    at = text.find(json.dumps(first.need_id) + ":")
    field_at = text.find(json.dumps(first.field) + ":", max(at, 0)) if at >= 0 else -1
    line = text.count("\n", 0, field_at if field_at >= 0 else max(at, 0)) + 1
    return NeedsJsonError(str(error).replace(f"{error.where}:", f"{path}:{line}:", 1))
