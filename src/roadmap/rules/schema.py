"""The coverage and required-field rules of schemas.json, applied to a graph.

sphinx-needs enforces schemas.json during the build (that is what fails
``-W``). This module reads the same file and applies the subset of its
vocabulary the project uses (``select`` on constant properties, ``local``
JSON schemas, ``network_back`` with ``minContains``) so that the command line
can check a ``needs.json`` on its own and the report can count passes per
rule. One file defines each rule; nothing is re-declared here. A schema
construct outside that subset is an error, not a silent pass.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

import jsonschema_rs

from roadmap.directive_parser import PageMemo
from roadmap.errors import InputError
from roadmap.findings import Finding, Rule, RuleResult
from roadmap.graph import Need, RoadmapGraph
from roadmap.inputs import ProjectInputs
from roadmap.suite import Check, SuiteInputs, register

_SUPPORTED_VALIDATE_KEYS = {"local", "network_back"}


class SchemasError(InputError):
    """schemas.json cannot be read, or uses what this module cannot apply."""


def rule_id(schema_id: str) -> str:
    return "SCHEMA-" + schema_id.upper()


def load_schemas(path: Path) -> tuple[dict[str, Any], ...]:
    """The schemas of a schemas.json, read now."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as problem:
        raise SchemasError(f"{path}: cannot read the schema rules ({problem.strerror})"
                           ) from None
    path = Path(path).resolve()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SchemasError(f"{path}:{error.lineno}: not valid JSON ({error.msg})") from None
    if not isinstance(data, dict) or not isinstance(data.get("schemas", []), list):
        raise SchemasError(f'{path}: expected an object with a list of "schemas"')
    schemas = tuple(data.get("schemas", ()))
    for index, schema in enumerate(schemas, start=1):
        if not isinstance(schema, dict) or not isinstance(schema.get("id"), str):
            raise SchemasError(f'{path}: schema #{index} is not an object with an "id"')
        unknown = set(schema.get("validate", {})) - _SUPPORTED_VALIDATE_KEYS
        if unknown:
            raise SchemasError(f"{path}: schema {schema['id']!r} uses {sorted(unknown)}, "
                               "which roadmap.rules.schema cannot apply")
    return schemas


def _need_document(need: Need) -> dict[str, Any]:
    """The need as sphinx-needs validates it: unset fields are absent."""
    document: dict[str, Any] = {"id": need.id, "type": need.type, "title": need.title}
    for name, value in need.fields.items():  # a loop: no comprehension's frame per need
        if value is not None and value != "":
            document[name] = value
    for name, targets in need.links.items():  # the links it has (none empty)
        document[name] = list(targets)
    return document


_ABSENT = object()


def _value(need: Need, name: str) -> Any:
    """What the need's document holds under ``name`` (see :func:`_need_document`)."""
    if name in ("id", "type", "title"):
        return getattr(need, name)
    targets = need.links.get(name)
    if targets:
        return list(targets)
    value = need.fields.get(name, _ABSENT)
    return _ABSENT if value is None or value == "" else value


def _same_json(value: Any, const: Any) -> bool:
    """JSON equality, as ``const`` compares: ``true`` is not ``1``."""
    if isinstance(value, bool) or isinstance(const, bool):
        return value is const
    return bool(value == const)


def _consts(schema: Mapping[str, Any]) -> dict[str, Any] | None:
    """The constants of a schema that only says ``properties: {name: {const: value}}``
    (what ``select`` and a back link's ``contains`` say in schemas.json), else None."""
    properties = schema.get("properties")
    if set(schema) != {"properties"} or not isinstance(properties, Mapping):
        return None
    consts = {}
    for name, spec in properties.items():
        if not isinstance(spec, Mapping) or set(spec) != {"const"} \
                or not isinstance(spec["const"], str | bool | int | float):
            return None
        consts[name] = spec["const"]
    return consts


class Documents:
    """The needs as jsonschema_rs reads them, each made the first time it is asked for
    (a need that a compiled test passes is never converted); with a memo, made once
    per need object over many runs (the language server makes a need again only when
    its page changes)."""

    def __init__(self, memo: PageMemo | None = None) -> None:
        self._memo = memo
        self._made: dict[str, dict[str, Any]] = {}

    def of(self, need: Need) -> dict[str, Any]:
        document = self._made.get(need.id)
        if document is None:
            document = self._made[need.id] = (
                _need_document(need) if self._memo is None
                else self._memo.of_need("schema document", need.id, need,
                                        partial(_need_document, need)))
        return document


def _need_test(schema: Mapping[str, Any] | None, docs: Documents
               ) -> Callable[[Need], bool] | None:
    """A test of a need against ``schema``: plain comparisons for a schema of constants
    (a property that is absent passes, as in JSON Schema), jsonschema_rs for any other;
    None for no schema."""
    if not schema:
        return None
    consts = _consts(schema)
    if consts is None:
        is_valid = jsonschema_rs.validator_for(dict(schema)).is_valid
        return lambda need: bool(is_valid(docs.of(need)))
    items = tuple(consts.items())

    def matches(need: Need) -> bool:
        for name, const in items:
            value = _value(need, name)
            if value is not _ABSENT and not _same_json(value, const):
                return False
        return True

    return matches


