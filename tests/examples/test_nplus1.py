"""The N+1 guide (implementation/n-plus-one.md): the naive VM list issues 1 + N
statements, the batched one 3 whatever the page size, and the CI guard and the N+1
detector catch a regression."""

from __future__ import annotations

import pytest
from nplus1_orm import (
    Nic,
    QueryBudgetExceeded,
    count_queries,
    list_vms_batched,
    list_vms_naive,
    make_session,
    query_budget,
)
from sqlalchemy import select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import raiseload

BUDGET = 3  # MET-BE-QPR target: SQL statements per request listing 100 VMs


@pytest.mark.parametrize("vms", [100, 250, 500])
def test_naive_path_issues_one_query_per_vm(vms: int) -> None:
    session = make_session(vms)
    with count_queries(session) as log:
        rows = list_vms_naive(session, "acme", limit=vms)
    assert len(rows) == vms
    assert log.count == 1 + vms


@pytest.mark.parametrize("vms", [10, 100, 250, 500])
def test_batched_path_issues_three_queries_whatever_the_page_size(vms: int) -> None:
    session = make_session(vms)
    with count_queries(session) as log:
        rows = list_vms_batched(session, "acme", limit=vms)
    assert len(rows) == vms
    assert log.count == 3  # VMs, disks, NICs


def test_above_500_vms_selectin_adds_one_statement_per_500_keys_and_relationship() -> None:
    session = make_session(1000)
    with count_queries(session) as log:
        list_vms_batched(session, "acme", limit=1000)
    assert log.count == 5


def test_detector_flags_the_naive_path_only() -> None:
    session = make_session(100)
    with count_queries(session) as naive:
        list_vms_naive(session, "acme")
    session.expunge_all()
    with count_queries(session) as batched:
        list_vms_batched(session, "acme")
    (template, runs), = naive.repeated_templates().items()
    assert runs == 100 and "FROM nic" in template
    assert batched.repeated_templates() == {}


def test_both_paths_return_the_same_response() -> None:
    session = make_session(120, nics_per_vm=3)
    naive = list_vms_naive(session, "acme", limit=100)
    session.expunge_all()
    assert list_vms_batched(session, "acme", limit=100) == naive


def test_other_tenants_are_not_listed() -> None:
    session = make_session(10, tenant="globex")
    assert list_vms_batched(session, "acme") == []


def test_guard_fails_the_naive_path_and_names_the_statements() -> None:
    session = make_session(100)
    with (
        pytest.raises(QueryBudgetExceeded, match=r"101 SQL statements, budget 3") as failure,
        query_budget(session, BUDGET),
    ):
        list_vms_naive(session, "acme")
    assert "WHERE ? = nic.vm_id" in str(failure.value)


def test_guard_passes_the_batched_path() -> None:
    session = make_session(100)
    with query_budget(session, BUDGET) as log:
        list_vms_batched(session, "acme")
    assert log.count <= BUDGET


def test_raiseload_turns_a_forgotten_relationship_into_an_error() -> None:
    session = make_session(5)
    nic = session.scalars(select(Nic).options(raiseload("*")).limit(1)).one()
    with pytest.raises(InvalidRequestError):
        _ = nic.vm  # not loaded by this query: an error, not a hidden extra statement
