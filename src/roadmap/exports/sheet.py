"""The plan as a spreadsheet: a CSV in the shape of Jira's CSV import, and a workbook
to filter.

One row per need. The CSV follows what Atlassian documents for an import with
hierarchy and links: a header row with a ``Summary`` column, an ``Issue ID`` number
per row, ``Parent`` holding the parent row's Issue ID (a phase, or a workstream for a
need in no phase, both imported as Epics and written first), and one column per link
type, repeated under the same header for several targets, holding the targets' Issue
IDs; the importer's wizard binds each column to a field or a link type. Dates are
``yyyy-MM-dd``; ``Original Estimate`` is in seconds (a person-week is 5 days of 8
hours). The workbook has the same rows with need IDs instead of Issue IDs, real dates,
a frozen header and a filter on every column.

No cell runs as a formula (OWASP's rule against CSV injection): a text that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or their full-width
forms, which spreadsheets read alike) is written with a leading ``'`` in the CSV, and
in the workbook as a text cell marked as quoted (Excel's own "quote prefix"), never
as a formula.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from roadmap.exports.source import ExportSource, Schedule, schedule_of
from roadmap.exports.text import plain
from roadmap.graph import Need
from roadmap.roles import FIELDS, LINKS, TYPES

# What makes a spreadsheet read a cell as a formula (or as the start of one).
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
SECONDS_PER_PERSON_WEEK = 5 * 8 * 3600  # Jira's default time tracking: 1w = 5d, 1d = 8h
EPIC, TASK = "Epic", "Task"
EPIC_TYPES = (TYPES.phase, TYPES.workstream)

Value = str | int | float | date | None


@dataclass(frozen=True)
class SheetRow:
    need: Need
    issue_id: int
    parent: Need | None
    schedule: Schedule


def link_header(source: ExportSource, link: str) -> str:
    """A link type's column title: its outgoing name (``Depends on``), no punctuation."""
    name = source.metamodel.outgoing_name(link)
    return name[:1].upper() + name[1:]


def ordered(source: ExportSource) -> list[Need]:
    """Epics (phases by their weeks, then workstreams) first, then every other need by
    type in the metamodel's order and ID: Jira wants parents before children."""
    types = list(source.metamodel.types)

    def key(need: Need) -> tuple[int, int, str]:
        rank = EPIC_TYPES.index(need.type) if need.type in EPIC_TYPES else 2
        kind = types.index(need.type) if need.type in types else len(types)
        return rank, kind if rank == 2 else need.week(FIELDS.start) or 0, need.id

    return sorted(source.needs(), key=key)


def sheet_rows(source: ExportSource) -> list[SheetRow]:
    needs = ordered(source)
    ids = {need.id: index for index, need in enumerate(needs, start=1)}
    rows = []
    for need in needs:
        parent = None
        if need.type not in EPIC_TYPES:
            groups = (source.graph.targets(need, LINKS.phase)
                      or source.graph.targets(need, LINKS.workstream))
            parent = groups[0] if groups else None
        rows.append(SheetRow(need, ids[need.id], parent, schedule_of(source, need)))
    return rows


def _width(rows: Sequence[SheetRow], link: str) -> int:
    return max((len(r.need.targets_of(link)) for r in rows), default=0)


def labels_of(need: Need) -> list[str]:
    """Jira labels: the need ID, its type and tags (a label has no spaces)."""
    return [v.replace(" ", "_") for v in (need.id, need.type, *(need.get("tags") or ()))]


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _effort(need: Need) -> tuple[str, str]:
    effort = need.number(FIELDS.effort)
    if effort is None:
        return "", ""
    return f"{effort:g}", str(round(effort * SECONDS_PER_PERSON_WEEK))


def _common(source: ExportSource, row: SheetRow) -> list[str]:
    need = row.need
    return [need.id, source.metamodel.type_title(need.type), str(need.get(FIELDS.status) or ""),
            ", ".join(need.targets_of(LINKS.phase)), ", ".join(need.targets_of(LINKS.workstream))]


