"""Parsers of view directive options: each turns the text an author wrote into a
value, or raises ValueError with a message that says what is expected (the directive
reports it at the author's file and line)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from roadmap.directive_parser import split_list

_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$")
_WEEKS = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


def need_id(text: str) -> str:
    """One need ID."""
    value = text.strip()
    if not _ID.match(value):
        raise ValueError(f"{value!r} is not a need ID (upper-case words joined by hyphens, "
                         "e.g. PH-1)")
    return value


def need_ids(text: str) -> tuple[str, ...]:
    """Need IDs, comma separated."""
    values = tuple(need_id(v) for v in split_list(text))
    if not values:
        raise ValueError("expected one or more need IDs, comma separated")
    return values


def week_range(text: str) -> tuple[int, int]:
    """``FIRST-LAST`` or one week, e.g. ``1-16`` or ``6``."""
    match = _WEEKS.match(text)
    if not match:
        raise ValueError(f"{text.strip()!r} is not a week range: expected FIRST-LAST (e.g. 1-16) "
                         "or one week number")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first < 1 or last < first:
        raise ValueError(f"{text.strip()!r}: weeks start at 1 and the last week cannot come "
                         "before the first")
    return first, last


def choice(values: Sequence[str]) -> Callable[[str], str]:
    """One of ``values``."""
    def parse(text: str) -> str:
        value = text.strip()
        if value not in values:
            raise ValueError(f"{value!r} is not one of {', '.join(values)}")
        return value

    return parse
