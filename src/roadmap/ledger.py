"""The review ledger: for every link of the plan, what its target said when the link
was last reviewed, who cleared it and when (``reviews/links.json``).

A link from need A to need B is *suspect* when B's fingerprint
(:mod:`roadmap.fingerprint`) differs from the one the ledger recorded for the link, and
*unreviewed* when the ledger has no line for it. A line whose link no longer exists (A
or B removed, or the link taken out) is *stale*. ``python -m roadmap review --clear A``
records B's current fingerprint for every link of A (``--clear-all``: every link),
with who and when, and drops the stale lines.

The file is JSON with one line per link, sorted by source, link and target, so that a
merge conflict reads as two versions of one link. A ledger that is missing or cannot
be read is an error naming the file (and the line), never "no suspect link".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from roadmap.errors import InputError
from roadmap.fingerprint import Parts, changes, fingerprint, parts
from roadmap.graph import Need, RoadmapGraph

FORMAT = "roadmap-review-ledger/1"
ABOUT = ("The review ledger of the plan's links, written by `python -m roadmap review "
         "--clear` (see README.md, 'Reviewing a change'). Each line records, for one link "
         "from a need to another, the parts of the linked need as they were when the link "
         "was last reviewed, who cleared it and when; a link whose target has changed since "
         "is suspect until it is reviewed and cleared again.")


class LedgerError(InputError):
    """A review ledger that is missing or cannot be read: the message names the file."""


@dataclass(frozen=True, order=True)
class LinkKey:
    source: str
    link: str
    target: str

    def __str__(self) -> str:
        return f"{self.source} {self.link} {self.target}"


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    seen: Parts
    cleared_by: str
    cleared_on: str


@dataclass(frozen=True)
class Ledger:
    entries: dict[LinkKey, Entry] = field(default_factory=dict)
    about: str = ABOUT
    path: str = ""


@dataclass(frozen=True)
class SuspectLink:
    """A link whose target changed since the link was reviewed."""

    key: LinkKey
    source: Need
    what: tuple[str, ...]  # what changed, as a reader reads it
    entry: Entry

    @property
    def text(self) -> str:
        """``MET-REL-UPTIME changed (target 99.95 -> 99.99)``."""
        return f"{self.key.target} changed ({'; '.join(self.what)})"


@dataclass(frozen=True)
class LinkReview:
    """The links of a plan against its ledger."""

    suspect: list[SuspectLink] = field(default_factory=list)
    unreviewed: list[tuple[LinkKey, Need]] = field(default_factory=list)
    stale: list[LinkKey] = field(default_factory=list)
    links: int = 0  # links checked

    @property
    def clean(self) -> bool:
        return not (self.suspect or self.unreviewed or self.stale)


# ------------------------------------------------------------------ the plan's links
def plan_links(graph: RoadmapGraph) -> Iterator[tuple[LinkKey, Need]]:
    """Every link of the plan whose target exists (a dangling link is the build's to
    report), with the need it starts from."""
    for need in graph.needs.values():
        for link, targets in need.links.items():
            for target in targets:
                if target in graph.needs:
                    yield LinkKey(need.id, link, target), need


class Fingerprints:
    """The parts and fingerprint of each need, computed once and only when asked."""

    def __init__(self, graph: RoadmapGraph) -> None:
        self._graph = graph
        self._parts: dict[str, tuple[str, Parts]] = {}

    def of(self, need_id: str) -> tuple[str, Parts]:
        known = self._parts.get(need_id)
        if known is None:
            found = parts(self._graph.needs[need_id])
            known = self._parts[need_id] = (fingerprint(found), found)
        return known


def review_links(graph: RoadmapGraph, ledger: Ledger) -> LinkReview:
    """One pass over the plan's links with a dictionary of fingerprints."""
    prints = Fingerprints(graph)
    review = LinkReview()
    present: set[LinkKey] = set()
    for key, source in plan_links(graph):
        present.add(key)
        entry = ledger.entries.get(key)
        if entry is None:
            review.unreviewed.append((key, source))
            continue
        now, found = prints.of(key.target)
        if now != entry.fingerprint:
            what = tuple(changes(entry.seen, found)) or ("its fingerprint",)
            review.suspect.append(SuspectLink(key, source, what, entry))
    review.stale.extend(sorted(k for k in ledger.entries if k not in present))
    review.suspect.sort(key=lambda s: s.key)
    review.unreviewed.sort(key=lambda u: u[0])
    return replace(review, links=len(present))


