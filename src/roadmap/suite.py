"""The rule registry and the one function that runs it.

Every rule of the roadmap (graph rules, schema rules, source guards, built-site
guards) is registered here by the module that defines it: a :class:`Check` says what
it reads and which rules it reports, and :func:`run_suite` runs every check whose
input is at hand. The Sphinx extension, the command line, the report page and the
rule catalogue all call this module, so adding a rule is one module in
``roadmap/rules/`` (plus its fault fixtures) and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from roadmap.config import Settings
from roadmap.directive_parser import PageMemo, TokenMemo
from roadmap.findings import Family, Reporter, Rule, RuleResult
from roadmap.graph import RoadmapGraph
from roadmap.inputs import ProjectInputs
from roadmap.manifest import Manifest

# What a check reads besides the project's configuration.
Input = Literal["graph", "sources", "toml", "html", "manifest"]
INPUTS: tuple[Input, ...] = ("graph", "toml", "sources", "manifest", "html")
FAMILIES: tuple[Family, ...] = ("graph", "schema", "source", "site")


@dataclass(frozen=True)
class SuiteInputs:
    """Everything a run of the suite may read; what is None is not checked."""

    graph: RoadmapGraph
    project: ProjectInputs
    sources: Mapping[str, str] | None = None  # page file -> text
    html_dir: Path | None = None
    html_scans: MutableMapping[str, Any] | None = None  # built-page scans of the last build
    manifest: Manifest | None = None  # the build's record next to a needs.json
    # the pages' tokens, shared by the checks of this run
    token_memo: TokenMemo = field(default_factory=TokenMemo)
    # what the source guards derived from each page, kept by a reader that runs them
    # again (the build, the language server on every edit): only a changed page is
    # read again
    page_memo: PageMemo = field(default_factory=PageMemo)

    @property
    def settings(self) -> Settings:
        return self.project.settings

    def has(self, what: Input) -> bool:
        return {"graph": True, "toml": True, "sources": self.sources is not None,
                "html": self.html_dir is not None, "manifest": self.manifest is not None}[what]


@dataclass(frozen=True)
class Check:
    """A registered unit of rules: what it reads, its rules, and how it runs."""

    reads: Input
    rules: Callable[[ProjectInputs], tuple[Rule, ...]]
    run: Callable[[SuiteInputs], list[RuleResult]]
    module: str = ""  # the module that defines it, for the rule catalogue and the tests
    # what a check of the pages derives from one page (file, text) into the page memo;
    # the suite reads each page once for every such check before they run
    read_page: Callable[[SuiteInputs, str, str], object] | None = None


_REGISTRY: list[Check] = []

GraphCheck = Callable[[RoadmapGraph, Settings], RuleResult]


def register(check: Check) -> Check:
    _REGISTRY.append(check)
    return check


def graph_rule(rule: Rule) -> Callable[[GraphCheck], GraphCheck]:
    """Register a function of the graph (and the settings) as the check of ``rule``."""
    def decorate(check: GraphCheck) -> GraphCheck:
        register(Check("graph", lambda _project: (rule,),
                       lambda inputs: [check(inputs.graph, inputs.settings)],
                       module=check.__module__))
        return check

    return decorate


def checks() -> list[Check]:
    """Every registered check (importing the rule modules registers them)."""
    import roadmap.rules  # noqa: F401 - registers the rule modules

    return list(_REGISTRY)


def catalogue(project: ProjectInputs) -> list[Rule]:
    """Every rule the suite can apply, in report order (by family, then as registered)."""
    rules = [rule for check in checks() for rule in check.rules(project)]
    return sorted(rules, key=lambda r: FAMILIES.index(r.family))


def run_suite(inputs: SuiteInputs, reads: Iterable[Input] = INPUTS,
              reported_by: Iterable[Reporter] | None = None) -> list[RuleResult]:
    """Run every check whose input is selected and at hand; results in report order.
    With ``reported_by``, only the checks with a rule those reporters report (the
    language server says sphinx-needs' own warnings itself)."""
    wanted = set(reads)
    reporters = None if reported_by is None else set(reported_by)
    selected = [check for check in checks()
                if check.reads in wanted and inputs.has(check.reads)
                and (reporters is None
                     or any(rule.reporter in reporters for rule in check.rules(inputs.project)))]
    _read_pages(inputs, [check.read_page for check in selected if check.read_page])
    results = [result for check in selected for result in check.run(inputs)]
    if any(check.reads == "sources" for check in selected):
        inputs.page_memo.sweep()  # every page was asked for: what was not is gone
    return sorted(results, key=lambda r: FAMILIES.index(r.rule.family))


def _read_pages(inputs: SuiteInputs, readers: list[Callable[[SuiteInputs, str, str], object]]
                ) -> None:
    """One parse of each page for every check that reads the pages: page by page, what
    each check keeps of the page goes into the page memo (nothing, for a page whose
    text the memo already knows), and the page's tokens are let go before the next."""
    if not readers or inputs.sources is None:
        return
    for file, text in sorted(inputs.sources.items()):
        with inputs.token_memo.released():
            for read in readers:
                read(inputs, file, text)
