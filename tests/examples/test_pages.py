"""The guide pages themselves. Collecting this module also collects the Python blocks
of every page in implementation/, testing/ and monitoring/ (see conftest.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from guide_support import PAGE_DIRS, PAGES, ROOT, needs_in_pages, page_paths

from roadmap.directive_parser import split_list

INCLUDE = re.compile(r"^```\{literalinclude\}\s+(\S+)\n((?::[\w-]+:.*\n)*)", re.M)
SHOWN_FILES = ("implementation/code", "implementation/templates", "monitoring")
PLACEHOLDERS = re.compile(r"\b(TODO|TBD|lorem ipsum|coming soon|to be written)\b", re.I)


def _includes() -> list[tuple[Path, Path, dict[str, str]]]:
    found = []
    for page in page_paths():
        for match in INCLUDE.finditer(page.read_text(encoding="utf-8")):
            options = dict(re.findall(r"^:([\w-]+):\s*(.*)$", match.group(2), re.M))
            found.append((page, (page.parent / match.group(1)).resolve(), options))
    return found


def test_every_folder_has_an_index_with_all_its_pages_in_the_toctree() -> None:
    for folder in PAGE_DIRS:
        index = (ROOT / folder / "index.md").read_text(encoding="utf-8")
        toctree = re.search(r"```\{toctree\}\n(.*?)```", index, re.S)
        assert toctree, f"{folder}/index.md has no toctree"
        listed = {line.strip() for line in toctree.group(1).splitlines() if line.strip()}
        pages = {p.stem for p in (ROOT / folder).glob("*.md")} - {"index"}
        assert pages <= listed, f"{folder}: not in the toctree: {pages - listed}"


def test_every_included_file_exists_and_its_markers_too() -> None:
    for page, target, options in _includes():
        assert target.is_file(), f"{page.name}: {target} does not exist"
        text = target.read_text(encoding="utf-8")
        for key in ("start-after", "end-before"):
            if key in options:
                marker = options[key].strip().strip('"')
                assert marker in text, f"{page.name}: marker {marker!r} not in {target.name}"


def test_every_code_and_config_file_is_shown_on_a_page() -> None:
    """The reader sees all of the code that runs: nothing is kept off the pages."""
    shown = {target for _, target, _ in _includes()}
    for folder in SHOWN_FILES:
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in {".py", ".tf", ".yaml", ".yml", ".json"}:
                assert path.resolve() in shown, f"{path.relative_to(ROOT)} is not on any page"


GUIDES = [p for p in page_paths() if p.parent.name == "implementation" and p.stem != "index"]


@pytest.mark.parametrize("page", GUIDES, ids=lambda p: p.name)
def test_every_guide_runs_examples(page: Path) -> None:
    assert len(list(PAGES.parse(page).examples())) >= 2, f"{page.name} runs no example"


def test_example_needs_point_at_existing_files() -> None:
    examples = needs_in_pages("example")
    assert len(examples) >= 10
    problems = []
    for need_id, need in examples.items():
        line = need["option_lines"].get("path", need["line"])
        place = f"{need['page'].relative_to(ROOT)}:{line}"
        if not (ROOT / need["path"]).exists():
            problems.append(f"{place}: {need_id}: :path: {need['path']} does not exist")
        assert all(m.startswith("MS-") for m in split_list(need["implements"])), need_id
    assert not problems, "\n".join(problems)


def test_no_placeholder_words() -> None:
    for page in page_paths():
        assert not PLACEHOLDERS.search(page.read_text(encoding="utf-8")), page.name
