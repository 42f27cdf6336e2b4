"""The built-page scan reads a page with lexbor's tree builder and tokenizes it with
html5lib only when it finds something (for the lines): on every case of the guards'
tests and fault fixtures, and on the edge cases where the two readers differ, the
lexbor reading finds at least what html5lib's finds, and the scan names a line for
every finding."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from guard_cases import ACTIVE_PAGES, HARMLESS_PAGES, LOCAL_PAGES, OFF_SITE_PAGES

from roadmap.htmlscan import Tag, page_elements, tags
from roadmap.rules import site
from roadmap.served import active_in

FAULTS = Path(__file__).resolve().parents[1] / "faults"
_RAW_HTML = re.compile(r"```\{raw\} html\n(.*?)```", re.DOTALL)


def fixture_pages() -> list[str]:
    """The HTML the built-site guards' fault fixtures write into a page (a raw HTML
    block of a source page, or an edit of a built page)."""
    found = []
    for path in sorted(FAULTS.glob("*.yaml")):
        fixture = yaml.safe_load(path.read_text(encoding="utf-8"))
        if fixture["expect"]["rule"] not in ("GUARD-OFF-SITE", "GUARD-SITE-ACTIVE"):
            continue
        mutations = fixture["mutate"]
        for mutation in mutations if isinstance(mutations, list) else [mutations]:
            text = mutation.get("append") or mutation.get("with") or mutation.get("create") or ""
            # (an HTML download is refused for where it is served, not for what it holds)
            if mutation["file"].endswith(".html") and text \
                    and not mutation["file"].startswith("_downloads/"):
                found.append(text)
            found += _RAW_HTML.findall(text)
    return found


# Loads and active content that lexbor's tree finds and html5lib's tokenizer does not
# (the tokenizer reads these as text): a browser builds each element and loads it.
EXTRAS = {
    # the tree builder reads <image> as <img>
    '<image src="https://e.example/i.png">': "https://e.example/i.png",
    # in SVG, a style element's text is markup: character references are decoded
    '<svg><style>&#x40;import url(https://e.example/s.css);</style></svg>':
        "https://e.example/s.css",
    # MathML's <style> holds elements; <img> breaks out of the formula
    '<math><style><img src=https://e.example/m.png></style></math>': "https://e.example/m.png",
    # a reader without scripts gets the content of <noscript>
    '<noscript><img src="https://e.example/n.png"></noscript>': "https://e.example/n.png",
    '<noscript><img src=x onerror=alert(1)></noscript>':
        "an event handler attribute onerror= on <img>",
    # SVG's <title> holds HTML elements, not text
    '<svg><title><img src=https://e.example/t.png></title></svg>': "https://e.example/t.png",
}
# Cases both readers find, where the trees and the tokens could part: a template's
# content (inert until a script clones it into the page: found, as the tokenizer
# finds it), the text of <noscript> for a reader with scripts (where a quoted
# "</noscript>" ends it), content of <select> (a browser of 2025 builds it).
BOTH = [
    '<template><img src="https://e.example/t.png"></template>',
    '<template><template><p onclick="alert(1)">x</p></template></template>',
    '<noscript><p title="</noscript><img src=https://e.example/x.png onerror=alert(1)>">'
    "</noscript>",
    "<select><img src=https://e.example/sel.png onerror=alert(1)></select>",
    '<svg><style>@import url(https://e.example/s.css);</style></svg>',
]
# Start tags a tree builder ignores (no element, nothing loads), which the tokenizer
# reads: the page is tokenized as well and the finding kept.
IGNORED = [
    '<td background="https://e.example/td.png"></td>',
    '<form><form action="javascript:x"></form></form>',
    '<body><body onload="alert(1)">',
    '<table><tr><td background="javascript:x"></td></tr></table>',
]

CASES = [*OFF_SITE_PAGES, *ACTIVE_PAGES, *fixture_pages(), *EXTRAS, *BOTH, *IGNORED]


def page(html: str) -> str:
    return f"<html><body>\n<p>before</p>\n{html}\n</body></html>"


def judged(elements: list[Tag]) -> list[tuple[int, str]]:
    return site.off_site_loads(elements) + active_in(elements)


def test_the_cases_include_every_fixture_of_the_built_site_guards() -> None:
    assert len(fixture_pages()) >= 7


@pytest.mark.parametrize("html", CASES)
def test_lexbor_finds_what_html5lib_finds(html: str) -> None:
    text = page(html)
    by_tokens = judged(list(tags(text)))
    found, ignored_a_tag = page_elements(text)
    by_tree = Counter(what for _, what in judged(found))
    missing = Counter(what for _, what in by_tokens) - by_tree
    assert not missing or ignored_a_tag, missing
    scan = site.scan_page(text)
    reported = set(scan.loads) | set(scan.active)
    assert set(by_tokens) <= reported  # with html5lib's lines
    assert reported and all(line >= 1 for line, _ in reported)


@pytest.mark.parametrize(("html", "what"), EXTRAS.items())
def test_lexbor_finds_what_html5lib_reads_as_text(html: str, what: str) -> None:
    text = page(html)
    assert not any(what == w for _, w in judged(list(tags(text))))
    scan = site.scan_page(text)
    assert [line for line, w in (*scan.loads, *scan.active) if w == what] == [3]


@pytest.mark.parametrize("html", [*LOCAL_PAGES, *HARMLESS_PAGES])
def test_neither_reader_finds_anything_in_a_harmless_page(html: str) -> None:
    text = page(html)
    assert judged(list(tags(text))) == judged(page_elements(text)[0]) == []


def test_a_finding_keeps_the_line_of_its_tag() -> None:
    text = page('<img src="a.png">\n<img\n  src="https://e.example/x.png">\n'
                '<p style="x: url(https://e.example/y.png)">y</p>')
    assert site.scan_page(text).loads == ((4, "https://e.example/x.png"),
                                          (6, "https://e.example/y.png"))


def test_html5lib_is_imported_only_for_a_page_with_a_finding() -> None:
    code = ("import sys\nfrom roadmap.rules.site import scan_page\n"
            "scan_page('<p><a href=\"https://x.org\">x</a><img src=\"a.png\"></p>')\n"
            "print('html5lib' in sys.modules)\n"
            "scan_page('<img src=\"https://e.example/x.png\">')\n"
            "print('html5lib' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "True"]
