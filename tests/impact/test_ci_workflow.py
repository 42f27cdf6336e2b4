"""The GitHub Actions workflow of the review: actionlint (installed by the test extra),
shellcheck on every script step (as actionlint runs it), and the steps the review
needs. `make test` runs these, so the workflow that CI runs is linted here."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "review.yml"


def workflow() -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def steps() -> list[dict[str, Any]]:
    return [step for job in workflow()["jobs"].values() for step in job["steps"]]


def actionlint() -> str:
    """The actionlint of this virtualenv (the test extra installs it)."""
    found = Path(sys.executable).parent / "actionlint"
    if not found.is_file():
        pytest.fail(f"{found} is missing: `make test` installs actionlint with the test extra")
    return str(found)


def test_actionlint_passes() -> None:
    done = subprocess.run([actionlint(), "-no-color", str(WORKFLOW)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("step", [s for s in steps() if "run" in s], ids=lambda s: s["name"])
def test_every_script_step_passes_shellcheck(step: dict[str, Any], tmp_path: Path) -> None:
    if shutil.which("shellcheck") is None:
        pytest.fail("shellcheck is missing: make test installs it (Debian shellcheck)")
    script = tmp_path / "step.sh"
    # an expression is replaced by a word, as actionlint does before it runs shellcheck
    text = step["run"]
    while "${{" in text:
        start = text.index("${{")
        text = text[:start] + "EXPR" + text[text.index("}}", start) + 2:]
    script.write_text("#!/usr/bin/env bash\nset -e\n" + text, encoding="utf-8")
    done = subprocess.run(["shellcheck", "--shell=bash", str(script)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout


def test_a_pull_request_is_tested_reviewed_commented_and_its_site_kept() -> None:
    data = workflow()
    assert set(data[True]) == {"pull_request"}  # YAML reads the key `on` as True
    assert data["permissions"] == {"contents": "read", "pull-requests": "write"}
    runs = [s.get("run", "") for s in steps()]
    assert "make test" in runs
    (review,) = [r for r in runs if "scripts/review_comment.py" in r]
    assert '--base "origin/${BASE_REF}"' in review and "--post github" in review
    uses = [s["uses"] for s in steps() if "uses" in s]
    assert all("@v" in u for u in uses), uses
    (upload,) = [s for s in steps() if s.get("uses", "").startswith("actions/upload-artifact")]
    assert "_build/html" in upload["with"]["path"]
    (checkout,) = [s for s in steps() if s.get("uses", "").startswith("actions/checkout")]
    assert checkout["with"]["fetch-depth"] == 0  # the target branch's history, for the base
