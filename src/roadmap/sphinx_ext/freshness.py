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
                       "Needbar", "Needgantt", "Needfilter", "Needreport",
                       "roadmap_view"}
_DOCS_ATTR = "roadmap_dynamic_docs"
_PRINT_ATTR = "roadmap_needs_fingerprint"
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


def needs_fingerprint(needs: Mapping[str, Mapping[str, Any]], leave_out: frozenset[str]
                      = _NOT_SHOWN) -> str:
    """A digest of what other pages can show of the needs."""
    digest = hashlib.sha256()
    for need_id in sorted(needs):
        need = needs[need_id]
        shown = {k: need[k] for k in sorted(need) if k not in leave_out}
        digest.update(json.dumps(shown, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _record(app: Sphinx, doctree: nodes.document) -> None:
    docs = _dynamic_docs(app.env)
    if any(type(node).__name__ in _DYNAMIC_NODE_NAMES for node in doctree.findall(nodes.Element)):
        docs.add(app.env.docname)
    else:
        docs.discard(app.env.docname)


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _dynamic_docs(env).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str],
           other: BuildEnvironment) -> None:
    _dynamic_docs(env).update(_dynamic_docs(other))


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


def _to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages to write again although unchanged: those that show needs of other
    pages or the rule results, when those changed since the last build. (The graph
    rules' results follow from the needs; the source guards' from the pages.)"""
    needs = _raw_needs(env)
    current = (needs_fingerprint(needs), _guards_fingerprint(app, needs))
    previous = getattr(env, _PRINT_ATTR, None)
    setattr(env, _PRINT_ATTR, current)
    if previous == current:
        return []
    return sorted(_dynamic_docs(env))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", _record)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-updated", _to_rewrite)
    return {"parallel_read_safe": True}
