"""roadmap.reqif, parsed back with the reqif package: every need a SPEC-OBJECT of its
type's SPEC-OBJECT-TYPE, every link a SPEC-RELATION, the XML schema satisfied."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from reqif.models.reqif_spec_object_type import ReqIFSpecObjectType
from reqif.models.reqif_spec_relation_type import ReqIFSpecRelationType
from reqif.parser import ReqIFParser
from reqif.reqif_bundle import ReqIFBundle

from roadmap.exports import ExportSource
from roadmap.exports.reqif_xml import FOREIGN_ID, SECTION_TYPE, TEXT


@pytest.fixture(scope="session")
def bundle(exports_dir: Path) -> ReqIFBundle:
    parsed = ReqIFParser.parse(str(exports_dir / "roadmap.reqif"))
    assert parsed.exceptions == []
    return parsed


def test_every_need_once_with_its_type(bundle: ReqIFBundle, export_source: ExportSource) -> None:
    content = bundle.core_content.req_if_content
    objects = {o.identifier: o for o in content.spec_objects
               if o.spec_object_type != SECTION_TYPE}
    assert len(objects) == len(content.spec_objects) - len(
        {n.docname for n in export_source.needs()})
    assert set(objects) == set(export_source.graph.needs)
    object_types = {t.identifier: t for t in content.spec_types
                    if isinstance(t, ReqIFSpecObjectType)}
    for need in export_source.needs():
        spec_type = object_types[objects[need.id].spec_object_type]
        assert spec_type.long_name == export_source.metamodel.type_title(need.type)
        names = {spec_type.attribute_map[a.definition_ref].long_name: a.value
                 for a in objects[need.id].attributes}
        assert names[FOREIGN_ID] == need.id
        if need.get("owner"):
            assert names["owner"] == need.get("owner")
    milestone = {object_types[objects["MS-SEC-05"].spec_object_type].attribute_map[
        a.definition_ref].long_name: a for a in objects["MS-SEC-05"].attributes}
    assert milestone["due"].value == "6" and milestone["due"].attribute_type.name == "INTEGER"
    assert "\n" in milestone[TEXT].value and "{need}" not in milestone[TEXT].value


def test_every_link_once_with_a_type_per_link(bundle: ReqIFBundle, export_source: ExportSource,
                                              site_links: list[tuple[str, str, str]]) -> None:
    content = bundle.core_content.req_if_content
    relation_types = {t.identifier: t.long_name for t in content.spec_types
                      if isinstance(t, ReqIFSpecRelationType)}
    assert sorted(relation_types.values()) == sorted(export_source.links())
    found = sorted((r.source, relation_types[r.relation_type_ref], r.target)
                   for r in content.spec_relations)
    assert found == site_links


def test_one_specification_with_a_section_per_page(bundle: ReqIFBundle,
                                                   export_source: ExportSource) -> None:
    spec = bundle.core_content.req_if_content.specifications[0]
    levels = Counter(h.level for h in bundle.iterate_specification_hierarchy(spec))
    assert levels == {1: len({n.docname for n in export_source.needs()}),
                      2: len(export_source.graph.needs)}


def test_the_file_satisfies_the_reqif_schema(exports_dir: Path) -> None:
    command = Path(sys.executable).parent / "reqif"  # the package's command (XSD check)
    result = subprocess.run([str(command), "validate", "--use-reqif-schema",
                             str(exports_dir / "roadmap.reqif")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 schema issues found, 0 semantic issues found" in result.stdout
