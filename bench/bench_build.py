"""Build benchmark: the project's extension against bare sphinx-needs, and incremental
rebuilds against full builds, measured in one run and printed beside the goals.

    .venv/bin/python bench/bench_build.py [--repeat N] [--sizes 1000,4000,10000] [--quick]

Each case builds a copy of a docs tree twice over, alternating the two variants (A B
A B ...) so that a change of machine load hits both alike; the table shows medians of
CPU seconds (user + system of the build process), wall seconds and peak memory.

- **real site**: this repository's pages with the roadmap extension ("ours") and the
  same pages with the extension and its directives removed ("bare": every
  ``roadmap-*`` directive dropped, the phase pages' filter functions replaced by a
  plain filter);
- **generated plans** of growing size (``tests/synthetic.py`` written as MyST pages,
  with a report, a dashboard and an explorer page in "ours");
- **rebuilds** of the real site: nothing changed, one prose line edited on a page
  without needs, one milestone title edited; each against a full build;
- **the check command**: ``python -m roadmap check`` in process against loading the
  JSON, on the real needs.json and on the generated plans, and as a whole process;
- **the language server** (``bench/bench_lsp.py``): a change to diagnostics over stdio
  on the real site and the generated plans, and the server's memory;
- **the export step** ``make html`` runs after Sphinx (``python -m roadmap export``, a
  process of its own, timed on rows of its own: the builds above write no export, so
  "ours" does not pay for them): writing the six files from the real needs.json and
  from the generated plans' needs.json, and the step with its stamp up to date.

Nothing is asserted: this prints numbers. The README records the last run.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "rules"))  # minigraph, for sphinxproject
import synthetic  # noqa: E402 - the tests' plan generator, imported by path

from roadmap.inputs import read_conf  # noqa: E402

SPHINX = (sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-q")
PROSE_PAGE = "implementation/index.md"  # a page without needs
TITLE_NEED = "MS-SEC-05"


@dataclass
class Run:
    cpu: float
    wall: float
    memory_mib: float


@dataclass
class Series:
    runs: list[Run] = field(default_factory=list)

    def median(self, name: str) -> float:
        return statistics.median(getattr(r, name) for r in self.runs)


def run_build(src: Path, out: Path, fresh: bool = True) -> Run:
    """One sphinx-build in a child process: its CPU time, wall time and peak memory."""
    if fresh and out.exists():
        shutil.rmtree(out)
    env = {**os.environ, "PYTHONHASHSEED": "0", "NO_COLOR": "1"}
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen([*SPHINX, "-d", str(out / "doctrees"), str(src),
                                 str(out / "html")], stdout=subprocess.DEVNULL, stderr=errors,
                                env=env, cwd=src)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"build of {src} failed:\n{errors.read().decode()[-2000:]}")
    return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)


# ------------------------------------------------------------------ trees
def copy_site(dest: Path) -> Path:
    """The repository's docs tree, as the build reads it."""
    from faultkit import _LINKED, copy_tree  # the fault suite's copy of the sources

    copy_tree(ROOT, dest)
    for name in (*_LINKED, "src"):  # tests/: the examples' paths are checked
        if (ROOT / name).exists() and not (dest / name).exists():
            (dest / name).symlink_to(ROOT / name)
    return dest


_VIEW = re.compile(r"^(`{3,}|:{3,})\{roadmap-[\w-]+\}.*?^\1[ \t]*$\n?", re.M | re.S)
# the project's {need-field} role prints one field of a need; bare sphinx-needs prints
# the same field through its own need role's inline template (a link around the value)
_NEED_FIELD = re.compile(r"\{need-field\}`([^`.]+)\.([\w-]+)`")
_FILTER_FUNC = re.compile(r"^:filter-func: roadmap\.sphinx_ext\.filters\.bearing_on\((PH-\d+), "
                          r"(\w+)\)$", re.M)


def strip_project(tree: Path) -> None:
    """Make ``tree`` bare: no roadmap extension, none of its directives."""
    conf = tree / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace('    "roadmap.sphinx_ext",\n', ""),
                    encoding="utf-8")
    for page in tree.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        bare = _FILTER_FUNC.sub(r':filter: type == "\2" and "\1" in phase', _VIEW.sub("", text))
        bare = _NEED_FIELD.sub(r"{need}`[[\2]] <\1>`", bare)
        if bare != text:
            page.write_text(bare, encoding="utf-8")


