"""Shared fixtures: the built site of `make html` and its needs graph.

The suite reads the site that `make test` has just built with `-W`; set
ROADMAP_HTML to test another build directory.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import faultkit
import pytest

from roadmap.findings import RuleResult
from roadmap.graph import RoadmapGraph, build_graph, read_needs_json
from roadmap.inputs import ProjectInputs, from_conf
from roadmap.suite import SuiteInputs, run_suite
from roadmap.ubproject import Metamodel

REPO_ROOT = Path(__file__).resolve().parents[1]
# Today's date of every build a test makes (roadmap.clock): Wednesday of program week 2,
# so that pages that say what "now" is read the same on every day the suite runs.
os.environ.setdefault("ROADMAP_TODAY", "2025-10-15")
# The project as the build sees it: conf.py's settings and pages, ubproject.toml.
PROJECT = from_conf(REPO_ROOT)


def evaluate(graph: RoadmapGraph, project: ProjectInputs = PROJECT) -> list[RuleResult]:
    """The graph and schema rules of the suite over ``graph``."""
    return run_suite(SuiteInputs(graph=graph, project=project), reads=("graph",))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def html_dir() -> Path:
    path = Path(os.environ.get("ROADMAP_HTML", REPO_ROOT / "_build" / "html"))
    if not (path / "needs.json").is_file():
        pytest.fail(f"no built site in {path}: run `make html` (or `make test`) first")
    return path


@pytest.fixture(scope="session")
def needs(html_dir: Path) -> dict[str, dict[str, Any]]:
    return read_needs_json(html_dir / "needs.json")


@pytest.fixture(scope="session")
def needs_json_raw(html_dir: Path) -> dict[str, Any]:
    return json.loads((html_dir / "needs.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def rules_of() -> Callable[[RoadmapGraph], list[RuleResult]]:
    """The graph and schema rules of the suite, as a function of a graph."""
    return evaluate


@pytest.fixture(scope="session")
def project() -> ProjectInputs:
    return PROJECT


@pytest.fixture(scope="session")
def metamodel() -> Metamodel:
    return PROJECT.metamodel


@pytest.fixture(scope="session")
def graph(needs: dict[str, dict[str, Any]]) -> RoadmapGraph:
    return build_graph(needs, PROJECT.metamodel)


# ------------------------------------------------------------ fault injection, early
# The fault injection (tests/test_fault_injection.py) is most of the suite's time and
# runs its builds in two slots, while the rest of the suite is one process: started as
# soon as the tests are collected, its builds use the core the other tests leave idle.
FAULT_INJECTION = "test_fault_injection.py"
_EARLY_RUNNER = pytest.StashKey[faultkit.Runner]()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The fault injection's tests last: every other test runs while its builds do, and
    none waits for them."""
    items.sort(key=lambda item: item.path.name == FAULT_INJECTION)  # a stable sort


def pytest_collection_finish(session: pytest.Session) -> None:
    """Alone (``-k "pristine or <name>"``) the fault injection runs as it always did."""
    if session.config.option.collectonly:
        return
    items = [i for i in session.items if i.path.name == FAULT_INJECTION]
    wanted = faultkit.asked_for(items, faultkit.load_faults())
    if wanted and len(items) < len(session.items):
        runner = faultkit.Runner(background=True)
        runner.start(wanted)
        session.config.stash[_EARLY_RUNNER] = runner


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A session that stops before the fault injection's tests (``-x``, Ctrl-C) stops
    the runner too (after the builds under way)."""
    runner = session.config.stash.get(_EARLY_RUNNER, None)
    if runner is not None:
        runner.cleanup()


@pytest.fixture(scope="session")
def early_fault_runner(request: pytest.FixtureRequest) -> faultkit.Runner | None:
    """The fault runner started when the tests were collected, if it was."""
    return request.config.stash.get(_EARLY_RUNNER, None)
