"""The need directives written in the MyST pages, as the authors wrote them.

One parser serves every reader of the sources: the source guards (is every directive
a built need, is every option known), the fault-injection kit that edits a need's
options in a copy of the tree, and the guides' tests that read a need's options and
body. It parses with markdown-it, the parser MyST itself is built on, so a fence
inside a code block is an example of the syntax, not a need.

Nothing is kept here between calls: a caller that parses the same texts more than once
(the guards of one run) passes a :class:`TokenMemo`, and a caller that checks the same
pages again (the build, the language server) keeps what the guards derived from each
page in a :class:`PageMemo`, by the page's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# Directives whose content is not MyST (code, data, diagrams): a need fence shown in
# them is an example, not a need.
NON_NESTING = frozenset({
    "code-block", "code", "sourcecode", "literalinclude", "mermaid", "graphviz", "needtable",
    "needflow", "eval-rst", "raw", "math", "csv-table", "list-table", "include"})
# A directive fence's info string: ``{name} argument`` (the language server reads it too).
DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[a-zA-Z0-9_-]+)\}\s*(?P<argument>.*)$")
_OPTION = re.compile(r"^:([\w-]+):(?:[ \t]+(.*?))?[ \t]*$")
# An event handler in a ``{...}`` attribute block (the content guard reads it in text).
ATTRS_HANDLER = re.compile(r"\{[^{}]*\bon[a-z]+\s*=", re.IGNORECASE)
# What a line of inline text must hold for a reader of the tokens to find anything in
# its inline tokens: a link or an image (``[``, ``<``), inline HTML or an autolink
# (``<``), code (a backtick), a character reference or an escape (``&``, ``\``: the
# text is read decoded), or an attribute block's event handler. Without any of them its
# inline tokens are plain text, emphasis and line breaks, which no reader reads.
_READ_INLINE = re.compile(r"[\[<`&\\]|" + ATTRS_HANDLER.pattern, re.IGNORECASE)
_YAML_OPTION = re.compile(r"^([\w-]+):(?:[ \t]+(.*?))?[ \t]*$")


@dataclass(frozen=True)
class SourceNeed:
    """One need directive: where it is, its options as written, its title and body."""

    file: str
    line: int  # 1-based line of the opening fence
    need_type: str
    need_id: str | None
    title: str = ""
    options: Mapping[str, str] = field(default_factory=dict)  # name -> value as written
    option_lines: Mapping[str, int] = field(default_factory=dict)  # name -> 1-based line
    body: str = ""
    end_line: int = 0  # 1-based line of the closing fence (or the page's last line)
    closed: bool = True  # False when the fence runs to the end of the page
    markup: str = "```"  # the fence that opens it (``` or ::: of some length)
    # the first need directive opened inside this one with the same fence: its closing
    # fence closed this one instead, so the author left this one unclosed
    swallowed: SourceNeed | None = None
    nested_in: str | None = None  # the label of the need directive it sits in

    @property
    def label(self) -> str:
        """The need's ID, or a stand-in naming its type when it has none."""
        return self.need_id or f"<{self.need_type} without :id:>"