def _candidates(graph: RoadmapGraph, schema: Mapping[str, Any]
                ) -> tuple[Iterable[Need], Mapping[str, Any] | None]:
    """The needs a schema's ``select`` can match, and what else ``select`` asks of them:
    the needs of its type when it names one (every schema of the metamodel does), so a
    schema is not tried on every need, and the type is not tested again."""
    select = schema.get("select") or {}
    wanted = select.get("properties", {}).get("type", {})
    if isinstance(wanted, Mapping) and set(wanted) == {"const"} \
            and isinstance(wanted["const"], str) and set(select) == {"properties"}:
        rest = {k: v for k, v in select["properties"].items() if k != "type"}
        return graph.of_type(wanted["const"]), {"properties": rest} if rest else None
    return graph.needs.values(), select or None


def apply_schema(graph: RoadmapGraph, schema: Mapping[str, Any],
                 documents: Documents | None = None) -> RuleResult:
    """Apply one schema to every need it selects; ``documents`` may be shared
    between schemas so each need is converted once, if at all."""
    docs = documents if documents is not None else Documents()
    rule = schema_rule(schema)
    result = RuleResult(rule)
    candidates, select = _candidates(graph, schema)
    selected = _need_test(select, docs)
    validate = schema.get("validate", {})
    local = jsonschema_rs.validator_for(validate["local"]) if "local" in validate else None
    back_checks = [
        (link, spec.get("minContains", 1), _need_test(spec.get("contains", {}).get("local"),
                                                      docs))
        for link, spec in validate.get("network_back", {}).items()
    ]
    needs = list(candidates) if selected is None else [n for n in candidates if selected(n)]
    result.checked_ids.extend(need.id for need in needs)
    all_pass = local is None or _all_pass(validate["local"], needs, docs)
    if all_pass and not back_checks:
        return result
    for need in needs:
        if not all_pass and local is not None \
                and not local.is_valid(docs.of(need)):  # the messages only then
            for error in local.iter_errors(docs.of(need)):
                result.findings.append(Finding.at(rule.id, need, _describe(error)))
        for link, minimum, source_ok in back_checks:
            sources = graph.incoming.get(link, {}).get(need.id, ())
            count = _count_up_to(minimum, (graph.needs[s] for s in sources), source_ok)
            if count < minimum:
                result.findings.append(Finding.at(
                    rule.id, need, f"has {count} incoming '{graph.metamodel.incoming_name(link)}' "
                    f"link(s), needs at least {minimum} ({rule.title})"))
    return result


def _all_pass(local: Mapping[str, Any], needs: list[Need], docs: Documents) -> bool:
    """Whether every need passes ``local``, asked of jsonschema_rs once for the list of
    their documents (an array whose items must each pass), not once per need: a
    schema of schemas.json is applied to thousands of needs. False also when the
    schema refers to a place in itself (``$ref``, which the array would move) or
    names its draft: the needs are then validated one by one."""
    if not isinstance(local, Mapping) or '"$' in json.dumps(local):
        return False
    return bool(jsonschema_rs.validator_for({"type": "array", "items": dict(local)}).is_valid(
        [docs.of(need) for need in needs]))


def _count_up_to(minimum: int, sources: Iterable[Need],
                 source_ok: Callable[[Need], bool] | None) -> int:
    """How many of ``sources`` pass ``source_ok``, counted up to ``minimum`` (the rule
    only asks whether there are that many)."""
    count = 0
    for source in sources:
        if source_ok is None or source_ok(source):
            count += 1
            if count >= minimum:
                break
    return count


def _describe(error: jsonschema_rs.ValidationError) -> str:
    path = ".".join(str(p) for p in error.instance_path)
    return f"{path}: {error.message}" if path else error.message


FIELD_SCHEMA_ID = "fields"
FIELD_SCHEMA_MESSAGE = "field values match their schema in ubproject.toml"


def field_schema(fields: Mapping[str, Mapping[str, Any]]) -> dict[str, Any] | None:
    """The field schemas of ubproject.toml as one rule: sphinx-needs enforces them too,
    but reports a violation without file and line."""
    properties = {name: spec["schema"] for name, spec in fields.items() if "schema" in spec}
    if not properties:
        return None
    return {"id": FIELD_SCHEMA_ID, "message": FIELD_SCHEMA_MESSAGE,
            "validate": {"local": {"properties": properties}}}


def all_schemas(project: ProjectInputs) -> list[dict[str, Any]]:
    """The rules of schemas.json, then the field schemas of ubproject.toml as one rule."""
    listed = load_schemas(project.schemas_path) if project.schemas_path else ()
    return [*listed, *filter(None, [field_schema(project.metamodel.fields)])]


def schema_rule(schema: Mapping[str, Any]) -> Rule:
    message = str(schema.get("message", schema["id"]))
    return Rule(rule_id(schema["id"]), message, message, "schema")


def check_all_schemas(graph: RoadmapGraph, schemas: list[dict[str, Any]],
                      memo: PageMemo | None = None) -> list[RuleResult]:
    documents = Documents(memo)
    return [apply_schema(graph, schema, documents) for schema in schemas]


def _rules(project: ProjectInputs) -> tuple[Rule, ...]:
    return tuple(schema_rule(s) for s in all_schemas(project))


def _run(inputs: SuiteInputs) -> list[RuleResult]:
    return check_all_schemas(inputs.graph, all_schemas(inputs.project), inputs.page_memo)


register(Check("graph", _rules, _run, module=__name__))
