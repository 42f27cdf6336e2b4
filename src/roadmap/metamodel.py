"""Read the metamodel (ubproject.toml) that the Sphinx build also reads.

The checks never hard-code a need type, field or link type: they ask this
module, so the model the site uses and the model the checks apply are one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEFAULT_TOML = Path(__file__).resolve().parents[2] / "ubproject.toml"

# A risk at or above this score (likelihood x impact) is "high": it needs a
# mitigation due before the work it threatens. risk-management.md states the
# same number, and a test keeps the two equal.
HIGH_RISK_THRESHOLD = 10


@dataclass(frozen=True)
class Metamodel:
    types: dict[str, str]  # need type -> ID prefix
    fields: dict[str, dict]  # field name -> declaration (schema, derive, ...)
    links: dict[str, dict]  # link type -> declaration (target_types, incoming, ...)
    needs_table: dict  # the whole [needs] table, for the unknown-key guard

    def target_types(self, link: str) -> tuple[str, ...]:
        return tuple(self.links.get(link, {}).get("target_types", ()))

    def incoming_name(self, link: str) -> str:
        return self.links.get(link, {}).get("incoming", f"{link} (incoming)")

    def outgoing_name(self, link: str) -> str:
        return self.links.get(link, {}).get("outgoing", link)

    def type_title(self, need_type: str) -> str:
        return self.needs_table.get("types", {}).get(need_type, {}).get("title", need_type)


@cache
def load_metamodel(path: Path = DEFAULT_TOML) -> Metamodel:
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    needs = data.get("needs", {})
    types = {name: spec.get("prefix", "") for name, spec in needs.get("types", {}).items()}
    return Metamodel(
        types=types,
        fields=dict(needs.get("fields", {})),
        links=dict(needs.get("links", {})),
        needs_table=needs,
    )
