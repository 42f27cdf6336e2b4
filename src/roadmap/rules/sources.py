"""Source guards: what the needs graph cannot see in the pages and the metamodel file.

sphinx-needs ignores an unknown key of ``ubproject.toml`` silently, drops an unknown
directive option with a warning that names no need, and does not create a need whose
ID or value it rejects. These guards turn each of those into a finding at the place
the author wrote it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from roadmap.directive_parser import (
    PageMemo,
    ParseCache,
    SourceNeed,
    declared_needs,
    need_directives,
)
from roadmap.findings import Finding, Rule, RuleResult
from roadmap.inputs import ProjectInputs
from roadmap.roles import FIELDS, TYPES
from roadmap.suite import Check, SuiteInputs, register
from roadmap.ubproject import Metamodel

TOML_KEYS = Rule(
    "GUARD-TOML-KEYS", "Metamodel keys are known",
    "Every key of the [needs] table of ubproject.toml (and of its types, fields and links) "
    "is an option sphinx-needs knows; sphinx-needs itself ignores an unknown key silently.",
    "source")
NEED_COUNT = Rule(
    "GUARD-NEED-COUNT", "No need dropped",
    "The number of need directives in the sources equals the number of needs built; a need "
    "rejected for a bad ID or value must not vanish quietly.", "source")
NEED_OPTIONS = Rule(
    "GUARD-NEED-OPTIONS", "Need options are known",
    "Every option of a need directive is a field or link type of ubproject.toml or a core "
    "sphinx-needs option; sphinx-needs drops any other option with a warning that names "
    "no need.", "source")

NEED_FENCE = Rule(
    "GUARD-NEED-FENCE", "Need directives are closed",
    "Every need directive is closed by its own fence: a need directive opened inside "
    "another with the same fence means the other was left unclosed (the next need's "
    "closing fence closes it, and the next need is swallowed into its body), and a fence "
    "that is never closed takes the rest of the page into the need.", "source")
NEED_EMPTY = Rule(
    "GUARD-NEED-EMPTY", "No empty field value",
    "No field option of a need directive is written without a value: sphinx-needs stores "
    "an empty number as 0 and an empty text as nothing, so a required field would be "
    "satisfied by nothing (an :effort: of 0, a :baseline: of 0).", "source")
NEED_HIDDEN = Rule(
    "GUARD-NEED-HIDDEN", "No hidden need",
    "No need directive carries :hide: (the need would vanish from its page and from every "
    "table a reader sees, while the rules still count it).", "source")
STRAY_PAGE = Rule(
    "GUARD-STRAY-PAGE", "No need outside the built pages",
    "No Markdown file of the project that the build excludes (conf.py's exclude_patterns) "
    "declares a need: the build and the gate both skip such a page, so its needs would "
    "silently not exist. Examples inside code blocks do not count.", "source")
EXAMPLE_PATH = Rule(
    "GUARD-EXAMPLE-PATH", "Example paths exist",
    "The :path: of every example need names a file or folder of the repository (relative "
    "to the folder of conf.py).", "source")

# The options every need directive takes besides the metamodel's fields and links
# (sphinx_needs.directives.need.NeedDirective.run).
CORE_NEED_OPTIONS = frozenset({
    "id", "status", "tags", "collapse", "hide", "style", "layout", "template",
    "pre_template", "post_template", "constraints", "jinja_content", "delete",
    "title_from_content"})


# ------------------------------------------------------------- metamodel keys
def _typed_dict_keys(klass: Any) -> set[str]:
    return set(klass.__required_keys__) | set(klass.__optional_keys__)


def known_toml_keys() -> dict[str, set[str]]:
    """What sphinx-needs accepts at each level of the [needs] table."""
    # asked here, not at import: importing the core imports no Sphinx (test_structure.py)
    from sphinx_needs.config import NeedFields, NeedLinksConfig, NeedsSphinxConfig, NeedType

    type_keys = _typed_dict_keys(NeedType) - {"directive"}
    return {
        "needs": set(NeedsSphinxConfig.field_names()) | {"schema"},
        "types": type_keys,
        "fields": _typed_dict_keys(NeedFields),
        "links": _typed_dict_keys(NeedLinksConfig),
    }


def check_toml_keys(model: Metamodel) -> RuleResult:
    known = known_toml_keys()
    result = RuleResult(TOML_KEYS)

    def report(where: str, key: str) -> None:
        result.findings.append(Finding(
            TOML_KEYS.id, where, f"unknown key '{key}' (sphinx-needs would ignore it)",
            file=str(model.path), line=_line_of(model.text, key)))

    for key in model.needs_table:
        result.checked_ids.append(f"needs.{key}")
        if key not in known["needs"]:
            report("[needs]", key)
    for table in ("types", "fields", "links"):
        for name, spec in model.needs_table.get(table, {}).items():
            for key in spec if isinstance(spec, Mapping) else ():
                result.checked_ids.append(f"needs.{table}.{name}.{key}")
                if key not in known[table]:
                    report(f"[needs.{table}.{name}]", key)
    return result


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*[=.]", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


# ------------------------------------------------------------- need directives
def check_need_options(declared: Iterable[SourceNeed], known: Iterable[str]) -> RuleResult:
    """Every option of a need directive is a field or link of the metamodel or a core
    sphinx-needs option (sphinx-needs drops any other with a warning naming no need)."""
    result = RuleResult(NEED_OPTIONS)
    allowed = set(known) | CORE_NEED_OPTIONS
    for need in declared:
        result.checked_ids.append(need.label)
        for option in need.options:
            if option not in allowed:
                result.findings.append(Finding(
                    NEED_OPTIONS.id, need.label, f"unknown option ':{option}:' (not a field or "
                    "link of ubproject.toml; sphinx-needs drops it)", need.file,
                    need.option_lines.get(option, need.line)))
    return result


def check_need_count(declared: Iterable[SourceNeed], built_ids: Iterable[str]) -> RuleResult:
    """Every declared need was built, once; ``built_ids`` are the needs that exist."""
    result = RuleResult(NEED_COUNT)
    built = set(built_ids)
    declared = list(declared)
    first: dict[str | None, SourceNeed] = {}
    for need in declared:
        result.checked_ids.append(need.label)
        earlier = first.setdefault(need.need_id, need) if need.need_id else need
        if need.need_id not in built:
            result.findings.append(Finding(
                NEED_COUNT.id, need.label, f"{need.need_type} directive produced no need "
                "(sphinx-needs rejected it, see the warning above for why, or it is marked "
                ":delete:)", need.file, need.line))
        elif earlier is not need:
            result.findings.append(Finding(
                NEED_COUNT.id, need.label, f"{need.need_type} ID declared twice (here and at "
                f"{earlier.file}:{earlier.line}); sphinx-needs builds only one of them",
                need.file, need.line))
    if len(declared) != len(built) and not result.findings:
        result.findings.append(Finding(
            NEED_COUNT.id, "<all>", f"{len(declared)} need directives in the sources but "
            f"{len(built)} needs built"))
    return result


def check_need_fences(declared: Iterable[SourceNeed]) -> RuleResult:
    """A need whose fence another need's closing fence closed, or that is never closed."""
    result = RuleResult(NEED_FENCE)
    for need in declared:
        result.checked_ids.append(need.label)
        if need.swallowed is not None:
            inner = need.swallowed
            result.findings.append(Finding(
                NEED_FENCE.id, need.label, f"its fence {need.markup} is not closed before the "
                f"{inner.need_type} directive {inner.label} at line {inner.line}, which is "
                f"swallowed into its body; close {need.label} with {need.markup} before line "
                f"{inner.line}", need.file, need.line))
        elif not need.closed and need.nested_in is None:
            result.findings.append(Finding(
                NEED_FENCE.id, need.label, f"its fence {need.markup} is never closed: the rest "
                f"of the page (to line {need.end_line}) is its body; close it with "
                f"{need.markup}", need.file, need.line))
    return result


