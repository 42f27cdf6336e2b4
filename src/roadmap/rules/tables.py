"""Guards over the needs tables and lists of the pages: no code from a page runs at
build time, and no table silently shows nothing.

sphinx-needs runs the content of a needtable or needlist directive as Python
(``filter-code``), evaluates a ``:filter:`` string with Python's ``eval`` and imports any
module a ``:filter-func:`` names: a contributor's page would run code in every build.
Each is refused unless it is a plain comparison of need fields (no call, attribute or
subscript) or a filter function of :mod:`roadmap.sphinx_ext.filters`. A filter that
names an ID, phase, workstream or type that does not exist renders "No needs passed
the filters" and the build passes: the guard evaluates every filter on the needs graph
and names the table.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from types import CodeType
from typing import Any

from roadmap.directive_parser import (
    PageMemo,
    SourceDirective,
    TokenMemo,
    directives,
    split_list,
)
from roadmap.findings import Finding, Rule, RuleResult
from roadmap.graph import Need, RoadmapGraph
from roadmap.inputs import ProjectInputs
from roadmap.suite import Check, SuiteInputs, register

BUILD_CODE = Rule(
    "GUARD-BUILD-CODE", "No code from the pages at build time",
    "No page makes the build run code: a needtable, needlist, needflow (or other filter "
    "directive) has no content (sphinx-needs runs it as Python), a :filter: is a plain "
    "comparison of need fields (no call, attribute or subscript), a :filter-func: names a "
    "function of roadmap.sphinx_ext.filters, and the directives that import, extend or "
    "template needs at build time (needextend, needimport, needservice, needuml, needarch, "
    "list2need, if/choose) and eval-rst blocks that hold filter or raw directives are "
    "not used.", "source")
NEED_TABLES = Rule(
    "GUARD-NEED-TABLES", "Tables show needs",
    "Every needtable, needlist and needflow names only existing needs, types, phases and "
    "workstreams and fields in its filter and columns, and matches at least one need (a "
    "table that matches nothing renders 'No needs passed the filters' and the build "
    "passes).", "source")

FILTER_DIRECTIVES = frozenset({"needtable", "needlist", "needflow", "needpie", "needbar",
                               "needextract", "needgantt", "needsequence"})
REFUSED_DIRECTIVES = {
    "needextend": "changes needs from outside their directive at build time",
    "needimport": "imports needs from a file or URL at build time",
    "needservice": "fetches needs from a service at build time",
    "needuml": "runs a Jinja template at build time (and needs PlantUML)",
    "needarch": "runs a Jinja template at build time (and needs PlantUML)",
    "list2need": "creates needs that no need directive declares",
    "if": "evaluates a condition at build time",
    "choose": "evaluates conditions at build time",
    "when": "evaluates a condition at build time",
}
# The filter functions a page may name, with the most arguments each takes.
FILTER_MODULE = "roadmap.sphinx_ext.filters"
FILTER_FUNCTIONS: dict[str, int] = {"bearing_on": 2}
_RST_DIRECTIVE = re.compile(r"^[ \t]*\.\.[ \t]+([\w:-]+)::", re.MULTILINE)
_FUNC = re.compile(r"^(?P<module>[\w.]+)\.(?P<name>\w+)(?:\((?P<args>[^()]*)\))?$")
_CORE_NAMES = frozenset({"id", "type", "title", "docname", "lineno", "status", "tags"})

# What a :filter: may be made of: boolean logic over comparisons of names and literals.
_SAFE_NODES = (ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not,
               ast.Compare, ast.Eq, ast.NotEq, ast.In, ast.NotIn, ast.Lt, ast.LtE, ast.Gt,
               ast.GtE, ast.Is, ast.IsNot, ast.Name, ast.Load, ast.Constant, ast.List,
               ast.Tuple, ast.Set)


@dataclass(frozen=True)
class Table:
    """A filter directive of a page, with its compiled filter (None when refused)."""

    directive: SourceDirective
    expression: ast.Expression | None
    names: frozenset[str]

    def line_of(self, option: str) -> int:
        return self.directive.option_lines.get(option, self.directive.line)


def _finding(rule: Rule, directive: SourceDirective, message: str, line: int | None = None
             ) -> Finding:
    return Finding(rule.id, f"{{{directive.name}}}", message, directive.file,
                   line or directive.line)


# ------------------------------------------------------------- code at build time
def unsafe_part(tree: ast.AST) -> str | None:
    """The first construct of a filter expression that could run code, or None."""
    for node in ast.walk(tree):
        if not isinstance(node, _SAFE_NODES):
            return ast.unparse(node) if isinstance(node, ast.expr) else type(node).__name__
        if isinstance(node, ast.Name) and node.id.startswith("__"):
            return node.id
    return None


def compile_filter(text: str) -> tuple[ast.Expression | None, str | None]:
    """The parsed filter, or the reason it is refused."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        return None, f"is not a Python expression ({error.msg})"
    part = unsafe_part(tree)
    if part is not None:
        return None, (f"uses {part!r}: a filter may only compare need fields with values "
                      "(and, or, not, ==, !=, in, <, >), because sphinx-needs runs it with "
                      "eval")
    return tree, None


