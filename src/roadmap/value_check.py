"""Every value of a need checked where it is loaded: its type against the field
schemas of ``ubproject.toml``, numbers finite, texts free of unsafe characters.

A needs.json or a baseline is input like any other: ``NaN``, ``Infinity``, an object
or a number where a text belongs (or the reverse) must not reach the rules, the views
and the exports, where it would raise (``int(nan)``) or be written unescaped. The
loader (:func:`roadmap.graph.build_graph`) asks :func:`need_problems` for each need:
a value of the wrong type or not finite is refused on the command line (one located
line, exit 2); in a build a number that is not finite is left out of the graph (where
GUARD-VALUES names it) and a wrong type is SCHEMA-FIELDS' finding; an unsafe
character (:mod:`roadmap.characters`) or an ID outside the metamodel's pattern is a
GUARD-VALUES finding everywhere, and the exports refuse to write it.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from roadmap.characters import character_problem, has_unsafe
from roadmap.ubproject import Metamodel

# "type": the value is not of its field's type (refused on the command line; in a build,
# where sphinx-needs has checked the types, SCHEMA-FIELDS names it); "finite": NaN or
# Infinity (refused on the command line, left out of a build's graph); "content": it can
# be read but must not stand in the plan (a GUARD-VALUES finding, refused by exports).
Kind = Literal["type", "finite", "content"]
# Integers beyond this are no week, count or score of any plan (and a loop over
# ``range(1, 10**12)`` would never end).
LARGEST_INTEGER = 1_000_000
_CORE_TEXTS = ("id", "type", "title", "docname")
_JSON_TYPE = {"integer": "a whole number", "number": "a number", "string": "a text",
              "boolean": "true or false", "array": "a list"}


@dataclass(frozen=True)
class BadValue:
    """A value of a loaded need that cannot be used, and why."""

    need_id: str
    field: str
    message: str  # "is NaN, expected a finite number"
    kind: Kind = "type"

    def __str__(self) -> str:
        return f"{self.field} {self.message}"


def kind_of(value: Any) -> str:
    """What a JSON value is, in words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else "Infinity"
    return {int: "a number", float: "a number", str: "a text", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


def _non_finite(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, list | tuple):
        return any(_non_finite(item) for item in value)
    if isinstance(value, dict):
        return any(_non_finite(item) for item in value.values())
    return False


def _fits(value: Any, json_type: str, schema: Mapping[str, Any]) -> bool:
    if json_type == "integer":
        whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        return whole and not isinstance(value, bool) and abs(value) <= LARGEST_INTEGER
    if json_type == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if json_type == "string":
        return isinstance(value, str)
    if json_type == "boolean":
        return isinstance(value, bool)
    if json_type == "array":
        item_type = str(schema.get("items", {}).get("type", "string"))
        return isinstance(value, list) and all(_fits(v, item_type, {}) for v in value)
    return True


def finite_problem(value: Any) -> str | None:
    """Why a value is not finite (None when it is, or holds no number)."""
    if not _non_finite(value):
        return None
    what = kind_of(value) if isinstance(value, float) else "a value holding NaN or Infinity"
    return f"is {what}, expected a finite number"


def type_problem(value: Any, schema: Mapping[str, Any]) -> str | None:
    """Why a value cannot be read as a field of ``schema`` (None when it can; an unset
    value is the schema rules' to judge)."""
    if value is None or value == "":
        return None
    json_type = str(schema.get("type", ""))
    if json_type and not _fits(value, json_type, schema):
        expected = _JSON_TYPE.get(json_type, json_type)
        if json_type == "integer" and isinstance(value, int | float) and not isinstance(
                value, bool) and float(value).is_integer():
            expected += f" from -{LARGEST_INTEGER} to {LARGEST_INTEGER}"
        return f"is {kind_of(value)} {_shown(value)}, expected {expected} (ubproject.toml)"
    return None


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _core_problems(data: NeedValues, id_pattern: re.Pattern[str] | None
                   ) -> Iterator[tuple[str, str, Kind]]:
    for key in _CORE_TEXTS:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            yield key, f"is {kind_of(value)} {_shown(value)}, expected a text", "type"
    lineno = data.get("lineno")
    if lineno is not None and (isinstance(lineno, bool) or not isinstance(lineno, int)):
        yield "lineno", f"is {kind_of(lineno)} {_shown(lineno)}, expected a line number", "type"
    need_id = data.get("id")
    if isinstance(need_id, str) and id_pattern is not None and not id_pattern.match(need_id):
        yield "id", (f"{need_id!r} does not match the ID pattern of ubproject.toml "
                     f"({id_pattern.pattern})"), "content"


def _plain_core(data: NeedValues, id_pattern: re.Pattern[str] | None) -> bool:
    """Whether the core keys are plainly right (texts, a line number, an ID of the
    pattern), in one expression; False sends them to :func:`_core_problems`."""
    need_id, lineno = data.get("id"), data.get("lineno")
    return (type(need_id) is str and type(data.get("type")) is str
            and type(data.get("title")) is str and type(data.get("docname")) is str
            and (lineno is None or type(lineno) is int)
            and (id_pattern is None or id_pattern.match(need_id) is not None))


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


class NeedValues(Protocol):
    """What the checks read of a need: a needs.json entry, or sphinx-needs' NeedItem
    (read where it is, not copied), which gives keys and values like a mapping."""

    def get(self, key: str, default: Any = None, /) -> Any: ...

    def items(self) -> Iterable[tuple[str, Any]]: ...


def need_problems(data: NeedValues, metamodel: Metamodel) -> list[BadValue]:
    """Every value of one needs.json entry that cannot be used, and why."""
    need_id = str(data.get("id", ""))
    pattern = metamodel.needs_table.get("id_regex")
    id_pattern = _compiled(pattern) if isinstance(pattern, str) else None
    found = [] if _plain_core(data, id_pattern) else [
        BadValue(need_id, key, message, kind)
        for key, message, kind in _core_problems(data, id_pattern)]
    if _plainly_fine(data, _field_types(metamodel.fields)):
        return found
    fields = metamodel.fields
    for key, value in data.items():
        if value is None or value == "":
            continue
        found += _value_problems(need_id, key, value, fields.get(key))
    return found


# What a value of each field is checked against, by the field's name: its schema's JSON
# type ("array" only for a list of texts, "other" for what only the full look judges),
# "" for a field without a type. Read once per metamodel (which is read from
# ubproject.toml and never changed after), not once per value.
_FIELD_TYPES: dict[int, tuple[Mapping[str, Any], dict[str, str]]] = {}


def _field_types(fields: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    held = _FIELD_TYPES.get(id(fields))
    if held is None or held[0] is not fields:  # the same object, not a reused id
        if len(_FIELD_TYPES) >= 8:  # a metamodel read again (the language server)
            _FIELD_TYPES.clear()
        held = _FIELD_TYPES[id(fields)] = (fields, {
            name: _plain_type(spec.get("schema", {})) for name, spec in fields.items()})
    return held[1]


def _plain_type(schema: Mapping[str, Any]) -> str:
    json_type = str(schema.get("type", ""))
    if json_type == "array":
        return "array" if str(schema.get("items", {}).get("type", "string")) == "string" \
            else "other"
    return json_type


# The types (None: the key is no declared field) under which a value of each kind needs
# no look but the one search for an unsafe character of its texts.
_TEXT_TYPES = frozenset({None, "", "string"})
_LIST_TYPES = frozenset({None, "", "array"})
_NUMBER_TYPES = frozenset({None, "", "number"})
_BOOLEAN_TYPES = frozenset({None, "", "boolean"})
_UNTYPED = frozenset({None, ""})


def _plainly_fine(data: NeedValues, types: Mapping[str, str]) -> bool:
    """Whether every value of a need is of its field's type, finite and free of unsafe
    characters, judged in one pass over the values and one search of all its texts
    joined (a need of a generated plan of 10,000 holds a dozen values; the full look at
    each cost half the graph's build). False sends the need to the full look, which
    names every problem; True only when the full look would find none."""
    texts: list[str] = []
    for key, value in data.items():
        kind, json_type = type(value), types.get(key)
        if kind is str:
            fine = json_type in _TEXT_TYPES
            texts.append(value)
        elif kind is list:
            fine = json_type in _LIST_TYPES and all(type(v) is str for v in value)
            texts += value if fine else ()
        else:
            fine = value is None or _plain_other(value, kind, json_type)
        if not fine:
            return False
    return not has_unsafe(texts)


def _plain_other(value: Any, kind: type, json_type: str | None) -> bool:
    if kind is dict:  # sphinx-needs' own (arch, parts, constraints_results): only their
        return json_type in _UNTYPED and not _non_finite(value)  # numbers are looked at
    if kind is int:
        return json_type in _NUMBER_TYPES or (
            json_type == "integer" and -LARGEST_INTEGER <= value <= LARGEST_INTEGER)
    if kind is float:
        return json_type in _NUMBER_TYPES and math.isfinite(value)
    return kind is bool and json_type in _BOOLEAN_TYPES


def _value_problems(need_id: str, key: str, value: Any, spec: Mapping[str, Any] | None
                    ) -> list[BadValue]:
    # A need of a build holds some fifty keys, most of them texts or lists of texts:
    # those take one search for an unsafe character; the rest the full look.
    kind = type(value)
    texts = kind is str or (kind is list and all(type(v) is str for v in value))
    if not texts and (problem := finite_problem(value)) is not None:
        return [BadValue(need_id, key, problem, "finite")]
    if spec is not None and (problem := type_problem(value, spec.get("schema", {}))):
        return [BadValue(need_id, key, problem, "type")]
    if texts and has_unsafe(value) and (chars := character_problem(value)) is not None:
        return [BadValue(need_id, key, chars, "content")]
    if kind is list and not texts and (chars := character_problem(value)) is not None:
        return [BadValue(need_id, key, chars, "content")]
    return []


def without(data: NeedValues, problems: list[BadValue]) -> dict[str, Any]:
    """The entry without its values that are not finite (a build goes on without them,
    GUARD-VALUES names each)."""
    dropped = {p.field for p in problems if p.kind == "finite" and p.field != "id"}
    return {k: v for k, v in data.items() if k not in dropped}
