"""Keep generated tables and views fresh on incremental builds, and no more than that.

A needtable, a needflow or one of the roadmap's views shows needs defined on other
pages. Sphinx re-reads only the pages that changed, so without this module a table
could keep showing a milestone that was edited or deleted elsewhere. Such content
is drawn when a page is written (sphinx-needs resolves its tables then, and the
roadmap's views are placeholders until then), so those pages need re-writing, not
re-reading: they are recorded while they are read, and re-written (from their
stored doctree) only when the needs themselves changed. An edit of prose, a body
text or a line number elsewhere rewrites nothing but its own page.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

# Node classes whose content depends on needs of other pages, by class name so
# that this module does not import every extension's node types.
_DYNAMIC_NODE_NAMES = {"Needtable", "Needflow", "Needextract", "Needlist", "Needpie",
                       "Needbar", "Needgantt", "Needfilter", "Needreport", "NeedCount",
                       "NeedFunc", "NeedIncoming", "NeedOutgoing", "roadmap_view"}
# Nodes that draw every need they show inline, with its ID or title: a page made of
# these (and of views that say so) shows no need it does not name.
_BY_ID_NODE_NAMES = {"Needtable", "Needlist", "Needextract", "Needfilter", "NeedCount"}
_VIEW_NODE_NAME = "roadmap_view"
# A {need} reference shows the title (and the page) of the need it names.
_REFERENCE_NODE_NAME = "NeedRef"
# Fields that hold a need's title, and options of a table or chart that can read it.
_TITLE_FIELDS = frozenset({"title", "full_title"})
_BY_TITLE = re.compile(r"^:(?:filter|filter-func|sort|sort_by|search|style_row)\b[^\n]*title",
                       re.MULTILINE)
_DOCS_ATTR = "roadmap_dynamic_docs"
_REFS_ATTR = "roadmap_need_refs"
_BY_ID_ATTR = "roadmap_by_id_docs"
_PRINT_ATTR = "roadmap_needs_fingerprint"
_NEED_PRINTS_ATTR = "roadmap_need_fingerprints"
# What a need's text and place are made of: tables and views never show them, so a
# change to them alone leaves every other page as it is.
_NOT_SHOWN = frozenset({"content", "lineno", "lineno_content", "pre_content", "post_content",
                        "sections", "section_name", "signature", "parent_need", "parent_needs",
                        "parent_needs_back", "doctype", "is_modified", "modifications"})


def _kept(env: BuildEnvironment, attr: str, empty: Callable[[], Any]) -> Any:
    """A record this module keeps on the environment (pickled with it), made on first
    use."""
    value = getattr(env, attr, None)
    if value is None:
        value = empty()
        setattr(env, attr, value)
    return value


def _dynamic_docs(env: BuildEnvironment) -> set[str]:
    """Pages with a table or view of needs."""
    docs: set[str] = _kept(env, _DOCS_ATTR, set)
    return docs


def _need_refs(env: BuildEnvironment) -> dict[str, set[str]]:
    """Per page, the needs it names with {need}."""
    refs: dict[str, set[str]] = _kept(env, _REFS_ATTR, dict)
    return refs


def _by_id_docs(env: BuildEnvironment) -> set[str]:
    """Pages whose tables and views name every need they show."""
    docs: set[str] = _kept(env, _BY_ID_ATTR, set)
    return docs


def _names_what_it_shows(node: nodes.Element, name: str) -> bool:
    if name == _VIEW_NODE_NAME:
        return bool(node.get("shows_needs_by_id"))
    return name in _BY_ID_NODE_NAMES


def _record(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    dynamic, by_id, targets = False, True, set()
    for node in doctree.findall(nodes.Element):
        name = type(node).__name__
        if name in _DYNAMIC_NODE_NAMES:
            dynamic = True
            by_id = by_id and _names_what_it_shows(node, name)
        elif name == _REFERENCE_NODE_NAME:
            targets.add(str(node.get("reftarget", "")))
    for docs, member in ((_dynamic_docs(app.env), dynamic),
                         (_by_id_docs(app.env), dynamic and by_id)):
        if member:
            docs.add(docname)
        else:
            docs.discard(docname)
    # "ID.part" names a part of the need ID
    _need_refs(app.env)[docname] = {t for target in targets if target
                                    for t in (target, target.split(".", 1)[0])}


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _dynamic_docs(env).discard(docname)
    _by_id_docs(env).discard(docname)
    _need_refs(env).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str],
           other: BuildEnvironment) -> None:
    _dynamic_docs(env).update(_dynamic_docs(other))
    _by_id_docs(env).update(_by_id_docs(other))
    _need_refs(env).update({d: r for d, r in _need_refs(other).items() if d in docnames})


def _raw_needs(env: BuildEnvironment) -> Mapping[str, Mapping[str, Any]]:
    from sphinx_needs.data import SphinxNeedsData

    data = SphinxNeedsData(env)
    if data.needs_is_post_processed:
        return {need_id: dict(need) for need_id, need in data.get_needs_view().items()}
    return {need_id: dict(need) for need_id, need in data.get_needs_mutable().items()}


def _guards_fingerprint(app: Sphinx, needs: Mapping[str, Mapping[str, Any]]) -> str:
    """A digest of the source guards' results: the report shows them, and a page edit
    can change them without changing a need (an unknown option fixed, say)."""
    from roadmap.sphinx_ext.state import source_results

    digest = hashlib.sha256()
    for result in source_results(app, needs):
        digest.update(json.dumps([result.rule.id, result.checked_ids,
                                  [str(f) for f in result.findings]]).encode())
    return digest.hexdigest()


class NeedPrint(NamedTuple):
    """What other pages can show of a need: all of it, all but its title, its title and
    the needs it links to."""

    digest: str
    untitled: str
    title: str
    links: frozenset[str]


def _digest(values: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def need_fingerprints(needs: Mapping[str, Mapping[str, Any]], link_names: frozenset[str]
                      ) -> dict[str, NeedPrint]:
    """Per need, what other pages can show of it."""
    prints = {}
    for need_id, need in needs.items():
        shown = {k: need[k] for k in sorted(need) if k not in _NOT_SHOWN}
        untitled = {k: v for k, v in shown.items() if k not in _TITLE_FIELDS}
        links = frozenset(t for name in link_names for t in (need.get(name) or ())
                          if isinstance(t, str))
        prints[need_id] = NeedPrint(_digest(shown), _digest(untitled),
                                    str(need.get("title", "")), links)
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


def _pages_showing(env: BuildEnvironment, needs: Mapping[str, Mapping[str, Any]],
                   changed: set[str], cards: set[str]) -> set[str]:
    """Pages without tables or views that show a changed need: by a {need} reference
    to it, or by the card of a need defined on the page."""
    pages = {d for d, refs in _need_refs(env).items() if refs & changed}
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
    dynamic = _dynamic_docs(env)
    if not guards_same or not titles_only(changed, before, after):
        return set(dynamic)
    marks = {m for i in changed for text in (i, before[i].title) if text
             for m in _shown_as(text)}
    by_id = _by_id_docs(env)
    return {d for d in dynamic if d not in by_id or _selects_by_title(app, d)
            or _still_shows(app, d, marks)}


def _to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages to write again although unchanged: those that show needs of other
    pages or the rule results, when those changed since the last build (the graph
    rules' results follow from the needs; the source guards' from the pages), and
    those that show a need that changed."""
    needs = _raw_needs(env)
    from roadmap.sphinx_ext.state import inputs_of

    links = frozenset(inputs_of(app).metamodel.links)
    prints = need_fingerprints(needs, links)
    everything = hashlib.sha256("".join(f"{i}:{p.digest};" for i, p in sorted(prints.items()))
                                .encode()).hexdigest()
    current = (everything, _guards_fingerprint(app, needs))
    previous = getattr(env, _PRINT_ATTR, None)
    before: dict[str, NeedPrint] = getattr(env, _NEED_PRINTS_ATTR, {})
    setattr(env, _PRINT_ATTR, current)
    setattr(env, _NEED_PRINTS_ATTR, prints)
    if previous == current:
        return []
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
