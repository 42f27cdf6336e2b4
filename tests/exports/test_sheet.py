"""roadmap.csv (Jira's import shape) and roadmap.xlsx, read back: one row per need,
every link once, parents before children, dates of the program calendar."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from roadmap.exports import ExportSource
from roadmap.exports.sheet import SECONDS_PER_PERSON_WEEK, link_header
from roadmap.exports.source import schedule_of
from roadmap.roles import TYPES

Row = dict[str, list[str]]  # header -> the values under it (repeated headers keep all)


@pytest.fixture(scope="session")
def csv_rows(exports_dir: Path) -> tuple[list[str], list[list[str]]]:
    raw = (exports_dir / "roadmap.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    return rows[0], rows[1:]


def as_dict(header: list[str], row: list[str]) -> Row:
    out: Row = {}
    for name, value in zip(header, row, strict=True):
        out.setdefault(name, []).append(value)
    return out


def test_one_row_per_need(csv_rows: tuple[list[str], list[list[str]]],
                          export_source: ExportSource) -> None:
    header, rows = csv_rows
    assert "Summary" in header and all(len(r) == len(header) for r in rows)
    assert sorted(as_dict(header, r)["Need ID"][0] for r in rows) == sorted(
        export_source.graph.needs)
    assert all(c.replace(" ", "").isalnum() for c in header)  # Jira: no punctuation


def test_every_link_once_and_parents_first(csv_rows: tuple[list[str], list[list[str]]],
                                           export_source: ExportSource,
                                           site_links: list[tuple[str, str, str]]) -> None:
    header, rows = csv_rows
    records = [as_dict(header, r) for r in rows]
    need_of = {r["Issue ID"][0]: r["Need ID"][0] for r in records}
    columns = {link_header(export_source, link): link for link in export_source.links()}
    found, seen = [], set()
    for record in records:
        need = export_source.graph.needs[record["Need ID"][0]]
        parent = record["Parent"][0]
        assert not parent or parent in seen, "a parent row comes before its children"
        groups = need.targets_of("phase") or need.targets_of("workstream")
        if need.type not in (TYPES.phase, TYPES.workstream) and groups:
            assert need_of[parent] == groups[0]
        assert record["Issue Type"][0] == (
            "Epic" if need.type in (TYPES.phase, TYPES.workstream) else "Task")
        seen.add(record["Issue ID"][0])
        for title, link in columns.items():
            found += [(need.id, link, need_of[v]) for v in record.get(title, []) if v]
    assert sorted(found) == site_links


def test_dates_and_effort(csv_rows: tuple[list[str], list[list[str]]],
                          export_source: ExportSource) -> None:
    header, rows = csv_rows
    weeks = export_source.settings.calendar
    for record in (as_dict(header, r) for r in rows):
        need = export_source.graph.needs[record["Need ID"][0]]
        if need.type != TYPES.milestone:
            continue
        start, due = int(record["Start week"][0]), int(record["Due week"][0])
        assert (start, due) == (need.week("start"), need.week("due"))
        assert record["Start date"][0] == weeks.week(start).first_day.isoformat()
        assert record["Due date"][0] == weeks.week(due).last_day.isoformat()
        effort = need.number("effort") or 0
        assert int(record["Original Estimate"][0]) == round(effort * SECONDS_PER_PERSON_WEEK)
        assert record["Owner"][0] == need.get("owner")


def test_the_workbook_filters_the_same_rows(exports_dir: Path, export_source: ExportSource,
                                            site_links: list[tuple[str, str, str]]) -> None:
    book = load_workbook(exports_dir / "roadmap.xlsx")
    sheet = book["Roadmap"]
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref == sheet.dimensions
    rows = list(sheet.iter_rows(values_only=True))
    header, body = list(rows[0]), rows[1:]
    assert len(body) == len(export_source.graph.needs)
    columns = {link_header(export_source, link): link for link in export_source.links()}
    found = []
    for row in body:
        record = dict(zip(header, row, strict=True))
        need = export_source.graph.needs[str(record["Need ID"])]
        when = schedule_of(export_source, need)
        due = record["Due date"]
        assert (due.date() if isinstance(due, dt.datetime) else due) == when.last
        for title, link in columns.items():
            found += [(need.id, link, t) for t in str(record[title] or "").split(", ") if t]
    assert sorted(found) == site_links
    assert book.properties.created == dt.datetime(2025, 10, 6)
