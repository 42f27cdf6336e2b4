"""Tables of a view: a caption, a header row and body rows of cells; a cell may span
rows or columns and carry classes, a plain value stands for a cell."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from docutils import nodes

Content: TypeAlias = str | nodes.Node | Sequence[nodes.Node]


@dataclass
class Cell:
    """A table cell with classes or spans; a plain value can stand for a Cell."""

    content: Content
    classes: Sequence[str] = ()
    rows: int = 1  # rows the cell spans
    cols: int = 1  # columns the cell spans


CellLike: TypeAlias = Content | Cell


@dataclass
class Row:
    cells: Sequence[CellLike]
    classes: Sequence[str] = field(default_factory=list)


RowLike: TypeAlias = Row | Sequence[CellLike]


def table(caption: str, headers: Sequence[CellLike], rows: Iterable[RowLike],
          classes: Sequence[str] = (), stub_columns: int = 1) -> nodes.table:
    """A table with a caption, a header row and body rows; the first ``stub_columns``
    columns are row headers."""
    tbl = nodes.table(classes=["roadmap-table", *classes])
    tbl += nodes.title(text=caption)
    group = nodes.tgroup(cols=len(headers))
    tbl += group
    for index, _ in enumerate(headers):
        spec = nodes.colspec(colwidth=1)
        if index < stub_columns:
            spec["stub"] = 1
        group += spec
    head = nodes.thead()
    group += head
    head += _row(Row(headers))
    body = nodes.tbody()
    group += body
    for row in rows:
        body += _row(row if isinstance(row, Row) else Row(row))
    return tbl


def _row(row: Row) -> nodes.row:
    out = nodes.row(classes=list(row.classes))
    for cell in row.cells:
        out += _entry(cell if isinstance(cell, Cell) else Cell(cell))
    return out


def _entry(cell: Cell) -> nodes.entry:
    entry = nodes.entry(classes=list(cell.classes))
    if cell.rows > 1:
        entry["morerows"] = cell.rows - 1
    if cell.cols > 1:
        entry["morecols"] = cell.cols - 1
    content = cell.content
    items = [content] if isinstance(content, str | nodes.Node) else list(content)
    para = nodes.paragraph()
    for item in items:
        node = nodes.Text(item) if isinstance(item, str) else item
        if isinstance(node, nodes.Body) and not isinstance(node, nodes.Inline):
            # a block (a list, a paragraph) stands alone
            if para.children:
                entry += para
                para = nodes.paragraph()
            entry += node
        else:
            para += node
    if para.children or not entry.children:
        entry += para
    return entry

