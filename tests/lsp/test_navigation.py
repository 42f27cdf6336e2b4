"""Definition, references, hover and completion of need IDs."""

from __future__ import annotations

from collections.abc import Callable

from roadmap.lsp import navigation
from roadmap.lsp.navigation import Place
from roadmap.lsp.plan_index import PlanIndex

Tiny = Callable[..., PlanIndex]
NOTES = "# Notes\n\nThe chain ends at {need}`MS-A-02`; see {need}`the first <MS-A-01>`.\n"


def where(index: PlanIndex, file: str, fragment: str, word: str) -> tuple[str, int, int]:
    """(file, line, column) of ``word`` on the first line holding ``fragment``."""
    for number, line in enumerate(index.texts[file].split("\n"), start=1):
        if fragment in line:
            return file, number, line.index(word, line.index(fragment))
    raise AssertionError(fragment)


def test_definition_from_a_link_option_and_from_a_role(tiny: Tiny) -> None:
    index = tiny(notes=NOTES)
    id_line = where(index, "plan.md", ":id: MS-A-01", "MS-A-01")
    expected = Place("plan.md", id_line[1], id_line[2], id_line[2] + 7)
    assert navigation.definition(index, *where(index, "plan.md", ":depends_on:", "MS-A-01")) \
        == expected
    assert navigation.definition(index, *where(index, "notes.md", "<MS-A-01>", "MS-A-01")) \
        == expected
    assert navigation.definition(index, *where(index, "notes.md", "chain", "chain")) is None


def test_references_are_the_incoming_links_and_the_roles(tiny: Tiny) -> None:
    index = tiny(notes=NOTES)
    found = navigation.references(index, *where(index, "plan.md", ":id: MS-A-02", "MS-A-02"),
                                  include_declaration=False)
    texts = [index.texts[p.file].split("\n")[p.line - 1] for p in found]
    assert {p.file for p in found} == {"plan.md", "notes.md"}
    assert sorted(t.split(":")[1] for t in texts if t.startswith(":")) == [
        "measures", "threatens"]
    assert all(t[p.start:p.end] == "MS-A-02" for p, t in zip(found, texts, strict=True))
    assert len(found) == 3


def test_hover_tells_weeks_with_dates_status_owner_and_slack(tiny: Tiny) -> None:
    index = tiny()
    text, place = navigation.hover(index, *where(index, "plan.md", ":id: MS-A-01", "MS-A-01"))
    assert place.end - place.start == 7
    assert "**MS-A-01** · Milestone" in text and "Title of MS-A-01" in text
    assert "Weeks 1\u20134 (6\u201331 Oct 2025)" in text
    assert "Status: planned" in text and "Owner: A Lead" in text
    assert "Slack: 0 weeks (due by week 4: PH-1 ends in week 4)" in text
    assert "On the critical path" in text


def test_completion_in_a_link_offers_the_types_it_accepts(tiny: Tiny) -> None:
    index = tiny()
    file, line, _ = where(index, "plan.md", ":depends_on: MS-A-01", ":depends_on:")
    text = index.texts[file].split("\n")[line - 1]
    offered = navigation.completions(index, file, line, len(text))
    # a milestone depends on milestones, never on itself: at the end of "MS-A-01" only the
    # ID being typed fits
    assert [c.label for c in offered] == ["MS-A-01"]
    file, line, column = where(index, "plan.md", ":requires: RES-ROLE-A, RES-TOOL-A",
                               "RES-TOOL-A")
    offered = navigation.completions(index, file, line, column + 4)
    # the resources, but the one listed already (the one being typed is offered)
    assert [c.label for c in offered] == ["RES-TOOL-A"]
    assert offered[0].replace == Place(file, line, column, column + 4)


def test_completion_offers_what_fits_and_replaces_what_was_typed(tiny: Tiny) -> None:
    index = tiny(notes="# Notes\n\n```{gate} Another gate\n:id: QG-3\n:checks: MET-\n```\n"
                       "\nSee {need}`RSK\n")
    file, line, column = where(index, "notes.md", ":checks: MET-", "MET-")
    offered = navigation.completions(index, file, line, column + 4)
    assert [(c.label, c.kind) for c in offered] == [("MET-A", "Metric"), ("MET-B", "Metric")]
    assert offered[0].replace == Place("notes.md", line, column, column + 4)
    file, line, column = where(index, "notes.md", "{need}`RSK", "RSK")
    assert len(navigation.completions(index, file, line, column + 3)) == 17  # every need
