"""The roles the package reads exist in the metamodel: every need type, link, field and
status value (``roles.Status``, the one spelling of a status in the code)."""

from __future__ import annotations

import dataclasses

from roadmap import roles
from roadmap.inputs import ProjectInputs
from roadmap.roles import FIELDS, Status


def test_the_metamodel_declares_every_role(project: ProjectInputs) -> None:
    assert roles.missing_roles(project.metamodel) == []


def test_a_status_value_the_metamodel_drops_is_named(project: ProjectInputs) -> None:
    model = project.metamodel
    status = dict(model.fields[FIELDS.status])
    status["schema"] = {**status["schema"],
                        "enum": [v for v in status["schema"]["enum"] if v != "blocked"]}
    narrower = dataclasses.replace(model, fields={**model.fields, FIELDS.status: status})
    assert roles.missing_roles(narrower) == ["status value 'blocked' (Status.BLOCKED)"]


def test_a_status_is_its_text() -> None:
    assert Status.DONE == "done" and f"{Status.IN_PROGRESS}" == "in_progress"
    assert "cancelled" in {Status.CANCELLED}
