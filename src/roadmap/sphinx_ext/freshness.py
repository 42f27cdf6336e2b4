"""Keep generated tables and views fresh on incremental builds, and no more than that.

A needtable, a needflow or one of the roadmap's views shows needs defined on other
pages. Sphinx re-reads only the pages that changed, so without this module a table
could keep showing a milestone that was edited or deleted elsewhere. Such content
is drawn when a page is written (sphinx-needs resolves its tables then, and the
roadmap's views are placeholders until then), so those pages need re-writing, not
re-reading: they are recorded while they are read, and re-written (from their
stored doctree) only when the needs themselves changed. An edit of prose, a body
text or a line number elsewhere rewrites nothing but its own page. What this module
learns of the pages is kept in the build state's
:class:`~roadmap.sphinx_ext.state.FreshnessRecords`.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from roadmap.sphinx_ext.directives import roadmap_view
from roadmap.sphinx_ext.need_field import need_field
from roadmap.sphinx_ext.state import BuildState, FreshnessRecords, NeedPrint

# Fields that hold a need's title, and options of a table or chart that can read it.
_TITLE_FIELDS = frozenset({"title", "full_title"})
_BY_TITLE = re.compile(r"^:(?:filter|filter-func|sort|sort_by|search|style_row)\b[^\n]*title",
                       re.MULTILINE)
# What a need's text and place are made of: tables and views never show them, so a
# change to them alone leaves every other page as it is.
_NOT_SHOWN = frozenset({"content", "lineno", "lineno_content", "pre_content", "post_content",
                        "sections", "section_name", "signature", "parent_need", "parent_needs",
                        "parent_needs_back", "doctype", "is_modified", "modifications"})


class Shows(Enum):
    """What a node shows of the needs of other pages, once the page is written."""

    NAMED = "needs of any page, each by its ID or title"  # tables, lists, extracts, counts
    DRAWN = "needs of any page, not each by name"  # charts, flows, functions, link lists
    REFERENCE = "the title of the one need it names"  # {need}


def sphinx_needs_nodes() -> dict[type[nodes.Element], Shows]:
    """The node classes of sphinx-needs whose content is drawn from the needs when a
    page is written, and what they show: the one place that knows them.

    sphinx-needs has no API that says which of its nodes read the needs of other
    pages (it resolves them in ``doctree-resolved`` from a private table,
    ``sphinx_needs.needs.NODE_TYPES``). ``tests/test_freshness_nodes.py`` checks this
    table against that one and against every node class sphinx-needs defines, so a
    node renamed or added by a new sphinx-needs fails the test, not a build quietly.
    """
    from sphinx_needs.directives.needbar import Needbar
    from sphinx_needs.directives.needextract import Needextract
    from sphinx_needs.directives.needflow import NeedflowGraphiz, NeedflowPlantuml
    from sphinx_needs.directives.needgantt import Needgantt
    from sphinx_needs.directives.needlist import Needlist
    from sphinx_needs.directives.needpie import Needpie
    from sphinx_needs.directives.needsequence import Needsequence
    from sphinx_needs.directives.needtable import Needtable
    from sphinx_needs.directives.needuml import Needuml
    from sphinx_needs.roles.need_count import NeedCount
    from sphinx_needs.roles.need_func import NeedFunc
    from sphinx_needs.roles.need_incoming import NeedIncoming
    from sphinx_needs.roles.need_outgoing import NeedOutgoing
    from sphinx_needs.roles.need_ref import NeedRef

    return {
        **dict.fromkeys((Needtable, Needlist, Needextract, NeedCount), Shows.NAMED),
        **dict.fromkeys((Needbar, Needpie, NeedflowGraphiz, NeedflowPlantuml, Needgantt,
                         Needsequence, Needuml, NeedFunc, NeedIncoming, NeedOutgoing),
                        Shows.DRAWN),
        NeedRef: Shows.REFERENCE,
    }


def _shows(node: nodes.Element, known: Mapping[type[nodes.Element], Shows]) -> Shows | None:
    if isinstance(node, roadmap_view):  # a view says whether it names what it shows
        return Shows.NAMED if node.get("shows_needs_by_id") else Shows.DRAWN
    return known.get(type(node))


def _record(app: Sphinx, doctree: nodes.document) -> None:
    known = sphinx_needs_nodes()
    dynamic, by_id, now, targets = False, True, False, set()
    for node in doctree.findall(nodes.Element):
        shows = _shows(node, known)
        if shows is Shows.REFERENCE:
            targets.add(str(node.get("reftarget", "")))
        elif shows is not None:
            dynamic = True
            by_id = by_id and shows is Shows.NAMED
            now = now or bool(node.get("reads_now"))  # a view that says what "now" is
        elif isinstance(node, need_field):  # prints a field of the need it names
            targets.add(str(node.get("need_id", "")))
    # "ID.part" names a part of the need ID
    refs = {t for target in targets if target for t in (target, target.split(".", 1)[0])}
    _records(app.env).record(app.env.docname, dynamic, dynamic and by_id, refs, now)


def _records(env: BuildEnvironment) -> FreshnessRecords:
    return BuildState.of(env).freshness


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _records(env).purge(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str],
           other: BuildEnvironment) -> None:
    _records(env).merge(_records(other), docnames)


def _raw_needs(env: BuildEnvironment) -> Mapping[str, Any]:
    """sphinx-needs' needs as they are (references, not copies: at 10,000 needs a copy
    of each is some 60 MiB more at the build's busiest moment)."""
    from sphinx_needs.data import SphinxNeedsData

    data = SphinxNeedsData(env)
    if data.needs_is_post_processed:
        return data.get_needs_view()
    return data.get_needs_mutable()


