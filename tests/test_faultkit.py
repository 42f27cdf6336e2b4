"""The fault-injection harness itself: mutations apply exactly as written, or refuse;
warnings are matched on rule, message, need and place. The last test applies every
fixture to a copy of the docs tree without building, so a fixture that no longer fits
the pages fails fast."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import faultkit
import pytest
from faultkit import Fault, FixtureError, apply_mutation

PAGE = """\
# Security

```{milestone} Token library
:id: MS-SEC-02
:status: planned
:depends_on: MS-SEC-01
:addresses: GAP-SEC-AUTH

Body text with :id: MS-SEC-02 in prose.
```

```{metric} Routes
:id: MET-SEC-ROUTES
:measures: MS-SEC-02, MS-SEC-03
```
"""


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "security.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "other.md").write_text(
        "```{test} T\n:id: TST-A\n:verifies: MET-SEC-ROUTES, MS-SEC-02\n```\n",
        encoding="utf-8")
    (tmp_path / "ubproject.toml").write_text(
        "[needs.types.milestone]\n[needs.types.metric]\n[needs.types.test]\n",
        encoding="utf-8")
    (tmp_path / "conf.py").write_text(
        'source_suffix = {".md": "markdown"}\nneeds_from_toml = "ubproject.toml"\n',
        encoding="utf-8")
    return tmp_path


def page(tree: Path) -> str:
    return (tree / "modules" / "security.md").read_text(encoding="utf-8")


def test_set_replaces_or_adds_an_option(tree: Path) -> None:
    apply_mutation(tree, {"need": "MS-SEC-02", "set": {"status": "done", "priority": "high"}})
    assert ":status: done\n:depends_on: MS-SEC-01\n:addresses: GAP-SEC-AUTH\n:priority: high\n" \
           "\nBody" in page(tree)


def test_unset_add_to_and_remove_from(tree: Path) -> None:
    apply_mutation(tree, {"need": "MS-SEC-02", "file": "modules/security.md",
                          "unset": ["status"], "add_to": {"depends_on": "MS-SEC-99"},
                          "remove_from": {"addresses": "GAP-SEC-AUTH"}})
    assert ":id: MS-SEC-02\n:depends_on: MS-SEC-01, MS-SEC-99\n\nBody" in page(tree)


def test_values_are_written_as_myst_options(tree: Path) -> None:
    apply_mutation(tree, {"need": "MET-SEC-ROUTES", "set": {"operational": True,
                                                            "checks": ["A", "B"]}})
    assert ":operational: true\n:checks: A, B\n" in page(tree)


@pytest.mark.parametrize(("mutation", "error"), [
    ({"need": "MS-SEC-77", "set": {"due": 3}}, "not defined"),
    ({"need": "MS-SEC-02", "file": "other.md", "set": {"due": 3}}, "not other.md"),
    ({"need": "MS-SEC-02", "unset": ["owner"]}, "no :owner: option"),
    ({"need": "MS-SEC-02", "remove_from": {"depends_on": "MS-SEC-09"}}, "no MS-SEC-09"),
    ({"unlink": {"link": "verifies", "target": "MET-NONE"}}, "no need lists"),
    ({"file": "other.md", "replace": "not there", "with": "x"}, "occurs 0 times"),
    ({"file": "other.md", "create": "x"}, "exists already"),
    ({"file": "missing.md", "append": "x"}, "does not exist"),
    ({"shuffle": "everything"}, "unknown mutation"),
])
def test_a_mutation_that_does_not_fit_is_a_fixture_error(tree: Path, mutation: dict,
                                                         error: str) -> None:
    with pytest.raises(FixtureError, match=error):
        apply_mutation(tree, mutation)


def test_a_need_defined_twice_cannot_be_edited(tree: Path) -> None:
    (tree / "copy.md").write_text(PAGE, encoding="utf-8")
    with pytest.raises(FixtureError, match="more than once"):
        apply_mutation(tree, {"need": "MS-SEC-02", "set": {"due": 3}})
    assert faultkit.find_need(tree, "MS-SEC-02", occurrence=2).lineno == 3


def test_examples_in_code_blocks_are_not_needs(tree: Path) -> None:
    example = "How to write one:\n\n````markdown\n" + PAGE.split("\n\n```{metric}")[0] + "\n````\n"
    (tree / "howto.md").write_text(example, encoding="utf-8")
    apply_mutation(tree, {"need": "MS-SEC-02", "set": {"status": "done"}})
    assert ":status: done" in page(tree)
    assert ":status: planned" in (tree / "howto.md").read_text(encoding="utf-8")


def test_unlink_removes_a_target_everywhere(tree: Path) -> None:
    apply_mutation(tree, {"unlink": {"link": "verifies", "target": "MET-SEC-ROUTES"}})
    apply_mutation(tree, {"unlink": {"link": "depends_on", "target": "MS-SEC-01"}})
    assert ":verifies: MS-SEC-02\n" in (tree / "other.md").read_text(encoding="utf-8")
    assert ":depends_on:" not in page(tree)


def test_text_mutations(tree: Path) -> None:
    apply_mutation(tree, {"file": "modules/security.md", "replace": "# Security",
                          "with": "# Security hardening"})
    apply_mutation(tree, {"file": "modules/security.md", "append": "Appended.\n"})
    apply_mutation(tree, {"file": "new/page.md", "create": "# New\n"})
    assert page(tree).startswith("# Security hardening\n")
    assert page(tree).endswith("```\n\nAppended.\n")
    assert (tree / "new" / "page.md").read_text(encoding="utf-8") == "# New\n"


def test_needs_json_mutations(tmp_path: Path) -> None:
    path = tmp_path / "needs.json"
    path.write_text(json.dumps({"current_version": "1", "versions": {"1": {"needs": {
        "A": {"id": "A", "depends_on": ["B"]}, "B": {"id": "B"}}}}}), encoding="utf-8")
    faultkit.mutate_needs_json(path, {"drop": ["B"], "add_to": {"A": {"depends_on": "C"}},
                                      "set": {"A": {"status": "done"}}})
    needs = json.loads(path.read_text(encoding="utf-8"))["versions"]["1"]["needs"]
    assert needs == {"A": {"id": "A", "depends_on": ["B", "C"], "status": "done"}}
    with pytest.raises(FixtureError):
        faultkit.mutate_needs_json(path, {"drop": ["B"]})


def test_records_join_continuation_lines() -> None:
    output = ("ERROR: Need 'X' has schema violations:\n  Severity: violation\n\n"
              "a.md:3: WARNING: text [x.y]\n")
    assert faultkit.records(output) == [
        "ERROR: Need 'X' has schema violations: Severity: violation",
        "a.md:3: WARNING: text [x.y]"]
    assert len(faultkit.records(output, join_indented=False)) == 3


def fault(**expect: object) -> Fault:
    return Fault("f", "d", (), {"rule": "SCHED-DEP-ORDER", "message": "starts in week 2",
                                **expect})


@pytest.mark.parametrize(("record", "hit"), [
    ("a/b.md:12: WARNING: [SCHED-DEP-ORDER] MS-A-1: starts in week 2", True),  # the build
    ("a/b.md:12: [SCHED-DEP-ORDER] MS-A-1: starts in week 2", True),  # command line
    ("a/b.md:12: WARNING: [SCHED-DEP-ORDER] MS-A-10: starts in week 2", False),  # another need
    ("a/b.md:13: WARNING: [SCHED-DEP-ORDER] MS-A-1: starts in week 2", False),  # another line
    ("xa/b.md:12: WARNING: [SCHED-DEP-ORDER] MS-A-1: starts in week 2", False),  # another file
    ("a/b.md:12: WARNING: [SCHED-DEP-CYCLE] MS-A-1: starts in week 2", False),  # another rule
    ("a/b.md:12: WARNING: [SCHED-DEP-ORDER] MS-A-1: starts in week 3", False),  # another message
    ("a/b.md:12: WARNING: MS-A-1: starts in week 2 [roadmap.SCHED-DEP-ORDER]", False),  # no [ID]
])
def test_matching_needs_rule_message_need_and_place(record: str, hit: bool) -> None:
    assert faultkit.matches(fault(need="MS-A-1"), record, "a/b.md:12") is hit


def test_every_fault_applies_to_the_docs_tree(tmp_path: Path) -> None:
    """Without building: each fixture's mutation still fits the pages."""
    src = tmp_path / "src"
    faultkit.copy_tree(faultkit.DOCS_ROOT, src)
    pristine = tmp_path / "pristine"
    shutil.copytree(src, pristine)
    problems = []
    for item in faultkit.load_faults():
        for mutation in item.mutations:
            if mutation.get("built"):
                continue  # it edits the built site, which this test does not build
            try:
                apply_mutation(src, mutation)
            except FixtureError as error:
                problems.append(f"{item.name}: {error}")
        if item.expect.get("location") == "need" and "need" in item.expect:
            try:
                faultkit.find_need(src, item.expect["need"])
            except FixtureError as error:
                problems.append(f"{item.name}: {error}")
        _restore(item, src, pristine)
    assert problems == []


