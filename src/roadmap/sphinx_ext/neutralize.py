"""Second line of the content-security guard: raw HTML with active content is written
as text, never as markup.

GUARD-ACTIVE-CONTENT reports active content in the pages with file and line, and fails
a strict build. A build without ``-W`` (``make live``, a preview) would still write the
script into the page; here every raw HTML node whose HTML the guard refuses becomes a
literal of its text, so no build of the site runs it.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from roadmap.rules.security import active_content


def neutralize(app: Sphinx, doctree: nodes.document) -> None:
    for node in list(doctree.findall(nodes.raw)):
        if "html" not in str(node.get("format", "")).split():
            continue
        if not active_content(node.astext()):
            continue
        inline = isinstance(node.parent, nodes.TextElement)
        text = node.astext()
        node.replace_self(nodes.literal(text=text) if inline else nodes.literal_block(text, text))


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", neutralize)
