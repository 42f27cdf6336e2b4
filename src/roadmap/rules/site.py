"""Built-site guards: what only the written HTML shows.

A needflow without PlantUML renders a fallback notice and the build passes; a page can
load a script, a style sheet or an image from another site, which breaks the offline
promise and leaks the reader's visit. Both are found in the built pages.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from roadmap.findings import Finding, Rule, RuleResult
from roadmap.inputs import ProjectInputs
from roadmap.suite import Check, SuiteInputs, register

OFF_SITE = Rule(
    "GUARD-OFF-SITE", "Nothing loaded from off the site",
    "No script, style sheet, font, image or frame of a built page is loaded from another "
    "site (links in <a href> are fine).", "site")
PLANTUML = Rule(
    "GUARD-PLANTUML", "No PlantUML fallback",
    "No built page contains the fallback notice sphinx-needs renders for a needflow or "
    "needgantt when PlantUML is missing (the build would still pass).", "site")

PLANTUML_FALLBACK = "PlantUML is not available"
_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.IGNORECASE)


class _ResourceCollector(HTMLParser):
    """Collects the URLs a page loads (not the ones it merely links to)."""

    LOADING: ClassVar[frozenset[tuple[str, str]]] = frozenset({
        ("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"),
        ("source", "srcset"), ("iframe", "src"), ("embed", "src"), ("object", "data"),
        ("audio", "src"), ("video", "src"), ("video", "poster"), ("input", "src"),
    })
    LINK_RELS: ClassVar[frozenset[str]] = frozenset({
        "stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest",
        "apple-touch-icon", "shortcut",
    })

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[int, str]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        line = self.getpos()[0]
        for attribute, value in values.items():
            if (tag, attribute) in self.LOADING:
                self.urls += [(line, u.split()[0]) for u in value.split(",") if u.strip()]
        if tag == "link" and set(values.get("rel", "").lower().split()) & self.LINK_RELS:
            self.urls.append((line, values.get("href", "")))
        if "style" in values:
            self.urls += [(line, u) for u in _CSS_URL.findall(values["style"])]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls += [(self.getpos()[0], u) for u in _CSS_URL.findall(data)]


def off_site_urls(html: str) -> list[tuple[int, str]]:
    collector = _ResourceCollector()
    collector.feed(html)
    return [(line, url) for line, url in collector.urls if _REMOTE.match(url.strip())]


def check_built_site(html_dir: Path) -> list[RuleResult]:
    """The off-site and PlantUML guards over every built page and style sheet."""
    off_site, plantuml = RuleResult(OFF_SITE), RuleResult(PLANTUML)
    for page in sorted(html_dir.rglob("*.html")):
        name = str(page.relative_to(html_dir))
        text = page.read_text(encoding="utf-8", errors="replace")
        off_site.checked_ids.append(name)
        plantuml.checked_ids.append(name)
        for line, url in off_site_urls(text):
            off_site.findings.append(Finding(OFF_SITE.id, name, f"loads {url} from off the site",
                                             name, line))
        if PLANTUML_FALLBACK in text:
            line = text.count("\n", 0, text.index(PLANTUML_FALLBACK)) + 1
            plantuml.findings.append(Finding(
                PLANTUML.id, name, f"a diagram rendered as the fallback notice "
                f"{PLANTUML_FALLBACK!r} (use flow_engine = graphviz)", name, line))
    for sheet in sorted(html_dir.rglob("*.css")):
        name = str(sheet.relative_to(html_dir))
        text = sheet.read_text(encoding="utf-8", errors="replace")
        off_site.checked_ids.append(name)
        for match in _CSS_URL.finditer(text):
            if _REMOTE.match(match.group(1)):
                line = text.count("\n", 0, match.start()) + 1
                off_site.findings.append(Finding(
                    OFF_SITE.id, name, f"loads {match.group(1)} from off the site", name, line))
    return [off_site, plantuml]


def _run(inputs: SuiteInputs) -> list[RuleResult]:
    assert inputs.html_dir is not None  # the suite runs this check only with a built site
    return check_built_site(inputs.html_dir)


def _rules(_project: ProjectInputs) -> tuple[Rule, ...]:
    return (OFF_SITE, PLANTUML)


register(Check("html", _rules, _run, module=__name__))
