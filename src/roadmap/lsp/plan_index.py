"""The plan as the language server holds it: every page parsed once, the needs graph
built from the parsed directives, and both kept up to date one page at a time.

A change to a page parses that page again and nothing else; the graph is put together
again from the needs of every page by ID, reusing the need of every page that did not
change (a need is made again only when its page changed or the links into it did).
The pages are the build's (``conf.py``'s exclude patterns, :func:`roadmap.inputs.from_conf`),
and a need is what sphinx-needs would make of its directive
(:mod:`roadmap.lsp.need_records`), so the rules see the graph the build would give them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

from roadmap.directive_parser import PageMemo, SourceNeed, TokenMemo
from roadmap.graph import Need, RoadmapGraph, need_from_mapping
from roadmap.inputs import ProjectInputs, discover_pages, from_conf, read_conf
from roadmap.lsp.need_records import RecordMaker, Refusal
from roadmap.lsp.page_outline import Outline, outline
from roadmap.value_check import BadValue, need_problems

# the most texts (a page, each need body in it) whose tokens a run of the rules keeps:
# a changed page's, for the guards that read it after the index, not all 10,000 needs'
TOKEN_LIMIT = 1000
# a directive's outcome: its need (as last put in the graph), why sphinx-needs would
# refuse it, or None (deleted)
Outcome = Need | Refusal | None


@dataclass
class ParsedPage:
    """One page as last read: its text, need directives, sections and need roles."""

    file: str  # relative to the project's root, as the build names it
    text: str
    needs: tuple[SourceNeed, ...]
    outcomes: list[Outcome]  # one per directive of ``needs``
    outline: Outline


class PlanIndex:
    """The project's pages, their needs and the graph, updated page by page."""

    def __init__(self, project: ProjectInputs, texts: Mapping[str, str] | None = None) -> None:
        self.project = project
        self.maker = RecordMaker.of(project.metamodel)
        self.memo = PageMemo(by_need=True)  # the schema documents of unchanged needs
        # the tokens of the pages read since the rules last ran: the guards of the next
        # run read a changed page from them instead of parsing it again
        self._tokens = TokenMemo(TOKEN_LIMIT)
        self._types = frozenset(project.metamodel.types)
        self._link_types = frozenset(project.metamodel.links)
        self._pages: dict[str, ParsedPage] = {}
        # the order sphinx-needs meets the pages in: sorted at first, then a changed page
        # last (an incremental build reads the changed pages after the others' needs are
        # known), which decides which of two needs with one ID is refused
        self._order: list[str] = []
        self.graph = RoadmapGraph({}, project.metamodel)
        # need ID -> the need and what GUARD-VALUES names in it, while the need is the same
        self._values: dict[str, tuple[Need, list[BadValue]]] = {}
        self._incoming: dict[str, dict[str, list[str]]] = {}  # of the last graph
        self.refusals: list[Refusal] = []
        self.declared_at: dict[str, SourceNeed] = {}  # need ID -> the directive it is
        for file, text in sorted((texts if texts is not None
                                  else project.read_sources()).items()):
            self._read(file, text)
        self._assemble()

    @classmethod
    def of_project(cls, root: Path, environ: Mapping[str, str] | None = None) -> PlanIndex:
        """The index of the project whose conf.py is in ``root``, read from disk."""
        return cls(from_conf(root, os.environ if environ is None else environ))

    # ------------------------------------------------------------ pages
    @property
    def root(self) -> Path:
        return self.project.root

    @property
    def texts(self) -> dict[str, str]:
        """Page file -> its text as last read (the editor's, where it is open)."""
        return {file: page.text for file, page in self._pages.items()}

    def pages(self) -> Iterator[ParsedPage]:
        return iter(self._pages.values())

    def page(self, file: str) -> ParsedPage | None:
        return self._pages.get(file)

    def is_page(self, file: str) -> bool:
        return file in self._pages

    def fresh_tokens(self) -> TokenMemo:
        """The tokens of the pages read since the last call, handed over once (what the
        guards keep of a page is in :attr:`memo`, so the tokens are not kept longer)."""
        tokens, self._tokens = self._tokens, TokenMemo(TOKEN_LIMIT)
        return tokens

    def update(self, file: str, text: str) -> bool:
        """Read one page again (a new page joins); False when its text is unchanged."""
        known = self._pages.get(file)
        if known is not None and known.text == text:
            return False
        self._read(file, text)
        self._assemble()
        return True

    def remove(self, file: str) -> None:
        """A page deleted (or moved out of the site)."""
        if self._pages.pop(file, None) is not None:
            self._order.remove(file)
            self.memo.forget(self._pages)
            self._assemble()

    def rediscover(self, open_texts: Mapping[str, str] | None = None) -> set[str]:
        """Ask Sphinx's discovery which files are pages now (a page was created, deleted
        or moved); new pages are read from ``open_texts`` or from disk. The files whose
        status changed."""
        found = set(discover_pages(self.root, read_conf(self.root)))
        changed = set(self._pages) ^ found
        self.project = replace(self.project, pages=tuple(sorted(found)))
        for gone in set(self._pages) - found:
            self.remove(gone)
        for new in sorted(found - set(self._pages)):
            text = (open_texts or {}).get(new)
            if text is None:
                text = (self.root / new).read_text(encoding="utf-8")
            self._read(new, text)
        if changed:
            self._assemble()
        return changed

    def _read(self, file: str, text: str) -> None:
        needs = self.memo.page_needs(file, text, self._types, self._tokens)
        page_outline = outline(text)
        docname = file[:file.rfind(".")] if "." in file else file
        outcomes = [self._outcome(n, docname, page_outline) for n in needs]
        self._pages[file] = ParsedPage(file, text, needs, outcomes, page_outline)
        if file in self._order:
            self._order.remove(file)
        self._order.append(file)

    def _outcome(self, source: SourceNeed, docname: str, page_outline: Outline) -> Outcome:
        made = self.maker.record(source, docname, page_outline.sections_at(source.line))
        if isinstance(made, dict):
            return need_from_mapping(made, self._link_types, f"{docname}:{source.line}")
        return made

    # ------------------------------------------------------------ the graph
    def _accepted(self) -> dict[str, tuple[ParsedPage, int]]:
        """Need ID -> (page, directive) of the need the build makes of it: the first the
        build meets; the refusals and where each need is declared, on the way."""
        accepted: dict[str, tuple[ParsedPage, int]] = {}
        self.declared_at, self.refusals = {}, []
        for file in self._order:
            page = self._pages[file]
            for index, (source, outcome) in enumerate(zip(page.needs, page.outcomes,
                                                          strict=True)):
                if isinstance(outcome, Refusal):
                    self.refusals.append(outcome)
                elif outcome is not None and outcome.id in accepted:
                    self.refusals.append(_duplicate(source, self.declared_at[outcome.id]))
                elif outcome is not None:
                    accepted[outcome.id] = (page, index)
                    self.declared_at[outcome.id] = source
        return accepted

    def _assemble(self) -> None:
        """The graph from every page's needs: a need's ID once (the first the build
        meets), incoming links, derived counts and dead-link flags filled in."""
        accepted = self._accepted()
        # the graph of the needs as they are, for its incoming links (computed once)
        graph = RoadmapGraph({need_id: cast(Need, accepted[need_id][0].outcomes[
            accepted[need_id][1]]) for need_id in sorted(accepted)}, self.project.metamodel)
        incoming = self.maker.backs(graph.incoming)
        # a need of an unchanged page keeps its extras while the links into it and the
        # set of IDs (which decides whether its links are dead) stay as they were
        same_ids = graph.needs.keys() == self.graph.needs.keys()
        replaced = False
        for need_id, need in list(graph.needs.items()):
            backs = incoming.get(need_id, _NO_BACKS)
            if (same_ids and self.graph.needs.get(need_id) is need
                    and backs == self._incoming.get(need_id, _NO_BACKS)):
                continue
            done = self._completed(*accepted[need_id], backs, graph.needs)
            if done is not need:
                graph.needs[need_id], replaced = done, True
        if replaced:
            graph.by_type = {kind: [graph.needs[n.id] for n in members]
                             for kind, members in graph.by_type.items()}
        if not same_ids:
            self.memo.forget(self._pages, graph.needs)
        self._incoming = incoming
        graph.bad_values = self._bad_values(graph)
        self.graph = graph

    def _bad_values(self, graph: RoadmapGraph) -> tuple[BadValue, ...]:
        """What the build's loader keeps for GUARD-VALUES (an unsafe character, an ID
        outside the pattern), judged again only for the needs that changed."""
        kept: dict[str, tuple[Need, list[BadValue]]] = {}
        for need_id, need in graph.needs.items():
            known = self._values.get(need_id)
            if known is None or known[0] is not need:
                entry = {**need.fields, "id": need.id, "type": need.type, "title": need.title}
                # a wrong type is SCHEMA-FIELDS' (as in the build)
                known = (need, [p for p in need_problems(entry, graph.metamodel)
                                if p.kind != "type"])
            kept[need_id] = known
        self._values = kept
        return tuple(problem for _, problems in kept.values() for problem in problems)

    def _completed(self, page: ParsedPage, index: int, backs: dict[str, list[str]],
                   known: Mapping[str, Any]) -> Need:
        """The need with its incoming links, derived counts and dead-link flags: the
        need of the last graph while none of them changed."""
        need = cast(Need, page.outcomes[index])
        extras = self.maker.extras(need, backs, known)
        if any(need.fields.get(name, _UNSET) != value for name, value in extras.items()):
            need = replace(need, fields={**need.fields, **extras})
            page.outcomes[index] = need
        return need


_UNSET = object()
_NO_BACKS: dict[str, list[str]] = {}


def _duplicate(source: SourceNeed, first: SourceNeed) -> Refusal:
    where = first.file[:first.file.rfind(".")] if "." in first.file else first.file
    return Refusal(source, "create_need",
                   f"Need could not be created: A need with ID {source.need_id!r} already "
                   f"exists (defined at {where}:{first.line}).")
