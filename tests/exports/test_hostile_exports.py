"""The exports of a hostile plan: no cell of the CSV or the workbook is a formula, no
value reaches the ReqIF unescaped, a value no export can hold is refused with its
place, and a failing export leaves the old folder as it was."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from roadmap.exports import EXPORTS, ExportError, ExportSource, write_exports
from roadmap.exports.sheet import neutral, roadmap_csv, roadmap_xlsx, starts_a_formula
from roadmap.graph import NeedsJsonError

FORMULAS = ['=HYPERLINK("https://evil.example/","open")', "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1",
            "\uff1dWEBSERVICE(\"https://evil.example/\")", "  =1+1"]
Change = Callable[[Callable[[dict[str, dict[str, Any]]], None]], ExportSource]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_is_neutralised(text: str) -> None:
    assert starts_a_formula(text) and neutral(text) == "'" + text


@pytest.mark.parametrize("text", ["MS-SEC-05 Secrets", "3", "", "a = b", "'quoted"])
def test_plain_text_is_left_alone(text: str) -> None:
    assert neutral(text) == text


@pytest.fixture(scope="module")
def hostile(changed_source: Change) -> ExportSource:
    def change(needs: dict[str, dict[str, Any]]) -> None:
        needs["MS-SEC-05"]["title"] = FORMULAS[0]
        needs["MS-SEC-05"]["owner"] = FORMULAS[1]
        needs["MS-SEC-05"]["content"] = FORMULAS[3]
        needs["RSK-DB-MIGRATION"]["title"] = FORMULAS[6]
        needs["GAP-SEC-FRAMEWORK"]["content"] = "- a list item\n- another"
    return changed_source(change)


def test_no_csv_cell_is_a_formula(hostile: ExportSource) -> None:
    rows = list(csv.reader(io.StringIO(roadmap_csv(hostile).decode("utf-8"), newline="")))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if starts_a_formula(c)]
    assert f"'{FORMULAS[1]}" in cells and "'- a list item\n- another" in cells


def test_no_workbook_cell_is_a_formula(hostile: ExportSource) -> None:
    from openpyxl import load_workbook

    data = roadmap_xlsx(hostile)
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    title = next(c for c in cells if c.value == FORMULAS[0])
    assert title.data_type == "s" and title.quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


@pytest.mark.parametrize(("field", "value", "what"), [
    ("start", '1"/><SPEC-OBJECT IDENTIFIER="x', "start is a text"),
    ("effort", float("nan"), "effort is NaN, expected a finite number"),
    ("due", float("inf"), "due is Infinity"),
    ("owner", {"name": "Security Lead"}, "owner is an object"),
    ("owner", 42, "owner is a number 42, expected a text"),
])
def test_a_value_no_export_can_read_is_refused(changed_source: Change, field: str,
                                               value: Any, what: str) -> None:
    def change(needs: dict[str, dict[str, Any]]) -> None:
        needs["MS-SEC-05"][field] = value
    with pytest.raises(NeedsJsonError, match=f"\\[GUARD-VALUES\\] MS-SEC-05: {what}"):
        changed_source(change)


@pytest.mark.parametrize(("value", "what"), [
    ("Secrets\x08 rotation", "U+0008"), ("Secrets \u202e50-CES-SM", "U+202E RIGHT-TO-LEFT"),
    ("Secrets\u200brotation", "U+200B ZERO WIDTH SPACE")])
def test_a_character_no_export_may_hold_is_refused_at_its_need(
        changed_source: Change, value: str, what: str) -> None:
    def change(needs: dict[str, dict[str, Any]]) -> None:
        needs["MS-SEC-05"]["title"] = value
    with pytest.raises(ExportError, match=r"^modules/security-roadmap.md:\d+: \[GUARD-VALUES\] "
                                          rf"MS-SEC-05: title holds {re.escape(what)}"):
        changed_source(change)


def test_a_failing_export_leaves_the_old_folder(hostile: ExportSource, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "exports"
    write_exports(hostile, folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    def broken(_source: ExportSource) -> bytes:
        raise ValueError("the workbook writer failed")
    failing = [e if e.filename != "roadmap.xlsx" else type(e)(e.filename, e.title, e.audience,
                                                             broken) for e in EXPORTS]
    monkeypatch.setattr("roadmap.exports.EXPORTS", tuple(failing))
    with pytest.raises(ValueError, match="workbook writer"):
        write_exports(hostile, folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports"]  # no half folder left


def test_a_folder_of_other_files_is_not_replaced(hostile: ExportSource, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    written = write_exports(hostile, tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert all(p.is_file() for p in written)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


# ------------------------------------------------------------- after a hostile build
@pytest.fixture(scope="module")
def hostile_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import hostile_site
    import sphinxproject

    built = hostile_site.build(tmp_path_factory.mktemp("hostile-exports"))
    return sphinxproject.export(built)  # the export step of make html


def test_the_exports_of_a_hostile_build_read_back_without_a_formula(hostile_exports: Path
                                                                    ) -> None:
    from openpyxl import load_workbook

    text = (hostile_exports / "roadmap.csv").read_text(encoding="utf-8")
    cells = [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]
    assert not [c for c in cells if starts_a_formula(c)]
    assert any(c.startswith("'+cmd") for c in cells)  # the hostile owner, neutralised
    sheet = load_workbook(hostile_exports / "roadmap.xlsx").active
    workbook_cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in workbook_cells if c.data_type == "f"]
    assert any(c.quotePrefix and str(c.value).startswith("=HYPERLINK") for c in workbook_cells)


def test_the_reqif_and_the_calendar_of_a_hostile_build_parse(hostile_exports: Path) -> None:
    from xml.etree import ElementTree

    from icalendar import Calendar

    root = ElementTree.parse(hostile_exports / "roadmap.reqif").getroot()
    names = [e.get("THE-VALUE") for e in root.iter() if e.tag.endswith("ATTRIBUTE-VALUE-STRING")]
    assert any(str(n).startswith("=HYPERLINK") for n in names)  # as text, escaped
    calendar = Calendar.from_ical((hostile_exports / "roadmap.ics").read_bytes())
    assert calendar.walk("VEVENT")
