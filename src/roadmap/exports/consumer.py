"""The needs for other Sphinx projects: a needs.json they can load as it is, and the
configuration that declares what it holds.

Loaded into another project with ``needs_external_needs`` or ``needimport``, the site's
own needs.json fails three ways: every need type is unknown there (199 warnings),
every field and link is an unknown key, and the test strategies silently become the
consumer's own ``test`` needs ("Test Case"), since sphinx-needs has a default type of
that name. So the exported file names every type in a namespace of its own
(``nc_milestone``, ``nc_test``: :data:`TYPE_PREFIX`), its bodies are made portable
(roles as text, relative links absolute, :mod:`roadmap.exports.text`), and a TOML
snippet generated from ``ubproject.toml`` declares those types, the fields and the
link types for the consumer's ``needs_from_toml``.

The bodies are MyST Markdown, and every need says so (``doctype: ".md"``). A project
that imports them with ``needimport`` from an rst page used to parse them as rst:
code spans became interpreted text, Markdown links plain text, tables line blocks
(92 of 251 needs, silently). The snippet therefore sets sphinx-needs'
``import_parse_by_doctype``: ``needimport`` parses each body in the markup its doctype
names, whatever the page's markup, when the consumer has a MyST parser for ``.md``
(``myst_parser`` in its extensions); a consumer without one gets sphinx-needs' own
warning that it cannot parse ``.md``, once per ``needimport``, instead of wrong pages.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from roadmap.exports import NEEDS_FILE, TOML_FILE
from roadmap.exports.source import ExportSource
from roadmap.exports.text import portable

TYPE_PREFIX = "nc_"
# what the consumer's declaration of a type, field or link keeps from ours
TYPE_KEYS = ("title", "prefix", "color", "style")
LINK_KEYS = ("description", "outgoing", "incoming")
BODY_KEYS = ("content", "pre_content", "post_content")


def consumer_type(need_type: str) -> str:
    return TYPE_PREFIX + need_type


def consumer_need(need: Mapping[str, Any], site_url: str) -> dict[str, Any]:
    """A need of needs.json with its type namespaced and its bodies portable: a new
    mapping of the changed keys over the need's own values (shared, never changed)."""
    docname = str(need.get("docname") or "")
    changed: dict[str, Any] = {"type": consumer_type(str(need["type"]))}
    for key in BODY_KEYS:
        if isinstance(need.get(key), str):
            changed[key] = portable(need[key], docname, site_url)
    return {**need, **changed}


def consumer_document(source: ExportSource) -> dict[str, Any]:
    """needs.json with namespaced types and portable bodies (every version of it); the
    site's document stays as it was (no copy of what the export does not change)."""
    document = dict(source.document)
    if "versions" in document:
        document["versions"] = {name: _consumer_version(version, source.site_url)
                                for name, version in document["versions"].items()}
    return document


def _consumer_version(version: Mapping[str, Any], site_url: str) -> dict[str, Any]:
    if "needs" not in version:
        return dict(version)
    return {**version, "needs": {need_id: consumer_need(need, site_url)
                                 for need_id, need in version["needs"].items()}}


def roadmap_needs_json(source: ExportSource) -> bytes:
    """One line of JSON, keys sorted: no indent, so that the json module's C encoder
    writes it (with an indent it falls back to the pure-Python one, several times
    slower); the consumers (needs_external_needs, needimport) read JSON, not lines."""
    text = json.dumps(consumer_document(source), sort_keys=True, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


# ------------------------------------------------------------------ the snippet
def extra_fields(source: ExportSource) -> list[str]:
    """The metamodel's fields that are sphinx-needs extra fields in needs.json (a core
    field such as ``status`` is known to every project already)."""
    schema = _schema_properties(source)
    return [name for name in source.metamodel.fields
            if schema.get(name, {}).get("field_type", "extra") == "extra"]


def _schema_properties(source: ExportSource) -> Mapping[str, Mapping[str, Any]]:
    versions = source.document.get("versions", {})
    version = versions.get(source.document.get("current_version", ""), {})
    return version.get("needs_schema", {}).get("properties", {}) if version else {}


def snippet_tables(source: ExportSource) -> dict[str, dict[str, dict[str, Any]]]:
    """The ``[needs]`` tables of the snippet, as data."""
    table = source.metamodel.needs_table
    types = {consumer_type(name): {k: spec[k] for k in TYPE_KEYS if k in spec}
             for name, spec in table.get("types", {}).items()}
    fields: dict[str, dict[str, Any]] = {}
    for name in extra_fields(source):
        spec = source.metamodel.fields[name]
        # a derived field is computed on the site; its values travel in the file
        fields[name] = {k: v for k, v in spec.items() if not k.startswith("derive")}
    links = {}
    for name, spec in source.metamodel.links.items():
        links[name] = {k: spec[k] for k in LINK_KEYS if k in spec}
        if "target_types" in spec:
            links[name]["target_types"] = [consumer_type(t) for t in spec["target_types"]]
    return {"types": types, "fields": fields, "links": links}


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string


def _toml_pairs(table: Mapping[str, Any], prefix: str = "") -> Iterator[str]:
    """``key = value`` lines, nested tables as dotted keys (``schema.type = ...``)."""
    for key, value in table.items():
        if isinstance(value, Mapping):
            yield from _toml_pairs(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key} = {_toml_value(value)}"


def roadmap_needs_toml(source: ExportSource) -> bytes:
    url = source.site_url
    lines = [
        f"# The need types, fields and link types of {source.project},",
        f"# to load its {NEEDS_FILE} into another Sphinx project (sphinx-needs 9):",
        "#",
        f'#   needs_from_toml = "{TOML_FILE}"   # or merge these tables into your own',
        "#   needs_external_needs = [{",
        f'#       "json_path": "{NEEDS_FILE}", "base_url": "{url.rstrip("/")}",',
        '#       "id_prefix": ""}]',
        "#",
        f"# Its types are named {TYPE_PREFIX}<type> so that they never meet yours or",
        "# sphinx-needs' defaults (req, spec, impl, test). Generated from the site's",
        "# ubproject.toml at every build: do not edit.",
        "",
        "[needs]",
        "# the needs' bodies are MyST Markdown (doctype .md): needimport parses them as",
        "# such on an rst page too (needs myst_parser; without it sphinx-needs warns)",
        "import_parse_by_doctype = true",
    ]
    for group, tables in snippet_tables(source).items():
        for name, spec in tables.items():
            lines += ["", f"[needs.{group}.{name}]", *_toml_pairs(spec)]
    return ("\n".join(lines) + "\n").encode("utf-8")
