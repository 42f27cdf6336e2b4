"""What the language server reads from a page besides its need directives: its
sections (a need's ``section_name`` and ``sections``) and its ``{need}`` roles (a
reference to a need in prose), each with its place on the page.

One pass over the lines, following fences as markdown-it does (a fence closes at a line
of at least as many of its characters, and the outermost fence such a line closes
wins), so a heading or a role shown inside code is not read, while one inside a
directive that holds MyST (a need, an admonition) is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from roadmap.directive_parser import DIRECTIVE_INFO, NON_NESTING

_FENCE = re.compile(r"^[ \t]{0,3}(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
_HEADING = re.compile(r"^ {0,3}(?P<level>#{1,6})[ \t]+(?P<title>.*?)(?:[ \t]+#+)?[ \t]*$")
_ROLE = re.compile(r"\{need\}`(?P<text>[^`\n]+)`")
_MARKUP = re.compile(r"[*_`]")


@dataclass(frozen=True)
class Mention:
    """A ``{need}`` role: the need it names and where that ID is written."""

    need_id: str
    line: int  # 1-based
    start: int  # 0-based column of the ID's first character
    end: int  # 0-based column after its last


@dataclass(frozen=True)
class Heading:
    line: int  # 1-based
    level: int
    title: str


@dataclass(frozen=True)
class Outline:
    headings: tuple[Heading, ...]
    mentions: tuple[Mention, ...]

    def sections_at(self, line: int) -> list[str]:
        """The titles of the sections around ``line``, innermost first (sphinx-needs'
        ``sections``; the first is its ``section_name``)."""
        open_sections: list[Heading] = []
        for heading in self.headings:
            if heading.line > line:
                break
            while open_sections and open_sections[-1].level >= heading.level:
                open_sections.pop()
            open_sections.append(heading)
        return [h.title for h in reversed(open_sections)]


@dataclass
class _Fence:
    char: str
    length: int
    literal: bool  # code or data: nothing inside is MyST


def outline(text: str) -> Outline:
    """The headings and need roles of a MyST page."""
    headings: list[Heading] = []
    mentions: list[Mention] = []
    stack: list[_Fence] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if _follow_fences(line, stack):
            continue
        if any(fence.literal for fence in stack):
            continue
        if not stack and (match := _HEADING.match(line)):
            headings.append(Heading(number, len(match.group("level")),
                                    _MARKUP.sub("", match.group("title")).strip()))
        mentions.extend(_mentions(line, number))
    return Outline(tuple(headings), tuple(mentions))


def _follow_fences(line: str, stack: list[_Fence]) -> bool:
    """Update the open fences for ``line``; True when the line is a fence."""
    match = _FENCE.match(line)
    if match is None:
        return False
    marks, info = match.group("fence"), match.group("info").strip()
    if not info:
        for depth, fence in enumerate(stack):
            if marks[0] == fence.char and len(marks) >= fence.length:
                del stack[depth:]
                return True
    if any(fence.literal for fence in stack):
        return False
    if marks[0] == "`" and "`" in info:
        return False  # not a fence: an inline code span at the start of a line
    directive = DIRECTIVE_INFO.match(info)
    literal = directive is None or directive.group("name") in NON_NESTING
    stack.append(_Fence(marks[0], len(marks), literal))
    return True


def _mentions(line: str, number: int) -> list[Mention]:
    found = []
    for match in _ROLE.finditer(line):
        text = match.group("text")
        start = match.start("text")
        if text.endswith(">") and "<" in text:
            start += text.rindex("<") + 1
            text = text[text.rindex("<") + 1:-1]
        stripped = text.strip()
        start += len(text) - len(text.lstrip())
        found.append(Mention(stripped, number, start, start + len(stripped)))
    return found
