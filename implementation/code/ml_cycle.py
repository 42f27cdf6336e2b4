"""The ML engine's inference/training cycle, leaking and fixed (MS-ML-01, MS-ML-02).

One cycle loads a feature batch, runs a training step and records the loss. In
production a batch is about 200 MB and the engine retained about one batch per
cycle (GAP-ML-LEAK). The example runs at 1:100 scale: `BATCH_BYTES` is 2 MiB, so a
retained batch shows up as 2 MiB per cycle, and the production target of at most
5 MB per cycle (MET-ML-LEAK) becomes `SCALED_BOUND_BYTES` = 50 KiB per cycle.

`LeakyEngine` holds on to every batch in three ways found in the engine:

* L1: a class-level cache of feature batches keyed by cycle number, never evicted;
* L2: a progress callback per cycle, registered and never removed; its closure
  captures the batch;
* L3: the loss history stores a record that references the batch, not a number.

`FixedEngine` bounds the cache (LRU of 4 batches), unregisters the callback in a
``finally`` and keeps the loss as a float in a bounded deque.

`measure_growth` runs an engine for many cycles under `tracemalloc` and fits the
retained bytes per cycle; the CI guard and the 500-cycle soak use it.
"""

from __future__ import annotations

import gc
import tracemalloc
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass

BATCH_BYTES = 2 * 1024 * 1024
SCALE = 100  # production batch (about 200 MB) / example batch
SCALED_BOUND_BYTES = 5 * 1024 * 1024 // SCALE  # 5 MB per cycle at production scale


def load_batch(cycle: int) -> bytearray:
    """Stand-in for the feature loader: a fresh 2 MiB buffer per cycle."""
    batch = bytearray(BATCH_BYTES)
    batch[:: 64 * 1024] = bytes((cycle + n) % 251 for n in range(len(batch[:: 64 * 1024])))
    return batch


def train_step(weights: list[float], batch: bytearray) -> float:
    """Stand-in for one optimiser step: a cheap reduction over a sample of the batch."""
    sample = batch[:: 64 * 1024]
    signal = sum(sample) / (255 * len(sample))
    loss = sum((w - signal) ** 2 for w in weights) / len(weights)
    for i, w in enumerate(weights):
        weights[i] = w - 0.1 * (w - signal)
    return loss


@dataclass
class LossRecord:
    cycle: int
    loss: float
    batch: bytearray  # L3: keeps the whole batch alive


class LeakyEngine:
    _feature_cache: dict[int, bytearray] = {}  # noqa: RUF012 - L1, shared and unbounded

    def __init__(self) -> None:
        self.weights = [0.5] * 64
        self.callbacks: list[Callable[[], int]] = []
        self.history: list[LossRecord] = []

    def run_cycle(self, cycle: int) -> float:
        batch = self._feature_cache.setdefault(cycle, load_batch(cycle))
        self.callbacks.append(lambda: len(batch))  # L2
        loss = train_step(self.weights, batch)
        self.history.append(LossRecord(cycle, loss, batch))
        return loss

    @classmethod
    def reset(cls) -> None:
        cls._feature_cache.clear()


class FixedEngine:
    def __init__(self, cache_batches: int = 4, history: int = 1000) -> None:
        self.weights = [0.5] * 64
        self.callbacks: list[Callable[[], int]] = []
        self.history: deque[tuple[int, float]] = deque(maxlen=history)
        self._cache: OrderedDict[int, bytearray] = OrderedDict()
        self._cache_batches = cache_batches

    def _features(self, cycle: int) -> bytearray:
        if cycle in self._cache:
            self._cache.move_to_end(cycle)
        else:
            self._cache[cycle] = load_batch(cycle)
            while len(self._cache) > self._cache_batches:
                self._cache.popitem(last=False)
        return self._cache[cycle]

    def run_cycle(self, cycle: int) -> float:
        batch = self._features(cycle)
        size = len(batch)
        callback = lambda: size  # noqa: E731 - captures the size, not the batch
        self.callbacks.append(callback)
        try:
            loss = train_step(self.weights, batch)
        finally:
            self.callbacks.remove(callback)
        self.history.append((cycle, float(loss)))
        return loss


@dataclass(frozen=True)
class GrowthReport:
    cycles: int
    retained_bytes: int
    bytes_per_cycle: float

    @property
    def mib_per_cycle(self) -> float:
        return self.bytes_per_cycle / (1024 * 1024)

    @property
    def production_mb_per_cycle(self) -> float:
        """The same growth at production batch size, in MB (10^6 bytes)."""
        return self.bytes_per_cycle * SCALE / 1_000_000


def measure_growth(
    run_cycle: Callable[[int], object], cycles: int, warmup: int = 10
) -> GrowthReport:
    """Run `cycles` cycles after `warmup` ones; fit the memory the engine's code holds
    after each cycle."""
    started_here = not tracemalloc.is_tracing()
    if started_here:
        tracemalloc.start()
    try:
        for cycle in range(warmup):
            run_cycle(cycle)
        gc.collect()
        baseline = held_by_this_module()
        samples: list[int] = []
        for cycle in range(warmup, warmup + cycles):
            run_cycle(cycle)
            if cycle % 10 == 0:
                gc.collect()
            samples.append(held_by_this_module() - baseline)
    finally:
        if started_here:
            tracemalloc.stop()
    return GrowthReport(cycles, samples[-1], _slope(samples))


def held_by_this_module() -> int:
    """Traced bytes allocated by this module's lines (the engines, the batches, the
    history). Not the process's whole traced memory: tracemalloc traces every thread,
    and whatever else the process runs meanwhile (a test runner's threads, a metrics
    exporter) would add its allocations to the slope."""
    mine = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(True, __file__)])
    return sum(stat.size for stat in mine.statistics("filename"))


def _slope(samples: list[int]) -> float:
    """Least-squares slope of the samples against the cycle index, in bytes per cycle."""
    n = len(samples)
    mean_x = (n - 1) / 2
    mean_y = sum(samples) / n
    num = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(samples))
    den = sum((x - mean_x) ** 2 for x in range(n))
    return num / den if den else 0.0
