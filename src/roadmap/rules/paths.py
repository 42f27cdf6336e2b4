"""What the pages make the build read, fetch and publish: only files of the source
tree, never a URL, and under names a browser cannot take for code.

Sphinx, docutils and graphviz read whatever path a page names: ``{literalinclude}``,
``{include}``, ``{csv-table}`` and ``{raw}`` with ``:file:``, the file of a
``{graphviz}`` or ``{mermaid}`` directive, an image (copied into ``_images/``) and a
download (copied into ``_downloads/``). A path that leads out of the source tree (or
into a hidden folder such as ``.git``) would publish a file of the build machine. The
same directives fetch URLs (``:url:``, an image's address, a graphviz ``stylesheet``),
and graphviz writes a node's ``URL`` or ``href`` into an SVG file unread by the source
guard. This guard refuses each of them at the line that names it; the Sphinx adapter
(:mod:`roadmap.sphinx_ext.file_reads`) refuses the same reads before they happen, so a
build without ``-W`` publishes none of them either.

A page's own file name becomes a link (on the search page, in the navigation): it keeps
to letters, digits, ``_``, ``-`` and ``.`` in every folder of its path.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from roadmap.directive_parser import (
    NON_NESTING,
    PageMemo,
    SourceDirective,
    TokenMemo,
    directives,
)
from roadmap.findings import Finding, Rule, RuleResult
from roadmap.htmlscan import scheme
from roadmap.inputs import ProjectInputs, looping_links
from roadmap.served import ACTIVE_DOCUMENTS, url_problem
from roadmap.suite import Check, SuiteInputs, register

READS = Rule(
    "GUARD-READS", "Pages read only their own tree",
    "Every file a page makes the build read or publish (literalinclude, include, csv-table "
    "and raw :file:, a graphviz or mermaid file, an image, a download) lies inside the "
    "source tree and outside hidden folders (.git, .venv, a .env file); no page makes the "
    "build fetch a URL (csv-table and raw :url:, an image or include by address, a graphviz "
    "stylesheet, image or font path); no hand-written graph carries a URL or href (graphviz "
    "writes it into an SVG file); no download is an HTML, SVG or XML document (it would run "
    "on the site's origin); an image's :target: is an http(s), mailto or relative link.",
    "source")
SOURCE_LINK = Rule(
    "GUARD-SOURCE-LINK", "No folder linked into the tree",
    "No folder of the sources is a symbolic link to a folder of the same tree: Sphinx "
    "follows it, so a link to an ancestor reads the whole tree again at every level (a loop "
    "of thousands of pages) and a link to another folder reads its pages twice. The build "
    "leaves such a link out and names it once.", "source")
PAGE_NAME = Rule(
    "GUARD-PAGE-NAME", "Page names are plain",
    "Every page's path keeps to letters, digits, _ - and . (a page's name is written into "
    "links: on the search page, in the navigation, in the exports).", "source")

_SAFE_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
# Directives that read the file their argument names, and the options that name files
# or URLs, per directive.
ARGUMENT_READS = frozenset({"literalinclude", "include", "graphviz", "graph", "digraph",
                            "mermaid", "image", "figure"})
OPTION_READS: Mapping[str, frozenset[str]] = {
    "literalinclude": frozenset({"diff"}), "csv-table": frozenset({"file", "url"}),
    "raw": frozenset({"file", "url"}), "include": frozenset(), "image": frozenset(),
    "figure": frozenset()}
GRAPH_DIRECTIVES = frozenset({"graphviz", "graph", "digraph"})
_IMAGES = frozenset({"image", "figure"})
# graphviz attributes that read a file, fetch a URL or write a link into the SVG.
_DOT_ATTRIBUTE = re.compile(
    r"""(?<![\w"])"?(stylesheet|imagepath|image|shapefile|fontpath|fontnames|"""
    r"""(?:head|tail|label|edge)?(?:URL|href))"?\s*=""")
_RST_DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\.\.[ \t]+(?P<name>[\w:-]+)::[ \t]*(?P<arg>.*)$")
_RST_OPTION = re.compile(r"^[ \t]+:(?P<name>[\w-]+):[ \t]*(?P<value>.*)$")
_RST_DOWNLOAD = re.compile(r":download:`(?P<body>[^`]*)`")
_RST_LINK = re.compile(r"`[^`<]*<(?P<url>[^<>`]+)>`__?"
                       r"|^[ \t]*\.\.[ \t]+_[^:]*:[ \t]*(?P<target>\S+)", re.MULTILINE)
_MYST_DOWNLOAD = re.compile(r"\{download\}$")
_EXPLICIT = re.compile(r"^(?:.*?)<(?P<target>[^<>]+)>\s*$", re.DOTALL)


# ------------------------------------------------------------------ one path
def is_url(target: str) -> bool:
    """Whether a path as written is an address the build would fetch."""
    text = target.strip()
    return text.startswith(("//", "\\\\")) or len(scheme(text)) > 1


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def _candidates(target: str, page_dir: Path, root: Path) -> list[Path]:
    """Where a reader of ``target`` may look: Sphinx takes a leading ``/`` from the source
    tree, docutils (csv-table, raw) from the file system's root."""
    if target.startswith(("/", "\\")):
        found = [root.joinpath(target.lstrip("/\\"))]
        if Path(target).exists():
            found.append(Path(target))
        return found
    return [page_dir / target]


def read_problem(target: str, page: str, root: Path) -> str | None:
    """Why the build must not read ``target``, a path (or URL) a page names; ``page`` is
    the page's file relative to ``root``, the source tree."""
    text = target.strip()
    if not text or (text.startswith("<") and text.endswith(">")):
        return None  # docutils' own standard include files (<isonum.txt>)
    if is_url(text):
        return (f"makes the build fetch {text} (and publish what it gets); copy the file "
                "into the repository and name its path")
    root = root.resolve()
    page_dir = (root / page).parent
    for candidate in _candidates(text, page_dir, root):
        resolved = Path(os.path.realpath(candidate))
        if not _inside(resolved, root):
            return (f"reads {text}, which resolves to {resolved}, outside the source tree "
                    f"{root}: the build would publish a file of the build machine; copy what "
                    "the page needs into the repository")
        hidden = next((p for p in resolved.relative_to(root).parts if p.startswith(".")), None)
        if hidden is not None:
            return (f"reads {text}, inside the hidden {hidden} (hidden folders and files hold "
                    "credentials and tool state); copy what the page needs next to it")
    return None


def image_problem(target: str, page: str, root: Path) -> str | None:
    """Why an image must not be shown: a read the build must not make, or an SVG file
    that would run code or load from off the site when opened from ``_images/``."""
    if (problem := read_problem(target, page, root)) is not None:
        return problem
    path = (root / target.lstrip("/")) if target.startswith("/") else (root / page).parent / target
    if path.suffix.lower() != ".svg" or not path.is_file():
        return None
    from roadmap.rules.site import scan_xml  # the built-site guard's own reading

    found = scan_xml(path.read_text(encoding="utf-8", errors="replace"))
    what = ([f"holds {p} (line {line})" for line, p in found.active]
            + [f"loads {url} from off the site (line {line})" for line, url in found.loads])
    if not what:
        return None
    return (f"shows the SVG file {target.strip()}, which {what[0]}: served from _images/ it "
            "runs in readers' browsers when opened; draw it without scripts, handlers and "
            "outside resources")


def download_problem(target: str) -> str | None:
    """Why a file must not be offered as a download (or linked as a file)."""
    suffix = PurePosixPath(target.strip().split("#")[0]).suffix.lower()
    if suffix in ACTIVE_DOCUMENTS:
        return (f"offers {target.strip()} for download: a {suffix} file served from the site "
                "is opened as a document of the site, where its scripts would run; link a zip "
                "archive or a plain-text copy")
    return None


def dot_problems(dot: str, first_line: int) -> list[tuple[int, str]]:
    """(line, what) for every attribute of a hand-written graph that reads a file,
    fetches a URL or writes a link into the SVG file."""
    return [(first_line + dot.count("\n", 0, m.start()),
             f"a graphviz {m.group(1)}= attribute: graphviz reads or fetches it, or writes it "
             "as a link into the SVG file the pages load; draw the graph without it (the "
             "site's own views link their nodes)")
            for m in _DOT_ATTRIBUTE.finditer(dot)]


# ------------------------------------------------------------------ directives
def _directive_reads(name: str, argument: str, options: Mapping[str, str]
                     ) -> Iterator[tuple[str, str]]:
    """(option or "argument", target) for each path or URL a directive reads."""
    if name in ARGUMENT_READS and argument.strip():
        yield "argument", argument.strip()
    for option in OPTION_READS.get(name, frozenset()):
        if options.get(option, "").strip():
            yield option, options[option].strip()


def directive_problems(name: str, argument: str, options: Mapping[str, str], page: str,
                       root: Path) -> Iterator[tuple[str, str]]:
    """(option or "argument", what) for each refused read of one directive: shared by this
    guard and the Sphinx adapter, which refuses the directive before it reads."""
    for where, target in _directive_reads(name, argument, options):
        if where == "url":
            problem: str | None = (f"has :url: {target}: the build would fetch it and publish "
                                   "what it gets; copy the file into the repository")
        elif name in _IMAGES:
            problem = image_problem(target, page, root)
        else:
            problem = read_problem(target, page, root)
        if problem is not None:
            yield where, f"{{{name}}} {problem}"
    if name in _IMAGES and (problem := url_problem("a", "href", options.get("target", ""))):
        yield "target", f"{{{name}}} has a :target: with {problem}"


def _source_directive_problems(directive: SourceDirective, page: str, root: Path
                               ) -> Iterator[tuple[int, str]]:
    for where, problem in directive_problems(directive.name, directive.argument,
                                             directive.options, page, root):
        yield directive.option_lines.get(where, directive.line), problem
    if directive.name in GRAPH_DIRECTIVES:
        yield from dot_problems(directive.body, directive.body_line)
    elif directive.name == "eval-rst":
        yield from rst_problems(directive.body, directive.body_line, page, root)


# ------------------------------------------------------------------ reStructuredText
def _rst_blocks(text: str) -> Iterator[tuple[int, str, str, dict[str, str], dict[str, int], str]]:
    """(line index, name, argument, options, option lines, content) of each directive of
    reStructuredText, by indentation."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        match = _RST_DIRECTIVE.match(line)
        if not match:
            continue
        indent = len(match.group("indent"))
        options: dict[str, str] = {}
        option_lines: dict[str, int] = {}
        content: list[str] = []
        for offset, inner in enumerate(lines[index + 1:], start=1):
            if inner.strip() and len(inner) - len(inner.lstrip()) <= indent:
                break
            option = _RST_OPTION.match(inner)
            if option and not content:
                options[option.group("name")] = option.group("value")
                option_lines[option.group("name")] = offset
            else:
                content.append(inner)
        yield index, match.group("name"), match.group("arg"), options, option_lines, \
            "\n".join(content)


def rst_problems(text: str, first_line: int, page: str, root: Path) -> list[tuple[int, str]]:
    """(line, what) for the reads, fetches, downloads and links of reStructuredText (the
    content of an ``{eval-rst}`` block), whose first line is ``first_line``."""
    found: list[tuple[int, str]] = []
    for index, name, argument, options, option_lines, content in _rst_blocks(text):
        line = first_line + index
        for where, problem in directive_problems(name, argument, options, page, root):
            found.append((line + option_lines.get(where, 0), problem))
        if name in GRAPH_DIRECTIVES:
            found += dot_problems(content, line + 1)
    for match in _RST_DOWNLOAD.finditer(text):
        found += [(first_line + text.count("\n", 0, match.start()), p)
                  for p in _download_problems(_role_target(match.group("body")), page, root)]
    for match in _RST_LINK.finditer(text):
        url = match.group("url") or match.group("target") or ""
        if link_problem := url_problem("a", "href", url):
            found.append((first_line + text.count("\n", 0, match.start()),
                          f"a link with {link_problem}: active content would run in readers' "
                          "browsers"))
    return found


# ------------------------------------------------------------------ Markdown
def _role_target(body: str) -> str:
    match = _EXPLICIT.match(body)
    return (match.group("target") if match else body).strip()


def _download_problems(target: str, page: str, root: Path) -> Iterator[str]:
    for problem in (read_problem(target, page, root), download_problem(target)):
        if problem is not None:
            yield problem


def _local_file(href: str, suffixes: tuple[str, ...]) -> str | None:
    """The file a Markdown link names when MyST would copy it as a download (a local
    path that is not a page, an anchor or an address), else None."""
    target = href.strip()
    if target.startswith("path:"):
        return target[len("path:"):]
    if not target or target.startswith("#") or is_url(target) or ":" in target.split("/")[0]:
        return None
    path = target.split("#")[0]
    return None if not path or path.endswith(suffixes) or path.endswith("/") else path


# A read a page's Markdown makes: (line, kind, target), kind one of image, link, download.
Read = tuple[int, str, str]


@dataclass(frozen=True)
class PageReads:
    """What a page reads, as its text says (kept in the page memo by the page's text);
    whether a read is refused is judged at each run, against the files on disk."""

    directives: tuple[SourceDirective, ...]
    inline: tuple[Read, ...]


def _inline_reads(token: Any, line: int, suffixes: tuple[str, ...]) -> Iterator[Read]:
    previous = ""
    for child in token.children or ():
        if child.type == "image":
            yield line, "image", str(child.attrGet("src") or "")
        elif child.type == "link_open":
            target = _local_file(str(child.attrGet("href") or ""), suffixes)
            if target is not None:
                yield line, "link", target
        elif child.type == "code_inline" and _MYST_DOWNLOAD.search(previous):
            yield line, "download", _role_target(child.content)
        elif child.type == "softbreak":
            line += 1
        previous = child.content if child.type == "text" else ""


def _inline_walk(text: str, line_offset: int, suffixes: tuple[str, ...], memo: TokenMemo
                 ) -> Iterator[Read]:
    """The inline reads of a text and of the MyST content of its directives."""
    for token in memo.tokens(text):
        if not token.map:
            continue
        line = line_offset + token.map[0] + 1
        if token.type == "inline":
            yield from _inline_reads(token, line, suffixes)
        elif token.type in ("fence", "colon_fence") and token.info.strip().startswith("{"):
            name = token.info.strip()[1:].split("}")[0]
            if name not in NON_NESTING:
                yield from _inline_walk(token.content, line, suffixes, memo)


def page_reads(text: str, page: str, suffixes: tuple[str, ...] = (".md",),
               memo: TokenMemo | None = None) -> PageReads:
    """Every read of a MyST page, from one parse of it."""
    memo = TokenMemo() if memo is None else memo
    return PageReads(tuple(directives(text, page, memo=memo)),
                     tuple(_inline_walk(text, 0, suffixes, memo)))


def _judged(read: Read, page: str, root: Path) -> Iterator[tuple[int, str]]:
    line, kind, target = read
    if kind == "image":
        if problem := image_problem(target, page, root):
            yield line, f"an image {problem}"
        return
    what = "a link that" if kind == "link" else "a {download} role that"
    yield from ((line, f"{what} {p}") for p in _download_problems(target, page, root))


def judge_reads(reads: PageReads, page: str, root: Path) -> list[tuple[int, str]]:
    """(line, what) for every refused read of a page."""
    found = [problem for directive in reads.directives
             for problem in _source_directive_problems(directive, page, root)]
    found += (problem for read in reads.inline for problem in _judged(read, page, root))
    return found


def page_problems(text: str, page: str, root: Path, suffixes: tuple[str, ...] = (".md",),
                  memo: TokenMemo | None = None) -> list[tuple[int, str]]:
    """(line, what) for every refused read of a MyST page."""
    return judge_reads(page_reads(text, page, suffixes, memo), page, root)


def _reads_of(page_memo: PageMemo, memo: TokenMemo, page: str, text: str) -> PageReads:
    return page_memo.get("reads", page, text, lambda: page_reads(text, page, memo=memo))


def check_reads(sources: Mapping[str, str], root: Path, memo: TokenMemo | None = None,
                page_memo: PageMemo | None = None) -> RuleResult:
    """Every refused read of every page; what a page reads is taken from ``page_memo``
    while its text is the same (the judgement is made again: it asks the disk)."""
    result = RuleResult(READS)
    memo = TokenMemo() if memo is None else memo
    page_memo = PageMemo() if page_memo is None else page_memo
    for page, text in sorted(sources.items()):
        result.checked_ids.append(page)
        reads = _reads_of(page_memo, memo, page, text)
        for line, problem in sorted(set(judge_reads(reads, page, root))):
            result.findings.append(Finding(READS.id, page, problem, page, line))
    return result


def check_page_names(pages: Mapping[str, str] | list[str]) -> RuleResult:
    """Every page's path keeps to a plain character set."""
    result = RuleResult(PAGE_NAME)
    for page in sorted(pages):
        result.checked_ids.append(page)
        stem = PurePosixPath(page).with_suffix("")
        bad = next((part for part in stem.parts if not _SAFE_PART.match(part)), None)
        if bad is not None:
            result.findings.append(Finding(
                PAGE_NAME.id, page, f"the page name {bad!r} holds characters outside letters, "
                "digits, _ - and . (a page's name is written into links, on the search page "
                "too); rename the file", page, 1))
    return result


def _authors_patterns(root: Path, excluded: list[str]) -> list[str]:
    """The exclude patterns without those the build added to leave a link out."""
    return [p for p in excluded if not (root / p.removesuffix("/**")).is_symlink()]


def check_source_links(root: Path, excluded: list[str]) -> RuleResult:
    """Each folder of the sources that links into the tree, once."""
    result = RuleResult(SOURCE_LINK)
    result.checked_ids.append(str(root))
    for link in looping_links(root, _authors_patterns(root, excluded)):
        target = Path(os.path.realpath(root / link))
        loop = Path(os.path.realpath((root / link).parent)).is_relative_to(target)
        what = ("an ancestor of itself: Sphinx would read the tree again at every level"
                if loop else "a folder of the tree: Sphinx would read its pages twice")
        inside = target.relative_to(Path(os.path.realpath(root))).as_posix()
        shown = "the root of the tree" if inside == "." else f"{inside}/"
        result.findings.append(Finding(
            SOURCE_LINK.id, link, f"the folder is a symbolic link to {shown}, {what}; the "
            "build leaves it out: remove the link", link, None))
    return result


def _read_page(inputs: SuiteInputs, file: str, text: str) -> PageReads:
    return _reads_of(inputs.page_memo, inputs.token_memo, file, text)


def _run(inputs: SuiteInputs) -> list[RuleResult]:
    assert inputs.sources is not None  # the suite runs this check only with sources
    return [check_reads(inputs.sources, inputs.project.root, inputs.token_memo,
                        inputs.page_memo),
            check_page_names(sorted(inputs.sources)),
            check_source_links(inputs.project.root, list(inputs.project.excluded))]


def _rules(_project: ProjectInputs) -> tuple[Rule, ...]:
    return (READS, PAGE_NAME, SOURCE_LINK)


register(Check("sources", _rules, _run, module=__name__, read_page=_read_page))
