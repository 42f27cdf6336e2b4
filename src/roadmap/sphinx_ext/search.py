"""Find a need by its ID or its title with the site's own search box, cheaply.

Sphinx's full-text search splits ``MS-SEC-05`` into the words ``ms``, ``sec`` and
``05`` and ranks the pages that mention any of them alike ("ms" in "VMs"). Every need
is therefore also an object of a small domain, ``roadmap``, whose objects Sphinx writes
into ``searchindex.js``, so the page that defines a need is found at the need's own
anchor. The domain declares no directive and no role: the needs stay sphinx-needs'.

Sphinx's search page then fetches every page it lists to cut a snippet out of it (7.7
MB in 97 requests for one ID). The search page instead loads ``roadmap-search.js``
(after Sphinx's ``searchtools.js``, whose ``Search.query`` it replaces) and a small
data file written at the end of the build, ``_static/roadmap-search-data.js``: every
need's ID, title, type and page, and every page's title and description
(:mod:`roadmap.sphinx_ext.page_meta`). A whole ID then lists its need first, a title
that holds the words next, every need result shows its title, a page its description,
and nothing else is fetched. ``html_show_search_summary = False`` in ``conf.py`` keeps
Sphinx from fetching pages should the script not run.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.domains import Domain, ObjType
from sphinx.search.en import SearchEnglish

from roadmap.graph import RoadmapGraph
from roadmap.inputs import InputsError, from_settings
from roadmap.sphinx_ext.page_meta import descriptions
from roadmap.sphinx_ext.state import BuildState, config_namespace

SEARCH_JS = "roadmap-search.js"
DATA_JS = "roadmap-search-data.js"

# Every word the English stemmer has stemmed in this process, and its stem.
_STEMS: dict[str, str] = {}

# Sphinx's search adds 15 to an object of priority 0, 5 to one of priority 1.
PRIORITY = 0


class NeedsDomain(Domain):
    """Every need as a searchable object, by ID, at the page and anchor that define it."""

    name = "roadmap"
    label = "Roadmap"  # a result reads "Roadmap Milestone, in Security hardening"
    object_types: ClassVar[dict[str, ObjType]] = {}
    initial_data: ClassVar[dict[str, Any]] = {}

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        from sphinx_needs.data import SphinxNeedsData

        needs = SphinxNeedsData(self.env).get_needs_view()
        for need_id in sorted(needs):
            need = needs[need_id]
            docname = need.get("docname")
            kind = str(need.get("type", ""))
            if docname and kind in self.object_types:
                # the display name is the ID: the search splits a name at its dots
                yield need_id, need_id, kind, docname, need_id, PRIORITY

    def clear_doc(self, docname: str) -> None:
        """The needs are sphinx-needs' data: nothing of its own to clear."""

    def merge_domaindata(self, docnames: Any, otherdata: dict[str, Any]) -> None:
        """Nothing of its own to merge (parallel builds)."""

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []


class RememberingEnglish(SearchEnglish):
    """Sphinx's English search language, remembering every stem across pages.

    Sphinx remembers stems for one page at a time, so the pure-Python Snowball stemmer
    stemmed the same words again on every page: 49,604 times in a full build of this
    site, 4.5 of its 43 s under the profiler. A stem depends on the word alone, so
    the index is the same.
    """

    def stem(self, word: str) -> str:
        stemmed = _STEMS.get(word)
        if stemmed is None:
            stemmed = _STEMS[word] = super().stem(word)
        return stemmed


def _declare_types(app: Sphinx, config: Config) -> None:
    """One object type per need type of the metamodel, named by its title."""
    try:
        inputs = from_settings(Path(app.confdir), config_namespace(app, False), ())
    except InputsError:
        return  # the metamodel check warns about it
    model = inputs.metamodel
    NeedsDomain.object_types = {t: ObjType(model.type_title(t), t) for t in model.types}


