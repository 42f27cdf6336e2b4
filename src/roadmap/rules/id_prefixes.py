"""The guard that a need type's ID prefix is written once.

A type's prefix is written three times: ``prefix`` in its ``[needs.types.<type>]`` table
of ubproject.toml (the source), the alternatives of ``id_regex`` in ``[needs]`` (which
sphinx-needs checks every ID against), and the ``pattern`` of the type's ID schema in
schemas.json (which ties an ID to its type). Renaming a prefix in one place but not the
others lets IDs of the old prefix pass, or fails every need of the type with a message
that does not say why. This guard compares the other two with the source and names the
file and line of each one that disagrees.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from roadmap.findings import Finding, Rule, RuleResult
from roadmap.inputs import ProjectInputs
from roadmap.rules.schema import load_schemas
from roadmap.suite import Check, SuiteInputs, register
from roadmap.ubproject import Metamodel

ID_PREFIXES = Rule(
    "GUARD-ID-PREFIX", "ID prefixes agree",
    "Each need type's ID prefix is the prefix of its [needs.types] table in ubproject.toml; "
    "the id_regex of [needs] allows exactly these prefixes, and the type's ID schema in "
    "schemas.json requires the same one.", "source")

# id_regex as ubproject.toml writes it: the prefixes as alternatives, then a hyphen
_ALTERNATIVES = re.compile(r"^\^\((?P<alternatives>[A-Za-z0-9_|]+)\)-")
_SAMPLE_TAIL = "A1"  # an ID tail every id_regex of the project accepts


def check_id_prefixes(model: Metamodel, schemas: tuple[dict[str, Any], ...],
                      schemas_path: Path | None) -> RuleResult:
    result = RuleResult(ID_PREFIXES)
    id_regex = str(model.needs_table.get("id_regex", ""))
    regex_line = _line_of(model.text, r"^\s*id_regex\s*=")
    schema_text = schemas_path.read_text(encoding="utf-8") if schemas_path else ""
    patterns = _id_patterns(schemas)
    for need_type, prefix in model.types.items():
        subject = f"[needs.types.{need_type}]"
        result.checked_ids.append(subject)

        def fail(message: str, file: Path | None, line: int | None,
                 subject: str = subject) -> None:
            result.findings.append(Finding(ID_PREFIXES.id, subject, message,
                                           file=str(file or ""), line=line))

        if not prefix:
            fail("declares no prefix: its IDs are tied to nothing", model.path,
                 _type_line(model.text, need_type))
            continue
        if id_regex and not re.match(id_regex, prefix + _SAMPLE_TAIL):
            fail(f"prefix '{prefix}' is not allowed by id_regex {id_regex!r}; add it there",
                 model.path, regex_line)
        if schemas_path is None:
            continue
        schema_id, pattern = patterns.get(need_type, ("", None))
        if pattern is None:
            fail(f"schemas.json has no schema that requires the ID prefix '{prefix}' of "
                 f"type {need_type}", schemas_path, None)
        elif pattern not in (f"^{prefix}", f"^{re.escape(prefix)}"):
            fail(f"prefix '{prefix}' in ubproject.toml, but schema '{schema_id}' requires "
                 f"IDs to match {pattern!r}; write '^{prefix}' there", schemas_path,
                 _pattern_line(schema_text, schema_id))
    _check_extra_alternatives(model, id_regex, regex_line, result)
    return result


def _check_extra_alternatives(model: Metamodel, id_regex: str, line: int | None,
                              result: RuleResult) -> None:
    """id_regex allows no prefix that no type declares (such IDs would pass)."""
    match = _ALTERNATIVES.match(id_regex)
    if match is None:
        return
    declared = {prefix.rstrip("-") for prefix in model.types.values()}
    result.checked_ids.append("[needs] id_regex")
    for alternative in match.group("alternatives").split("|"):
        if alternative not in declared:
            result.findings.append(Finding(
                ID_PREFIXES.id, "[needs] id_regex", f"allows the prefix '{alternative}-', which "
                "no need type of ubproject.toml declares", file=str(model.path), line=line))


def _id_patterns(schemas: tuple[dict[str, Any], ...]) -> dict[str, tuple[str, str]]:
    """Need type -> (schema ID, the pattern its schema requires of the ID)."""
    found: dict[str, tuple[str, str]] = {}
    for schema in schemas:
        need_type = _selected_type(schema.get("select", {}))
        local = schema.get("validate", {}).get("local", {})
        pattern = local.get("properties", {}).get("id", {}).get("pattern")
        if need_type and isinstance(pattern, str):
            found[need_type] = (str(schema["id"]), pattern)
    return found


def _selected_type(select: Mapping[str, Any]) -> str | None:
    wanted = select.get("properties", {}).get("type", {})
    const = wanted.get("const") if isinstance(wanted, Mapping) else None
    return const if isinstance(const, str) else None


def _line_of(text: str, pattern: str, start: int = 0) -> int | None:
    match = re.compile(pattern, re.MULTILINE).search(text, start)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _type_line(text: str, need_type: str) -> int | None:
    return _line_of(text, rf"^\[needs\.types\.{re.escape(need_type)}\]")


def _pattern_line(text: str, schema_id: str) -> int | None:
    """The line of the ``"pattern"`` in the schema ``schema_id`` of schemas.json."""
    start = text.find(f'"{schema_id}"')
    return _line_of(text, r'"pattern"\s*:', start) if start >= 0 else None


def _run(inputs: SuiteInputs) -> list[RuleResult]:
    project = inputs.project
    schemas = load_schemas(project.schemas_path) if project.schemas_path else ()
    return [check_id_prefixes(project.metamodel, schemas, project.schemas_path)]


def _rules(_project: ProjectInputs) -> tuple[Rule, ...]:
    return (ID_PREFIXES,)


register(Check("toml", _rules, _run, module=__name__))
