"""Read the metamodel (ubproject.toml) that the Sphinx build also reads.

The checks never spell a need type, field or link type of their own: they name the
roles of :mod:`roadmap.roles` and ask this module what the model declares, so the
model the site uses and the model the checks apply are one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roadmap.errors import InputError


class MetamodelError(InputError):
    """ubproject.toml cannot be read, or lacks what the roadmap package relies on."""


@dataclass(frozen=True)
class Metamodel:
    path: Path
    text: str  # the file's text, for the line numbers of the key guard
    types: dict[str, str]  # need type -> ID prefix
    fields: dict[str, dict[str, Any]]  # field name -> declaration (schema, derive, ...)
    links: dict[str, dict[str, Any]]  # link type -> declaration (target_types, incoming, ...)
    needs_table: dict[str, Any]  # the whole [needs] table, for the unknown-key guard

    def target_types(self, link: str) -> tuple[str, ...]:
        return tuple(self.links.get(link, {}).get("target_types", ()))

    def incoming_name(self, link: str) -> str:
        return str(self.links.get(link, {}).get("incoming", f"{link} (incoming)"))

    def outgoing_name(self, link: str) -> str:
        return str(self.links.get(link, {}).get("outgoing", link))

    def type_title(self, need_type: str) -> str:
        return str(self.needs_table.get("types", {}).get(need_type, {}).get("title", need_type))

    def type_color(self, need_type: str, default: str = "#eeeeee") -> str:
        return str(self.needs_table.get("types", {}).get(need_type, {}).get("color", default))

    def enum(self, field: str) -> tuple[str, ...]:
        """The values a field's schema allows (empty when it names none)."""
        return tuple(self.fields.get(field, {}).get("schema", {}).get("enum", ()))

    @property
    def option_names(self) -> frozenset[str]:
        """Every field and link type: the options a need directive may carry."""
        return frozenset([*self.fields, *self.links])


def load_metamodel(path: Path) -> Metamodel:
    """The metamodel of a ubproject.toml, read now (whoever holds the project's inputs
    keeps it: :class:`roadmap.inputs.ProjectInputs`, one per build or command)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as problem:
        raise MetamodelError(f"{path}: cannot read the metamodel ({problem.strerror})") from None
    path = Path(path).resolve()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise MetamodelError(f"{path}: {error}") from None
    needs = data.get("needs", {})
    types = {name: str(spec.get("prefix", "")) for name, spec in needs.get("types", {}).items()}
    return Metamodel(path=path, text=text, types=types, fields=dict(needs.get("fields", {})),
                     links=dict(needs.get("links", {})), needs_table=needs)
