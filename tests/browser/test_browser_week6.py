"""The week-6 example: a copy of the real site with six weeks of progress recorded
(``tests/tracking/week6_site.py``), built as of week 6 and looked at in the browser at
1400 and 390 px. The landing card, the dashboard, the status report, the week-6 page
and the timeline must show the late work, the declared health and the fired risk, lay
out at both widths, and leave their screenshots in ``_build/screenshots/week6-*``."""

from __future__ import annotations

import functools
import http.server
import importlib.util
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import week6_site


def _browser_kit() -> object:
    """This folder's conftest (its tab recorder, probe and widths), loaded by path."""
    spec = importlib.util.spec_from_file_location("browser_kit",
                                                  Path(__file__).with_name("conftest.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


KIT = _browser_kit()
PROBE, WIDTHS, open_tab = KIT.PROBE, KIT.WIDTHS, KIT.open_tab  # type: ignore[attr-defined]

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
PAGES = {"landing": "index.html", "dashboard": "views/dashboard.html",
         "status": "status/index.html", "week-06": "weeks/week-06.html",
         "timeline": "views/timeline.html"}


@pytest.fixture(scope="module")
def week6_html() -> Path:
    return week6_site.build(ROOT / "_build" / "week6")


@pytest.fixture(scope="module")
def week6_url(week6_html: Path) -> Iterator[str]:
    handler = functools.partial(KIT._QuietHandler,  # type: ignore[attr-defined]
                                 directory=str(week6_html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def seen(browser: object, week6_url: str) -> dict[str, dict[str, dict[str, object]]]:
    """Each page at each width: its text, what the probe measured, what went wrong; the
    screenshots are written on the way."""
    shots = ROOT / "_build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    found: dict[str, dict[str, dict[str, object]]] = {}
    for width, pixels in WIDTHS.items():
        context, tab = open_tab(browser, {"width": pixels, "height": 900})
        found[width] = {}
        for name, page in PAGES.items():
            tab.reset()
            tab.page.goto(week6_url + page, wait_until="load")  # type: ignore[attr-defined]
            found[width][name] = {
                "text": tab.page.inner_text("article[role=main]"),  # type: ignore[attr-defined]
                "probe": tab.page.evaluate(PROBE),  # type: ignore[attr-defined]
                "problems": tab.problems()}
            tab.page.screenshot(  # type: ignore[attr-defined]
                path=str(shots / f"week6-{name}-{width}.png"), full_page=name != "timeline")
        context.close()  # type: ignore[attr-defined]
    return found


def test_the_landing_card_tells_where_week_six_stands(seen):
    text = seen["desktop"]["landing"]["text"]
    assert "Status as of week 6 (10\u201314 Nov 2025); the calendar says week 7" in text
    assert "The report is 1 week old" in text
    assert "Health: off track, rolled up from the workstreams" in text
    assert "Late: 2 milestones due by week 6 and not done." in text
    assert "the forecast moves it 2 weeks later" in text  # QG-PH2
    assert "Earned value:" in text and "person-weeks of work planned by week 6" in text


def test_late_work_health_and_the_fired_risk_are_shown(seen):
    dashboard = seen["desktop"]["dashboard"]["text"]
    assert "MS-BE-04" in dashboard and "off track (week 6)" in dashboard
    assert "A decision on the pen-test slot" in dashboard
    status = seen["desktop"]["status"]["text"]
    assert "RSK-DB-DBA-HIRING" in status and "68 in week 6" in status
    assert "WS-DEVOPS has no health update since UPD-OPS-W03 of week 3" in status
    week = seen["desktop"]["week-06"]["text"]
    assert "Late as of week 6 (due by week 6, not done)" in week and "MS-BE-04" in week
    assert "Status as of the end of week 6" not in week  # the line is the chart's, not here


def test_the_pages_lay_out_at_both_widths_without_errors(seen):
    for width, pages in seen.items():
        for name, visit in pages.items():
            assert visit["problems"] == [], (width, name, visit["problems"])
            probe = visit["probe"]
            assert probe["pageWidth"] <= probe["viewport"], (width, name)
            if width == "desktop":
                assert probe["clipped"] == [], (name, probe["clipped"])
