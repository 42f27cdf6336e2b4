"""A plan to review, from a ``needs.json`` file or from a git revision of this
repository built on the fly.

A revision is checked out in a temporary ``git worktree`` and built there strictly
(``-W``) with this checkout's Python (its ``.venv``) and its ``node_modules``; the
revision's own ``conf.py`` puts the revision's ``src`` first on ``sys.path``, so each
revision builds with its own code. ``.`` names the working tree, built in place
into ``_build/html`` as ``make html`` builds it (incrementally).

A side is built with ``-W --keep-going``. A base whose build warns is a review error
naming its first warning (a plan is reviewed against a base that builds); a head
whose build warns is reviewed all the same, so that the review can say which rules
the change breaks, and its warnings are part of the review. A build that writes no
``needs.json`` is an error for either side. The ``needs.json`` (with the build's
warnings and the review ledger) of a revision is kept in ``_build/review/``, so a
second review against the same base does not build it again.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from roadmap.config import AS_OF_VARIABLE, RELEASE_VARIABLE, REVIEW_BASE_VARIABLE
from roadmap.errors import InputError

# The build's options: those of `make html` (Makefile SPHINXOPTS).
SPHINX_OPTIONS = ("-W", "--keep-going", "-n", "-q")
CACHE = Path("_build") / "review"
WORKTREE = "."  # the side that is the working tree
WARNINGS_FILE = "warnings.txt"
# Environment variables that change what a build writes, part of the cache key.
BUILD_VARIABLES = (AS_OF_VARIABLE, RELEASE_VARIABLE)


class RevisionError(InputError):
    """A side of a review that cannot be had: one line names the side and why."""


@dataclass(frozen=True)
class PlanSource:
    """Where one side's plan is: its ``needs.json``, what to call it, and the review
    ledger that goes with it (None: none known)."""

    needs_json: Path
    label: str
    ledger: Path | None = None
    warnings: tuple[str, ...] = ()  # the build's warnings (a head may have some)


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          check=False)


def commit_of(root: Path, revision: str) -> str | None:
    """The commit a revision names, None when it names none."""
    if revision.startswith("-"):
        return None
    found = git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    return found.stdout.strip() if found.returncode == 0 and found.stdout.strip() else None


_PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL)\b|Error|error:")
# Terminal colour codes: Sphinx colours its output when FORCE_COLOR is set (as some CI
# runners set it) even with --no-color absent from a caller's options.
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def problems(output: str, worktree: Path) -> list[str]:
    """The warning and error lines of a build's output, with the worktree's path taken
    off the file names."""
    plain = _ANSI.sub("", output)
    lines = [line.replace(f"{worktree}{os.sep}", "").replace(str(worktree), ".").strip()
             for line in plain.splitlines() if line.strip()]
    return [line for line in lines if _PROBLEM.search(line)] or lines[-1:]


def first_problem(output: str, worktree: Path) -> str:
    found = problems(output, worktree)
    return found[0] if found else "the build failed without a message"


def _cache_key(commit: str) -> str:
    environ = ";".join(f"{name}={os.environ.get(name, '')}" for name in BUILD_VARIABLES)
    return f"{commit[:12]}-{hashlib.sha256(environ.encode()).hexdigest()[:8]}"


def _build(worktree: Path, out: Path, side: str) -> tuple[str, ...]:
    """Build ``worktree`` into ``out``; the build's warnings (none for a base)."""
    environ = {k: v for k, v in os.environ.items()
               if k not in (REVIEW_BASE_VARIABLE, "FORCE_COLOR")}
    environ["NO_COLOR"] = "1"
    command = [sys.executable, "-m", "sphinx", "-b", "html", *SPHINX_OPTIONS, "--no-color",
               "-d", str(out / "doctrees"), str(worktree), str(out / "html")]
    needs = out / "html" / "needs.json"
    started = time.time()
    done = subprocess.run(command, cwd=worktree, capture_output=True, text=True, env=environ,
                          check=False)
    output = done.stderr + done.stdout
    # a needs.json older than this build is an earlier build's, not this one's
    written = needs.is_file() and needs.stat().st_mtime >= started - 1
    if not written or (done.returncode != 0 and side == "base"):
        raise RevisionError(f"{side} failed to build: {first_problem(output, worktree)}")
    return tuple(problems(output, worktree)) if done.returncode != 0 else ()


def build_revision(root: Path, revision: str, side: str, ledger_name: str = "") -> PlanSource:
    """The built plan of ``revision`` (kept in ``_build/review/``); RevisionError when it
    names no commit or does not build."""
    commit = commit_of(root, revision)
    if commit is None:
        raise RevisionError(f"{side}: {revision!r} is neither a needs.json file nor a git "
                            "revision of this repository")
    kept = root / CACHE / f"{side}-{_cache_key(commit)}"
    label = f"{revision} ({commit[:10]})" if revision != commit else commit[:10]
    if not (kept / "needs.json").is_file():
        _build_into(root, commit, side, kept, ledger_name)
    ledger = kept / "links.json"
    warnings = (kept / WARNINGS_FILE).read_text(encoding="utf-8").splitlines()
    return PlanSource(kept / "needs.json", label, ledger if ledger.is_file() else None,
                      tuple(warnings))


def _build_into(root: Path, commit: str, side: str, kept: Path, ledger_name: str) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="roadmap-review-"))
    worktree = scratch / "tree"
    try:
        added = git(root, "worktree", "add", "--detach", "--quiet", str(worktree), commit)
        if added.returncode != 0:
            raise RevisionError(f"{side}: cannot check out {commit[:10]} "
                                f"({first_problem(added.stderr, worktree)})")
        if (root / "node_modules").is_dir() and not (worktree / "node_modules").exists():
            (worktree / "node_modules").symlink_to(root / "node_modules")
        warnings = _build(worktree, scratch / "build", side)
        kept.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(scratch / "build" / "html" / "needs.json", kept / "needs.json.tmp")
        if ledger_name and (worktree / ledger_name).is_file():
            shutil.copyfile(worktree / ledger_name, kept / "links.json")
        (kept / WARNINGS_FILE).write_text("".join(f"{w}\n" for w in warnings),
                                          encoding="utf-8")
        (kept / "needs.json.tmp").replace(kept / "needs.json")
    finally:
        git(root, "worktree", "remove", "--force", str(worktree))
        shutil.rmtree(scratch, ignore_errors=True)
        git(root, "worktree", "prune")


def build_worktree(root: Path, side: str, ledger_name: str = "") -> PlanSource:
    """The working tree, built in place into ``_build/html`` (as ``make html`` does)."""
    warnings = _build(root, root / "_build", side)
    ledger = root / ledger_name if ledger_name else None
    return PlanSource(root / "_build" / "html" / "needs.json", "the working tree",
                      ledger if ledger is not None and ledger.is_file() else None, warnings)


def plan_source(root: Path, spec: str, side: str, ledger_name: str = "") -> PlanSource:
    """A side from its argument: ``.`` (the working tree), an existing ``needs.json``
    file, else a revision."""
    if spec == WORKTREE:
        return build_worktree(root, side, ledger_name)
    path = Path(spec)
    if path.is_file():
        return PlanSource(path, str(spec))
    if path.suffix == ".json":
        raise RevisionError(f"{side}: {spec}: no such needs.json file")
    return build_revision(root, spec, side, ledger_name)