def check_empty_values(declared: Iterable[SourceNeed], model: Metamodel) -> RuleResult:
    """A field option written without a value."""
    result = RuleResult(NEED_EMPTY)
    for need in declared:
        result.checked_ids.append(need.label)
        for option, value in need.options.items():
            if option not in model.fields or value.strip():
                continue
            kind = model.fields[option].get("schema", {}).get("type", "string")
            stored = "0" if kind in ("number", "integer") else "nothing"
            result.findings.append(Finding(
                NEED_EMPTY.id, need.label, f"':{option}:' has no value; sphinx-needs stores an "
                f"empty {kind} as {stored}, so it would count as set: write the value or "
                "remove the option", need.file, need.option_lines.get(option, need.line)))
    return result


def check_hidden(declared: Iterable[SourceNeed]) -> RuleResult:
    result = RuleResult(NEED_HIDDEN)
    for need in declared:
        result.checked_ids.append(need.label)
        if "hide" in need.options:
            result.findings.append(Finding(
                NEED_HIDDEN.id, need.label, f"{need.need_type} carries ':hide:', so it vanishes "
                "from its page and from every table a reader sees; remove the option (a need "
                "that is no longer planned is removed, with the links to it)", need.file,
                need.option_lines.get("hide", need.line)))
    return result


