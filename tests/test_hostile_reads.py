"""The reads GUARD-READS refuses do not happen in a build (even one without -W): a
small project whose page names a file beside the project, a URL and javascript:
links through directives the Markdown guard does not parse is built; every one is
named at its line, and neither the file's contents nor the links reach the site."""

from __future__ import annotations

from pathlib import Path

import pytest
import sphinxproject

from roadmap.sphinx_ext.pdf import fetch_refusal

SECRET = "s3cr3t-build-token"
PAGE = """# Hostile

```{literalinclude} ../token.txt
```

```{csv-table} Accounts
:file: ../token.txt
```

```{image} pic.png
:target: javascript:alert('image-target')
```

```{graphviz}
digraph { a [URL="javascript:alert('graph')"]; }
```

```{eval-rst}
`approval <javascript:alert('rst')>`_

.. literalinclude:: ../token.txt
```

Get [the report](report.html) and see ![token](../token.txt).

```{include} ../token.txt
```
"""
EXPECTED = {3: "{literalinclude} reads ../token.txt", 7: "{csv-table} reads",
            11: "has a :target: with a javascript: URL", 15: "graphviz URL=",
            19: "a link with a javascript: URL", 21: "{literalinclude} reads",
            24: "an image reads ../token.txt", 26: "{include} reads"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> sphinxproject.Built:
    root = tmp_path_factory.mktemp("reads")
    (root / "token.txt").write_text(SECRET + "\n", encoding="utf-8")
    return sphinxproject.build(root, {"hostile": PAGE},
                               files={"pic.png": "", "report.html": "<script>x</script>"})


def test_every_refused_read_is_named_at_its_line(hostile: sphinxproject.Built) -> None:
    lines = [line for line in hostile.warning_lines() if "[GUARD-READS]" in line]
    for number, what in EXPECTED.items():
        assert any(f"hostile.md:{number}:" in line and what in line for line in lines), (
            number, lines)
    assert any("hostile.md:24:" in line and "offers report.html" in line for line in lines)


def test_nothing_refused_reaches_the_site(hostile: sphinxproject.Built) -> None:
    for path in hostile.outdir.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".svg", ".txt", ".csv", ".png"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert SECRET not in text, path
            if path.suffix in (".html", ".svg") and path.parent.name != "_sources":
                assert "javascript:" not in text, path
    assert not (hostile.outdir / "_downloads").exists()
    assert "Not shown: this literalinclude directive" in hostile.html("hostile")


@pytest.mark.parametrize(("url", "allowed"), [
    ("data:image/png;base64,AAAA", True),
    ("https://img.example.com/a.png", False),
    ("file:///etc/hostname", False),
    ("file://server.example.com/share/a.png", False),
])
def test_the_pdf_fetches_only_the_sites_files(tmp_path: Path, url: str, allowed: bool) -> None:
    assert (fetch_refusal(url, [tmp_path]) is None) is allowed


def test_the_pdf_fetches_files_of_the_site(tmp_path: Path) -> None:
    (tmp_path / "_images").mkdir()
    (tmp_path / "_images" / "a.png").write_bytes(b"")
    (tmp_path / "out").symlink_to("/etc")
    assert fetch_refusal((tmp_path / "_images" / "a.png").as_uri(), [tmp_path]) is None
    assert fetch_refusal((tmp_path / "out" / "hostname").as_uri(), [tmp_path]) is not None
