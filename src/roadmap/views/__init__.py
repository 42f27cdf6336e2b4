"""Reader views generated from the needs graph: one module per view, and nothing else.

The directive ``roadmap-<name>`` lives in the module ``<name>`` of this package
(hyphens as underscores: ``roadmap-risk-exposure`` in ``risk_exposure.py``). A module
holds its view model (pure functions over the graph) and the docutils nodes it is
drawn with (:mod:`roadmap.render`), and registers its one view with :func:`view`; the
Sphinx adapter turns every registered view into a directive whose options are parsed
by :mod:`roadmap.view_options`. A new view is one module here (plus its snapshot) and
nothing else; ``tests/test_structure.py`` holds every module of the package to it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes

from roadmap.render.context import ViewContext

OptionParser = Callable[[str], Any]


@dataclass(frozen=True)
class ViewArgs:
    """A view directive's argument and its parsed options."""

    argument: str = ""
    options: Mapping[str, Any] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)


@dataclass(frozen=True)
class View:
    name: str  # the directive is roadmap-<name>
    summary: str
    build: Callable[[ViewContext, ViewArgs], list[nodes.Node]]
    options: Mapping[str, OptionParser] = field(default_factory=dict)
    argument: Callable[[str], str] | None = None  # parses the required argument, if any
    # Every need it draws appears on the page with its ID or its title, inline or
    # declared (vn.drawn_needs, for a graph drawn to an image file): a page of such
    # views need not be written again when a need it does not show gets a new title
    # (sphinx_ext/freshness.py). Views that count or compare all needs (changes,
    # report, the status's count of changes since the baseline) leave it False; a
    # function says it per use, from the directive's argument and options.
    shows_needs_by_id: bool | Callable[[ViewArgs], bool] = False
    # Reads the review ledger (roadmap_review_ledger): its page is read again when the
    # ledger changes.
    reads_review_ledger: bool = False
    # Compares the plan with the review base (roadmap_review_base or its environment
    # variable): its page is read again on every build that names a base (a revision
    # such as origin/main moves) and when the base named changes.
    review_base: bool = False
    # It says what "now" is (the reported week against today's date): a build on another
    # day, or for another reported week, writes its page again though nothing changed.
    reads_now: bool = False

    def names_what_it_shows(self, args: ViewArgs) -> bool:
        """Whether this use of the view names every need it shows (see above)."""
        named = self.shows_needs_by_id
        return named(args) if callable(named) else named


_VIEWS: dict[str, View] = {}


def view(spec: View) -> View:
    if spec.name in _VIEWS:
        raise ValueError(f"view {spec.name!r} is registered twice")
    _VIEWS[spec.name] = spec
    return spec


_IMPORTED: list[bool] = []  # the view modules have been imported (once a process)


def views() -> dict[str, View]:
    """Every registered view by name (importing the view modules registers them; the
    package's folder is listed once, not once per page that draws a view)."""
    if not _IMPORTED:
        for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
            importlib.import_module(f"{__name__}.{module}")
        _IMPORTED.append(True)
    return dict(_VIEWS)
