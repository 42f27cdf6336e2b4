"""GUARD-BUILD-CODE and GUARD-NEED-TABLES over pages with needs tables."""

from __future__ import annotations

import pytest
from minigraph import graph

from roadmap.rules import tables


def findings(page: str) -> list[str]:
    code, shown = tables.check_tables({"p.md": page}, graph())
    return [str(f) for f in code.findings + shown.findings]


def table(*options: str, content: str = "", name: str = "needtable") -> str:
    body = "\n".join(options) + ("\n\n" + content if content else "")
    return f"# Page\n\n```{{{name}}}\n{body}\n```\n"


def test_good_tables_pass() -> None:
    assert findings(table(':filter: type == "milestone" and "PH-1" in phase',
                          ":columns: id, title, effort, measures_back as \"Measured by\"")) == []
    assert findings(table(":filter-func: roadmap.sphinx_ext.filters.bearing_on(PH-2, risk)")) \
        == []
    assert findings(table(':filter: id in ["MET-A", "MET-B"] and not operational')) == []


@pytest.mark.parametrize(("page", "message"), [
    (table(':filter: type == "milestone" and "PH-9" in phase'),
     "p.md:4: [GUARD-NEED-TABLES] {needtable}: :filter: names PH-9, which is not a need"),
    (table(':filter: type == "risk" and "WS-NOPE" in workstream'),
     "p.md:4: [GUARD-NEED-TABLES] {needtable}: :filter: names WS-NOPE, which is not a need"),
    (table(':filter: id in ["MET-A", "MET-TYPO"]'),
     "p.md:4: [GUARD-NEED-TABLES] {needtable}: :filter: names MET-TYPO, which is not a need"),
    (table(':filter: type == "milestones"'),
     "p.md:4: [GUARD-NEED-TABLES] {needtable}: filters on type 'milestones', which is not a "
     "need type of ubproject.toml"),
    (table(':filter: type == "gap" and "PH-1" in phases'),
     "p.md:4: [GUARD-NEED-TABLES] {needtable}: :filter: uses 'phases', which is no field or "
     "link of any need"),
    (table(':filter: type == "gate" and status == "done"', name="needlist"),
     "p.md:4: [GUARD-NEED-TABLES] {needlist}: matches no need: readers would see 'No needs "
     "passed the filters'; fix the filter or remove the needlist"),
    (table(":filter-func: roadmap.sphinx_ext.filters.bearing_on(PH-9, risk)"),
     "p.md:4: [GUARD-NEED-TABLES] {needtable}: :filter-func: 'PH-9' is not a phase or "
     "workstream"),
    (table(":filter-func: roadmap.sphinx_ext.filters.bearing_on(PH-1, risks)"),
     "p.md:4: [GUARD-NEED-TABLES] {needtable}: :filter-func: 'risks' is not a need type"),
    (table(':filter: type == "gap"', ":columns: id, titel"),
     "p.md:5: [GUARD-NEED-TABLES] {needtable}: :columns: names 'titel', which is no field or "
     "link of any need"),
])
def test_tables_that_show_nothing_or_name_nothing(page: str, message: str) -> None:
    assert message in findings(page)


@pytest.mark.parametrize(("page", "message"), [
    (table(':filter: type == "gap"', content="results.append(needs[0])"),
     "p.md:6: [GUARD-BUILD-CODE] {needtable}: has content, which sphinx-needs runs as Python "
     "at build time (filter-code)"),
    (table(content="import os\nresults.extend(needs)", name="needlist"),
     "p.md:6: [GUARD-BUILD-CODE] {needlist}: has content, which sphinx-needs runs as Python"),
    (table(':filter: __import__("os").system("id") or True'),
     "p.md:4: [GUARD-BUILD-CODE] {needtable}: :filter: uses \"__import__('os').system('id')\""),
    (table(":filter: type.startswith('m')"),
     "p.md:4: [GUARD-BUILD-CODE] {needtable}: :filter: uses \"type.startswith('m')\""),
    (table(":filter: [x for x in id]"),
     "p.md:4: [GUARD-BUILD-CODE] {needtable}: :filter: uses '[x for x in id]'"),
    (table(":filter: __builtins__"),
     "p.md:4: [GUARD-BUILD-CODE] {needtable}: :filter: uses '__builtins__'"),
    (table(":filter-func: os.system(id)"),
     "p.md:4: [GUARD-BUILD-CODE] {needtable}: :filter-func: os.system(id) names code outside "
     "roadmap.sphinx_ext.filters"),
    (table(":filter-func: roadmap.sphinx_ext.filters.configure"),
     "p.md:4: [GUARD-BUILD-CODE] {needtable}: :filter-func: roadmap.sphinx_ext.filters."
     "configure names no filter function"),
    (table(':filter: type == "x"', name="needflow", content="x = 1"),
     "p.md:6: [GUARD-BUILD-CODE] {needflow}: has content"),
    ("```{needextend} MS-A-01\n:status: done\n```\n",
     "p.md:1: [GUARD-BUILD-CODE] {needextend}: the needextend directive changes needs from "
     "outside their directive"),
    ("```{needimport} https://example.com/needs.json\n```\n",
     "p.md:1: [GUARD-BUILD-CODE] {needimport}: the needimport directive imports needs"),
    ("# T\n\n```{eval-rst}\nText.\n\n.. needtable::\n\n   results.extend(needs)\n```\n",
     "p.md:6: [GUARD-BUILD-CODE] {eval-rst}: holds a '.. needtable::' directive"),
])
def test_code_from_a_page_is_refused(page: str, message: str) -> None:
    hits = [f for f in findings(page) if f.startswith(message)]
    assert hits, findings(page)


def test_every_filter_function_exists() -> None:
    import importlib

    module = importlib.import_module(tables.FILTER_MODULE)
    assert all(callable(getattr(module, name)) for name in tables.FILTER_FUNCTIONS)


def test_the_site_s_tables_pass(project) -> None:
    from roadmap.graph import load_graph

    site = load_graph(project.root / "_build" / "html" / "needs.json", project.metamodel)
    code, shown = tables.check_tables(project.read_sources(), site)
    assert code.ok and shown.ok, [str(f) for f in code.findings + shown.findings]
    assert shown.checked >= 40
