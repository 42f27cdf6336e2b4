"""Characters no value of the plan may hold, and IDs that read the same.

A control character breaks the XML of the ReqIF export and the workbook writer (and
means nothing in a title); a bidirectional override or isolate makes a title display
another text than it holds (a right-to-left override can show ``MS-SEC-05`` for
``50-CES-SM``), and an invisible character makes two IDs differ that read the same.
The needs' values are checked for them where they are loaded and where they are
exported; the IDs also for letters that read as digits (``O`` and ``0``, ``I`` and
``1``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

# Allowed control characters: the white space of a text.
_WHITESPACE = frozenset("\t\n\r")
# Format characters that reorder or hide text (Unicode's Bidi_Control and the
# zero-width and invisible characters).
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067"
                          "\u2068\u2069")
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e")
# Letters an ID pattern allows that read as digits in most fonts: O as 0, I as 1
# (skeleton).


def describe(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def unsafe_character(char: str) -> str | None:
    """Why a character must not stand in a value (None when it may)."""
    if char in _WHITESPACE:
        return None
    if char in BIDI_CONTROLS:
        return "a bidirectional control (it makes the text display as another)"
    if char in INVISIBLE:
        return "an invisible character (two values that read the same would differ)"
    category = unicodedata.category(char)
    if category == "Cc" or category == "Cs" or char in "\ufffe\uffff":
        return "a control character (XML, iCalendar and the workbook cannot hold it)"
    return None


# Every character unsafe_character() refuses (Cc but the white space, surrogates, the
# two noncharacters, the bidirectional and invisible ones): one search of a long body
# instead of a look at each of its characters.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
                     + "".join(sorted(BIDI_CONTROLS | INVISIBLE)) + "]")


def unsafe_characters(text: str) -> list[tuple[int, str, str]]:
    """(position, character, why) of every character ``text`` must not hold."""
    return [(m.start(), m.group(), unsafe_character(m.group()) or "")
            for m in _UNSAFE.finditer(text)]


def has_unsafe(value: str | list[str]) -> bool:
    """Whether a text (or a list of texts) holds an unsafe character: one search."""
    return _UNSAFE.search(value if isinstance(value, str) else "\n".join(value)) is not None


def first_unsafe(value: Any) -> tuple[int, str, str] | None:
    """The first unsafe character of a value (a text, or the texts of a list)."""
    for text in _texts(value):
        match = _UNSAFE.search(text)
        if match:
            return match.start(), match.group(), unsafe_character(match.group()) or ""
    return None


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def character_problem(value: Any) -> str | None:
    """A value's first unsafe character, as a message (None when it has none)."""
    found = first_unsafe(value)
    if found is None:
        return None
    index, char, why = found
    return f"holds {describe(char)} at position {index + 1}, {why}"


def skeleton(need_id: str) -> str:
    """What an ID reads as: letters that look like digits taken for the digits."""
    # two replaces: str.translate looks up every character (10,000 IDs in a check)
    return need_id.upper().replace("O", "0").replace("I", "1")


def confusable_ids(ids: Iterable[str]) -> dict[str, list[str]]:
    """Groups of two or more IDs that read the same, by their skeleton."""
    listed = list(ids)
    if len({skeleton(need_id) for need_id in listed}) == len(listed):
        return {}  # the common case: every ID reads as itself alone
    groups: dict[str, list[str]] = {}
    for need_id in listed:
        groups.setdefault(skeleton(need_id), []).append(need_id)
    return {key: sorted(group) for key, group in groups.items() if len(group) > 1}


def drawable(text: str, limit: int = 200) -> str:
    """A text as a diagram may draw it: unsafe characters as U+FFFD (graphviz refuses a
    control character in a label, a bidirectional one would reorder it), at most
    ``limit`` characters (graphviz refuses labels of some thousands)."""
    clean = _UNSAFE.sub("\ufffd", text)
    return clean if len(clean) <= limit else clean[:limit - 1] + "\u2026"