def generated_tree(dest: Path, size: int, with_views: bool) -> Path:
    """A generated plan of ``size`` needs written as MyST pages."""
    import sphinxproject

    needs = synthetic.generate(size)
    dest.mkdir(parents=True, exist_ok=True)
    pages = sphinxproject.need_pages(needs)
    if with_views:
        pages["views"] = ("# Views\n\n```{roadmap-report}\n```\n\n```{roadmap-dashboard} gates\n"
                          "```\n\n```{roadmap-explorer}\n```\n")
    extension = '"roadmap.sphinx_ext"' if with_views else ""
    conf = sphinxproject.CONF.replace('"roadmap.sphinx_ext"', extension).replace(", \n", "\n")
    (dest / "conf.py").write_text(conf + f"roadmap_as_of = {synthetic.AS_OF}\n", encoding="utf-8")
    (dest / "index.md").write_text("# Plan\n\n```{toctree}\n" + "\n".join(pages) + "\n```\n",
                                   encoding="utf-8")
    for docname, text in pages.items():
        (dest / f"{docname}.md").parent.mkdir(parents=True, exist_ok=True)
        (dest / f"{docname}.md").write_text(text, encoding="utf-8")
    sphinxproject.write_example_files(dest, needs)
    return dest


# ------------------------------------------------------------------ cases
def paired(a: Callable[[], Run], b: Callable[[], Run], repeat: int) -> tuple[Series, Series]:
    first, second = Series(), Series()
    for _ in range(repeat):
        first.runs.append(a())
        second.runs.append(b())
    return first, second


def edit_and_build(src: Path, out: Path, edit: Callable[[Path], None]) -> Run:
    """A rebuild after ``edit``: first a full build, then the edit, then the timed build."""
    run_build(src, out)
    edit(src)
    return run_build(src, out, fresh=False)


def prose_edit(src: Path) -> None:
    page = src / PROSE_PAGE
    page.write_text(page.read_text(encoding="utf-8") + f"\nEdited at {time.time()}.\n",
                    encoding="utf-8")


def title_edit(src: Path) -> None:
    for page in src.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        match = re.search(rf"^(```+\{{milestone\}} )(.*)\n:id: {TITLE_NEED}$", text, re.M)
        if match:
            page.write_text(text.replace(match.group(0), f"{match.group(1)}{match.group(2)} "
                                         f"(edited {time.time():.0f})\n:id: {TITLE_NEED}"),
                            encoding="utf-8")
            return
    raise SystemExit(f"{TITLE_NEED} not found")


# the goals of the performance issue (24, item 6); the memory goal is set at 10,000
# needs and the check's at 10,000 needs, shown on the smaller plans for comparison
GOALS = {"site": 1.30, "generated": 1.40, "noop": 1.15, "title": 0.45, "memory": 1.20,
         "check": 5.00}


@dataclass
class Row:
    what: str
    value: float
    goal: str
    met: bool | None
    detail: str = ""


def site_rows(work: Path, repeat: int) -> list[Row]:
    ours, bare = copy_site(work / "ours"), copy_site(work / "bare")
    strip_project(bare)
    full_ours, full_bare = paired(lambda: run_build(ours, work / "out-ours"),
                                  lambda: run_build(bare, work / "out-bare"), repeat)
    rows = [_ratio_row("full build of the real site, ours / bare (CPU)", full_ours, full_bare,
                       GOALS["site"])]
    noop_ours, noop_bare = paired(lambda: run_build(ours, work / "out-ours", fresh=False),
                                  lambda: run_build(bare, work / "out-bare", fresh=False), repeat)
    noop = noop_ours.median("wall") / full_ours.median("wall")
    bare_noop = noop_bare.median("wall") / full_bare.median("wall")
    rows.append(Row("rebuild with nothing changed / full build (wall)", noop, "<= 0.16",
                    noop <= 0.16, f"bare {bare_noop:.2f}"))
    within = noop_ours.median("wall") / noop_bare.median("wall")
    rows.append(Row("no-op rebuild, ours / bare (wall)", within, f"<= {GOALS['noop']:.2f}",
                    within <= GOALS["noop"],
                    f"{noop_ours.median('wall'):.1f} s / {noop_bare.median('wall'):.1f} s"))
    for label, edit, goal in (("one prose line edited", prose_edit, 0.20),
                              ("one milestone title edited", title_edit, GOALS["title"])):
        series = Series([edit_and_build(ours, work / "out-ours", edit) for _ in range(repeat)])
        share = series.median("wall") / full_ours.median("wall")
        rows.append(Row(f"{label}, rebuild / full build (wall)", share, f"<= {goal:.2f}",
                        share <= goal, f"{series.median('wall'):.1f} s"))
    return rows


