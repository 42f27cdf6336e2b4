"""A real editor: Neovim (Debian's 0.7), headless, with its built-in LSP client, opens a
page of the site, the server publishes, a link is broken in the buffer, and Neovim then
holds the build's warning at the build's line; go to definition and hover answer too."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SESSION = Path(__file__).with_name("nvim_session.lua")
PAGE = "modules/security-roadmap.md"


def nvim() -> str:
    path = shutil.which("nvim")
    if path is None:
        pytest.fail("`nvim` is not installed. Run `make test`, which installs the Debian "
                    "package 'neovim' (scripts/ensure-debs.sh), then run pytest again.",
                    pytrace=False)
    return path


def test_neovim_shows_the_broken_link_at_the_build_line(tmp_path: Path) -> None:
    out = tmp_path / "session.json"
    env = {**os.environ, "ROADMAP_ROOT": str(ROOT), "ROADMAP_PAGE": PAGE,
           "ROADMAP_PYTHON": sys.executable, "ROADMAP_NVIM_OUT": str(out),
           "ROADMAP_NVIM_WAIT": "300", "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path)}
    proc = subprocess.run([nvim(), "--headless", "-n", "-i", "NONE", "-u", str(SESSION)],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=900,
                          check=False)
    assert out.is_file(), f"Neovim wrote nothing (exit {proc.returncode}): {proc.stderr}"
    session = json.loads(out.read_text(encoding="utf-8"))
    assert [s["ok"] for s in session["steps"]] == [True, True], session["steps"]
    assert session["before"] == []  # the page as it is builds clean
    assert session["after"] == [{
        "lnum": session["fence"], "col": 0, "severity": 1, "source": "sphinx-needs",
        "code": "needs.link_outgoing",
        "message": "Need 'MS-SEC-05' has unknown outgoing link 'MS-SEC-99' in field "
                   "'depends_on'"}]
    lines = (ROOT / PAGE).read_text(encoding="utf-8").split("\n")
    assert lines[session["fence"]].startswith("```{milestone}")  # the need's directive
    target = session["definition"]
    assert target["uri"] == (ROOT / PAGE).as_uri()
    assert lines[target["range"]["start"]["line"]] == ":id: MS-SEC-04"
    assert "**MS-SEC-04** · Milestone" in session["hover"]["contents"]["value"]