class TokenMemo:
    """The markdown-it tokens of the texts parsed so far, by text.

    A page is read by every guard of a run, and each need body once more inside it
    (a directive's content is parsed as a text of its own): one memo per run parses
    each text once. Keyed by the text itself, so it is never stale; it lives as long
    as its holder (a call, a run of the suite, one build) and no longer, and what was
    parsed inside :meth:`released` is let go at its end (the suite reads the pages one
    at a time, so no more than one page's tokens are held at once). With a ``limit``
    it keeps the tokens of that many texts at most, the oldest dropped first (the
    language server reads 10,000 needs' pages without holding all their tokens).

    Only the inline texts that can hold what the readers look for (links, images, code,
    inline HTML, an attribute block's event handler: :data:`_READ_INLINE`) are parsed
    into inline tokens; another inline token keeps no children (its text is in its
    ``content``). The readers' findings are the same as from a full parse
    (``tests/rules/test_page_reading.py`` compares them on every page of the site), at
    about half the parse (the inline rule is half of markdown-it's time).

    The parser is MyST's (CommonMark, which refuses to link a ``javascript:``, a
    ``vbscript:``, a ``file:`` or a ``data:`` URL). The content guard wants the links
    another renderer might write too: :meth:`every_link` gives the tokens of a parser
    that links every URL, which are the same tokens unless CommonMark refused a link
    in the text (the memo notes which texts those are), so one parse serves both.
    """

    def __init__(self, limit: int | None = None) -> None:
        self._parser: MarkdownIt | None = None
        self._every_link_parser: MarkdownIt | None = None
        self._tokens: dict[str, list[Any]] = {}
        self._refused: set[str] = set()  # texts in which CommonMark refused a link
        self._every_link: dict[str, list[Any]] = {}
        self._refusing = False
        self._limit = limit

    def tokens(self, text: str) -> list[Any]:
        """The tokens of ``text`` as MyST's parser reads it."""
        found = self._tokens.get(text)
        if found is None:
            self._refusing = False
            found = self._tokens[text] = self._markdown().parse(text)
            if self._refusing:
                self._refused.add(text)
            if self._limit is not None and len(self._tokens) > self._limit:
                self._drop(next(iter(self._tokens)))
        return found

    def every_link(self, text: str) -> list[Any]:
        """The tokens of ``text`` as a parser that links every URL reads it."""
        found = self.tokens(text)
        if text not in self._refused:
            return found  # nothing refused: every link was linked
        linked = self._every_link.get(text)
        if linked is None:
            if self._every_link_parser is None:
                self._every_link_parser = _commonmark()
                self._every_link_parser.validateLink = _any_link  # type: ignore[method-assign]
            linked = self._every_link[text] = self._every_link_parser.parse(text)
        return linked

    @contextmanager
    def released(self) -> Iterator[None]:
        """Let go, at the end, of the tokens of the texts first parsed inside."""
        before = len(self._tokens)  # texts are kept in the order first parsed
        try:
            yield
        finally:
            for text in list(self._tokens)[before:]:
                self._drop(text)

    def _drop(self, text: str) -> None:
        del self._tokens[text]
        self._refused.discard(text)
        self._every_link.pop(text, None)

    def _markdown(self) -> MarkdownIt:
        if self._parser is None:
            self._parser = _commonmark()
            validate = self._parser.validateLink

            def noting_refusals(url: str) -> bool:
                linked = validate(url)
                self._refusing = self._refusing or not linked
                return linked

            self._parser.validateLink = noting_refusals  # type: ignore[method-assign]
        return self._parser


def _commonmark() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.colon_fence import colon_fence_plugin

    parser = MarkdownIt("commonmark").use(colon_fence_plugin)
    parser.core.ruler.at("inline", _inline_where_read)
    return parser


def _inline_where_read(state: Any) -> None:
    """markdown-it's inline rule, for the inline texts a reader can find something in."""
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            if _READ_INLINE.search(token.content):
                state.md.inline.parse(token.content, state.md, state.env, token.children)


def _any_link(url: str) -> bool:
    return True


def need_directives(text: str, need_types: Iterable[str], file: str = "",
                    line_offset: int = 0, memo: TokenMemo | None = None
                    ) -> Iterator[SourceNeed]:
    """The need directives of a MyST page, including those nested in other
    directives (an admonition, a tab, another need), but not examples shown inside
    code."""
    yield from _directives_in(text, frozenset(need_types), file, line_offset, None, None,
                              TokenMemo() if memo is None else memo)


@dataclass(frozen=True)
class SourceDirective:
    """Any directive of a page: its name, argument, options as written and content."""

    file: str
    line: int  # 1-based line of the opening fence
    name: str
    argument: str
    options: Mapping[str, str]
    option_lines: Mapping[str, int]
    body: str  # the content after the options
    body_line: int  # 1-based line of the body's first line


