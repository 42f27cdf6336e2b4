"""A need directive as the need sphinx-needs makes of it, without a Sphinx run.

The language server builds the needs graph from the pages as they are being typed, so
it must give each need what the build gives it in ``needs.json``: the options converted
to the types of their field schemas in ``ubproject.toml``, the link options split into
IDs, ``tags`` and ``status``, the body as ``content``, the enclosing sections, the
incoming (``<link>_back``) links and the derived counts. And it must refuse what
sphinx-needs refuses, with sphinx-needs' own message: an ID the ``id_regex`` does not
match, a missing ID, a value its field's type cannot hold, an ID declared twice. A need
marked ``:delete:`` is not made, without a word, as in the build.

What is left out: dynamic functions (``[[...]]``) and variants (``<<...>>``), which
the roadmap does not use, and sphinx-needs' internal bookkeeping fields (``arch``,
``parts``, ``is_external``, ...), which no rule reads.
"""

from __future__ import annotations

import re
from collections.abc import Container, Mapping
from dataclasses import dataclass
from typing import Any

from roadmap.directive_parser import SourceNeed
from roadmap.graph import Need
from roadmap.ubproject import Metamodel

# the incoming links of a need nothing links to (shared: nothing changes a need's fields)
_NO_LINKS: list[str] = []
# sphinx-needs splits a list option at any of these (``_split_list``)
_LIST_SEPARATORS = re.compile(r"[,;|]")
_TRUE = frozenset({"", "true", "yes", "y", "on", "1"})
_FALSE = frozenset({"false", "no", "n", "off", "0"})
# Options of the need directive that are no field of the metamodel (NeedDirective.run).
_SWITCHES = frozenset({"delete", "title_from_content", "jinja_content"})
_TEXT_OPTIONS = ("style", "layout", "template", "pre_template", "post_template")
# What sphinx-needs gives every need of a page besides its options, the same for each
# (needs.json holds them; a table's filter or column may name them). Shared, never
# changed: nothing reads a need's fields to change them.
_BOOKKEEPING: Mapping[str, Any] = {
    "arch": {}, "completion": None, "constraints": [], "constraints_error": None,
    "constraints_passed": True, "constraints_results": {}, "duration": None,
    "external_css": "external_link", "external_url": None, "is_external": False,
    "is_import": False, "is_modified": False, "jinja_content": False, "links": [],
    "links_back": [], "modifications": 0, "parent_need": None, "parent_needs": [],
    "parent_needs_back": [], "parts": {}, "post_content": None, "pre_content": None,
    "signature": None}


@dataclass(frozen=True)
class Refusal:
    """A need directive sphinx-needs makes no need of, with its warning."""

    source: SourceNeed
    subtype: str  # the warning's subtype: needs.<subtype>
    message: str  # sphinx-needs' message, as the build prints it


def split_items(value: str) -> list[str]:
    """A list option as sphinx-needs splits it: at commas, semicolons or bars."""
    return [item.strip() for item in _LIST_SEPARATORS.split(value) if item.strip()]


def convert(value: str, kind: str) -> Any:
    """One option value as a value of a field schema's type; ValueError with
    sphinx-needs' own words when it cannot be one (``_from_string_item``)."""
    if kind == "boolean":
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise ValueError(f"Cannot convert {value!r} to boolean")
    if kind in ("integer", "number"):
        if value == "":
            return 0 if kind == "integer" else 0.0
        try:
            return int(value) if kind == "integer" else float(value)
        except ValueError:
            word = "integer" if kind == "integer" else "float"
            raise ValueError(f"Cannot convert {value!r} to {word}") from None
    return value


def field_value(value: str, schema: Mapping[str, Any]) -> Any:
    """An option's value typed as its field's schema says (an array item by item)."""
    kind = str(schema.get("type", "string"))
    if kind == "array":
        item_kind = str(schema.get("items", {}).get("type", "string"))
        return [convert(item, item_kind) for item in split_items(value)]
    return convert(value, kind)


