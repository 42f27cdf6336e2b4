"""The editor shows a finding with its rule's severity: an error as an error, a warning
rule's finding (HEALTH-STALE) as a warning and a new rule's note as information, as
``roadmap check`` prints them (FAIL, WARN, NOTE)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from roadmap.findings import SEVERITIES, Finding, Rule, RuleResult, Severity
from roadmap.lsp.diagnostics import from_results
from roadmap.lsp.server import EDITOR_SEVERITY


class _Index:
    """What from_results reads of the index: the project's root."""

    root = Path("/project")


@pytest.mark.parametrize(("severity", "shown"), [
    ("error", types.DiagnosticSeverity.Error),
    ("warning", types.DiagnosticSeverity.Warning),
    ("new", types.DiagnosticSeverity.Information)])
def test_a_finding_keeps_its_rules_severity(severity: Severity,
                                            shown: types.DiagnosticSeverity) -> None:
    rule = Rule("HEALTH-STALE", "Health updates are current", "", "graph",
                severity=severity)
    result = RuleResult(rule, ["WS-A"], [Finding("HEALTH-STALE", "WS-A", "no update since "
                                                 "week 3", "/project/plan.md", 7)])
    (found,) = from_results([result], _Index())  # type: ignore[arg-type]
    assert (found.file, found.line, found.severity) == ("plan.md", 7, severity)
    assert EDITOR_SEVERITY[found.severity] == shown


def test_every_severity_has_its_editor_severity() -> None:
    assert set(EDITOR_SEVERITY) == set(SEVERITIES)