def directives(text: str, file: str = "", line_offset: int = 0,
               memo: TokenMemo | None = None) -> Iterator[SourceDirective]:
    """Every directive of a MyST page, outermost first, including nested ones, but not
    examples shown inside code (the content of a code or data directive is not read)."""
    memo = TokenMemo() if memo is None else memo
    for token in memo.tokens(text):
        match = _directive_token(token)
        if match is None or not token.map:
            continue
        name, argument = match
        line = line_offset + token.map[0] + 1
        options, option_lines, body_start = _options(token.content, line)
        content = token.content.split("\n")
        while body_start < len(content) and not content[body_start].strip():
            body_start += 1  # the body's line is that of its first text
        body = "\n".join(content[body_start:])
        yield SourceDirective(file, line, name, argument, options, option_lines, body,
                              line + 1 + body_start)
        if name not in NON_NESTING:
            yield from directives(token.content, file, line, memo)


def _directive_token(token: Any) -> tuple[str, str] | None:
    if token.type not in ("fence", "colon_fence"):
        return None
    match = DIRECTIVE_INFO.match(token.info.strip())
    return (match.group("name"), match.group("argument").strip()) if match else None


def _directives_in(text: str, types: frozenset[str], file: str, line_offset: int,
                   parent_markup: str | None, parent: str | None, memo: TokenMemo
                   ) -> Iterator[SourceNeed]:
    """Need directives of ``text``, the content of a directive opened with
    ``parent_markup`` (None at the top of a page)."""
    lines = text.split("\n")
    for token in memo.tokens(text):
        match = _directive_token(token)
        if match is None or not token.map:
            continue
        name, argument = match
        first, last = token.map  # 0-based: the fence line, one past the closing fence
        line = line_offset + first + 1
        if name in types:
            closed = last <= len(lines) and _closes(lines[last - 1], token.markup)
            inner = list(_directives_in(token.content, types, file, line, token.markup,
                                        f"{name} directive at line {line}", memo))
            swallowed = next((n for n in inner if n.markup == token.markup
                              and n.nested_in == f"{name} directive at line {line}"), None)
            need = _need(file, line, name, argument, token.content, line_offset + last,
                         closed and last - first > 1, token.markup, swallowed, parent)
            yield need
            yield from inner
        elif name not in NON_NESTING:
            yield from _directives_in(token.content, types, file, line, token.markup, None,
                                      memo)


