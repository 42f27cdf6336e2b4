"""sphinx-needs' permalink page, working from disk too.

sphinx-needs writes ``permalink.html?id=MS-SEC-05``, a page that fetches ``needs.json``
by XHR to find where a need lives; a browser refuses that request on a page opened from
disk (``file://``), so the page stays at "Searching, Please Wait...". Once the build is
written, the page is replaced by one that embeds the map from need ID to page and
anchor and redirects with it, with no request at all; without a script (or for an
unknown ID) it lists every need with its link.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from sphinx.application import Sphinx

from roadmap.render.custom_nodes import json_script
from roadmap.sphinx_ext.state import BuildState

REDIRECT = """
(function () {
  "use strict";
  var map = JSON.parse(document.getElementById("roadmap-need-pages").textContent);
  var match = /[?&]id=([^&#]*)/.exec(window.location.search);
  var id = "";
  try { id = match ? decodeURIComponent(match[1].replace(/\\+/g, " ")).trim() : ""; }
  catch (error) { id = ""; }
  var target = Object.prototype.hasOwnProperty.call(map, id) ? map[id] : null;
  if (target) { window.location.replace(target); return; }
  var note = document.getElementById("roadmap-permalink-note");
  note.textContent = (id ? "No need has the ID " + id
                        : "Give a need ID, as in permalink.html?id=MS-SEC-05") +
    "; every need is listed below.";
})();
"""


def permalink_page(targets: dict[str, str], title: str) -> str:
    """The page: the embedded map, the redirect, and the list of every need."""
    items = "".join(f'<li><a href="{escape(uri, quote=True)}">{escape(need_id)}</a></li>'
                    for need_id, uri in sorted(targets.items()))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Need permalink \u2013 {escape(title)}</title></head><body>"
        f"<h1>Need permalink</h1><p id=\"roadmap-permalink-note\">Finding the need\u2026</p>"
        f"{json_script('roadmap-need-pages', targets)}<script>{REDIRECT}</script>"
        f'<ul class="roadmap-permalink-list">{items}</ul></body></html>\n')


def _write(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    name = Path(str(getattr(app.config, "needs_permalink_file", "permalink.html"))).name
    targets = {need.id: f"{app.builder.get_target_uri(need.docname)}#{need.id}"
               for need in BuildState.of(app.env).graph.needs.values() if need.docname}
    (Path(app.outdir) / name).write_text(permalink_page(targets, str(app.config.project)),
                                          encoding="utf-8")


def setup(app: Sphinx) -> None:
    # before the built-site guards read the pages (900)
    app.connect("build-finished", _write, priority=800)
