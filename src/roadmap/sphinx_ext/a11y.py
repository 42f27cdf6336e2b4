"""Accessibility repairs to HTML that Sphinx, the theme and MyST write.

Found by axe-core in the browser tests (critical violations):

- Sphinx writes a toctree caption as ``<p class="caption" role="heading">``
  without ``aria-level`` (axe: aria-required-attr); Furo repeats it in every
  page's navigation. It becomes a level-2 heading.
- MyST's task lists (``- [ ] criterion``) render a disabled checkbox with no
  label (axe: label). It is labelled with its state; the item's text follows it.
- A table wider than its column scrolls inside its own box (roadmap.css); a box
  that scrolls must be reachable by keyboard (axe: scrollable-region-focusable), so
  every content table takes the focus, unless it sits in a scrolling box of its own
  (``roadmap-in-scroll``, :mod:`roadmap.sphinx_ext.reading`), which takes it.

Found by the Nu HTML checker (errors):

- sphinx-needs gives every need's fold button the same ``id`` (``target__show__meta``:
  221 duplicate IDs on this site), which its script reads as the button's state. The
  state moves into ``data-roadmap-collapse`` and ``roadmap-collapse.js`` replaces
  sphinx-needs' ``sphinx_needs_collapse.js`` to read it there.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

_CAPTION = '<p class="caption" role="heading">'
_CAPTION_FIXED = '<p class="caption" role="heading" aria-level="2">'
_TASK_BOX = re.compile(r'<input class="task-list-item-checkbox"(?P<attrs>[^>]*)>')
# a docutils table that does not take the focus yet
# (a table in a scrolling box of its own, roadmap-in-scroll, leaves the focus to the box)
_TABLE = re.compile(r'<table(?![^>]*\btabindex=)(?![^>]*\broadmap-in-scroll\b)'
                    r'(?=[^>]*\bclass="[^"]*\bdocutils\b)')



_COLLAPSE = re.compile(
    r'<span class="needs needs_collapse" id="(?P<state>target__[a-z]+(?:__[\w-]+)*)">')
COLLAPSE_JS = "roadmap-collapse.js"
UPSTREAM_COLLAPSE_JS = "sphinx_needs_collapse.js"


def _label_task_box(match: re.Match[str]) -> str:
    attrs = match.group("attrs")
    if "aria-label" in attrs:
        return match.group(0)
    state = "done" if "checked" in attrs else "not done"
    return f'<input class="task-list-item-checkbox" aria-label="{state}"{attrs}>'


def repair(html: str) -> str:
    """The page fragment with the repairs above applied (idempotent)."""
    html = _TABLE.sub('<table tabindex="0"', html.replace(_CAPTION, _CAPTION_FIXED))
    html = _COLLAPSE.sub(r'<span class="needs needs_collapse" data-roadmap-collapse="\g<state>">',
                         html)
    return _TASK_BOX.sub(_label_task_box, html)


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: nodes.document | None) -> None:
    for key in ("body", "furo_navigation_tree", "toc"):
        if isinstance(context.get(key), str):
            context[key] = repair(context[key])
    scripts = context.get("script_files")
    if isinstance(scripts, list) and any(_is_upstream_collapse(s) for s in scripts):
        # in place: the page's list is the builder's, which add_js_file appends to
        scripts[:] = [s for s in scripts if not _is_upstream_collapse(s)]
        app.add_js_file(COLLAPSE_JS, loading_method="defer")


def _is_upstream_collapse(script: Any) -> bool:
    return str(getattr(script, "filename", script)).endswith(UPSTREAM_COLLAPSE_JS)


def setup(app: Sphinx) -> None:
    # after the theme has computed its navigation tree (default priority 500)
    app.connect("html-page-context", _page_context, priority=900)
