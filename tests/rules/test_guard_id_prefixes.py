"""GUARD-ID-PREFIX: a type's ID prefix is written once, in ubproject.toml; id_regex and the
type's ID schema in schemas.json are checked against it, naming the file and line."""

from __future__ import annotations

from pathlib import Path

from roadmap.rules.id_prefixes import check_id_prefixes
from roadmap.rules.schema import load_schemas
from roadmap.ubproject import load_metamodel

ROOT = Path(__file__).resolve().parents[2]


def checked(tmp_path: Path, toml: tuple[str, str] = ("", ""),
            schemas: tuple[str, str] = ("", "")) -> list[str]:
    """The guard's findings on copies of the two files with one text replaced in each."""
    paths = {}
    for name, (old, new) in (("ubproject.toml", toml), ("schemas.json", schemas)):
        text = (ROOT / name).read_text(encoding="utf-8")
        assert not old or text.count(old) == 1, old
        paths[name] = tmp_path / name
        paths[name].write_text(text.replace(old, new) if old else text, encoding="utf-8")
    metamodel = load_metamodel(paths["ubproject.toml"])
    result = check_id_prefixes(metamodel, load_schemas(paths["schemas.json"]),
                               paths["schemas.json"])
    assert len(metamodel.types) == 14  # the 12 of the plan, health updates and scenarios
    assert result.checked == len(metamodel.types) + 1  # each type and the id_regex
    return [str(f).replace(f"{tmp_path}/", "") for f in result.findings]


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1)
                if text in line)


def test_the_project_writes_each_prefix_once(tmp_path: Path) -> None:
    assert checked(tmp_path) == []


def test_a_schema_that_requires_another_prefix(tmp_path: Path) -> None:
    found = checked(tmp_path, schemas=('"pattern": "^RSK-"', '"pattern": "^RISK-"'))
    line = line_of(tmp_path / "schemas.json", '"^RISK-"')
    assert found == [f"schemas.json:{line}: [GUARD-ID-PREFIX] [needs.types.risk]: prefix "
                     "'RSK-' in ubproject.toml, but schema 'risk-id-prefix' requires IDs to "
                     "match '^RISK-'; write '^RSK-' there"]


def test_a_prefix_the_id_regex_does_not_allow_and_one_no_type_declares(tmp_path: Path) -> None:
    found = checked(tmp_path, toml=("|QG|", "|GATE|"))
    line = line_of(tmp_path / "ubproject.toml", "id_regex =")
    assert found == [
        f"ubproject.toml:{line}: [GUARD-ID-PREFIX] [needs.types.gate]: prefix 'QG-' is not "
        "allowed by id_regex '^(PH|WS|GAP|MS|MET|RSK|GATE|RES|TST|MON|EX|MEAS|UPD|SCN)-[A-Z0-9]+"
        "(-[A-Z0-9]+)*$'; add it there",
        f"ubproject.toml:{line}: [GUARD-ID-PREFIX] [needs] id_regex: allows the prefix "
        "'GATE-', which no need type of ubproject.toml declares"]


def test_a_type_without_an_id_schema(tmp_path: Path) -> None:
    found = checked(tmp_path, schemas=('"pattern": "^TST-"', '"minLength": 1'))
    assert found == ["schemas.json: [GUARD-ID-PREFIX] [needs.types.test]: schemas.json has no "
                     "schema that requires the ID prefix 'TST-' of type test"]
