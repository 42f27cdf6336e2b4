"""GUARD-SOURCE-LINK: a folder linked into the tree is named once and left out of the
pages (Sphinx would follow a loop to the root at every level)."""

from __future__ import annotations

from pathlib import Path

from roadmap.inputs import discover_pages, looping_links
from roadmap.rules.paths import check_source_links

CONF = {"source_suffix": {".md": "markdown"}, "exclude_patterns": ["_build"]}


def tree(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    (root / "guide").mkdir(parents=True)
    (root / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "guide" / "page.md").write_text("# Page\n", encoding="utf-8")
    (root / "guide" / "up").symlink_to("..", target_is_directory=True)
    (root / "again").symlink_to("guide", target_is_directory=True)
    (tmp_path / "outside").mkdir()
    (root / "shared").symlink_to(tmp_path / "outside", target_is_directory=True)
    return root


def test_a_loop_and_a_second_copy_are_named_once(tmp_path: Path) -> None:
    root = tree(tmp_path)
    assert looping_links(root, CONF["exclude_patterns"]) == ["again", "guide/up"]
    found = {f.file: f.message for f in check_source_links(root, ["_build"]).findings}
    assert set(found) == {"again", "guide/up"}
    assert "symbolic link to the root of the tree, an ancestor of itself" in found["guide/up"]
    assert "symbolic link to guide/, a folder of the tree" in found["again"]


def test_the_pages_leave_the_links_out(tmp_path: Path) -> None:
    assert discover_pages(tree(tmp_path), CONF) == ["guide/page.md", "index.md"]


def test_the_links_the_build_left_out_are_still_named(tmp_path: Path) -> None:
    root = tree(tmp_path)
    excluded = ["_build", "guide/up", "guide/up/**", "again", "again/**"]
    assert len(check_source_links(root, excluded).findings) == 2
