"""Keep generated tables and views fresh on incremental builds.

A needtable, a needflow or one of the roadmap's generated views shows needs
defined on other pages. Sphinx re-reads only the pages that changed, so
without this module a table could keep showing a milestone that was edited
or deleted elsewhere. Pages with such content are recorded while they are
read; when any page changes, they are read again too.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

# Node classes whose content depends on needs of other pages, by class name so
# that this module does not import every extension's node types.
_DYNAMIC_NODE_NAMES = {"Needtable", "Needflow", "Needextract", "Needlist", "Needpie",
                       "Needbar", "Needgantt", "Needfilter", "Needreport",
                       "roadmap_view"}
_ATTR = "roadmap_dynamic_docs"


def _dynamic_docs(env: BuildEnvironment) -> set[str]:
    docs: set[str] | None = getattr(env, _ATTR, None)
    if docs is None:
        docs = set()
        setattr(env, _ATTR, docs)
    return docs


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


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
              removed: set[str]) -> list[str]:
    if not (added or changed or removed):
        return []
    return sorted(_dynamic_docs(env) - added - changed - removed)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", _record)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated)
    return {"parallel_read_safe": True}
