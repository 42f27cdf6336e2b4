"""Content-security guard: no active content in the pages.

The plan's pages are written by many people, and MyST passes raw HTML through (blocks,
inline tags, the ``{raw} html`` directive): a ``<script>``, an ``onerror=`` attribute or
a ``javascript:`` link in a page would run in every reader's browser. A hand-written
mermaid diagram can do the same with ``click ... call`` or a ``javascript:`` link. This
guard refuses all of it with the file and line; the build also replaces such raw HTML
by its text (:func:`roadmap.sphinx_ext.neutralize`), so a page built without ``-W``
runs none of it either.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any

from roadmap.directive_parser import ATTRS_HANDLER, NON_NESTING, PageMemo, TokenMemo
from roadmap.findings import Finding, Rule, RuleResult
from roadmap.htmlscan import css_urls, scheme, tags
from roadmap.inputs import ProjectInputs
from roadmap.served import SAFE_SCHEMES, URL_ATTRIBUTES, url_problem
from roadmap.suite import Check, SuiteInputs, register

ACTIVE_CONTENT = Rule(
    "GUARD-ACTIVE-CONTENT", "No active content in the pages",
    "No page holds content that runs in a reader's browser or redirects the page: no "
    "script, iframe, frame, object, embed, base, meta, link or form element, no event "
    "handler attribute (onload=, onerror=, ...), no srcdoc, no URL of another scheme than "
    "http, https, mailto or a relative one (a data: image is fine), no CSS expression, in "
    "raw HTML blocks, inline HTML, {raw} html directives or Markdown links; no mermaid "
    "diagram with a click callback, a javascript: link or its own security level.",
    "source")

REFUSED_ELEMENTS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed",
                              "applet", "base", "meta", "link", "form", "portal"})
_CSS_ACTIVE = re.compile(r"expression\s*\(|behaviou?r\s*:|-moz-binding|javascript:",
                         re.IGNORECASE)
_MERMAID_CALL = re.compile(r"^\s*click\s+\S+\s+call\b", re.IGNORECASE | re.MULTILINE)
_MERMAID_BAD_URL = re.compile(r"(?:j\s*a\s*v\s*a|v\s*b)\s*s\s*c\s*r\s*i\s*p\s*t\s*:|data\s*:",
                              re.IGNORECASE)
_MERMAID_LEVEL = re.compile(r"security\s*level", re.IGNORECASE)


# ------------------------------------------------------------------ HTML
def _tag_problems(tag: str, attrs: Mapping[str, str]) -> Iterator[str]:
    if tag in REFUSED_ELEMENTS:
        yield f"a <{tag}> element"
    for name, value in attrs.items():
        if name.startswith("on"):
            yield f"an event handler attribute {name}= on <{tag}>"
        elif name in ("srcdoc", "formaction"):
            yield f"a {name}= attribute on <{tag}>"
        elif name in URL_ATTRIBUTES and (problem := url_problem(tag, name, value)):
            yield f"{problem} on <{tag}>"
        elif name == "style" and (_CSS_ACTIVE.search(value) or any(
                scheme(u) not in SAFE_SCHEMES | {"data"}
                for _, u in css_urls(value, declarations=True))):
            yield f"a style= that runs code on <{tag}>"


def active_content(html: str, first_line: int = 1) -> list[tuple[int, str]]:
    """(line, what) for every piece of active content in an HTML text."""
    return [(tag.line, problem) for tag in tags(html, first_line)
            for problem in _tag_problems(tag.name, tag.attrs)]


def mermaid_problems(code: str, first_line: int = 1) -> list[tuple[int, str]]:
    """(line, what) for what a mermaid diagram could run or change in the browser."""
    found = [(first_line + code.count("\n", 0, m.start()), "a click that calls a function "
              "(click ... call)") for m in _MERMAID_CALL.finditer(code)]
    found += [(first_line + code.count("\n", 0, m.start()), "a javascript:, vbscript: or "
               "data: URL") for m in _MERMAID_BAD_URL.finditer(code)]
    found += [(first_line + code.count("\n", 0, m.start()), "its own security level (the "
               "site sets mermaid's securityLevel once, in conf.py)")
              for m in _MERMAID_LEVEL.finditer(code)]
    found += active_content(code, first_line)
    return sorted(found)


# ------------------------------------------------------------------ Markdown
def _inline_problems(token: Any, line: int) -> Iterator[tuple[int, str]]:
    for child in token.children or ():
        if child.type == "html_inline":
            yield from active_content(child.content, line)
        elif child.type in ("link_open", "image"):
            attribute = "href" if child.type == "link_open" else "src"
            url = str(child.attrGet(attribute) or "")
            problem = url_problem("a" if attribute == "href" else "img", attribute, url)
            if problem:
                yield line, f"{problem} in a Markdown {'link' if attribute == 'href' else 'image'}"
        elif child.type == "text" and ATTRS_HANDLER.search(child.content):
            yield line, "an event handler attribute in a {...} attribute block"
        if child.type == "softbreak":
            line += 1


def _fence_problems(token: Any, line: int, tokens: TokenMemo) -> Iterator[tuple[int, str]]:
    info = token.info.strip()
    name = info[1:info.index("}")] if info.startswith("{") and "}" in info else info.split(
        " ")[0] if info else ""
    argument = info[info.index("}") + 1:].strip() if info.startswith("{") and "}" in info \
        else ""
    if name == "mermaid":
        yield from mermaid_problems(token.content, line + 1)
    elif name == "raw":
        # a {raw} :file: or :url: is GUARD-READS' (roadmap.rules.paths)
        if "html" in argument.lower().split():
            yield from active_content(token.content, line + 1)
    elif info.startswith("{") and name not in NON_NESTING:
        yield from page_problems(token.content, line, tokens)


def page_problems(text: str, line_offset: int = 0, tokens: TokenMemo | None = None
                  ) -> list[tuple[int, str]]:
    """(line, what) for the active content of a MyST page (or of a directive's content,
    whose first line is ``line_offset + 1``). It reads every link, even those CommonMark
    would refuse to link (so the guard sees a ``javascript:`` link that another renderer
    might write)."""
    tokens = TokenMemo() if tokens is None else tokens
    found: list[tuple[int, str]] = []
    for token in tokens.every_link(text):
        if not token.map:
            continue
        line = line_offset + token.map[0] + 1
        if token.type == "html_block":
            found += active_content(token.content, line)
        elif token.type == "inline":
            found += _inline_problems(token, line)
        elif token.type in ("fence", "colon_fence"):
            found += _fence_problems(token, line, tokens)
    return found


def check_active_content(sources: Mapping[str, str], memo: PageMemo | None = None,
                         tokens: TokenMemo | None = None) -> RuleResult:
    result = RuleResult(ACTIVE_CONTENT)
    memo = PageMemo() if memo is None else memo
    tokens = TokenMemo() if tokens is None else tokens
    for file, text in sorted(sources.items()):
        result.checked_ids.append(file)
        for line, problem in _problems_of(memo, tokens, file, text):
            result.findings.append(Finding(
                ACTIVE_CONTENT.id, file, f"{problem}: active content would run in readers' "
                "browsers; write it as Markdown (a link, an image, a directive) instead",
                file, line))
    return result


def _problems_of(memo: PageMemo, tokens: TokenMemo, file: str, text: str
                 ) -> list[tuple[int, str]]:
    return memo.get("active content", file, text, partial(page_problems, text, 0, tokens))


def _read_page(inputs: SuiteInputs, file: str, text: str) -> list[tuple[int, str]]:
    return _problems_of(inputs.page_memo, inputs.token_memo, file, text)


def _run(inputs: SuiteInputs) -> list[RuleResult]:
    assert inputs.sources is not None  # the suite runs this check only with sources
    return [check_active_content(inputs.sources, inputs.page_memo, inputs.token_memo)]


def _rules(_project: ProjectInputs) -> tuple[Rule, ...]:
    return (ACTIVE_CONTENT,)


register(Check("sources", _rules, _run, module=__name__, read_page=_read_page))
