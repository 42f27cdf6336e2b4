"""GUARD-SITE-ACTIVE and the off-site guard over every file the built site serves:
pages, SVG and XML files (read as XML, any namespace prefix), downloads and names."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from guard_cases import ACTIVE_PAGES, HARMLESS_PAGES

from roadmap import served
from roadmap.htmlscan import NotWellFormed, tags, xml_tags
from roadmap.rules import site

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:{p}="http://www.w3.org/1999/xlink">\n'
       '{body}\n</svg>')


def svg(body: str, prefix: str = "xlink") -> str:
    return SVG.format(p=prefix, body=body.replace("xlink:", f"{prefix}:"))


# ------------------------------------------------------------- the XML reader
def test_xml_tags_resolve_any_xlink_prefix_and_keep_lines() -> None:
    found = xml_tags(svg('<a xlink:href="x.html"><text>a</text></a>', prefix="ns1"))
    anchor = next(t for t in found if t.name == "a")
    assert anchor.attrs == {"xlink:href": "x.html"} and anchor.line == 2


def test_xml_tags_read_stylesheet_instructions_and_style_text() -> None:
    text = ('<?xml-stylesheet type="text/css" href="s.css"?>\n'
            + svg('<style>@import "t.css";</style>'))
    found = xml_tags(text)
    assert found[0].name == "?xml-stylesheet" and found[0].attrs["href"] == "s.css"
    assert next(t for t in found if t.name == "style").text == '@import "t.css";'


def test_a_file_that_is_not_xml_is_named() -> None:
    with pytest.raises(NotWellFormed):
        xml_tags("<svg><a></svg>")


# ------------------------------------------------------------- active content
@pytest.mark.parametrize(("body", "what"), [
    ('<a xlink:href="javascript:alert(1)"><rect/></a>', "a javascript: URL in xlink:href="),
    ('<a href=" jav&#x09;ascript:alert(1)"><rect/></a>', "a javascript: URL in href="),
    ('<script>alert(1)</script>', "a <script> element"),
    ('<rect onload="alert(1)"/>', "an event handler attribute onload="),
    ('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
     "a <foreignObject> element"),
    ('<set attributeName="href" to="javascript:alert(1)"/>', "a javascript: URL in to="),
    ('<animate attributeName="href" values="x.html;javascript:alert(1)"/>',
     "a javascript: URL in values="),
    ('<image href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"/>',
     "a data: URL in href="),
    ('<a href="file:///etc/passwd"><rect/></a>', "a file: URL in href="),
    ("<rect style=\"fill: url('javascript:alert(1)')\"/>", "a style= url() of scheme javascript"),
])
def test_every_way_an_svg_file_runs_code(body: str, what: str) -> None:
    found = site.scan_xml(svg(body)).active
    assert any(what in problem and line == 2 for line, problem in found), found


def test_an_xslt_stylesheet_is_refused() -> None:
    text = '<?xml-stylesheet type="text/xsl" href="t.xsl"?>\n' + svg("<rect/>")
    assert any("not CSS" in p for _, p in site.scan_xml(text).active)


@pytest.mark.parametrize("html", ACTIVE_PAGES)
def test_every_way_a_built_page_runs_code(html: str) -> None:
    assert site.scan_page(f"<p>\n{html}\n</p>").active, html


@pytest.mark.parametrize("html", HARMLESS_PAGES)
def test_what_a_built_page_may_hold(html: str) -> None:
    assert site.scan_page(html).active == ()


def test_the_tags_are_judged_without_the_parser() -> None:
    """The checks take parsed elements: any parser that yields them can feed them."""
    elements = list(tags('<a href="javascript:x">x</a>'))
    assert served.active_in(elements) == [(1, "a javascript: URL in href= on <a>")]


# ------------------------------------------------------------- files
@pytest.mark.parametrize(("name", "what"), [
    ("_downloads/3f/report.html", "a .html file served from _downloads/"),
    ("_downloads/3f/diagram.svg", "a .svg file served from _downloads/"),
    ("_images/page.xhtml", "a .xhtml file served from _images/"),
    ("_static/x.xsl", "a .xsl document the guards cannot read"),
    ('_static/x"onmouseover=alert(1).js', "holds characters outside"),
    ("_downloads/3f/javascript:alert(1).txt", "holds characters outside"),
])
def test_files_the_site_must_not_serve(name: str, what: str) -> None:
    problem = served.file_problem(PurePosixPath(name))
    assert problem is not None and what in problem, problem


@pytest.mark.parametrize("name", ["index.html", "_images/graphviz-0a1.svg", ".buildinfo",
                                  "_downloads/3f/rules.yml", "exports/roadmap.ics",
                                  "_static/furo.js.LICENSE.txt"])
def test_files_the_site_may_serve(name: str) -> None:
    assert served.file_problem(PurePosixPath(name)) is None


def test_the_built_site_guard_reads_every_served_file(tmp_path: Path) -> None:
    (tmp_path / "_images").mkdir()
    (tmp_path / "_downloads" / "ab").mkdir(parents=True)
    (tmp_path / "index.html").write_text("<p>ok</p>\n", encoding="utf-8")
    (tmp_path / "_images" / "g.svg").write_text(
        svg('<a xlink:href="javascript:alert(1)"><rect/></a>', "ns1"), encoding="utf-8")
    (tmp_path / "_images" / "s.svg").write_text(
        '<?xml-stylesheet href="https://cdn.example.com/a.css"?>\n' + svg("<rect/>"),
        encoding="utf-8")
    (tmp_path / "_downloads" / "ab" / "x.html").write_text("<p>x</p>", encoding="utf-8")
    off, plantuml, active = site.check_built_site(tmp_path, memo={})
    assert [str(f) for f in off.findings] == [
        "_images/s.svg:1: [GUARD-OFF-SITE] _images/s.svg: loads "
        "https://cdn.example.com/a.css from off the site"]
    assert {(f.file, f.line) for f in active.findings} == {
        ("_downloads/ab/x.html", None), ("_images/g.svg", 2)}
    assert plantuml.checked_ids == ["index.html"]
