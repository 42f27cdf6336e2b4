"""``python -m roadmap export``: the build's files, byte for byte, and the same bytes on
every run; the Downloads page links every file; a bad input is one error line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from roadmap import cli
from roadmap.exports import EXPORTS
from roadmap.exports.text import plain, portable

ROOT = Path(__file__).resolve().parents[2]


def export(needs_json: Path, output: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "roadmap", "export", str(needs_json),
                           "--output", str(output), "--project", str(ROOT)],
                          capture_output=True, text=True, check=False,
                          env={"PATH": "/usr/bin:/bin", **environ})


def test_exports_are_reproducible_and_the_builds_own(tmp_path: Path, html_dir: Path,
                                                     exports_dir: Path) -> None:
    first, second = export(html_dir / "needs.json", tmp_path / "a"), export(
        html_dir / "needs.json", tmp_path / "b")
    assert first.returncode == second.returncode == 0, first.stderr
    names = sorted(e.filename for e in EXPORTS)
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == names
    for name in names:
        data = (tmp_path / "a" / name).read_bytes()
        assert data == (tmp_path / "b" / name).read_bytes(), name
        assert data == (exports_dir / name).read_bytes(), f"{name} differs from the build's"


def test_source_date_epoch_sets_the_stamp(tmp_path: Path, html_dir: Path) -> None:
    result = export(html_dir / "needs.json", tmp_path / "e", SOURCE_DATE_EPOCH="1767225600")
    assert result.returncode == 0, result.stderr
    assert b"DTSTAMP:20260101T000000Z" in (tmp_path / "e" / "roadmap.ics").read_bytes()


@pytest.mark.parametrize("bad", ["not json", json.dumps({"versions": []})])
def test_a_bad_needs_json_is_one_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            bad: str) -> None:
    path = tmp_path / "needs.json"
    path.write_text(bad, encoding="utf-8")
    code = cli.main(["export", str(path), "--output", str(tmp_path / "out"), "--project",
                     str(ROOT)])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: ") and len(err.splitlines()) == 1


def test_output_must_be_a_folder(tmp_path: Path, html_dir: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    code = cli.main(["export", str(html_dir / "needs.json"), "--output", str(tmp_path / "file"),
                     "--project", str(ROOT)])
    assert code == 2 and "names a file" in capsys.readouterr().err


def test_the_downloads_page_links_every_export(html_dir: Path, exports_dir: Path) -> None:
    page = (html_dir / "downloads.html").read_text(encoding="utf-8")
    for spec in EXPORTS:
        assert f'href="exports/{spec.filename}"' in page
        assert (exports_dir / spec.filename).stat().st_size > 1000
    assert 'href="downloads.html"' in (html_dir / "index.html").read_text(encoding="utf-8")


SITE = "https://s.example/"


@pytest.mark.parametrize(("content", "expected"), [
    ("see {need}`MS-SEC-05`", "see MS-SEC-05"),
    ("see {need}`[[id]] <GAP-X>`", "see GAP-X"),
    ("see {need}`the gate <QG-PH1>`", "see the gate (QG-PH1)"),
    ("[rubric](../implementation/iac.md#rubric)",
     "[rubric](https://s.example/implementation/iac.html#rubric)"),
    ("[above](#layout)", "[above](https://s.example/modules/sec.html#layout)"),
    ("[ext](https://x.example/a)", "[ext](https://x.example/a)"),
    ("`key{result}` then {need}`MS-A`", "`key{result}` then MS-A"),
    ("```\n{need}`MS-A`\n```", "```\n{need}`MS-A`\n```"),
])
def test_bodies_are_made_portable(content: str, expected: str) -> None:
    assert portable(content, "modules/sec", SITE) == expected


def test_plain_text_writes_links_as_addresses() -> None:
    assert plain("[above](#layout) and {need}`MS-A`", "modules/sec", SITE) == (
        "above <https://s.example/modules/sec.html#layout> and MS-A")