def _restore(item: faultkit.Fault, src: Path, pristine: Path) -> None:
    """The files the fixture edited back as they were (the whole tree when it edits every
    page): a copy of the tree per fixture is most of this test's time."""
    try:
        files = faultkit._files_of(item, pristine)
    except FixtureError:
        files = {"*"}
    if "*" in files:
        shutil.rmtree(src)
        shutil.copytree(pristine, src, symlinks=True)
        return
    for name in files:
        path, original = src / name, pristine / name
        if path.is_symlink() or path.is_file():
            path.unlink()
        if original.is_file():
            shutil.copy2(original, path)


# ------------------------------------------------------------------ batches
def _tiny_tree(root: Path) -> Path:
    """A small Sphinx project (tests/sphinxproject.py's plan) to break in a batch."""
    import sphinxproject

    root.mkdir(parents=True)
    # the slot links the package (src) and the tests into the tree: not pages
    (root / "conf.py").write_text(sphinxproject.CONF + 'exclude_patterns = ["_build", "src", '
                                  '"tests", "node_modules"]\n', encoding="utf-8")
    (root / "index.md").write_text("# Test\n\n```{toctree}\nplan\nextra\n```\n", encoding="utf-8")
    (root / "plan.md").write_text(sphinxproject.plan_page(), encoding="utf-8")
    (root / "extra.md").write_text("# Extra\n\nNothing here yet.\n", encoding="utf-8")
    (root / "examples").mkdir()
    (root / "examples" / "a.py").write_text("", encoding="utf-8")
    return root


