"""GUARD-READS and GUARD-PAGE-NAME: what the pages make the build read, fetch and
publish, and the names of the pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap.rules import paths


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "guide" / "code").mkdir(parents=True)
    (root / "guide" / "code" / "x.py").write_text("print(1)\n", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[remote]\n", encoding="utf-8")
    (tmp_path / "token.txt").write_text("secret\n", encoding="utf-8")
    (root / "guide" / "link").symlink_to(tmp_path / "token.txt")
    return root


@pytest.mark.parametrize(("target", "what"), [
    ("../../token.txt", "outside the source tree"),
    ("/etc/hostname", "outside the source tree"),
    ("link", "outside the source tree"),  # a symbolic link out of the tree
    ("../.git/config", "inside the hidden .git"),
    ("https://example.com/x.csv", "makes the build fetch https://example.com/x.csv"),
    ("//cdn.example.com/x.csv", "makes the build fetch"),
    ("file:///etc/passwd", "makes the build fetch"),
])
def test_reads_the_build_must_not_make(tree: Path, target: str, what: str) -> None:
    problem = paths.read_problem(target, "guide/page.md", tree)
    assert problem is not None and what in problem, problem


@pytest.mark.parametrize("target", ["code/x.py", "/guide/code/x.py", "../guide/code/x.py",
                                    "<isonum.txt>", "missing.py"])
def test_reads_inside_the_tree(tree: Path, target: str) -> None:
    assert paths.read_problem(target, "guide/page.md", tree) is None


def _problems(tree: Path, text: str) -> list[tuple[int, str]]:
    return sorted(paths.page_problems(text, "guide/page.md", tree))


@pytest.mark.parametrize(("page", "line", "what"), [
    ("# T\n\n```{literalinclude} ../../token.txt\n```\n", 3, "{literalinclude} reads"),
    ("# T\n\n```{literalinclude} code/x.py\n:diff: ../../token.txt\n```\n", 4,
     "{literalinclude} reads ../../token.txt"),
    ("# T\n\n```{include} ../.git/config\n```\n", 3, "{include} reads ../.git/config"),
    ("# T\n\n```{csv-table} T\n:file: ../../token.txt\n```\n", 4, "{csv-table} reads"),
    ("# T\n\n```{csv-table} T\n:url: https://x.example/a.csv\n```\n", 4, "has :url:"),
    ("# T\n\n```{raw} html\n:url: https://x.example/a.html\n```\n", 4, "has :url:"),
    ("# T\n\n```{raw} html\n:file: ../../token.txt\n```\n", 4, "{raw} reads"),
    ("# T\n\n```{graphviz} ../../token.txt\n```\n", 3, "{graphviz} reads"),
    ("# T\n\n```{mermaid} ../../token.txt\n```\n", 3, "{mermaid} reads"),
    ("# T\n\n```{image} https://img.example/a.png\n```\n", 3, "{image} makes the build fetch"),
    ("# T\n\n```{figure} ../../token.txt\n```\n", 3, "{figure} reads"),
    ("# T\n\n```{image} code/x.png\n:target: javascript:alert(1)\n```\n", 4,
     "has a :target: with a javascript: URL"),
    ("# T\n\n```{graphviz}\ndigraph { a [URL=\"x.html\"] }\n```\n", 4, "graphviz URL="),
    ("# T\n\n```{graphviz}\ndigraph {\n  edge [\"labelhref\"=\"x\"]\n}\n```\n", 5,
     "graphviz labelhref="),
    ("# T\n\n```{digraph} g\na [image=\"../../token.txt\"]\n```\n", 4, "graphviz image="),
    ("# T\n\n```{graphviz}\ndigraph { graph [stylesheet=\"s.css\"] }\n```\n", 4,
     "graphviz stylesheet="),
    ("# T\n\n```{eval-rst}\n.. literalinclude:: ../../token.txt\n```\n", 4,
     "{literalinclude} reads"),
    ("# T\n\n```{eval-rst}\n.. csv-table:: T\n   :url: https://x.example/a\n```\n", 5,
     "has :url:"),
    ("# T\n\n```{eval-rst}\nA `link <javascript:alert(1)>`_ here.\n```\n", 4,
     "a link with a javascript: URL"),
    ("# T\n\n```{eval-rst}\n.. _target: vbscript:x\n```\n", 4, "a link with a vbscript: URL"),
    ("# T\n\n```{eval-rst}\nGet :download:`it <a.svg>`.\n```\n", 4, "offers a.svg"),
    ("# T\n\n```{eval-rst}\n.. graphviz::\n\n   digraph { a [href=\"x\"] }\n```\n", 6,
     "graphviz href="),
    ("# T\n\nSee ![x](../../token.txt).\n", 3, "an image reads ../../token.txt"),
    ("# T\n\nGet {download}`the file <report.xhtml>`.\n", 3,
     "a {download} role that offers report.xhtml"),
    ("# T\n\nGet [the file](../../token.txt).\n", 3, "a link that reads ../../token.txt"),
    ("# T\n\nGet [the page](path:report.html).\n", 3, "a link that offers report.html"),
    ("# T\n\n```{note}\nNested ![x](/etc/hostname) image.\n```\n", 4, "an image reads"),
    ("# T\n\n:::{note}\n```{literalinclude} ../../token.txt\n```\n:::\n", 4,
     "{literalinclude} reads"),
])
def test_each_refused_read_is_named_at_its_line(tree: Path, page: str, line: int,
                                                what: str) -> None:
    found = _problems(tree, page)
    assert any(at == line and what in problem for at, problem in found), found


@pytest.mark.parametrize("page", [
    "# T\n\n```{literalinclude} code/x.py\n:lines: 1\n```\n",
    "# T\n\n```{image} code/x.png\n:target: https://example.com/\n```\n",
    "# T\n\nSee [the guide](other.md#part), [the site](https://example.com/) and "
    "[a mail](mailto:pm@example.com).\n",
    "# T\n\n```{code-block} md\n```{literalinclude} ../../token.txt\n```\n```\n",
    "# T\n\n```{graphviz}\ndigraph { a [label=\"URL\"] }\n```\n",
])
def test_what_a_page_may_read(tree: Path, page: str) -> None:
    assert _problems(tree, page) == []


def test_page_names_keep_to_plain_characters() -> None:
    result = paths.check_page_names(["index.md", "guide/page-1.md", "guide/a b.md",
                                     "javascript:alert(1).md", 'x"onload=y.md'])
    assert [f.file for f in result.findings] == ["guide/a b.md", "javascript:alert(1).md",
                                                 'x"onload=y.md']
    assert all(f.line == 1 for f in result.findings)


def test_the_project_reads_only_its_own_tree() -> None:
    from roadmap.inputs import from_conf

    project = from_conf(Path(__file__).resolve().parents[2])
    assert paths.check_reads(project.read_sources(), project.root).findings == []