def _code_findings(directive: SourceDirective) -> Iterator[Finding]:
    if directive.name in REFUSED_DIRECTIVES:
        yield _finding(BUILD_CODE, directive, f"the {directive.name} directive "
                       f"{REFUSED_DIRECTIVES[directive.name]}; write the needs and values in "
                       "need directives instead")
    elif directive.name == "eval-rst":
        for match in _RST_DIRECTIVE.finditer(directive.body):
            name = match.group(1)
            if name in FILTER_DIRECTIVES or name in REFUSED_DIRECTIVES or name == "raw":
                line = directive.body_line + directive.body.count("\n", 0, match.start())
                yield _finding(BUILD_CODE, directive, f"holds a '.. {name}::' directive, which "
                               "the guards cannot check inside eval-rst; write it as a MyST "
                               "directive", line)
    elif directive.name in FILTER_DIRECTIVES:
        if directive.body.strip():
            yield _finding(BUILD_CODE, directive, "has content, which sphinx-needs runs as "
                           "Python at build time (filter-code); use :filter: or :filter-func: "
                           f"with a function of {FILTER_MODULE}", directive.body_line)
        func = directive.options.get("filter-func")
        problem = _filter_func_problem(func) if func is not None else None
        if problem:
            yield _finding(BUILD_CODE, directive, f":filter-func: {func} {problem}",
                           directive.option_lines.get("filter-func"))


def _filter_func_problem(text: str) -> str | None:
    match = _FUNC.match(text.strip())
    if not match or match.group("module") != FILTER_MODULE:
        return (f"names code outside {FILTER_MODULE}; a page may only use the filter "
                f"functions {', '.join(sorted(FILTER_FUNCTIONS))} of that module")
    name = match.group("name")
    if name not in FILTER_FUNCTIONS:
        return (f"names no filter function of {FILTER_MODULE} (there are "
                f"{', '.join(sorted(FILTER_FUNCTIONS))})")
    if len(split_list(match.group("args") or "")) > FILTER_FUNCTIONS[name]:
        return f"passes more than the {FILTER_FUNCTIONS[name]} arguments {name} takes"
    return None


# ------------------------------------------------------------- tables that show nothing
def need_context(need: Need, links: Iterable[str]) -> dict[str, Any]:
    """The values a filter sees for one need (sphinx-needs' filter context, in short)."""
    context: dict[str, Any] = dict(need.fields)
    context.update({link: list(need.links.get(link, ())) for link in links})
    context.update(id=need.id, type=need.type, title=need.title, docname=need.docname,
                   lineno=need.lineno)
    context.setdefault("tags", [])
    return context


def _evaluate(code: CodeType, context: dict[str, Any]) -> bool:
    try:  # safe: unsafe_part() admits no call, attribute, subscript or dunder name
        return bool(eval(code, {"__builtins__": {}}, context))
    except Exception:  # a comparison of values of other types: not a match
        return False


