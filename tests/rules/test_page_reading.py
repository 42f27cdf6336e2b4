"""The source guards read each page once: one parse serves every guard, what a guard
keeps of a page is kept by the page's text (a later run reads only a changed page),
and a page's tokens are let go before the next page is read."""

from __future__ import annotations

import pickle
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from roadmap.directive_parser import PageMemo, TokenMemo
from roadmap.graph import build_graph
from roadmap.inputs import from_conf
from roadmap.rules import security
from roadmap.suite import SuiteInputs, run_suite

ROOT = Path(__file__).resolve().parents[2]
PROJECT = from_conf(ROOT)
PAGES = PROJECT.read_sources()


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Every text markdown-it parses, counted."""
    counted: Counter[str] = Counter()
    parse = MarkdownIt.parse

    def counting(self: MarkdownIt, src: str, env: Any = None) -> Any:
        counted[src] += 1
        return parse(self, src, env)

    monkeypatch.setattr(MarkdownIt, "parse", counting)
    yield counted


def _graph() -> Any:
    return build_graph({}, PROJECT.metamodel)  # the needs do not matter to the reading


def _run(memo: PageMemo, sources: dict[str, str], tokens: TokenMemo | None = None
         ) -> list[Any]:
    inputs = SuiteInputs(graph=_graph(), project=PROJECT, sources=sources, page_memo=memo,
                         token_memo=tokens or TokenMemo())
    return run_suite(inputs, reads=("sources",))


def test_every_guard_reads_a_page_from_one_parse(parses: Counter[str]) -> None:
    _run(PageMemo(), PAGES)
    pages = {text: parses[text] for text in PAGES.values()}
    assert set(pages.values()) == {1}, {f: parses[t] for f, t in PAGES.items() if parses[t] != 1}


def test_a_second_run_reads_only_the_page_that_changed(parses: Counter[str]) -> None:
    memo = PageMemo()
    first = _run(memo, PAGES)
    parses.clear()
    assert _run(memo, PAGES) == first
    assert not set(PAGES.values()) & set(parses)
    page = "risk-management.md"
    edited = {**PAGES, page: PAGES[page] + "\nOne more line.\n"}
    _run(memo, edited)
    assert [t for t in parses if t in edited.values()] == [edited[page]]


def test_no_page_s_tokens_are_held_after_the_run() -> None:
    tokens = TokenMemo()
    _run(PageMemo(), PAGES, tokens)
    assert not tokens._tokens and not tokens._refused and not tokens._every_link


def test_the_memo_keeps_plain_values_and_drops_what_no_run_asked_for() -> None:
    memo = PageMemo()
    _run(memo, PAGES)
    kept = pickle.loads(pickle.dumps(memo))
    assert kept._entries.keys() == memo._entries.keys()
    fewer = dict(list(PAGES.items())[:3])
    _run(kept, fewer)
    assert {file for _, file in kept._entries} <= set(fewer) | {
        file for _, file in memo._entries if file not in PAGES}  # and the stray pages


@pytest.mark.parametrize("link", [
    "[run](javascript:alert(1))", "[x](&#106;avascript:alert(1))",
    "[x](vbscript:msgbox)", "![i](data:text/html;base64,PHNjcmlwdD4=)",
    "<javascript:alert(1)>",
])
def test_a_link_commonmark_refuses_is_still_read_by_the_content_guard(link: str) -> None:
    page = f"# Page\n\nText with {link} in it.\n\n```{{note}}\nInside: {link}\n```\n"
    tokens = TokenMemo()
    found = security.page_problems(page, tokens=tokens)
    assert found and found[0][0] == 3, found
    assert [line for line, _ in found] == [3, 6], found  # inside the directive too


def test_one_parse_when_commonmark_refused_nothing(parses: Counter[str]) -> None:
    page = "# Page\n\n[a link](https://example.org) and <b>bold</b>.\n"
    tokens = TokenMemo()
    assert tokens.every_link(page) is tokens.tokens(page)
    assert parses[page] == 1


# Texts whose inline tokens only a full parse would seem to need: a link, an image,
# code, inline HTML, an autolink, references and escapes, attribute blocks.
TRICKY = {
    "tricky.md": "# T\n\nplain *emphasis* and _more_\nover two lines\n\n"
                 "a [link](https://example.org) and ![image](x.png)\n\n"
                 "{download}`file <code/x.py>` and <https://example.org>\n\n"
                 "<span onclick=\"x()\">html</span>\n\n"
                 "&#x6a;avascript: and \\[not a link\\](javascript:x)\n\n"
                 "[text]{#anchor onmouseover=x()} and {.cls onclick = y}\n\n"
                 "[ref]\n\n[ref]: javascript:alert(1)\n\n"
                 ":::{note}\ninside [a](javascript:x) *note*\n:::\n",
}


def test_the_guards_read_every_page_as_from_a_full_parse(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """Only the inline texts that can hold what a guard reads are parsed into inline
    tokens: every page's readings and findings are those of a full parse."""
    from markdown_it.rules_core.inline import inline

    from roadmap import directive_parser

    pages = {**PAGES, **TRICKY}
    selective = PageMemo()
    found = _run(selective, pages)
    monkeypatch.setattr(directive_parser, "_inline_where_read", inline)  # markdown-it's
    full = PageMemo()
    assert _run(full, pages) == found
    assert full == selective
    assert any(f.file == "tricky.md" for r in found for f in r.findings)
