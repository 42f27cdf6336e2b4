"""The fingerprint of a need: the parts of it that a need linking to it relies on.

A link from need A to need B is written against what B says: a gate is written
against its metrics' targets, a test against the metric it verifies, a milestone
against the weeks of what it depends on. When those parts of B change, A's link is
suspect until someone has looked at A again (as Doorstop does for requirements). Which
parts count is declared here, once per type (:data:`REVIEWED`): every need's title
and body (whitespace-normalised), and the fields that carry its meaning. Progress
(status, actual weeks, remaining work) never counts: reporting a week makes no link
suspect. The checks page lists the declaration (the ``roadmap-reviewed-fields`` view).

A fingerprint keeps short values as they are, so a review can say what changed
(``target 99.95 -> 99.99``), and long texts as a digest.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from roadmap.graph import Need
from roadmap.roles import FIELDS, LINKS, TYPES

TITLE = "title"
BODY = "body"
# The field of needs.json (and of a build's need) that holds a need's body.
CONTENT = "content"

# Per need type, the fields (and links) whose change makes a link to the need suspect,
# besides its title and body.
REVIEWED: Mapping[str, tuple[str, ...]] = {
    TYPES.phase: (FIELDS.start, FIELDS.end, FIELDS.buffer),
    TYPES.workstream: (FIELDS.start, FIELDS.end, FIELDS.lead),
    TYPES.gap: (FIELDS.severity, FIELDS.baseline, FIELDS.unit),
    TYPES.milestone: (FIELDS.start, FIELDS.due, FIELDS.effort,  # acceptance: in the body
                      FIELDS.day),
    TYPES.metric: (FIELDS.baseline, FIELDS.target, FIELDS.unit, FIELDS.direction,
                   FIELDS.interim),
    TYPES.risk: (FIELDS.likelihood, FIELDS.impact, FIELDS.indicator, FIELDS.fires_above,
                 FIELDS.fires_below),
    TYPES.gate: (LINKS.checks, FIELDS.day),  # its criteria: what it checks, its body
    TYPES.resource: (FIELDS.kind, FIELDS.headcount, FIELDS.capacity, FIELDS.cost,
                     FIELDS.rate, FIELDS.capacity_weeks, FIELDS.rate_weeks),
    TYPES.test: (FIELDS.level,),
    TYPES.monitor: (FIELDS.signal, FIELDS.threshold),
    TYPES.example: (FIELDS.path,),
    TYPES.measurement: (FIELDS.week, FIELDS.value, FIELDS.unit),
}
# A text longer than this is kept as a digest: the review says it changed, not how.
SHORT_TEXT = 40
_SPACE = re.compile(r"\s+")

Parts = dict[str, Any]


def reviewed_fields(need_type: str) -> tuple[str, ...]:
    """Every part of a need of ``need_type`` that counts, in the order a review lists it."""
    return (TITLE, *REVIEWED.get(need_type, ()), BODY)


def digest(text: str) -> str:
    return "#" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _value(value: Any, keep_text: bool = False) -> Any:
    """A part as the fingerprint keeps it: numbers alike (4.0 is 4), lists joined,
    long texts as their digest."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    text = _SPACE.sub(" ", str(value)).strip()
    return text if keep_text or len(text) <= SHORT_TEXT else digest(text)


def parts(need: Need) -> Parts:
    """The parts of ``need`` that count, with absent fields left out."""
    found: Parts = {TITLE: _value(need.title, keep_text=True)}
    for name in REVIEWED.get(need.type, ()):
        value = need.links.get(name) if name in need.links else need.get(name)
        if value not in (None, "", [], ()):
            found[name] = _value(sorted(value) if name in need.links else value)
    body = _SPACE.sub(" ", str(need.fields.get(CONTENT) or "")).strip()
    found[BODY] = digest(body)
    return found


def fingerprint(found: Parts) -> str:
    """A short digest of the parts: equal parts, equal fingerprint."""
    text = json.dumps(found, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _shown(value: Any) -> str:
    return "\u2013" if value is None else str(value)


def changes(before: Parts, after: Parts) -> list[str]:
    """What changed between two fingerprints' parts, as a reader reads it:
    ``target 99.95 -> 99.99``, ``body changed``."""
    said: list[str] = []
    for name in dict.fromkeys([*before, *after]):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        digests = any(isinstance(v, str) and v.startswith("#") for v in (old, new))
        if name == BODY or digests:
            said.append(f"{name} changed")
        else:
            said.append(f"{name} {_shown(old)} \u2192 {_shown(new)}")
    return said
