"""Built-page scan benchmark: the guards' scan of every page of a built site with
lexbor's tree (html5lib only for a page with a finding) against html5lib's tokenizer
for every page, as the scan was before.

    .venv/bin/python bench/bench_scan.py [--html _build/html] [--generated 1000] [--repeat 5]

The two readings alternate (A B A B ...) in one process over the same page texts read
once from disk, so a change of machine load hits both alike; the table shows the
medians of CPU seconds (user + system, bench/cpu_time.py's clock) and whether the two found
the same findings on the same lines. ``--generated N`` builds a generated plan of N
needs (bench_build's tree, with the roadmap's views) and scans its pages too.
Nothing is asserted: this prints numbers. The README records the last run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from cpu_time import cpu  # noqa: E402 - the benchmarks' CPU clock, imported by path

from roadmap.htmlscan import _INERT, _key, page_elements, tags  # noqa: E402
from roadmap.rules.site import PageScan, off_site_loads, scan_page  # noqa: E402
from roadmap.served import active_in  # noqa: E402


def html5lib_scan(text: str) -> PageScan:
    """The page scan before lexbor: every page tokenized by html5lib."""
    elements = list(tags(text))
    return PageScan(tuple(off_site_loads(elements)), None, tuple(active_in(elements)))


def pages_of(html_dir: Path) -> list[str]:
    return [p.read_bytes().decode("utf-8", errors="replace")
            for p in sorted(html_dir.rglob("*.htm*"))]


def _cpu(scan: Callable[[str], PageScan], pages: list[str]) -> tuple[float, list[PageScan]]:
    before = cpu()
    found = [scan(text) for text in pages]
    return cpu() - before, found


def _findings(scans: list[PageScan]) -> set[tuple[int, int, str]]:
    return {(n, line, what) for n, scan in enumerate(scans)
            for line, what in (*scan.loads, *scan.active)}


def unseen_tags(pages: list[str]) -> tuple[int, int]:
    """How many of html5lib's start tags hold an attribute a guard reads (a URL, an
    event handler, a style), and how many of them lexbor's elements lack (a page whose
    tree builder may have ignored a tag is tokenized anyway, and is not counted)."""
    read = lacking = 0
    for text in pages:
        found, tokenized_anyway = page_elements(text)
        keys = Counter(_key(tag) for tag in found)
        for tag in tags(text):
            if tag.attrs.keys() <= _INERT:
                continue
            read += 1
            if keys[_key(tag)] > 0:
                keys[_key(tag)] -= 1
            elif not tokenized_anyway:
                lacking += 1
    return read, lacking


def compare(label: str, pages: list[str], repeat: int) -> str:
    """One table row: CPU of both readings, their ratio, whether they agree."""
    lexbor, html5lib = [], []
    for _ in range(repeat):
        seconds, new = _cpu(scan_page, pages)
        lexbor.append(seconds)
        seconds, old = _cpu(html5lib_scan, pages)
        html5lib.append(seconds)
    ours, theirs = _findings(new), _findings(old)
    agree = "same" if ours == theirs else (
        f"lexbor +{len(ours - theirs)} -{len(theirs - ours)}")
    size = sum(len(p) for p in pages) / 1e6
    read, lacking = unseen_tags(pages)
    a, b = statistics.median(lexbor), statistics.median(html5lib)
    return (f"{label:<34} {len(pages):>6} {size:>6.1f} {b:>9.2f} {a:>8.2f} {b / a:>6.1f}x  "
            f"{len(theirs):>4}/{len(ours):<4} {agree:<6} {read:>7} {lacking:>5}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--generated", type=int, action="append", default=[])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    rows = []
    if args.html.is_dir():
        rows.append(compare(f"built site {args.html.name}", pages_of(args.html), args.repeat))
    with tempfile.TemporaryDirectory(prefix="roadmap-scan-") as tmp:
        from bench_build import generated_tree, run_build

        for size in args.generated:
            tree = generated_tree(Path(tmp) / f"gen-{size}", size, with_views=True)
            run_build(tree, Path(tmp) / f"out-{size}")
            rows.append(compare(f"generated plan of {size:,} needs",
                                pages_of(Path(tmp) / f"out-{size}" / "html"), args.repeat))
    print(f"{'pages scanned':<34} {'pages':>6} {'MB':>6} {'html5lib':>9} {'lexbor':>8} "
          f"{'speed':>7}  findings   agree  tags(a) lacks(b)")
    print("\n".join(rows))
    print("findings: html5lib/lexbor; (a) html5lib's start tags holding an attribute a guard "
          "reads; (b) of those, not among lexbor's elements")
    load = os.getloadavg()
    print(f"\nmedians of {args.repeat} alternating run(s); CPU seconds of the scan in this "
          f"process; {os.cpu_count()} cores; load average {load[0]:.1f} {load[1]:.1f} "
          f"{load[2]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
