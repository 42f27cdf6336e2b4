"""Incremental builds stay right and stay small: a milestone's new title shows on every
page that lists it (needs tables, views, the report, the dashboard), a prose edit
rewrites its own page only, and a build with nothing changed writes nothing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import sphinxproject

PAGES = {
    "table": "# Table\n\n```{needtable}\n:types: milestone\n:columns: id, title\n```\n",
    "views": "\n\n".join([
        "# Views", "```{roadmap-timeline}\n```", "```{roadmap-dashboard} gates\n```",
        "```{roadmap-matrix}\n```", "```{roadmap-explorer}\n```", "```{roadmap-status}\n```",
    ]) + "\n",
    "prose": "# Prose\n\nA page without needs.\n",
}
WATCHED = ("table", "views", "prose", "plan")


def stamps(built: sphinxproject.Built) -> dict[str, int]:
    return {d: (built.outdir / f"{d}.html").stat().st_mtime_ns for d in WATCHED}


def rename_ms_a_01(root: Path) -> None:
    """Give MS-A-01 a new title on its page (the edit most tests here make)."""
    plan = root / "src" / "plan.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "```{milestone} Title of MS-A-01", "```{milestone} Renamed token rollout"),
        encoding="utf-8")


def rebuild(root: Path) -> sphinxproject.Built:
    """Build the project in ``root`` again, incrementally, without rewriting its files."""
    return sphinxproject.rebuild(root)


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, sphinxproject.Built]:
    return tmp_path, sphinxproject.build(tmp_path, PAGES)


def test_a_new_title_shows_on_every_page_that_lists_it(project) -> None:
    root, first = project
    before = stamps(first)
    rename_ms_a_01(root)
    second = rebuild(root)
    assert second.warning_lines() == []
    for page in ("table", "views", "plan"):
        assert "Renamed token rollout" in second.html(page), page
    assert "Title of MS-A-01" not in second.html("table") + second.html("views")
    after = stamps(second)
    assert after["prose"] == before["prose"], "a page without needs was written again"


def test_a_prose_edit_rewrites_its_own_page_only(project) -> None:
    root, first = project
    before = stamps(first)
    prose = root / "src" / "prose.md"
    prose.write_text("# Prose\n\nA page without needs, edited.\n", encoding="utf-8")
    second = rebuild(root)
    after = stamps(second)
    assert "edited" in second.html("prose") and after["prose"] != before["prose"]
    assert {d: after[d] == before[d] for d in ("table", "views", "plan")} == {
        "table": True, "views": True, "plan": True}


def test_a_body_edit_of_a_need_rewrites_no_view(project) -> None:
    root, first = project
    before = stamps(first)
    plan = root / "src" / "plan.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "What MS-A-02 is about.", "What MS-A-02 is about, said better."), encoding="utf-8")
    after = stamps(rebuild(root))
    assert after["plan"] != before["plan"]
    assert (after["table"], after["views"]) == (before["table"], before["views"])


def test_nothing_changed_writes_nothing(project) -> None:
    root, first = project
    before = stamps(first)
    assert stamps(rebuild(root)) == before


def test_a_new_day_rewrites_the_pages_that_say_what_now_is(project, monkeypatch) -> None:
    """The status views say which week today falls in: a build on another day (or for
    another reported week) writes them again, and nothing else."""
    root, first = project
    before = stamps(first)
    monkeypatch.setenv("ROADMAP_TODAY", "2025-10-22")
    built = rebuild(root)
    after = stamps(built)
    assert after["views"] != before["views"]
    assert (after["prose"], after["table"]) == (before["prose"], before["table"])
    html = (built.outdir / "views.html").read_text(encoding="utf-8")
    assert "the calendar says week 3 (Wednesday 22 Oct 2025)" in html


def test_a_finding_keeps_failing_the_build_until_it_is_fixed(tmp_path: Path) -> None:
    """Rule results are kept between builds; a kept finding is reported again."""
    broken = sphinxproject.build(tmp_path, PAGES, changes={"MET-B": {"target": 80}})
    message = "[CONS-METRIC-DIRECTION] MET-B: target 80 is not better than baseline 50"
    assert any(message in line for line in broken.warning_lines())
    again = rebuild(tmp_path)  # nothing changed: the kept result, reported again
    assert any(message in line for line in again.warning_lines())
    cache = tmp_path / "_build" / "doctrees" / "roadmap-cache.pickle"
    assert cache.is_file()
    plan = tmp_path / "src" / "plan.md"
    fixed = plan.read_text(encoding="utf-8").replace(":target: 80", ":target: 20")
    plan.write_text(fixed, encoding="utf-8")
    assert not any("CONS-METRIC-DIRECTION" in line for line in rebuild(tmp_path).warning_lines())


def test_the_report_follows_a_fix_that_changes_no_need(tmp_path: Path) -> None:
    """An unknown option fails a guard but changes no need; once fixed, the report page
    (which shows the rule results) is written again with every rule holding."""
    pages = {**PAGES, "report": "# Report\n\n```{roadmap-report}\n```\n"}
    sphinxproject.build(tmp_path, pages)
    plan = tmp_path / "src" / "plan.md"
    clean = plan.read_text(encoding="utf-8")
    plan.write_text(clean.replace(":id: MS-A-01\n", ":id: MS-A-01\n:priority: high\n"),
                    encoding="utf-8")
    broken = rebuild(tmp_path)
    assert "rules fail" in broken.html("report")
    plan.write_text(clean, encoding="utf-8")
    fixed = rebuild(tmp_path)
    assert fixed.warning_lines() == []
    assert "rules hold" in fixed.html("report") and "rules fail" not in fixed.html("report")


def test_the_exports_follow_a_new_title_and_are_kept_when_nothing_changed(project) -> None:
    """The export step after a build (as ``make html`` runs it) writes the exports
    again only when the needs (or settings) changed, and a missing one again; the
    build itself writes none."""
    root, first = project
    assert not (first.outdir / "exports").exists()
    sheet = sphinxproject.export(first) / "roadmap.csv"
    written = sheet.stat().st_mtime_ns
    sphinxproject.export(rebuild(root))
    assert sheet.stat().st_mtime_ns == written
    rename_ms_a_01(root)
    again = sphinxproject.export(rebuild(root))
    assert "Renamed token rollout" in (again / "roadmap.csv").read_text(encoding="utf-8")
    (again / "roadmap.ics").unlink()
    assert (sphinxproject.export(rebuild(root)) / "roadmap.ics").is_file()


def test_a_kept_source_guard_result_is_reported_until_the_page_is_fixed(tmp_path: Path
                                                                        ) -> None:
    """The source guards' results are kept with the pages they were found on: an
    unknown option fails every build until it is removed, a no-op build included."""
    sphinxproject.build(tmp_path, PAGES)
    plan = tmp_path / "src" / "plan.md"
    clean = plan.read_text(encoding="utf-8")
    plan.write_text(clean.replace(":id: MS-A-01\n", ":id: MS-A-01\n:priority: high\n"),
                    encoding="utf-8")
    for _ in range(2):
        assert any("MS-A-01" in line and "priority" in line
                   for line in rebuild(tmp_path).warning_lines())
    plan.write_text(clean, encoding="utf-8")
    assert rebuild(tmp_path).warning_lines() == []


REFS = {"refs": "# Refs\n\nThe token rollout is {need}`MS-A-01`.\n",
        "other-refs": "# Other refs\n\nThe second milestone is {need}`MS-A-02`.\n"}


def test_a_reference_on_a_page_without_tables_shows_the_new_title(tmp_path: Path) -> None:
    """A {need} reference shows the need's title: the page is written again when that
    need changes, and only then (a page naming another need stays as it was)."""
    first = sphinxproject.build(tmp_path, {**PAGES, **REFS})
    assert "Title of MS-A-01" in first.html("refs")
    before = (first.outdir / "other-refs.html").stat().st_mtime_ns
    rename_ms_a_01(tmp_path)
    second = rebuild(tmp_path)
    assert "Renamed token rollout" in second.html("refs")
    assert (second.outdir / "other-refs.html").stat().st_mtime_ns == before


def test_a_new_link_shows_on_the_card_of_the_need_it_points_to(tmp_path: Path) -> None:
    """The card of a need lists the needs that link to it: when a need on another page
    starts linking to it, its page is written again although its text did not change."""
    sphinxproject.build(tmp_path, PAGES, changes={"EX-A": {"docname": "outside"}})
    outside = tmp_path / "src" / "outside.md"
    outside.write_text(outside.read_text(encoding="utf-8").replace(
        ":implements: MS-A-01", ":implements: MS-A-01, MS-A-02"), encoding="utf-8")
    plan = rebuild(tmp_path).html("plan")
    card = plan[plan.index('id="MS-A-02"'):]
    assert "EX-A" in card[:card.find('id="MET-A"') if 'id="MET-A"' in card else None]


def test_a_new_title_shows_on_the_cards_that_link_to_it(tmp_path: Path) -> None:
    """A card shows the titles of the needs it links to: the page of a need linking to a
    renamed one is written again (EX-A, on its own page, implements MS-A-01)."""
    first = sphinxproject.build(tmp_path, PAGES, changes={"EX-A": {"docname": "outside"}})
    assert "Title of MS-A-01" in first.html("outside")
    rename_ms_a_01(tmp_path)
    outside = rebuild(tmp_path).html("outside")
    assert "Renamed token rollout" in outside and "Title of MS-A-01" not in outside


TITLE_PAGES = {
    **PAGES,
    "metrics": "# Metrics\n\n```{needtable}\n:types: metric\n:columns: id, title\n```\n",
    "by-title": "# By title\n\n```{needtable}\n:filter: type == \"gate\" or \"rollout\" in "
                "title\n:columns: id, title\n```\n",
    "trace": "# Trace\n\n```{roadmap-traceability} WS-A\n```\n",
}


def test_a_new_title_rewrites_only_the_tables_that_show_or_select_it(tmp_path: Path
                                                                      ) -> None:
    """A title edit rewrites the tables and views that showed the need and those whose
    filter reads titles; a table of metrics stays as it was."""
    first = sphinxproject.build(tmp_path, TITLE_PAGES)
    assert "MS-A-01" not in first.html("by-title")
    before = {d: (first.outdir / f"{d}.html").stat().st_mtime_ns for d in TITLE_PAGES}
    rename_ms_a_01(tmp_path)
    second = rebuild(tmp_path)
    assert second.warning_lines() == []
    after = {d: (second.outdir / f"{d}.html").stat().st_mtime_ns for d in TITLE_PAGES}
    assert "Renamed token rollout" in second.html("by-title")  # the filter now selects it
    assert "Renamed token rollout" in second.html("table") + second.html("views")
    assert after["metrics"] == before["metrics"] and after["prose"] == before["prose"]


def test_a_graph_is_written_again_for_the_new_title_of_a_need_it_draws_only(
        tmp_path: Path) -> None:
    """A traceability graph is an image file, but its page names the needs it draws: a
    phase's new title (the graph does not draw phases) leaves the page as it was, a
    milestone's new title writes it again."""
    first = sphinxproject.build(tmp_path, TITLE_PAGES)
    trace = first.outdir / "trace.html"
    before = trace.stat().st_mtime_ns
    plan = tmp_path / "src" / "plan.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "```{phase} Title of PH-1", "```{phase} Foundations"), encoding="utf-8")
    assert rebuild(tmp_path).warning_lines() == []
    assert trace.stat().st_mtime_ns == before
    rename_ms_a_01(tmp_path)
    assert rebuild(tmp_path).warning_lines() == []
    assert trace.stat().st_mtime_ns != before


