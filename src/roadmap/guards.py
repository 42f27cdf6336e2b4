"""Guards against the toolchain's silent failures.

Each guard looks at something the needs graph cannot see (the metamodel file,
the Markdown sources, the built HTML) and reports what would otherwise pass
unnoticed: an ignored configuration key, a diagram replaced by a fallback
text, a need that vanished, a resource loaded from off the site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin

from roadmap.findings import Finding, Rule, RuleResult

TOML_KEYS = Rule(
    "GUARD-TOML-KEYS", "Metamodel keys are known",
    "Every key of the [needs] table of ubproject.toml (and of its types, fields and links) "
    "is an option sphinx-needs knows; sphinx-needs itself ignores an unknown key silently.",
    "guard")
PLANTUML = Rule(
    "GUARD-PLANTUML", "No PlantUML fallback",
    "No built page contains the fallback notice sphinx-needs renders for a needflow or "
    "needgantt when PlantUML is missing (the build would still pass).", "guard")
NEED_COUNT = Rule(
    "GUARD-NEED-COUNT", "No need dropped",
    "The number of need directives in the sources equals the number of needs built; a need "
    "rejected for a bad ID or value must not vanish quietly.", "guard")
NEED_OPTIONS = Rule(
    "GUARD-NEED-OPTIONS", "Need options are known",
    "Every option of a need directive is a field or link type of ubproject.toml or a core "
    "sphinx-needs option; sphinx-needs drops any other option with a warning that names "
    "no need.", "guard")
OFF_SITE = Rule(
    "GUARD-OFF-SITE", "Nothing loaded from off the site",
    "No script, style sheet, font, image or frame of a built page is loaded from another "
    "site (links in <a href> are fine).", "guard")

PLANTUML_FALLBACK = "PlantUML is not available"
_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.IGNORECASE)


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


def check_toml_keys(needs_table: Mapping[str, Any], toml_path: Path,
                    toml_text: str | None = None) -> RuleResult:
    known = known_toml_keys()
    result = RuleResult(TOML_KEYS)
    text = toml_text if toml_text is not None else toml_path.read_text(encoding="utf-8")

    def report(where: str, key: str) -> None:
        result.findings.append(Finding(
            TOML_KEYS.id, where, f"unknown key '{key}' (sphinx-needs would ignore it)",
            file=str(toml_path), line=_line_of(text, key)))

    for key in needs_table:
        result.checked_ids.append(f"needs.{key}")
        if key not in known["needs"]:
            report("[needs]", key)
    for table in ("types", "fields", "links"):
        for name, spec in needs_table.get(table, {}).items():
            for key in spec if isinstance(spec, Mapping) else ():
                result.checked_ids.append(f"needs.{table}.{name}.{key}")
                if key not in known[table]:
                    report(f"[needs.{table}.{name}]", key)
    return result


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*[=.]", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


# ------------------------------------------------------------- need count
@dataclass(frozen=True)
class SourceNeed:
    file: str
    line: int
    need_type: str
    need_id: str | None
    options: tuple[str, ...] = ()


_NON_NESTING = {"code-block", "code", "literalinclude", "mermaid", "graphviz", "needtable",
                "needflow", "eval-rst", "raw", "math", "csv-table", "list-table", "include"}
_DIRECTIVE = re.compile(r"^\{([a-zA-Z0-9_-]+)\}")
_ID_OPTION = re.compile(r"^:id:\s*(\S+)", re.MULTILINE)
_OPTION_NAME = re.compile(r"^:([\w-]+):(?:\s|$)")
# The options every need directive takes besides the metamodel's fields and links
# (sphinx_needs.directives.need.NeedDirective.run).
CORE_NEED_OPTIONS = frozenset({
    "id", "status", "tags", "collapse", "hide", "style", "layout", "template",
    "pre_template", "post_template", "constraints", "jinja_content", "delete",
    "title_from_content"})


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").use(colon_fence_plugin)


def need_directives(text: str, need_types: Iterable[str], file: str = "",
                    line_offset: int = 0) -> Iterator[SourceNeed]:
    """The need directives of a MyST page, including those nested in other
    directives (an admonition, a tab), but not examples shown inside code."""
    types = set(need_types)
    for token in _markdown().parse(text):
        if token.type not in ("fence", "colon_fence") or not token.map:
            continue
        match = _DIRECTIVE.match(token.info.strip())
        if not match:
            continue
        name = match.group(1)
        line = line_offset + token.map[0] + 1
        if name in types:
            found = _ID_OPTION.search(token.content)
            yield SourceNeed(file, line, name, found.group(1) if found else None,
                             _options(token.content))
        elif name not in _NON_NESTING:
            yield from need_directives(token.content, types, file, line)


def _options(content: str) -> tuple[str, ...]:
    """The names of the ``:name: value`` options that open a directive's content."""
    names = []
    for line in content.splitlines():
        match = _OPTION_NAME.match(line)
        if not match:
            break
        names.append(match.group(1))
    return tuple(names)


def declared_needs(sources: Mapping[str, str], need_types: Iterable[str]) -> list[SourceNeed]:
    """The need directives of every page; ``sources`` maps a file name to its text."""
    types = set(need_types)
    return [n for file, text in sorted(sources.items())
            for n in need_directives(text, types, file)]


