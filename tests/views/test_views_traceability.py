"""Traceability graph of a workstream (Graphviz DOT)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from roadmap.views import traceability


@pytest.fixture
def traced(make_graph, base_needs, milestone, need):
    return make_graph(
        *base_needs,
        need("GAP-1", "gap", 'Auth "bypass" <CVSS 9.1> & more'),
        milestone("MS-A", 1, 2, addresses=["GAP-1"]),
        milestone("MS-B", 3, 4, workstream="WS-B"),
        need("MET-1", "metric", measures=["MS-A"]),
        need("MET-2", "metric", measures=["MS-B"]),
        need("TST-1", "test", verifies=["MET-1"]),
        need("TST-2", "test", verifies=["MS-A"]),
        need("MON-1", "monitor", monitors=["MET-1"]),
        need("RSK-1", "risk", workstream=["WS-A"], threatens=["MS-A"], mitigated_by=["MS-B"]),
        need("RSK-2", "risk", workstream=["WS-B"], threatens=["MS-B"], mitigated_by=["MS-B"]),
    )


def test_trace_holds_gap_to_monitor_and_risk_to_mitigation(traced):
    nodes, edges = traceability.workstream_trace(traced, "WS-A")
    assert [n.id for n in nodes] == ["GAP-1", "RSK-1", "MS-A", "MS-B", "MET-1", "TST-1",
                                     "TST-2", "MON-1"]
    assert {(a.id, b.id, k) for a, b, k in edges} == {
        ("GAP-1", "MS-A", "addresses"), ("MS-A", "MET-1", "measures"),
        ("MS-A", "TST-2", "verifies"), ("MET-1", "TST-1", "verifies"),
        ("MET-1", "MON-1", "monitors"), ("RSK-1", "MS-B", "mitigated_by")}


def test_dot_escapes_labels_and_links_every_node(traced):
    dot = traceability.traceability_dot(traced, "WS-A", href=lambda n: f"../p.html#{n.id}",
                                        colors={"gap": "#F4B6A6"})
    assert dot.count('URL="../p.html#') == 8
    assert 'target="_top"' in dot
    label = re.search(r'"GAP-1" \[label=(<.*?>), fillcolor', dot).group(1)
    assert label.startswith("<<B>GAP-1</B><BR/>Auth &quot;bypass&quot; &lt;CVSS")
    assert "&amp;" in label and '"' not in label
    assert 'tooltip="GAP-1: Auth \\"bypass\\" <CVSS 9.1> & more"' in dot
    assert re.search(r'"RSK-1" -> "MS-B" \[style=dashed\]', dot)
    # MS-B belongs to another workstream: a dashed box
    assert re.search(r'"MS-B" \[[^\n]*style="filled,rounded,dashed"', dot)
    assert not re.search(r'"MS-A" \[[^\n]*dashed', dot)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_dot_source_renders(traced):
    dot = traceability.traceability_dot(traced, "WS-A", href=lambda n: f"p.html#{n.id}")
    svg = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True,
                         check=True).stdout.decode()
    assert svg.count("<a ") >= 8 and "MS-A" in svg
