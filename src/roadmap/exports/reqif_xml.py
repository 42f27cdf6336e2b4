"""The plan as ReqIF 1.2 for requirements tools (DOORS, Polarion, StrictDoc), written
with the ``reqif`` package StrictDoc itself uses.

Every need is a SPEC-OBJECT (its IDENTIFIER the need ID) of a SPEC-OBJECT-TYPE per
need type; its fields are attributes; every link is a SPEC-RELATION of a
SPEC-RELATION-TYPE per link type. One SPECIFICATION holds a section per page with the
page's needs in source order. The attribute names StrictDoc's importer maps
(``ReqIF.ForeignID`` to UID, ``ReqIF.Name`` to TITLE, ``ReqIF.Text`` to STATEMENT,
``ReqIF.ChapterName`` to a section title) are used, and only STRING and INTEGER
attributes: its importer rejects REAL and BOOLEAN, so numbers and truth values are
written as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from reqif.models.reqif_core_content import ReqIFCoreContent
from reqif.models.reqif_data_type import (
    ReqIFDataTypeDefinitionInteger,
    ReqIFDataTypeDefinitionString,
)
from reqif.models.reqif_namespace_info import ReqIFNamespaceInfo
from reqif.models.reqif_req_if_content import ReqIFReqIFContent
from reqif.models.reqif_reqif_header import ReqIFReqIFHeader
from reqif.models.reqif_spec_hierarchy import ReqIFSpecHierarchy
from reqif.models.reqif_spec_object import ReqIFSpecObject, SpecObjectAttribute
from reqif.models.reqif_spec_object_type import ReqIFSpecObjectType, SpecAttributeDefinition
from reqif.models.reqif_spec_relation import ReqIFSpecRelation
from reqif.models.reqif_spec_relation_type import ReqIFSpecRelationType
from reqif.models.reqif_specification import ReqIFSpecification
from reqif.models.reqif_specification_type import ReqIFSpecificationType
from reqif.models.reqif_types import SpecObjectAttributeType
from reqif.object_lookup import ReqIFObjectLookup
from reqif.reqif_bundle import ReqIFBundle
from reqif.unparser import ReqIFUnparser

from roadmap.exports.source import ExportError, ExportSource
from roadmap.exports.text import plain
from roadmap.graph import Need
from roadmap.roles import FIELDS

STRING, INTEGER = SpecObjectAttributeType.STRING, SpecObjectAttributeType.INTEGER
DATATYPE = {STRING: "DT-STRING", INTEGER: "DT-INTEGER"}
FOREIGN_ID, NAME, TEXT, CHAPTER = "ReqIF.ForeignID", "ReqIF.Name", "ReqIF.Text", "ReqIF.ChapterName"
SECTION_TYPE = "SOT-SECTION"
SPECIFICATION = "SPEC-ROADMAP"


@dataclass(frozen=True)
class Attribute:
    name: str  # the LONG-NAME tools show
    kind: SpecObjectAttributeType
    description: str


def ident(*parts: str) -> str:
    """An xsd:ID (an NCName): letters, digits, ``_``, ``-`` and ``.``."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", "-".join(parts))


_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_INTEGER = re.compile(r"^-?[0-9]+$")


def _checked_id(need: Need) -> str:
    """reqif writes identifiers and references as they are: only an xsd:ID may go."""
    if not _NCNAME.match(need.id):
        raise ExportError(f"{need.file or 'needs.json'}:{need.lineno or ''}: "
                          f"[GUARD-VALUES] {need.id!r}: not an XML identifier (letters, digits, "
                          "_ - and .), so no ReqIF is written")
    return need.id


def _checked_integer(need: Need, name: str, value: str) -> str:
    """reqif writes an INTEGER value as it is: only digits may go."""
    if not _INTEGER.match(value):
        raise ExportError(f"{need.file or 'needs.json'}:{need.lineno or ''}: "
                          f"[GUARD-VALUES] {need.id}: {name} is {value!r}, not a whole number, "
                          "so no ReqIF is written")
    return value


