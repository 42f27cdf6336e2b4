"""What a rule reports: a finding names the rule, the need, the place and the problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from roadmap.errors import one_line
from roadmap.graph import Need

# What a rule looks at: a graph rule and a schema rule read the needs; a source guard
# reads the pages and the metamodel file; a site guard reads the built HTML.
Family = Literal["graph", "schema", "source", "site"]
# Who reports a violation in the Sphinx build: sphinx-needs itself (with its own
# warning and location), or this package (a warning with file:line and need ID).
Reporter = Literal["sphinx-needs", "roadmap"]
# How a rule's findings count. An error fails the build and `roadmap check`. The other two
# are reported (a note in the build's error stream, which -W does not count; NOTE or WARN
# in `roadmap check`; listed on the report page) and fail only `roadmap check --strict`:
# - a warning states a condition of the plan a reader must see, not a defect of its text
#   (a workstream's health update gone stale: HEALTH-STALE); it stays a warning;
# - a new rule lands before the plan it checks is fixed; it becomes an error once the
#   plan passes it.
Severity = Literal["error", "warning", "new"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "new")


@dataclass(frozen=True)
class Finding:
    rule: str
    need_id: str
    message: str
    file: str = ""
    line: int | None = None

    @classmethod
    def at(cls, rule: str, need: Need, message: str) -> Finding:
        return cls(rule=rule, need_id=need.id, message=message, file=need.file, line=need.lineno)

    @property
    def location(self) -> str:
        if not self.file:
            return "<no file>"
        return f"{self.file}:{self.line}" if self.line else self.file

    def __str__(self) -> str:
        return one_line(self.location, self.rule, self.need_id, self.message)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    description: str
    family: Family
    reporter: Reporter = "roadmap"
    severity: Severity = "error"

    @property
    def is_new(self) -> bool:
        return self.severity == "new"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass
class RuleResult:
    """One rule applied to the whole graph: every need it checked, and what failed."""

    rule: Rule
    checked_ids: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def fail(self, need: Need, message: str) -> None:
        """Record a finding of this rule at the need's own place."""
        self.findings.append(Finding.at(self.rule.id, need, message))

    @property
    def checked(self) -> int:
        return len(self.checked_ids)

    @property
    def failed_ids(self) -> set[str]:
        return {f.need_id for f in self.findings}

    @property
    def passed(self) -> int:
        failed = self.failed_ids
        return sum(1 for need_id in self.checked_ids if need_id not in failed)

    @property
    def coverage(self) -> float:
        return 1.0 if not self.checked_ids else self.passed / self.checked

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def fails(self) -> bool:
        """Whether its findings fail the build (a warning's and a new rule's are notes)."""
        return bool(self.findings) and self.rule.is_error

    @property
    def noted(self) -> bool:
        """Whether it is a warning or a new rule with findings: reported, not failing
        (except ``roadmap check --strict``)."""
        return bool(self.findings) and not self.rule.is_error
