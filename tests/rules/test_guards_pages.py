"""GUARD-NEED-FENCE, GUARD-NEED-EMPTY, GUARD-NEED-HIDDEN, GUARD-EXAMPLE-PATH and
GUARD-STRAY-PAGE: what a page says that the needs graph cannot show."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from roadmap.directive_parser import declared_needs
from roadmap.inputs import from_conf
from roadmap.rules import sources as guards

ROOT = Path(__file__).resolve().parents[2]
PROJECT = from_conf(ROOT)
MODEL = PROJECT.metamodel


def declared(text: str) -> list:
    return declared_needs({"plan.md": text}, MODEL.types)


UNCLOSED = """\
# Plan

```{milestone} First
:id: MS-X-01
:effort: 2

Text, and the closing fence is missing.

```{milestone} Second
:id: MS-X-02

Text.
```
"""


def test_a_need_left_unclosed_before_the_next_is_named_with_the_one_it_swallows() -> None:
    needs = declared(UNCLOSED)
    assert [n.need_id for n in needs] == ["MS-X-01", "MS-X-02"]  # both built by sphinx-needs
    (finding,) = guards.check_need_fences(needs).findings
    assert str(finding) == (
        "plan.md:3: [GUARD-NEED-FENCE] MS-X-01: its fence ``` is not closed before the "
        "milestone directive MS-X-02 at line 9, which is swallowed into its body; close "
        "MS-X-01 with ``` before line 9")


def test_a_colon_fence_left_unclosed_too() -> None:
    text = UNCLOSED.replace("```", ":::")
    (finding,) = guards.check_need_fences(declared(text)).findings
    assert finding.need_id == "MS-X-01" and finding.line == 3 and ":::" in finding.message


def test_a_need_never_closed_runs_to_the_end_of_the_page() -> None:
    text = "# Plan\n\n```{risk} Late\n:id: RSK-X-01\n\nText.\n\nMore prose.\n"
    (finding,) = guards.check_need_fences(declared(text)).findings
    assert finding.line == 3 and finding.need_id == "RSK-X-01"
    assert "is never closed: the rest of the page (to line 8) is its body" in finding.message


def test_a_need_nested_with_a_longer_fence_is_fine() -> None:
    text = ("````{milestone} Outer\n:id: MS-X-01\n\n```{metric} Inner\n:id: MET-X-01\n```\n"
            "````\n")
    needs = declared(text)
    assert [n.need_id for n in needs] == ["MS-X-01", "MET-X-01"]
    assert guards.check_need_fences(needs).ok


@pytest.mark.parametrize(("option", "kind", "stored"), [
    ("effort", "number", "0"), ("baseline", "number", "0"), ("due", "integer", "0"),
    ("owner", "string", "nothing")])
def test_an_empty_field_value(option: str, kind: str, stored: str) -> None:
    text = f"```{{milestone}} M\n:id: MS-X-01\n:{option}:\n:status: planned\n```\n"
    (finding,) = guards.check_empty_values(declared(text), MODEL).findings
    assert str(finding) == (
        f"plan.md:3: [GUARD-NEED-EMPTY] MS-X-01: ':{option}:' has no value; sphinx-needs "
        f"stores an empty {kind} as {stored}, so it would count as set: write the value or "
        "remove the option")


def test_an_empty_value_in_a_yaml_option_block() -> None:
    text = "```{metric} M\n---\nid: MET-X-01\nbaseline:\n---\nText.\n```\n"
    (finding,) = guards.check_empty_values(declared(text), MODEL).findings
    assert (finding.line, finding.need_id) == (4, "MET-X-01")


def test_hide_is_refused() -> None:
    text = "# P\n\n```{gap} G\n:id: GAP-X\n:hide:\n```\n"
    (finding,) = guards.check_hidden(declared(text)).findings
    assert (finding.rule, finding.need_id, finding.line) == ("GUARD-NEED-HIDDEN", "GAP-X", 5)


def test_example_paths_exist(tmp_path: Path) -> None:
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "a.py").write_text("", encoding="utf-8")
    text = ("```{example} A\n:id: EX-A\n:path: code/a.py\n```\n\n"
            "```{example} B\n:id: EX-B\n:path: code/b.py\n```\n")
    (finding,) = guards.check_example_paths(declared(text), tmp_path).findings
    assert (finding.need_id, finding.line) == ("EX-B", 8)
    assert finding.message.startswith("':path:' names code/b.py, which does not exist")


def test_a_need_in_an_excluded_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    (tmp_path / "node_modules" / "x").mkdir(parents=True)
    (tmp_path / "index.md").write_text("# Home\n", encoding="utf-8")
    need = "# Stray\n\n```{milestone} M\n:id: MS-STRAY\n```\n"
    (tmp_path / "scripts" / "notes.md").write_text(need, encoding="utf-8")
    (tmp_path / "node_modules" / "x" / "README.md").write_text(need, encoding="utf-8")
    (tmp_path / "README.md").write_text("````md\n" + need + "````\n", encoding="utf-8")
    project = dataclasses.replace(PROJECT, root=tmp_path, pages=("index.md",))
    result = guards.check_stray_pages(project)
    assert [str(f) for f in result.findings] == [
        "scripts/notes.md:3: [GUARD-STRAY-PAGE] MS-STRAY: milestone declared in a page the "
        "build excludes (conf.py's exclude_patterns): neither the build nor the gate sees it; "
        "move the page among the site's pages or remove the directive"]
    assert result.checked_ids == ["README.md", "scripts/notes.md"]


def test_the_project_has_no_stray_need() -> None:
    result = guards.check_stray_pages(PROJECT)
    assert result.ok and result.checked >= 2, [str(f) for f in result.findings]
