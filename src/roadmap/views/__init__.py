"""Reader views generated from the needs graph (explorer, timeline, traceability
graphs, risk heat map, progress dashboard)."""

from __future__ import annotations

from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    """Register the view directives with the Sphinx application."""
    from roadmap.views import directives

    directives.setup(app)