def _guards_fingerprint(app: Sphinx, needs: Mapping[str, Any]) -> str:
    """A digest of the source guards' results: the report shows them, and a page edit
    can change them without changing a need (an unknown option fixed, say)."""
    digest = hashlib.sha256()
    for result in BuildState.of(app.env).source_results(needs):
        digest.update(json.dumps([result.rule.id, result.checked_ids,
                                  [str(f) for f in result.findings]]).encode())
    return digest.hexdigest()


def _digest(values: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def need_fingerprints(needs: Mapping[str, Any], link_names: frozenset[str]
                      ) -> dict[str, NeedPrint]:
    """Per need, what other pages can show of it: all but its title (one digest), and
    that with its title."""
    prints = {}
    for need_id, need in needs.items():
        values = dict(need.items())  # each value read once
        untitled = _digest({k: v for k, v in values.items()
                            if k not in _NOT_SHOWN and k not in _TITLE_FIELDS})
        titles = json.dumps([values.get(k) for k in sorted(_TITLE_FIELDS)], default=str)
        links = frozenset(t for name in link_names for t in (values.get(name) or ())
                          if isinstance(t, str))
        prints[need_id] = NeedPrint(hashlib.sha256((untitled + titles).encode()).hexdigest(),
                                    untitled, str(values.get("title", "")), links)
    return prints


def changed_needs(before: Mapping[str, NeedPrint], after: Mapping[str, NeedPrint]
                  ) -> set[str]:
    """The needs added, removed or shown differently."""
    return {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}


def cards_showing(changed: set[str], before: Mapping[str, NeedPrint],
                  after: Mapping[str, NeedPrint]) -> set[str]:
    """The needs whose card shows a changed need: the changed needs, the needs they link
    or linked to (a card lists its incoming links) and the needs that link to them (a
    card shows the titles of its links)."""
    linked = {t for i in changed for side in (before, after) if i in side
              for t in side[i].links}
    linking = {i for side in (before, after) for i, need in side.items()
               if need.links & changed}
    return changed | linked | linking


def _pages_showing(env: BuildEnvironment, needs: Mapping[str, Any],
                   changed: set[str], cards: set[str]) -> set[str]:
    """Pages without tables or views that show a changed need: by a {need} reference
    to it, or by the card of a need defined on the page."""
    pages = {d for d, refs in _records(env).need_refs.items() if refs & changed}
    pages |= {str(needs[i].get("docname")) for i in cards if i in needs and needs[i].get("docname")}
    return pages & set(env.found_docs)


def titles_only(changed: set[str], before: Mapping[str, NeedPrint],
                after: Mapping[str, NeedPrint]) -> bool:
    """Whether every change is a new title of a need that was there before."""
    return bool(changed) and all(i in before and i in after
                                 and before[i].untitled == after[i].untitled for i in changed)


def _shown_as(text: str) -> set[str]:
    """How a title or ID can stand in a written page: as text, escaped, or in JSON."""
    return {text, html.escape(text), html.escape(text, quote=False), json.dumps(text)[1:-1]}


def _still_shows(app: Sphinx, docname: str, marks: set[str]) -> bool:
    """Whether the page as written by the last build shows any of ``marks``, or cannot
    be read (then it is written again)."""
    outfile = getattr(app.builder, "get_outfilename", None)  # HTML builders have it
    if outfile is None:
        return True
    try:
        written = Path(outfile(docname)).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return True
    return any(mark in written for mark in marks)


def _selects_by_title(app: Sphinx, docname: str) -> bool:
    """Whether a table or chart of the page may filter or sort by title (then a new
    title can bring a need into it)."""
    try:
        source = Path(app.env.doc2path(docname)).read_text(encoding="utf-8")
    except OSError:
        return True
    return _BY_TITLE.search(source) is not None


def _dynamic_to_rewrite(app: Sphinx, env: BuildEnvironment, changed: set[str],
                        before: Mapping[str, NeedPrint], after: Mapping[str, NeedPrint],
                        guards_same: bool) -> set[str]:
    """The pages with tables or views to write again: all of them, unless the only
    change is a new title (and the guards' results are the same); then, of the pages
    whose tables and views name every need they show, those that showed the need (its
    ID or its old title is on the written page) or may select by title, and every
    other page with a table or view."""
    dynamic = _records(env).dynamic_docs
    if not guards_same or not titles_only(changed, before, after):
        return set(dynamic)
    marks = {m for i in changed for text in (i, before[i].title) if text
             for m in _shown_as(text)}
    by_id = _records(env).by_id_docs
    return {d for d in dynamic if d not in by_id or _selects_by_title(app, d)
            or _still_shows(app, d, marks)}


def _prints(env: BuildEnvironment, needs: Mapping[str, Any]
            ) -> tuple[dict[str, NeedPrint], str]:
    """The needs' fingerprints and their digest: the last build's while the pages'
    reading is the same (no page read since: the same needs), else made again."""
    records, reading = _records(env), BuildState.of(env).reading
    if records.prints_reading == reading and records.needs_print is not None:
        return records.need_prints, records.needs_print[0]
    prints = need_fingerprints(needs, frozenset(BuildState.of(env).inputs.metamodel.links))
    records.prints_reading = reading
    return prints, hashlib.sha256("".join(f"{i}:{p.digest};" for i, p in sorted(prints.items()))
                                  .encode()).hexdigest()


def _to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages to write again although unchanged: those that show needs of other
    pages or the rule results, when those changed since the last build (the graph
    rules' results follow from the needs; the source guards' from the pages), and
    those that show a need that changed."""
    needs = _raw_needs(env)
    inputs = BuildState.of(env).inputs
    prints, everything = _prints(env, needs)
    # the views that say what "now" is read the reported week and today's date, which
    # the environment can change between two builds (ROADMAP_AS_OF, ROADMAP_TODAY, the
    # clock) without a page or a conf.py value changing
    now = f"{inputs.settings.as_of}/{inputs.settings.build_date.isoformat()}"
    current = (everything, _guards_fingerprint(app, needs), now)
    records = _records(env)
    previous, before = records.needs_print, records.need_prints
    records.needs_print, records.need_prints = current, prints
    if previous == current:
        return []
    if previous is not None and previous[:2] == current[:2]:
        # only "now" moved: the pages that say what it is, nothing else
        return sorted(records.now_docs & set(env.found_docs))
    changed = changed_needs(before, prints)
    guards_same = previous is not None and previous[1] == current[1]
    dynamic = _dynamic_to_rewrite(app, env, changed, before, prints, guards_same)
    cards = cards_showing(changed, before, prints)
    return sorted(dynamic | _pages_showing(env, needs, changed, cards))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", _record)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-updated", _to_rewrite)
    return {"parallel_read_safe": True}
