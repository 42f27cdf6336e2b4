"""The critical path (the timeline's drawing is tested in test_views_gantt.py)."""

from __future__ import annotations

import sys

from roadmap import program_schedule as schedule


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
    path = schedule.critical_path(graph)
    assert len(path.ids) == 20_000 and path.ids[-1] == "MS-19999"


def test_critical_path_work_grows_linearly_with_the_chain(make_graph, base_needs, milestone):
    """Counted in lines of Python run (this thread only), not timed: ten times the
    chain costs about ten times the lines, where a quadratic walk would cost a hundred."""
    def lines_run(length: int) -> int:
        chain = [milestone("MS-0", 1, 1)] + [
            milestone(f"MS-{i}", 1, 1, depends_on=(f"MS-{i - 1}",)) for i in range(1, length)]
        graph = make_graph(*base_needs, *chain)
        count = 0

        def tracer(frame, event, arg):  # type: ignore[no-untyped-def]
            nonlocal count
            count += event == "line"
            return tracer

        sys.settrace(tracer)
        try:
            schedule.critical_path(graph)
        finally:
            sys.settrace(None)
        return count

    assert lines_run(2_000) / lines_run(200) < 12
