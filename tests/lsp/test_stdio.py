"""The server over real stdio, as an editor drives it (tests/lspclient.py): a few fault
fixtures sent as the editor's text of the page they change, answered with the build's
warning; incremental edits, debounced runs, references and completion."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

import faultkit
import pytest
from faultfeed import Site
from lspclient import PUBLISH, LspClient

FAULTS = {f.name: f for f in faultkit.load_faults()}
# one of each kind: a graph rule, a schema rule, a source guard, sphinx-needs' warnings
THROUGH_STDIO = ["milestone-outside-phase", "missing-required-field", "unknown-option",
                 "dangling-link", "broken-need-role"]


@pytest.fixture(scope="module")
def client(site: Site) -> Iterator[LspClient]:
    with LspClient(site.src) as started:
        started.initialize()
        yield started


def record(file: str, diagnostic: dict[str, Any]) -> str:
    """A published diagnostic as the build prints its warning."""
    code = diagnostic["code"]
    kind = code if code.startswith("needs.") else f"roadmap.{code}"
    return f"{file}:{diagnostic['range']['start']['line'] + 1}: WARNING: " \
           f"{diagnostic['message']} [{kind}]"


@pytest.mark.parametrize("name", THROUGH_STDIO)
def test_the_server_answers_a_fault_with_the_build_warning(name: str, site: Site,
                                                           client: LspClient) -> None:
    fault = FAULTS[name]
    with site.broken(fault) as index:
        changed = {file: text for file, text in index.texts.items()
                   if text != (faultkit.DOCS_ROOT / file).read_text(encoding="utf-8")}
        location = faultkit.expected_location(fault, site.src, site.src)
    assert len(changed) == 1 and location is not None
    (file, text), = changed.items()
    assert location.startswith(f"{file}:")
    start = len(client.notices)
    client.open(file, text, version=7)
    published = client.diagnostics(file, after=start, version=7)
    records = [record(file, d) for d in published.params["diagnostics"]]
    start = len(client.notices)
    client.notify("textDocument/didClose", {"textDocument": {"uri": client.uri(file)}})
    client.diagnostics(file, after=start)  # back to the page on disk
    assert [r for r in records if faultkit.matches(fault, r, location)], records


def test_incremental_edits_are_debounced_into_one_run(site: Site) -> None:
    page = "modules/security-roadmap.md"
    lines = (site.src / page).read_text(encoding="utf-8").split("\n")
    line = lines.index(":id: MS-SEC-05") + 1
    while not lines[line].startswith(":depends_on:"):
        line += 1
    command = [sys.executable, "-m", "roadmap", "lsp", "--project", str(site.src),
               "--debounce", "3"]
    with LspClient(site.src, command) as client:
        client.initialize()
        client.open(page)
        client.diagnostics(page, version=1)
        start = len(client.notices)
        end = len(lines[line])
        for version, typed in enumerate([",", " ", "MS", "-SEC", "-99"], start=2):
            client.edit(page, line, end, end, typed, version)  # typed at the end of the line
            end += len(typed)
        published = client.diagnostics(page, after=start, version=6)
        runs = [n for n in client.notices[start:] if n.method == PUBLISH
                and n.params["uri"] == client.uri(page)]
    assert len(runs) == 1  # five changes in a row, one run of the rules
    assert [d["message"] for d in published.params["diagnostics"]] == [
        "Need 'MS-SEC-05' has unknown outgoing link 'MS-SEC-99' in field 'depends_on'"]


def test_references_and_completion(client: LspClient) -> None:
    page = "modules/security-roadmap.md"
    lines = (faultkit.DOCS_ROOT / page).read_text(encoding="utf-8").split("\n")
    at = {"textDocument": {"uri": client.uri(page)}}
    own = lines.index(":id: MS-SEC-05")
    found = client.request("textDocument/references", {
        **at, "position": {"line": own, "character": 6},
        "context": {"includeDeclaration": True}})
    assert {"line": own, "character": 5} in [f["range"]["start"] for f in found]
    assert len(found) > 3
    depends = next(n for n in range(own, own + 15) if lines[n].startswith(":depends_on:"))
    offered = client.request("textDocument/completion", {
        **at, "position": {"line": depends, "character": len(lines[depends])}})
    labels = [item["label"] for item in offered["items"]]
    assert labels and all(re.match(r"^MS-", label) for label in labels)
