"""HTML, CSS and URLs read the way a browser reads them, for the content guards.

The guards that refuse active content in the pages and loads from off the site must
not be fooled by what a browser accepts and a regular expression does not: attributes
without quotes or separated by ``/``, entities in attribute values, ``https:\\\\host``,
a tab inside a scheme, ``image-set(...)`` in CSS. So HTML is tokenized by html5lib
(the WHATWG tokenizer, with the raw-text states a tree builder would switch to), CSS by
tinycss2, and URLs are resolved by ada (a WHATWG URL parser) against the page's base.
"""

from __future__ import annotations

import re
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
    import tinycss2

    nodes = (tinycss2.parse_blocks_contents(css) if declarations
             else tinycss2.parse_stylesheet(css))
    found: list[tuple[int, str]] = []
    _walk_css(nodes, found, in_url_function=False)
    return found


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
