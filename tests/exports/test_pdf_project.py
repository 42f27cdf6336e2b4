"""The PDF adapter (roadmap.sphinx_ext.pdf) on a small project: need references are
links inside the PDF, references to a page left out lead to the site, an inline SVG
chart is drawn with its labels, a mermaid diagram becomes a link, and an error of
WeasyPrint fails the build."""

from __future__ import annotations

from pathlib import Path

import pytest
import sphinxproject
from pypdf import PdfReader

from .pdfcheck import links_of, outline_titles, pdftotext

SITE = "https://site.example/"
PDF_CONF = f'''
root_doc = "pdf"
extensions.append("sphinx_simplepdf")
simplepdf_use_weasyprint_api = True
simplepdf_file_name = "plan.pdf"
suppress_warnings = ["toc.not_included"]
roadmap_site_url = "{SITE}"
version = "1"
'''
PDF_ROOT = ("# The plan\n\nThe plan in print.\n\n"
            "```{toctree}\n:numbered:\n\nindex\nplan\ncharts\n```\n")
CHART = '''<svg xmlns="http://www.w3.org/2000/svg" width="320" height="60" role="img">
<rect x="0" y="5" width="120" height="20" fill="#c5cae9"/>
<text x="4" y="20" font-size="12">Chart Alpha</text>
<text x="160" y="45" font-size="12">Chart Gamma</text></svg>'''
CHARTS = f"""# Charts

The chain ends in {{need}}`MS-A-02`; the example {{need}}`EX-A` is on a page left out,
and so is [its page](outside.md).

```{{raw}} html
{CHART}
```

```{{roadmap-timeline}}
```

```{{mermaid}}
flowchart LR
  kickoff --> rollout
```

## Notes

A section title the plan page has too.
"""


def build(tmp_path: Path, extra: str = "") -> sphinxproject.Built:
    pages = {"pdf": PDF_ROOT, "charts": CHARTS + extra,
             "plan-notes": "# Plan notes\n\n## Notes\n\nText.\n"}
    return sphinxproject.build(tmp_path, pages, changes={"EX-A": {"docname": "outside"}},
                               buildername="simplepdf", conf_extra=PDF_CONF)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> sphinxproject.Built:
    return build(tmp_path_factory.mktemp("pdf"))


@pytest.mark.slow
def test_the_pdf_keeps_links_charts_and_contents(built: sphinxproject.Built) -> None:
    assert built.warning_lines() == []
    pdf = built.outdir / "plan.pdf"
    reader = PdfReader(pdf)
    links = links_of(reader)
    assert "/MS-A-02" in links.internal or "MS-A-02" in links.internal
    assert set(links.internal) <= set(reader.named_destinations)
    assert f"{SITE}outside.html#EX-A" in links.external
    assert f"{SITE}outside.html" in links.external
    assert not [u for u in links.external if u.startswith("file:")]
    text = pdftotext(pdf)
    assert "Chart Alpha" in text and "Chart Gamma" in text  # the SVG, drawn as text
    assert "drawn in the browser" in text and "flowchart" not in text  # mermaid: a link
    assert "MS-A-01" in text.split("3. Charts")[-1]  # only the SVG timeline names it
    assert "MS-A-01" in text and "Table of Contents" in text
    assert any("Charts" in title for title in outline_titles(reader))


@pytest.mark.slow
def test_a_weasyprint_error_fails_the_build(tmp_path: Path) -> None:
    broken = build(tmp_path, '\n```{raw} html\n<img src="missing-image.png" alt="x">\n```\n')
    assert any("WeasyPrint" in line and "missing-image.png" in line
               for line in broken.warning_lines()), broken.warning_lines()


@pytest.mark.slow
def test_the_pdf_build_fetches_nothing_off_the_site(tmp_path: Path) -> None:
    """A root-relative image stays on the site in the HTML build, but WeasyPrint reads
    it from the file system's root: its fetcher refuses it."""
    broken = build(tmp_path, '\n```{raw} html\n<img src="/etc/hostname" alt="host">\n```\n')
    assert any("[GUARD-READS] the PDF build refuses to fetch /etc/hostname" in line
               for line in broken.warning_lines()), broken.warning_lines()
