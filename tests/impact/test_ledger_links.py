"""Suspect links: the fingerprint of a link's target, the review ledger that records it,
clearing, and the ledger's bad inputs (missing, corrupt, naming links that are gone)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import smallplan

from roadmap.fingerprint import fingerprint, parts
from roadmap.ledger import (
    Ledger,
    LedgerError,
    LinkKey,
    clear,
    ledger_text,
    read_ledger,
    review_links,
    write_ledger,
)

LINKS = smallplan.PROJECT.metamodel.links
TARGET = {"MET-B": {"target": 15}}


def cleared(changes: smallplan.Changes | None = None) -> Ledger:
    """A ledger that has reviewed every link of the plan with ``changes``."""
    ledger, _cleared, _dropped = clear(smallplan.graph(changes), Ledger(), None, "Reviewer",
                                       "2026-01-05")
    return ledger


def test_a_fingerprint_holds_what_a_link_relies_on_and_not_progress() -> None:
    metric = smallplan.graph().needs["MET-B"]
    assert set(parts(metric)) == {"title", "baseline", "target", "unit", "direction", "body"}
    same = parts(smallplan.graph({"MS-A-01": {"status": "done", "actual_start": 1,
                                              "actual_end": 4}}).needs["MS-A-01"])
    assert fingerprint(same) == fingerprint(parts(smallplan.graph().needs["MS-A-01"]))
    spaced = smallplan.graph({"MET-B": {"content": "  What MET-B\n is   about. "}})
    plain = smallplan.graph({"MET-B": {"content": "What MET-B is about."}})
    assert parts(spaced.needs["MET-B"]) == parts(plain.needs["MET-B"])
    long = parts(smallplan.graph({"RSK-A": {"indicator": "x" * 60}}).needs["RSK-A"])
    assert str(long["indicator"]).startswith("#")


def test_a_target_change_makes_three_links_suspect_until_cleared() -> None:
    ledger = cleared()
    assert review_links(smallplan.graph(), ledger).clean
    head = smallplan.graph(TARGET)
    review = review_links(head, ledger)
    assert [str(s.key) for s in review.suspect] == [
        "QG-1 checks MET-B", "RSK-A watched_by MET-B", "TST-A verifies MET-B"]
    assert review.suspect[0].text == "MET-B changed (target 20 \u2192 15)"
    ledger, done, dropped = clear(head, ledger, ["QG-1"], "Quality Lead", "2026-01-06")
    assert [str(k) for k in done] == ["QG-1 checks MET-B"] and not dropped
    assert ledger.entries[LinkKey("QG-1", "checks", "MET-B")].cleared_by == "Quality Lead"
    assert len(review_links(head, ledger).suspect) == 2
    ledger, done, _ = clear(head, ledger, None, "Quality Lead", "2026-01-06")
    assert len(done) == 2 and review_links(head, ledger).clean


def test_a_new_link_is_unreviewed_and_a_gone_link_is_stale() -> None:
    ledger = cleared()
    head = smallplan.graph({"QG-1": {"checks": ["MET-A"]}, "EX-A": None})
    review = review_links(head, ledger)
    assert [str(key) for key, _need in review.unreviewed] == ["QG-1 checks MET-A"]
    assert [str(key) for key in review.stale] == ["EX-A implements MS-A-01",
                                                 "QG-1 checks MET-B"]
    _ledger, _done, dropped = clear(head, ledger, ["QG-1"], "Reviewer", "2026-01-06")
    assert [str(key) for key in dropped] == ["EX-A implements MS-A-01", "QG-1 checks MET-B"]


def test_the_file_is_one_sorted_line_per_link_and_reads_back(tmp_path: Path) -> None:
    ledger = cleared()
    path = tmp_path / "reviews" / "links.json"
    write_ledger(path, ledger)
    lines = path.read_text(encoding="utf-8").splitlines()
    link_lines = lines[lines.index('"links": {') + 1:-2]
    assert len(link_lines) == len(ledger.entries)
    assert link_lines == sorted(link_lines)
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == "roadmap-review-ledger/1"
    assert read_ledger(path, LINKS).entries == ledger.entries
    assert ledger_text(read_ledger(path, LINKS)) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("text", "message"), [
    (None, "links.json: the review ledger does not exist; create it with"),
    ('{"format": "roadmap-review-ledger/1",\n"links": {\n"A b C": 1,,\n}}',
     "links.json:3: the review ledger is not valid JSON"),
    ('{"links": {}}', 'links.json: not a review ledger (expected "format": '),
    ('{"format": "roadmap-review-ledger/1",\n"links": {\n"QG-1 guards MET-B": {}}}',
     "links.json:3: 'QG-1 guards MET-B' is not 'SOURCE LINK TARGET' with a link type"),
    ('{"format": "roadmap-review-ledger/1",\n"links": {\n"QG-1 checks MET-B": {"seen": 1}}}',
     'links.json:3: the line of QG-1 checks MET-B needs "fingerprint", "seen"'),
], ids=["missing", "not-json", "not-a-ledger", "bad-key", "bad-line"])
def test_a_ledger_that_cannot_be_read_names_the_file(tmp_path: Path, text: str | None,
                                                     message: str) -> None:
    path = tmp_path / "links.json"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(LedgerError) as error:
        read_ledger(path, LINKS)
    assert str(error.value).startswith(f"{path}") and message in str(error.value)
