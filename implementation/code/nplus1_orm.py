"""The 100-VM list request's data access, naive and fixed (MS-BE-02, MS-PERF-02).

`list_vms_naive` is the pattern found in the API and the inventory service: one
statement for the page of VMs (disks come along through the mapping's joined eager
load), then one lazy load of ``vm.nics`` per VM: 1 + N statements.
`list_vms_batched` loads disks and NICs of the whole page with one
``SELECT ... WHERE vm_id IN (...)`` each, whatever the page size, and forbids every
other lazy load with ``raiseload("*")``, so a serializer that touches a relationship
the query did not load fails in tests instead of adding statements in production.

`count_queries` measures, `query_budget` is the CI guard of a request's statement
budget, and `repeated_templates` is the N+1 detector: the same statement template
run more than twice in one unit of work.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine, ForeignKey, String, create_engine, event, select
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    raiseload,
    relationship,
    selectinload,
)


class Base(DeclarativeBase):
    pass


class VM(Base):
    __tablename__ = "vm"
    id: Mapped[int] = mapped_column(primary_key=True)
    tenant: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(128))
    state: Mapped[str] = mapped_column(String(16))
    # The legacy mapping: disks joined-eager by default, NICs lazy (one SELECT per VM).
    disks: Mapped[list[Disk]] = relationship(lazy="joined", order_by="Disk.id")
    nics: Mapped[list[Nic]] = relationship(back_populates="vm", order_by="Nic.id")


class Disk(Base):
    __tablename__ = "disk"
    id: Mapped[int] = mapped_column(primary_key=True)
    vm_id: Mapped[int] = mapped_column(ForeignKey("vm.id"), index=True)
    size_gb: Mapped[int]


class Nic(Base):
    __tablename__ = "nic"
    id: Mapped[int] = mapped_column(primary_key=True)
    vm_id: Mapped[int] = mapped_column(ForeignKey("vm.id"), index=True)
    address: Mapped[str] = mapped_column(String(45))
    vm: Mapped[VM] = relationship(back_populates="nics")


def make_session(vms: int, nics_per_vm: int = 2, tenant: str = "acme") -> Session:
    """An in-memory SQLite database holding `vms` VMs of one tenant."""
    engine = create_engine("sqlite+pysqlite:///:memory:")
    Base.metadata.create_all(engine)
    session = Session(engine)
    for i in range(vms):
        vm = VM(tenant=tenant, name=f"vm-{i:05d}", state="running")
        vm.disks = [Disk(size_gb=40), Disk(size_gb=100 + i % 7 * 50)]
        vm.nics = [Nic(address=f"10.{i // 250}.{i % 250}.{n + 10}") for n in range(nics_per_vm)]
        session.add(vm)
    session.commit()
    session.expunge_all()  # start every measurement with an empty identity map
    return session


def _row(vm: VM) -> dict[str, object]:
    return {
        "id": vm.id,
        "name": vm.name,
        "state": vm.state,
        "disks_gb": [d.size_gb for d in vm.disks],
        "addresses": [n.address for n in vm.nics],
    }


def _page(tenant: str, limit: int):
    return select(VM).where(VM.tenant == tenant).order_by(VM.id).limit(limit)


def list_vms_naive(session: Session, tenant: str, limit: int = 100) -> list[dict[str, object]]:
    vms = session.scalars(_page(tenant, limit)).unique()
    return [_row(vm) for vm in vms]  # each vm.nics is a lazy load: one SELECT per VM


def list_vms_batched(session: Session, tenant: str, limit: int = 100) -> list[dict[str, object]]:
    query = _page(tenant, limit).options(
        selectinload(VM.disks), selectinload(VM.nics), raiseload("*")
    )
    return [_row(vm) for vm in session.scalars(query)]


@dataclass
class QueryLog:
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)

    def repeated_templates(self, max_runs: int = 2) -> dict[str, int]:
        """The N+1 detector: statement templates run more than `max_runs` times."""
        runs = Counter(" ".join(s.split()) for s in self.statements)
        return {template: n for template, n in runs.items() if n > max_runs}


@contextmanager
def count_queries(session: Session) -> Iterator[QueryLog]:
    """Record every SQL statement the session's engine sends while the block runs."""
    engine: Engine = session.get_bind()  # type: ignore[assignment]
    log = QueryLog()

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        log.statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield log
    finally:
        event.remove(engine, "before_cursor_execute", record)


class QueryBudgetExceeded(AssertionError):
    pass


@contextmanager
def query_budget(session: Session, budget: int) -> Iterator[QueryLog]:
    """The CI guard: fail when the block sends more than `budget` statements."""
    with count_queries(session) as log:
        yield log
    if log.count > budget:
        first = "\n  ".join(log.statements[: budget + 1])
        raise QueryBudgetExceeded(
            f"{log.count} SQL statements, budget {budget}; the first {budget + 1}:\n  {first}"
        )