@dataclass(frozen=True)
class RecordMaker:
    """What turning directives into needs reads from the metamodel, worked out once."""

    model: Metamodel
    id_pattern: re.Pattern[str] | None
    id_required: bool
    authored: tuple[str, ...]  # the fields an author writes, in declaration order
    derived: Mapping[str, Mapping[str, Any]]  # derived field -> need type -> its rule

    @classmethod
    def of(cls, model: Metamodel) -> RecordMaker:
        table = model.needs_table
        pattern = table.get("id_regex")
        derived = {name: _derive_rules(spec) for name, spec in model.fields.items()
                   if "derive" in spec or "derive_by_type" in spec}
        return cls(model, re.compile(pattern) if pattern else None,
                   bool(table.get("id_required", False)),
                   tuple(name for name in model.fields if name not in derived), derived)

    def record(self, need: SourceNeed, docname: str, sections: list[str]
               ) -> dict[str, Any] | Refusal | None:
        """The need's entry as needs.json holds it (before incoming links and derived
        counts, which need every page), its refusal, or None when it is deleted."""
        options = need.options
        try:
            if convert(options.get("delete", "false"), "boolean"):
                return None
        except ValueError:
            pass  # sphinx-needs warns (needs.directive) and makes no need: not modelled
        problem = self._id_problem(need)
        if problem:
            return Refusal(need, "create_need", f"Need could not be created: {problem}")
        try:
            values = self._fields(options)
        except _FieldError as error:
            return Refusal(need, "create_need", f"Need could not be created: {error}")
        # sphinx-needs keeps each link once, sorted (as its needs view and needs.json hold them)
        links = {link: sorted(set(split_items(options[link]) if link in options
                                  else _default_links(spec)))
                 for link, spec in self.model.links.items()}
        return {**_BOOKKEEPING, "id": need.need_id, "type": need.need_type, "title": need.title,
                "docname": docname, "lineno": need.line, "doctype": _suffix(need.file),
                "content": need.body, "tags": split_items(options.get("tags", "")),
                "type_name": self.model.type_title(need.need_type),
                "section_name": sections[0] if sections else "", "sections": sections,
                **{name: options.get(name) or None for name in _TEXT_OPTIONS},
                **values, **links}

    def _id_problem(self, need: SourceNeed) -> str | None:
        if need.need_id is None:
            return ("No ID defined, but 'needs_id_required' is set to True."
                    if self.id_required else None)
        if self.id_pattern is not None and not self.id_pattern.match(need.need_id):
            return (f"Given ID {need.need_id!r} does not match configured regex "
                    f"{self.id_pattern.pattern!r}")
        return None

    def _fields(self, options: Mapping[str, str]) -> dict[str, Any]:
        values: dict[str, Any] = {"status": None}
        for name in self.authored:
            spec = self.model.fields[name]
            if name not in options:
                values[name] = spec.get("default")
                continue
            try:
                values[name] = field_value(options[name], spec.get("schema", {}))
            except ValueError as error:
                raise _FieldError(f"Field {name!r} is invalid: {error}") from None
        if "status" in options and "status" not in self.model.fields:
            values["status"] = options["status"]
        return values

    def backs(self, incoming: Mapping[str, Mapping[str, list[str]]]
              ) -> dict[str, dict[str, list[str]]]:
        """Need ID -> ``<link>_back`` -> the IDs of the needs linking to it, sorted, from
        the graph's incoming links (link -> target -> sources)."""
        found: dict[str, dict[str, list[str]]] = {}
        for link, targets in incoming.items():
            back = f"{link}_back"
            for target, sources in targets.items():
                found.setdefault(target, {})[back] = sorted(sources)
        return found

    def extras(self, need: Need, backs: Mapping[str, list[str]], known: Container[str]
               ) -> dict[str, Any]:
        """What a need holds in needs.json besides its own options: its incoming links,
        derived counts and dead-link flags (``known``: the IDs of every need)."""
        done: dict[str, Any] = {f"{link}_back": backs.get(f"{link}_back", _NO_LINKS)
                                for link in self.model.links}
        dead = any(target not in known for targets in need.links.values()
                   for target in targets)
        done["has_dead_links"] = done["has_forbidden_dead_links"] = dead
        for name, by_type in self.derived.items():
            rule = by_type.get(need.type) or by_type.get("*")
            if rule is None or rule.get("kind") != "count":
                done[name] = None  # the only kind of derived field the metamodel uses
                continue
            over = str(rule.get("over"))
            done[name] = len(done.get(over) or need.links.get(over) or ())
        return done


class _FieldError(ValueError):
    """An option value its field cannot hold (the need is not made)."""


def _default_links(spec: Mapping[str, Any]) -> list[str]:
    default = spec.get("default") or []
    return split_items(default) if isinstance(default, str) else [str(d) for d in default]


def _suffix(file: str) -> str:
    dot = file.rfind(".")
    return file[dot:] if dot > file.rfind("/") else ""


def _derive_rules(spec: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Need type (``*`` for every type) -> the derivation rule of a derived field."""
    rules: dict[str, Mapping[str, Any]] = dict(spec.get("derive_by_type", {}))
    if "derive" in spec:
        rules["*"] = spec["derive"]
    return rules