def _ratio_row(what: str, ours: Series, bare: Series, goal: float) -> Row:
    ratio = ours.median("cpu") / bare.median("cpu")
    return Row(what, ratio, f"<= {goal:.2f}", ratio <= goal,
               f"{ours.median('cpu'):.1f} s / {bare.median('cpu'):.1f} s CPU")


def generated_rows(work: Path, sizes: list[int], repeat: int) -> list[Row]:
    rows = []
    for size in sizes:
        ours = generated_tree(work / f"gen-{size}-ours", size, with_views=True)
        bare = generated_tree(work / f"gen-{size}-bare", size, with_views=False)
        a, b = paired(lambda o=ours: run_build(o, work / "out-gen"),
                      lambda b=bare: run_build(b, work / "out-gen"), repeat)
        rows.append(_ratio_row(f"generated plan of {size:,} needs, ours / bare (CPU)", a, b,
                               GOALS["generated"]))
        memory = a.median("memory_mib") / b.median("memory_mib")
        rows.append(Row(f"generated plan of {size:,} needs, ours / bare (peak memory)", memory,
                        f"<= {GOALS['memory']:.2f}", memory <= GOALS["memory"],
                        f"{a.median('memory_mib'):.0f} / {b.median('memory_mib'):.0f} MiB"))
    return rows


def check_rows(work: Path, sizes: list[int], site_json: Path | None) -> list[Row]:
    from roadmap.cli import run_checks
    from roadmap.inputs import from_conf

    project = from_conf(ROOT, {"ROADMAP_AS_OF": str(synthetic.AS_OF)})
    rows = []
    cases = [("real needs.json", site_json, from_conf(ROOT), GOALS["check"])] if site_json else []
    for size in sizes:
        path = synthetic.write_needs_json(synthetic.generate(size), work / f"needs-{size}.json")
        cases.append((f"{size:,} generated needs", path, project, GOALS["check"]))
    for label, path, inputs, goal in cases:
        assert path is not None
        load = min(_timed(lambda p=path: json.loads(p.read_text(encoding="utf-8")))
                   for _ in range(3))
        check = min(_timed(lambda p=path, i=inputs: run_checks(p, i)) for _ in range(3))
        rows.append(Row(f"check / json.load, in process, {label}", check / load,
                        f"<= {goal:.2f}", check / load <= goal,
                        f"{check * 1000:.0f} ms / {load * 1000:.0f} ms"))
    if site_json:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "roadmap", "check", str(site_json)], cwd=ROOT,
                       capture_output=True, check=False)
        whole = time.perf_counter() - start
        rows.append(Row("python -m roadmap check, whole process (s)", whole, "imports only "
                        "what the options need", None, _import_time()))
    return rows


def run_export(needs_json: Path, folder: Path, stamp: Path | None = None,
               environ: dict[str, str] | None = None) -> Run:
    """``python -m roadmap export`` in a child process: its CPU, wall time and memory."""
    command = [sys.executable, "-m", "roadmap", "export", str(needs_json), "--output",
               str(folder), *(["--stamp", str(stamp)] if stamp else [])]
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                            env={**os.environ, **(environ or {})})
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the export of {needs_json} failed")
    return Run(usage.ru_utime + usage.ru_stime, time.perf_counter() - start,
               usage.ru_maxrss / 1024)


