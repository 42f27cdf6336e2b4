"""The SVG writer of the timeline: the panels :mod:`roadmap.gantt.layout` has laid out,
as inline SVG inside a small HTML grid.

Every text and every attribute value is escaped here; numbers are formatted here. The
colours are written as presentation attributes (not left to a style sheet), so the
chart reads the same in the browser, in dark mode (on its light panel) and in a PDF
renderer that runs no script and knows little CSS. The grid keeps the week axis on top
while the chart scrolls (``position: sticky`` in ``roadmap-views.css``) and the label
column on the left while it scrolls sideways.
"""

from __future__ import annotations

from html import escape

from roadmap.gantt.layout import GanttLayout, Row
from roadmap.gantt.model import Diamond, Line, Panel, Path, Rect, Shape, Text

FONT = "DejaVu Sans, Verdana, Geneva, sans-serif"
INK = "#1b1b1b"
MUTED = "#555555"
# class -> presentation attributes (the first class of a shape that has an entry wins)
PAINT: dict[str, dict[str, str]] = {
    "critical": {"fill": "#f4a6a6", "stroke": "#b71c1c", "stroke-width": "1.2"},
    "forecast": {"fill": "#ffe0b2", "stroke": "#e65100", "stroke-width": "1",
                 "stroke-dasharray": "3 2"},
    "status-done": {"fill": "#a5d6a7", "stroke": "#2e7d32", "stroke-width": "1"},
    "status-at_risk": {"fill": "#ffcc80", "stroke": "#e65100", "stroke-width": "1"},
    "status-blocked": {"fill": "#bdbdbd", "stroke": "#212121", "stroke-width": "1.2"},
    "bar": {"fill": "#c5cae9", "stroke": "#3949ab", "stroke-width": "1"},
    "baseline": {"fill": "#37474f"},
    "ghost": {"fill": "none", "stroke": "#37474f", "stroke-width": "1.2",
              "stroke-dasharray": "4 3"},
    "checkpoint": {"fill": "#fff59d", "stroke": "#5d4037", "stroke-width": "1"},
    "lane-band": {"fill": "#eef1f4"},
    "phase-0": {"fill": "#dbe9f6"},
    "phase-1": {"fill": "#e8f1fa"},
    "as-of": {"fill": "#fff3c4", "fill-opacity": "0.7"},
    "as-of-line": {"stroke": "#8d6e00", "stroke-width": "2", "stroke-dasharray": "5 3"},
    "week-line": {"stroke": "#e3e6ea", "stroke-width": "1"},
    "phase-line": {"stroke": "#455a64", "stroke-width": "1.5"},
    "pause": {"stroke": "#8d6e63", "stroke-width": "1.5", "stroke-dasharray": "2 3"},
    "today": {"stroke": "#c2185b", "stroke-width": "2"},
    "dependency": {"stroke": "#78909c", "stroke-width": "1", "fill": "none"},
    "dependency critical": {"stroke": "#b71c1c", "stroke-width": "1.4", "fill": "none"},
}
TEXT_FILL = {"id": INK, "title": INK, "lane": "#263238", "phase": "#0d2b45", "week": INK,
             "month": MUTED, "day": MUTED}