_ID_TOKEN = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+")


def named_needs(graph: RoadmapGraph, html: str) -> set[str]:
    """The IDs of the needs a written page names."""
    return set(_ID_TOKEN.findall(html)) & graph.needs.keys()


def mentions(named: dict[str, set[str]]) -> dict[str, list[str]]:
    """Need ID -> the pages whose written HTML names it, in page order."""
    found: dict[str, list[str]] = {}
    for docname in sorted(named):
        for need_id in sorted(named[docname]):
            found.setdefault(need_id, []).append(docname)
    return found


def search_data(graph: RoadmapGraph, titles: dict[str, str], pages: dict[str, str],
                named: dict[str, set[str]]) -> dict[str, Any]:
    """What the search page reads: each need as [ID, title, type title, page], by ID;
    each page as [title, description]; and, per need, the pages that name it (as
    positions in the page list, which keeps the file small). ``named``: per written
    page, the needs it names (:func:`named_needs`)."""
    needs = [[n.id, n.title, graph.metamodel.type_title(n.type), n.docname]
             for n in sorted(graph.needs.values(), key=lambda n: n.id) if n.docname]
    docs = sorted(set(pages) | set(named))
    position = {doc: index for index, doc in enumerate(docs)}
    return {"needs": needs,
            "docs": docs,
            "pages": {doc: [titles.get(doc, doc), pages.get(doc, "")] for doc in docs},
            "mentions": {need_id: [position[d] for d in found]
                         for need_id, found in mentions(named).items()}}


def data_script(data: dict[str, Any]) -> str:
    """The data as a script that no ``</script>`` or HTML inside can end or break."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"window.ROADMAP_SEARCH = {text};\n"


def _write_data(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    titles = {doc: title.astext() for doc, title in app.env.titles.items()}
    outdir = Path(app.outdir)
    written = sorted(d for d in app.env.found_docs if (outdir / f"{d}.html").is_file())
    state, pages = BuildState.of(app.env), descriptions(app.env)
    target = outdir / "_static" / DATA_JS
    key = _data_key(state.reading, titles, pages, outdir, written)
    if state.cache.search_key == key and target.is_file():
        return  # the same needs, titles, descriptions and written pages: the same data
    # page by page: the written site whole (18 MB at 4,000 needs) is never held at once
    named = {docname: named_needs(state.graph, _written_page(outdir, docname))
             for docname in written}
    data = search_data(state.graph, titles, pages, named)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(data_script(data), encoding="utf-8")
    state.cache.search_key = key  # saved with the cache at the end of the build


def _written_page(outdir: Path, docname: str) -> str:
    return (outdir / f"{docname}.html").read_text(encoding="utf-8", errors="replace")


def _data_key(reading: str, titles: dict[str, str], pages: dict[str, str], outdir: Path,
              written: list[str]) -> str:
    """A digest of what the data file is made of: the needs (the pages' reading stands
    for them), the pages' titles and descriptions and the written pages (searched for
    the IDs they name), read one at a time: a build that changed none of them, a no-op,
    keeps the file."""
    digest = hashlib.sha256(json.dumps([reading, titles, pages], sort_keys=True).encode())
    for docname in written:
        digest.update(f"\0{docname}\0".encode() + _written_page(outdir, docname).encode())
    return digest.hexdigest()


def _add_scripts(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: nodes.document | None) -> None:
    """The search page's data and its query, deferred: they run after searchtools.js."""
    if pagename == "search":
        app.add_js_file(DATA_JS, loading_method="defer", priority=800)
        app.add_js_file(SEARCH_JS, loading_method="defer", priority=801)


def setup(app: Sphinx) -> None:
    app.add_domain(NeedsDomain)
    app.add_search_language(RememberingEnglish)
    app.connect("config-inited", _declare_types, priority=600)
    app.connect("html-page-context", _add_scripts)
    app.connect("build-finished", _write_data)
