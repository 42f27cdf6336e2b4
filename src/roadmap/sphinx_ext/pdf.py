"""The PDF build (``make pdf``: sphinx-simplepdf, WeasyPrint): what it takes for the
PDF to hold the chosen pages, with working links, and to fail on what it loses.

``-t pdf`` makes ``pdf.md`` the root document; its table of contents names the pages
of the PDF. Every other page is still read (so every need exists and the rules see
the whole plan), but only the root's pages are assembled. Here, for the simplepdf
builder only:

* the landing page's own tables of contents are dropped, so that they do not pull
  the whole site into the PDF (the other pages keep theirs: the phase plans bring
  their phases);
* a link to a page or need outside the PDF leads to it on the published site
  (``roadmap_site_url``) instead of to an anchor the PDF does not have;
* a mermaid diagram (drawn by JavaScript, which WeasyPrint does not run) becomes a
  link to it on the site, so no diagram source is printed and no renderer is called;
* sphinx-needs' links in the single file (``#document-<page>#<ID>``, two ``#``, which
  WeasyPrint cannot follow and silently drops) point at the need's anchor, an anchor
  that several pages define is made unique, a page's start marker moves into its
  heading (else the table of contents gives the page before), and images lose the
  link to their file (a ``file://`` link in a PDF);
* the table of contents' heading does not link to the file itself;
* WeasyPrint's errors (an undefined anchor, a resource it cannot load) go to
  Python's logging only: they become build warnings, so ``-W`` fails on them;
* WeasyPrint fetches every image and style sheet the HTML names, from anywhere (an
  ``{only} pdf`` image, a remote style sheet): it is given a fetcher that reads only
  files of the PDF's output folder and the source tree (and ``data:`` URLs) and refuses
  anything else with a build warning.

simplepdf calls WeasyPrint in the builder's ``finish()``, before ``build-finished``:
the HTML is corrected in ``html-page-context``.
"""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote, urlsplit

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging as sphinx_logging

from roadmap.sphinx_ext import build_warnings
from roadmap.sphinx_ext.state import BuildState

BUILDER = "simplepdf"
# The landing page: the site's root document, whose tables of contents hold every page.
LANDING = "index"
logger = sphinx_logging.getLogger("roadmap")

_DOCUMENT_LINK = re.compile(r"^(?:[^#]*)#document-(?P<doc>[^#]+)(?:#(?P<anchor>.*))?$")
_DOUBLE_HASH = re.compile(r'href="(?:[^"#]*\.html)?#document-([^"#]*)#([^"]*)"')
_PAGE_HREF = re.compile(r'href="(?:[^"#]*\.html)?#document-([^"#]*)"')
_IMAGE_LINK = re.compile(r'<a [^>]*href="_images/[^"]+"[^>]*>\s*(<img [^>]*>)\s*</a>')
_DOC_ANCHOR = re.compile(
    r'<span id="(document-[^"]+)"></span>(<section id="[^"]*">\s*<h[1-6][^>]*>)')
_ID = re.compile(r' id="([^"]+)"')


def is_pdf(app: Sphinx) -> bool:
    return app.builder is not None and app.builder.name == BUILDER


# ------------------------------------------------------------------ doctrees
def _drop_landing_toctrees(app: Sphinx, doctree: nodes.document) -> None:
    """The landing page's tables of contents (the whole site) stay out of the PDF."""
    if not is_pdf(app) or app.env.docname != LANDING:
        return
    for toctree in list(doctree.findall(addnodes.toctree)):
        parent = toctree.parent
        # MyST wraps each toctree in a compound container
        node = (parent if parent is not None and "toctree-wrapper" in parent.get("classes", [])
                else toctree)
        if node.parent is not None:
            node.parent.remove(node)


def _docs_in(tree: nodes.Node, root: str) -> set[str]:
    return {root, *(str(n["docname"]) for n in tree.findall(addnodes.start_of_file))}


def _site_links(app: Sphinx, tree: nodes.Node, inside: set[str]) -> None:
    """References to pages outside the PDF go to the published site."""
    site = BuildState.of(app.env).inputs.settings.site_url
    for ref in tree.findall(nodes.reference):
        match = _DOCUMENT_LINK.match(str(ref.get("refuri", "")))
        if match and match.group("doc") not in inside:
            anchor = match.group("anchor")
            ref["refuri"] = f"{site}{match.group('doc')}.html" + (f"#{anchor}" if anchor else "")
            ref["internal"] = False


def _page_of(node: nodes.Node, root: str) -> str:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.start_of_file):
            return str(parent["docname"])
        parent = parent.parent
    return root


def _diagrams_as_links(app: Sphinx, tree: nodes.Node, root: str) -> None:
    from sphinxcontrib.mermaid import mermaid

    site = BuildState.of(app.env).inputs.settings.site_url
    for node in list(tree.findall(mermaid)):
        page = _page_of(node, root)
        para = nodes.paragraph(classes=["roadmap-pdf-diagram"])
        para += nodes.Text("This diagram is drawn in the browser: see it on ")
        link = nodes.reference("", "", refuri=f"{site}{page}.html", internal=False)
        link += nodes.Text(f"{site}{page}.html")
        para += link
        para += nodes.Text(".")
        node.replace_self(para)


