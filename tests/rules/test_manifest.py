"""GUARD-MANIFEST: the build's record of its needs, next to needs.json, makes an
emptied or shrunken export fail even without --source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from minigraph import plan

from roadmap import cli
from roadmap.directive_parser import declared_needs
from roadmap.inputs import from_conf
from roadmap.manifest import MANIFEST, ManifestError, read_manifest, write_manifest

PROJECT = from_conf(Path(__file__).resolve().parents[2])
PAGE = "".join(f"```{{{n['type']}}} {n['id']}\n:id: {n['id']}\n```\n\n" for n in plan().values())


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A needs.json of the base plan and the manifest a build of PAGE would write."""
    (tmp_path / "needs.json").write_text(json.dumps(
        {"current_version": "1", "versions": {"1": {"needs": plan()}}}), encoding="utf-8")
    write_manifest(tmp_path, declared_needs({"plan.md": PAGE}, PROJECT.metamodel.types))
    return tmp_path


def test_manifest_round_trip(site: Path) -> None:
    manifest = read_manifest(site / MANIFEST)
    assert set(manifest.needs) == set(plan())
    assert manifest.needs["MS-A-02"].file == "plan.md"
    assert manifest.needs["MS-A-02"].line == PAGE.split("\n").index("```{milestone} MS-A-02") + 1


def test_a_healthy_export_passes(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(site / "needs.json")]) == 0
    assert "ok   GUARD-MANIFEST" in capsys.readouterr().out


@pytest.mark.parametrize("dropped", [["MS-A-02"], list(plan())])
def test_a_shrunken_or_emptied_export_fails(site: Path, dropped: list[str],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    needs = {k: v for k, v in plan().items() if k not in dropped}
    (site / "needs.json").write_text(json.dumps(
        {"current_version": "1", "versions": {"1": {"needs": needs}}}), encoding="utf-8")
    assert cli.main(["check", str(site / "needs.json")]) == 1
    out = capsys.readouterr().out
    line = read_manifest(site / MANIFEST).needs["MS-A-02"].line
    assert (f"plan.md:{line}: [GUARD-MANIFEST] MS-A-02: milestone declared by the build (see "
            f"{MANIFEST}) is missing from {site / 'needs.json'}") in out


def test_a_need_the_build_did_not_declare(site: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    needs = plan({"MS-A-03": {"type": "milestone", "lineno": 7}})
    (site / "needs.json").write_text(json.dumps(
        {"current_version": "1", "versions": {"1": {"needs": needs}}}), encoding="utf-8")
    assert cli.main(["check", str(site / "needs.json")]) == 1
    assert ("plan.md:7: [GUARD-MANIFEST] MS-A-03: is in the needs.json but the build that "
            f"wrote {MANIFEST} declared no such need") in capsys.readouterr().out


@pytest.mark.parametrize(("content", "message"), [
    ("[]", "not a roadmap manifest of format 1"),
    ("{", "not a roadmap manifest (not readable JSON)"),
    ('{"format": 1, "needs": {"A": 3}}', "the entry of A is not"),
])
def test_a_broken_manifest_is_a_bad_input(site: Path, content: str, message: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    (site / MANIFEST).write_text(content, encoding="utf-8")
    assert cli.main(["check", str(site / "needs.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {site / MANIFEST}: ") and message in err


def test_an_edited_manifest_does_not_match_its_fingerprint(site: Path) -> None:
    data = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    del data["needs"]["MS-A-02"]
    (site / MANIFEST).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ManifestError, match="count or fingerprint does not match"):
        read_manifest(site / MANIFEST)
