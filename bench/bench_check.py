"""Benchmark of the traceability check: ``python bench/bench_check.py [sizes...]``.

For generated plans of 1,000 to 20,000 needs (``tests/synthetic.py``) it prints, side
by side, the time to load needs.json, the time to build the graph and to apply every
rule, the ratio of check to load, and the check time per need-plus-link. A check that
is proportional to needs plus links keeps the last column flat as the plan grows.
Each time is the best of a few runs. Nothing is asserted: the scale test checks the
results, this only measures.

``--no-gc`` switches Python's cyclic garbage collector off while timing: the
"checks" column (needs checked, summed over the rules) grows exactly with the plan,
and without the collector's passes over every live object the time per need and
link stays nearly flat too.
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import synthetic

from roadmap.graph import build_graph, read_needs_json
from roadmap.inputs import from_conf
from roadmap.suite import SuiteInputs, run_suite

PROJECT = from_conf(Path(__file__).resolve().parents[1], {"ROADMAP_AS_OF": str(synthetic.AS_OF)})

SIZES = (1_000, 5_000, 10_000, 20_000)
REPEATS = 3


def best(action: Callable[[], object], repeats: int = REPEATS, use_gc: bool = True
         ) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeats):
        gc.collect()
        if not use_gc:
            gc.disable()
        start = time.perf_counter()
        value = action()
        times.append(time.perf_counter() - start)
        gc.enable()
    return min(times), value


def main(sizes: tuple[int, ...] = SIZES, use_gc: bool = True) -> None:
    model = PROJECT.metamodel
    header = (f"{'needs':>7} {'links':>7} {'load JSON':>10} {'graph':>8} {'rules':>8} "
              f"{'check':>8} {'check/load':>11} {'us/(need+link)':>15} {'checks':>7} "
              f"{'findings':>9}")
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            needs = synthetic.generate(size)
            links = synthetic.link_count(needs, list(model.links))
            path = synthetic.write_needs_json(needs, Path(tmp) / f"needs-{size}.json")
            load, loaded = best(lambda p=path: read_needs_json(p), use_gc=use_gc)
            build, graph = best(lambda n=loaded: build_graph(n, model), use_gc=use_gc)
            rules, results = best(
                lambda g=graph: run_suite(SuiteInputs(graph=g, project=PROJECT),
                                          reads=("graph", "toml")), use_gc=use_gc)
            check = build + rules
            found = sum(len(r.findings) for r in results)
            checks = sum(r.checked for r in results)
            print(f"{size:>7} {links:>7} {load * 1000:>8.1f}ms {build * 1000:>6.1f}ms "
                  f"{rules * 1000:>6.1f}ms {check * 1000:>6.1f}ms {check / load:>11.2f} "
                  f"{check * 1e6 / (size + links):>15.2f} {checks:>7} {found:>9}")
    print(f"\nload JSON = json parse of needs.json; check = graph build + every rule "
          f"(as `python -m roadmap check`); checks = needs checked, summed over the rules; "
          f"best of {REPEATS} runs; garbage collector {'on' if use_gc else 'off'}.")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(tuple(int(a) for a in args if a != "--no-gc") or SIZES, use_gc="--no-gc" not in args)
