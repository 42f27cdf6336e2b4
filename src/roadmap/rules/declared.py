"""The needs.json against the build's manifest: no need lost, none added.

Runs on the command line when ``roadmap-manifest.json`` lies next to the needs.json
(the build writes it there), so a needs.json that lost needs after the build fails
even without ``--source``. See :mod:`roadmap.manifest` for why.
"""

from __future__ import annotations

from roadmap.findings import Finding, Rule, RuleResult
from roadmap.inputs import ProjectInputs
from roadmap.suite import Check, SuiteInputs, register

MANIFEST = Rule(
    "GUARD-MANIFEST", "Export matches the build",
    "The needs.json holds exactly the needs the build declared in its manifest "
    "(roadmap-manifest.json, written next to needs.json): a need removed from the export "
    "after the build, or every need removed, is named at the place it is written.",
    "source")


def check_manifest(inputs: SuiteInputs) -> RuleResult:
    assert inputs.manifest is not None  # the suite runs this check only with a manifest
    manifest, graph = inputs.manifest, inputs.graph
    result = RuleResult(MANIFEST)
    for need_id, declared in manifest.needs.items():
        result.checked_ids.append(need_id)
        if need_id not in graph.needs:
            result.findings.append(Finding(
                MANIFEST.id, need_id, f"{declared.type} declared by the build (see "
                f"{manifest.path.name}) is missing from {graph.origin or 'the needs.json'}",
                declared.file, declared.line))
    for need in graph.needs.values():
        if need.id not in manifest.needs:
            result.checked_ids.append(need.id)
            result.findings.append(Finding.at(
                MANIFEST.id, need, f"is in the needs.json but the build that wrote "
                f"{manifest.path.name} declared no such need"))
    return result


def _rules(_project: ProjectInputs) -> tuple[Rule, ...]:
    return (MANIFEST,)


register(Check("manifest", _rules, lambda inputs: [check_manifest(inputs)], module=__name__))
