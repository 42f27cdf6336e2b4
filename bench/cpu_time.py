"""CPU time for the benchmarks (``bench_*.py`` import it): the least of a few runs of
this process and its children. The machine is shared, and CPU time is what a busy
machine changes least; the least of several runs is the least disturbed."""

from __future__ import annotations

import gc
import resource
from collections.abc import Callable
from typing import Any


def best(action: Callable[[], object], repeats: int) -> tuple[float, Any]:
    """The least CPU time of ``repeats`` runs of ``action``, and what it returned."""
    times, value = [], None
    for _ in range(repeats):
        gc.collect()
        start = cpu()
        value = action()
        times.append(cpu() - start)
    return min(times), value


def cpu() -> float:
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                          resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