def jira_table(source: ExportSource) -> tuple[list[str], list[list[str]]]:
    """The CSV's header and rows."""
    rows = sheet_rows(source)
    ids = {r.need.id: str(r.issue_id) for r in rows}
    labels = max(len(labels_of(r.need)) for r in rows) if rows else 1
    widths = {link: _width(rows, link) for link in source.links()}
    header = ["Issue ID", "Issue Type", "Summary", "Parent", "Need ID", "Need Type", "Status",
              "Phase", "Workstream", "Component", "Start week", "Start date", "Due week",
              "Due date", "Owner", "Effort person weeks", "Original Estimate",
              *["Labels"] * labels]
    for link, width in widths.items():
        header += [link_header(source, link)] * width
    header += ["Description", "Page"]
    table = []
    for row in rows:
        need, when = row.need, row.schedule
        tags = labels_of(need)
        cells = [str(row.issue_id), EPIC if need.type in EPIC_TYPES else TASK,
                 f"{need.id} {need.title}", ids[row.parent.id] if row.parent else "",
                 *_common(source, row),
                 need.targets_of(LINKS.workstream)[0] if need.targets_of(LINKS.workstream)
                 else "",
                 str(when.start_week or ""), _iso(when.first), str(when.due_week or ""),
                 _iso(when.last), str(need.get(FIELDS.owner) or need.get(FIELDS.lead) or ""),
                 *_effort(need), *tags, *[""] * (labels - len(tags))]
        for link, width in widths.items():
            targets = [ids[t] for t in need.targets_of(link) if t in ids]
            cells += targets + [""] * (width - len(targets))
        cells += [plain(str(need.get("content") or ""), need.docname, source.site_url),
                  source.url(need)]
        table.append(cells)
    return header, table


def starts_a_formula(text: str) -> bool:
    """Whether a spreadsheet would read a text cell as a formula (blanks before the
    sign do not stop it)."""
    stripped = text.lstrip(" ")
    return bool(stripped) and stripped[0] in FORMULA_STARTS


def neutral(text: str) -> str:
    """A CSV cell that no spreadsheet runs: a leading ``'`` before a formula's sign."""
    return "'" + text if starts_a_formula(text) else text


def roadmap_csv(source: ExportSource) -> bytes:
    """UTF-8 without a byte-order mark, CRLF line ends, every field quoted, no field
    read as a formula."""
    header, rows = jira_table(source)
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([neutral(cell) for cell in row] for row in rows)
    return out.getvalue().encode("utf-8")


# ------------------------------------------------------------------ workbook
def workbook_table(source: ExportSource) -> tuple[list[str], list[list[Value]]]:
    """The workbook's header and rows: need IDs in the link columns, dates as dates."""
    header = ["Need ID", "Type", "Status", "Phase", "Workstream", "Title", "Start week",
              "Start date", "Due week", "Due date", "Owner", "Effort (person-weeks)",
              *[link_header(source, link) for link in source.links()], "Page"]
    table: list[list[Value]] = []
    for row in sheet_rows(source):
        need, when = row.need, row.schedule
        cells: list[Value] = [*_common(source, row), need.title, when.start_week, when.first,
                              when.due_week, when.last,
                              need.get(FIELDS.owner) or need.get(FIELDS.lead),
                              need.number(FIELDS.effort)]
        cells += [", ".join(need.targets_of(link)) or None for link in source.links()]
        cells.append(source.url(need))
        table.append(cells)
    return header, table


class _FixedTimeZip(zipfile.ZipFile):
    """openpyxl stamps every part with the time of writing (``writestr`` with a name)
    and adds the worksheets from temporary files (``write``, with their time and mode):
    every part gets one fixed time instead."""

    date_time = (1980, 1, 1, 0, 0, 0)

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.date_time)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
            zinfo_or_arcname.external_attr = 0o644 << 16
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: int | None = None,
              compresslevel: int | None = None) -> None:
        self.writestr(str(arcname or Path(filename).name), Path(filename).read_bytes())


WIDTHS = {"Need ID": 20, "Title": 60, "Page": 60, "Owner": 24, "Type": 14}


def _cell(sheet: Any, value: Value, name: str) -> Any:
    """A value as the write-only sheet takes it: a text that would start a formula as
    a quoted text cell, a date in the sheet's date format; any other value as it is."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str) and starts_a_formula(value):
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"  # openpyxl took it for a formula
        cell.quotePrefix = True
        return cell
    if name.endswith("date") and isinstance(value, date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


def _header_cells(sheet: Any, header: list[str]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, name)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        cells.append(cell)
    return cells


def roadmap_xlsx(source: ExportSource) -> bytes:
    """The workbook, written row by row (openpyxl's write-only mode: no cell objects
    kept for the whole sheet)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    header, rows = workbook_table(source)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Roadmap")
    for index, name in enumerate(header, start=1):  # before the first row is written
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(name, 16)
    sheet.freeze_panes = "B2"  # the header row and the need IDs stay in view
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    sheet.append(_header_cells(sheet, header))
    for cells in rows:
        sheet.append([_cell(sheet, value, name) for value, name in zip(cells, header,
                                                                        strict=True)])
    # wb.save() would set the modification time to now: write the parts ourselves
    when = source.stamp.replace(tzinfo=None)
    book.properties.created = book.properties.modified = datetime(*when.timetuple()[:6])
    book.properties.creator = book.properties.lastModifiedBy = source.project
    out = io.BytesIO()
    with _FixedTimeZip(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).write_data()
    return out.getvalue()