def attr(name: str, value: str | float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    return f' {name}="{escape(text, quote=True)}"'


def paint(cls: str) -> str:
    """The presentation attributes of a shape's classes: an entry for the whole class
    list, else the first entry of :data:`PAINT` (in its order) that one class names."""
    names = set(cls.split())
    key = cls if cls in PAINT else next((k for k in PAINT if k in names), None)
    return "".join(attr(k, v) for k, v in PAINT[key].items()) if key else ""


def _title(title: str | None) -> str:
    return f"<title>{escape(title)}</title>" if title else ""


def _linked(href: str | None, label: str | None, body: str) -> str:
    """``body`` inside a link named ``label`` (its tooltip too); the title of a shape
    without a link is the shape's own child."""
    if not href:
        return body
    return f'<a{attr("href", href)}{attr("aria-label", label or "")}>{_title(label)}{body}</a>'


def text(shape: Text) -> str:
    attrs = (attr("x", float(shape.x)) + attr("y", float(shape.y)) + attr("class", shape.cls)
             + attr("font-size", float(shape.size))
             + attr("fill", TEXT_FILL.get(shape.cls, INK)))
    if shape.bold:
        attrs += attr("font-weight", "bold")
    if shape.anchor != "start":
        attrs += attr("text-anchor", shape.anchor)
    own = "" if shape.href else _title(shape.title)
    body = f"<text{attrs}>{own}{escape(shape.text)}</text>"
    return _linked(shape.href, shape.title, body)


def rect(shape: Rect) -> str:
    attrs = (attr("x", float(shape.x)) + attr("y", float(shape.y))
             + attr("width", float(max(shape.w, 1))) + attr("height", float(shape.h))
             + attr("class", shape.cls) + paint(shape.cls))
    if "bar" in shape.cls.split():
        attrs += attr("rx", "2")
    body = f"<rect{attrs}>{'' if shape.href else _title(shape.title)}</rect>"
    return _linked(shape.href, shape.title, body)


def line(shape: Line) -> str:
    attrs = (attr("x1", float(shape.x1)) + attr("y1", float(shape.y1))
             + attr("x2", float(shape.x2)) + attr("y2", float(shape.y2))
             + attr("class", shape.cls) + paint(shape.cls))
    return f"<line{attrs}>{_title(shape.title)}</line>"


def path(shape: Path, marker_id: str) -> str:
    attrs = attr("d", shape.d) + attr("class", shape.cls) + paint(shape.cls)
    if shape.arrow:
        suffix = "-critical" if "critical" in shape.cls.split() else ""
        attrs += attr("marker-end", f"url(#{marker_id}{suffix})")
    return f"<path{attrs}/>"


def diamond(shape: Diamond) -> str:
    x, y, r = shape.x, shape.y, shape.r
    points = " ".join(f"{px:.1f},{py:.1f}" for px, py in
                      ((x, y - r), (x + r, y), (x, y + r), (x - r, y)))
    attrs = attr("points", points) + attr("class", shape.cls) + paint(shape.cls)
    own = "" if shape.href else _title(shape.title)
    return _linked(shape.href, shape.title, f"<polygon{attrs}>{own}</polygon>")


def shape_svg(shape: Shape, marker_id: str) -> str:
    if isinstance(shape, Text):
        return text(shape)
    if isinstance(shape, Rect):
        return rect(shape)
    if isinstance(shape, Line):
        return line(shape)
    if isinstance(shape, Path):
        return path(shape, marker_id)
    return diamond(shape)


def markers(marker_id: str) -> str:
    """The arrowheads of the dependencies (a critical one in red)."""
    out = []
    for suffix, colour in (("", "#78909c"), ("-critical", "#b71c1c")):
        out.append(f'<marker{attr("id", marker_id + suffix)} viewBox="0 0 6 6" refX="5" '
                   f'refY="3" markerWidth="6" markerHeight="6" orient="auto">'
                   f'<path d="M0,0 L6,3 L0,6 z"{attr("fill", colour)}/></marker>')
    return "<defs>" + "".join(out) + "</defs>"


def panel_svg(panel: Panel, cls: str, marker_id: str = "", content_id: str = "") -> str:
    """One panel; its shapes in a group named ``content_id`` that the printed pages
    show again in windows of their own."""
    head = (f'<svg xmlns="http://www.w3.org/2000/svg"{attr("class", cls)}'
            f'{attr("width", float(panel.width))}{attr("height", float(panel.height))}'
            f'{attr("viewBox", f"0 0 {panel.width:.1f} {panel.height:.1f}")}'
            f'{attr("font-family", FONT)}{attr("role", "group")}'
            f'{attr("aria-label", panel.label)}>')
    defs = markers(marker_id) if marker_id else ""
    body = "".join(shape_svg(s, marker_id) for s in panel.shapes)
    if content_id:
        body = f'<g{attr("id", content_id)}>{body}</g>'
    return f"{head}{defs}{body}</svg>"


# ------------------------------------------------------------------ on paper
# The printed chart: A4 turned (roadmap-views.css), 277 mm wide between the margins;
# a printed page holds at most this much of the chart, axis and rows, so that a page
# of rows with its axis and the page's own heading fit.
PRINT_WIDTH_MM = 277.0
PRINT_PAGE_MM = 175.0
# Above the first page stand the view's "Now" line and the note below, both printed
# small (roadmap-views.css): of the sheet's 190 mm, PRINT_PAGE_MM leaves room for the
# note; the "Now" line (two or three lines of 8 pt) needs this much more, so the first
# page holds that much less of the chart and the three share a sheet (a full first
# page left the "Now" line alone on one).
PRINT_LEAD_MM = 7.0
PRINT_NOTE = ("On paper this chart is printed on A4 turned sideways, one page per group "
              "of workstreams: every page repeats the week axis, and a workstream that "
              "continues on the next page repeats its label.")

Window = tuple[float, float]  # top and bottom of a slice of the label and bar panels


def print_pages(layout: GanttLayout) -> list[list[Window]]:
    """The rows of each printed page as windows onto the panels: whole workstreams while
    they fit, a workstream longer than a page continued on the next under its label."""
    scale = (layout.labels.width + layout.bars.width) / PRINT_WIDTH_MM
    first = (PRINT_PAGE_MM - PRINT_LEAD_MM) * scale - layout.axis.height
    room = PRINT_PAGE_MM * scale - layout.axis.height
    pages: list[list[Window]] = []
    used = room  # no page yet
    for lane_rows in _lanes(layout.rows):
        header = lane_rows[0]
        for index, row in enumerate(lane_rows):
            limit = first if len(pages) == 1 else room
            fits = used + row.height <= limit
            if index == 0 and used + sum(r.height for r in lane_rows) > limit:
                fits = False  # a workstream starts on a page of its own when it does not fit
            fresh = bool(pages) and not pages[-1]
            if not fits and not fresh and (index == 0 or used > header.height):
                pages.append([])
                used = 0.0
                if index > 0:  # the workstream's label again above its continued rows
                    _extend(pages[-1], header.top, header.top + header.height)
                    used += header.height
            _extend(pages[-1], row.top, row.top + row.height)
            used += row.height
    return pages


def _lanes(rows: list[Row]) -> list[list[Row]]:
    lanes: list[list[Row]] = []
    for row in rows:
        if row.kind == "lane" or not lanes:
            lanes.append([])
        lanes[-1].append(row)
    return lanes


def _extend(windows: list[Window], top: float, bottom: float) -> None:
    """Add a slice; one that continues the last slice widens it."""
    if windows and abs(windows[-1][1] - top) < 0.01:
        windows[-1] = (windows[-1][0], bottom)
    else:
        windows.append((top, bottom))


def _window(content_id: str, width: float, top: float, height: float, cls: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg"{attr("class", cls)}'
            f'{attr("viewBox", f"0 {top:.1f} {width:.1f} {height:.1f}")}'
            f'{attr("font-family", FONT)}><use{attr("href", "#" + content_id)}/></svg>')


def print_html(layout: GanttLayout, ids: dict[str, str]) -> str:
    """The chart again for paper (hidden on screen): each page its axis, then its rows,
    every panel a window onto the screen chart's own shapes (nothing is drawn twice)."""
    labels, bars, axis = layout.labels, layout.bars, layout.axis
    out = [f'<div class="roadmap-gantt-print" aria-hidden="true">'
           f'<p class="roadmap-gantt-print-note">{escape(PRINT_NOTE)}</p>']
    for windows in print_pages(layout):
        out.append('<div class="roadmap-gantt-page"><div class="roadmap-gantt-page-row">'
                   '<div class="roadmap-gantt-corner">Milestone</div>'
                   f'<div class="roadmap-gantt-axis">'
                   f'{_window(ids["axis"], axis.width, 0, axis.height, "gantt-axis")}</div></div>')
        for top, bottom in windows:
            out.append('<div class="roadmap-gantt-page-row"><div class="roadmap-gantt-labels">'
                       f'{_window(ids["labels"], labels.width, top, bottom - top, "gantt-labels")}'
                       '</div><div class="roadmap-gantt-bars">'
                       f'{_window(ids["bars"], bars.width, top, bottom - top, "gantt-bars")}'
                       '</div></div>')
        out.append("</div>")
    out.append("</div>")
    return "".join(out)


SWATCH = {
    "bar": '<rect x="1" y="2" width="22" height="9" rx="2"{}/>',
    "baseline": '<rect x="1" y="5" width="22" height="3"{}/>',
    "ghost": '<rect x="1" y="1" width="22" height="11" rx="2"{}/>',
    "dependency": '<path d="M1,6.5 H21"{}/>',
    "checkpoint": '<polygon points="12,1 17.5,6.5 12,12 6.5,6.5"{}/>',
    "as-of": '<rect x="6" y="0" width="12" height="13"{}/>',
    "line": '<line x1="12" y1="0" x2="12" y2="13"{}/>',
}


def swatch(cls: str, marker_id: str) -> str:
    kind = cls.split()[0]
    shape = SWATCH.get(kind, SWATCH["line"])
    extra = ""
    if kind == "dependency":
        suffix = "-critical" if "critical" in cls else ""
        extra = attr("marker-end", f"url(#{marker_id}{suffix})")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="24" height="13" '
            f'viewBox="0 0 24 13" aria-hidden="true">{shape.format(paint(cls) + extra)}</svg>')


