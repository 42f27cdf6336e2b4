"""Serve mermaid from the site itself as a classic script, with conf.py's settings.

sphinxcontrib-mermaid loads mermaid with an ES-module ``import``; browsers refuse
module imports on pages opened from disk (``file://``). We keep its directive
and HTML output and replace only its page hook: pages with a diagram get the
classic ``mermaid.min.js`` (copied from the npm package into ``_static``), the
``mermaid_init_config`` of conf.py as a JSON data block, and a small initialiser that
reads it. The configuration lives in one place; its ``securityLevel`` must be
``strict`` (in ``loose`` mode a diagram's ``click`` lines run ``javascript:`` URLs and
callbacks), which the build checks and the initialiser enforces.
"""

from __future__ import annotations

import json
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinxcontrib.mermaid import install_js as upstream_install_js
from sphinxcontrib.mermaid import mermaid as mermaid_node

from roadmap.sphinx_ext import build_warnings
from roadmap.sphinx_ext.build_warnings import RoadmapWarning

CONFIG_ID = "roadmap-mermaid-config"
SECURITY_LEVEL = "strict"


def page_config(config: Any) -> dict[str, Any]:
    """What the page's initialiser gets: conf.py's mermaid_init_config, never loose."""
    settings = dict(config) if isinstance(config, dict) else {}
    settings["startOnLoad"] = False
    settings["securityLevel"] = SECURITY_LEVEL
    return settings


def config_script(config: Any) -> str:
    """The configuration as JSON that no ``</script>`` inside can end."""
    text = json.dumps(page_config(config), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _check_config(app: Sphinx, config: Config) -> None:
    level = (getattr(config, "mermaid_init_config", None) or {}).get("securityLevel")
    if level not in (None, SECURITY_LEVEL):  # unset: the page gets strict all the same
        build_warnings.warn(RoadmapWarning.MERMAID, f"mermaid_init_config sets securityLevel "
                            f"{level!r}; the site renders diagrams only with "
                            f"{SECURITY_LEVEL!r} (in 'loose' mode a diagram's click lines "
                            "run scripts)", where="conf.py")


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
    app.add_js_file(None, body=config_script(app.config.mermaid_init_config),
                    type="application/json", id=CONFIG_ID, priority=499)
    app.add_js_file(app.config.mermaid_use_local, priority=500)
    app.add_js_file("roadmap-mermaid-init.js", priority=501)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _check_config)
    app.connect("builder-inited", _disconnect_upstream_loader)
    app.connect("html-page-context", _add_classic_loader)