def test_a_moved_due_week_rewrites_every_table(tmp_path: Path) -> None:
    """Anything but a title may change what any table or view selects: all of them are
    written again."""
    first = sphinxproject.build(tmp_path, TITLE_PAGES)
    before = (first.outdir / "metrics.html").stat().st_mtime_ns
    plan = tmp_path / "src" / "plan.md"
    text = plan.read_text(encoding="utf-8")
    block = text[text.index(":id: MS-A-01"):]
    due = block[block.index(":due:"):block.index("\n", block.index(":due:"))]
    plan.write_text(text.replace(block, block.replace(due, ":due: 3", 1), 1), encoding="utf-8")
    second = rebuild(tmp_path)
    assert (second.outdir / "metrics.html").stat().st_mtime_ns != before


_BUILD_NOISE = re.compile(r"SNCB-[0-9a-f]+|\?v=[0-9a-f]+")  # per-build container IDs, asset stamps
EDITS = {
    "title": ("```{milestone} Title of MS-A-01", "```{milestone} Renamed token rollout"),
    "link": (":implements: MS-A-01", ":implements: MS-A-01, MS-A-02"),
    "target": (":id: MET-A\n:baseline: 0\n:target: 10\n",
               ":id: MET-A\n:baseline: 0\n:target: 12\n"),
}


