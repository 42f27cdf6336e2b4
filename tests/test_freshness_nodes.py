"""The freshness of incremental builds knows sphinx-needs' node classes in one function,
``freshness.sphinx_needs_nodes``. These tests fail when a new sphinx-needs renames a node
class, adds one, or resolves another one from the needs when a page is written: then
the table must be reviewed, or pages showing needs of other pages would go stale."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import warnings

import sphinx_needs
from docutils import nodes
from sphinx_needs.needs import NODE_TYPES, NODE_TYPES_PRIO

from roadmap.sphinx_ext.freshness import Shows, sphinx_needs_nodes

# Node classes of sphinx-needs 9.1 that show nothing of the needs of other pages,
# reviewed one by one: the need itself; the directives that make or change needs while
# the pages are read (a change they make is a change of a need, which the needs'
# fingerprints catch); a part of the need it sits in; the parts a needtable is drawn
# with (made when the table is drawn, never in a doctree that is read); and needchoose's
# nodes, which never reach a doctree.
SHOW_NO_OTHER_PAGE = frozenset({
    "sphinx_needs.nodes.Need",
    "sphinx_needs.directives.needimport.Needimport",
    "sphinx_needs.directives.needextend.Needextend",
    "sphinx_needs.directives.list2need.List2Need",
    "sphinx_needs.directives.needservice.Needservice",
    "sphinx_needs.roles.need_part.NeedPart",
    "sphinx_needs.directives.needtable.NeedtableTable",
    "sphinx_needs.directives.needtable.NeedtableRow",
    "sphinx_needs.directives.needtable.NeedtableHeader",
    "sphinx_needs.directives.needchoose._BranchPlaceholder",
    "sphinx_needs.directives.needchoose._ChooseBody",
})


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _defined_node_classes() -> set[str]:
    """Every docutils element class defined in a module of sphinx-needs."""
    found = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # modules kept only to say they are deprecated
        for info in pkgutil.walk_packages(sphinx_needs.__path__, "sphinx_needs."):
            module = importlib.import_module(info.name)
            found |= {_name(cls) for _, cls in inspect.getmembers(module, inspect.isclass)
                      if issubclass(cls, nodes.Element) and cls.__module__ == module.__name__}
    return found


def test_every_node_sphinx_needs_resolves_when_writing_is_known() -> None:
    """sphinx-needs draws these from the needs in doctree-resolved: each is in the table
    (or reviewed as showing only the need it sits in)."""
    resolved = {_name(cls) for cls in {**NODE_TYPES, **NODE_TYPES_PRIO}}
    known = {_name(cls) for cls in sphinx_needs_nodes()}
    assert resolved - known - SHOW_NO_OTHER_PAGE == set()
    assert known <= resolved, "the table names a node sphinx-needs no longer resolves"


def test_every_node_class_of_sphinx_needs_is_reviewed() -> None:
    defined = _defined_node_classes()
    known = {_name(cls) for cls in sphinx_needs_nodes()}
    assert defined - known - SHOW_NO_OTHER_PAGE == set(), "new node classes: review them"
    assert (known | SHOW_NO_OTHER_PAGE) - defined == set(), "renamed or removed classes"
    assert known.isdisjoint(SHOW_NO_OTHER_PAGE)


def test_what_the_nodes_show() -> None:
    shows = {cls.__name__: kind for cls, kind in sphinx_needs_nodes().items()}
    assert shows["NeedRef"] is Shows.REFERENCE
    assert {n for n, kind in shows.items() if kind is Shows.NAMED} == {
        "Needtable", "Needlist", "Needextract", "NeedCount"}
    assert shows["NeedflowGraphiz"] is Shows.DRAWN and shows["NeedIncoming"] is Shows.DRAWN