def clear(graph: RoadmapGraph, ledger: Ledger, sources: Iterable[str] | None, by: str,
          on: str) -> tuple[Ledger, list[LinkKey], list[LinkKey]]:
    """The ledger with the current fingerprints recorded for every link of ``sources``
    (every link when None) that is suspect or unreviewed, and its stale lines dropped;
    with the links cleared and the lines dropped."""
    wanted = None if sources is None else set(sources)
    prints = Fingerprints(graph)
    entries = dict(ledger.entries)
    cleared: list[LinkKey] = []
    present: set[LinkKey] = set()
    for key, _source in plan_links(graph):
        present.add(key)
        if wanted is not None and key.source not in wanted:
            continue
        now, found = prints.of(key.target)
        old = entries.get(key)
        if old is None or old.fingerprint != now:
            entries[key] = Entry(now, found, by, on)
            cleared.append(key)
    dropped = sorted(k for k in entries if k not in present)
    for key in dropped:
        del entries[key]
    return replace(ledger, entries=entries), sorted(cleared), dropped


# ------------------------------------------------------------------ the file
def _line_of(text: str, key: str) -> int | None:
    at = text.find(json.dumps(key))
    return None if at < 0 else text.count("\n", 0, at) + 1


def _where(path: Path, text: str, key: str) -> str:
    line = _line_of(text, key)
    return f"{path}:{line}" if line else str(path)


_KEY = re.compile(r"^(\S+) (\S+) (\S+)$")


def _entry(path: Path, text: str, key: str, value: Any, link_types: frozenset[str]
           ) -> tuple[LinkKey, Entry]:
    match = _KEY.match(key)
    if match is None or match.group(2) not in link_types:
        raise LedgerError(f"{_where(path, text, key)}: {key!r} is not 'SOURCE LINK TARGET' "
                          f"with a link type of the metamodel ({', '.join(sorted(link_types))})")
    fields = ("fingerprint", "seen", "cleared_by", "cleared_on")
    if not isinstance(value, dict) or not all(k in value for k in fields) or not isinstance(
            value["seen"], dict) or not all(isinstance(value[k], str) for k in fields
                                            if k != "seen"):
        raise LedgerError(f"{_where(path, text, key)}: the line of {key} needs "
                          '"fingerprint", "seen" (an object), "cleared_by" and "cleared_on"')
    return (LinkKey(*match.groups()),
            Entry(value["fingerprint"], value["seen"], value["cleared_by"], value["cleared_on"]))


def read_ledger(path: Path, link_types: Iterable[str]) -> Ledger:
    """The ledger in ``path``; LedgerError naming the file (and line) when it is missing
    or is not a ledger."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LedgerError(f"{path}: the review ledger does not exist; create it with "
                          "`python -m roadmap review --clear-all --by NAME`") from None
    except OSError as error:
        raise LedgerError(f"{path}: cannot read the review ledger ({error.strerror})") from None
    except UnicodeDecodeError:
        raise LedgerError(f"{path}: the review ledger is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise LedgerError(f"{path}:{error.lineno}: the review ledger is not valid JSON "
                          f"({error.msg})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise LedgerError(f'{path}: not a review ledger (expected "format": "{FORMAT}")')
    links = data.get("links")
    if not isinstance(links, dict):
        raise LedgerError(f'{_where(path, text, "links")}: "links" must be an object of '
                          "links by 'SOURCE LINK TARGET'")
    known = frozenset(link_types)
    entries = dict(_entry(path, text, k, v, known) for k, v in links.items())
    return Ledger(entries, str(data.get("about") or ABOUT), str(path))


def ledger_text(ledger: Ledger) -> str:
    """The ledger as its file holds it: one line per link, sorted."""
    lines = ["{", f'"format": {json.dumps(FORMAT)},',
             f'"about": {json.dumps(ledger.about, ensure_ascii=False)},', '"links": {']
    keys = sorted(ledger.entries)
    for index, key in enumerate(keys):
        entry = ledger.entries[key]
        value = {"fingerprint": entry.fingerprint, "seen": entry.seen,
                 "cleared_by": entry.cleared_by, "cleared_on": entry.cleared_on}
        comma = "," if index < len(keys) - 1 else ""
        lines.append(f"{json.dumps(str(key))}: "
                     f"{json.dumps(value, ensure_ascii=False, sort_keys=True)}{comma}")
    return "\n".join([*lines, "}", "}"]) + "\n"


def write_ledger(path: Path, ledger: Ledger) -> None:
    """Write the ledger through a temporary file, so a failed write leaves the old one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(ledger_text(ledger), encoding="utf-8")
    temporary.replace(path)


def review_summary(review: LinkReview) -> Mapping[str, int]:
    return {"links": review.links, "suspect": len(review.suspect),
            "unreviewed": len(review.unreviewed), "stale": len(review.stale)}
