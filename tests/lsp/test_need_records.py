"""A need directive as sphinx-needs makes it: typed values, split and sorted links,
sections, and refusals with sphinx-needs' own messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap.directive_parser import need_directives
from roadmap.inputs import from_conf
from roadmap.lsp.need_records import RecordMaker, Refusal, convert, field_value, split_items

MAKER = RecordMaker.of(from_conf(Path(__file__).resolve().parents[2]).metamodel)


def made(options: str, need_type: str = "milestone", title: str = "A title") -> object:
    text = f"# Page\n\n## Section\n\n```{{{need_type}}} {title}\n{options}\n\nBody.\n```\n"
    (source,) = need_directives(text, MAKER.model.types, "mod/page.md")
    return MAKER.record(source, "mod/page", ["Section", "Page"])


@pytest.mark.parametrize(("value", "kind", "expected"), [
    ("4", "integer", 4), ("", "integer", 0), ("2.5", "number", 2.5), ("", "number", 0.0),
    ("true", "boolean", True), ("", "boolean", True), ("off", "boolean", False),
    ("Security Lead", "string", "Security Lead"),
])
def test_values_take_their_field_type(value: str, kind: str, expected: object) -> None:
    assert convert(value, kind) == expected
    assert type(convert(value, kind)) is type(expected)


@pytest.mark.parametrize(("value", "kind", "message"), [
    ("soon", "integer", "Cannot convert 'soon' to integer"),
    ("many", "number", "Cannot convert 'many' to float"),
    ("maybe", "boolean", "Cannot convert 'maybe' to boolean"),
])
def test_a_value_its_type_cannot_hold_is_refused_in_sphinx_needs_words(
        value: str, kind: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        convert(value, kind)


def test_lists_split_at_commas_semicolons_and_bars() -> None:
    assert split_items("A, B;C | D,,") == ["A", "B", "C", "D"]
    assert field_value("3=380, 4=340", {"type": "array", "items": {"type": "string"}}) == [
        "3=380", "4=340"]


def test_a_need_holds_what_needs_json_holds() -> None:
    record = made(":id: MS-X-01\n:start: 2\n:due: 3\n:effort: 1\n:status: planned\n"
                  ":requires: RES-B, RES-A, RES-B\n:tags: one, two")
    assert isinstance(record, dict)
    assert record["id"] == "MS-X-01" and record["type"] == "milestone"
    assert (record["docname"], record["lineno"], record["doctype"]) == ("mod/page", 5, ".md")
    assert (record["start"], record["due"], record["effort"]) == (2, 3, 1.0)
    assert record["requires"] == ["RES-A", "RES-B"]  # each once, sorted, as sphinx-needs
    assert record["tags"] == ["one", "two"]
    assert (record["section_name"], record["sections"]) == ("Section", ["Section", "Page"])
    assert record["owner"] is None and record["content"] == "Body."
    assert record["type_name"] == "Milestone"


@pytest.mark.parametrize(("options", "message"), [
    (":id: MS-sec-9", "Need could not be created: Given ID 'MS-sec-9' does not match "
     "configured regex"),
    (":start: 1", "Need could not be created: No ID defined, but 'needs_id_required' is set "
     "to True."),
    (":id: MS-X-01\n:due: soon", "Need could not be created: Field 'due' is invalid: Cannot "
     "convert 'soon' to integer"),
])
def test_sphinx_needs_refuses_with_its_message(options: str, message: str) -> None:
    refusal = made(options)
    assert isinstance(refusal, Refusal)
    assert refusal.subtype == "create_need"
    assert refusal.message.startswith(message)


def test_a_deleted_need_is_not_made_and_not_refused() -> None:
    assert made(":id: MS-X-01\n:delete: true") is None