def _escaped(text: str) -> str:
    """reqif's unparser writes LONG-NAME and DESC as they are: escape them here."""
    return html.escape(text, quote=True)


def attributes_of(source: ExportSource, needs: Iterable[Need]) -> list[Attribute]:
    """The attributes of a need type: the names StrictDoc maps, the status, tags and
    page, and every field of the metamodel that a need of the type carries."""
    needs = list(needs)
    found = [Attribute(FOREIGN_ID, STRING, "The need ID"),
             Attribute(NAME, STRING, "The title"),
             Attribute(TEXT, STRING, "The description (MyST Markdown, need references as IDs)"),
             Attribute(FIELDS.status, STRING, "Lifecycle state"),
             Attribute("tags", STRING, "Tags"),
             Attribute("page", STRING, "The need on the published site")]
    for name, spec in source.metamodel.fields.items():
        if name == FIELDS.status or not any(_value(n, name) for n in needs):
            continue
        kind = INTEGER if spec.get("schema", {}).get("type") == "integer" else STRING
        found.append(Attribute(name, kind, str(spec.get("description", ""))))
    return found


def _value(need: Need, name: str) -> str:
    value = need.get(name)
    if value is None or value == [] or isinstance(value, dict):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _values(source: ExportSource, need: Need) -> dict[str, str]:
    values = {FOREIGN_ID: need.id, NAME: need.title, "page": source.url(need),
              TEXT: plain(str(need.get("content") or ""), need.docname, source.site_url)}
    return values


def _spec_object(source: ExportSource, need: Need, attributes: list[Attribute]
                 ) -> ReqIFSpecObject:
    fixed = _values(source, need)
    values = []
    for attribute in attributes:
        value = fixed.get(attribute.name, None)
        if value is None:
            value = _value(need, attribute.name)
        if value != "" and attribute.kind == INTEGER:
            value = _checked_integer(need, attribute.name, value)
        if value != "":
            values.append(SpecObjectAttribute(
                attribute_type=attribute.kind,
                definition_ref=ident("AD", need.type, attribute.name), value=value))
    return ReqIFSpecObject(identifier=_checked_id(need), spec_object_type=ident("SOT", need.type),
                           attributes=values, last_change=_stamp(source),
                           long_name=_escaped(need.title))


def _stamp(source: ExportSource) -> str:
    return source.stamp.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _object_types(source: ExportSource, by_type: dict[str, list[Need]]
                  ) -> tuple[list[ReqIFSpecObjectType], dict[str, list[Attribute]]]:
    stamp = _stamp(source)
    types, attributes = [], {}
    for need_type, needs in by_type.items():
        attributes[need_type] = attributes_of(source, needs)
        definitions = [SpecAttributeDefinition(
            attribute_type=a.kind, identifier=ident("AD", need_type, a.name),
            datatype_definition=DATATYPE[a.kind], long_name=_escaped(a.name),
            description=_escaped(a.description) or None, last_change=stamp)
            for a in attributes[need_type]]
        types.append(ReqIFSpecObjectType(
            identifier=ident("SOT", need_type), long_name=_escaped(
                source.metamodel.type_title(need_type)), last_change=stamp,
            attribute_definitions=definitions))
    chapter = SpecAttributeDefinition(attribute_type=STRING, identifier="AD-SECTION-TITLE",
                                      datatype_definition=DATATYPE[STRING], long_name=CHAPTER,
                                      last_change=stamp)
    types.append(ReqIFSpecObjectType(identifier=SECTION_TYPE, long_name="Section",
                                     last_change=stamp, attribute_definitions=[chapter]))
    return types, attributes


def relations(source: ExportSource) -> list[ReqIFSpecRelation]:
    """One SPEC-RELATION per link: source need, link type, target need."""
    stamp, found = _stamp(source), []
    for need in source.needs():
        for link in source.links():
            for target in need.targets_of(link):
                if target in source.graph.needs:
                    found.append(ReqIFSpecRelation(
                        identifier=ident("REL", need.id, link, target),
                        relation_type_ref=ident("SRT", link), source=need.id, target=target,
                        last_change=stamp))
    return found


