"""GUARD-ACTIVE-CONTENT and the off-site guard against the bypasses of issue 11."""

from __future__ import annotations

import pytest

from roadmap.rules import security, site
from roadmap.sphinx_ext import mermaid_local


# ------------------------------------------------------------- off the site
@pytest.mark.parametrize("html", [
    '<script src="https:\\\\cdn.example.com/x.js"></script>',
    '<script src="\\\\cdn.example.com/x.js"></script>',
    '<script src="https:cdn.example.com/x.js"></script>',
    '<script src="ht\ttps://cdn.example.com/x.js"></script>',
    '<script src="//cdn.example.com/x.js"></script>',
    '<img src=https://img.example.com/x.png>',
    '<img/src=//img.example.com/x.png>',
    '<img srcset="a.png 1x, https://img.example.com/x.png 2x">',
    '<svg><image href="https://img.example.com/x.png"/></svg>',
    '<svg><use xlink:href="https://img.example.com/s.svg#i"/></svg>',
    '<iframe srcdoc="&lt;img src=https://img.example.com/x.png&gt;"></iframe>',
    '<script>fetch("https://api.example.com/track?p=" + location)</script>',
    "<script>new Image().src = '//t.example.com/p.gif'</script>",
    '<div style="background: image-set(\'https://img.example.com/a.png\' 1x)"></div>',
    '<style>@import "https://fonts.example.com/f.css";</style>',
    '<style>a { background: u\\72l(https://img.example.com/a.png) }</style>',
    '<link rel="preconnect" href="https://cdn.example.com">',
    '<meta http-equiv="refresh" content="0; url=https://example.com/">',
    '<a href="x.html" ping="https://t.example.com/ping">x</a>',
])
def test_every_bypass_is_an_off_site_load(html: str) -> None:
    found = site.off_site_urls(f"<p>\n{html}\n</p>")
    assert found and found[0][0] == 2, found


def test_a_base_sends_every_relative_url_off_the_site() -> None:
    found = site.off_site_urls('<base href="https://cdn.example.com/">\n'
                               '<script src="_static/a.js"></script>')
    assert found == [(1, "<base href=https://cdn.example.com/> (every relative URL of the "
                         "page)"), (2, "_static/a.js")]


@pytest.mark.parametrize("html", [
    '<script src="_static/a.js"></script>', '<img src="../_images/a.svg">',
    '<a href="https://example.com/">a link</a>', '<link rel="next" href="https://x.org/">',
    '<img src="data:image/png;base64,AAAA">', '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
    '<script>var ns = "http://www.w3.org/2000/svg";</script>',
    '<script type="application/json">{"url": "https://example.com/"}</script>',
])
def test_what_stays_on_the_site(html: str) -> None:
    assert site.off_site_urls(html) == []


# ------------------------------------------------------------- active content
@pytest.mark.parametrize(("page", "line", "what"), [
    ("# T\n\n<script>alert(1)</script>\n", 3, "a <script> element"),
    ("# T\n\nText <img src=x onerror=alert(1)> here.\n", 3,
     "an event handler attribute onerror= on <img>"),
    ("# T\n\n```{raw} html\n<img/src=\"x\"/onerror=alert(1)>\n```\n", 4,
     "an event handler attribute onerror="),
    ("# T\n\n[click](javascript:alert(1))\n", 3, "a javascript: URL in href= in a Markdown link"),
    ("# T\n\n<a href=\"java&#x09;script:alert(1)\">x</a>\n", 3, "a javascript: URL"),
    ("# T\n\n<a href=\"&#106;avascript:alert(1)\">x</a>\n", 3, "a javascript: URL in href="),
    ("# T\n\n<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>\n", 3, "a <iframe>"),
    ("# T\n\n<base href=\"https://evil.example/\">\n", 3, "a <base> element"),
    ("# T\n\n```{raw} html\n<div onclick=\"alert(1)\">x</div>\n```\n", 4,
     "an event handler attribute onclick= on <div>"),

    ("# T\n\n```{note}\n<svg><set attributeName=href to=javascript:alert(1) /></svg>\n```\n", 4,
     "a javascript: URL in to="),
    ("# T\n\n```{milestone} M\n:id: MS-X\n\nBody <b onmouseover=alert(1)>x</b>.\n```\n", 6,
     "an event handler attribute onmouseover="),
    ("# T\n\n```mermaid\ngraph LR\n  A --> B\n  click A call alert()\n```\n", 6,
     "a click that calls a function"),
    ("# T\n\n```{mermaid}\ngraph LR\n  A --> B\n  click A \"javascript:alert(1)\"\n```\n", 6,
     "a javascript:, vbscript: or data: URL"),
    ("# T\n\n```mermaid\n%%{init: {'securityLevel': 'loose'}}%%\ngraph LR\n  A --> B\n```\n",
     4, "its own security level"),
    ("# T\n\n[x](y.html){onclick=\"alert(1)\"}\n", 3, "an event handler attribute in a {...}"),
    ("# T\n\n<div style=\"background:url(javascript:alert(1))\">x</div>\n", 3,
     "a style= that runs code"),
])
def test_active_content_is_refused_with_its_line(page: str, line: int, what: str) -> None:
    result = security.check_active_content({"p.md": page})
    assert any(f.line == line and what in f.message and f.file == "p.md"
               for f in result.findings), [str(f) for f in result.findings]


@pytest.mark.parametrize("page", [
    "# T\n\nA <b>bold</b> word and a <br> break.\n",
    "# T\n\n```html\n<script>alert('an example in a code block')</script>\n```\n",
    "# T\n\nIn code: `<script>`.\n", "# T\n\n![a picture](data:image/png;base64,AAAA)\n",
    "# T\n\n```mermaid\ngraph LR\n  A --> B\n  click A href \"other.html\"\n```\n",
])
def test_harmless_html_passes(page: str) -> None:
    assert security.check_active_content({"p.md": page}).ok


# ------------------------------------------------------------- mermaid
@pytest.mark.parametrize("config", [{}, {"securityLevel": "loose"},
                                    {"securityLevel": "strict", "theme": "forest"}])
def test_pages_get_strict_mermaid_whatever_conf_py_says(config: dict) -> None:
    settings = mermaid_local.page_config(config)
    assert settings["securityLevel"] == "strict" and settings["startOnLoad"] is False
    assert "</script>" not in mermaid_local.config_script({"x": "</script><script>"})
