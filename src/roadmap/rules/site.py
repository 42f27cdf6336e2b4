"""Built-site guards: what only the written site shows.

A needflow without PlantUML renders a fallback notice and the build passes; a page or
an SVG file can load a script, a style sheet or an image from another site, which
breaks the offline promise and leaks the reader's visit; a directive the source guard
does not parse can write a ``javascript:`` link or a download that runs on the site's
origin (:mod:`roadmap.rules.served`). Every file of the built site is judged: pages
and SVG or XML files are read, style sheets parsed, every name and type checked.

A load is found the way a browser would make it: the page is tokenized as HTML5
(:mod:`roadmap.htmlscan`), every URL is resolved against the page's ``<base>`` with a
WHATWG URL parser (so ``https:\\\\host``, ``\\\\host``, ``https:host`` and a tab inside
the scheme all reach ``host``), from a page opened from disk and from one served over
http; style sheets, ``style`` attributes and ``<style>`` elements are parsed as CSS
(``url()``, ``@import``, ``image-set()``), an ``<iframe srcdoc>`` as the page it is, and
an inline script is searched for the off-site URLs it could fetch.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NamedTuple
from urllib.parse import urlsplit

from roadmap.findings import Finding, Rule, RuleResult
from roadmap.htmlscan import (
    XML_STYLESHEET,
    NotWellFormed,
    Tag,
    css_urls,
    page_elements,
    place,
    resolve,
    srcset_urls,
    tags,
    xml_tags,
)
from roadmap.inputs import ProjectInputs
from roadmap.served import XML_DOCUMENTS, active_in, file_problem
from roadmap.suite import Check, SuiteInputs, register

OFF_SITE = Rule(
    "GUARD-OFF-SITE", "Nothing loaded from off the site",
    "No script, style sheet, font, image, frame or other resource of a built page is "
    "loaded from another site, resolved as a browser does (backslashes, tabs in the "
    "scheme, scheme-relative URLs, a <base href>, SVG images, iframe srcdoc, CSS url(), "
    "@import and image-set(), URLs in inline scripts); links in <a href> are fine.", "site")
SITE_ACTIVE = Rule(
    "GUARD-SITE-ACTIVE", "Nothing in the built site runs",
    "No file the built site serves (pages, SVG and XML files, downloads, images) holds "
    "an event handler attribute, a script in an SVG or XML file, or a URL of another "
    "scheme than http, https, mailto, a relative one or a fragment (a data: image is "
    "fine) in any attribute that navigates or loads (href, src, xlink:href, action, "
    "formaction, srcset, poster, background, style url(), SVG <a>, <image>, <use>, "
    "xml-stylesheet); no download or image is an HTML, XHTML, SVG or XML document the "
    "browser would run on the site's origin; every file name keeps to letters, digits, "
    "_ - . and +.", "site")
PLANTUML = Rule(
    "GUARD-PLANTUML", "No PlantUML fallback",
    "No built page contains the fallback notice sphinx-needs renders for a needflow or "
    "needgantt when PlantUML is missing (the build would still pass).", "site")

PLANTUML_FALLBACK = "PlantUML is not available"
# The two ways a reader opens the site: from disk and from a local web server.
_BASES = ("file:///site/", "http://site.invalid/")
LOADING: frozenset[tuple[str, str]] = frozenset({
    ("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"),
    ("source", "srcset"), ("iframe", "src"), ("frame", "src"), ("embed", "src"),
    ("object", "data"), ("object", "codebase"), ("audio", "src"), ("video", "src"),
    ("video", "poster"), ("track", "src"), ("input", "src"), ("body", "background"),
    ("table", "background"), ("td", "background"), ("th", "background"), ("a", "ping"),
    ("area", "ping")})
LINK_NOT_LOADING = frozenset({"alternate", "author", "bookmark", "canonical", "help",
                              "index", "license", "next", "prev", "previous", "search", "top",
                              "up", "first", "last", "nofollow", "noopener", "noreferrer",
                              "external", "tag", "me"})
# Namespace names of XML vocabularies are identifiers, never fetched.
_NAMESPACES = re.compile(r"^https?://www\.w3\.org/(1999/xhtml|2000/svg|1999/xlink|1998/Math/"
                         r"MathML|XML/1998/namespace|2000/xmlns/)")
_SCRIPT_URL = re.compile(
    r"(?:https?|wss?|ftp):(?:\\?[/\\]){2}[^\s\"'`)<>]+"
    r"|(?<=[\"'`])(?:\\?[/\\]){2}[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+[^\s\"'`]*",
    re.IGNORECASE)
_REFRESH = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.IGNORECASE)
_SCRIPT_TYPES = ("", "text/javascript", "module", "application/javascript")


@functools.lru_cache(maxsize=8192)
def off_site(url: str, bases: tuple[str, ...] = _BASES) -> bool:
    """Whether a browser that opened the page from disk or over http would fetch ``url``
    from another host; ``bases`` are the page's bases in both cases (a ``<base href>``
    may have moved them). Each URL is resolved once per process: the pages load the
    same few (the real site's 3,986 loads are 100 URLs)."""
    for base, home in zip(bases, _BASES, strict=True):
        resolved = resolve(url, base)
        if resolved is None:
            continue
        parts = urlsplit(resolved)
        here = urlsplit(home)
        if parts.scheme in ("data", "blob", "about", "javascript"):
            continue
        if parts.scheme != here.scheme or (parts.hostname or "") != (here.hostname or ""):
            return True
    return False


@dataclass
class _Page:
    """The page being scanned: its base (after a <base href>) and what it loads."""

    bases: tuple[str, ...] = _BASES

    def rebase(self, href: str) -> None:
        self.bases = tuple(resolve(href, b) or b for b in self.bases)


def _attribute_urls(tag: Tag) -> Iterator[tuple[int, str]]:
    for attribute, value in tag.attrs.items():
        if (tag.name, attribute) in LOADING:
            urls = srcset_urls(value) if attribute == "srcset" else value.split() \
                if attribute == "ping" else [value]
            yield from ((tag.line, u) for u in urls)
        elif attribute in ("href", "xlink:href") and tag.name not in ("a", "area", "link",
                                                                       "base"):
            yield tag.line, value  # svg image, use, feImage, script, pattern ...
        elif attribute == "style":
            yield from ((tag.line + line - 1, u) for line, u in css_urls(value,
                                                                          declarations=True))


def _tag_urls(tag: Tag) -> Iterator[tuple[int, str]]:
    if tag.name == XML_STYLESHEET:  # an SVG file's <?xml-stylesheet href=...?>
        if tag.attrs.get("href"):
            yield tag.line, tag.attrs["href"]
        return
    yield from _attribute_urls(tag)
    if tag.name == "link" and tag.attrs.get("href") is not None:
        rels = set(tag.attrs.get("rel", "").lower().split())
        if not rels or rels - LINK_NOT_LOADING:
            yield tag.line, tag.attrs["href"]
    if tag.name == "meta" and tag.attrs.get("http-equiv", "").lower() == "refresh":
        match = _REFRESH.search(tag.attrs.get("content", ""))
        if match:
            yield tag.line, match.group(1).strip()


def _text_urls(tag: Tag) -> Iterator[tuple[int, str]]:
    if tag.name == "style":
        yield from ((tag.line + line - 1, u) for line, u in css_urls(tag.text))
    elif tag.name == "script" and tag.attrs.get("type", "").lower() in _SCRIPT_TYPES:
        for match in _SCRIPT_URL.finditer(tag.text):
            url = match.group(0).replace("\\/", "/")
            if not _NAMESPACES.match(url):
                yield tag.line + tag.text.count("\n", 0, match.start()), url


def off_site_loads(elements: Iterable[Tag]) -> list[tuple[int, str]]:
    """(line, URL) of every load of a page's elements (HTML tokens, or an SVG file's
    XML elements) that leaves the site."""
    page = _Page()
    found: list[tuple[int, str]] = []
    for tag in elements:
        if tag.name == "base" and "href" in tag.attrs:
            href = tag.attrs["href"]
            if off_site(href, page.bases):
                found.append((tag.line, f"<base href={href}> (every relative URL of the page)"))
            page.rebase(href)
            continue
        if tag.name == "iframe" and "srcdoc" in tag.attrs:
            found += off_site_urls(tag.attrs["srcdoc"], tag.line)
        for line, url in [*_tag_urls(tag), *_text_urls(tag)]:
            if url.strip() and off_site(url, page.bases):
                found.append((line, url))
    return found


def off_site_urls(html: str, first_line: int = 1) -> list[tuple[int, str]]:
    """(line, URL) of every load of an HTML page that leaves the site."""
    return off_site_loads(tags(html, first_line))


def shown(url: str) -> str:
    """A URL as a message shows it: tabs, line breaks and other controls made visible."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in url)


class PageScan(NamedTuple):
    """What the scan of one served page or SVG file found."""

    loads: tuple[tuple[int, str], ...]  # (line, URL) off the site
    plantuml_line: int | None  # the line of sphinx-needs' PlantUML fallback notice
    active: tuple[tuple[int, str], ...]  # (line, what) that would run code


# Scans kept from an earlier build under a key of this version: a scan of another
# shape is never taken for one of this.
_SCAN_VERSION = "served-3"


def scan_page(text: str) -> PageScan:
    """The off-site loads, the PlantUML fallback line and the active content of one
    built page."""
    plantuml_line = None
    if PLANTUML_FALLBACK in text:
        plantuml_line = text.count("\n", 0, text.index(PLANTUML_FALLBACK)) + 1
    found, dropped = page_elements(text)
    loads, active = off_site_loads(found), active_in(found)
    # lexbor gives no lines: only a page with findings (or with a start tag its tree
    # builder may have ignored) is tokenized
    if loads or active or dropped:
        tokens = list(tags(text))
        placed = place(found, tokens, text)
        loads = _with(off_site_loads(placed), off_site_loads(tokens))
        active = _with(active_in(placed), active_in(tokens))
    return PageScan(tuple(loads), plantuml_line, tuple(active))


def _with(found: list[tuple[int, str]], also: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """``found`` (the tree's findings, placed) and what of ``also`` (the tokenizer's
    findings) it does not hold, by line: a finding of either reading is never dropped."""
    held = Counter(what for _, what in found)
    extra = []
    for line, what in also:
        if held[what] > 0:
            held[what] -= 1
        else:
            extra.append((line, what))
    return sorted(found + extra, key=lambda finding: finding[0])


def scan_xml(text: str) -> PageScan:
    """The off-site loads and active content of an SVG or XML file; one that is not
    well-formed XML is read as HTML (the browser shows an error, but the guard does not
    guess)."""
    try:
        elements = xml_tags(text)
    except NotWellFormed:
        elements = list(tags(text))
    return PageScan(tuple(off_site_loads(elements)), None, tuple(active_in(elements, xml=True)))


def scan_sheet(text: str) -> PageScan:
    """The off-site loads of a style sheet (``url()`` and ``@import``)."""
    return PageScan(tuple((line, url) for line, url in css_urls(text) if off_site(url)),
                    None, ())


def _scanned(data: bytes, kind: str, memo: MutableMapping[str, PageScan] | None,
             seen: set[str]) -> PageScan:
    """A file's scan, taken from ``memo`` when a file of the same bytes was scanned
    before: most pages of an incremental build are written byte for byte as they were,
    and tokenizing them again is most of the guard's time; the style sheets, copied
    unchanged at every build, are read again only when their bytes change."""
    scan = {"page": scan_page, "sheet": scan_sheet}.get(kind, scan_xml)
    if memo is None:
        return scan(data.decode("utf-8", errors="replace"))
    digest = f"{_SCAN_VERSION}:{kind}:" + hashlib.blake2b(data, digest_size=20).hexdigest()
    seen.add(digest)
    if digest not in memo:
        memo[digest] = scan(data.decode("utf-8", errors="replace"))
    return memo[digest]


@dataclass
class _SiteResults:
    off: RuleResult = field(default_factory=lambda: RuleResult(OFF_SITE))
    plantuml: RuleResult = field(default_factory=lambda: RuleResult(PLANTUML))
    active: RuleResult = field(default_factory=lambda: RuleResult(SITE_ACTIVE))

    def add(self, name: str, found: PageScan) -> None:
        for result in (self.off, self.active):
            result.checked_ids.append(name)
        for line, url in found.loads:
            self.off.findings.append(Finding(OFF_SITE.id, name,
                                             f"loads {shown(url)} from off the site", name, line))
        for line, what in found.active:
            self.active.findings.append(Finding(
                SITE_ACTIVE.id, name, f"{shown(what)}: it would run in readers' browsers; find "
                "the directive, role or diagram that wrote it and remove the URL or attribute",
                name, line))


def _kind_of(suffix: str) -> str | None:
    """How a served file is read: as a page, as XML, or not at all."""
    if suffix in (".html", ".htm"):
        return "page"
    return "xml" if suffix in XML_DOCUMENTS else None


def _check_sheet(found: PageScan, name: str, results: _SiteResults) -> None:
    results.off.checked_ids.append(name)
    for line, url in found.loads:
        results.off.findings.append(Finding(
            OFF_SITE.id, name, f"loads {shown(url)} from off the site", name, line))


def _check_document(found: PageScan, name: str, page: bool, results: _SiteResults) -> None:
    results.add(name, found)
    if page:
        results.plantuml.checked_ids.append(name)
    if found.plantuml_line is not None:
        results.plantuml.findings.append(Finding(
            PLANTUML.id, name, f"a diagram rendered as the fallback notice "
            f"{PLANTUML_FALLBACK!r} (use flow_engine = graphviz)", name, found.plantuml_line))


def check_built_site(html_dir: Path, memo: MutableMapping[str, PageScan] | None = None
                     ) -> list[RuleResult]:
    """The built-site guards over every file the site serves: pages, SVG and XML files
    and style sheets are read, every file's name and type judged; ``memo`` (file digest
    -> scan) carries scans from one build to the next and is left holding only the
    files of this one."""
    results = _SiteResults()
    seen: set[str] = set()
    for path in sorted(p for p in html_dir.rglob("*") if p.is_file()):
        relative = PurePosixPath(path.relative_to(html_dir).as_posix())
        name = str(relative)
        if (problem := file_problem(relative)) is not None:
            results.active.findings.append(Finding(SITE_ACTIVE.id, name, problem, name))
        elif relative.suffix.lower() == ".css":
            _check_sheet(_scanned(path.read_bytes(), "sheet", memo, seen), name, results)
        elif (kind := _kind_of(relative.suffix.lower())) is not None:
            _check_document(_scanned(path.read_bytes(), kind, memo, seen), name,
                            kind == "page", results)
    if memo is not None:
        for gone in set(memo) - seen:
            del memo[gone]
    return [results.off, results.plantuml, results.active]


def _run(inputs: SuiteInputs) -> list[RuleResult]:
    assert inputs.html_dir is not None  # the suite runs this check only with a built site
    return check_built_site(inputs.html_dir, inputs.html_scans)


def _rules(_project: ProjectInputs) -> tuple[Rule, ...]:
    return (OFF_SITE, PLANTUML, SITE_ACTIVE)


register(Check("html", _rules, _run, module=__name__))
