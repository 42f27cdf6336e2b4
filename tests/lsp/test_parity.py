"""The language server says what the build says: every fault fixture whose rule the
server runs (a graph, schema or source rule of the registry, or a warning of
sphinx-needs it gives itself) is applied to a copy of the pages and fed to the server's
index; the server must report the fixture's rule, need, message and line. No Sphinx
build: the index parses only the pages a fixture changed.

The fixtures it cannot answer are listed with the reason (``test_out_of_scope``).
"""

from __future__ import annotations

import faultkit
import pytest
from faultfeed import Registry, Site, matched, out_of_scope, record

from roadmap.inputs import from_conf
from roadmap.lsp.diagnostics import diagnose

FAULTS = faultkit.load_faults()
REGISTRY = Registry.of(from_conf(faultkit.DOCS_ROOT))
SCOPE = {f.name: out_of_scope(f, REGISTRY) for f in FAULTS}
IN_SCOPE = [f for f in FAULTS if SCOPE[f.name] is None]


def test_the_pristine_pages_give_no_warning(site: Site) -> None:
    assert [record(d) for d in diagnose(site.index)] == []


@pytest.mark.parametrize("fault", IN_SCOPE, ids=lambda f: f.name)
def test_server_reports_what_the_build_reports(fault: faultkit.Fault, site: Site) -> None:
    with site.broken(fault) as index:
        found = diagnose(index)
        hits = matched(fault, found, site.src)
    assert hits, (f"{fault.name}: expected [{fault.expect['rule']}] "
                  f"{fault.expect.get('need', '')} /{fault.expect['message']}/; the server "
                  "said:\n" + "\n".join(record(d) for d in found))


def test_out_of_scope() -> None:
    """The fixtures left out, each with its reason: the site guards, Sphinx's and MyST's
    own warnings, the manifest guard and the faults only a needs.json can have (lost needs,
    a need of another type). Every
    other rule of the registry is in scope, so a new rule's fixture is checked here the
    day it lands."""
    left_out = {name: reason for name, reason in SCOPE.items() if reason is not None}
    assert all(("built-site guard" in reason or "Sphinx's or MyST's own" in reason
                or "the manifest of the build" in reason or "lost needs" in reason
                or "command line's check" in reason or "another type" in reason)
               for reason in left_out.values())
    families = {REGISTRY.rules[f.expect["rule"]].family for f in IN_SCOPE
                if f.expect["rule"] in REGISTRY.rules}
    assert families == {"graph", "schema", "source"}
    assert len(IN_SCOPE) >= 60


def test_every_fixture_is_judged_one_way_or_the_other() -> None:
    assert len(IN_SCOPE) + sum(r is not None for r in SCOPE.values()) == len(FAULTS)
