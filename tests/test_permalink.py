"""The permalink page redirects from an embedded map, with no request (it works from
disk), and escapes what it embeds."""

from __future__ import annotations

import json
import re
from pathlib import Path

from roadmap.graph import RoadmapGraph
from roadmap.sphinx_ext.permalink import permalink_page


def test_the_page_embeds_the_map_and_escapes_it():
    html = permalink_page({"MS-A": 'a.html#MS-A"<', "X-</script>": "b.html"}, "T & <b>")
    data = re.search(r'id="roadmap-need-pages">(.*?)</script>', html, re.S).group(1)
    assert json.loads(data) == {"MS-A": 'a.html#MS-A"<', "X-</script>": "b.html"}
    assert "<b>" not in html and "XMLHttpRequest" not in html and "fetch(" not in html
    assert '<a href="a.html#MS-A&quot;&lt;">MS-A</a>' in html


def test_the_built_page_maps_every_need(html_dir: Path, graph: RoadmapGraph) -> None:
    html = (html_dir / "permalink.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="roadmap-need-pages">(.*?)</script>', html, re.S).group(1))
    assert set(data) == {n.id for n in graph.needs.values() if n.docname}
    assert data["MS-SEC-05"] == f"{graph.needs['MS-SEC-05'].docname}.html#MS-SEC-05"
