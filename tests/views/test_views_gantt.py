"""The timeline's layout and SVG: one row per milestone under its workstream, labels
wrapped at a word and never overlapping or leaving their panel, bars and arrows where
the weeks say, the forecast and the baseline, the today and as-of lines, and every
value escaped."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
import synthetic

from roadmap.config import DEFAULTS, settings_from
from roadmap.gantt import model as chart
from roadmap.gantt import svg, textwidth
from roadmap.gantt.layout import gantt_layout
from roadmap.graph import build_graph

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = ['Auth: fix #1; now "quoted" <b>bold</b> & more', "%% not a comment",
           "]]> </svg><script>alert(1)</script>"]


def href(need):
    return f"p.html#{need.id}"


@pytest.fixture
def planned(make_graph, base_needs, milestone):
    return make_graph(
        *base_needs,
        milestone("MS-A-01", 1, 2, title="A very long title of a milestone that needs "
                  "several lines to be read whole, because nobody cuts it mid-word"),
        milestone("MS-A-02", 3, 4, depends_on=("MS-A-01",)),
        milestone("MS-A-03", 3, 3, depends_on=("MS-A-01",)),  # starts before A-01 ends
        milestone("MS-B-01", 5, 8, phase="PH-2", workstream="WS-B",
                  depends_on=("MS-A-02",), title=HOSTILE[0]),
        milestone("MS-B-02", 6, 6, phase="PH-2", workstream="WS-B", title=HOSTILE[2]),
        milestone("MS-W-01", 2, 2, depends_on=("MS-A-01",), workstream="WS-B",
                  title="Week 2 checkpoint"),
    )


def bbox(text: chart.Text) -> tuple[float, float, float, float]:
    return text.left, text.y - text.size * 0.8, text.left + text.width, text.y + text.size * 0.25


def overlaps(a: chart.Text, b: chart.Text) -> bool:
    ax1, ay1, ax2, ay2 = bbox(a)
    bx1, by1, bx2, by2 = bbox(b)
    return ax1 < bx2 - 0.5 and bx1 < ax2 - 0.5 and ay1 < by2 - 0.5 and by1 < ay2 - 0.5


def assert_clean(panel: chart.Panel) -> None:
    texts = panel.texts()
    for text in texts:
        left, top, right, bottom = bbox(text)
        assert left >= 0 and right <= panel.width + 0.5, (text.text, left, right, panel.width)
        assert top >= -0.5 and bottom <= panel.height + 0.5, (text.text, top, bottom)
    clashes = [(a.text, b.text) for a, b in itertools.combinations(texts, 2) if overlaps(a, b)]
    assert clashes == []


def test_rows_lanes_and_labels_never_collide(planned):
    settings = settings_from({"roadmap_checkpoint_prefix": "MS-W-"})
    layout = gantt_layout(planned, settings, href=href, critical={"MS-A-01", "MS-A-02"})
    lanes = layout.model.lanes
    assert [lane.title for lane in lanes] == ["Alpha stream", "Beta stream"]
    assert [b.need.id for b in lanes[0].bars] == ["MS-A-01", "MS-A-03", "MS-A-02"]
    assert [b.need.id for b in lanes[1].checkpoints] == ["MS-W-01"]  # a diamond, not a bar
    for panel in (layout.labels, layout.compact, layout.axis):
        assert_clean(panel)
    titles = [t.text for t in layout.labels.texts() if t.cls == "title"]
    long = planned.needs["MS-A-01"].title
    first = next(i for i, t in enumerate(titles) if long.startswith(t))
    lines = titles[first:first + 4]
    assert " ".join(lines[:3]).startswith(long[:60]) and "\u2026" not in "".join(titles)
    # every line of a label fits the label column
    for text in layout.labels.texts():
        assert text.left + text.width <= layout.style.label_width


def test_weeks_axis_dates_and_week_links(planned):
    layout = gantt_layout(planned, DEFAULTS, href=href,
                                week_href=lambda week: f"weeks/week-{week:02d}.html")
    weeks = [t for t in layout.axis.texts() if t.cls == "week"]
    assert [t.text for t in weeks] == [f"W{w}" for w in range(1, 9)]
    assert weeks[5].href == "weeks/week-06.html"
    assert weeks[5].title == "W6: week 6, 10\u201314 Nov 2025"  # the name holds the label
    days = [t.text for t in layout.axis.texts() if t.cls == "day"]
    assert days == ["6", "13", "20", "27", "3", "10", "17", "24"]
    assert [t.text for t in layout.axis.texts() if t.cls == "month"] == ["Oct 2025", "Nov"]
    phases = [t.text for t in layout.axis.texts() if t.cls == "phase"]
    assert phases == ["PH-1 Foundation", "PH-2 Core"]


def test_bars_and_arrows_follow_the_weeks(planned):
    layout = gantt_layout(planned, DEFAULTS, href=href)
    ww = layout.week_width
    bars = {s.href: s for s in layout.bars.shapes
            if isinstance(s, chart.Rect) and "bar" in s.cls.split()}
    a1 = bars["p.html#MS-A-01"]
    assert a1.x == pytest.approx(1) and a1.w == pytest.approx(2 * ww - 2)
    b1 = bars["p.html#MS-B-01"]
    assert b1.x == pytest.approx(4 * ww + 1)
    arrows = [s for s in layout.bars.shapes if isinstance(s, chart.Path)]
    assert len(arrows) == 4  # A-01 -> A-02, A-03, W-01 and A-02 -> B-01 (no checkpoints)
    starts = sorted(float(a.d.split()[0][1:].split(",")[0]) for a in arrows)
    assert starts[0] == pytest.approx(2 * ww - 1)  # from the end of MS-A-01's bar
    ends = [float(a.d.split()[-1][1:]) for a in arrows]
    assert any(end == pytest.approx(4 * ww + 1) for end in ends)  # into MS-B-01's start


def test_forecast_moves_a_bar_and_the_baseline_lies_under_it(planned):
    layout = gantt_layout(planned, DEFAULTS, href=href,
                                forecast={"MS-A-02": (4, 5)},
                                baseline={"MS-A-02": (3, 4), "MS-B-01": (5, 8)})
    shapes = layout.bars.shapes
    moved = next(s for s in shapes if isinstance(s, chart.Rect) and s.href == "p.html#MS-A-02")
    assert "forecast" in moved.cls and moved.x == pytest.approx(3 * layout.week_width + 1)
    assert "planned 3\u20134" in (moved.title or "")
    base = [s for s in shapes if isinstance(s, chart.Rect) and s.cls == "baseline"]
    assert len(base) == 2
    under = next(b for b in base if "MS-A-02" in (b.title or ""))
    assert under.x == pytest.approx(2 * layout.week_width + 1)
    assert under.y >= moved.y + moved.h and under.h < moved.h
    legend = [text for _, text in layout.legend]
    assert "baseline" in legend and "forecast (moved from the plan)" in legend


def test_today_and_as_of_lines(planned):
    settings = settings_from({"roadmap_as_of": 3})
    layout = gantt_layout(planned, settings, href=href, today=date(2025, 11, 12))
    today = [s for s in layout.bars.shapes if isinstance(s, chart.Line) and s.cls == "today"]
    assert len(today) == 1  # Wednesday of week 6
    assert 5 * layout.week_width < today[0].x1 < 6 * layout.week_width
    as_of = [s for s in layout.bars.shapes if isinstance(s, chart.Rect) and s.cls == "as-of"]
    assert as_of[0].x == pytest.approx(2 * layout.week_width)
    outside = gantt_layout(planned, settings, href=href, today=date(2030, 1, 1))
    assert not [s for s in outside.bars.shapes if getattr(s, "cls", "") == "today"]


def test_a_pause_of_the_calendar_is_drawn_between_its_weeks(planned):
    settings = settings_from({"roadmap_non_working": (("2025-10-20", "2025-10-24", "Freeze"),
                                                      ("2025-11-04", "2025-11-04", "Day"))})
    layout = gantt_layout(planned, settings, href=href)
    pauses = [s for s in layout.bars.shapes if isinstance(s, chart.Line) and s.cls == "pause"]
    assert len(pauses) == 1 and "Freeze" in (pauses[0].title or "")  # not the one day off
    assert pauses[0].x1 == pytest.approx(2 * layout.week_width)


def test_svg_is_well_formed_and_escapes_every_value(planned):
    layout = gantt_layout(planned, DEFAULTS, href=lambda n: f'p.html#{n.id}"&<')
    html = svg.gantt_html(layout, 'Caption "with" <markup> & more')
    assert "<script>" not in html and "<b>" not in html
    root = ET.fromstring(f"<root>{html}</root>")
    titles = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text")
                      if t.get("class") == "title")
    assert HOSTILE[0] in titles and HOSTILE[2] in titles  # as text, wrapped at words
    links = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert 'p.html#MS-A-01"&<' in links
    assert root.find(".//figcaption").text == 'Caption "with" <markup> & more'


def test_textwidth_wraps_at_words_within_the_room():
    lines = textwidth.wrap("one two three four five six seven eight nine ten", 60, 11)
    assert len(lines) > 1 and all(textwidth.width(line, 11) <= 60 for line in lines)
    assert textwidth.wrap("supercalifragilistic", 20, 11) == ["supercalifragilistic"]
    assert textwidth.width("MS-1", 11, bold=True) > textwidth.width("MS-1", 11)


def month_clashes(layout) -> list[tuple[str, str]]:
    """Each month label of the axis that a vertical line of the axis (a phase boundary,
    the as-of or today line) runs through, or that overlaps another text of the axis."""
    texts = layout.axis.texts()
    lines = [s for s in layout.axis.shapes if isinstance(s, chart.Line) and s.x1 == s.x2]
    clashes = []
    for month in (t for t in texts if t.cls == "month"):
        left, _, right, _ = bbox(month)
        clashes += [(month.text, f"{line.cls} at x={line.x1:.1f}") for line in lines
                    if left - 1 < line.x1 < right + 1]
        clashes += [(month.text, other.text) for other in texts
                    if other is not month and overlaps(month, other)]
    return clashes


def test_no_month_label_crosses_a_phase_line_on_the_real_plan(graph, project):
    """The real plan's timeline (whole and per phase): "Jan 2026" once ran through the
    line between PH-3 and PH-4."""
    layouts = [gantt_layout(graph, project.settings, href=href, today=project.settings.build_date)]
    layouts += [gantt_layout(graph, project.settings, href=href, phase=p.id)
                for p in graph.of_type("phase")]
    for layout in layouts:
        assert month_clashes(layout) == [], layout.model.description
        months = [t.text for t in layout.axis.texts() if t.cls == "month"]
        assert months, layout.model.description  # shortened or moved, never all dropped


@pytest.mark.parametrize("monday", [date(2025, 9, 1) + timedelta(weeks=n) for n in range(0, 52, 3)])
def test_no_month_label_crosses_a_phase_line_on_a_generated_plan(monday, project):
    """The generated plan (four phases of four weeks) started on Mondays across a year,
    so that month changes fall on and beside every phase boundary."""
    plan = build_graph(synthetic.generate(synthetic.FIXED_SIZE + synthetic.BLOCK_SIZE),
                       project.metamodel)
    settings = settings_from({"roadmap_calendar_start": monday.isoformat(),
                              "roadmap_as_of": synthetic.AS_OF})
    layout = gantt_layout(plan, settings, href=href)
    assert len(layout.model.phases) == synthetic.PHASES
    assert month_clashes(layout) == []
    assert len([t for t in layout.axis.texts() if t.cls == "month"]) >= 3


def test_the_first_printed_page_leaves_room_for_the_now_line(graph, project):
    """On paper the "Now" line and the note open the chart's first page: that page holds
    PRINT_LEAD_MM less of the chart than the others, each at most PRINT_PAGE_MM."""
    layout = gantt_layout(graph, project.settings, href=href)
    scale = (layout.labels.width + layout.bars.width) / svg.PRINT_WIDTH_MM
    heights = [(layout.axis.height + sum(b - t for t, b in page)) / scale
               for page in svg.print_pages(layout)]
    assert len(heights) > 1
    assert heights[0] <= svg.PRINT_PAGE_MM - svg.PRINT_LEAD_MM + 0.01
    assert max(heights[1:]) <= svg.PRINT_PAGE_MM + 0.01
