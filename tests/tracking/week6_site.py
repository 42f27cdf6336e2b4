"""A week-6 example of the real site: a COPY of the docs with six weeks of progress
recorded, built as of week 6, to look at what readers see once a program runs.

The real pages stay at week 0 (nothing is reported, nothing is invented); this module
writes a realistic record into a copy only, in the mutation format of the fault kit
(``tests/faultkit.py``), and builds the copy with ``ROADMAP_AS_OF=6`` on Monday of
week 7 (``ROADMAP_TODAY=2025-11-17``), when the Program Manager has reported week 6:

- weeks 1 and 2 went to plan; the security framework's deny-by-default routing
  (MS-SEC-03) finished a week late, in week 5, so QG-PH1 was waived in week 4 on
  96 % of routes behind it and the week-4 checkpoint closed in week 5;
- the batched lifecycle API (MS-BE-04, due week 3) is still open, with 1.5
  person-weeks left, and holds the week-3 checkpoint open; the database index fixes
  (MS-DB-02) and mTLS with the audit log (MS-SEC-06) run late; the hot-path work of
  MS-PERF-04 has not started;
- the database query p95 is 68 ms in week 6 against the 45 ms of its trajectory, above
  the 60 ms that fires RSK-DB-DBA-HIRING (the third engineer is not in seat);
- the leads declared their health in week 6, except DevOps, whose last update is of
  week 3 (a stale update: a warning on the status report).

``python tests/tracking/week6_site.py [DEST]`` builds it (default ``_build/week6``) and
prints where the pages are; the browser test ``tests/browser/test_browser_week6.py``
builds it too, looks at it at 1400 and 390 px and leaves screenshots in
``_build/screenshots/``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import faultkit

ROOT = Path(__file__).resolve().parents[2]
AS_OF = 6
TODAY = "2025-11-17"  # Monday of week 7: week 6 has just been reported

DONE = {  # milestone -> (actual start, actual end)
    "MS-BE-01": (1, 1), "MS-BE-02": (1, 2), "MS-BE-03": (2, 3), "MS-BE-05": (4, 4),
    "MS-ML-01": (1, 2), "MS-ML-02": (3, 4), "MS-PERF-01": (1, 1), "MS-PERF-02": (1, 2),
    "MS-PERF-03": (3, 4), "MS-SEC-01": (1, 1), "MS-SEC-02": (1, 2), "MS-SEC-09": (2, 3),
    "MS-SEC-04": (3, 4), "MS-SEC-03": (3, 5), "MS-DB-01": (5, 5), "MS-OPS-01": (5, 5),
    "MS-SEC-05": (5, 6), "MS-PGM-W01": (1, 1), "MS-PGM-W02": (2, 2), "MS-PGM-W05": (5, 5),
    "MS-SEC-11": (1, 2), "MS-PGM-10": (2, 3), "MS-PGM-13": (4, 4), "MS-PGM-W04": (4, 5),
}
STARTED = {  # milestone -> (actual start, person-weeks remaining, the owner's estimate)
    "MS-BE-04": (3, 1.5), "MS-DB-02": (5, 2.0), "MS-ML-03": (5, 1.5), "MS-OPS-02": (5, 0.5),
    "MS-SEC-06": (6, 3.0),
}


def _measurement(need_id: str, title: str, metric: str, week: int, value: float, unit: str,
                 evidence: str, body: str) -> str:
    return (f"```{{measurement}} {title}\n:id: {need_id}\n:of: {metric}\n:week: {week}\n"
            f":value: {value:g}\n:unit: {unit}\n:evidence: {evidence}\n\n{body}\n```\n")


def _update(need_id: str, title: str, workstream: str | None, week: int, owner: str,
            health: str, changed: str, needed: str) -> str:
    scope = f":scope: module\n:workstream: {workstream}\n" if workstream else ":scope: program\n"
    return (f"```{{update}} {title}\n:id: {need_id}\n{scope}:week: {week}\n:owner: {owner}\n"
            f":health: {health}\n:changed: {changed}\n:needed: {needed}\n```\n")


WEEK_3 = "# Week 3\n\n" + _update(
    "UPD-OPS-W03", "DevOps, week 3", "WS-DEVOPS", 3, "DevOps Lead", "at_risk",
    "The Terraform import of the production network stacks plans 41 unmanaged resources",
    "Two days of the SRE on-call rotation for the import in weeks 5 and 6")

WEEK_4 = "# Week 4\n\n" + "\n".join([
    _measurement("MEAS-BE-P95-W04", "Backend p95, week 4", "MET-BE-P95", 4, 335,
                 "ms p95 over the top 20 endpoints", "grafana/d/api-latency?week=4",
                 "Peak hour of each working day of week 4."),
    _measurement("MEAS-BE-QPR-W04", "Statements per listing, week 4", "MET-BE-QPR", 4, 3,
                 "SQL statements per request listing 100 VMs", "ci/query-count/412",
                 "The query-count guard of the listing endpoints."),
    _measurement("MEAS-ML-LEAK-W04", "ML memory per cycle, week 4", "MET-ML-LEAK", 4, 0.08,
                 "MB retained per inference/training cycle", "ci/soak/2016-cycles/77",
                 "The nightly 2,016-cycle soak."),
    _measurement("MEAS-PERF-NPLUS1-W04", "N+1 call sites, week 4", "MET-PERF-NPLUS1", 4, 0,
                 "known N+1 call sites in scheduler and inventory services",
                 "ci/nplus1-scan/88", "The static scan of both services."),
    _measurement("MEAS-SEC-AUTHSUITE-W04", "Attack cases rejected, week 4",
                 "MET-SEC-AUTHSUITE", 4, 100, "% of attack cases rejected",
                 "ci/auth-attacks/301", "All 412 cases of the catalogue."),
    _measurement("MEAS-SEC-ROUTES-W04", "Routes behind deny-by-default, week 4",
                 "MET-SEC-ROUTES", 4, 96, "% of API routes", "ci/route-audit/57",
                 "The route audit; 9 internal routes still open, behind an edge rule."),
])

WEEK_6 = "# Week 6\n\n" + "\n".join([
    _measurement("MEAS-BE-P95-W06", "Backend p95, week 6", "MET-BE-P95", 6, 365,
                 "ms p95 over the top 20 endpoints", "grafana/d/api-latency?week=6",
                 "Peak hour of each working day of week 6; the listing endpoints regressed "
                 "with the unfinished batch API."),
    _measurement("MEAS-SEC-ROUTES-W06", "Routes behind deny-by-default, week 6",
                 "MET-SEC-ROUTES", 6, 100, "% of API routes", "ci/route-audit/63",
                 "Every route, after MS-SEC-03 closed in week 5."),
    _measurement("MEAS-DB-QUERYP95-W06", "Database statement p95, week 6", "MET-DB-QUERYP95",
                 6, 68, "ms p95 over all statements", "grafana/d/postgres?week=6",
                 "pg_stat_statements over the week; 19 of the 50 heavy statements fixed."),
    _update("UPD-BE-W06", "Backend, week 6", "WS-BACKEND", 6, "Backend Lead", "off_track",
            "The batched lifecycle API is three weeks late; the listing p95 is back at 365 ms",
            "Two security engineers for the remaining authorization tests in week 7"),
    _update("UPD-SEC-W06", "Security, week 6", "WS-SECURITY", 6, "Security Lead", "at_risk",
            "Vault is live; mTLS started a week late, so the week-7 penetration test waits",
            "A decision on the pen-test slot: keep week 7 with mTLS partial, or week 9"),
    _update("UPD-DB-W06", "Database, week 6", "WS-DATABASE", 6, "Database Lead", "at_risk",
            "Index fixes are half done; the third engineer starts in week 8, not week 4",
            "The PostgreSQL consultancy for weeks 7 and 8 from the management reserve"),
    _update("UPD-PERF-W06", "Performance, week 6", "WS-PERFORMANCE", 6, "Performance Lead",
            "at_risk", "Hot-path work has not started: both engineers are on MS-BE-04",
            "MS-BE-04 closed in week 7 so that MS-PERF-04 can start"),
    _update("UPD-ML-W06", "AI/ML, week 6", "WS-AIML", 6, "ML Lead", "at_risk",
            "The feature store is on plan; its load test shares the late staging database",
            "Nothing this week"),
    _update("UPD-PGM-OFFICE-W06", "Program office, week 6", "WS-PROGRAM", 6,
            "Program Manager", "off_track",
            "The week-3 checkpoint is still open on MS-BE-04; QG-PH1 was waived in week 4",
            "Steering committee decision on the week-7 pen-test slot"),
    _update("UPD-PGM-W06", "Program, week 6", None, 6, "Program Manager", "off_track",
            "Four workstreams slip into phase 2; the forecast moves QG-PH2 from week 8 to 10",
            "Steering committee: pen-test slot, consultancy from the reserve, MS-BE-04 help"),
])


def mutations() -> list[dict[str, Any]]:
    """The week-6 record as fault-kit mutations of a copy of the docs."""
    found: list[dict[str, Any]] = []
    for need_id, (start, end) in DONE.items():
        found.append({"need": need_id, "set": {"status": "done", "actual_start": start,
                                               "actual_end": end}})
    for need_id, (start, remaining) in STARTED.items():
        found.append({"need": need_id, "set": {"status": "in_progress", "actual_start": start,
                                               "remaining": remaining}})
    found.append({"need": "MS-PGM-W03", "set": {"status": "at_risk"}})  # open on MS-BE-04
    found.append({"need": "QG-PH1", "set": {
        "status": "waived", "decision_week": 4, "waived_by": "Executive sponsor",
        "reason": "96 % of routes deny by default in week 4; the remaining 9 internal routes "
                  "sit behind an edge rule until MS-SEC-03 closes in week 5"}})
    found += [{"file": "status/week-03.md", "create": WEEK_3},
              {"file": "status/week-04.md", "create": WEEK_4},
              {"file": "status/week-06.md", "create": WEEK_6},
              {"file": "status/index.md", "replace": "under-review\n```",
               "with": "under-review\nweek-03\nweek-04\nweek-06\n```"}]
    return found


def build(dest: Path) -> Path:
    """Copy the docs to ``dest/src``, record weeks 1-6, build ``dest/html``; the html
    folder, or RuntimeError with the build's warnings."""
    if dest.exists():
        shutil.rmtree(dest)
    src = dest / "src"
    faultkit.copy_tree(ROOT, src)
    for name in ("node_modules", "tests"):
        (src / name).symlink_to(ROOT / name)
    (src / "src").symlink_to(ROOT / "src")
    for mutation in mutations():
        faultkit.apply_mutation(src, mutation)
    env = {**os.environ, "ROADMAP_AS_OF": str(AS_OF), "ROADMAP_TODAY": TODAY,
           "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", *faultkit.SPHINX_OPTS, "-d", str(dest / "doctrees"),
         str(src), str(dest / "html")], capture_output=True, text=True, env=env, cwd=dest)
    if proc.returncode != 0:
        raise RuntimeError(f"the week-6 copy does not build (exit {proc.returncode}):\n"
                           + proc.stdout + proc.stderr)
    return dest / "html"


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build" / "week6"
    print(f"week-6 copy: {build(target.resolve()) / 'index.html'}")
