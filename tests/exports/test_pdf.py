"""The PDF of `make pdf`: every phase, gate and milestone in it, page numbers, a table
of contents and an outline, need references as links inside the PDF (or to the site
for what it leaves out), and its charts drawn, with no diagram source printed."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from roadmap.exports import ExportSource
from roadmap.roles import TYPES

from .pdfcheck import links_of, outline_titles, pdftotext

ROOT = Path(__file__).resolve().parents[2]
PDF_DIR = Path(os.environ.get("ROADMAP_PDF", ROOT / "_build" / "pdf"))
SITE = "https://roadmap.novacron.example/"


@pytest.fixture(scope="module")
def pdf() -> Path:
    path = PDF_DIR / "novacron-roadmap.pdf"
    if not path.is_file():
        pytest.fail(f"no PDF in {PDF_DIR}: run `make pdf` (or `make test`) first")
    return path


@pytest.fixture(scope="module")
def text(pdf: Path) -> str:
    return pdftotext(pdf)


@pytest.fixture(scope="module")
def reader(pdf: Path) -> PdfReader:
    return PdfReader(pdf)


def test_every_phase_gate_and_milestone_is_in_it(text: str, export_source: ExportSource
                                                 ) -> None:
    wanted = [n.id for n in export_source.needs()
              if n.type in (TYPES.phase, TYPES.gate, TYPES.milestone)]
    assert len(wanted) > 70
    assert [need_id for need_id in wanted if need_id not in text] == []


def test_page_numbers_contents_and_outline(pdf: Path, reader: PdfReader) -> None:
    pages = pdftotext(pdf, "-layout").split("\f")[: len(reader.pages)]
    numbered = [i for i, page in enumerate(pages, start=1) if str(i) in page.split()[:3]]
    assert len(numbered) >= len(reader.pages) - 2  # all but the covers
    assert "Table of Contents" in "".join(pages[:3])
    titles = outline_titles(reader)
    for title in ("Executive Roadmap", "Phase Implementation Plans", "Risk Management",
                  "Status report"):
        assert any(title in t for t in titles), (title, titles[:20])


def test_need_references_are_links(reader: PdfReader, export_source: ExportSource) -> None:
    links = links_of(reader)
    named = set(reader.named_destinations)
    assert set(links.internal) <= named, "every link inside the PDF has its target"
    needs_inside = {d.lstrip("/") for d in links.internal} & set(export_source.graph.needs)
    pages = {"index", "executive-roadmap", "risk-management"}
    defined = {n.id for n in export_source.needs()
               if n.docname in pages or n.docname.startswith(("phase-plans/", "status/"))}
    assert needs_inside <= defined and len(needs_inside) > 50
    assert {n.id for n in export_source.needs() if n.type in (TYPES.phase, TYPES.gate)
            } <= needs_inside
    outside = [u for u in links.external if u.startswith(SITE)]
    assert len(outside) > 100, "needs left out of the PDF link to the site"
    assert not [u for u in links.external if u.startswith("file:")]


def test_no_diagram_source_is_printed(text: str) -> None:
    assert "dateFormat" not in text and "%%{" not in text
    assert not re.search(r"^\s*gantt\s*$", text, re.MULTILINE)


def test_the_charts_are_drawn(text: str) -> None:
    """The timeline is drawn at build time as inline SVG, which WeasyPrint draws as
    vectors (``pdfimages`` lists no image): each chart is found by its SVG in the
    document WeasyPrint was given and by its labels in the PDF's text."""
    html = BeautifulSoup((PDF_DIR / "pdf.html").read_text(encoding="utf-8"), "html.parser")
    charts = html.select("div.roadmap-timeline")
    assert charts, "the executive roadmap and the phase plans have a timeline"
    if any(c.select_one(".roadmap-pdf-diagram") for c in charts):
        pytest.skip("the timeline is still a mermaid diagram drawn in the browser (the "
                    "PDF links to it on the site); its build-time SVG is not in this tree")
    for chart in charts:
        svgs = chart.find_all("svg")  # the axis and a drawing per lane, so print can split
        assert svgs
        labels = [t.get_text(" ", strip=True) for svg in svgs for t in svg.find_all("text")]
        ids = [label for label in labels if re.fullmatch(r"(MS|QG|PH)-[A-Z0-9-]+", label)]
        assert ids and all(label in text for label in ids[:10])


def test_the_site_publishes_the_pdf_it_names(pdf: Path, html_dir: Path) -> None:
    """The HTML build publishes the PDF beside the exports, under the name conf.py
    gives simplepdf, and the Downloads page links to it."""
    from roadmap.exports import FOLDER, PDF

    conf = (ROOT / "conf.py").read_text(encoding="utf-8")
    assert f'simplepdf_file_name = "{PDF.filename}"' in conf
    published = html_dir / FOLDER / PDF.filename
    assert published.read_bytes() == pdf.read_bytes()
    downloads = (html_dir / "downloads.html").read_text(encoding="utf-8")
    assert f'href="{FOLDER}/{PDF.filename}"' in downloads
