"""Need directives counted line by line, without the Markdown parser.

The need-count and fence guards read the pages with markdown-it, as MyST does: when
a page defeats that parser, they are defeated with it. A backtick in the title of a
need opened with backticks is the case in point: CommonMark does not read a backtick
fence whose info string holds a backtick, so the line is a paragraph, its closing
fence opens a code block that swallows the next need, and both vanish from
``needs.json`` while every parser-based count agrees. Here every line that opens a
need directive is found by a plain scan of the lines (fences counted by their
characters and lengths, code blocks skipped), and each one the parser does not read
as a need is named, with the reason when it is a backtick.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from roadmap.directive_parser import NON_NESTING, SourceNeed
from roadmap.findings import Finding, Rule, RuleResult
from roadmap.inputs import ProjectInputs
from roadmap.suite import Check, SuiteInputs, register

NEED_OPENED = Rule(
    "GUARD-NEED-OPENED", "Every need directive opens",
    "Every line that opens a need directive, found by a scan of the lines that does not "
    "use the Markdown parser, is read as a need by the parser too; no need title holds a "
    "backtick (CommonMark does not read a backtick fence whose title holds one: the "
    "directive does not open, its closing fence opens a code block that swallows the "
    "next need, and both vanish).", "source")

_FENCE = re.compile(r"^ {0,3}(?P<markup>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
_DIRECTIVE = re.compile(r"^\s*\{(?P<name>[A-Za-z0-9_-]+)\}\s*(?P<title>.*)$")
_ID = re.compile(r"^\s*:id:\s*(?P<id>\S+)")


@dataclass(frozen=True)
class NeedLine:
    """A line that opens a need directive, as the line scan reads it."""

    line: int  # 1-based
    need_type: str
    title: str
    markup: str
    need_id: str | None

    @property
    def label(self) -> str:
        return self.need_id or f"<{self.need_type} without :id:>"


@dataclass
class _Open:
    char: str
    length: int
    code: bool  # a code or data block: no directive opens inside it


def _closes(fence: _Open, markup: str, info: str) -> bool:
    return not info and markup[0] == fence.char and len(markup) >= fence.length


def _id_after(lines: list[str], index: int) -> str | None:
    for text in lines[index + 1:index + 30]:
        if not text.strip() or not text.lstrip().startswith(":"):
            return None
        if match := _ID.match(text):
            return match.group("id")
    return None


def need_openings(text: str, need_types: Iterable[str]) -> list[NeedLine]:
    """Every line of a page that opens a need directive, outside code blocks."""
    types = frozenset(need_types)
    lines = text.split("\n")
    stack: list[_Open] = []
    found: list[NeedLine] = []
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if not match:
            continue
        markup, info = match.group("markup"), match.group("info").strip()
        if stack and _closes(stack[-1], markup, info):
            stack.pop()
            continue
        if stack and stack[-1].code:
            continue
        directive = _DIRECTIVE.match(info)
        name = directive.group("name") if directive else None
        if directive and name in types:
            found.append(NeedLine(index + 1, str(name), directive.group("title").strip(), markup,
                                  _id_after(lines, index)))
        stack.append(_Open(markup[0], len(markup), name is None or name in NON_NESTING))
    return found


def _why(opening: NeedLine, earlier: list[NeedLine], parsed: set[int]) -> str:
    if "`" in opening.title and opening.markup.startswith("`"):
        return ("its title holds a backtick, and CommonMark does not read a backtick fence "
                "whose title holds one: the directive does not open, its closing fence opens "
                "a code block that swallows what follows (the next need too), and the need "
                "vanishes; write the title without backticks")
    lost = [e for e in earlier if e.line not in parsed]
    cause = (f" (the {lost[-1].need_type} at line {lost[-1].line} did not open, so its "
             "closing fence opened a code block)" if lost else "")
    return (f"the Markdown parser does not read this line as a need directive{cause}: the "
            "need vanishes from the build; close the block it stands in before it")


def opening_problems(file: str, text: str, declared: Iterable[SourceNeed],
                     need_types: Iterable[str]) -> Iterator[Finding]:
    """The need openings of a page the parser did not read, and backticks in titles."""
    needs = list(declared)
    parsed = {n.line for n in needs}
    openings = need_openings(text, need_types)
    for position, opening in enumerate(openings):
        if opening.line not in parsed:
            yield Finding(NEED_OPENED.id, opening.label,
                          f"{opening.need_type} directive not read: "
                          f"{_why(opening, openings[:position], parsed)}", file, opening.line)
    for need in needs:
        if "`" in need.title:
            yield Finding(NEED_OPENED.id, need.label, "its title holds a backtick: a title is "
                          "plain text (no code span), and with a backtick fence the directive "
                          "would not open at all; write it without backticks", file, need.line)


def check_need_openings(sources: Mapping[str, str], declared: Iterable[SourceNeed],
                        need_types: Iterable[str]) -> RuleResult:
    result = RuleResult(NEED_OPENED)
    by_file: dict[str, list[SourceNeed]] = {}
    for need in declared:
        by_file.setdefault(need.file, []).append(need)
    for file, text in sorted(sources.items()):
        result.checked_ids.append(file)
        result.findings.extend(opening_problems(file, text, by_file.get(file, []), need_types))
    return result


def _run(inputs: SuiteInputs) -> list[RuleResult]:
    assert inputs.sources is not None  # the suite runs this check only with sources
    types = inputs.graph.metamodel.types
    # the need directives the parser read, from the page memo (one parse of each page)
    declared = inputs.page_memo.declared(inputs.sources, types, inputs.token_memo)
    return [check_need_openings(inputs.sources, declared, types)]


def _rules(_project: ProjectInputs) -> tuple[Rule, ...]:
    return (NEED_OPENED,)


register(Check("sources", _rules, _run, module=__name__))
