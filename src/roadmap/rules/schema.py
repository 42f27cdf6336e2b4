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
    document.update({k: v for k, v in need.fields.items() if v is not None and v != ""})
    document.update({k: list(v) for k, v in need.links.items() if v})
    return document


def _selector(schema: Mapping[str, Any]) -> Callable[[dict[str, Any]], bool]:
    select = schema.get("select")
    if not select:
        return lambda _doc: True
    validator = jsonschema_rs.validator_for(select)
    return validator.is_valid


def _candidates(graph: RoadmapGraph, schema: Mapping[str, Any]) -> Iterable[Need]:
    """The needs a schema's ``select`` can match: those of its type when it names one
    (every schema of the metamodel does), so a schema is not tried on every need."""
    wanted = schema.get("select", {}).get("properties", {}).get("type", {})
    if isinstance(wanted, Mapping) and isinstance(wanted.get("const"), str):
        return graph.of_type(wanted["const"])
    return graph.needs.values()


def _compile(schema: Mapping[str, Any] | None) -> Callable[[dict[str, Any]], bool] | None:
    return jsonschema_rs.validator_for(dict(schema)).is_valid if schema else None


def apply_schema(graph: RoadmapGraph, schema: Mapping[str, Any],
                 documents: Mapping[str, dict[str, Any]] | None = None) -> RuleResult:
    """Apply one schema to every need it selects; ``documents`` may be shared
    between schemas so each need is converted once."""
    docs = documents if documents is not None else need_documents(graph)
    rule = schema_rule(schema)
    result = RuleResult(rule)
    selected = _selector(schema)
    validate = schema.get("validate", {})
    local = jsonschema_rs.validator_for(validate["local"]) if "local" in validate else None
    back_checks = [
        (link, spec.get("minContains", 1), _compile(spec.get("contains", {}).get("local")))
        for link, spec in validate.get("network_back", {}).items()
    ]
    for need in _candidates(graph, schema):
        document = docs[need.id]
        if not selected(document):
            continue
        result.checked_ids.append(need.id)
        if local is not None:
            for error in local.iter_errors(document):
                result.findings.append(Finding.at(rule.id, need, _describe(error)))
        for link, minimum, source_ok in back_checks:
            sources = graph.incoming.get(link, {}).get(need.id, ())
            count = sum(1 for s in sources if source_ok is None or source_ok(docs[s]))
            if count < minimum:
                result.findings.append(Finding.at(
                    rule.id, need, f"has {count} incoming '{graph.metamodel.incoming_name(link)}' "
                    f"link(s), needs at least {minimum} ({rule.title})"))
    return result


def need_documents(graph: RoadmapGraph, memo: PageMemo | None = None
                   ) -> dict[str, dict[str, Any]]:
    """Each need as the schemas see it; with a memo, made once per need object."""
    if memo is None:
        return {need_id: _need_document(need) for need_id, need in graph.needs.items()}
    return {need_id: memo.of_need("schema document", need_id, need,
                                  partial(_need_document, need))
            for need_id, need in graph.needs.items()}


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
    documents = need_documents(graph, memo)
    return [apply_schema(graph, schema, documents) for schema in schemas]


def _rules(project: ProjectInputs) -> tuple[Rule, ...]:
    return tuple(schema_rule(s) for s in all_schemas(project))


def _run(inputs: SuiteInputs) -> list[RuleResult]:
    return check_all_schemas(inputs.graph, all_schemas(inputs.project), inputs.page_memo)


register(Check("graph", _rules, _run, module=__name__))
