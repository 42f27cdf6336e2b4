"""LINK-RESOLVED: every outgoing link names an existing need of an allowed type."""

from __future__ import annotations

from minigraph import at, graph, only

from roadmap.rules.links import LINKS_RESOLVE, check_links


def test_base_plan_links_resolve() -> None:
    result = check_links(graph())
    assert result.ok
    assert result.checked == len(graph().needs)


def test_dangling_link() -> None:
    result = check_links(graph({"MS-A-02": {"depends_on": ["MS-A-01", "MS-A-99"]}}))
    finding = only(result)
    assert finding.rule == LINKS_RESOLVE.id == "LINK-RESOLVED"
    at(finding, "MS-A-02")
    assert finding.message == "'depends_on' links to MS-A-99, which does not exist"


def test_link_to_wrong_type() -> None:
    result = check_links(graph({"MS-A-02": {"addresses": ["MS-A-01"]}}))
    finding = only(result)
    at(finding, "MS-A-02")
    assert finding.message == "'addresses' links to MS-A-01, a milestone; allowed: gap"


def test_link_allowing_several_types() -> None:
    assert check_links(graph({"RSK-A": {"threatens": ["PH-2", "MS-A-02"]}})).ok
    finding = only(check_links(graph({"RSK-A": {"threatens": ["MET-A"]}})))
    at(finding, "RSK-A")
    assert finding.message == ("'threatens' links to MET-A, a metric; allowed: milestone, "
                               "phase")


def test_comma_separated_links_are_read_as_lists() -> None:
    """A hand-made needs.json may hold links as "A, B" strings."""
    result = check_links(graph({"MS-A-02": {"depends_on": "MS-A-01, MS-A-98"}}))
    assert [f.message for f in result.findings] == [
        "'depends_on' links to MS-A-98, which does not exist"]
