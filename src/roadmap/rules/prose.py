"""Numbers that the pages repeat from a need are read from the need, so the two cannot
disagree.

A table whose row names one need (``{need}`ID``` in its first cell) and whose column is
headed by one of that need's numeric fields (Headcount, Capacity, Baseline, Target,
Effort, Cost, ...) restates the field when the cell holds the field's value as a literal
number. The guard refuses it and asks for the field itself (``{need-field}`ID.field```,
which prints the need's current value). The red-team review found prose and tables that
had drifted from their needs ("its five engineers" for a team of four, "2.5 of 3"
database engineers where the capacity is 2.5 of 2.5); a literal that still agrees today is
the one that disagrees after the next re-plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from roadmap.findings import Finding, Rule, RuleResult
from roadmap.graph import Need, RoadmapGraph
from roadmap.inputs import ProjectInputs
from roadmap.suite import Check, SuiteInputs, register

PROSE_NUMBERS = Rule(
    "GUARD-PROSE-NUMBERS", "Numbers read from their need",
    "A table row that names one need in its first cell does not restate one of that "
    "need's numeric fields as a literal number in the column headed by the field's name "
    "(Headcount, Capacity, Baseline, Target, Effort, Cost, Likelihood, ...), nor hold "
    "another number in a column headed by the name of a unitless field alone (Headcount, "
    "Capacity, Effort, Cost, Likelihood, Impact): the cell reads the field with "
    "{need-field}`ID.field`, so a re-plan changes the table too.", "source")

ROLE = "need-field"
# Fields a table can only mean one way: a column headed by the name alone that holds
# another number disagrees with the need (a baseline or target column may hold the
# figure in another unit, so it is compared only for a restatement).
UNITLESS = frozenset({"headcount", "capacity", "effort", "cost", "likelihood", "impact"})
_FENCE = re.compile(r"^(?P<indent>\s*)(?P<marker>`{3,}|~{3,})\s*(?P<info>\S*)")
# Fences whose body is MyST (need directives, admonitions): their tables are read.
_OPAQUE_DIRECTIVES = frozenset({"{eval-rst}", "{mermaid}", "{code-block}", "{literalinclude}",
                                "{raw}", "mermaid"})
_NEED_REF = re.compile(r"\{need\}`(?:[^`<]*<)?\s*([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)\s*>?`")
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w])")
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Row:
    page: str
    line: int
    header: tuple[str, ...]
    cells: tuple[str, ...]


def _cells(line: str) -> tuple[str, ...]:
    text = line.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    return tuple(c.strip() for c in re.split(r"(?<!\\)\|", text))


def _is_directive(info: str) -> bool:
    return info.startswith("{") and info not in _OPAQUE_DIRECTIVES


def table_rows(page: str, text: str) -> Iterator[Row]:
    """Every data row of every pipe table of a page, outside code blocks (need
    directives and other MyST directives are read: their bodies are Markdown)."""
    lines = text.split("\n")
    opaque: str | None = None  # the closing marker of a code block being skipped
    header: tuple[str, ...] | None = None
    for index, line in enumerate(lines):
        fence = _FENCE.match(line)
        if opaque is not None:
            if fence and fence["marker"].startswith(opaque) and not fence["info"]:
                opaque = None
            continue
        if fence and fence["info"] and not _is_directive(fence["info"]):
            opaque, header = fence["marker"], None
            continue
        stripped = line.strip()
        if not stripped.startswith("|"):
            header = None
            continue
        if header is None:
            following = lines[index + 1] if index + 1 < len(lines) else ""
            header = _cells(line) if _SEPARATOR.match(following) else None
        elif not _SEPARATOR.match(line):
            yield Row(page, index + 1, header, _cells(line))


def _field_of(heading: str, fields: Mapping[str, object]) -> tuple[str, bool] | None:
    """The numeric field a column heading names (the heading starts with its name), and
    whether it names nothing else (the name alone, or with a parenthesis after it)."""
    words = re.sub(r"[*_`]", "", heading).strip().lower()
    for name in sorted(fields, key=len, reverse=True):
        spoken = name.replace("_", " ")
        if words == spoken or words.startswith(spoken + " "):
            return name, words == spoken or words[len(spoken):].lstrip().startswith("(")
    return None


def _literal(cell: str) -> float | None:
    if "{" + ROLE + "}" in cell or "{need}" in cell:
        return None
    match = _NUMBER.search(re.sub(r"[*_]", "", cell))
    if match is None:
        return None
    return float(match.group(1).replace(",", "") + (match.group(2) or ""))


def _numbers(need: Need) -> dict[str, float]:
    return {name: float(value) for name, value in need.fields.items()
            if isinstance(value, int | float) and not isinstance(value, bool)}


def row_need(row: Row, graph: RoadmapGraph) -> Need | None:
    """The one need a row's first cell names, if it names exactly one."""
    ids = set(_NEED_REF.findall(row.cells[0])) if row.cells else set()
    return graph.needs.get(ids.pop()) if len(ids) == 1 else None


def _row_findings(row: Row, need: Need) -> Iterator[Finding]:
    values = _numbers(need)
    for heading, cell in zip(row.header[1:], row.cells[1:], strict=False):
        named = _field_of(heading, values)
        literal = None if named is None else _literal(cell)
        if named is None or literal is None:
            continue
        name, only = named
        if abs(literal - values[name]) <= 1e-9:
            problem = f"restates its {name} ({values[name]:g}) as a literal"
        elif only and name in UNITLESS:
            problem = f"says {literal:g} where its {name} is {values[name]:g}"
        else:
            continue
        yield Finding(PROSE_NUMBERS.id, need.id,
                      f"the column '{heading}' {problem}: write {{{ROLE}}}`{need.id}.{name}` "
                      "so the table follows the need", row.page, row.line)


def check_prose_numbers(sources: Mapping[str, str], graph: RoadmapGraph) -> RuleResult:
    result = RuleResult(PROSE_NUMBERS)
    checked: dict[str, None] = {}
    for page in sorted(sources):
        for row in table_rows(page, sources[page]):
            if (need := row_need(row, graph)) is not None:
                checked[need.id] = None
                result.findings.extend(_row_findings(row, need))
    result.checked_ids.extend(checked)
    return result


def _run(inputs: SuiteInputs) -> list[RuleResult]:
    assert inputs.sources is not None  # the suite runs this check only with sources
    return [check_prose_numbers(inputs.sources, inputs.graph)]


def _rules(_project: ProjectInputs) -> tuple[Rule, ...]:
    return (PROSE_NUMBERS,)


register(Check("sources", _rules, _run, module=__name__))
