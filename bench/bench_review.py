"""Benchmark of the change review: ``python bench/bench_review.py [--real NEEDS_JSON]``.

Two plans are compared, each time a plan and the same plan with one milestone on its
critical path a week later: the real site's needs.json (``_build/html/needs.json``,
or ``--real``) and generated plans of 1,000 and 10,000 needs (``tests/synthetic.py``).
It prints, side by side, the time to read both files, to build both graphs, the
engine without the rules (the comparison itself), the rules on both sides, the whole
review (graphs, engine, rules and the Markdown), that over reading the files, and the
whole ``python -m roadmap review`` process. Best of a few runs; nothing is asserted.
The goal of issue 19: the review of two 10,000-need plans under 2 s, the comparison
well under 1 s.
"""

from __future__ import annotations

import copy
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import cpu_time
import synthetic

from roadmap.graph import build_graph, read_needs_json
from roadmap.impact import impact
from roadmap.impact.render_markdown import render_markdown
from roadmap.impact.rule_changes import run_rules
from roadmap.inputs import from_conf
from roadmap.program_schedule import critical_path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = from_conf(ROOT, {})
REPEATS = 3
Needs = dict[str, dict[str, Any]]


def best(action: Callable[[], object]) -> tuple[float, Any]:
    return cpu_time.best(action, REPEATS)


def moved(needs: Needs) -> Needs:
    """The plan with the first milestone of its critical path one week later."""
    graph = build_graph(needs, PROJECT.metamodel)
    first = next(m.id for m in critical_path(graph).milestones
                 if m.get("status") in (None, "planned"))
    head = copy.deepcopy(needs)
    head[first]["start"] = int(head[first]["start"]) + 1
    head[first]["due"] = int(head[first]["due"]) + 1
    return head


def row(name: str, base: Path, head: Path) -> str:
    load, (old, new) = best(lambda: (read_needs_json(base), read_needs_json(head)))
    graphs, (b, h) = best(lambda: (build_graph(old, PROJECT.metamodel),
                                   build_graph(new, PROJECT.metamodel)))
    engine, _ = best(lambda: impact(b, h, PROJECT, rules=False))
    rules, _ = best(lambda: (run_rules(b, PROJECT), run_rules(h, PROJECT)))
    whole, _ = best(lambda: render_markdown(impact(
        build_graph(old, PROJECT.metamodel), build_graph(new, PROJECT.metamodel), PROJECT)))
    process, _ = best(lambda: subprocess.run(
        [sys.executable, "-m", "roadmap", "review", str(base), str(head), "--format",
         "markdown", "--project", str(ROOT)], capture_output=True, check=True))
    return (f"{name:<26} {len(old):>7} {load * 1000:>8.0f}ms {graphs * 1000:>7.0f}ms "
            f"{engine * 1000:>8.0f}ms {rules * 1000:>7.0f}ms {whole * 1000:>7.0f}ms "
            f"{whole / load:>8.1f} {process:>8.2f}s")


def main(argv: list[str]) -> None:
    real = Path(argv[argv.index("--real") + 1]) if "--real" in argv else (
        ROOT / "_build" / "html" / "needs.json")
    header = (f"{'plans':<26} {'needs':>7} {'read 2':>10} {'graphs':>9} {'engine':>10} "
              f"{'rules':>9} {'review':>9} {'rev/read':>8} {'process':>9}")
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        cases: list[tuple[str, Needs]] = []
        if real.is_file():
            cases.append(("real site", read_needs_json(real)))
        cases += [(f"generated {size:,}", synthetic.generate(size)) for size in (1_000, 10_000)]
        for name, needs in cases:
            base = synthetic.write_needs_json(needs, Path(tmp) / "base.json")
            head = synthetic.write_needs_json(moved(needs), Path(tmp) / "head.json")
            print(row(name, base, head), flush=True)
    print(f"\nread 2 = both needs.json parsed; graphs = both graphs built; engine = impact() "
          f"without the rules (plan and progress changes, schedule, capacity, budget, risks, "
          f"suspect links); rules = the registry's graph rules on both; review = graphs + "
          f"engine + rules + Markdown; process = python -m roadmap review, whole; best of "
          f"{REPEATS} runs, CPU seconds (the process's and its children's).")


if __name__ == "__main__":
    main(sys.argv[1:])
