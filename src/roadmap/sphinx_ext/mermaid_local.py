"""Serve mermaid from the site itself as a classic script.

sphinxcontrib-mermaid loads mermaid with an ES-module ``import``; browsers refuse
module imports on pages opened from disk (``file://``). We keep its directive
and HTML output and replace only its page hook: pages with a diagram get the
classic ``mermaid.min.js`` (copied from the npm package into ``_static``) and
a small initialiser.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinxcontrib.mermaid import install_js as upstream_install_js
from sphinxcontrib.mermaid import mermaid as mermaid_node


def _disconnect_upstream_loader(app: Sphinx) -> None:
    listeners = app.events.listeners.get("html-page-context", [])
    for listener in list(listeners):
        if listener.handler is upstream_install_js:
            app.disconnect(listener.id)


def _add_classic_loader(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    if doctree is None or doctree.next_node(mermaid_node) is None:
        return
    app.add_js_file(app.config.mermaid_use_local, priority=500)
    app.add_js_file("roadmap-mermaid-init.js", priority=501)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _disconnect_upstream_loader)
    app.connect("html-page-context", _add_classic_loader)
