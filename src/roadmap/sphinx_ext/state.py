"""The state of one build: the project's inputs, the needs graph and the rule results,
each computed once on first use and dropped when the next build starts."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from roadmap.config import SETTINGS
from roadmap.directive_parser import ParseCache, forget_parses
from roadmap.findings import RuleResult
from roadmap.graph import RoadmapGraph, build_graph
from roadmap.inputs import InputsError, ProjectInputs, from_settings
from roadmap.suite import FAMILIES, SuiteInputs, run_suite

_INPUTS_ATTR = "_roadmap_inputs"
_GRAPH_ATTR = "_roadmap_graph"
_RESULTS_ATTR = "_roadmap_results"
CONFIG_NAMES = ("needs_from_toml", "needs_schema_definitions_from_json")


def config_namespace(app: Sphinx, with_settings: bool = True) -> dict[str, Any]:
    """The configuration values the project's inputs are resolved from."""
    namespace = {name: getattr(app.config, name, None) for name in CONFIG_NAMES}
    if with_settings:
        namespace.update({s.config_name: getattr(app.config, s.config_name) for s in SETTINGS})
    return namespace


def inputs_of(app: Sphinx) -> ProjectInputs:
    """The project's inputs for this build: conf.py's settings and Sphinx's own list
    of documents (``env.found_docs``), resolved once."""
    inputs = getattr(app, _INPUTS_ATTR, None)
    if inputs is None:
        namespace = config_namespace(app)
        pages = [str(Path(app.env.doc2path(d)).relative_to(app.srcdir))
                 for d in app.env.found_docs]
        try:
            inputs = from_settings(Path(app.confdir), namespace, pages, os.environ)
        except InputsError:
            # config-inited has warned about the setting; the build goes on with defaults
            namespace.update({s.config_name: s.default for s in SETTINGS})
            inputs = from_settings(Path(app.confdir), namespace, pages)
        setattr(app, _INPUTS_ATTR, inputs)
    return inputs


def get_graph(app: Sphinx) -> RoadmapGraph:
    """The build's needs graph, built on first use in the write phase."""
    graph = getattr(app, _GRAPH_ATTR, None)
    if graph is None:
        from sphinx_needs.api import get_needs_view

        needs = {need_id: dict(need) for need_id, need in get_needs_view(app).items()}
        graph = build_graph(needs, inputs_of(app).metamodel)
        setattr(app, _GRAPH_ATTR, graph)
    return graph


def get_results(app: Sphinx) -> list[RuleResult]:
    """Every rule's result for this build that can be known before the site is written
    (graph and schema rules, source guards); the built-site guards run after it.

    The results are kept between builds with a digest of everything they depend on
    (the needs, the pages, the metamodel, the schema rules, the settings and this
    package's code): a build that changed none of it reuses them.
    """
    results = getattr(app, _RESULTS_ATTR, None)
    if results is None:
        inputs = inputs_of(app)
        sources = inputs.read_sources()
        cache = build_cache(app)
        key = _results_key(get_graph(app), inputs, sources)
        if cache.key != key:
            cache.key, cache.results = key, _all_results(app, inputs, sources, cache)
            _save_cache(app, cache)
        results = cache.results
        setattr(app, _RESULTS_ATTR, results)
    return results


def _all_results(app: Sphinx, inputs: ProjectInputs, sources: dict[str, str],
                 cache: BuildCache) -> list[RuleResult]:
    """The graph rules on the resolved graph, and the source and metamodel guards: those
    were run on this build's pages when the build looked for outdated pages (they read
    the pages and the needs' IDs, which resolving does not change), so not run twice."""
    graph = get_graph(app)
    if getattr(app, _SOURCES_ATTR, False):
        found = [*run_suite(SuiteInputs(graph=graph, project=inputs), reads=("graph",)),
                 *cache.source_results]
        return sorted(found, key=lambda r: FAMILIES.index(r.rule.family))
    suite = SuiteInputs(graph=graph, project=inputs, sources=sources, parse_cache=cache.parsed)
    return run_suite(suite, reads=("graph", "toml", "sources"))


