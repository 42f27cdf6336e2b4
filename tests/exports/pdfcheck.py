"""What a PDF holds, as its readers and poppler's tools see it: the text
(``pdftotext``), the links (pypdf's link annotations) and the outline."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pypdf import PdfReader


def pdftotext(path: Path, *options: str) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: make pdf installs poppler-utils")
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@dataclass
class Links:
    internal: list[str] = field(default_factory=list)  # named destinations
    external: list[str] = field(default_factory=list)  # URIs


def links_of(reader: PdfReader) -> Links:
    found = Links()
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annot = annotation.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            action = action.get_object() if action is not None else {}
            if "/URI" in action:
                found.external.append(str(action["/URI"]))
            else:
                found.internal.append(str(annot.get("/Dest") or action.get("/D")))
    return found


def outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(getattr(item, "title", "")))

    walk(list(reader.outline))
    return titles
