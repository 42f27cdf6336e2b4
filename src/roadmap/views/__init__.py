"""Reader views generated from the needs graph (explorer, timeline, traceability
graphs, risk heat map, progress dashboard)."""

from __future__ import annotations

from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    """Register the view directives with the Sphinx application."""
    from roadmap import a11y
    from roadmap.views import directives

    directives.setup(app)
    # Site-wide accessibility repairs the views' browser tests rely on; they
    # belong next to the other site adapters in roadmap.sphinx_ext.setup.
    a11y.setup(app)
