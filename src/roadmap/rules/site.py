"""Built-site guards: what only the written HTML shows.

A needflow without PlantUML renders a fallback notice and the build passes; a page can
load a script, a style sheet or an image from another site, which breaks the offline
promise and leaks the reader's visit. Both are found in the built pages.

A load is found the way a browser would make it: the page is tokenized as HTML5
(:mod:`roadmap.htmlscan`), every URL is resolved against the page's ``<base>`` with a
WHATWG URL parser (so ``https:\\\\host``, ``\\\\host``, ``https:host`` and a tab inside
the scheme all reach ``host``), from a page opened from disk and from one served over
http; style sheets, ``style`` attributes and ``<style>`` elements are parsed as CSS
(``url()``, ``@import``, ``image-set()``), an ``<iframe srcdoc>`` as the page it is, and
an inline script is searched for the off-site URLs it could fetch.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from roadmap.findings import Finding, Rule, RuleResult
from roadmap.htmlscan import Tag, css_urls, resolve, srcset_urls, tags
from roadmap.inputs import ProjectInputs
from roadmap.suite import Check, SuiteInputs, register

OFF_SITE = Rule(
    "GUARD-OFF-SITE", "Nothing loaded from off the site",
    "No script, style sheet, font, image, frame or other resource of a built page is "
    "loaded from another site, resolved as a browser does (backslashes, tabs in the "
    "scheme, scheme-relative URLs, a <base href>, SVG images, iframe srcdoc, CSS url(), "
    "@import and image-set(), URLs in inline scripts); links in <a href> are fine.", "site")
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


def off_site(url: str, bases: tuple[str, ...] = _BASES) -> bool:
    """Whether a browser that opened the page from disk or over http would fetch ``url``
    from another host; ``bases`` are the page's bases in both cases (a ``<base href>``
    may have moved them)."""
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


def _tag_urls(tag: Tag) -> Iterator[tuple[int, str]]:
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


def off_site_urls(html: str, first_line: int = 1) -> list[tuple[int, str]]:
    """(line, URL) of every load of an HTML page that leaves the site."""
    page = _Page()
    found: list[tuple[int, str]] = []
    for tag in tags(html, first_line):
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


def shown(url: str) -> str:
    """A URL as a message shows it: tabs, line breaks and other controls made visible."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in url)


# What one page's scan found: its off-site loads and the line of a PlantUML notice.
PageScan = tuple[tuple[tuple[int, str], ...], int | None]


def scan_page(text: str) -> PageScan:
    """The off-site loads and the PlantUML fallback line of one built page."""
    plantuml_line = None
    if PLANTUML_FALLBACK in text:
        plantuml_line = text.count("\n", 0, text.index(PLANTUML_FALLBACK)) + 1
    return tuple(off_site_urls(text)), plantuml_line


def _scanned(data: bytes, memo: MutableMapping[str, PageScan] | None,
             seen: set[str]) -> PageScan:
    """A page's scan, taken from ``memo`` when a page of the same bytes was scanned
    before: most pages of an incremental build are written byte for byte as they were,
    and tokenizing them again is most of the guard's time."""
    if memo is None:
        return scan_page(data.decode("utf-8", errors="replace"))
    digest = hashlib.blake2b(data, digest_size=20).hexdigest()
    seen.add(digest)
    if digest not in memo:
        memo[digest] = scan_page(data.decode("utf-8", errors="replace"))
    return memo[digest]


def check_built_site(html_dir: Path, memo: MutableMapping[str, PageScan] | None = None
                     ) -> list[RuleResult]:
    """The off-site and PlantUML guards over every built page and style sheet;
    ``memo`` (page digest -> scan) carries scans from one build to the next and is left
    holding only the pages of this one."""
    off, plantuml = RuleResult(OFF_SITE), RuleResult(PLANTUML)
    seen: set[str] = set()
    for page in sorted(html_dir.rglob("*.html")):
        name = str(page.relative_to(html_dir))
        loads, plantuml_line = _scanned(page.read_bytes(), memo, seen)
        off.checked_ids.append(name)
        plantuml.checked_ids.append(name)
        for line, url in loads:
            off.findings.append(Finding(OFF_SITE.id, name,
                                        f"loads {shown(url)} from off the site", name, line))
        if plantuml_line is not None:
            plantuml.findings.append(Finding(
                PLANTUML.id, name, f"a diagram rendered as the fallback notice "
                f"{PLANTUML_FALLBACK!r} (use flow_engine = graphviz)", name, plantuml_line))
    for sheet in sorted(html_dir.rglob("*.css")):
        name = str(sheet.relative_to(html_dir))
        off.checked_ids.append(name)
        for line, url in css_urls(sheet.read_text(encoding="utf-8", errors="replace")):
            if off_site(url):
                off.findings.append(Finding(OFF_SITE.id, name,
                                            f"loads {shown(url)} from off the site", name,
                                            line))
    if memo is not None:
        for gone in set(memo) - seen:
            del memo[gone]
    return [off, plantuml]


def _run(inputs: SuiteInputs) -> list[RuleResult]:
    assert inputs.html_dir is not None  # the suite runs this check only with a built site
    return check_built_site(inputs.html_dir, inputs.html_scans)


def _rules(_project: ProjectInputs) -> tuple[Rule, ...]:
    return (OFF_SITE, PLANTUML)


register(Check("html", _rules, _run, module=__name__))
