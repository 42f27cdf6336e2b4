"""GUARD-VALUES, GUARD-ID-CONFUSABLE, GUARD-TITLE-LENGTH and the characters and values
they judge."""

from __future__ import annotations

import math
import re

import pytest
from minigraph import PROJECT, at, graph, only

from roadmap.characters import character_problem, confusable_ids, skeleton
from roadmap.rules.values import check_confusable_ids, check_title_length, check_values
from roadmap.value_check import (
    BadValue,
    _core_problems,
    _value_problems,
    finite_problem,
    need_problems,
    type_problem,
)


@pytest.mark.parametrize(("text", "what"), [
    ("a\u202eb", "U+202E RIGHT-TO-LEFT OVERRIDE at position 2, a bidirectional control"),
    ("a\u2066b", "U+2066 LEFT-TO-RIGHT ISOLATE"), ("a\u200db", "U+200D ZERO WIDTH JOINER"),
    ("\ufeffa", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ("a\x00", "U+0000 at position 2, a control character"),
    ("a\x1b[31m", "U+001B"), ("a\x85", "U+0085"),
])
def test_unsafe_characters(text: str, what: str) -> None:
    assert what in str(character_problem(text))


@pytest.mark.parametrize("text", ["Secrets\tand\nkeys\r", "Café 90 % ≤ 2 s — done", "日本"])
def test_plain_text_passes(text: str) -> None:
    assert character_problem(text) is None


def test_ids_that_read_the_same() -> None:
    assert skeleton("MS-SEC-O5") == skeleton("MS-SEC-05") == "MS-SEC-05"
    assert confusable_ids(["MS-SEC-O5", "MS-SEC-05", "MS-SEC-06", "RSK-I1", "RSK-11"]) == {
        "MS-SEC-05": ["MS-SEC-05", "MS-SEC-O5"], "RSK-11": ["RSK-11", "RSK-I1"]}


@pytest.mark.parametrize(("value", "schema", "what"), [
    (float("nan"), {}, None), ("3", {"type": "integer"}, "is a text '3', expected a whole"),
    (3.0, {"type": "integer"}, None), (True, {"type": "integer"}, "is a boolean"),
    (7, {"type": "string"}, "is a number 7, expected a text"),
    (["a", 1], {"type": "array", "items": {"type": "string"}}, "is a list"),
])
def test_type_problems(value: object, schema: dict[str, object], what: str | None) -> None:
    found = type_problem(value, schema)
    assert (found is None) if what is None else (what in str(found))


def test_a_number_that_is_not_finite_is_left_out_and_named_at_its_need() -> None:
    plan_graph = graph({"MET-A": {"target": float("inf")}, "MS-A-01": {"effort": float("nan")}})
    assert plan_graph.needs["MET-A"].get("target") is None
    assert math.isnan(float("nan")) and plan_graph.needs["MS-A-01"].get("effort") is None
    result = check_values(plan_graph)
    assert {(f.need_id, f.message) for f in result.findings} == {
        ("MET-A", "target is Infinity, expected a finite number; the value is left out of "
                  "the plan"),
        ("MS-A-01", "effort is NaN, expected a finite number; the value is left out of the "
                    "plan")}
    assert finite_problem([1.0, float("nan")]) == ("is a value holding NaN or Infinity, "
                                                   "expected a finite number")


def test_a_title_that_displays_another_is_named() -> None:
    finding = only(check_values(graph({"MS-A-01": {"title": "Rollout \u202e10-A-SM"}})))
    at(finding, "MS-A-01")
    assert "title holds U+202E RIGHT-TO-LEFT OVERRIDE" in finding.message


def test_an_id_outside_the_pattern_is_named() -> None:
    new = {"type": "milestone", "title": "x"}
    result = check_values(graph({'MS-A-"><X': new}))
    assert any("does not match the ID pattern" in f.message for f in result.findings)


def test_two_ids_that_read_the_same_are_both_named() -> None:
    result = check_confusable_ids(graph({"MS-A-O1": {"type": "milestone", "title": "x"}}))
    assert {f.need_id for f in result.findings} == {"MS-A-01", "MS-A-O1"}
    assert "reads the same as MS-A-O1" in next(
        f.message for f in result.findings if f.need_id == "MS-A-01")


def test_a_title_too_long_for_a_line() -> None:
    finding = only(check_title_length(graph({"MS-A-01": {"title": "x" * 33_000}})))
    at(finding, "MS-A-01")
    assert "title has 33000 characters, more than 200" in finding.message


# Values of every kind the quick look at a need (value_check._plainly_fine) must send to
# the full look whenever that finds anything: texts with and without unsafe characters,
# whole numbers in and out of range, fractions, NaN and Infinity, booleans, lists of
# texts and of other things, an object.
KINDS_OF_VALUES: tuple[object, ...] = (
    "text", "", "bidi\u202etext", "tab\there", "nul\x00", 3, -3, 0, 2_000_000, 2.5, 2.0,
    -0.0, math.nan, math.inf, True, False, None, ["a", "b"], [], ["a\u200b"], [1, 2],
    [1.5, math.nan], ["a", 1], {"a": 1}, {}, {"a": {"b": [math.inf]}}, {"a": "bidi\u202e"},
    [["a"]])


def _full_look(data: dict[str, object]) -> list[BadValue]:
    """need_problems as it was before the quick look: every value looked at in full."""
    metamodel = PROJECT.metamodel
    pattern = metamodel.needs_table.get("id_regex")
    found = [BadValue(str(data.get("id", "")), key, message, kind)
             for key, message, kind in _core_problems(
                 data, re.compile(pattern) if isinstance(pattern, str) else None)]
    for key, value in data.items():
        if value is not None and value != "":
            found += _value_problems(str(data.get("id", "")), key, value,
                                     metamodel.fields.get(key))
    return found


@pytest.mark.parametrize("value", KINDS_OF_VALUES, ids=repr)
def test_the_quick_look_finds_what_the_full_look_finds(value: object) -> None:
    metamodel = PROJECT.metamodel
    for key in [*metamodel.fields, "undeclared", "id", "type", "title", "docname", "lineno"]:
        data = {"id": "MS-A-01", "type": "milestone", "title": "A milestone",
                "docname": "plan", "lineno": 3, "start": 2, "status": "planned", key: value}
        assert need_problems(data, metamodel) == _full_look(data), (key, value)
    assert need_problems({"id": "MS-A-01", "title": "ok", "notes": value, "effort": 2},
                         metamodel) == _full_look({"id": "MS-A-01", "title": "ok",
                                                   "notes": value, "effort": 2})


@pytest.mark.parametrize("need_id", ["MS-SEC-O5", "ms-io-01", "RSK-\u0131I", "PH-1", "ÖI-ß"])
def test_an_id_reads_as_its_letters_taken_for_digits(need_id: str) -> None:
    assert skeleton(need_id) == need_id.upper().translate(str.maketrans({"O": "0", "I": "1"}))
    assert confusable_ids([need_id, "PH-2"]) == {}
    assert confusable_ids([need_id, need_id]) == {skeleton(need_id): [need_id, need_id]}
