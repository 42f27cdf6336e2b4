"""The built-site guard keeps each page's scan by the page's bytes: an unchanged page
is not tokenized again, a changed one is, and the memo forgets pages that are gone."""

from __future__ import annotations

from pathlib import Path

from roadmap.rules import site

OFF = '<html><body><script src="https://cdn.example.com/x.js"></script></body></html>\n'
CLEAN = "<html><body><p>plain</p></body></html>\n"


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _urls(results) -> list[str]:
    return [f.message for r in results for f in r.findings]


def test_a_changed_page_is_scanned_again_and_an_unchanged_one_is_not(tmp_path, monkeypatch
                                                                       ) -> None:
    root = _site(tmp_path, {"a.html": CLEAN, "b.html": OFF})
    memo: dict[str, site.PageScan] = {}
    assert _urls(site.check_built_site(root, memo)) == [
        "loads https://cdn.example.com/x.js from off the site"]
    assert len(memo) == 2
    scanned: list[str] = []
    real = site.scan_page
    monkeypatch.setattr(site, "scan_page", lambda text: scanned.append(text) or real(text))
    (root / "b.html").write_text(CLEAN.replace("plain", "fixed"), encoding="utf-8")
    assert _urls(site.check_built_site(root, memo)) == []
    assert scanned == [CLEAN.replace("plain", "fixed")], "only the changed page is scanned"
    assert len(memo) == 2, "the scan of the old b.html is forgotten"


def test_the_memo_gives_the_same_findings_as_a_fresh_scan(tmp_path) -> None:
    root = _site(tmp_path, {"a.html": OFF, "b.html": OFF, "c.html": CLEAN})
    memo: dict[str, site.PageScan] = {}
    fresh = site.check_built_site(root)
    site.check_built_site(root, memo)
    again = site.check_built_site(root, memo)
    assert [(f.need_id, f.line, f.message) for r in fresh for f in r.findings] == [
        (f.need_id, f.line, f.message) for r in again for f in r.findings]
    assert len(memo) == 2, "pages of the same bytes share one scan"


def test_a_style_sheet_is_read_again_only_when_its_bytes_change(tmp_path, monkeypatch) -> None:
    """Sphinx copies the sheets at every build, so a no-op build met them all again; the
    memo keeps their scans as it keeps the pages', and an off-site load in a kept scan
    is still reported."""
    sheet = '@import url("https://fonts.example.com/a.css");\nbody { color: black }\n'
    root = _site(tmp_path, {"a.html": CLEAN, "style.css": sheet})
    memo: dict[str, site.PageScan] = {}
    expected = ["loads https://fonts.example.com/a.css from off the site"]
    assert _urls(site.check_built_site(root, memo)) == expected
    read: list[str] = []
    real = site.scan_sheet
    monkeypatch.setattr(site, "scan_sheet", lambda text: read.append(text) or real(text))
    assert _urls(site.check_built_site(root, memo)) == expected
    assert read == [], "an unchanged sheet is not read again"
    (root / "style.css").write_text("body { color: black }\n", encoding="utf-8")
    assert _urls(site.check_built_site(root, memo)) == []
    assert read == ["body { color: black }\n"]
    assert len(memo) == 2, "the old sheet's scan is forgotten"