def _resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The assembled single document: links out of it and diagrams."""
    if not is_pdf(app) or docname != app.config.root_doc:
        return
    _site_links(app, doctree, _docs_in(doctree, docname))
    _diagrams_as_links(app, doctree, docname)


# ------------------------------------------------------------------ the HTML
def _unique_anchors(body: str, links: set[tuple[str, str]]) -> tuple[str, dict[tuple[str, str],
                                                                              str]]:
    """A link target per (page, anchor); an anchor several pages define is renamed
    ``<page>--<anchor>`` at its first place after the page's start."""
    counts = Counter(_ID.findall(body))
    targets: dict[tuple[str, str], str] = {}
    for doc, anchor in sorted(links):
        start = body.find(f' id="document-{doc}"')
        at = body.find(f' id="{anchor}"', max(start, 0))
        if counts[anchor] <= 1 or start < 0 or at < 0:
            targets[doc, anchor] = anchor
            continue
        new = f"{doc}--{anchor}".replace("/", "-")
        body = body[:at] + f' id="{new}"' + body[at + len(f' id="{anchor}"'):]
        targets[doc, anchor] = new
    return body, targets


def rewrite_html(body: str, toc: str, site_url: str) -> tuple[str, str]:
    """The single-file HTML (body and table of contents) with links WeasyPrint follows."""
    pages = set(re.findall(r' id="document-([^"]+)"', body))
    links = set(_DOUBLE_HASH.findall(body) + _DOUBLE_HASH.findall(toc))
    body, targets = _unique_anchors(body, {(d, a) for d, a in links if d in pages})

    def link(match: re.Match[str]) -> str:
        doc, anchor = match.group(1), match.group(2)
        if doc not in pages:
            return f'href="{site_url}{doc}.html#{anchor}"'
        return f'href="#{targets.get((doc, anchor), anchor)}"'

    def page(match: re.Match[str]) -> str:
        doc = match.group(1)
        return f'href="#document-{doc}"' if doc in pages else f'href="{site_url}{doc}.html"'

    body = _PAGE_HREF.sub(page, _DOUBLE_HASH.sub(link, body))
    body = _DOC_ANCHOR.sub(r'\2<span id="\1"></span>', _IMAGE_LINK.sub(r"\1", body))
    return body, _PAGE_HREF.sub(page, _DOUBLE_HASH.sub(link, toc))


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: nodes.document | None) -> None:
    if not is_pdf(app) or "body" not in context:
        return
    context["body"], toc = rewrite_html(context["body"], str(context.get("toc", "")),
                                        BuildState.of(app.env).inputs.settings.site_url)
    if context.get("toc"):
        context["toc"] = toc


# ------------------------------------------------------------------ the theme
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
TOC_TEMPLATE = "roadmap-pdf-toc.html"


def _own_contents_template(app: Sphinx, config: Config) -> None:
    """simplepdf's table of contents is Sphinx's sidebar, whose heading links to the
    document itself: a file:// link in the PDF. Ours has no link."""
    if "simplepdf_sidebars" in config:
        config.templates_path = [*config.templates_path, str(TEMPLATES)]
        config.simplepdf_sidebars = {"**": [TOC_TEMPLATE]}


# ------------------------------------------------------------------ WeasyPrint
class WeasyPrintWarnings(logging.Handler):
    """WeasyPrint's errors as Sphinx warnings (type ``simplepdf``)."""

    def emit(self, record: logging.LogRecord) -> None:
        logger.warning(f"WeasyPrint: {record.getMessage()}", type="simplepdf",
                       subtype="weasyprint")


def _watch_weasyprint(app: Sphinx) -> None:
    if is_pdf(app):
        weasyprint = logging.getLogger("weasyprint")
        if not any(isinstance(h, WeasyPrintWarnings) for h in weasyprint.handlers):
            weasyprint.addHandler(WeasyPrintWarnings(level=logging.ERROR))
        _fetch_only_from(app, (Path(app.outdir), Path(app.srcdir)))


def fetch_refusal(url: str, roots: Iterable[Path]) -> str | None:
    """Why the PDF build must not fetch ``url`` (None: a data: URL, or a file inside one
    of ``roots``, symbolic links resolved)."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return None
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return f"{url} is not a file of the site"
    path = Path(os.path.realpath(unquote(parts.path)))
    if any(path.is_relative_to(Path(os.path.realpath(root))) for root in roots):
        return None
    return f"{path} lies outside the site's output and sources"


def _fetch_only_from(app: Sphinx, roots: tuple[Path, ...]) -> None:
    """sphinx-simplepdf calls ``weasyprint.HTML(path)``: its module gets a HTML that
    passes our fetcher (and the API, not the command, is used)."""
    import weasyprint
    from sphinx_simplepdf.builders import simplepdf
    from weasyprint.urls import URLFetcher

    class SiteFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            refusal = fetch_refusal(url, roots)
            if refusal is None:
                return super().fetch(url, headers)
            if not build_warnings.is_suppressed("GUARD-READS"):
                # the rule's tag once, as every roadmap warning prints it
                logger.warning(f"[GUARD-READS] the PDF build refuses to fetch {refusal}: the "
                               "PDF is made of the site's own files only")
            raise ValueError(f"refused: {refusal}")

    def html(*args: Any, **kwargs: Any) -> Any:
        kwargs["url_fetcher"] = SiteFetcher()
        return weasyprint.HTML(*args, **kwargs)

    simplepdf.weasyprint = SimpleNamespace(HTML=html)
    app.config.simplepdf_use_weasyprint_api = True  # the command would fetch on its own


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _own_contents_template)
    app.connect("builder-inited", _watch_weasyprint)
    # before the environment's collectors read the tables of contents (priority 500)
    app.connect("doctree-read", _drop_landing_toctrees, priority=100)
    # after sphinx-needs has drawn its needs and tables into the assembled document
    app.connect("doctree-resolved", _resolved, priority=900)
    app.connect("html-page-context", _page_context)
