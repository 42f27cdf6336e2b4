"""Language-server benchmark: the server driven over stdio as an editor drives it.

    .venv/bin/python bench/bench_lsp.py [--changes N] [--sizes 1000,4000,10000]

For the real site and for generated plans (``tests/synthetic.py`` written as MyST
pages, as ``bench/bench_build.py`` writes them) it starts ``python -m roadmap lsp``,
opens a page, waits for the first diagnostics (the index of every page and the first
run of the rules), then changes a milestone's start week back and forth N times (one
edit breaks a schedule rule, the next mends it), each time waiting for the
``publishDiagnostics`` of that version of the page: the time from the change to the
diagnostics, debounce included, as an author waits for it. It reads the server's
resident memory at the end (VmRSS) and its peak (VmHWM). Nothing is asserted: it prints
the figures beside the goals of issue 24. ``bench/bench_build.py --only lsp`` prints the
same rows beside the build's.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))
from bench_build import Row, generated_tree, print_table  # noqa: E402
from lspclient import LspClient  # noqa: E402

SITE_PAGE, SITE_NEED = "modules/security-roadmap.md", "MS-SEC-05"
GENERATED_PAGE, GENERATED_NEED = "blocks/b3.md", "MS-B3-000"


@dataclass
class Session:
    """One server's figures: its start, each change's answer, its memory."""

    needs: int
    start: float  # seconds from initialize to the first diagnostics of the open page
    changes: list[float]  # seconds from each change to its diagnostics
    cpu: list[float]  # CPU seconds the server spent on each change
    rss_mib: float
    peak_mib: float


def memory_mib(pid: int) -> tuple[float, float]:
    """The resident memory of a process now and at its peak (VmRSS, VmHWM), in MiB."""
    status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    found = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.M))
    return int(found["VmRSS"]) / 1024, int(found["VmHWM"]) / 1024


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_week_line(text: str, need_id: str) -> tuple[int, str]:
    """The 0-based line of a need's ``:start:`` option, and that line."""
    lines = text.split("\n")
    at = lines.index(f":id: {need_id}")
    while not lines[at].startswith(":start:"):
        at += 1
    return at, lines[at]


def drive(root: Path, page: str, need_id: str, changes: int, needs: int) -> Session:
    """Open ``page``, then move ``need_id``'s start a week earlier and back, ``changes``
    times, each an incremental edit answered before the next."""
    text = (root / page).read_text(encoding="utf-8")
    line, original = start_week_line(text, need_id)
    week = int(original.split(":")[2])
    edits = [f":start: {week - 1}", original]
    with LspClient(root) as client:
        begin = time.perf_counter()
        client.initialize()
        client.open(page, text)
        start = client.diagnostics(page, version=1, timeout=1800).at - begin
        taken, cpu, current = [], [], original
        for version in range(2, changes + 2):
            new = edits[version % 2]
            mark, used = len(client.notices), cpu_seconds(client.process.pid)
            sent = time.perf_counter()
            client.edit(page, line, 0, len(current), new, version)
            taken.append(client.diagnostics(page, after=mark, version=version).at - sent)
            cpu.append(cpu_seconds(client.process.pid) - used)
            current = new
        rss, peak = memory_mib(client.process.pid)
    return Session(needs, start, taken, cpu, rss, peak)


def session_rows(label: str, session: Session, goal: float | None) -> list[Row]:
    median = statistics.median(session.changes)
    worst = max(session.changes)
    rows = [Row(f"language server, {label}: first diagnostics (s)", session.start,
                "-", None, f"index of {session.needs:,} needs and the first run"),
            Row(f"language server, {label}: change -> diagnostics, median (s)", median,
                f"< {goal:g}" if goal else "-", median < goal if goal else None,
                f"{len(session.changes)} changes, slowest {worst:.2f} s, 0.15 s of each "
                f"debounce; the server's CPU {statistics.median(session.cpu):.2f} s a change")]
    if session.needs >= 10_000:
        rows.append(Row(f"language server, {label}: memory (MiB)", session.peak_mib,
                        "< 300", session.peak_mib < 300,
                        f"peak resident (VmHWM); {session.rss_mib:.0f} MiB at the end"))
    else:
        rows.append(Row(f"language server, {label}: memory (MiB)", session.peak_mib, "-",
                        None, f"peak resident; {session.rss_mib:.0f} MiB at the end"))
    return rows


def lsp_rows(work: Path, sizes: list[int], changes: int) -> list[Row]:
    """The server on the real site and on generated plans of ``sizes`` needs."""
    site_needs = _count_needs(ROOT)
    rows = session_rows("real site", drive(ROOT, SITE_PAGE, SITE_NEED, changes, site_needs),
                        1.0)
    for size in sizes:
        tree = generated_tree(work / f"lsp-{size}", size, with_views=False)
        goal = 3.0 if size >= 10_000 else None
        rows += session_rows(f"{size:,} needs", drive(
            tree, GENERATED_PAGE, GENERATED_NEED, changes, size), goal)
    return rows


def _count_needs(root: Path) -> int:
    from roadmap.directive_parser import declared_needs
    from roadmap.inputs import from_conf

    project = from_conf(root)
    return sum(1 for need in declared_needs(project.read_sources(), project.metamodel.types)
               if need.need_id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--changes", type=int, default=15)
    parser.add_argument("--sizes", default="1000,4000,10000")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="roadmap-bench-lsp-") as tmp:
        rows = lsp_rows(Path(tmp), sizes, args.changes)
    print_table(rows)
    print(f"\n{args.changes} changes each, answered one by one; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.1f} at the end.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