def _batched(name: str, mutation: dict, location: dict) -> Fault:
    return Fault(name, "d", (mutation,), {"rule": "GUARD-NEED-HIDDEN", "need": "MS-A-02",
                                          "message": "carries ':hide:'", "location": location},
                 batch="b")


@pytest.mark.slow
def test_a_fault_in_a_batch_is_judged_on_its_own_file_and_line(tmp_path: Path) -> None:
    """Two fixtures built together expect the same rule and need; only the one whose
    file and line carry the message is caught."""
    hidden = _batched("hidden", {"need": "MS-A-02", "file": "plan.md", "set": {"hide": ""}},
                      {"need": "MS-A-02", "option": "hide"})
    harmless = _batched("harmless", {"file": "extra.md", "append": "More text.\n"},
                        {"file": "extra.md", "line": 1})
    assert faultkit.batches([hidden, harmless]) == [[hidden, harmless]]
    runner = faultkit.Runner(tmp_path / "work", workers=1, docs=_tiny_tree(tmp_path / "docs"))
    try:
        assert runner.pristine.pristine_exit == 0, runner.pristine.pristine_output
        outcomes = runner.run([hidden, harmless])
    finally:
        runner.cleanup()
    assert outcomes["hidden"].caught, outcomes["hidden"].explain()
    assert outcomes["hidden"].seconds == outcomes["harmless"].seconds  # one build
    assert not outcomes["harmless"].caught, outcomes["harmless"].explain()
    assert "NOT caught" in outcomes["harmless"].explain()


def test_fixtures_of_a_batch_must_edit_different_files(tree: Path) -> None:
    one = _batched("one", {"need": "MS-SEC-02", "set": {"status": "done"}}, {})
    two = _batched("two", {"file": "modules/security.md", "append": "x"}, {})
    with pytest.raises(FixtureError, match=r"both edit modules/security\.md"):
        faultkit._check_disjoint([one, two], tree)
    cli = Fault("three", "d", (), {}, mode="cli", batch="b")
    assert faultkit.batches([one, cli]) == [[one], [cli]]  # a cli fixture is never batched


def test_every_rule_of_the_catalogue_has_a_fault_fixture() -> None:
    """Each rule the suite can apply is broken by at least one fixture of tests/faults/
    (its expect.rule names it), so no rule is trusted without being seen to fire."""
    from roadmap.suite import catalogue

    covered = {str(f.expect["rule"]) for f in faultkit.load_faults()}
    rules = catalogue(faultkit.project_of(faultkit.DOCS_ROOT))
    missing = [rule.id for rule in rules if rule.id not in covered]
    assert not missing, (
        f"{len(missing)} of {len(rules)} rules have no fault fixture in tests/faults/ (for "
        "a rule of schemas.json, `python tests/schema_faults.py` writes one): "
        + ", ".join(missing))


def test_the_schema_fixtures_are_written() -> None:
    """Every schema of schemas.json that the generator understands has its fixture."""
    import schema_faults

    project = faultkit.project_of(faultkit.DOCS_ROOT)
    assert [f["name"] for f in schema_faults.missing_fixtures(project)] == []