def _closes(line: str, markup: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and set(stripped) == {markup[0]} and len(stripped) >= len(markup)


def _need(file: str, line: int, need_type: str, title: str, content: str, end_line: int,
          closed: bool, markup: str, swallowed: SourceNeed | None, parent: str | None
          ) -> SourceNeed:
    options, option_lines, body_start = _options(content, line)
    body_lines = content.split("\n")[body_start:]
    return SourceNeed(
        file=file, line=line, need_type=need_type, need_id=options.get("id"), title=title,
        options=options, option_lines=option_lines, body="\n".join(body_lines).strip("\n"),
        end_line=end_line, closed=closed, markup=markup, swallowed=swallowed, nested_in=parent)


def _options(content: str, fence_line: int) -> tuple[dict[str, str], dict[str, int], int]:
    """The options that open a directive's content (``:name: value`` lines, or a YAML
    block between ``---`` lines), their lines, and where the body starts."""
    lines = content.split("\n")
    options: dict[str, str] = {}
    where: dict[str, int] = {}
    if lines and lines[0].strip() == "---":
        for index, text in enumerate(lines[1:], start=1):
            if text.strip() == "---":
                return options, where, index + 1
            if match := _YAML_OPTION.match(text):
                options[match.group(1)] = (match.group(2) or "").strip().strip("\"'")
                where[match.group(1)] = fence_line + 1 + index
        return options, where, len(lines)
    index = 0
    for index, text in enumerate(lines):
        match = _OPTION.match(text)
        if not match:
            break
        options[match.group(1)] = match.group(2) or ""
        where[match.group(1)] = fence_line + 1 + index
    else:
        index = len(lines)
    return options, where, index


def declared_needs(sources: Mapping[str, str], need_types: Iterable[str],
                   memo: TokenMemo | None = None) -> list[SourceNeed]:
    """The need directives of every page; ``sources`` maps a file name to its text."""
    types, memo = frozenset(need_types), TokenMemo() if memo is None else memo
    return [n for file, text in sorted(sources.items())
            for n in need_directives(text, types, file, memo=memo)]


_Derived = TypeVar("_Derived")


class PageMemo:
    """What readers of the pages derived from each page (and each need), kept while the
    page's text (the need) is the same.

    A reader that checks the same pages again and again while one of them changes (the
    language server on every edit, the build on every rebuild) derives again only what
    the changed page gives: its need directives, its directives, its active content,
    the schema documents of its needs. Each entry holds the text (the need object) it
    was derived from, which the reader holds anyway, so a page whose text changed is
    derived again and nothing stale is ever returned; a page's entry is replaced, never
    added to, and :meth:`sweep` drops what a run no longer asked for (a page deleted,
    another set of need types), so the memo does not grow with the edits. What it
    keeps by page is plain values (no tokens): the build pickles it; what it keeps by
    need object is known only to the process that made the object, so it is not
    pickled.
    """

    def __init__(self, by_need: bool = False) -> None:
        self._entries: dict[tuple[str, str], tuple[str, Any]] = {}
        self._asked: set[tuple[str, str]] = set()  # since the last sweep
        # only a holder that makes its needs again page by page (the language server)
        # gains by keeping values per need object; for one run it is pure cost
        self._keeps_needs = by_need
        self._by_need: dict[tuple[str, str], tuple[object, Any]] = {}

    def of_need(self, what: str, need_id: str, need: object, derive: Callable[[], _Derived]
                ) -> _Derived:
        """``derive()``'s value for the need object ``need``, derived once per object (a
        reader that makes a need again when it changes gets a new value then); derived
        each time unless the memo was made ``by_need``."""
        if not self._keeps_needs:
            return derive()
        kept = self._by_need.get((what, need_id))
        if kept is not None and kept[0] is need:
            return cast(_Derived, kept[1])
        value = derive()
        self._by_need[(what, need_id)] = (need, value)
        return value

    def get(self, what: str, file: str, text: str, derive: Callable[[], _Derived]
            ) -> _Derived:
        """``derive()``'s value for ``file`` as it reads ``text``, derived once."""
        key = (what, file)
        self._asked.add(key)
        kept = self._entries.get(key)
        if kept is not None and (kept[0] is text or kept[0] == text):
            return cast(_Derived, kept[1])
        value = derive()
        self._entries[key] = (text, value)
        return value

    def page_needs(self, file: str, text: str, need_types: frozenset[str],
                   tokens: TokenMemo | None = None) -> tuple[SourceNeed, ...]:
        """The need directives of one page, as :func:`need_directives` finds them."""
        return self.get(f"need directives {sorted(need_types)}", file, text,
                        lambda: tuple(need_directives(text, need_types, file, memo=tokens)))

    def declared(self, sources: Mapping[str, str], need_types: Iterable[str],
                 tokens: TokenMemo | None = None) -> list[SourceNeed]:
        """The need directives of every page, as :func:`declared_needs` finds them."""
        types = frozenset(need_types)
        return [need for file, text in sorted(sources.items())
                for need in self.page_needs(file, text, types, tokens)]

    def forget(self, kept: Iterable[str], needs: Iterable[str] = ()) -> None:
        """Drop what was derived from files other than ``kept`` (a page deleted), and
        from needs other than ``needs`` when given."""
        files = set(kept)
        for key in [k for k in self._entries if k[1] not in files]:
            del self._entries[key]
        ids = set(needs)
        for need_key in [k for k in self._by_need if ids and k[1] not in ids]:
            del self._by_need[need_key]

    def sweep(self) -> None:
        """Drop what was not asked for since the last sweep (a run reads every page)."""
        for key in [k for k in self._entries if k not in self._asked]:
            del self._entries[key]
        self._asked = set()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PageMemo) and self._entries == other._entries

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __getstate__(self) -> dict[str, Any]:
        return {"entries": self._entries}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._entries, self._asked = state["entries"], set()
        self._keeps_needs, self._by_need = False, {}


def split_list(value: str) -> list[str]:
    """A comma-separated option value as its items."""
    return [item.strip() for item in value.split(",") if item.strip()]
