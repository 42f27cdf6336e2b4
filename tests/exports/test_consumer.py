"""The needs for other Sphinx projects: fresh consumer projects load roadmap-needs.json
with the published TOML, through needs_external_needs and through needimport (on a
Markdown and an rst page), and build under -W without a single warning; on either page
the needs' Markdown bodies read as Markdown (code spans, links, tables); a consumer
that cannot parse Markdown is told so by a warning instead of showing them wrong."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from roadmap.exports import ExportSource
from roadmap.exports.consumer import NEEDS_FILE, TOML_FILE, TYPE_PREFIX

SITE = "https://roadmap.novacron.example"
CONF = f'''
project = "Consumer"
extensions = ["myst_parser", "sphinx_needs"]
source_suffix = {{".md": "markdown", ".rst": "restructuredtext"}}
exclude_patterns = ["_build"]
nitpicky = True
needs_from_toml = "{TOML_FILE}"
'''
EXTERNAL = f'''
needs_external_needs = [{{"json_path": "{NEEDS_FILE}", "base_url": "{SITE}",
                          "id_prefix": ""}}]
'''
PHASE_TABLE_MD = '''
```{needtable}
:filter: type == "nc_milestone" and "PH-2" in phase
:columns: id, title, owner, due
```
'''
PHASE_TABLE_RST = '''
.. needtable::
   :filter: type == "nc_milestone" and "PH-2" in phase
   :columns: id, title, owner, due
'''


def consumer(folder: Path, exports_dir: Path, conf: str, pages: dict[str, str]) -> str:
    """Build a consumer project; its warnings (none expected)."""
    folder.mkdir(parents=True)
    for name in (NEEDS_FILE, TOML_FILE):
        shutil.copy(exports_dir / name, folder / name)
    (folder / "conf.py").write_text(conf, encoding="utf-8")
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b",
                             "html", str(folder), str(folder / "_build")],
                            capture_output=True, text=True, check=False)
    return (result.stderr + ("" if result.returncode == 0 else f"exit {result.returncode}"))


def milestones_of_phase_2(export_source: ExportSource) -> set[str]:
    return {n.id for n in export_source.graph.of_type("milestone")
            if "PH-2" in n.targets_of("phase")}


def table_ids(html: str) -> set[str]:
    table = html[html.index("NEEDS_DATATABLES"):]
    return set(re.findall(r">(MS-[A-Z0-9-]+)<", table[:table.index("</table>")]))


def test_types_are_namespaced_and_bodies_portable(exports_dir: Path) -> None:
    data = json.loads((exports_dir / NEEDS_FILE).read_text(encoding="utf-8"))
    needs: dict[str, dict[str, Any]] = data["versions"][data["current_version"]]["needs"]
    assert all(n["type"].startswith(TYPE_PREFIX) for n in needs.values())
    assert {n["type_name"] for n in needs.values() if n["type"] == "nc_test"} == {
        "Test strategy"}
    bodies = "\n".join(n["content"] for n in needs.values())
    assert "{need}`" not in bodies
    assert not re.search(r"\]\((?!https?://)[^)]*\)", bodies), "a relative link is left"


def test_the_toml_declares_what_the_file_holds(exports_dir: Path,
                                               export_source: ExportSource) -> None:
    declared = tomllib.loads((exports_dir / TOML_FILE).read_text(encoding="utf-8"))["needs"]
    assert set(declared["types"]) == {TYPE_PREFIX + t for t in export_source.metamodel.types}
    assert declared["types"]["nc_test"] == {"title": "Test strategy", "prefix": "TST-",
                                            "color": "#DCB239", "style": "node"}
    assert set(declared["links"]) == set(export_source.metamodel.links)
    assert set(declared["fields"]) == set(export_source.metamodel.fields) - {"status"}
    assert not any("derive_by_type" in f for f in declared["fields"].values())


@pytest.mark.slow
def test_external_needs_build_clean(tmp_path: Path, exports_dir: Path,
                                    export_source: ExportSource) -> None:
    page = f"# Consumer\n{PHASE_TABLE_MD}\nOur key milestone is {{need}}`MS-SEC-05`.\n"
    warnings = consumer(tmp_path / "external", exports_dir, CONF + EXTERNAL, {"index.md": page})
    assert warnings == ""
    html = (tmp_path / "external" / "_build" / "index.html").read_text(encoding="utf-8")
    assert table_ids(html) == milestones_of_phase_2(export_source)
    assert f'href="{SITE}/modules/security-roadmap.html#MS-SEC-05"' in html


@pytest.mark.slow
@pytest.mark.parametrize("page", ["index.md", "index.rst"])
def test_needimport_builds_clean(tmp_path: Path, exports_dir: Path,
                                 export_source: ExportSource, page: str) -> None:
    if page.endswith(".md"):
        text = f"# Consumer\n\n```{{needimport}} {NEEDS_FILE}\n```\n{PHASE_TABLE_MD}"
    else:
        text = f"Consumer\n========\n\n.. needimport:: {NEEDS_FILE}\n{PHASE_TABLE_RST}"
    warnings = consumer(tmp_path / "import", exports_dir, CONF, {page: text})
    assert warnings == ""
    html = (tmp_path / "import" / "_build" / "index.html").read_text(encoding="utf-8")
    assert "{need}" not in html
    assert table_ids(html) == milestones_of_phase_2(export_source)
    assert html.count('class="need') >= len(export_source.graph.needs)
    assert_bodies_read_as_markdown(html)


def assert_bodies_read_as_markdown(html: str) -> None:
    """Code spans as code, Markdown links as links, tables as tables: nothing of the
    Markdown is left as text (an rst parse left 92 of 251 needs so)."""
    assert "<code" in html and "http_server_request_duration_seconds</span></code>" in html
    assert (f'<a class="reference external" href="{SITE}/modules/security-roadmap.html'
            '#the-three-critical-findings-at-baseline">security roadmap</a>') in html
    assert re.search(r"<th[^>]*><p>Configuration</p></th>", html), "a body's table"
    text = re.sub(r"<[^>]+>", " ", html)
    leftovers = [marker for marker in ("](https://", "| --- |", "**") if marker in text]
    assert not leftovers, leftovers


def one_need_exports(exports_dir: Path, folder: Path, need_id: str) -> Path:
    """The published files with one need left in the needs file (a need without links of
    its own): what a consumer is told about a body's doctype does not need all 251."""
    folder.mkdir()
    shutil.copy(exports_dir / TOML_FILE, folder / TOML_FILE)
    data = json.loads((exports_dir / NEEDS_FILE).read_text(encoding="utf-8"))
    version = data["versions"][data["current_version"]]
    version["needs"] = {need_id: version["needs"][need_id]}
    (folder / NEEDS_FILE).write_text(json.dumps(data), encoding="utf-8")
    return folder


@pytest.mark.slow
def test_a_consumer_without_markdown_is_warned(tmp_path: Path, exports_dir: Path) -> None:
    conf = CONF.replace('["myst_parser", "sphinx_needs"]', '["sphinx_needs"]').replace(
        '{".md": "markdown", ".rst": "restructuredtext"}', '{".rst": "restructuredtext"}')
    text = f"Consumer\n========\n\n.. needimport:: {NEEDS_FILE}\n"
    published = one_need_exports(exports_dir, tmp_path / "exports", "RES-ROLE-QA")
    warnings = consumer(tmp_path / "rst-only", published, conf, {"index.rst": text})
    assert "Imported needs declare doctype '.md'" in warnings
    assert "[needs.import_doctype]" in warnings and warnings.endswith("exit 1")