class _Graph:
    """What the table guard knows about the graph, computed once."""

    def __init__(self, graph: RoadmapGraph) -> None:
        self.graph = graph
        self.links = tuple(graph.metamodel.links)
        self.contexts = {i: need_context(n, self.links) for i, n in graph.needs.items()}
        keys = {k for c in self.contexts.values() for k in c} | set(graph.metamodel.fields)
        self.names = frozenset(keys | _CORE_NAMES | {f"{k}_back" for k in self.links})
        pattern = graph.metamodel.needs_table.get("id_regex", r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
        self.id_pattern = re.compile(pattern)

    def matches(self, table: Table, func_ids: set[str] | None) -> bool:
        """Whether the table shows any need."""
        options = table.directive.options
        statuses, tags = split_list(options.get("status", "")), split_list(
            options.get("tags", ""))
        types = split_list(options.get("types", ""))
        # compiled once per table, not once per need
        code = compile(table.expression, "<filter>", "eval") if table.expression else None
        for need_id, context in self.contexts.items():
            if func_ids is not None and need_id not in func_ids:
                continue
            if statuses and context.get("status") not in statuses:
                continue
            if types and context["type"] not in types:
                continue
            if tags and not set(tags) & set(context.get("tags") or ()):
                continue
            if code is None or _evaluate(code, context):
                return True
        return False


def _strings(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value


def _type_values(tree: ast.AST) -> Iterator[str]:
    """The strings a filter compares ``type`` with."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) \
                and node.left.id == "type":
            for other in node.comparators:
                yield from _strings(other)


def _name_findings(table: Table, known: _Graph) -> Iterator[Finding]:
    directive = table.directive
    line = table.line_of("filter")
    if table.expression is not None:
        for name in sorted(table.names - known.names):
            yield _finding(NEED_TABLES, directive, f":filter: uses {name!r}, which is no field "
                           "or link of any need", line)
        for value in dict.fromkeys(_strings(table.expression)):
            if known.id_pattern.match(value) and value not in known.graph.needs:
                yield _finding(NEED_TABLES, directive, f":filter: names {value}, which is not a "
                               "need", line)
        types = list(_type_values(table.expression))
    else:
        types = []
    types += split_list(directive.options.get("types", ""))
    for value in dict.fromkeys(types):
        if value not in known.graph.metamodel.types:
            yield _finding(NEED_TABLES, directive, f"filters on type {value!r}, which is not a "
                           "need type of ubproject.toml", line)
    for column in split_list(directive.options.get("columns", "")):
        name = column.split(" as ")[0].strip()
        if name and name not in known.names:
            yield _finding(NEED_TABLES, directive, f":columns: names {name!r}, which is no "
                           "field or link of any need", table.line_of("columns"))


def _func_ids(directive: SourceDirective, graph: RoadmapGraph) -> tuple[set[str] | None,
                                                                          str | None]:
    """The needs a filter function keeps, or why it keeps none."""
    text = directive.options.get("filter-func")
    match = _FUNC.match(text.strip()) if text else None
    if match is None or match.group("name") != "bearing_on":
        return None, None
    args = [*split_list(match.group("args") or ""), "", ""][:2]
    try:
        return graph.bearing_on(args[0], args[1]), None
    except ValueError as error:
        return set(), str(error)


# the directives the guards judge; any other is only counted as checked
_JUDGED = FILTER_DIRECTIVES | set(REFUSED_DIRECTIVES) | {"eval-rst"}


@dataclass(frozen=True)
class PageDirectives:
    """A page's directives as the guards read them: the line of each, and those they
    judge (filter directives, refused directives, eval-rst blocks)."""

    lines: tuple[int, ...]
    judged: tuple[SourceDirective, ...]


def page_directives(text: str, file: str, tokens: TokenMemo | None = None) -> PageDirectives:
    found = list(directives(text, file, memo=tokens))
    return PageDirectives(tuple(d.line for d in found),
                          tuple(d for d in found if d.name in _JUDGED))


def check_tables(sources: Mapping[str, str], graph: RoadmapGraph,
                 memo: TokenMemo | None = None, pages: PageMemo | None = None
                 ) -> list[RuleResult]:
    code, tables = RuleResult(BUILD_CODE), RuleResult(NEED_TABLES)
    known: _Graph | None = None  # made on the first table: a plan may have none
    memo = TokenMemo() if memo is None else memo
    for file, text in sorted(sources.items()):
        page = (pages.get("directives", file, text, partial(page_directives, text, file, memo))
                if pages is not None else page_directives(text, file, memo))
        code.checked_ids.extend(f"{file}:{line}" for line in page.lines)
        for directive in page.judged:
            refused = list(_code_findings(directive))
            wanted = directive.options.get("filter")
            expression, problem = compile_filter(wanted) if wanted else (None, None)
            if problem and directive.name in FILTER_DIRECTIVES:
                refused.append(_finding(BUILD_CODE, directive, f":filter: {problem}",
                                        directive.option_lines.get("filter")))
            code.findings.extend(refused)
            if directive.name in ("needtable", "needlist", "needflow") and not refused:
                known = known or _Graph(graph)
                tables.checked_ids.append(f"{file}:{directive.line}")
                tables.findings.extend(_table_findings(directive, expression, known))
    return [code, tables]


def _table_findings(directive: SourceDirective, expression: ast.Expression | None,
                    known: _Graph) -> list[Finding]:
    names = frozenset(n.id for n in ast.walk(expression) if isinstance(n, ast.Name)) \
        if expression else frozenset()
    table = Table(directive, expression, names)
    findings = list(_name_findings(table, known))
    func_ids, func_problem = _func_ids(directive, known.graph)
    if func_problem:
        findings.append(_finding(NEED_TABLES, directive, f":filter-func: {func_problem}",
                                 table.line_of("filter-func")))
    elif not findings and not known.matches(table, func_ids):
        findings.append(_finding(NEED_TABLES, directive, "matches no need: readers would see "
                                 "'No needs passed the filters'; fix the filter or remove the "
                                 f"{directive.name}", table.line_of("filter")))
    return findings


def _run(inputs: SuiteInputs) -> list[RuleResult]:
    assert inputs.sources is not None  # the suite runs this check only with sources
    return check_tables(inputs.sources, inputs.graph, inputs.token_memo, inputs.page_memo)


def _rules(_project: ProjectInputs) -> tuple[Rule, ...]:
    return (BUILD_CODE, NEED_TABLES)


register(Check("sources", _rules, _run, module=__name__))
