"""Write the exports (:mod:`roadmap.exports`) into ``<outdir>/exports/`` at the end of
an HTML build, from the needs.json sphinx-needs has just written beside the pages; and
publish the PDF that ``make pdf`` wrote beside the HTML (``<outdir>/../pdf/``) there,
when there is one (``make html`` writes it first; a bare ``sphinx-build`` may not have
it, and says so)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from roadmap.config import Settings
from roadmap.exports import EXPORTS, FOLDER, PDF, ExportError, source_from, write_exports
from roadmap.exports.source import EPOCH_VARIABLE
from roadmap.graph import NeedsJsonError
from roadmap.sphinx_ext import build_warnings
from roadmap.sphinx_ext.build_warnings import RoadmapWarning
from roadmap.sphinx_ext.state import BuildState

logger = logging.getLogger("roadmap")
NEEDS_JSON = "needs.json"


def _exports_key(needs_json: bytes, settings: Settings) -> str:
    """What the exports are made of: the needs, the settings (calendar, as-of week) and
    the environment they read (the package's code stamps the whole build cache)."""
    digest = hashlib.sha256(needs_json)
    environ = sorted((k, v) for k, v in os.environ.items()
                     if k.startswith("ROADMAP_") or k == EPOCH_VARIABLE)
    digest.update(repr((settings, environ)).encode())
    return digest.hexdigest()


def _up_to_date(folder: Path, state: BuildState, key: str) -> bool:
    return state.exports_key == key and all((folder / e.filename).is_file() for e in EXPORTS)


def _write(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    path = Path(app.outdir) / NEEDS_JSON
    folder = Path(app.outdir) / FOLDER
    state = BuildState.of(app.env)
    try:
        data = path.read_bytes()
        inputs = state.inputs
        key = _exports_key(data, inputs.settings)
        if _up_to_date(folder, state, key):
            return  # an unchanged plan: the exports written last time are still right
        document = json.loads(data.decode("utf-8"))
        source = source_from(document, inputs.metamodel, inputs.settings, os.environ, str(path))
        written = write_exports(source, folder)
    except (OSError, ValueError, NeedsJsonError, ExportError) as error:
        build_warnings.warn(RoadmapWarning.EXPORTS, f"cannot write the exports: {error}")
        return
    state.exports_key = key  # saved with the build cache when the build finishes
    logger.info(f"roadmap: {len(written)} exports written to {FOLDER}/")


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
    # after sphinx-needs writes needs.json (priority 500), before the built-site guards
    app.connect("build-finished", _write, priority=800)
    app.connect("build-finished", _publish_pdf, priority=801)
