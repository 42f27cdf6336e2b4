"""Every bad input of ``python -m roadmap check`` gets one line naming the file and what
is wrong, and exit status 2 (1 is "findings"); never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from minigraph import PROJECT, plan

from roadmap import cli, graph

EXIT_BAD_INPUT = 2


def needs_json(needs: Any, version: Any = "1") -> dict[str, Any]:
    return {"current_version": version, "versions": {"1": {"needs": needs}}}


def write(path: Path, data: Any) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


GOOD = needs_json(plan())


def bad_need(**values: Any) -> dict[str, Any]:
    needs = plan()
    needs["MS-A-01"] = {**needs["MS-A-01"], **values}
    return needs_json(needs)


# (case, file content, what the one error line must say)
BAD_NEEDS_JSON: list[tuple[str, Any, str]] = [
    ("top level a list", [], "the top level is a list, expected an object"),
    ("top level null", "null", "the top level is missing (or null)"),
    ("top level a string", '"needs"', "the top level is a string"),
    ("no versions", {"needs": {}}, '"versions" is missing (or null)'),
    ("versions a list", {"versions": []}, '"versions" is a list'),
    ("current_version a list", {"current_version": [], "versions": {"1": {"needs": {}},
                                                                     "2": {"needs": {}}}},
     "current_version is a list"),
    ("needs a list", needs_json([]), 'versions["1"]["needs"] is a list'),
    ("needs missing", {"current_version": "1", "versions": {"1": {}}},
     'versions["1"]["needs"] is missing'),
    ("one need a string", needs_json({"MS-A": "milestone"}),
     "need #1 ('MS-A') is a string, expected an object"),
    ("a need without id", needs_json({"MS-A": {"type": "milestone"}}),
     "need #1 ('MS-A') has no \"id\""),
    ("an id that is a number", needs_json({"MS-A": {"id": 12, "type": "milestone"}}),
     "need #1 ('MS-A') has no \"id\""),
    ("a link holding a number", bad_need(depends_on=5),
     'link "depends_on" is int 5, expected a list of need IDs'),
    ("a link holding numbers", bad_need(requires=[1, 2]),
     'link "requires" is list [1, 2], expected a list of need IDs'),
    ("a link holding an object", bad_need(addresses={"GAP-A": 1}),
     'link "addresses" is dict'),
    ("nested 200,000 deep", "[" * 200_000 + "]" * 200_000, "nested too deeply"),
    ("not JSON", "{needs", "not valid JSON"),
    ("not UTF-8", b"\xff\xfe{".decode("latin-1"), "not valid JSON"),
    ("empty file", "", "not valid JSON"),
]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(("case", "content", "expected"), BAD_NEEDS_JSON,
                         ids=[c[0] for c in BAD_NEEDS_JSON])
def test_bad_needs_json_is_one_line_and_exit_2(case: str, content: Any, expected: str,
                                               tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "needs.json", content)
    code, _, err = run(["check", str(path)], capsys)
    assert code == EXIT_BAD_INPUT, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}"), err
    assert expected in lines[0], lines[0]


def test_a_needs_json_that_is_a_folder_or_missing(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    for path, expected in ((tmp_path, "cannot read it"), (tmp_path / "none.json",
                                                          "No such file")):
        code, _, err = run(["check", str(path)], capsys)
        assert code == EXIT_BAD_INPUT and expected in err and err.count("\n") == 1, err


# (case, extra arguments given a folder to put files in, what the error says)
def bad_arguments(tmp: Path) -> list[tuple[str, list[str], str]]:
    if tmp.is_dir():
        (tmp / "empty-site").mkdir()
        write(tmp / "schemas-list.json", [])
        write(tmp / "schemas-null.json", "null")
        write(tmp / "schemas-entry.json", {"schemas": ["x"]})
        (tmp / "no-conf").mkdir()
    return [
        ("--output into a missing folder", ["--output", str(tmp / "no" / "report.txt")],
         "--output names a file in a folder that does not exist"),
        ("--output is a folder", ["--output", str(tmp)], "--output names a folder"),
        ("--schemas a list", ["--schemas", str(tmp / "schemas-list.json")],
         'expected an object with a list of "schemas"'),
        ("--schemas null", ["--schemas", str(tmp / "schemas-null.json")],
         'expected an object with a list of "schemas"'),
        ("--schemas entry not an object", ["--schemas", str(tmp / "schemas-entry.json")],
         'schema #1 is not an object with an "id"'),
        ("--schemas missing", ["--schemas", str(tmp / "none.json")], "cannot read"),
        ("--toml missing", ["--toml", str(tmp / "none.toml")], "none.toml"),
        ("--html missing", ["--html", str(tmp / "no-site")], "--html names no built site"),
        ("--html a site without pages", ["--html", str(tmp / "empty-site")],
         "--html names no built site (no page"),
        ("--source missing", ["--source", str(tmp / "no-docs")], "--source names no folder"),
        ("--source without conf.py", ["--source", str(tmp / "no-conf")], "conf.py"),
        ("--project without conf.py", ["--project", str(tmp / "no-conf")], "conf.py"),
    ]


ARGUMENT_CASES = 12  # bad_arguments() needs a folder, so the cases are made per test


def test_every_argument_case_runs() -> None:
    assert len(bad_arguments(Path("/nonexistent"))) == ARGUMENT_CASES


@pytest.mark.parametrize("index", range(ARGUMENT_CASES))
def test_bad_arguments_are_one_line_and_exit_2(index: int, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    case, extra, expected = bad_arguments(tmp_path)[index]
    good = write(tmp_path / "needs.json", GOOD)
    code, _, err = run(["check", str(good), *extra], capsys)
    assert code == EXIT_BAD_INPUT, f"{case}: exit {code}, {err}"
    assert err.count("\n") == 1 and err.startswith("error: "), f"{case}: {err}"
    assert expected in err, f"{case}: {err}"


WEIRD_VALUES: list[Any] = [None, "", "x", -1, 0, 1.5, True, [], [1], {}, {"a": 1}, "MS-NONE"]


def test_no_value_of_any_key_of_a_need_makes_a_traceback(tmp_path: Path) -> None:
    """Each key of a milestone, a metric, a risk and a resource set to each odd value:
    the check reports (exit 0, 1 or 2) and never raises."""
    problems = []
    for need_id in ("MS-A-01", "MET-B", "RSK-A", "RES-ROLE-A", "PH-1", "QG-1"):
        for key in sorted({*plan()[need_id], "lineno", "docname", "title", "type"}):
            for value in WEIRD_VALUES:
                needs = plan()
                needs[need_id] = {**needs[need_id], key: value}
                path = write(tmp_path / "needs.json", needs_json(needs))
                try:
                    code = cli.main(["check", str(path), "--format", "json"])
                except Exception as error:  # the test is that none escapes
                    problems.append(f"{need_id}.{key} = {value!r}: {type(error).__name__}: "
                                    f"{error}")
                    continue
                if code not in (0, 1, 2):
                    problems.append(f"{need_id}.{key} = {value!r}: exit {code}")
    assert not problems, "\n".join(problems[:40])


def test_the_module_entry_point_prints_no_traceback(tmp_path: Path) -> None:
    path = write(tmp_path / "needs.json", [])
    proc = subprocess.run([sys.executable, "-m", "roadmap", "check", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == EXIT_BAD_INPUT
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr


# (field of MS-A-01, a value that cannot be read as it, what the one line says)
UNREADABLE: list[tuple[str, Any, str]] = [
    ("effort", float("nan"), "effort is NaN, expected a finite number"),
    ("start", float("inf"), "start is Infinity, expected a finite number"),
    ("due", float("-inf"), "due is Infinity, expected a finite number"),
    ("effort", {"weeks": 4}, "effort is an object {'weeks': 4}, expected a number"),
    ("start", "3", "start is a text '3', expected a whole number"),
    ("start", 10**15, "start is a number 1000000000000000, expected a whole number from"),
    ("owner", 42, "owner is a number 42, expected a text"),
    ("owner", ["Security Lead"], "owner is a list ['Security Lead'], expected a text"),
    ("title", {"text": "x"}, "title is an object {'text': 'x'}, expected a text"),
    ("operational", "yes", "operational is a text 'yes', expected true or false"),
    ("lineno", "12", "lineno is a text '12', expected a line number"),
    ("sections", [float("nan")], "sections is a value holding NaN or Infinity"),
]
COMMANDS = ("check", "status", "export", "diff")


def _argv(command: str, path: Path, tmp_path: Path) -> list[str]:
    if command == "export":
        return ["export", str(path), "--output", str(tmp_path / "out")]
    if command == "diff":
        return ["diff", str(write(tmp_path / "base.json", GOOD)), str(path)]
    return [command, str(path)]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("field", "value", "expected"), UNREADABLE,
                         ids=[f"{f}={v!r}" for f, v, _ in UNREADABLE])
def test_an_unreadable_value_is_one_located_line_in_every_command(
        command: str, field: str, value: Any, expected: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "needs.json", json.dumps(bad_need(**{field: value}), indent=1))
    code, _, err = run(_argv(command, path, tmp_path), capsys)
    assert code == EXIT_BAD_INPUT, (code, err)
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert f"{path}:" in lines[0] and "[GUARD-VALUES] MS-A-01: " + expected in lines[0], lines
    line = int(lines[0].split(f"{path}:")[1].split(":")[0])
    assert json.dumps(field) in path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert not (tmp_path / "out").exists()


def test_a_hidden_character_is_a_finding_of_check_and_refused_by_export(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "needs.json", bad_need(title="Secrets \u202e50-CES-SM"))
    code, out, _ = run(["check", str(path)], capsys)
    assert code == 1 and "[GUARD-VALUES] MS-A-01: title holds U+202E RIGHT-TO-LEFT OVERRIDE" \
        in out, out
    code, _, err = run(["export", str(path), "--output", str(tmp_path / "out")], capsys)
    assert code == EXIT_BAD_INPUT and "U+202E" in err and err.count("\n") == 1, err


@pytest.mark.parametrize(("setting", "value", "expected"), [
    ("ROADMAP_AS_OF", "\u00b2", "expected a program week (a whole number from 0 to 10000)"),
    ("ROADMAP_AS_OF", "2024-01-01", "(a date before week 1)"),
    ("ROADMAP_AS_OF", "1022", "(it lies after the last program week, week 518)"),
])
def test_an_as_of_week_outside_the_calendar_is_refused(
        setting: str, value: str, expected: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(setting, value)
    path = write(tmp_path / "needs.json", GOOD)
    code, _, err = run(["status", str(path)], capsys)
    assert code == EXIT_BAD_INPUT and expected in err and err.count("\n") == 1, err
    assert "conf.py:" in err and "[roadmap.settings]" in err, err


@pytest.mark.parametrize(("value", "expected"), [
    (float("nan"), "due is NaN, expected a finite number"),
    ({"week": 4}, "due is an object {'week': 4}, expected a whole number"),
    ("4", "due is a text '4', expected a whole number")])
def test_a_baseline_with_an_unreadable_value_is_one_located_line(
        value: Any, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    baseline = {"format": "roadmap-baseline/1", "approved": "2025-10-03",
                "approved_by": "Sponsor", "note": "",
                "needs": {"MS-A-01": {"type": "milestone", "title": "A", "due": value}}}
    base = write(tmp_path / "approved.json", json.dumps(baseline, indent=1))
    code, _, err = run(["diff", str(base), str(write(tmp_path / "needs.json", GOOD))], capsys)
    assert code == EXIT_BAD_INPUT and err.count("\n") == 1, err
    assert f"{base}:" in err and f"[GUARD-VALUES] MS-A-01: {expected}" in err, err


class _ReadsLikeAMapping:
    """A need as a running build holds it: keys and values, but no dict."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def items(self) -> Any:
        return iter(self._data.items())


