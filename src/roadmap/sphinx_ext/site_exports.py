"""Publish the PDF that ``make pdf`` wrote beside the HTML (``<outdir>/../pdf/``) in
``<outdir>/exports/`` at the end of an HTML build, when there is one (``make html``
writes it first; a bare ``sphinx-build`` may not have it, and says so).

The other exports are no part of the build: ``make html`` runs ``python -m roadmap
export`` after Sphinx into the same folder, only when its inputs changed
(:mod:`roadmap.exports.stamp`), so an author's build (``sphinx-build``, ``make live``)
never waits for them, and the build never imports their libraries. The Downloads
page links to them all the same (:mod:`roadmap.views.downloads` says why no check of
the build looks those links up).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from roadmap.exports import FOLDER, PDF

logger = logging.getLogger("roadmap")


def _publish_pdf(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    built = Path(app.outdir).parent / "pdf" / PDF.filename
    published = Path(app.outdir) / FOLDER / PDF.filename
    if not built.is_file():
        logger.info(f"roadmap: no {built} to publish (make pdf, or make html, writes it)")
        return
    data = built.read_bytes()
    if not published.is_file() or published.read_bytes() != data:
        published.parent.mkdir(parents=True, exist_ok=True)
        published.write_bytes(data)


def setup(app: Sphinx) -> None:
    # before the built-site guards, which judge the published file too
    app.connect("build-finished", _publish_pdf, priority=801)
