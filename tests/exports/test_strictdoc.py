"""roadmap.reqif imported into StrictDoc (``strictdoc convert``, its ReqIF profile
p01_sdoc): every need a node with its ID as UID, every link a relation with the link
type as role; StrictDoc then loads the document and writes it back as ReqIF, which
still holds every need and every link.

StrictDoc runs from a virtualenv of its own (``.venv-strictdoc``, made by ``make test``):
its 90 packages would not all fit the project's pins.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from reqif.parser import ReqIFParser

from roadmap.exports import ExportSource

ROOT = Path(__file__).resolve().parents[2]
STRICTDOC = ROOT / ".venv-strictdoc" / "bin" / "strictdoc"


def strictdoc(*args: str) -> str:
    if not STRICTDOC.is_file():
        pytest.skip(f"StrictDoc is not installed in {STRICTDOC.parent.parent} (make test "
                    "installs it: make .venv-strictdoc/bin/strictdoc)")
    result = subprocess.run([str(STRICTDOC), *args], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def sdoc_nodes(text: str) -> dict[str, list[tuple[str, str]]]:
    """UID -> its relations (role, target), as StrictDoc wrote them."""
    nodes: dict[str, list[tuple[str, str]]] = {}
    uid, value = "", ""
    for line in text.splitlines():
        if line.startswith("UID: "):
            uid = line.removeprefix("UID: ").strip()
            nodes[uid] = []
        elif line.startswith("  VALUE: "):
            value = line.removeprefix("  VALUE: ").strip()
        elif line.startswith("  ROLE: "):
            nodes[uid].append((line.removeprefix("  ROLE: ").strip(), value))
    return nodes


@pytest.mark.slow
def test_strictdoc_imports_every_need_and_link(tmp_path: Path, exports_dir: Path,
                                               export_source: ExportSource,
                                               site_links: list[tuple[str, str, str]]) -> None:
    strictdoc("convert", "--reqif-profile", "p01_sdoc", "--reqif-import-markup", "Markdown",
              str(exports_dir / "roadmap.reqif"), str(tmp_path / "sdoc"))
    (document,) = (tmp_path / "sdoc").glob("*.sdoc")
    nodes = sdoc_nodes(document.read_text(encoding="utf-8"))
    assert set(nodes) == set(export_source.graph.needs)
    found = sorted((uid, role, target) for uid, links in nodes.items() for role, target in links)
    # StrictDoc keys a relation by its two ends: two link types between the same pair
    # of needs would become one (the plan has none)
    assert found == site_links

    strictdoc("export", str(tmp_path / "sdoc"), "--formats", "reqif-sdoc", "--output-dir",
              str(tmp_path / "out"))
    back = ReqIFParser.parse(str(tmp_path / "out" / "reqif" / "output.reqif"))
    content = back.core_content.req_if_content
    assert len(content.spec_relations) == len(site_links)
    assert len(content.spec_objects) >= len(export_source.graph.needs)
