"""GUARD-*: what the needs graph cannot see (metamodel keys, need directives in the
sources, the built HTML)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from guard_cases import LOCAL_PAGES, OFF_SITE_PAGES

from roadmap import directive_parser as parser
from roadmap.findings import RuleResult
from roadmap.rules import site
from roadmap.rules import sources as guards
from roadmap.ubproject import load_metamodel

ROOT = Path(__file__).resolve().parents[2]
REAL_TOML = ROOT / "ubproject.toml"

NEED_TYPES = ("milestone", "metric", "risk")


# ------------------------------------------------------------- ubproject.toml
TOML = """\
[needs]
id_required = true
build_jsn = true

[needs.types.milestone]
title = "Milestone"
prefix = "MS-"
colour = "#BFD8D2"

[needs.fields.due]
schema.type = "integer"
descripton = "Due week"

[needs.links.depends_on]
outgoing = "depends on"
target_type = ["milestone"]
"""


def test_real_metamodel_has_only_known_keys() -> None:
    result = guards.check_toml_keys(load_metamodel(REAL_TOML))
    assert result.ok, [str(f) for f in result.findings]
    assert result.checked > 50


def test_unknown_toml_keys_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "ubproject.toml"
    path.write_text(TOML, encoding="utf-8")
    assert tomllib.loads(TOML)["needs"]
    result = guards.check_toml_keys(load_metamodel(path))
    assert [(f.rule, f.need_id, f.message, f.line) for f in result.findings] == [
        ("GUARD-TOML-KEYS", "[needs]", "unknown key 'build_jsn' (sphinx-needs would ignore it)",
         3),
        ("GUARD-TOML-KEYS", "[needs.types.milestone]",
         "unknown key 'colour' (sphinx-needs would ignore it)", 8),
        ("GUARD-TOML-KEYS", "[needs.fields.due]",
         "unknown key 'descripton' (sphinx-needs would ignore it)", 12),
        ("GUARD-TOML-KEYS", "[needs.links.depends_on]",
         "unknown key 'target_type' (sphinx-needs would ignore it)", 16),
    ]
    assert all(f.file == str(path.resolve()) for f in result.findings)


# ------------------------------------------------------------- need directives
PAGE = """\
# Plan

```{milestone} First
:id: MS-X-01
:status: planned

Text.
```

:::{note}
A need nested in an admonition counts.

```{metric} Nested metric
:id: MET-X-01
```
:::

````{admonition} Deeper
```{risk} Nested risk
:id: RSK-X-01
```
````

An example of the syntax, shown in a code fence, is not a need:

````markdown
```{milestone} Example only
:id: MS-EXAMPLE-01
```
````

