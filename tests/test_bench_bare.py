"""The benchmark's bare site holds nothing of the roadmap extension.

``bench/bench_build.py`` compares the project's build with bare sphinx-needs on the same
pages: ``strip_project`` removes the extension from conf.py and rewrites what only the
extension understands. A role or directive the extension registers and the bare copy
keeps makes the bare build fail with an unknown-role warning after minutes of the
benchmark (the ``{need-field}`` role did, when the content began to use it); this test
reads the stripped pages instead, without a build.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from roadmap.sphinx_ext.need_field import ROLE

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import bench_build  # noqa: E402  (bench/ is not a package)

# everything the extension registers: its views (roadmap-*) and its need-field role
_EXTENSION_MARKUP = re.compile(r"\{(roadmap-[\w-]+|" + re.escape(ROLE) + r")\}")


def test_the_bare_copy_keeps_no_markup_of_the_extension(tmp_path: Path) -> None:
    bare = bench_build.copy_site(tmp_path / "bare")
    bench_build.strip_project(bare)
    kept = sorted(
        f"{page.relative_to(bare)}:{number}: {match.group(0)}"
        for page in bare.rglob("*.md") if not page.is_symlink()
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
        for match in _EXTENSION_MARKUP.finditer(line)
    )
    assert kept == []
    assert '"roadmap.sphinx_ext"' not in (bare / "conf.py").read_text(encoding="utf-8")


def test_a_need_field_becomes_sphinx_needs_own_inline_template() -> None:
    text = "The team of {need-field}`RES-ROLE-GRC.headcount` meets on {need-field}`MS-PGM-08.day`."
    assert bench_build._NEED_FIELD.sub(r"{need}`[[\2]] <\1>`", text) == (
        "The team of {need}`[[headcount]] <RES-ROLE-GRC>` meets on {need}`[[day]] <MS-PGM-08>`.")
