"""Fault fixtures for the rules of schemas.json, written from the schemas themselves.

The SCHEMA-* rules are generated from schemas.json, one per schema; so are their
fixtures. For each schema no fixture of ``tests/faults/`` breaks yet, this writes
``tests/faults/schema-<schema id>.yaml``: a command-line fault (no build) on the built
needs.json that breaks the schema on one need of the docs tree, with the message it
must give there::

    .venv/bin/python tests/schema_faults.py          # write the missing fixtures
    .venv/bin/python tests/schema_faults.py --check  # list them, write nothing

Three kinds of schema are understood, the kinds the project writes: an ID prefix (a
need of another type recorded as this type), required fields (a need without the first
of them) and the allowed status values (a status of another type). A schema of another
kind gets no fixture here: ``test_fault_injection`` then names its rule as one without
a fixture, to be written by hand.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from roadmap.directive_parser import SourceNeed, need_directives
from roadmap.inputs import ProjectInputs, from_conf
from roadmap.roles import FIELDS
from roadmap.rules.schema import load_schemas, rule_id

ROOT = Path(__file__).resolve().parents[1]
FAULTS_DIR = Path(__file__).resolve().parent / "faults"
PREFIX = "schema-"  # the generated fixtures' names: schema-<schema id>


def declared_needs(project: ProjectInputs) -> dict[str, list[SourceNeed]]:
    """The need directives of the tree by type, each type's sorted by ID."""
    found: dict[str, list[SourceNeed]] = {t: [] for t in project.metamodel.types}
    for page, text in project.read_sources().items():
        for need in need_directives(text, project.metamodel.types, page):
            if need.need_id:
                found[need.need_type].append(need)
    return {t: sorted(needs, key=lambda n: str(n.need_id)) for t, needs in found.items()}


def selected_type(schema: Mapping[str, Any]) -> str | None:
    const = schema.get("select", {}).get("properties", {}).get("type", {}).get("const")
    return const if isinstance(const, str) else None


def _another(needs: dict[str, list[SourceNeed]], need_type: str) -> SourceNeed:
    """The first need (by ID) of the first other type that has needs."""
    return next(found[0] for other, found in needs.items() if other != need_type and found)


def _prefix_fault(schema: Mapping[str, Any], need_type: str, pattern: str,
                  needs: dict[str, list[SourceNeed]]) -> dict[str, Any]:
    need = _another(needs, need_type)
    return {
        "description": f"{need.need_id}, a {need.need_type}, is recorded as a {need_type} "
                       f"(as if its directive named the wrong type): its ID does not match "
                       f"{pattern!r}.",
        "needs_json": {"set": {need.need_id: {"type": need_type}}},
        "need": need.need_id,
        "message": f'id: "{re.escape(str(need.need_id))}" does not match '
                   f'"{re.escape(pattern)}"',
    }


def _required_fault(schema: Mapping[str, Any], need_type: str, required: list[str],
                    needs: dict[str, list[SourceNeed]], project: ProjectInputs
                    ) -> dict[str, Any]:
    links = project.metamodel.links
    for field in required:
        holder = next((n for n in needs[need_type] if field in n.options), None)
        if holder is not None:
            emptied = [] if field in links else None
            return {
                "description": f"{holder.need_id} loses its {field}, which schemas.json "
                               f"requires of every {need_type}.",
                "needs_json": {"set": {holder.need_id: {field: emptied}}},
                "need": holder.need_id,
                "message": f"[\"']{field}[\"'] is a required property",
            }
    # no need of the type states the field (no need of the type yet): another need is
    # recorded as one, without the fields the type requires
    need = _another(needs, need_type)
    missing = next(f for f in required if f not in need.options)
    return {
        "description": f"{need.need_id}, a {need.need_type}, is recorded as a {need_type}, "
                       f"without the {missing} schemas.json requires of every {need_type}.",
        "needs_json": {"set": {need.need_id: {"type": need_type}}},
        "need": need.need_id,
        "message": f"[\"']{missing}[\"'] is a required property",
    }


def _status_fault(schema: Mapping[str, Any], need_type: str, allowed: list[str],
                  needs: dict[str, list[SourceNeed]], project: ProjectInputs
                  ) -> dict[str, Any]:
    need = needs[need_type][0]
    value = next(v for v in project.metamodel.enum(FIELDS.status) if v not in allowed)
    return {
        "description": f"{need.need_id} is given the status {value!r}, one the status field "
                       f"allows other types but schemas.json does not allow a {need_type}.",
        "needs_json": {"set": {need.need_id: {FIELDS.status: value}}},
        "need": need.need_id,
        "message": f'status: "{value}" is not one of',
    }


def fixture(schema: Mapping[str, Any], needs: dict[str, list[SourceNeed]],
            project: ProjectInputs) -> dict[str, Any] | None:
    """The fault that breaks ``schema``, or None for a schema of another kind."""
    need_type = selected_type(schema)
    local = schema.get("validate", {}).get("local", {})
    properties = local.get("properties", {})
    if need_type is None or "network_back" in schema.get("validate", {}):
        return None
    if isinstance(properties.get("id", {}).get("pattern"), str):
        fault = _prefix_fault(schema, need_type, properties["id"]["pattern"], needs)
    elif local.get("required"):
        fault = _required_fault(schema, need_type, list(local["required"]), needs, project)
    elif isinstance(properties.get(FIELDS.status, {}).get("enum"), list):
        fault = _status_fault(schema, need_type, properties[FIELDS.status]["enum"], needs,
                              project)
    else:
        return None
    return {
        "name": PREFIX + str(schema["id"]),
        "description": f"Generated by tests/schema_faults.py. {fault['description']}",
        "mode": "cli",
        "cli_with": [],
        "needs_json": fault["needs_json"],
        "expect": {"rule": rule_id(str(schema["id"])), "need": fault["need"],
                   "message": fault["message"], "location": "need"},
    }


def covered_rules(directory: Path = FAULTS_DIR) -> set[str]:
    return {str(yaml.safe_load(p.read_text(encoding="utf-8"))["expect"]["rule"])
            for p in directory.glob("*.yaml")}


def missing_fixtures(project: ProjectInputs, directory: Path = FAULTS_DIR
                     ) -> list[dict[str, Any]]:
    """A fixture for every schema whose rule no fixture breaks yet."""
    if project.schemas_path is None:
        return []
    covered = covered_rules(directory)
    needs = declared_needs(project)
    schemas = [s for s in load_schemas(project.schemas_path) if rule_id(s["id"]) not in covered]
    return [f for f in (fixture(s, needs, project) for s in schemas) if f is not None]


def main(argv: list[str]) -> int:
    project = from_conf(ROOT)
    for data in missing_fixtures(project):
        path = FAULTS_DIR / f"{data['name']}.yaml"
        print(f"{path.relative_to(ROOT)}: {data['expect']['rule']} on {data['expect']['need']}")
        if "--check" not in argv:
            path.write_text(yaml.safe_dump(data, sort_keys=False, width=88,
                                           allow_unicode=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


