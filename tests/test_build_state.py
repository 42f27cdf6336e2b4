"""The build state: its parts exist from a stage of the build on and say so when asked
for earlier; what it keeps is keyed by content (the package's code by the digest of its
bytes, never by modification times); only the freshness records go with the pickled
environment."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import sphinxproject

from roadmap.findings import Rule, RuleResult
from roadmap.sphinx_ext import state
from roadmap.sphinx_ext.state import (
    BuildCache,
    BuildState,
    FreshnessRecords,
    NotYetAvailable,
    Stage,
    code_digest,
    load_cache,
    save_cache,
)

PAGES = {"table": "# Table\n\n```{needtable}\n:types: milestone\n:columns: id, title\n```\n"}


# ------------------------------------------------------------------ stages
def test_the_graph_asked_for_before_the_needs_are_resolved_says_when_it_exists() -> None:
    fresh = BuildState()
    with pytest.raises(NotYetAvailable, match=r"needs graph asked for while no build has "
                                              r"started .* \(write-started\)"):
        _ = fresh.graph
    fresh.begin(SimpleNamespace(doctreedir="unused", tags=()))  # type: ignore[arg-type]
    fresh.reach(Stage.PAGES_LISTED)
    with pytest.raises(NotYetAvailable, match=r"needs graph asked for while the pages are "
                                              r"read .* \(write-started\)"):
        _ = fresh.graph
    with pytest.raises(NotYetAvailable, match="rule results"):
        _ = fresh.results


def test_the_inputs_exist_once_sphinx_has_listed_the_documents() -> None:
    started = BuildState()
    started.begin(SimpleNamespace(tags=()))  # type: ignore[arg-type]
    with pytest.raises(NotYetAvailable, match=r"inputs asked for .* listed the documents"):
        _ = started.inputs
    with pytest.raises(NotYetAvailable, match=r"cache of the last build .* \(builder-inited\)"):
        _ = BuildState().cache


def test_only_the_freshness_records_go_with_the_environment() -> None:
    kept = BuildState()
    kept.begin(SimpleNamespace(tags=()))  # type: ignore[arg-type]
    kept.reach(Stage.NEEDS_RESOLVED)
    kept.freshness.record("table", dynamic=True, by_id=True, refs={"MS-A-01"})
    again = pickle.loads(pickle.dumps(kept))
    assert again.freshness == kept.freshness
    with pytest.raises(NotYetAvailable, match="NOT_STARTED"):
        _ = again.graph  # the stage, the app and every value of one build are gone


def test_freshness_records_follow_the_pages() -> None:
    records = FreshnessRecords()
    records.record("a", dynamic=True, by_id=False, refs={"X"})
    records.record("b", dynamic=True, by_id=True, refs=set())
    reader = FreshnessRecords()
    reader.record("c", dynamic=True, by_id=True, refs={"Y"})
    reader.record("d", dynamic=True, by_id=True, refs={"Z"})
    records.merge(reader, {"c"})  # a parallel reader's pages, and only those
    records.purge("b")
    assert (records.dynamic_docs, records.by_id_docs) == ({"a", "c"}, {"c"})
    assert records.need_refs == {"a": {"X"}, "c": {"Y"}}


# ------------------------------------------------------------------ the code digest
def _package_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "roadmap"
    shutil.copytree(state.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_touching_a_source_file_keeps_the_code_digest(tmp_path: Path) -> None:
    package = _package_copy(tmp_path)
    before = code_digest(package)
    later = os.stat(package / "graph.py").st_mtime + 3600
    for path in package.rglob("*.py"):
        os.utime(path, (later, later))
    assert code_digest(package) == before


def test_a_changed_source_file_changes_the_code_digest(tmp_path: Path) -> None:
    package = _package_copy(tmp_path)
    before = code_digest(package)
    graph = package / "graph.py"
    stamp = graph.stat()
    graph.write_text(graph.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    os.utime(graph, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # the same time, new bytes
    assert code_digest(package) != before


def test_the_process_digest_is_the_installed_package() -> None:
    assert code_digest(state.PACKAGE) == state.CODE_DIGEST


# ------------------------------------------------------------------ the cache file
def _cache_with_results(code: str) -> BuildCache:
    rule = Rule("TEST-RULE", "A rule", "What it checks.", "graph")
    return BuildCache(code=code, results_key="key", results=[RuleResult(rule, ["X"])])


def test_a_cache_written_by_other_code_is_dropped_whole(tmp_path: Path) -> None:
    path = tmp_path / state.CACHE_FILE
    save_cache(path, _cache_with_results("code-a"))
    assert load_cache(path, "code-a").results_key == "key"
    other = load_cache(path, "code-b")
    assert other == BuildCache(code="code-b")


def test_an_unreadable_cache_is_an_empty_one(tmp_path: Path) -> None:
    path = tmp_path / state.CACHE_FILE
    path.write_bytes(b"not a pickle")
    assert load_cache(path, "code") == BuildCache(code="code")
    assert load_cache(tmp_path / "missing.pickle", "code") == BuildCache(code="code")


def _suite_reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """What the build state runs of the suite from now on."""
    calls: list[tuple[str, ...]] = []
    real = state.run_suite

    def spy(inputs: Any, reads: Any = ()) -> Any:
        calls.append(tuple(reads))
        return real(inputs, reads=reads)

    monkeypatch.setattr(state, "run_suite", spy)
    return calls


def test_new_code_recomputes_the_kept_results_and_the_same_code_reuses_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build with the same code reuses the rule results and the source guards'
    results; a build whose package bytes differ (a new digest) computes them all again."""
    sphinxproject.build(tmp_path, PAGES)
    calls = _suite_reads(monkeypatch)
    sphinxproject.rebuild(tmp_path)
    assert calls == []
    monkeypatch.setattr(state, "CODE_DIGEST", "the package's bytes changed")
    again = sphinxproject.rebuild(tmp_path)
    assert again.warning_lines() == []
    assert ("sources", "toml") in calls and ("graph",) in calls
    kept = load_cache(tmp_path / "_build" / "doctrees" / state.CACHE_FILE, state.CODE_DIGEST)
    assert kept.results


