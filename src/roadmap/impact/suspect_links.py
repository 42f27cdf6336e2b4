"""Suspect links of a change: the links whose target's fingerprint
(:mod:`roadmap.fingerprint`) the change alters, and whether the head's review ledger
already clears them.

A link A -> B that exists in the head is made suspect when B is in both plans and its
fingerprint differs. If the head's ledger records B's new fingerprint for the link,
the author reviewed A in the same change and the link is listed as cleared; else it
is to review. Without a ledger every such link is to review. The ledger's own state
(suspect links older than this change, unreviewed links, stale lines) is reported as
it stands in the head.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from roadmap.fingerprint import changes
from roadmap.graph import RoadmapGraph
from roadmap.ledger import Fingerprints, Ledger, LinkKey, LinkReview, review_links


@dataclass(frozen=True)
class ChangedLink:
    key: LinkKey
    source_type: str
    what: tuple[str, ...]  # what changed in the target
    cleared_by: str = ""  # who cleared it in this change ("" when it is to review)


@dataclass(frozen=True)
class SuspectImpact:
    changed: list[ChangedLink] = field(default_factory=list)
    ledger: LinkReview | None = None  # the head's links against the head's ledger

    @property
    def to_review(self) -> list[ChangedLink]:
        return [c for c in self.changed if not c.cleared_by]

    @property
    def cleared(self) -> list[ChangedLink]:
        return [c for c in self.changed if c.cleared_by]

    @property
    def older(self) -> list[LinkKey]:
        """Links the head's ledger holds suspect that this change did not make suspect."""
        made = {c.key for c in self.changed}
        return [s.key for s in self.ledger.suspect if s.key not in made] if self.ledger else []

    @property
    def empty(self) -> bool:
        return not self.changed and (self.ledger is None or (
            not self.older and not self.ledger.unreviewed and not self.ledger.stale))


def suspect_impact(base: RoadmapGraph, head: RoadmapGraph, ledger: Ledger | None = None,
                   candidates: Iterable[str] | None = None) -> SuspectImpact:
    """``candidates``: the needs that changed at all (a need whose fields are equal has
    an equal fingerprint); every need in both plans when None."""
    before, after = Fingerprints(base), Fingerprints(head)
    changed_targets: dict[str, tuple[str, tuple[str, ...]]] = {}
    shared = head.needs.keys() & base.needs.keys()
    for need_id in sorted(shared if candidates is None else shared.intersection(candidates)):
        old, new = before.of(need_id), after.of(need_id)
        if old[0] != new[0]:
            changed_targets[need_id] = (new[0], tuple(changes(old[1], new[1])))
    found = []
    for target_id, (now, what) in changed_targets.items():
        for link, sources in head.incoming.items():
            for source_id in dict.fromkeys(sources.get(target_id, ())):
                key = LinkKey(source_id, link, target_id)
                entry = ledger.entries.get(key) if ledger is not None else None
                cleared = entry.cleared_by if entry is not None and entry.fingerprint == now \
                    else ""
                found.append(ChangedLink(key, head.needs[source_id].type, what, cleared))
    return SuspectImpact(sorted(found, key=lambda c: c.key),
                         review_links(head, ledger) if ledger is not None else None)