def legend_html(layout: GanttLayout) -> str:
    items = "".join(f"<li>{swatch(cls, layout.marker_id)} {escape(label)}</li>"
                    for cls, label in layout.legend)
    return f'<ul class="roadmap-gantt-legend">{items}</ul>'


def gantt_html(layout: GanttLayout, caption: str, slice_only: bool = False) -> str:
    """The chart: a scrolling box holding the corner, the axis, the label columns (full
    and, on a phone, IDs only) and the bars; the chart again in pages for paper; the
    legend and the caption below it (the caption last: a figure's caption is its first
    or last child)."""
    total = layout.labels.width + layout.bars.width
    shares = (f"--gantt-labels: {100 * layout.labels.width / total:.2f}%; "
              f"--gantt-bars: {100 * layout.bars.width / total:.2f}%")
    ids = {part: f"{layout.marker_id}-{part}" for part in ("axis", "labels", "bars")}
    # a slice (a phase's, a workstream's) is shown whole; the program's chart scrolls in
    # a box that keeps its axis in view
    classes = "roadmap-gantt" + (" roadmap-gantt-slice" if slice_only else "")
    return (
        f'<figure{attr("class", classes)}{attr("aria-label", caption)}>'
        f'<div class="roadmap-gantt-scroll" tabindex="0" role="region"'
        f'{attr("aria-label", caption + " (scrolls)")}>'
        f'<div class="roadmap-gantt-grid"{attr("style", shares)}>'
        '<div class="roadmap-gantt-corner"><span class="roadmap-gantt-full">Milestone</span>'
        '<span class="roadmap-gantt-short">ID</span></div>'
        f'<div class="roadmap-gantt-axis">'
        f'{panel_svg(layout.axis, "gantt-axis", content_id=ids["axis"])}</div>'
        '<div class="roadmap-gantt-labels">'
        f'{panel_svg(layout.labels, "gantt-labels roadmap-gantt-full", content_id=ids["labels"])}'
        f'{panel_svg(layout.compact, "gantt-labels roadmap-gantt-short")}</div>'
        '<div class="roadmap-gantt-bars">'
        f'{panel_svg(layout.bars, "gantt-bars", layout.marker_id, content_id=ids["bars"])}'
        '</div></div></div>'
        f'<div class="roadmap-gantt-print-frame"{attr("style", shares)}>'
        f'{print_html(layout, ids)}</div>'
        f'{legend_html(layout)}'
        f'<figcaption>{escape(caption)}</figcaption></figure>')
