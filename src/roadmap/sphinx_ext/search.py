"""Find a need by its ID with the site's own search box.

Sphinx's full-text search splits ``MS-SEC-05`` into the words ``ms``, ``sec`` and
``05`` and ranks the 40 pages that mention it alike. Every need is therefore also an
object of a small domain, ``roadmap``, whose objects Sphinx writes into
``searchindex.js``; its search ranks an object match above every full-text match, so
the page that defines the need comes first, at the need's own anchor. The domain
declares no directive and no role: the needs stay sphinx-needs' own.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.domains import Domain, ObjType

from roadmap.inputs import InputsError, from_settings
from roadmap.sphinx_ext.state import config_namespace

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


def _declare_types(app: Sphinx, config: Config) -> None:
    """One object type per need type of the metamodel, named by its title."""
    try:
        inputs = from_settings(Path(app.confdir), config_namespace(app, False), ())
    except InputsError:
        return  # the metamodel check warns about it
    model = inputs.metamodel
    NeedsDomain.object_types = {t: ObjType(model.type_title(t), t) for t in model.types}


def setup(app: Sphinx) -> None:
    app.add_domain(NeedsDomain)
    app.connect("config-inited", _declare_types, priority=600)
