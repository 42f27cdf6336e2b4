"""HTML, CSS and URLs read the way a browser reads them, for the content guards.

The guards that refuse active content in the pages and loads from off the site must
not be fooled by what a browser accepts and a regular expression does not: attributes
without quotes or separated by ``/``, entities in attribute values, ``https:\\\\host``,
a tab inside a scheme, ``image-set(...)`` in CSS. So HTML is tokenized by html5lib
(the WHATWG tokenizer, with the raw-text states a tree builder would switch to), CSS by
tinycss2, and URLs are resolved by ada (a WHATWG URL parser) against the page's base.

A built page is first read by lexbor (selectolax's C parser; the whole scan of the real
site takes a sixth of the CPU it took on html5lib, ``bench/bench_scan.py``):
:func:`page_elements` builds the page's tree as a browser does and hands over the
elements that may load, navigate or run, without lines; only a page where the guards
find something is tokenized again by html5lib (:func:`tags`), whose tags carry lines,
and :func:`place` gives each element the line of its tag. The source guards and an
``<iframe srcdoc>`` are still read by html5lib alone.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

# Elements whose content is not markup, and the tokenizer state that reads it.
_RAW_TEXT = {"script": "scriptDataState", "style": "rawtextState", "xmp": "rawtextState",
             "iframe": "rawtextState", "noembed": "rawtextState", "noframes": "rawtextState",
             "noscript": "rawtextState", "textarea": "rcdataState", "title": "rcdataState",
             "plaintext": "plaintextState"}
# What the WHATWG URL parser strips before reading a URL.
_STRIPPED = re.compile(r"[\t\n\r]")
_EDGES = "".join(chr(c) for c in range(0x21))
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


@dataclass
class Tag:
    """A start tag, its attributes (names lower-cased, entities decoded) and its line;
    for a raw-text element (script, style, ...) also the text it holds."""

    name: str
    attrs: Mapping[str, str]
    line: int
    text: str = ""
    end_line: int = 0
    _parts: list[str] = field(default_factory=list, repr=False)


def tags(html: str, first_line: int = 1) -> Iterator[Tag]:
    """The start tags of an HTML text, in order; ``first_line`` is the text's first line."""
    from html5lib._tokenizer import HTMLTokenizer
    from html5lib.constants import tokenTypes

    start, chars = tokenTypes["StartTag"], (tokenTypes["Characters"],
                                            tokenTypes["SpaceCharacters"])
    end = tokenTypes["EndTag"]
    tokenizer = HTMLTokenizer(html)
    stream = tokenizer.stream
    # Where the previous token ended, which is where the next one starts: kept as the
    # stream's raw state and turned into a line only for a start tag (asking the stream
    # for its position after every token is a fifth of the scan's time).
    mark: tuple[int, str, int] = (0, "", 0)
    open_raw: Tag | None = None
    for token in tokenizer:
        kind = token["type"]
        if kind == start:
            lines, chunk, offset = mark
            line = lines + chunk.count("\n", 0, offset) + 1
            tag = Tag(token["name"], dict(token["data"] or {}), first_line + line - 1)
            state = _RAW_TEXT.get(tag.name)
            if state:
                tokenizer.state = getattr(tokenizer, state)
                open_raw = tag
            else:
                yield tag
        elif kind in chars and open_raw is not None:
            open_raw._parts.append(token["data"])
        elif kind == end and open_raw is not None:
            open_raw.text = "".join(open_raw._parts)
            open_raw.end_line = first_line + stream.position()[0] - 1
            yield open_raw
            open_raw = None
        mark = (stream.prevNumLines, stream.chunk, stream.chunkOffset)
    if open_raw is not None:
        open_raw.text = "".join(open_raw._parts)
        yield open_raw


# ------------------------------------------------------------------ lexbor
# Elements whose text the off-site scan reads.
_TEXT_OF = frozenset({"style", "script"})
_NOSCRIPT = re.compile(r"<noscript", re.IGNORECASE)
# Start tags a tree builder ignores out of place (the token is dropped, or its attributes
# merged into the element already open), which a tokenizer still reads.
_IGNORABLE_NAMES = frozenset({"caption", "colgroup", "col", "frameset", "frame", "head",
                              "body", "html", "tbody", "td", "tfoot", "thead", "th", "tr",
                              "form"})
_IGNORABLE = re.compile(r"<(?i:c(?:aption|olgroup|ol)|f(?:rameset|rame|orm)|h(?:ead|tml)|"
                        r"body|t(?:body|d|foot|head|h|r))(?=[\t\n\f\r />])")
# Attributes no guard reads: an element holding only these neither loads, navigates
# nor runs (most of a page's elements carry a class and nothing else).
_INERT = frozenset({"class", "id", "title", "lang", "dir", "role", "tabindex", "colspan",
                    "rowspan", "alt", "width", "height", "for", "aria-label", "aria-hidden",
                    "aria-level", "aria-expanded", "aria-controls", "aria-selected",
                    "aria-labelledby", "aria-describedby", "fill", "stroke", "stroke-width",
                    "stroke-linecap", "stroke-linejoin", "font-size", "font-weight", "x", "y",
                    "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "d", "points",
                    "viewbox", "viewBox", "text-anchor", "transform", "opacity"})


