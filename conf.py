"""Sphinx configuration of the NovaCron implementation roadmap.

The metamodel (need types, fields, links, ID pattern) is not here: it lives in
ubproject.toml so that editors and linters read the same model as the build.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).parent.resolve()
# The project's package is installed into the virtualenv by `make`; the path
# entry keeps `sphinx-build` usable from a bare checkout too.
sys.path.insert(0, str(ROOT / "src"))

project = "NovaCron Implementation Roadmap"
author = "NovaCron Program Office"
copyright = "2025-2026, NovaCron Program Office"
release = "2025.09"

extensions = [
    "myst_parser",
    "sphinx_needs",
    "sphinxcontrib.mermaid",
    "sphinx.ext.graphviz",
    "roadmap.sphinx_ext",
]

root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = [
    "_build",
    ".venv",
    ".venv-strictdoc",
    "node_modules",
    "src",
    "tests",
    "bench",
    "scripts",
    ".ci",
    ".git",
    "README.md",
    ".pytest_cache",
    "**/.pytest_cache",
    # the linters' caches hold no page; excluded so that the fault kit's tree copies
    # (which copy what the build reads) leave their 19 MB behind
    ".mypy_cache",
    ".ruff_cache",
]

# A warning is a failure (`-W` in the Makefile); nitpicky mode turns every
# unresolved cross-reference into one.
nitpicky = True
suppress_warnings: list[str] = []

# --- MyST ---------------------------------------------------------------
# No dollarmath/amsmath: they make Sphinx load MathJax from a CDN.
myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline", "attrs_block", "tasklist"]
myst_heading_anchors = 3
myst_fence_as_directive = ["mermaid"]

# --- sphinx-needs -------------------------------------------------------
needs_from_toml = "ubproject.toml"

# --- roadmap settings ---------------------------------------------------
# Read by the build and by `python -m roadmap check` alike; the "How this roadmap
# is checked" page lists every setting with its value and default.
roadmap_high_risk_threshold = 10  # risk-management.md: "high when its score is 10 or more"
roadmap_risk_bands = (("low", 1), ("medium", 5), ("high", 10), ("critical", 15))
# The share of a role's capacity milestone work may use: four days in five go to
# planned work, the fifth to meetings, reviews, questions and interruptions
# (resource-management.md, "How capacity is planned").
roadmap_focus_factor = 0.8
# The weekly checkpoints MS-PGM-W01 to MS-PGM-W16 (executive-roadmap.md).
roadmap_checkpoint_prefix = "MS-PGM-W"
# The program calendar. Week 1 is the first week after the September 2025
# assessment; the year-end change freeze is no program week (the plan pauses and
# week 12 starts on 5 January 2026); Easter leaves weeks 24 and 25 four days each.
roadmap_calendar_start = "2025-10-06"
roadmap_non_working = (
    ("2025-12-22", "2026-01-02", "Year-end change freeze"),
    ("2026-04-03", "2026-04-03", "Good Friday"),
    ("2026-04-06", "2026-04-06", "Easter Monday"),
)
# The week the status is reported for: 0 until the program reports its first week
# (ROADMAP_AS_OF=<week or YYYY-MM-DD> overrides it for one build).
roadmap_as_of = 0
# The baseline plan the status report and the changes page compare with: a proposal
# until an approval is recorded in it (python -m roadmap baseline --approved ...).
roadmap_baseline = "baselines/baseline.json"
# Where the site is published: the exports (Downloads page) link every need there.
roadmap_site_url = "https://roadmap.novacron.example/"
# For every link, what its target said when the link was last reviewed: a link whose
# target changed since is suspect (`python -m roadmap review --clear ID --by NAME`
# records a review). ROADMAP_RELEASE=1 makes suspect and unreviewed links fail a build.
roadmap_review_ledger = "reviews/links.json"

# --- diagrams -----------------------------------------------------------
graphviz_output_format = "svg"
# mermaid is rendered in the browser from a copy served by the site itself;
# roadmap.sphinx_ext replaces sphinxcontrib-mermaid's ES-module loader with
# the classic build so pages also work opened from disk (file://).
mermaid_version = ""
mermaid_use_local = "mermaid.min.js"
mermaid_init_config = {"startOnLoad": False, "securityLevel": "strict"}

# --- HTML ---------------------------------------------------------------
html_theme = "furo"
html_title = "NovaCron Implementation Roadmap"
html_static_path = ["_static", "node_modules/mermaid/dist/mermaid.min.js"]
html_css_files = ["roadmap.css"]
# A site icon of its own: without one the browser asks the server for
# /favicon.ico, which is not there (a console error in the browser tests).
html_favicon = "_static/favicon.svg"
html_last_updated_fmt = None
html_copy_source = False
# no page is fetched to cut a search snippet (7.7 MB for one search): the site's search
# shows each page's description instead (src/roadmap/sphinx_ext/search.py)
html_show_search_summary = False
html_show_sourcelink = False
html_theme_options = {
    "navigation_with_keys": True,
    "top_of_page_buttons": [],
}

# --- PDF (make pdf: sphinx-build -b simplepdf -t pdf) --------------------
# pdf.md is the PDF's root document: its table of contents names the pages of the
# PDF. Every page is still read, so that every need exists; roadmap.sphinx_ext.pdf
# keeps the other pages out of the PDF and sends links to them to the site.
if tags.has("pdf"):  # noqa: F821 - Sphinx passes the build tags to conf.py
    root_doc = "pdf"
    extensions.append("sphinx_simplepdf")
    version = release  # the cover prints it
    simplepdf_file_name = "novacron-roadmap.pdf"
    simplepdf_use_weasyprint_api = True  # in-process: errors reach the build's log
    simplepdf_vars = {"primary": "#1f3b57", "secondary": "#3949ab", "links": "#1a5fb4"}
    # the pages left out of the PDF are in no table of contents there
    suppress_warnings.append("toc.not_included")
else:
    exclude_patterns.append("pdf.md")