def _counted(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """Count the calls of ``module.name`` from now on."""
    calls: list[int] = []
    real = getattr(module, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return calls


def test_a_build_that_reads_no_page_reuses_what_the_needs_gave(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no page read since the last build (the same reading), the rule results, the
    source guards' results, the needs' value checks, their fingerprints and the cards'
    review lines are the last build's: none is made again, and the finding is still
    reported; a page read again makes them again."""
    from roadmap.sphinx_ext import freshness, review_links

    sphinxproject.build(tmp_path, PAGES, changes={"MET-B": {"target": 80}})
    suite = _suite_reads(monkeypatch)
    checks = _counted(monkeypatch, state, "need_problems")
    prints = _counted(monkeypatch, freshness, "need_fingerprints")
    lines = _counted(monkeypatch, review_links, "_current_lines")
    ledger = _counted(monkeypatch, review_links, "_read")
    again = sphinxproject.rebuild(tmp_path)
    assert any("[CONS-METRIC-DIRECTION] MET-B" in line for line in again.warning_lines())
    assert (suite, checks, prints, lines, ledger) == ([], [], [], [], [])
    plan = tmp_path / "src" / "plan.md"
    plan.write_text(plan.read_text(encoding="utf-8") + "\nA new line of prose.\n",
                    encoding="utf-8")
    read = sphinxproject.rebuild(tmp_path)
    assert any("[CONS-METRIC-DIRECTION] MET-B" in line for line in read.warning_lines())
    assert checks and prints and lines and ledger


def _reading_app(read: dict[str, int], needs_types: Any) -> Any:
    config = [SimpleNamespace(name="needs_types", value=needs_types),
              SimpleNamespace(name="html_theme", value="basic")]
    return SimpleNamespace(env=SimpleNamespace(all_docs=read), config=config)


def test_the_reading_follows_every_page_read_and_the_needs_settings() -> None:
    """The reading stands for the needs only while no page is read again, added or
    removed, and sphinx-needs' settings are the same; the pages' texts and the project's
    files and settings are in it as in the results' key."""
    from roadmap.inputs import from_settings

    inputs = from_settings(Path(__file__).resolve().parents[1],
                           {"needs_from_toml": "ubproject.toml"}, ())
    key, tags = state.reading_key, ["html"]
    page_a, page_b = state.project_key(inputs, {"a.md": "A"}), state.project_key(inputs,
                                                                              {"a.md": "B"})
    base = key(_reading_app({"a": 1, "b": 2}, ["x"]), tags, page_a)
    assert base == key(_reading_app({"b": 2, "a": 1}, ["x"]), tags, page_a)
    for other in (key(_reading_app({"a": 1, "b": 3}, ["x"]), tags, page_a),
                  key(_reading_app({"a": 1}, ["x"]), tags, page_a),
                  key(_reading_app({"a": 1, "b": 2}, ["y"]), tags, page_a),
                  key(_reading_app({"a": 1, "b": 2}, ["x"]), tags, page_b),
                  key(_reading_app({"a": 1, "b": 2}, ["x"]), ["pdf"], page_a)):
        assert other != base


def test_a_new_field_of_the_records_is_a_new_env_version() -> None:
    """Sphinx unpickles the environment of the last build unless the extension's
    env_version changed: a field added to the records must change it by itself."""
    from dataclasses import dataclass, field

    @dataclass
    class Grown(state.FreshnessRecords):
        seen_docs: set[str] = field(default_factory=set)

    assert state.records_version() == state.records_version(state.FreshnessRecords)
    assert state.records_version(Grown) != state.records_version()


def test_the_page_memo_is_read_only_while_the_guards_run(tmp_path: Path) -> None:
    """What the guards read of each page lives in a file of its own, read when they run
    and let go after: the build's state holds none of it while the site is written, and
    the manifest is made from it on the way."""
    built = sphinxproject.build(tmp_path, PAGES)
    doctrees = tmp_path / "_build" / "doctrees"
    memo = state.load_pages(doctrees / state.PAGES_FILE, state.CODE_DIGEST)
    assert {file for _, file in memo._entries} >= {"plan.md", "table.md"}
    assert state.load_pages(doctrees / state.PAGES_FILE, "other code") == state.PageMemo()
    cache = load_cache(doctrees / state.CACHE_FILE, state.CODE_DIGEST)
    assert not any(isinstance(v, state.PageMemo) for v in vars(cache).values())
    assert cache.manifest["count"] == len(cache.manifest["needs"]) > 0
    assert (built.outdir / "roadmap-manifest.json").is_file()


def test_new_code_is_a_new_env_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page's doctree holds what the views of the code that read it drew: new code
    makes Sphinx read every page again (the same code keeps the environment)."""
    kept = state.env_version()
    assert state.env_version() == kept
    monkeypatch.setattr(state, "CODE_DIGEST", "the package's bytes changed")
    assert state.env_version() != kept