def elements(html: str, *, scripting: bool = True) -> list[Tag]:
    """The elements of an HTML page that may load, navigate or run, as a browser builds
    them (lexbor's tree builder): every element with an attribute, and every style and
    script element with its text; the content of a ``<template>`` after the page's own
    elements. ``scripting`` parses as a browser that runs scripts does (``<noscript>``
    holds text); without it, ``<noscript>`` holds elements. Lines are 0: see :func:`place`.

    Every element is walked rather than picked by a CSS selector: an event handler is
    any attribute whose name starts with ``on``, which no selector can name, and the walk
    measured faster than a selector list of the loading attributes."""
    return _tree(html, scripting)[0]


def _tree(html: str, scripting: bool) -> tuple[list[Tag], Counter[str]]:
    """:func:`elements`, and how many elements of each name the tree holds."""
    from selectolax.lexbor import LexborHTMLParser

    found: list[Tag] = []
    built: Counter[str] = Counter()
    tree = LexborHTMLParser(html, scripting=scripting)
    _collect(tree.css("*"), found, built)
    fragments = list(tree.root.template_fragments()) if tree.root is not None else []
    while fragments:  # a template's content is not in the tree; nested ones neither
        fragment = fragments.pop(0)
        _collect(fragment.css("*"), found, built)
        fragments += fragment.template_fragments()
    return found, built


def _collect(nodes: Any, found: list[Tag], built: Counter[str]) -> None:
    for node in nodes:
        attributes = node.attributes
        name = str(node.tag).lower()
        if name in _IGNORABLE_NAMES:
            built[name] += 1
        if name in _TEXT_OF:
            found.append(Tag(name, _lowered(attributes), 0, node.text(deep=True)))
        elif not attributes.keys() <= _INERT:
            found.append(Tag(name, _lowered(attributes), 0))


def _lowered(attributes: dict[str, str | None]) -> dict[str, str]:
    # html5lib's tokenizer lower-cases every name (the tree builder keeps SVG's viewBox)
    return {name.lower(): value or "" for name, value in attributes.items()}


def page_elements(html: str) -> tuple[list[Tag], bool]:
    """:func:`elements` of a page as both kinds of reader get them: a browser that runs
    scripts, and, when the page holds a ``<noscript>``, the elements one that does not
    would also build (its content, parsed as markup); and whether the tree builder may
    have ignored a start tag that html5lib's tokenizer reads (a ``<td>`` outside a table,
    a ``<form>`` inside a form, a second ``<body>``: more such tags in the text than
    elements in the tree), for which the page is tokenized as well."""
    found, built = _tree(html, scripting=True)
    if _NOSCRIPT.search(html):
        seen = Counter(_key(tag) for tag in found)
        for tag in elements(html, scripting=False):
            if seen[_key(tag)] > 0:
                seen[_key(tag)] -= 1
            else:
                found.append(tag)
    written = Counter(match[1:].lower() for match in _IGNORABLE.findall(html))
    return found, any(count > built[name] for name, count in written.items())


def _key(tag: Tag) -> tuple[str, tuple[tuple[str, str], ...]]:
    # the tree builder reads <image> as <img>; html5lib's tokenizer keeps the name
    return ("img" if tag.name == "image" else tag.name), tuple(sorted(tag.attrs.items()))


def place(found: list[Tag], tokens: list[Tag], html: str) -> list[Tag]:
    """``found`` (elements of :func:`elements`), each with the line of its start tag
    among ``tokens`` (the page's :func:`tags`). An element the tokenizer does not show
    as a tag of its own (inside ``<noscript>``, an SVG ``<title>`` or a MathML
    ``<style>``) takes the line where one of its attribute values is written in
    ``html``, else the line of the element before it, else line 1: never none."""
    lines: dict[tuple[str, tuple[tuple[str, str], ...]], list[int]] = {}
    for tag in reversed(tokens):
        lines.setdefault(_key(tag), []).append(tag.line)
    last = 1
    placed: list[Tag] = []
    for tag in found:
        candidates = lines.get(_key(tag))
        last = candidates.pop() if candidates else _written_at(tag, html) or last
        placed.append(Tag(tag.name, tag.attrs, last, tag.text))
    return placed


def _written_at(tag: Tag, html: str) -> int | None:
    """The line where one of ``tag``'s attribute values first appears in ``html``."""
    for value in tag.attrs.values():
        at = html.find(value) if value else -1
        if at >= 0:
            return html.count("\n", 0, at) + 1
    return None


# ------------------------------------------------------------------ URLs
def clean_url(value: str) -> str:
    """A URL attribute as the URL parser sees it: edges trimmed, tabs and newlines out."""
    return _STRIPPED.sub("", value.strip(_EDGES))


def scheme(value: str) -> str:
    """The scheme a browser reads in a URL ("" for a relative URL), lower-cased."""
    match = _SCHEME.match(clean_url(value))
    return match.group(1).lower() if match else ""


