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



def _label_task_box(match: re.Match[str]) -> str:
    attrs = match.group("attrs")
    if "aria-label" in attrs:
        return match.group(0)
    state = "done" if "checked" in attrs else "not done"
    return f'<input class="task-list-item-checkbox" aria-label="{state}"{attrs}>'


def repair(html: str) -> str:
    """The page fragment with the repairs above applied (idempotent)."""
    html = _TABLE.sub('<table tabindex="0"', html.replace(_CAPTION, _CAPTION_FIXED))
    return _TASK_BOX.sub(_label_task_box, html)


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: nodes.document | None) -> None:
    for key in ("body", "furo_navigation_tree", "toc"):
        if isinstance(context.get(key), str):
            context[key] = repair(context[key])


def setup(app: Sphinx) -> None:
    # after the theme has computed its navigation tree (default priority 500)
    app.connect("html-page-context", _page_context, priority=900)
