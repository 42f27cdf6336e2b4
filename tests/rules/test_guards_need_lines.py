"""GUARD-NEED-OPENED: need directives counted line by line, without the Markdown
parser, against what the parser reads."""

from __future__ import annotations

from roadmap.directive_parser import declared_needs
from roadmap.rules.need_lines import check_need_openings, need_openings

TYPES = ("milestone", "metric", "risk")


def findings(page: str) -> list[tuple[int, str, str]]:
    sources = {"p.md": page}
    result = check_need_openings(sources, declared_needs(sources, TYPES), TYPES)
    return [(f.line or 0, f.need_id, f.message) for f in result.findings]


def test_a_backtick_title_and_the_need_it_swallows_are_named() -> None:
    page = ("# P\n\n```{milestone} Pooling with `pgbouncer`\n:id: MS-X-01\n\nBody.\n```\n\n"
            "```{milestone} Next\n:id: MS-X-02\n\nBody.\n```\n\n"
            "```{metric} After\n:id: MET-X\n```\n")
    found = findings(page)
    assert [(line, need) for line, need, _ in found] == [(3, "MS-X-01"), (9, "MS-X-02")]
    assert "its title holds a backtick, and CommonMark does not read" in found[0][2]
    assert "the milestone at line 3 did not open" in found[1][2]


def test_a_backtick_title_with_a_colon_fence_is_named_too() -> None:
    (found,) = findings("# P\n\n:::{risk} Pool `x` exhausted\n:id: RSK-X\n:::\n")
    assert found[:2] == (3, "RSK-X") and "a title is plain text" in found[2]


def test_examples_in_code_blocks_and_nested_needs_are_not_counted_twice() -> None:
    page = ("# P\n\n````md\n```{milestone} Example\n:id: MS-EX\n```\n````\n\n"
            "~~~\n```{milestone} Also an example\n```\n~~~\n\n"
            "````{note}\n```{milestone} Nested\n:id: MS-N\n```\n````\n\n"
            "```{code-block} md\n```{risk} Shown\n```\n")
    assert [(n.line, n.need_id) for n in need_openings(page, TYPES)] == [(15, "MS-N")]
    assert findings(page) == []


def test_the_project_loses_no_need_directive() -> None:
    from pathlib import Path

    from roadmap.inputs import from_conf

    project = from_conf(Path(__file__).resolve().parents[2])
    sources, types = project.read_sources(), project.metamodel.types
    declared = declared_needs(sources, types)
    assert check_need_openings(sources, declared, types).findings == []
    assert sum(len(need_openings(text, types)) for text in sources.values()) == len(declared)
