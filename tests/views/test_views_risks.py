"""The risk register: by score, highest first, with the band of the project's settings,
its early warning and contingency in a row of their own, and one legend of four bands."""

from __future__ import annotations

from docutils import nodes

from roadmap.views import ViewArgs, risks


def test_register_sorts_by_score_and_shows_bands_and_prose(make_graph, base_needs, milestone,
                                                           need, view_context):
    graph = make_graph(
        *base_needs, milestone("MS-A", 1, 2), milestone("MS-C", 5, 6, phase="PH-2"),
        need("RSK-LOW", "risk", "Low", likelihood=1, impact=2, threatens=["MS-A"],
             indicator="Low indicator", contingency="Low plan"),
        need("RSK-CRIT", "risk", "Critical", likelihood=4, impact=4, threatens=["MS-A"],
             mitigated_by=["MS-A"], indicator="Crit indicator"),
        need("RSK-P2", "risk", "Phase two", likelihood=3, impact=4, threatens=["MS-C"]),
    )
    assert [r.id for r in risks.scoped_risks(graph)] == ["RSK-CRIT", "RSK-P2", "RSK-LOW"]
    assert [r.id for r in risks.scoped_risks(graph, phase="PH-1")] == ["RSK-CRIT",
                                                                             "RSK-LOW"]
    (box,) = risks.build(view_context(graph), ViewArgs(options={"phase": "PH-1"}))
    legend = next(box.findall(nodes.paragraph)).astext().strip()
    assert legend.endswith("low: 1-4 medium: 5-9 high: 10-14 critical: 15-25")
    table = next(box.findall(nodes.table))
    scores = [e.astext() for e in table.findall(nodes.entry)
              if any(c.startswith("roadmap-band-") for c in e["classes"])]
    assert scores == ["16 critical", "2 low"]
    prose = [e.astext() for e in table.findall(nodes.entry) if "roadmap-prose" in e["classes"]]
    assert prose[0].startswith("Early warning: Crit indicator")
    assert "If it happens: Low plan" in prose[1]