def export_rows(work: Path, sizes: list[int], site_json: Path | None, repeat: int
                ) -> list[Row]:
    """The export step on its own: the six files written (no stamp), and the step of a
    no-op ``make html`` (stamp up to date)."""
    as_of = {"ROADMAP_AS_OF": str(synthetic.AS_OF)}
    cases = [("the real site", site_json, {})] if site_json else []
    for size in sizes:
        path = synthetic.write_needs_json(synthetic.generate(size), work / f"needs-{size}.json")
        cases.append((f"{size:,} generated needs", path, as_of))
    rows = []
    for label, path, environ in cases:
        assert path is not None
        folder = work / "exports-out"
        series = Series([run_export(path, folder, environ=environ) for _ in range(repeat)])
        rows.append(Row(f"export step, {label}: six files written (CPU s)",
                        series.median("cpu"), "own step", None,
                        f"{series.median('wall'):.2f} s wall, "
                        f"{series.median('memory_mib'):.0f} MiB peak"))
    if site_json:
        stamp = work / "exports.stamp"
        run_export(site_json, work / "exports-site", stamp)
        kept = Series([run_export(site_json, work / "exports-site", stamp)
                       for _ in range(repeat)])
        rows.append(Row("export step, the real site, nothing changed (CPU s)",
                        kept.median("cpu"), "own step", None,
                        f"{kept.median('wall'):.2f} s wall (the stamp is up to date)"))
    return rows


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _import_time() -> str:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", "import roadmap.cli"],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    total = sum(int(line.split("|")[1]) for line in proc.stderr.splitlines()
                if line.startswith("import time:") and line.split("|")[1].strip().isdigit())
    return f"import of roadmap.cli {total / 1e6:.2f} s (self times summed)"


def print_table(rows: list[Row]) -> None:
    width = max(len(r.what) for r in rows)
    print(f"{'what':<{width}}  {'value':>7}  {'goal':<10}  met   detail")
    print("-" * (width + 40))
    for r in rows:
        met = {True: "yes", False: "NO", None: "-"}[r.met]
        print(f"{r.what:<{width}}  {r.value:>7.2f}  {r.goal:<10}  {met:<4}  {r.detail}")


def compile_package() -> None:
    """The project's package as bytecode before anything is timed, as pip leaves an
    installed library (bare's sphinx-needs). Python writes it at the first import, unless
    PYTHONDONTWRITEBYTECODE is set (as on the machines this project is built on): then
    every build process compiled each module edited since its bytecode was written, and
    "ours" paid for it where bare did not (a no-op 1.25x bare against 1.20x, six
    alternating pairs)."""
    compileall.compile_dir(ROOT / "src", quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="1000,4000,10000")
    parser.add_argument("--quick", action="store_true", help="one run each, 1,000 needs only")
    parser.add_argument("--only", choices=("site", "generated", "check", "lsp", "exports"),
                        action="append")
    args = parser.parse_args(argv)
    repeat = 1 if args.quick else args.repeat
    sizes = [1000] if args.quick else [int(s) for s in args.sizes.split(",")]
    parts = args.only or ["site", "generated", "check", "lsp", "exports"]
    read_conf(ROOT)  # fail early on a broken conf.py
    compile_package()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="roadmap-bench-") as tmp:
        work = Path(tmp)
        if "site" in parts:
            rows += site_rows(work, repeat)
        if "generated" in parts:
            rows += generated_rows(work, sizes, repeat)
        built = work / "out-ours" / "html" / "needs.json"
        if ("check" in parts or "exports" in parts) and not built.is_file():
            run_build(copy_site(work / "ours"), work / "out-ours")
        if "check" in parts:
            rows += check_rows(work, sizes, built)
        if "exports" in parts:
            rows += export_rows(work, sizes, built, repeat)
        if "lsp" in parts:
            from bench_lsp import lsp_rows  # the language server, driven over stdio

            rows += lsp_rows(work, sizes, changes=5 if args.quick else 15)
    print_table(rows)
    print(f"\nmedians of {repeat} paired run(s) each (A B A B); CPU = user + system seconds of "
          f"the build process; {os.cpu_count()} cores.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
