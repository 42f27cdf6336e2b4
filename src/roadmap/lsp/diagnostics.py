"""What the build would say about the plan as it is being typed, line by line.

The rules are the registry's (:func:`roadmap.suite.run_suite`): the graph and schema
rules on the graph of the pages, the source guards on the pages' texts (what each page
gives them is kept while the page is unchanged, :class:`roadmap.directive_parser.PageMemo`),
the metamodel guard on ``ubproject.toml``. What sphinx-needs itself warns about in the
build, this module says with sphinx-needs' own words at sphinx-needs' own place: a need
it does not make (``needs.create_need``), a link to no need (``needs.link_outgoing``)
or to a need of the wrong type (``needs.link_target_type``), a ``{need}`` role naming no
need (``needs.link_ref``). Only the built-site guards are left out: there is no built
site while typing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from roadmap.findings import Finding, RuleResult, Severity
from roadmap.graph import Need, RoadmapGraph
from roadmap.lsp.plan_index import PlanIndex
from roadmap.suite import Input, SuiteInputs, run_suite

# what the server reads: everything but the built site and the build's manifest
READS: tuple[Input, ...] = ("graph", "toml", "sources")
# who says it in the build: this package, or sphinx-needs itself
Source = Literal["roadmap", "sphinx-needs"]
ROADMAP: Source = "roadmap"
SPHINX_NEEDS: Source = "sphinx-needs"
# where a finding that names no file is shown: the project's configuration
NO_FILE = "conf.py"


@dataclass(frozen=True)
class Diagnostic:
    """One warning of the build, where the build puts it."""

    file: str  # relative to the project's root (absolute for a file outside it)
    line: int  # 1-based, the build's line
    rule: str  # a roadmap rule ID, or sphinx-needs' warning type (needs.link_outgoing)
    need_id: str
    message: str  # the warning's text as the build prints it after "file:line: WARNING: "
    source: Source = ROADMAP
    start: int = 0  # 0-based columns of what it is about; end None: the whole line
    end: int | None = None
    severity: Severity = "error"  # the rule's: a warning or a new rule's note is not an error


def diagnose(index: PlanIndex) -> list[Diagnostic]:
    """Every warning the build would give the pages as the index holds them."""
    inputs = SuiteInputs(graph=index.graph, project=index.project, sources=index.texts,
                         page_memo=index.memo, token_memo=index.fresh_tokens())
    results = run_suite(inputs, reads=READS, reported_by=(ROADMAP,))
    found = [*from_results(results, index),
             *refused(index), *link_warnings(index.graph), *role_warnings(index)]
    return sorted(found, key=lambda d: (d.file, d.line, d.rule, d.need_id, d.message))


def warning_text(finding: Finding) -> str:
    """A roadmap finding as the build's warning says it after its location."""
    return f"[{finding.rule}] {finding.need_id}: {finding.message}"


def from_results(results: Iterable[RuleResult], index: PlanIndex) -> Iterator[Diagnostic]:
    """The findings of the rules the build reports itself (sphinx-needs reports the
    others, see :func:`link_warnings`)."""
    root = str(index.root)
    for result in results:
        if result.rule.reporter != ROADMAP:
            continue
        for finding in result.findings:
            file = finding.file
            if file.startswith(root + "/"):
                file = file[len(root) + 1:]
            yield Diagnostic(file or NO_FILE, finding.line or 1, finding.rule,
                             finding.need_id, warning_text(finding),
                             severity=result.rule.severity)


def refused(index: PlanIndex) -> Iterator[Diagnostic]:
    """The need directives sphinx-needs makes no need of (needs.create_need)."""
    for refusal in index.refusals:
        source = refusal.source
        yield Diagnostic(source.file, source.line, f"needs.{refusal.subtype}", source.label,
                         refusal.message, SPHINX_NEEDS)


def link_warnings(graph: RoadmapGraph) -> Iterator[Diagnostic]:
    """sphinx-needs' link checks: each link to a need of a type its link type does not
    accept, and each link to no need (unless the link type allows dead links). Read from
    the graph's incoming links, so each target is looked at once per link type."""
    model = graph.metamodel
    for link, targets in graph.incoming.items():
        allowed = model.target_types(link)
        dead_ok = bool(model.links.get(link, {}).get("allow_dead_links"))
        for target_id, sources in targets.items():
            target = graph.needs.get(target_id)
            if target is None and not dead_ok:
                yield from (_at(graph.needs[s], "needs.link_outgoing", (
                    f"Need '{s}' has unknown outgoing link '{target_id}' in field '{link}'"))
                    for s in sources)
            elif target is not None and allowed and target.type not in allowed:
                yield from (_at(graph.needs[s], "needs.link_target_type", (
                    f"Need '{s}' link '{target_id}' in field '{link}': target need type "
                    f"'{target.type}' {_not_one_of(allowed)}")) for s in sources)


def _at(need: Need, rule: str, message: str) -> Diagnostic:
    return Diagnostic(need.file, need.lineno or 1, rule, need.id, message, SPHINX_NEEDS)


def _not_one_of(allowed: tuple[str, ...]) -> str:
    names = [repr(name) for name in allowed]
    listed = " or ".join(filter(None, (", ".join(names[:-1]), names[-1])))
    pronoun = "it" if len(names) == 1 else "them"
    return f"is not one of {listed} (or a type inheriting from {pronoun})"


def role_warnings(index: PlanIndex) -> Iterator[Diagnostic]:
    """``{need}`` roles naming no need (needs.link_ref)."""
    needs = index.graph.needs
    for page in index.pages():
        for mention in page.outline.mentions:
            if mention.need_id not in needs:
                yield Diagnostic(page.file, mention.line, "needs.link_ref", mention.need_id,
                                 f"linked need {mention.need_id} not found", SPHINX_NEEDS,
                                 mention.start, mention.end)


def by_file(diagnostics: Iterable[Diagnostic]) -> dict[str, list[Diagnostic]]:
    grouped: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        grouped.setdefault(diagnostic.file, []).append(diagnostic)
    return grouped


def changed_files(before: Mapping[str, list[Diagnostic]],
                  after: Mapping[str, list[Diagnostic]]) -> set[str]:
    """The files whose diagnostics differ (cleared ones included)."""
    return {file for file in set(before) | set(after) if before.get(file) != after.get(file)}