def check_sources(sources: Mapping[str, str], built_ids: Iterable[str],
                  need_types: Iterable[str], known_options: Iterable[str]) -> list[RuleResult]:
    """The source guards, over one parse of the pages."""
    declared = declared_needs(sources, need_types)
    return [check_need_count(declared, built_ids), check_need_options(declared, known_options)]


def check_need_options(declared: Iterable[SourceNeed], known: Iterable[str]) -> RuleResult:
    """Every option of a need directive is a field or link of the metamodel or a core
    sphinx-needs option (sphinx-needs drops any other with a warning naming no need)."""
    result = RuleResult(NEED_OPTIONS)
    allowed = set(known) | CORE_NEED_OPTIONS
    for need in declared:
        label = need.need_id or f"<{need.need_type} without :id:>"
        result.checked_ids.append(label)
        for option in need.options:
            if option not in allowed:
                result.findings.append(Finding(
                    NEED_OPTIONS.id, label, f"unknown option ':{option}:' (not a field or "
                    "link of ubproject.toml; sphinx-needs drops it)", need.file, need.line))
    return result


def check_need_count(declared: Iterable[SourceNeed], built_ids: Iterable[str]) -> RuleResult:
    """Every declared need was built, once; ``built_ids`` are the needs that exist."""
    result = RuleResult(NEED_COUNT)
    built = set(built_ids)
    declared = list(declared)
    first: dict[str | None, SourceNeed] = {}
    for need in declared:
        label = need.need_id or f"<{need.need_type} without :id:>"
        result.checked_ids.append(label)
        earlier = first.setdefault(need.need_id, need) if need.need_id else need
        if need.need_id not in built:
            result.findings.append(Finding(
                NEED_COUNT.id, label, f"{need.need_type} directive produced no need "
                "(sphinx-needs rejected it, see the warning above for why, or it is marked "
                ":delete:)", need.file, need.line))
        elif earlier is not need:
            result.findings.append(Finding(
                NEED_COUNT.id, label, f"{need.need_type} ID declared twice (here and at "
                f"{earlier.file}:{earlier.line}); sphinx-needs builds only one of them",
                need.file, need.line))
    if len(declared) != len(built) and not result.findings:
        result.findings.append(Finding(
            NEED_COUNT.id, "<all>", f"{len(declared)} need directives in the sources but "
            f"{len(built)} needs built"))
    return result


# ------------------------------------------------------------- built HTML
class _ResourceCollector(HTMLParser):
    """Collects the URLs a page loads (not the ones it merely links to)."""

    LOADING: ClassVar[frozenset[tuple[str, str]]] = frozenset({
        ("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"),
        ("source", "srcset"), ("iframe", "src"), ("embed", "src"), ("object", "data"),
        ("audio", "src"), ("video", "src"), ("video", "poster"), ("input", "src"),
    })
    LINK_RELS: ClassVar[frozenset[str]] = frozenset({
        "stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest",
        "apple-touch-icon", "shortcut",
    })

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[int, str]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        line = self.getpos()[0]
        for attribute, value in values.items():
            if (tag, attribute) in self.LOADING:
                self.urls += [(line, u.split()[0]) for u in value.split(",") if u.strip()]
        if tag == "link" and set(values.get("rel", "").lower().split()) & self.LINK_RELS:
            self.urls.append((line, values.get("href", "")))
        if "style" in values:
            self.urls += [(line, u) for u in _CSS_URL.findall(values["style"])]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls += [(self.getpos()[0], u) for u in _CSS_URL.findall(data)]


def off_site_urls(html: str) -> list[tuple[int, str]]:
    collector = _ResourceCollector()
    collector.feed(html)
    return [(line, url) for line, url in collector.urls if _REMOTE.match(url.strip())]


def check_built_site(html_dir: Path) -> list[RuleResult]:
    """The off-site and PlantUML guards over every built page and style sheet."""
    off_site, plantuml = RuleResult(OFF_SITE), RuleResult(PLANTUML)
    for page in sorted(html_dir.rglob("*.html")):
        name = str(page.relative_to(html_dir))
        text = page.read_text(encoding="utf-8", errors="replace")
        off_site.checked_ids.append(name)
        plantuml.checked_ids.append(name)
        for line, url in off_site_urls(text):
            off_site.findings.append(Finding(OFF_SITE.id, name, f"loads {url} from off the site",
                                             name, line))
        if PLANTUML_FALLBACK in text:
            line = text.count("\n", 0, text.index(PLANTUML_FALLBACK)) + 1
            plantuml.findings.append(Finding(
                PLANTUML.id, name, f"a diagram rendered as the fallback notice "
                f"{PLANTUML_FALLBACK!r} (use flow_engine = graphviz)", name, line))
    for sheet in sorted(html_dir.rglob("*.css")):
        name = str(sheet.relative_to(html_dir))
        text = sheet.read_text(encoding="utf-8", errors="replace")
        off_site.checked_ids.append(name)
        for match in _CSS_URL.finditer(text):
            if _REMOTE.match(match.group(1)):
                line = text.count("\n", 0, match.start()) + 1
                off_site.findings.append(Finding(
                    OFF_SITE.id, name, f"loads {match.group(1)} from off the site", name, line))
    return [off_site, plantuml]


# Every guard, in the order the rule catalogue lists them.
GUARDS = (TOML_KEYS, NEED_COUNT, NEED_OPTIONS, OFF_SITE, PLANTUML)
