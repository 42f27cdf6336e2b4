"""A description of every page: its first paragraph of prose, shortened.

Search engines and link previews read it from ``<meta name="description">``, and the
site's own search shows it under a page it finds (:mod:`roadmap.sphinx_ext.search`)
instead of fetching the page to cut a snippet out of it. It is taken when a page is
read, from the prose the author wrote (not from a need, a table or a view), and kept
per page in the records that go with the environment
(``FreshnessRecords.descriptions`` of the build state, purged and merged with them),
so an incremental or parallel build has every page's.
"""

from __future__ import annotations

import re
from html import escape, unescape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from roadmap.sphinx_ext.state import BuildState

_TAG = re.compile(r"<[^>]*>")
LIMIT = 160  # characters, about what a search result or a preview shows
MIN_WORDS = 12
# where prose is not the page's own: a need's text, a table, a note, a figure
_NOT_PROSE = (nodes.table, nodes.Admonition, nodes.figure, nodes.sidebar, nodes.topic)


def shorten(text: str, limit: int = LIMIT) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters with an ellipsis."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:(")
    return cut + "\u2026"


def _is_prose(paragraph: nodes.paragraph) -> bool:
    parent = paragraph.parent
    while parent is not None:
        if isinstance(parent, _NOT_PROSE) or "need" in parent.get("classes", ()):
            return False
        parent = parent.parent
    return bool(paragraph.astext().strip())


def describe(doctree: nodes.document, title: str, project: str) -> str:
    """The page's first paragraph of prose that is a sentence or more (a subtitle is
    not), else its first paragraph, else its title and the project's name."""
    prose = [p for p in doctree.findall(nodes.paragraph) if _is_prose(p)]
    first = next((p for p in prose if len(p.astext().split()) >= MIN_WORDS),
                 prose[0] if prose else None)
    if first is not None:
        return shorten(first.astext())
    return shorten(f"{title}: {project}" if title else project)


def descriptions(env: BuildEnvironment) -> dict[str, str]:
    """Page -> its description, for every page read so far."""
    return BuildState.of(env).freshness.descriptions


def _record(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    title = app.env.titles.get(docname)
    descriptions(app.env)[docname] = describe(doctree, title.astext() if title else "",
                                              str(app.config.project))


def meta_tag(description: str) -> str:
    return f'<meta name="description" content="{escape(description, quote=True)}" />\n'


def _add_meta(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
              doctree: nodes.document | None) -> None:
    text = descriptions(app.env).get(pagename)
    if text is None:  # a page Sphinx writes itself: the index, the search page
        title = unescape(_TAG.sub("", str(context.get("title") or "")))
        text = shorten(f"{title}: {app.config.project}" if title else str(app.config.project))
    context["metatags"] = str(context.get("metatags") or "") + meta_tag(text)


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", _record)
    app.connect("html-page-context", _add_meta)