def check_example_paths(declared: Iterable[SourceNeed], root: Path) -> RuleResult:
    result = RuleResult(EXAMPLE_PATH)
    for need in declared:
        if need.need_type != TYPES.example:
            continue
        result.checked_ids.append(need.label)
        path = need.options.get(FIELDS.path, "").strip()
        if path and not (root / path).exists():
            result.findings.append(Finding(
                EXAMPLE_PATH.id, need.label, f"':{FIELDS.path}:' names {path}, which does not "
                f"exist in the repository (relative to {root.name or root}/)", need.file,
                need.option_lines.get(FIELDS.path, need.line)))
    return result


# Folders never searched for stray pages: tools' own trees, not the project's pages.
_NOT_PROJECT = frozenset({"node_modules", "_build", "__pycache__", "site-packages"})


def _stray_files(root: Path, pages: Iterable[str], suffixes: Iterable[str]) -> Iterator[str]:
    """Markdown files under ``root`` that are not among the pages the build reads."""
    built = set(pages)
    wanted = tuple(suffixes)
    for folder, subfolders, files in os.walk(root):
        here = Path(folder)
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".")
                               and d not in _NOT_PROJECT
                               and not (here / d / "pyvenv.cfg").exists())
        for name in sorted(files):
            relative = (here / name).relative_to(root).as_posix()
            if name.endswith(wanted) and relative not in built:
                yield relative


def check_stray_pages(project: ProjectInputs, memo: PageMemo | None = None) -> RuleResult:
    result = RuleResult(STRAY_PAGE)
    suffixes = {Path(p).suffix for p in project.pages} or {".md"}
    types = frozenset(project.metamodel.types)
    for relative in _stray_files(project.root, project.pages, suffixes):
        result.checked_ids.append(relative)
        try:
            text = (project.root / relative).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        found = (memo.page_needs(relative, text, types) if memo is not None
                 else need_directives(text, types, relative))
        for need in found:
            result.findings.append(Finding(
                STRAY_PAGE.id, need.label, f"{need.need_type} declared in a page the build "
                "excludes (conf.py's exclude_patterns): neither the build nor the gate sees "
                "it; move the page among the site's pages or remove the directive",
                relative, need.line))
    return result


def check_sources(sources: Mapping[str, str], built_ids: Iterable[str],
                  model: Metamodel, cache: ParseCache | None = None,
                  declared: list[SourceNeed] | None = None) -> list[RuleResult]:
    """The directive guards, over one parse of the pages (of the changed pages only,
    with the cache of an earlier build)."""
    if declared is None:
        declared = (cache.declared(sources, model.types) if cache is not None
                    else declared_needs(sources, model.types))
    return [check_need_count(declared, built_ids),
            check_need_options(declared, model.option_names),
            check_need_fences(declared), check_empty_values(declared, model),
            check_hidden(declared)]


def _run_sources(inputs: SuiteInputs) -> list[RuleResult]:
    assert inputs.sources is not None  # the suite runs this check only with sources
    model = inputs.graph.metamodel
    memo = inputs.token_memo
    if inputs.page_memo is not None:
        declared = inputs.page_memo.declared(inputs.sources, model.types, memo)
    elif inputs.parse_cache is not None:
        declared = inputs.parse_cache.declared(inputs.sources, model.types, memo)
    else:
        declared = declared_needs(inputs.sources, model.types, memo)
    return [*check_sources(inputs.sources, inputs.graph.needs, model, declared=declared),
            check_example_paths(declared, inputs.project.root),
            check_stray_pages(inputs.project, inputs.page_memo)]


def _run_toml(inputs: SuiteInputs) -> list[RuleResult]:
    return [check_toml_keys(inputs.project.metamodel)]


def _toml_rules(_project: ProjectInputs) -> tuple[Rule, ...]:
    return (TOML_KEYS,)


def _source_rules(_project: ProjectInputs) -> tuple[Rule, ...]:
    return (NEED_COUNT, NEED_OPTIONS, NEED_FENCE, NEED_EMPTY, NEED_HIDDEN, EXAMPLE_PATH,
            STRAY_PAGE)


register(Check("toml", _toml_rules, _run_toml, module=__name__))
register(Check("sources", _source_rules, _run_sources, module=__name__))
