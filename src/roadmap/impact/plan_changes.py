"""Plan changes and progress changes: the needs added, removed and changed, with old
and new values, field by field.

A plan change is what an author re-plans (weeks, effort, targets, links, titles,
bodies); a progress change is what a week's report records (status, actual weeks,
remaining work, gate decisions, measurements and other progress needs). They are
listed apart, so that a weekly report does not read as a re-plan. Each need is looked
up by ID once; only the fields the metamodel declares (not the ones sphinx-needs
derives) and the links are compared.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from roadmap.fingerprint import BODY, CONTENT, digest
from roadmap.graph import Need, RoadmapGraph
from roadmap.roles import PROGRESS_TYPES
from roadmap.tracking.baseline import PROGRESS_FIELDS, normal


@dataclass(frozen=True)
class FieldChange:
    name: str
    before: Any
    after: Any


@dataclass(frozen=True)
class NeedChange:
    """One need added, removed or changed, where its head version (or, removed, its
    base version) is written."""

    need_id: str
    type: str
    kind: str  # "added", "removed", "changed"
    fields: tuple[FieldChange, ...] = ()
    file: str = ""
    line: int | None = None
    title: str = ""


@dataclass(frozen=True)
class Changes:
    needs: list[NeedChange] = field(default_factory=list)

    def of(self, kind: str) -> list[NeedChange]:
        return [c for c in self.needs if c.kind == kind]

    @property
    def empty(self) -> bool:
        return not self.needs


def compared_fields(graph: RoadmapGraph) -> list[str]:
    """The fields an author writes: declared, not derived by sphinx-needs."""
    return [name for name, spec in graph.metamodel.fields.items()
            if "derive" not in spec and "derive_by_type" not in spec and name != CONTENT]


def _body(need: Need) -> str:
    return digest(" ".join(str(need.fields.get(CONTENT) or "").split()))


def _value(need: Need, name: str) -> Any:
    if name in need.links:
        return normal(list(need.links[name])) or None
    value = need.fields.get(name)
    return None if value in (None, "", [], ()) else normal(value)


def field_changes(old: Need, new: Need, names: Iterable[str]) -> list[FieldChange]:
    found = [FieldChange("type", old.type, new.type)] if old.type != new.type else []
    if old.title != new.title:
        found.append(FieldChange("title", old.title, new.title))
    for name in names:
        before, after = _value(old, name), _value(new, name)
        if before != after:
            found.append(FieldChange(name, before, after))
    if _body(old) != _body(new):
        found.append(FieldChange(BODY, None, None))
    return found


def _change(need: Need, kind: str, fields: Iterable[FieldChange] = ()) -> NeedChange:
    return NeedChange(need.id, need.type, kind, tuple(fields), need.file, need.lineno,
                      need.title)


def _split(old: Need, new: Need, names: list[str]) -> tuple[list[FieldChange],
                                                             list[FieldChange]]:
    found = field_changes(old, new, names)
    if new.type in PROGRESS_TYPES:
        return [], found
    return ([c for c in found if c.name not in PROGRESS_FIELDS],
            [c for c in found if c.name in PROGRESS_FIELDS])


def plan_and_progress(base: RoadmapGraph, head: RoadmapGraph) -> tuple[Changes, Changes]:
    """(plan changes, progress changes) from ``base`` to ``head``."""
    names = [*compared_fields(head), *head.metamodel.links]
    plan: list[NeedChange] = []
    progress: list[NeedChange] = []
    for need_id in sorted(base.needs.keys() | head.needs.keys()):
        old, new = base.needs.get(need_id), head.needs.get(need_id)
        if old is None or new is None:
            need = new or old
            assert need is not None
            target = progress if need.type in PROGRESS_TYPES else plan
            target.append(_change(need, "added" if old is None else "removed"))
            continue
        if (old.fields == new.fields and old.links == new.links and old.title == new.title
                and old.type == new.type):
            continue  # the common case, compared in one go
        planned, reported = _split(old, new, names)
        if planned:
            plan.append(_change(new, "changed", planned))
        if reported:
            progress.append(_change(new, "changed", reported))
    return Changes(plan), Changes(progress)