def page_title(needs: list[Need], docname: str) -> str:
    """A page's title: the outermost section its needs stand in."""
    sections = next((n.get("sections") for n in needs if n.get("sections")), None)
    return str(sections[-1]) if sections else docname


def _specification(source: ExportSource, pages: dict[str, list[Need]]
                   ) -> tuple[ReqIFSpecification, list[ReqIFSpecObject]]:
    stamp, sections, children = _stamp(source), [], []
    for docname in sorted(pages):
        needs = sorted(pages[docname], key=lambda n: (n.lineno or 0, n.id))
        section_id, title = ident("SEC", docname), page_title(needs, docname)
        sections.append(ReqIFSpecObject(
            identifier=section_id, spec_object_type=SECTION_TYPE, last_change=stamp,
            long_name=_escaped(title),
            attributes=[SpecObjectAttribute(STRING, "AD-SECTION-TITLE", title)]))
        leaves = [ReqIFSpecHierarchy(identifier=ident("SH", n.id), spec_object=n.id, level=2,
                                     last_change=stamp) for n in needs]
        children.append(ReqIFSpecHierarchy(
            identifier=ident("SH", section_id), spec_object=section_id, level=1,
            last_change=stamp, children=leaves or None, is_self_closed=not leaves))
    spec = ReqIFSpecification(identifier=SPECIFICATION, long_name=_escaped(source.project),
                              last_change=stamp, specification_type="ST-ROADMAP",
                              children=children)
    return spec, sections


def bundle(source: ExportSource) -> ReqIFBundle:
    stamp = _stamp(source)
    by_type: dict[str, list[Need]] = {}
    pages: dict[str, list[Need]] = {}
    for need in source.needs():
        by_type.setdefault(need.type, []).append(need)
        pages.setdefault(need.docname or "unplaced", []).append(need)
    types, attributes = _object_types(source, by_type)
    types += [ReqIFSpecRelationType(
        identifier=ident("SRT", link), long_name=_escaped(link), last_change=stamp,
        description=_escaped(str(source.metamodel.links[link].get("description", ""))) or None)
        for link in source.links()]
    types.append(ReqIFSpecificationType(identifier="ST-ROADMAP", long_name="Roadmap",
                                        last_change=stamp, is_self_closed=True))
    spec, sections = _specification(source, pages)
    objects = [_spec_object(source, n, attributes[n.type]) for n in source.needs()]
    data_types = [
        ReqIFDataTypeDefinitionString(identifier=DATATYPE[STRING], long_name="String",
                                      last_change=stamp, max_length="1000000"),
        ReqIFDataTypeDefinitionInteger(identifier=DATATYPE[INTEGER], long_name="Integer",
                                       last_change=stamp, min_value="-2147483648",
                                       max_value="2147483647"),
    ]
    content = ReqIFReqIFContent(data_types=data_types, spec_types=types,
                                spec_objects=objects + sections,
                                spec_relations=relations(source), specifications=[spec])
    header = ReqIFReqIFHeader(identifier="HEADER-ROADMAP", creation_time=stamp,
                              title=_escaped(source.project), req_if_tool_id="roadmap export",
                              req_if_version="1.0", source_tool_id="sphinx-needs")
    return ReqIFBundle(namespace_info=ReqIFNamespaceInfo.create_default(), req_if_header=header,
                       core_content=ReqIFCoreContent(content), tool_extensions_tag_exists=False,
                       lookup=ReqIFObjectLookup.empty(), exceptions=[])


_THE_VALUE = re.compile(r'THE-VALUE="([^"]*)"')


def keep_newlines(xml: str) -> str:
    """reqif writes a value into the THE-VALUE="..." attribute with its newlines raw,
    and XML turns each into a space when the file is read: write them as references."""
    return _THE_VALUE.sub(lambda m: 'THE-VALUE="' + m.group(1).replace("\r", "&#13;")
                          .replace("\n", "&#10;").replace("\t", "&#9;") + '"', xml)


def roadmap_reqif(source: ExportSource) -> bytes:
    return keep_newlines(ReqIFUnparser.unparse(bundle(source))).encode("utf-8")