def test_a_need_reads_the_same_from_needs_json_and_from_a_build() -> None:
    """needs.json's dicts take a quicker way into the graph than a build's needs: the
    same need either way, for every need of the plan and for links of every shape."""
    needs = plan()
    needs["MS-A-01"] = {**needs["MS-A-01"], "depends_on": "MS-A-02, MS-A-03",
                        "requires": [], "addresses": None, "doctype": ".rst",
                        "lineno": True}
    link_types = frozenset(PROJECT.metamodel.links)
    for entry in needs.values():
        assert graph.need_from_mapping(entry, link_types) == graph.need_from_mapping(
            _ReadsLikeAMapping(entry), link_types)
    for bad in (["MS-A-02", 1], [None], [["MS-A-02"]]):
        entry = {**needs["MS-A-01"], "depends_on": bad}
        errors = []
        for data in (entry, _ReadsLikeAMapping(entry)):
            with pytest.raises(graph.NeedsJsonError) as raised:
                graph.need_from_mapping(data, link_types, "here")
            errors.append(str(raised.value))
        assert errors[0] == errors[1], errors


def test_the_collector_resumes_as_it_was_after_a_check(tmp_path: Path) -> None:
    """The check pauses Python's garbage collector while it builds and checks the
    graph, and leaves it as it found it: on, off, and after bad input."""
    import gc

    good, bad = write(tmp_path / "good.json", GOOD), write(tmp_path / "bad.json", "{needs")
    assert gc.isenabled()
    cli.run_checks(good, PROJECT)
    assert gc.isenabled()
    with pytest.raises(graph.NeedsJsonError):
        cli.run_checks(bad, PROJECT)
    assert gc.isenabled()
    gc.disable()
    try:
        cli.run_checks(good, PROJECT)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_need_made_without_its_init_equals_one_made_with_it() -> None:
    import dataclasses

    values = {"id": "MS-A-01", "type": "milestone", "title": "A", "docname": "plan",
              "lineno": 3, "fields": {"start": 1}, "links": {"phase": ("PH-1",)},
              "source_suffix": ".md"}
    assert [f.name for f in dataclasses.fields(graph.Need)] == list(values)
    made = graph._new_need(**values)
    assert made == graph.Need(**values) and vars(made) == vars(graph.Need(**values))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.title = "B"  # type: ignore[misc]
