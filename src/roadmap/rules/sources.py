"""Source guards: what the needs graph cannot see in the pages and the metamodel file.

sphinx-needs ignores an unknown key of ``ubproject.toml`` silently, drops an unknown
directive option with a warning that names no need, and does not create a need whose
ID or value it rejects. These guards turn each of those into a finding at the place
the author wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from roadmap.findings import Finding, Rule, RuleResult
from roadmap.inputs import ProjectInputs
from roadmap.metamodel import Metamodel
from roadmap.sources import ParseCache, SourceNeed, declared_needs
from roadmap.suite import Check, SuiteInputs, register

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


def check_sources(sources: Mapping[str, str], built_ids: Iterable[str],
                  model: Metamodel, cache: ParseCache | None = None) -> list[RuleResult]:
    """The directive guards, over one parse of the pages (of the changed pages only,
    with the cache of an earlier build)."""
    declared = (cache.declared(sources, model.types) if cache is not None
                else declared_needs(sources, model.types))
    return [check_need_count(declared, built_ids),
            check_need_options(declared, model.option_names)]


def _run_sources(inputs: SuiteInputs) -> list[RuleResult]:
    assert inputs.sources is not None  # the suite runs this check only with sources
    return check_sources(inputs.sources, inputs.graph.needs, inputs.graph.metamodel,
                         inputs.parse_cache)


def _run_toml(inputs: SuiteInputs) -> list[RuleResult]:
    return [check_toml_keys(inputs.project.metamodel)]


def _toml_rules(_project: ProjectInputs) -> tuple[Rule, ...]:
    return (TOML_KEYS,)


def _source_rules(_project: ProjectInputs) -> tuple[Rule, ...]:
    return (NEED_COUNT, NEED_OPTIONS)


register(Check("toml", _toml_rules, _run_toml, module=__name__))
register(Check("sources", _source_rules, _run_sources, module=__name__))
