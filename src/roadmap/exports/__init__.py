"""The plan in the formats of the tools people already use.

Each export is a pure function from an :class:`~roadmap.exports.source.ExportSource`
(the site's needs.json, its graph and the settings) to the bytes of one file, one
module per format. :data:`EXPORTS` lists them once: ``python -m roadmap export`` writes
them into any folder (``make html`` runs it after Sphinx into ``_build/html/exports/``,
only when :mod:`roadmap.exports.stamp` says its inputs changed), and the Downloads page
lists them from here.

Importing this package imports no writer: each format's module (and its library:
icalendar, reqif and lxml, openpyxl) is imported when its file is written, so the
Sphinx build, which reads :data:`EXPORTS` for the Downloads page, never loads them.
"""

from __future__ import annotations

import importlib
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from roadmap.exports.source import ExportError, ExportSource, source_from

FOLDER = "exports"


@dataclass(frozen=True)
class Export:
    filename: str
    title: str
    audience: str  # who uses it, and how
    write: Callable[[ExportSource], bytes]


def _writer(module: str, function: str) -> Callable[[ExportSource], bytes]:
    """The function ``function`` of ``roadmap.exports.<module>``, imported when called."""
    def write(source: ExportSource) -> bytes:
        made: bytes = getattr(importlib.import_module(f"{__name__}.{module}"), function)(source)
        return made

    write.__qualname__ = f"{module}.{function}"
    return write


NEEDS_FILE, TOML_FILE = "roadmap-needs.json", "roadmap-needs.toml"  # consumer.py's files

EXPORTS: tuple[Export, ...] = (
    Export("roadmap.ics", "Calendar (iCalendar)",
           "Program managers: subscribe to it in a calendar app (Outlook, Google Calendar, "
           "Apple Calendar, Thunderbird) to see every milestone, weekly checkpoint and gate "
           "decision on its dates.", _writer("ical", "roadmap_ics")),
    Export("roadmap.csv", "Jira import (CSV)",
           "Program managers: import it into Jira with the CSV importer (External System "
           "Import) to get one issue per need, phases and workstreams as epics, with "
           "parents and dependency links.", _writer("sheet", "roadmap_csv")),
    Export("roadmap.xlsx", "Spreadsheet (Excel workbook)",
           "Everyone: open it in Excel or LibreOffice to sort and filter the needs by phase, "
           "workstream, owner, status or week.", _writer("sheet", "roadmap_xlsx")),
    Export("roadmap.reqif", "Requirements interchange (ReqIF 1.2)",
           "Auditors: import it into DOORS, Polarion or StrictDoc "
           "(strictdoc convert --reqif-profile p01_sdoc --reqif-import-markup Markdown).",
           _writer("reqif_xml", "roadmap_reqif")),
    Export(NEEDS_FILE, "Needs for other Sphinx projects (needs.json)",
           "Other teams' Sphinx sites: load it with needs_external_needs (or needimport) to "
           "link to our needs and list them in their needtables.",
           _writer("consumer", "roadmap_needs_json")),
    Export(TOML_FILE, "Their configuration (TOML)",
           "Other teams' Sphinx sites: the need types, fields and links of that file; point "
           "needs_from_toml at it, or merge its tables into their ubproject.toml.",
           _writer("consumer", "roadmap_needs_toml")),
)


# The PDF of `make pdf` (conf.py's simplepdf_file_name), published beside the exports:
# `make html` writes it when its inputs changed, and the HTML build copies it here (a
# new exports folder carries it over from the one it replaces).
PDF = Export("novacron-roadmap.pdf", "The roadmap as a PDF (A4)",
             "Everyone, on paper or offline: the landing page, the executive roadmap, the "
             "phase plans, the risk register and the status report, with a table of "
             "contents, page numbers and every need reference as a link.",
             lambda source: b"")


def write_exports(source: ExportSource, folder: Path) -> list[Path]:
    """Every export written into ``folder``, all or none: each is made before any is
    written, then written into a new folder beside ``folder`` that replaces it by a
    rename, so a failing export leaves the old folder as it was, never half rewritten.
    The PDF the HTML build published there is carried into the new folder. A folder
    that also holds other files (``roadmap export --output`` names any folder) is not
    replaced: each file is replaced on its own."""
    contents = {export.filename: export.write(source) for export in EXPORTS}
    ours = {export.filename for export in (*EXPORTS, PDF)}
    if folder.is_dir() and any(p.name not in ours for p in folder.iterdir()):
        for name, data in contents.items():
            _write_file(folder / name, data)
    else:
        _write_folder(folder, contents)
    return [folder / name for name in contents]


def _write_file(path: Path, data: bytes) -> None:
    fresh = path.with_name(f".{path.name}.new-{os.getpid()}")
    fresh.write_bytes(data)
    os.replace(fresh, path)


def _write_folder(folder: Path, contents: dict[str, bytes]) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{folder.name}-new-", dir=folder.parent))
    try:
        for name, data in contents.items():
            (fresh / name).write_bytes(data)
        if (folder / PDF.filename).is_file():
            shutil.copy2(folder / PDF.filename, fresh / PDF.filename)
        fresh.chmod(0o755)  # mkdtemp's folder is private; the site serves this one
        _replace(folder, fresh)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def _replace(folder: Path, fresh: Path) -> None:
    """``fresh`` in place of ``folder``, by renames (the old one kept until then)."""
    old = folder.with_name(f".{folder.name}-old-{os.getpid()}")
    if folder.exists():
        folder.rename(old)
    try:
        fresh.rename(folder)
    except OSError:
        if old.exists():
            old.rename(folder)
        raise
    shutil.rmtree(old, ignore_errors=True)


__all__ = ["EXPORTS", "FOLDER", "PDF", "Export", "ExportError", "ExportSource", "source_from",
           "write_exports"]