def _pages(outdir: Path) -> dict[str, str]:
    return {str(p.relative_to(outdir)): _BUILD_NOISE.sub("", p.read_text(encoding="utf-8"))
            for p in sorted(outdir.rglob("*.html"))}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_incremental_build_writes_what_a_fresh_build_writes(tmp_path: Path, edit: str
                                                               ) -> None:
    """After an edit, every page of the incremental build is the page a build from
    scratch writes: nothing is left stale, whichever pages were skipped."""
    pages = {**TITLE_PAGES, **REFS}
    old, new = EDITS[edit]
    incremental = tmp_path / "incremental"
    sphinxproject.build(incremental, pages, changes={"EX-A": {"docname": "outside"}})
    for page in (incremental / "src").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        if old in text:
            page.write_text(text.replace(old, new, 1), encoding="utf-8")
    rebuilt = rebuild(incremental)
    fresh = tmp_path / "fresh"
    shutil.copytree(incremental / "src", fresh / "src")
    scratch = sphinxproject.rebuild(fresh)
    assert rebuilt.warning_lines() == [] and scratch.warning_lines() == []
    assert _pages(rebuilt.outdir) == _pages(scratch.outdir)


def test_the_search_data_is_kept_when_nothing_changed_and_follows_a_new_title(project
                                                                              ) -> None:
    """The search's data file is written again only when what it is made of changed: a
    no-op keeps it, a new title is in it after the next build."""
    root, first = project
    data = first.outdir / "_static" / "roadmap-search-data.js"
    written = data.stat().st_mtime_ns
    assert rebuild(root).warning_lines() == []
    assert data.stat().st_mtime_ns == written
    rename_ms_a_01(root)
    rebuild(root)
    assert "Renamed token rollout" in data.read_text(encoding="utf-8")
