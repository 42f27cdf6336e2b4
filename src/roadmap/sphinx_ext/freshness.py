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
import json
from collections.abc import Mapping
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

# Node classes whose content depends on needs of other pages, by class name so
# that this module does not import every extension's node types.
_DYNAMIC_NODE_NAMES = {"Needtable", "Needflow", "Needextract", "Needlist", "Needpie",
                       "Needbar", "Needgantt", "Needfilter", "Needreport", "NeedCount",
                       "NeedFunc", "NeedIncoming", "NeedOutgoing", "roadmap_view"}
# A {need} reference shows the title (and the page) of the need it names.
_REFERENCE_NODE_NAME = "NeedRef"
_DOCS_ATTR = "roadmap_dynamic_docs"
_REFS_ATTR = "roadmap_need_refs"
_PRINT_ATTR = "roadmap_needs_fingerprint"
_NEED_PRINTS_ATTR = "roadmap_need_fingerprints"
# What a need's text and place are made of: tables and views never show them, so a
# change to them alone leaves every other page as it is.
_NOT_SHOWN = frozenset({"content", "lineno", "lineno_content", "pre_content", "post_content",
                        "sections", "section_name", "signature", "parent_need", "parent_needs",
                        "parent_needs_back", "doctype", "is_modified", "modifications"})


def _dynamic_docs(env: BuildEnvironment) -> set[str]:
    docs: set[str] | None = getattr(env, _DOCS_ATTR, None)
    if docs is None:
        docs = set()
        setattr(env, _DOCS_ATTR, docs)
    return docs


def _need_refs(env: BuildEnvironment) -> dict[str, set[str]]:
    refs: dict[str, set[str]] | None = getattr(env, _REFS_ATTR, None)
    if refs is None:
        refs = {}
        setattr(env, _REFS_ATTR, refs)
    return refs


def _record(app: Sphinx, doctree: nodes.document) -> None:
    docs = _dynamic_docs(app.env)
    docname = app.env.docname
    dynamic, targets = False, set()
    for node in doctree.findall(nodes.Element):
        name = type(node).__name__
        dynamic = dynamic or name in _DYNAMIC_NODE_NAMES
        if name == _REFERENCE_NODE_NAME:
            targets.add(str(node.get("reftarget", "")))
    if dynamic:
        docs.add(docname)
    else:
        docs.discard(docname)
    # "ID.part" names a part of the need ID
    _need_refs(app.env)[docname] = {t for target in targets if target
                                    for t in (target, target.split(".", 1)[0])}


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _dynamic_docs(env).discard(docname)
    _need_refs(env).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str],
           other: BuildEnvironment) -> None:
    _dynamic_docs(env).update(_dynamic_docs(other))
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


def need_fingerprints(needs: Mapping[str, Mapping[str, Any]], link_names: frozenset[str]
                      ) -> dict[str, tuple[str, frozenset[str]]]:
    """Per need: a digest of what other pages can show of it, and the needs it links to."""
    prints = {}
    for need_id, need in needs.items():
        shown = {k: need[k] for k in sorted(need) if k not in _NOT_SHOWN}
        digest = hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode())
        links = frozenset(t for name in link_names for t in (need.get(name) or ())
                          if isinstance(t, str))
        prints[need_id] = (digest.hexdigest(), links)
    return prints


def changed_needs(before: Mapping[str, tuple[str, frozenset[str]]],
                  after: Mapping[str, tuple[str, frozenset[str]]]) -> set[str]:
    """The needs added, removed or shown differently, and every need they link to or
    linked to (its card lists them as incoming links)."""
    changed = {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}
    linked = {t for i in changed for side in (before, after) if i in side for t in side[i][1]}
    return changed | linked


def _pages_showing(env: BuildEnvironment, needs: Mapping[str, Mapping[str, Any]],
                   changed: set[str]) -> set[str]:
    """Pages without tables or views that show a changed need: by a {need} reference,
    or as a need defined on the page (its card shows its links and incoming links)."""
    pages = {d for d, refs in _need_refs(env).items() if refs & changed}
    pages |= {str(needs[i].get("docname")) for i in changed
              if i in needs and needs[i].get("docname")}
    return pages & set(env.found_docs)


def _to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages to write again although unchanged: those that show needs of other
    pages or the rule results, when those changed since the last build (the graph
    rules' results follow from the needs; the source guards' from the pages), and
    those that show a need that changed."""
    needs = _raw_needs(env)
    from roadmap.sphinx_ext.state import inputs_of

    links = frozenset(inputs_of(app).metamodel.links)
    prints = need_fingerprints(needs, links)
    everything = hashlib.sha256("".join(f"{i}:{d};" for i, (d, _) in sorted(prints.items()))
                                .encode()).hexdigest()
    current = (everything, _guards_fingerprint(app, needs))
    previous = getattr(env, _PRINT_ATTR, None)
    before: dict[str, tuple[str, frozenset[str]]] = getattr(env, _NEED_PRINTS_ATTR, {})
    setattr(env, _PRINT_ATTR, current)
    setattr(env, _NEED_PRINTS_ATTR, prints)
    if previous == current:
        return []
    return sorted(_dynamic_docs(env) | _pages_showing(env, needs, changed_needs(before,
                                                                                 prints)))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", _record)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-updated", _to_rewrite)
    return {"parallel_read_safe": True}
