"""The exports of the built site (``_build/html/exports/``) and what they are checked
against: the site's needs.json, its links and the program calendar."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from roadmap.exports import FOLDER, ExportSource, source_from
from roadmap.inputs import ProjectInputs

Link = tuple[str, str, str]  # source need, link type, target need


@pytest.fixture(scope="session")
def exports_dir(html_dir: Path) -> Path:
    folder = html_dir / FOLDER
    if not folder.is_dir():
        pytest.fail(f"no exports in {folder}: the HTML build writes them (make html)")
    return folder


@pytest.fixture(scope="session")
def export_source(needs_json_raw: dict[str, Any], project: ProjectInputs) -> ExportSource:
    return source_from(needs_json_raw, project.metamodel, project.settings, environ={})


@pytest.fixture(scope="session")
def site_links(export_source: ExportSource) -> list[Link]:
    """Every link of needs.json, once: (source, link type, target)."""
    return sorted((need.id, link, target) for need in export_source.needs()
                  for link in export_source.links() for target in need.targets_of(link))


@pytest.fixture(scope="session")
def changed_source(needs_json_raw: dict[str, Any], project: ProjectInputs
                   ) -> Callable[[Callable[[dict[str, dict[str, Any]]], None]], ExportSource]:
    """An export source of a copy of needs.json, changed by a function of its needs."""
    def make(change: Callable[[dict[str, dict[str, Any]]], None]) -> ExportSource:
        document = copy.deepcopy(needs_json_raw)
        version = document["versions"][document.get("current_version", "")]
        change(version["needs"])
        return source_from(document, project.metamodel, project.settings, environ={})
    return make
