"""What a file the site serves may hold: nothing that runs, nothing that navigates to
code, nothing served as a page that the guards cannot read.

The source guard (:mod:`roadmap.rules.security`) reads what the authors wrote; this
module judges what the build wrote from it, where directives the source guard does not
parse end up: an image's ``:target:``, a link inside ``{eval-rst}``, a graphviz node's
``URL`` in an SVG file, an HTML file linked as a download. Every function takes parsed
elements (:class:`roadmap.htmlscan.Tag`), so the parser behind them can change.

Allowed in an attribute that navigates or loads: a relative URL, a fragment, http,
https and mailto, and a ``data:`` image in an image's ``src``. A served file is a page
(HTML, scanned), an SVG or XML document (scanned as XML), a style sheet, or a file of a
type the browser does not run; a download or image of a type the browser would open as
a document on the site's origin (HTML, XHTML, SVG, XML, XSLT) is refused, and every
file name keeps to letters, digits, ``_``, ``-``, ``.`` and ``+``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath

from roadmap.htmlscan import XML_STYLESHEET, Tag, clean_url, css_urls, scheme, srcset_urls

SAFE_SCHEMES = frozenset({"", "http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "xlink:href", "src", "action", "formaction", "data",
                            "poster", "background", "codebase", "cite", "ping", "srcset",
                            "dynsrc", "lowsrc", "longdesc", "manifest", "usemap", "icon",
                            "to", "from", "values", "by", "archive", "classid", "itemtype"})
# Elements of an SVG or XML file that run code or embed a document that may.
XML_ACTIVE_ELEMENTS = frozenset({"script", "foreignObject", "foreignobject", "iframe",
                                 "embed", "object", "handler", "listener", "frame"})
_DATA_IMAGE = re.compile(r"^data:image/(png|gif|jpe?g|webp|avif|bmp);", re.IGNORECASE)
_CSS_ACTIVE = re.compile(r"expression\s*\(|behaviou?r\s*:|-moz-binding", re.IGNORECASE)
_REFRESH = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.IGNORECASE)
# Served as a document of the site's own origin, where its scripts would run.
ACTIVE_DOCUMENTS = frozenset({".html", ".htm", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml",
                              ".svg", ".svgz", ".xml", ".xsl", ".xslt", ".rdf", ".swf"})
# Folders of files the pages link or show (Sphinx's download and image targets).
DOWNLOAD_FOLDERS = frozenset({"_downloads", "_images"})
# Read as XML by the guards wherever they are served (but in the folders above).
XML_DOCUMENTS = frozenset({".svg", ".xml", ".rdf"})
# Documents a browser runs that no guard reads: never served.
UNREAD_DOCUMENTS = ACTIVE_DOCUMENTS - XML_DOCUMENTS - {".html", ".htm"}
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_.][A-Za-z0-9_.+-]*$")


def _urls_of(attribute: str, value: str) -> list[str]:
    if attribute == "srcset":
        return srcset_urls(value)
    if attribute in ("values", "archive", "ping"):
        return [part for part in re.split(r"[;\s]+", value) if part]
    return [value]


@functools.lru_cache(maxsize=8192)
def url_problem(tag: str, attribute: str, value: str) -> str | None:
    """Why a URL attribute of ``tag`` is unsafe (None when it is safe); judged once per
    process for each (the real site's 27,758 URL attributes are 2,026 different ones)."""
    for url in _urls_of(attribute, value):
        found = scheme(url)
        if found == "data":
            if tag in ("img", "source", "image") and attribute in ("src", "srcset", "href",
                                                                   "xlink:href") \
                    and _DATA_IMAGE.match(clean_url(url)):
                continue
            return f"a data: URL in {attribute}= (only an image may be inlined)"
        if found not in SAFE_SCHEMES:
            return f"a {found}: URL in {attribute}="
    return None


def _style_problem(tag: str, value: str) -> str | None:
    if _CSS_ACTIVE.search(value):
        return f"a style= that runs code on <{tag}>"
    for _, url in css_urls(value, declarations=True):
        if scheme(url) not in SAFE_SCHEMES | {"data"}:
            return f"a style= url() of scheme {scheme(url)}: on <{tag}>"
    return None


def _attribute_problem(tag: str, name: str, value: str) -> Iterator[str]:
    if name.startswith("on"):
        yield f"an event handler attribute {name}= on <{tag}>"
    elif name == "srcdoc":
        yield from (f"{p} (in the srcdoc of <{tag}>)" for p in _srcdoc_problems(value))
    elif name in URL_ATTRIBUTES and (problem := url_problem(tag, name, value)):
        yield f"{problem} on <{tag}>"
    elif name == "style" and (problem := _style_problem(tag, value)):
        yield problem


def _stylesheet_problem(tag: Tag) -> str | None:
    if "css" not in tag.attrs.get("type", "text/css").lower():
        return "an xml-stylesheet that is not CSS (XSLT writes a page that may run code)"
    problem = url_problem("link", "href", tag.attrs.get("href", ""))
    return f"{problem} in an xml-stylesheet" if problem else None


def tag_problems(tag: Tag, xml: bool = False) -> Iterator[str]:
    """What in one element of a served page (``xml``: of an SVG or XML file) would run
    code or navigate to it."""
    if xml and tag.name in XML_ACTIVE_ELEMENTS:
        yield f"a <{tag.name}> element in an SVG or XML file"
    if tag.name == XML_STYLESHEET:
        if problem := _stylesheet_problem(tag):
            yield problem
        return
    for name, value in tag.attrs.items():
        yield from _attribute_problem(tag.name, name, value)
    if tag.name == "meta" and tag.attrs.get("http-equiv", "").lower() == "refresh":
        match = _REFRESH.search(tag.attrs.get("content", ""))
        if match and (problem := url_problem("a", "href", match.group(1).strip())):
            yield f"{problem} in a <meta> refresh"


def _srcdoc_problems(html: str) -> Iterator[str]:
    from roadmap.htmlscan import tags

    for inner in tags(html):
        yield from tag_problems(inner)


def active_in(elements: Iterable[Tag], xml: bool = False) -> list[tuple[int, str]]:
    """(line, what) for every element of a served page or SVG file that would run code."""
    return [(tag.line, problem) for tag in elements for problem in tag_problems(tag, xml)]


def file_problem(relative: PurePosixPath) -> str | None:
    """Why a file of the built site must not be served (None when it may)."""
    # a page's own name (and its source copy) is GUARD-PAGE-NAME's, at the page
    page = relative.suffix.lower() in (".html", ".htm") or relative.parts[0] == "_sources"
    bad = next((part for part in relative.parts if not _SAFE_NAME.match(part)), None)
    if bad is not None and not page:
        return (f"the name {bad!r} holds characters outside letters, digits, _ - . and + "
                "(a page or file name can become a link, as on the search page)")
    suffix = relative.suffix.lower()
    folder = relative.parts[0] if len(relative.parts) > 1 else ""
    # an SVG image is scanned like any SVG file; as a download it would be opened
    refused = ACTIVE_DOCUMENTS - ({".svg"} if folder == "_images" else set())
    if folder in DOWNLOAD_FOLDERS and suffix in refused:
        return (f"a {suffix} file served from {folder}/: the browser opens it as a document "
                "of the site, where its scripts would run; link a plain-text or archived "
                "copy instead")
    if suffix in UNREAD_DOCUMENTS:
        return f"a {suffix} document the guards cannot read, served on the site's origin"
    return None