def resolve(url: str, base: str) -> str | None:
    """``url`` resolved against ``base`` as a browser does (None: not a valid URL)."""
    import ada_url

    try:
        return str(ada_url.join_url(base, clean_url(url)))
    except ValueError:
        return None


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` (candidates separated by commas, each a URL and a size)."""
    return [part.split()[0] for part in value.split(",") if part.split()]


# ------------------------------------------------------------------ CSS
_URL_FUNCTIONS = {"url", "src", "image-set", "-webkit-image-set", "image", "cross-fade",
                  "-webkit-cross-fade", "element"}


def css_urls(css: str, *, declarations: bool = False) -> list[tuple[int, str]]:
    """Every URL a style sheet (or a ``style`` attribute, with ``declarations``) may load:
    ``url(...)``, ``@import "..."``, the strings of ``image-set(...)``, ``src(...)``.
    Lines count from 1 within ``css``."""
    return list(_parsed_css_urls(css, declarations))


# A site repeats its style texts: the real site's 2,813 style attributes are 37 texts,
# and every page holds the same <style> element; each text is parsed once.
@functools.lru_cache(maxsize=2048)
def _parsed_css_urls(css: str, declarations: bool) -> tuple[tuple[int, str], ...]:
    import tinycss2

    nodes = (tinycss2.parse_blocks_contents(css) if declarations
             else tinycss2.parse_stylesheet(css))
    found: list[tuple[int, str]] = []
    _walk_css(nodes, found, in_url_function=False)
    return tuple(found)


def _walk_css(nodes: Any, found: list[tuple[int, str]], in_url_function: bool) -> None:
    for node in nodes or ():
        kind = getattr(node, "type", "")
        if kind == "url" or (kind == "string" and in_url_function):
            found.append((node.source_line, node.value))
        elif kind == "at-rule":
            is_import = node.lower_at_keyword == "import"
            _walk_css(node.prelude, found, in_url_function=is_import)
            _walk_css(node.content, found, in_url_function=False)
        elif kind in ("qualified-rule",):
            _walk_css(node.prelude, found, False)
            _walk_css(node.content, found, False)
        elif kind == "declaration":
            _walk_css(node.value, found, False)
        elif kind == "function":
            _walk_css(node.arguments, found, node.lower_name in _URL_FUNCTIONS)
        elif kind in ("() block", "[] block", "{} block"):
            _walk_css(node.content, found, in_url_function)


# ------------------------------------------------------------------ XML (SVG files)
# Namespaces whose attributes a browser reads under a prefix the scan knows (an SVG
# file may bind XLink to any prefix: Sphinx's graphviz writes ``ns1:href``).
_PREFIXES = {"http://www.w3.org/1999/xlink": "xlink:",
             "http://www.w3.org/XML/1998/namespace": "xml:"}
# Elements whose text the off-site and active-content scans read.
_TEXT_ELEMENTS = frozenset({"style", "script"})
XML_STYLESHEET = "?xml-stylesheet"


class NotWellFormed(ValueError):
    """An XML file a browser would not render (it shows an error instead)."""


def _xml_name(name: str) -> str:
    """A namespaced name of expat (``uri local``) as the scans name it: the local name,
    with ``xlink:`` or ``xml:`` for those namespaces."""
    uri, _, local = name.rpartition(" ")
    return _PREFIXES.get(uri, "") + local


def _pseudo_attributes(data: str) -> dict[str, str]:
    """The ``name="value"`` pairs of a processing instruction (xml-stylesheet)."""
    return {m.group(1).lower(): m.group(3)
            for m in re.finditer(r"([\w:-]+)\s*=\s*(['\"])(.*?)\2", data, re.DOTALL)}


def xml_tags(text: str, first_line: int = 1) -> list[Tag]:
    """The start tags (and xml-stylesheet instructions, named ``?xml-stylesheet``) of
    an XML document such as an SVG file, read with namespaces the way a browser reads
    them; a style or script element carries its text. Raises NotWellFormed."""
    from xml.parsers import expat

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    found: list[Tag] = []
    open_text: list[Tag] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = Tag(_xml_name(name), {_xml_name(k): v for k, v in attrs.items()},
                  first_line + parser.CurrentLineNumber - 1)
        found.append(tag)
        if tag.name in _TEXT_ELEMENTS:
            open_text.append(tag)

    def end(name: str) -> None:
        if open_text and open_text[-1].name == _xml_name(name):
            tag = open_text.pop()
            tag.text = "".join(tag._parts)

    def chars(data: str) -> None:
        if open_text:
            open_text[-1]._parts.append(data)

    def instruction(target: str, data: str) -> None:
        if target.lower() == XML_STYLESHEET[1:]:
            found.append(Tag(XML_STYLESHEET, _pseudo_attributes(data),
                             first_line + parser.CurrentLineNumber - 1))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(text, True)
    except expat.ExpatError as error:
        raise NotWellFormed(f"line {error.lineno}: {expat.errors.messages[error.code]}"
                            ) from None
    return found
