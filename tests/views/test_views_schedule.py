"""Critical path and Gantt source."""

from __future__ import annotations

import re
import time

from roadmap import schedule
from roadmap.views import gantt


def test_critical_path_is_the_chain_with_most_weeks(make_graph, base_needs, milestone):
    graph = make_graph(
        *base_needs,
        milestone("MS-A", 1, 1),
        milestone("MS-B", 2, 4, depends_on=("MS-A",)),          # A-B: 1 + 3 = 4 weeks
        milestone("MS-C", 1, 2),
        milestone("MS-D", 3, 3, depends_on=("MS-C",)),          # C-D: 2 + 1 = 3 weeks
        milestone("MS-E", 5, 6, depends_on=("MS-B", "MS-D"), phase="PH-2"),
    )
    path = schedule.critical_path(graph)
    assert path.ids == ("MS-A", "MS-B", "MS-E")
    assert path.weeks == 6
    assert (path.start, path.finish) == (1, 6)
    assert path.members == {"MS-A", "MS-B", "MS-E"}


def test_critical_path_ties_go_to_later_end_then_smaller_id(make_graph, base_needs, milestone):
    graph = make_graph(*base_needs, milestone("MS-Z", 1, 2), milestone("MS-Y", 3, 4),
                       milestone("MS-X", 3, 4))
    # three chains of two weeks: MS-X and MS-Y end later than MS-Z, MS-X is smaller
    assert schedule.critical_path(graph).ids == ("MS-X",)


def test_critical_path_skips_cycles_unknown_links_and_undated(make_graph, base_needs, milestone,
                                                               need):
    graph = make_graph(
        *base_needs,
        milestone("MS-A", 1, 2, depends_on=("MS-GONE",)),
        milestone("MS-B", 3, 3, depends_on=("MS-A",)),
        milestone("MS-C1", 1, 4, depends_on=("MS-C2",)),
        milestone("MS-C2", 1, 4, depends_on=("MS-C1",)),
        need("MS-U", "milestone", "undated", depends_on=["MS-B"]),
    )
    path = schedule.critical_path(graph)
    assert path.ids == ("MS-A", "MS-B")
    assert path.weeks == 3


def test_tied_chains_are_all_critical(make_graph, base_needs, milestone):
    graph = make_graph(
        *base_needs,
        milestone("MS-A", 1, 2),
        milestone("MS-B", 3, 4, depends_on=("MS-A",)),
        milestone("MS-C", 1, 3),
        milestone("MS-D", 4, 4, depends_on=("MS-C",)),
        milestone("MS-E", 5, 5, depends_on=("MS-B", "MS-D"), phase="PH-2"),
        milestone("MS-F", 1, 1),
    )
    path = schedule.critical_path(graph)
    assert path.weeks == 5 and path.ids == ("MS-A", "MS-B", "MS-E")
    assert path.members == {"MS-A", "MS-B", "MS-C", "MS-D", "MS-E"}


def test_critical_path_to_a_milestone(make_graph, base_needs, milestone):
    graph = make_graph(
        *base_needs,
        milestone("MS-A", 1, 2),
        milestone("MS-SIGN", 3, 3, depends_on=("MS-A",)),
        milestone("MS-B", 1, 1),
        milestone("MS-C", 2, 3, depends_on=("MS-B",)),
        milestone("MS-LONG", 4, 8, depends_on=("MS-C",), phase="PH-2"),
    )
    assert schedule.critical_path(graph).ids == ("MS-B", "MS-C", "MS-LONG")
    to_sign = schedule.critical_path(graph, "MS-SIGN")
    assert to_sign.ids == ("MS-A", "MS-SIGN") and to_sign.weeks == 3
    assert to_sign.members == {"MS-A", "MS-SIGN"} and to_sign.end == "MS-SIGN"
    assert schedule.critical_path(graph, "MS-GONE").ids == ()


def test_critical_path_of_no_milestones_is_empty(make_graph, base_needs):
    path = schedule.critical_path(make_graph(*base_needs))
    assert path.ids == () and path.weeks == 0 and path.start is None


def test_critical_path_is_linear_on_a_long_chain(make_graph, base_needs, milestone):
    # 20,000 milestones in one chain: a recursive walk would overflow the stack
    chain = [milestone("MS-0", 1, 1)] + [
        milestone(f"MS-{i}", 1, 1, depends_on=(f"MS-{i - 1}",)) for i in range(1, 20_000)]
    graph = make_graph(*base_needs, *chain)
    began = time.perf_counter()
    path = schedule.critical_path(graph)
    assert time.perf_counter() - began < 2.0
    assert len(path.ids) == 20_000 and path.ids[-1] == "MS-19999"


