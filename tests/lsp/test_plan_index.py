"""The index: pages parsed once, one page parsed again per change, the graph put
together by ID; and the diagnostics the build would give, at the build's lines."""

from __future__ import annotations

from collections.abc import Callable

from roadmap.lsp.diagnostics import Diagnostic, diagnose
from roadmap.lsp.plan_index import PlanIndex

Tiny = Callable[..., PlanIndex]


def edited(index: PlanIndex, file: str, old: str, new: str) -> str:
    text = index.texts[file]
    assert text.count(old) == 1, old
    return text.replace(old, new)


def line_of(index: PlanIndex, file: str, fragment: str) -> int:
    return next(n for n, line in enumerate(index.texts[file].split("\n"), 1) if fragment in line)


def test_the_base_plan_builds_clean(tiny: Tiny) -> None:
    index = tiny()
    assert len(index.graph.needs) == 16
    assert diagnose(index) == []
    assert index.graph.needs["MS-A-01"].fields["measures_back"] == ["MET-A", "MET-B"]
    assert index.graph.needs["MS-A-01"].fields["measured_by_count"] == 2


def test_a_change_parses_one_page_and_reuses_the_needs_of_the_others(tiny: Tiny) -> None:
    index = tiny(notes="# Notes\n\n```{gap} Another gap\n:id: GAP-B\n:severity: low\n"
                       ":baseline: 1\n:unit: %\n\nText.\n```\n")
    plan, before = index.page("plan.md"), index.graph
    assert index.update("notes.md", index.texts["notes.md"].replace("Text.", "More text."))
    assert index.page("plan.md") is plan
    assert index.graph.needs["PH-1"] is before.needs["PH-1"]
    assert index.graph.needs["GAP-B"] is not before.needs["GAP-B"]
    assert not index.update("notes.md", index.texts["notes.md"])  # unchanged: no work


def test_a_rule_finding_at_the_build_line(tiny: Tiny) -> None:
    index = tiny()
    index.update("plan.md", edited(index, "plan.md", ":start: 5\n:due: 8\n",
                                   ":start: 3\n:due: 8\n"))
    found = [d for d in diagnose(index) if d.rule == "SCHED-PHASE-WINDOW"]
    assert found == [Diagnostic(
        "plan.md", line_of(index, "plan.md", "{milestone} Title of MS-A-02"),
        "SCHED-PHASE-WINDOW", "MS-A-02",
        "[SCHED-PHASE-WINDOW] MS-A-02: weeks 3-8 are outside phase PH-2 (weeks 5-8)")]


def test_sphinx_needs_link_warnings_in_its_words(tiny: Tiny) -> None:
    index = tiny()
    index.update("plan.md", edited(index, "plan.md", ":depends_on: MS-A-01",
                                   ":depends_on: MS-A-01, MS-A-99, GAP-A"))
    found = {d.rule: d for d in diagnose(index) if d.source == "sphinx-needs"}
    line = line_of(index, "plan.md", "{milestone} Title of MS-A-02")
    assert found["needs.link_outgoing"] == Diagnostic(
        "plan.md", line, "needs.link_outgoing", "MS-A-02",
        "Need 'MS-A-02' has unknown outgoing link 'MS-A-99' in field 'depends_on'",
        "sphinx-needs")
    assert found["needs.link_target_type"].message == (
        "Need 'MS-A-02' link 'GAP-A' in field 'depends_on': target need type 'gap' is not "
        "one of 'milestone' (or a type inheriting from it)")


def test_of_two_needs_with_one_id_the_page_changed_last_is_refused(tiny: Tiny) -> None:
    index = tiny(other="# Other\n")
    index.update("other.md", "# Other\n\n```{gap} Copy\n:id: GAP-A\n:severity: low\n"
                             ":baseline: 1\n:unit: %\n\nText.\n```\n")
    refused = [d for d in diagnose(index) if d.rule == "needs.create_need"]
    assert [(d.file, d.line, d.need_id) for d in refused] == [("other.md", 3, "GAP-A")]
    assert refused[0].message.startswith(
        "Need could not be created: A need with ID 'GAP-A' already exists (defined at plan:")
    assert [d.need_id for d in diagnose(index) if d.rule == "GUARD-NEED-COUNT"] == ["GAP-A"]


def test_a_need_role_naming_no_need(tiny: Tiny) -> None:
    line = "See {need}`MS-A-01` and {need}`MS-A-77`."
    index = tiny(notes=f"# Notes\n\n{line}\n")
    found = [d for d in diagnose(index) if d.rule == "needs.link_ref"]
    at = line.index("MS-A-77")
    assert found == [Diagnostic("notes.md", 3, "needs.link_ref", "MS-A-77",
                                "linked need MS-A-77 not found", "sphinx-needs", at, at + 7)]


def test_a_source_guard_on_the_typed_text(tiny: Tiny) -> None:
    index = tiny()
    index.update("plan.md", edited(index, "plan.md", ":id: MS-A-02\n",
                                   ":id: MS-A-02\n:remaining:\n"))
    found = [d for d in diagnose(index) if d.rule == "GUARD-NEED-EMPTY"]
    assert [(d.line, d.need_id) for d in found] == [
        (line_of(index, "plan.md", ":id: MS-A-02") + 1, "MS-A-02")]


def test_a_new_page_joins_when_sphinx_would_find_it(tiny: Tiny) -> None:
    index = tiny()
    (index.root / "later.md").write_text("# Later\n\n{need}`MS-A-55`\n", encoding="utf-8")
    assert index.rediscover() == {"later.md"}
    assert [d.rule for d in diagnose(index)] == ["needs.link_ref"]
