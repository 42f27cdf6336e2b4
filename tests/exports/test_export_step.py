"""The exports are a step of their own after Sphinx (``make html`` runs
``python -m roadmap export --stamp``), and the contract between the build and that step.

- The build writes no export and imports none of the exports' libraries (icalendar,
  reqif, lxml, openpyxl): an author's build never pays for them.
- The Downloads page links the files all the same. The links are plain references to
  ``exports/<file>`` that no check of the strict build looks up (``-n -W`` passes
  with the folder empty); the link checks of the built site (``tests/test_site.py``)
  read the site ``make html`` leaves, after the step.
- The built-site guards judge whatever the folder holds when they run: a build's own
  guards the files of the last export step, ``roadmap check --html`` (in ``make test``)
  the files of this one.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sphinxproject

from roadmap.exports import EXPORTS, FOLDER, PDF
from roadmap.rules.site import check_built_site

ROOT = Path(__file__).resolve().parents[2]
DOWNLOADS = {"downloads": "# Downloads\n\n```{roadmap-downloads}\n```\n"}
LIBRARIES = ("icalendar", "reqif", "lxml", "openpyxl")
BUILD_AND_LIST_MODULES = """
import json, sys
from pathlib import Path
import sphinxproject
built = sphinxproject.build(Path(sys.argv[1]), {"downloads": sys.argv[2]})
print(json.dumps({"warnings": built.warning_lines(),
                  "loaded": sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[3:])}))
"""


def test_the_build_imports_none_of_the_exports_libraries(tmp_path: Path) -> None:
    """A build in a process of its own: its modules afterwards hold no export library."""
    paths = [str(ROOT / "tests"), str(ROOT / "tests" / "rules")]
    result = subprocess.run(
        [sys.executable, "-c", BUILD_AND_LIST_MODULES, str(tmp_path), DOWNLOADS["downloads"],
         *LIBRARIES], capture_output=True, text=True, check=True, cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(paths),
             "ROADMAP_TODAY": "2025-10-15"})
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"warnings": [], "loaded": []}


@pytest.fixture
def built(tmp_path: Path) -> sphinxproject.Built:
    return sphinxproject.build(tmp_path, DOWNLOADS)


def _download_links(built: sphinxproject.Built) -> list[str]:
    tags = re.findall(r"<a\b[^>]*>", built.html("downloads"))
    return [re.findall(r'href="([^"]*)"', tag)[0] for tag in tags if "roadmap-download" in tag]


def test_the_strict_build_links_the_exports_before_they_exist(built: sphinxproject.Built
                                                              ) -> None:
    assert built.warning_lines() == []
    assert not (built.outdir / FOLDER).exists()  # nothing was published: no PDF either
    links = _download_links(built)
    assert [f"{FOLDER}/{e.filename}" for e in EXPORTS] == links[:len(EXPORTS)]
    sphinxproject.export(built)
    for link in links[:len(EXPORTS)]:
        assert (built.outdir / link).is_file(), link
    assert all(not result.findings for result in check_built_site(built.outdir))


def test_the_next_builds_guards_judge_what_the_step_wrote(built: sphinxproject.Built) -> None:
    folder = sphinxproject.export(built)
    root = built.outdir.parents[1]
    assert sphinxproject.rebuild(root).warning_lines() == []  # the exports pass the guards
    (folder / "note.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" '
                                     'onload="alert(1)"/>\n', encoding="utf-8")
    lines = sphinxproject.rebuild(root).warning_lines()
    assert any("GUARD-SITE-ACTIVE" in line and "exports/note.svg" in line for line in lines)


def test_the_step_writes_only_when_its_inputs_changed(built: sphinxproject.Built,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    folder = sphinxproject.export(built)
    written = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    sphinxproject.export(built)
    assert "the exports are up to date" in capsys.readouterr().out
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == written
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # an input of the calendar
    sphinxproject.export(built)
    assert "up to date" not in capsys.readouterr().out
    assert b"DTSTAMP:20260101T000000Z" in (folder / "roadmap.ics").read_bytes()


def test_a_new_exports_folder_carries_the_published_pdf(built: sphinxproject.Built) -> None:
    """The step writes a new folder and renames it into place (all or none); the PDF the
    build published into the old folder is carried into the new one."""
    folder = built.outdir / FOLDER
    folder.mkdir()
    (folder / PDF.filename).write_bytes(b"%PDF-1.7 the published plan\n")
    before = folder.stat().st_ino
    sphinxproject.export(built)
    assert folder.stat().st_ino != before  # a new folder, renamed into place
    assert (folder / PDF.filename).read_bytes() == b"%PDF-1.7 the published plan\n"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        e.filename for e in (*EXPORTS, PDF))
