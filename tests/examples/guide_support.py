"""Shared helpers of the executable-guide tests (paths, validators, needs in the pages)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PAGE_DIRS = ("implementation", "testing", "monitoring")
CODE_DIR = ROOT / "implementation" / "code"
PROMETHEUS_DIR = ROOT / "monitoring" / "prometheus"
ALERTMANAGER_DIR = ROOT / "monitoring" / "alertmanager"
GRAFANA_DIR = ROOT / "monitoring" / "grafana"


def page_paths() -> list[Path]:
    return sorted(p for folder in PAGE_DIRS for p in (ROOT / folder).glob("*.md"))


# ------------------------------------------------------------- tools

DEBIAN_PACKAGE = {"promtool": "prometheus", "amtool": "prometheus-alertmanager"}


def require_tool(name: str) -> str:
    """The path of a command-line validator; a missing one fails the test (never skips)."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"`{name}` is not installed. Run `make test`, which installs the Debian package "
            f"{DEBIAN_PACKAGE.get(name, name)!r} (scripts/ensure-debs.sh), then run pytest again.",
            pytrace=False,
        )
    return path


def run_tool(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, timeout=300, check=False
    )


# ------------------------------------------------- needs in the pages

_NEED = re.compile(
    r"^(`{3,})\{(\w+)\}[ \t]*([^\n]*)\n((?::[\w-]+:[^\n]*\n)*)(.*?)^\1[ \t]*$", re.M | re.S
)
_OPTION = re.compile(r"^:([\w-]+):[ \t]*([^\n]*)$", re.M)


def needs_in_pages(need_type: str, folders: tuple[str, ...] = PAGE_DIRS) -> dict[str, dict]:
    """Need directives of one type in the guides' pages: id -> options (plus title, page, body)."""
    found: dict[str, dict] = {}
    for page in page_paths():
        if page.relative_to(ROOT).parts[0] not in folders:
            continue
        for match in _NEED.finditer(page.read_text(encoding="utf-8")):
            if match.group(2) != need_type:
                continue
            options = dict(_OPTION.findall(match.group(4)))
            options.update(title=match.group(3).strip(), page=page, body=match.group(5))
            found[options["id"]] = options
    return found


def split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]