```{code-block} markdown
```{milestone} Also an example
:id: MS-EXAMPLE-02
```
"""


def test_need_directives_nested_counted_code_examples_not() -> None:
    found = list(parser.need_directives(PAGE, NEED_TYPES, "plan.md"))
    assert [(n.need_type, n.need_id, n.line) for n in found] == [
        ("milestone", "MS-X-01", 3), ("metric", "MET-X-01", 13), ("risk", "RSK-X-01", 19)]
    assert tuple(found[0].options) == ("id", "status")
    assert found[0].option_lines == {"id": 4, "status": 5}


def need_count(sources: dict[str, str], built: list[str]) -> RuleResult:
    return guards.check_need_count(parser.declared_needs(sources, NEED_TYPES), built)


def test_need_count_holds_when_every_directive_built() -> None:
    result = need_count({"plan.md": PAGE}, ["MS-X-01", "MET-X-01", "RSK-X-01"])
    assert result.ok and result.checked == 3


def test_dropped_need_is_named_with_file_and_line() -> None:
    result = need_count({"plan.md": PAGE}, ["MS-X-01", "RSK-X-01"])
    assert [(f.rule, f.need_id, f.file, f.line) for f in result.findings] == [
        ("GUARD-NEED-COUNT", "MET-X-01", "plan.md", 13)]
    assert result.findings[0].message.startswith("metric directive produced no need")


def test_directive_without_id_is_named_by_its_type() -> None:
    page = "```{milestone} No ID\n:status: planned\n```\n"
    finding = need_count({"p.md": page}, []).findings[0]
    assert (finding.need_id, finding.file, finding.line) == ("<milestone without :id:>",
                                                             "p.md", 1)


def test_duplicate_id_is_named_at_both_places() -> None:
    other = "Text.\n\n```{milestone} Again\n:id: MS-X-01\n```\n"
    result = need_count({"plan.md": PAGE, "zz.md": other}, ["MS-X-01", "MET-X-01", "RSK-X-01"])
    finding = result.findings[0]
    assert len(result.findings) == 1
    assert (finding.need_id, finding.file, finding.line) == ("MS-X-01", "zz.md", 3)
    assert finding.message == ("milestone ID declared twice (here and at plan.md:3); "
                               "sphinx-needs builds only one of them")


def test_more_needs_built_than_declared() -> None:
    result = need_count({"plan.md": PAGE}, ["MS-X-01", "MET-X-01", "RSK-X-01", "MS-GEN-01"])
    assert [(f.need_id, f.message) for f in result.findings] == [
        ("<all>", "3 need directives in the sources but 4 needs built")]


def test_unknown_need_option_is_named() -> None:
    page = "```{milestone} M\n:id: MS-X-01\n:due: 3\n:priority: high\n:tags: a\n```\n"
    result = guards.check_need_options(parser.declared_needs({"p.md": page}, NEED_TYPES), ["due"])
    assert [(f.rule, f.need_id, f.file, f.line, f.message) for f in result.findings] == [
        ("GUARD-NEED-OPTIONS", "MS-X-01", "p.md", 4,
         "unknown option ':priority:' (not a field or link of ubproject.toml; sphinx-needs "
         "drops it)")]


def test_real_fields_and_links_are_known_options() -> None:
    model = load_metamodel(REAL_TOML)
    options = "\n".join(f":{name}: x" for name in [*model.fields, *model.links])
    page = f"```{{milestone}} M\n:id: MS-X-01\n{options}\n:status: planned\n:hide:\n```\n"
    assert guards.check_need_options(parser.declared_needs({"p.md": page}, NEED_TYPES),
                                     model.option_names).ok


# ------------------------------------------------------------- built HTML
@pytest.mark.parametrize("html", OFF_SITE_PAGES)
def test_off_site_resources_are_found(html: str) -> None:
    assert site.off_site_urls(f"<html><body>\n{html}\n</body></html>")


@pytest.mark.parametrize("html", LOCAL_PAGES)
def test_local_resources_and_plain_links_pass(html: str) -> None:
    assert site.off_site_urls(f"<html><body>\n{html}\n</body></html>") == []


def test_off_site_url_reports_its_line() -> None:
    html = "<html>\n<head>\n<script src='https://cdn.example.com/x.js'></script>\n</head>"
    assert site.off_site_urls(html) == [(3, "https://cdn.example.com/x.js")]


def test_built_site_guards(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text("<p>fine</p>\n<a href='https://x.org'>x</a>\n",
                                         encoding="utf-8")
    (tmp_path / "sub" / "flow.html").write_text(
        "<html>\n<body>\n<p>PlantUML is not available!</p>\n"
        "<img src='https://img.example.com/x.png'>\n</body></html>\n", encoding="utf-8")
    (tmp_path / "site.css").write_text(
        "body { color: red; }\n@import url('https://fonts.example.com/f.css');\n",
        encoding="utf-8")
    off_site, plantuml, _active = site.check_built_site(tmp_path)
    assert off_site.rule.id == "GUARD-OFF-SITE" and plantuml.rule.id == "GUARD-PLANTUML"
    assert [(f.need_id, f.file, f.line, f.message) for f in off_site.findings] == [
        ("site.css", "site.css", 2, "loads https://fonts.example.com/f.css from off the site"),
        ("sub/flow.html", "sub/flow.html", 4,
         "loads https://img.example.com/x.png from off the site"),
    ]
    assert [(f.file, f.line) for f in plantuml.findings] == [("sub/flow.html", 3)]
    assert "PlantUML is not available" in plantuml.findings[0].message
    assert off_site.checked_ids == ["index.html", "site.css", "sub/flow.html"]


def test_source_guards_share_one_parse(tmp_path: Path) -> None:
    toml = tmp_path / "ubproject.toml"
    toml.write_text("[needs.types.milestone]\n[needs.types.metric]\n[needs.types.risk]\n"
                    '[needs.fields.status]\nschema.type = "string"\n', encoding="utf-8")
    results = guards.check_sources({"plan.md": PAGE}, ["MS-X-01", "MET-X-01", "RSK-X-01"],
                                   load_metamodel(toml))
    assert [r.rule.id for r in results] == ["GUARD-NEED-COUNT", "GUARD-NEED-OPTIONS",
                                            "GUARD-NEED-FENCE", "GUARD-NEED-EMPTY",
                                            "GUARD-NEED-HIDDEN"]
    assert [r.checked for r in results] == [3, 3, 3, 3, 3]