def test_weeks_map_to_sunday_weeks_of_a_hidden_calendar():
    assert gantt.week_start(1).isoformat() == "2023-01-01"
    assert gantt.week_start(1).weekday() == 6  # Sunday, where mermaid puts week ticks
    assert gantt.week_start(2).isoformat() == "2023-01-08"
    assert gantt.week_end(1).isoformat() == "2023-01-07"
    assert gantt.week_end(26) < gantt.week_start(27)


def test_gantt_text_escapes_what_the_gantt_lexer_reads():
    text = gantt.gantt_text("Cut-over: IaC #12; 70%% done\n  now")
    assert ":" not in text and "#" not in text and ";" not in text and "%%" not in text
    assert "\n" not in text
    assert text.startswith("Cut-over \u2013 IaC")


def test_short_label_keeps_the_id_and_cuts_at_a_word(need, as_need):
    n = as_need(need("MS-LONG-01", "milestone",
                     "Final tuning and validation of the response-time reduction target"))
    label = gantt.short_label(n, 40)
    assert label.startswith("MS-LONG-01 Final tuning") and label.endswith("\u2026")
    assert len(label) <= 40
    assert gantt.short_label(n, None) == "MS-LONG-01 " + n.title


def _task_lines(source: str) -> list[str]:
    return [line.strip() for line in source.splitlines() if re.search(r" :.*\d{4}-", line)]


def test_gantt_source_sections_tags_links_and_escaping(make_graph, base_needs, milestone):
    graph = make_graph(
        *base_needs,
        milestone("MS-A", 1, 2, title="Auth: fix #1; now", workstream="WS-B"),
        milestone("MS-B", 3, 4, depends_on=("MS-A",), status="done"),
        milestone("MS-C", 5, 6, phase="PH-2", status="in_progress"),
    )
    source = gantt.gantt_source(graph, critical=("MS-A",), href=lambda n: f"p.html#{n.id}",
                                   id_prefix="g1")
    lines = source.splitlines()
    assert lines[0] == "gantt"
    assert "    section Phases" in lines
    # one section per workstream, in workstream order (start, end, ID)
    sections = [line.strip() for line in lines if line.strip().startswith("section ")]
    assert sections == ["section Phases", "section Alpha stream", "section Beta stream"]
    tasks = {line.split(" :")[0]: line.split(" :")[1] for line in _task_lines(source)}
    assert tasks["MS-A Auth \u2013 fix \uff031, now"].startswith("crit, g1-MS-A, 2023-01-01")
    assert tasks["MS-B Milestone MS-B"].startswith("done, g1-MS-B, 2023-01-15, 2023-01-28")
    assert tasks["MS-C Milestone MS-C"].startswith("active, g1-MS-C")
    # a phase boundary marker at the start of PH-2, none at the start of PH-1
    assert any(line.strip().startswith("PH-2 :vert") for line in lines)
    assert not any(line.strip().startswith("PH-1 :vert") for line in lines)
    assert '    click g1-MS-A href "p.html#MS-A"' in lines
    assert '    click g1-PH-1 href "p.html#PH-1"' in lines
    for line in _task_lines(source):
        name = line.split(" :")[0]
        assert ":" not in name and "#" not in name


def test_gantt_source_phase_slice(make_graph, base_needs, milestone):
    graph = make_graph(*base_needs, milestone("MS-A", 1, 2),
                       milestone("MS-C", 5, 6, phase="PH-2"))
    source = gantt.gantt_source(graph, phase="PH-2")
    names = [line.split(" :")[0] for line in _task_lines(source)]
    assert names == ["PH-2 Core, weeks 5-8", "MS-C Milestone MS-C"]
    assert ":vert" not in source


def test_gantt_source_workstream_slice_and_unassigned(make_graph, base_needs, milestone, need):
    graph = make_graph(*base_needs, milestone("MS-A", 1, 2),
                       milestone("MS-B", 1, 2, workstream="WS-B"),
                       need("MS-N", "milestone", "No stream", start=3, due=3, phase=["PH-1"]))
    sliced = gantt.gantt_source(graph, workstream="WS-B")
    assert [n.split(" :")[0] for n in _task_lines(sliced)][-1] == "MS-B Milestone MS-B"
    assert "MS-A" not in sliced
    whole = gantt.gantt_source(graph)
    assert "    section No workstream" in whole.splitlines()