def source_results(app: Sphinx, needs: Mapping[str, Mapping[str, Any]]) -> list[RuleResult]:
    """The source and metamodel guards over the pages as read, with the needs of the
    read phase (before sphinx-needs resolves them): what a page edit alone can change.
    Kept between builds with a digest of the needs, the pages and the rules' inputs."""
    inputs = inputs_of(app)
    sources = inputs.read_sources()
    graph = build_graph(needs, inputs.metamodel)
    cache = build_cache(app)
    key = _results_key(graph, inputs, sources)
    if cache.source_key != key:
        suite = SuiteInputs(graph=graph, project=inputs, sources=sources,
                            parse_cache=cache.parsed)
        cache.source_key = key
        cache.source_results = run_suite(suite, reads=("sources", "toml"))
        _save_cache(app, cache)
    setattr(app, _SOURCES_ATTR, True)  # this build's pages are checked
    return cache.source_results


def code_stamp() -> str:
    """The package's code as it is now: a changed rule or export must not reuse old
    results."""
    return ";".join(f"{p.relative_to(_PACKAGE)}:{p.stat().st_mtime_ns}"
                    for p in sorted(_PACKAGE.rglob("*.py")))


_CACHE_ATTR = "_roadmap_cache"
_SOURCES_ATTR = "_roadmap_sources_checked"


def build_cache(app: Sphinx) -> BuildCache:
    """What the last build kept, loaded once per build."""
    cache = getattr(app, _CACHE_ATTR, None)
    if cache is None:
        cache = _load_cache(app)
        setattr(app, _CACHE_ATTR, cache)
    return cache


@dataclass
class BuildCache:
    key: str = ""
    results: list[RuleResult] = field(default_factory=list)
    parsed: ParseCache = field(default_factory=ParseCache)
    scans: dict[str, Any] = field(default_factory=dict)  # built page digest -> its scan
    source_key: str = ""  # what the source guards' results below were computed from
    source_results: list[RuleResult] = field(default_factory=list)
    exports_key: str = ""  # what the exports in the site were written from


_CACHE_FILE = "roadmap-cache.pickle"
_PACKAGE = Path(__file__).resolve().parents[1]


def _cache_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / _CACHE_FILE


def _load_cache(app: Sphinx) -> BuildCache:
    try:
        with _cache_path(app).open("rb") as handle:
            cache = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return BuildCache()
    # a cache written by another version of BuildCache lacks fields or has stale ones
    wanted = {f.name for f in fields(BuildCache)}
    if not isinstance(cache, BuildCache) or set(vars(cache)) != wanted:
        return BuildCache()
    return cache


def save_build_cache(app: Sphinx) -> None:
    """Keep what this build learnt (results, parses, page scans) for the next one."""
    _save_cache(app, build_cache(app))


def _save_cache(app: Sphinx, cache: BuildCache) -> None:
    path = _cache_path(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        pickle.dump(cache, handle, pickle.HIGHEST_PROTOCOL)


def _results_key(graph: RoadmapGraph, inputs: ProjectInputs, sources: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for need_id in sorted(graph.needs):
        need = graph.needs[need_id]
        digest.update(json.dumps([need.id, need.type, need.title, need.docname, need.lineno,
                                  need.fields, need.links], sort_keys=True, default=str).encode())
    for page in sorted(sources):
        digest.update(page.encode() + b"\0" + sources[page].encode())
    for path in (inputs.toml_path, inputs.schemas_path):
        if path is not None and path.is_file():
            digest.update(path.read_bytes())
    digest.update(repr(inputs.settings).encode() + code_stamp().encode())
    return digest.hexdigest()


def reset(app: Sphinx, *_: Any) -> None:
    forget_parses()
    for attr in (_INPUTS_ATTR, _GRAPH_ATTR, _RESULTS_ATTR, _CACHE_ATTR, _SOURCES_ATTR):
        if hasattr(app, attr):
            delattr(app, attr)
