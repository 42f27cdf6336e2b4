"""Fault injection: every fault of ``tests/faults/`` is applied to a copy of the docs
tree, which is built with ``-W``; the build (or the command-line check) must fail
with the message the fault's fixture states, naming the need and its place.

The pristine copy is built once per build slot; each fault then rebuilds
incrementally (see ``faultkit``). ``ROADMAP_FI_DOCS`` points the suite at another
docs tree, ``ROADMAP_FI_WORKERS`` sets the number of parallel build slots.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import faultkit
import pytest

FAULTS = faultkit.load_faults()

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def runner(early_fault_runner: faultkit.Runner | None,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[faultkit.Runner]:
    """The runner ``tests/conftest.py`` started when the tests were collected, or one of
    this module's own."""
    runner = early_fault_runner or faultkit.Runner(tmp_path_factory.mktemp("faults"))
    yield runner
    runner.cleanup()


@pytest.fixture(scope="module")
def outcomes(runner: faultkit.Runner, request: pytest.FixtureRequest
             ) -> dict[str, faultkit.Outcome]:
    """Runs, in parallel, every fault this session's selected tests ask about (those
    the early runner started are already under way or done)."""
    # Only pytest functions have a module; Sybil's items from the pages do not.
    items = [i for i in request.session.items
             if getattr(i, "module", None) is request.module]
    return runner.run(faultkit.asked_for(items, FAULTS))


def test_catalogue_is_complete() -> None:
    names = [f.name for f in FAULTS]
    assert len(names) >= 25, f"only {len(names)} faults in {faultkit.FAULTS_DIR}"
    assert len(set(names)) == len(names)
    for fault in FAULTS:
        assert fault.description, f"{fault.name}: no description"
        assert fault.mutations or fault.needs_json, f"{fault.name}: mutates nothing"
        assert "need" in fault.expect or "location" in fault.expect, (
            f"{fault.name}: the expected message names neither a need nor a place")


def test_pristine_tree_builds_clean(runner: faultkit.Runner) -> None:
    slot = runner.pristine
    warnings = faultkit.records(slot.pristine_output)
    assert slot.pristine_exit == 0 and not warnings, (
        f"the unmodified docs tree ({faultkit.DOCS_ROOT}) does not build cleanly with -W "
        f"(exit code {slot.pristine_exit}):\n" + "\n".join(warnings[:200]))


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault_is_caught(fault: faultkit.Fault, outcomes: dict[str, faultkit.Outcome]
                         ) -> None:
    outcome = outcomes[fault.name]
    assert outcome.error is None, outcome.explain()
    assert outcome.caught, outcome.explain()


def test_catch_rate(outcomes: dict[str, faultkit.Outcome], runner: faultkit.Runner,
                    capsys: pytest.CaptureFixture[str]) -> None:
    caught, injected = faultkit.catch_rate(outcomes.values())
    rows = [f"  {'caught' if o.caught else 'MISSED':<6} {o.seconds:5.1f} s  {o.fault.name}"
            for o in (outcomes[f.name] for f in FAULTS)]
    pristine = runner.pristine
    with capsys.disabled():
        print(f"\nfault injection on {Path(faultkit.DOCS_ROOT)}: pristine build "
              f"{pristine.pristine_seconds:.1f} s, {len(runner.slots)} build slot(s)")
        print("\n".join(rows))
        print(f"fault catch rate: {caught}/{injected} ({100 * caught / injected:.0f} %)")
    assert injected == len(FAULTS)
    assert caught == injected, "faults not caught: " + ", ".join(
        o.fault.name for o in outcomes.values() if not o.caught)
