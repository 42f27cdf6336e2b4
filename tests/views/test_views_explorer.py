"""Explorer records and facet semantics (the reference the page's script follows)."""

from __future__ import annotations

import json

import pytest

from roadmap.render.custom_nodes import json_script
from roadmap.views import explorer


@pytest.fixture
def small(make_graph, base_needs, milestone, need):
    return make_graph(
        *base_needs,
        milestone("MS-A", 1, 2, owner="Alpha Lead"),
        milestone("MS-B", 5, 6, phase="PH-2", workstream="WS-B", owner="Beta Lead",
                  status="done"),
        need("MET-1", "metric", measures=["MS-A", "MS-B"]),
        need("RSK-1", "risk", likelihood=2, impact=2, threatens=["MS-B"], owner="Beta Lead"),
        need("RES-1", "resource", kind="tool"),
    )


def href(need):
    return f"x.html#{need.id}"


def test_records_carry_every_facet(small):
    records = {r["id"]: r for r in explorer.explorer_records(small, href)}
    assert records["MS-A"] == {"id": "MS-A", "title": "Milestone MS-A", "url": "x.html#MS-A",
                               "start": 1, "due": 2, "start_date": "6 Oct 2025",
                               "due_date": "17 Oct 2025", "depends_on": [], "score": None,
                               "type": ["milestone"], "phase": ["PH-1"],
                               "week": ["1", "2"], "workstream": ["WS-A"],
                               "status": ["planned"], "owner": ["Alpha Lead"]}
    assert records["RSK-1"]["score"] == 4 and records["MS-B"]["score"] is None
    assert records["PH-2"]["week"] == ["5", "6", "7", "8"] and records["RSK-1"]["week"] == []
    assert records["MET-1"]["phase"] == ["PH-1", "PH-2"]
    assert records["MET-1"]["workstream"] == ["WS-A", "WS-B"]
    assert records["WS-A"]["owner"] == ["Alpha Lead"]  # a workstream's lead
    assert records["RES-1"]["phase"] == [] and records["RES-1"]["status"] == []


def test_facets_combine_and_values_of_one_facet_are_alternatives(small):
    records = explorer.explorer_records(small, href)
    ids = lambda sel: sorted(r["id"] for r in explorer.matching(records, sel))  # noqa: E731
    assert ids({"phase": ["PH-2"]}) == ["MET-1", "MS-B", "PH-2", "RSK-1"]
    assert ids({"phase": ["PH-2"], "type": ["milestone"]}) == ["MS-B"]
    assert ids({"phase": ["PH-1", "PH-2"], "type": ["milestone", "risk"]}) == [
        "MS-A", "MS-B", "RSK-1"]
    assert ids({"status": ["done"], "owner": ["Alpha Lead"]}) == []
    assert len(ids({})) == len(records)


def test_counts_ignore_their_own_facet(small):
    records = explorer.explorer_records(small, href)
    counts = explorer.facet_counts(records, {"type": ["milestone"], "phase": ["PH-1"]})
    assert counts["phase"] == {"PH-1": 1, "PH-2": 1}  # type=milestone only
    assert counts["type"]["milestone"] == 1 and counts["type"]["metric"] == 1
    assert counts["owner"] == {"Alpha Lead": 1}


def test_facet_options_are_ordered_and_labelled(small):
    payload = explorer.explorer_payload(small, href)
    facets = {f["key"]: f for f in payload["facets"]}
    assert list(facets) == list(explorer.FACETS)
    assert [v["value"] for v in facets["phase"]["values"]] == ["PH-1", "PH-2"]
    assert facets["phase"]["values"][0]["label"] == "PH-1 Foundation"
    types = [v["value"] for v in facets["type"]["values"]]
    assert types.index("phase") < types.index("milestone") < types.index("risk")
    assert payload["types"]["gate"] == "Quality gate"
    assert len(payload["needs"]) == len(small.needs)


def test_embedded_json_cannot_close_its_script(small, need, make_graph):
    graph = make_graph(need("GAP-1", "gap", "</script><script>alert(1)</script> & more"))
    html = json_script("roadmap-explorer-data", explorer.explorer_payload(graph, href))
    body = html.split('type="application/json" id="roadmap-explorer-data">', 1)[1]
    data, rest = body.split("</script>", 1)
    assert json.loads(data)["needs"][0]["title"].startswith("</script>")
    assert rest == ""


def test_the_week_facet_selects_what_is_active_that_week(small):
    records = explorer.explorer_records(small, href)
    ids = sorted(r["id"] for r in explorer.matching(records, {"week": ["6"],
                                                              "type": ["milestone"]}))
    assert ids == ["MS-B"]
    facets = {f["key"]: f for f in explorer.explorer_payload(small, href)["facets"]}
    weeks = facets["week"]["values"]
    assert [v["value"] for v in weeks][:3] == ["1", "2", "3"]
    assert weeks[5]["label"] == "Week 6, 10 Nov"


def test_the_search_matches_id_starts_and_word_starts(small):
    records = {r["id"]: r for r in explorer.explorer_records(small, href)}
    ms_a = records["MS-A"]
    assert explorer.text_matches(ms_a, "ms-a")
    assert explorer.text_matches(ms_a, "alpha mile")
    assert not explorer.text_matches(ms_a, "ilestone")  # not inside a word
    assert not explorer.text_matches({"id": "MS-DB-06", "title": "Index fixes"}, "6")
    assert explorer.text_matches({"id": "MS-DB-06", "title": "Index fixes"}, "06")
