"""Everything a build of the roadmap keeps, behind one object: :class:`BuildState`.

As sphinx-needs keeps its data behind ``SphinxNeedsData(env)``, the extension keeps
the project's inputs, the needs graph, the rule and guard results, what the guards
read of each page, the built pages' scans and the freshness records
(with the pages' descriptions) in one ``BuildState``, reached with
``BuildState.of(env)``. It holds pure-core values and hands the caches the core needs
(the page memo, the page scans) to the core as arguments; the core keeps nothing of its
own between calls.

**When each part exists.** A getter asked before its part exists raises
:class:`NotYetAvailable`, naming what was asked for and when it becomes available:

- from ``builder-inited`` (:meth:`BuildState.begin`): the cache of the last build;
- from ``env-before-read-docs`` (Sphinx has listed the documents): the inputs and
  the pages' texts;
- from ``write-started`` (sphinx-needs has resolved every need): the graph and the
  rule results.

**What lives how long** (stated here only):

- *one build*: the inputs, the pages' texts, the graph, the results, whether the
  source guards ran, what the views read once and share (the baseline). (The pages'
  markdown-it tokens live only while the guards read one page: the suite lets them go
  page by page.) :meth:`BuildState.begin` drops them at
  ``builder-inited``; nothing else resets anything.
- *with the environment* (pickled by Sphinx into ``environment.pickle``): the
  freshness records (:class:`FreshnessRecords`, with the pages' descriptions of
  :mod:`roadmap.sphinx_ext.page_meta`), because they follow the pages as Sphinx reads,
  purges and merges them. A fresh environment (``-E``, a changed
  configuration, a new ``env_version`` of the extension: new code, or a new shape of
  the records) starts them empty.
- *in the cache file* ``<doctrees>/roadmap-cache.pickle`` (:class:`BuildCache`):
  the rule results, the source guards' results, the record of the declared needs (for
  the manifest) and the page scans, because they are learnt after Sphinx has pickled
  the environment (the scans at ``build-finished``).
- *in the page file* ``<doctrees>/roadmap-pages.pickle``: the page memo (what the
  guards read of each page), read only while the guards run and written back then;
  it is the largest part of what the build keeps (28 MiB at 10,000 needs) and the
  writing of the site does not need it.

**What invalidates what** (the one rule): everything kept is keyed by a digest of
the content it was computed from, never by a modification time.

- The cache file and the page file are stamped with the *code digest* (SHA-256 of
  the paths and bytes of the package's ``*.py`` files, :mod:`roadmap.package_code`,
  computed once per process: the code that runs is the code imported). A file written
  under another digest is discarded whole, so changed code never reuses what old code
  computed; touching a file without changing it changes nothing.
- The rule results and the source guards' results: a digest of the needs (read
  phase for the guards, resolved for the results), the pages' texts, the bytes of
  ``ubproject.toml``, ``schemas.json`` and the baseline file (whose approval a guard
  checks) and the settings.
- Skipping the needs' digest: while the *reading* (:func:`reading_key`: when Sphinx
  read each page, sphinx-needs' settings, the tags, and the rest of the key above) is
  the one the results, the source guards' results and the resolved needs' value checks
  were last made under, they are reused without making a graph (a no-op rebuild reads
  no page, so its needs are the last build's).
- The page memo: per page and kind of reading (need directives, directives, active
  content), the page's text it was read from (and the need types); a reading no run
  asked for is dropped (:class:`~roadmap.directive_parser.PageMemo`).
- The page scans: per built page, a digest of its bytes (:mod:`roadmap.rules.site`).
- (The exports are no part of the build: ``make html`` writes them after Sphinx,
  behind a stamp of their own, :mod:`roadmap.exports.stamp`.)
- The freshness records: a page's marks are recorded when it is read and dropped when
  Sphinx purges it; the needs' fingerprints are digests of what other pages can show
  of each need, compared with the last build's (:mod:`roadmap.sphinx_ext.freshness`).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, fields
from enum import IntEnum
from pathlib import Path
from typing import Any, NamedTuple

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from roadmap.config import SETTINGS, SettingsError
from roadmap.directive_parser import PageMemo
from roadmap.findings import RuleResult
from roadmap.graph import NeedData, RoadmapGraph, build_graph
from roadmap.inputs import ProjectInputs, from_settings
from roadmap.ledger import LinkReview
from roadmap.manifest import manifest_data
from roadmap.package_code import PACKAGE, code_digest
from roadmap.suite import FAMILIES, Input, SuiteInputs, run_suite
from roadmap.ubproject import Metamodel
from roadmap.value_check import BadValue, NeedValues, need_problems

CONFIG_NAMES = ("needs_from_toml", "needs_schema_definitions_from_json", "exclude_patterns")
CACHE_FILE = "roadmap-cache.pickle"
PAGES_FILE = "roadmap-pages.pickle"  # the page memo, read only while the guards run
_ENV_ATTR = "roadmap_state"


def config_namespace(app: Sphinx, with_settings: bool = True) -> dict[str, Any]:
    """The configuration values the project's inputs are resolved from."""
    namespace = {name: getattr(app.config, name, None) for name in CONFIG_NAMES}
    if with_settings:
        namespace.update({s.config_name: getattr(app.config, s.config_name) for s in SETTINGS})
    return namespace


# Once per process: the modules are imported once, so the code that runs is the code
# read here (``make live`` runs each build in a process of its own).
CODE_DIGEST = code_digest(PACKAGE)


# ------------------------------------------------------------------ the stages
class Stage(IntEnum):
    """How far the build has come; each part of the state exists from one stage on."""

    NOT_STARTED = 0
    STARTED = 1
    PAGES_LISTED = 2
    NEEDS_RESOLVED = 3

    @property
    def when(self) -> str:
        """When a part that exists from this stage on becomes available."""
        return _WHEN[self]

    @property
    def now(self) -> str:
        """Where the build is while at this stage."""
        return _NOW[self]


_WHEN = {
    Stage.NOT_STARTED: "before the build starts",
    Stage.STARTED: "once the builder is initialised (builder-inited)",
    Stage.PAGES_LISTED: "once Sphinx has listed the documents (env-before-read-docs)",
    Stage.NEEDS_RESOLVED: "once sphinx-needs has resolved every need (write-started)",
}
_NOW = {
    Stage.NOT_STARTED: "no build has started",
    Stage.STARTED: "the build is starting",
    Stage.PAGES_LISTED: "the pages are read",
    Stage.NEEDS_RESOLVED: "the site is written",
}


class NotYetAvailable(RuntimeError):
    """A part of the build state was asked for before the build has made it."""

    def __init__(self, what: str, needed: Stage, now: Stage) -> None:
        super().__init__(f"roadmap build state: the {what} asked for while {now.now} "
                         f"(stage {now.name}); it exists {needed.when}")
        self.what, self.needed, self.now = what, needed, now


# ------------------------------------------------------------------ kept with the environment
class NeedPrint(NamedTuple):
    """What other pages can show of a need: all of it, all but its title, its title and
    the needs it links to."""

    digest: str
    untitled: str
    title: str
    links: frozenset[str]


@dataclass
class FreshnessRecords:
    """What :mod:`roadmap.sphinx_ext.freshness` learns of the pages as they are read,
    pickled with the environment."""

    dynamic_docs: set[str] = field(default_factory=set)  # pages with a table or view of needs
    by_id_docs: set[str] = field(default_factory=set)  # ... that name every need they show
    need_refs: dict[str, set[str]] = field(default_factory=dict)  # page -> needs it names
    now_docs: set[str] = field(default_factory=set)  # pages that say what "now" is
    # (all needs, source guards, the reported week and today's date) of the last build
    needs_print: tuple[str, str, str] | None = None
    need_prints: dict[str, NeedPrint] = field(default_factory=dict)  # per need, last build
    prints_reading: str = ""  # the reading (reading_key) the prints were made under
    # suspect links (sphinx_ext/review_links.py): per need, what its card said last build;
    # the pages with a view of the review base, and the base the last build named
    review_lines: dict[str, tuple[str, ...]] = field(default_factory=dict)
    review_docs: set[str] = field(default_factory=set)
    review_base: str | None = None
    review_reading: str = ""  # the reading and ledger the review lines were made under
    # each page's description (sphinx_ext/page_meta.py): its meta tag and search summary
    descriptions: dict[str, str] = field(default_factory=dict)

    def record(self, docname: str, dynamic: bool, by_id: bool, refs: set[str],
               now: bool = False) -> None:
        """What a page just read shows."""
        for docs, member in ((self.dynamic_docs, dynamic), (self.by_id_docs, by_id),
                             (self.now_docs, now)):
            if member:
                docs.add(docname)
            else:
                docs.discard(docname)
        self.need_refs[docname] = refs

    def purge(self, docname: str) -> None:
        self.dynamic_docs.discard(docname)
        self.by_id_docs.discard(docname)
        self.now_docs.discard(docname)
        self.need_refs.pop(docname, None)
        self.review_docs.discard(docname)
        self.descriptions.pop(docname, None)

    def merge(self, other: FreshnessRecords, docnames: set[str]) -> None:
        """Take what a parallel reader learnt of ``docnames``."""
        self.dynamic_docs |= other.dynamic_docs & docnames
        self.by_id_docs |= other.by_id_docs & docnames
        self.now_docs |= other.now_docs & docnames
        self.need_refs.update({d: r for d, r in other.need_refs.items() if d in docnames})
        self.review_docs |= other.review_docs & docnames
        self.descriptions.update({d: t for d, t in other.descriptions.items() if d in docnames})


def records_version(records: type[Any] = FreshnessRecords) -> int:
    """The extension's ``env_version``: a number drawn from the shape of what is pickled
    with the environment (the names and types of :class:`FreshnessRecords`' fields), so
    that a new field makes Sphinx read every page again instead of unpickling records
    that lack it (a version kept by hand was forgotten once)."""
    shape = [(f.name, str(f.type)) for f in fields(records)]
    return int(hashlib.sha256(json.dumps(shape).encode()).hexdigest()[:8], 16)


def env_version() -> int:
    """The extension's ``env_version``: the records' shape and the code digest. New code
    makes Sphinx read every page again, because a page's doctree holds what the views
    of the old code drew (a view's new output would otherwise reach only the pages
    read again for another reason); the same code keeps the environment."""
    both = json.dumps([records_version(), CODE_DIGEST])
    return int(hashlib.sha256(both.encode()).hexdigest()[:8], 16)


# ------------------------------------------------------------------ kept in the cache file
@dataclass
class BuildCache:
    """What a build keeps for the next one, in ``<doctrees>/roadmap-cache.pickle``."""

    code: str = ""  # the code digest of the package that computed all of it
    results_key: str = ""  # what ``results`` were computed from
    results: list[RuleResult] = field(default_factory=list)
    source_key: str = ""  # what ``source_results`` were computed from
    source_results: list[RuleResult] = field(default_factory=list)
    # the record of the declared needs (manifest.manifest_data) as the guards last read them
    manifest: dict[str, Any] = field(default_factory=dict)
    scans: dict[str, Any] = field(default_factory=dict)  # built page digest -> its scan
    # the reading (reading_key) under which ``results`` and ``source_results`` were last
    # computed or confirmed: the same reading reuses them without making a graph
    results_reading: str = ""
    source_reading: str = ""
    # the value checks of the resolved needs (need ID -> its problems, none left out)
    # and the reading they were made under
    checked_reading: str = ""
    checked: dict[str, tuple[BadValue, ...]] = field(default_factory=dict)
    # what the search's data file was last written from (sphinx_ext/search.py)
    search_key: str = ""
    # the links to review the build reported (sphinx_ext/review_links.py): why the
    # ledger cannot be read ("" when it can) and each (page, line, message), with the
    # reading and ledger they were found under
    review_report: tuple[str, list[tuple[str | None, int | None, str]]] = ("", [])
    review_report_reading: str = ""


def load_cache(path: Path, code: str) -> BuildCache:
    """The cache at ``path`` if the code of digest ``code`` wrote it, else an empty one."""
    try:
        with path.open("rb") as handle:
            cache = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return BuildCache(code=code)
    wanted = {f.name for f in fields(BuildCache)}
    if not isinstance(cache, BuildCache) or set(vars(cache)) != wanted or cache.code != code:
        return BuildCache(code=code)
    return cache


def save_cache(path: Path, cache: Any) -> None:
    """Write the cache whole or not at all (a build stopped midway leaves the old one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=path.name,
                                     delete=False) as handle:
        pickle.dump(cache, handle, pickle.HIGHEST_PROTOCOL)
    os.replace(handle.name, path)


def load_pages(path: Path, code: str) -> PageMemo:
    """The page memo at ``path`` if the code of digest ``code`` wrote it, else an empty
    one (the guards' readings of the pages are the code's)."""
    try:
        with path.open("rb") as handle:
            kept = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            ValueError, TypeError):
        return PageMemo()
    if not (isinstance(kept, tuple) and len(kept) == 2 and kept[0] == code
            and isinstance(kept[1], PageMemo)):
        return PageMemo()
    return kept[1]


def results_key(graph: RoadmapGraph, inputs: ProjectInputs, sources: Mapping[str, str]) -> str:
    """A digest of what the rule results are computed from (the code is the cache's)."""
    digest = hashlib.sha256()
    for need_id in sorted(graph.needs):
        need = graph.needs[need_id]
        digest.update(json.dumps([need.id, need.type, need.title, need.docname, need.lineno,
                                  need.fields, need.links], sort_keys=True, default=str).encode())
    return _project_digest(digest, inputs, sources)


def _project_digest(digest: Any, inputs: ProjectInputs, sources: Mapping[str, str]) -> str:
    """``digest`` with what the results follow from besides the needs."""
    for page in sorted(sources):
        digest.update(page.encode() + b"\0" + sources[page].encode())
    # the metamodel, the schema rules and the baseline file (its approval is checked)
    for path in (inputs.toml_path, inputs.schemas_path, inputs.baseline_path):
        if path is not None and path.is_file():
            digest.update(path.read_bytes())
    # the excluded folders too: a folder linked into the tree is left out (and named)
    digest.update(repr((inputs.settings, inputs.excluded)).encode())
    return str(digest.hexdigest())


def project_key(inputs: ProjectInputs, sources: Mapping[str, str]) -> str:
    """A digest of what :func:`results_key` holds besides the needs (the same for a
    whole build: made once)."""
    return _project_digest(hashlib.sha256(), inputs, sources)


def reading_key(app: Sphinx, tags: Sequence[str], project: str) -> str:
    """A digest of what the needs and the rule results follow from, made without
    reading a need: Sphinx's record of when it read each page (``env.all_docs``; a page
    read again, added or removed changes it, and the needs of a build are made only
    where a page is read), sphinx-needs' settings (``needs_*``, from ``conf.py`` and
    ``ubproject.toml``) and the build's ``tags`` as it started (how sphinx-needs resolves
    them; sphinx-needs adds its builder's own at the end), and all
    :func:`results_key` holds besides the needs (``project``, :func:`project_key`). A
    build of the same reading has the same needs as the last one: it reuses what was
    computed from them (an unchanged reading costs milliseconds where the needs' own
    digest needs the graph, 0.4 s of a no-op rebuild under the profiler)."""
    digest = hashlib.sha256()
    digest.update(repr(sorted(app.env.all_docs.items())).encode())
    digest.update(repr([(c.name, c.value) for c in app.config
                        if c.name.startswith("needs_")]).encode())
    digest.update(repr(sorted(tags)).encode())
    digest.update(project.encode())
    return digest.hexdigest()


class _KeptChecks:
    """The value check of the resolved needs: the kept problems when the reading is the
    last build's (``kept``), else :func:`~roadmap.value_check.need_problems`, whose
    findings are gathered in ``found`` for the next build."""

    def __init__(self, kept: Mapping[str, tuple[BadValue, ...]] | None) -> None:
        self.kept = kept
        self.found: dict[str, tuple[BadValue, ...]] = {}

    def __call__(self, data: NeedValues, metamodel: Metamodel) -> list[BadValue]:
        if self.kept is not None:
            return list(self.kept.get(str(data.get("id", "")), ()))
        problems = need_problems(data, metamodel)
        if problems:
            self.found[str(data.get("id", ""))] = tuple(problems)
        return problems


# ------------------------------------------------------------------ the state
class BuildState:
    """The state of the roadmap's build, one per environment (see the module's text for
    when each part exists, how long it lives and what invalidates it)."""

    def __init__(self) -> None:
        self.freshness = FreshnessRecords()
        self._forget_build()

    @staticmethod
    def of(env: BuildEnvironment) -> BuildState:
        """The state kept on ``env`` (made on first use)."""
        state = getattr(env, _ENV_ATTR, None)
        if not isinstance(state, BuildState):
            state = BuildState()
            setattr(env, _ENV_ATTR, state)
        return state

    # Sphinx pickles the environment: only the freshness records go with it.
    def __getstate__(self) -> dict[str, Any]:
        return {"freshness": self.freshness}

    def __setstate__(self, kept: dict[str, Any]) -> None:
        self.freshness = kept["freshness"]
        self._forget_build()

    def _forget_build(self) -> None:
        self._app: Sphinx | None = None
        self._tags: tuple[str, ...] = ()
        self._project_key: str | None = None  # project_key, once the pages are listed
        self._stage = Stage.NOT_STARTED
        self._cache: BuildCache | None = None
        self._inputs: ProjectInputs | None = None
        self._sources: dict[str, str] | None = None
        self._graph: RoadmapGraph | None = None
        self._results: list[RuleResult] | None = None
        self._sources_checked = False  # the source guards ran on this build's pages
        # the plan's links against the review ledger (sphinx_ext/review_links.py): the
        # ledger's path, the review, and why the ledger cannot be read ("")
        self.link_review: tuple[Path | None, LinkReview | None, str] | None = None
        # what the views of this build read once and share (ViewContext.shared)
        self.view_memo: dict[Any, Any] = {}

    # ---------------------------------------------------------------- stages
    def begin(self, app: Sphinx) -> None:
        """A build starts: what the last one held for itself is dropped."""
        self._forget_build()
        self._app, self._stage = app, Stage.STARTED
        self._tags = tuple(app.tags)  # the build's own, before another builder adds any

    def reach(self, stage: Stage) -> None:
        self._stage = max(self._stage, stage)

    def _need(self, what: str, stage: Stage) -> Sphinx:
        if self._stage < stage or self._app is None:
            raise NotYetAvailable(what, stage, self._stage)
        return self._app

    # ---------------------------------------------------------------- the getters
    @property
    def cache(self) -> BuildCache:
        """What the last build kept (loaded once per build)."""
        app = self._need("cache of the last build", Stage.STARTED)
        if self._cache is None:
            self._cache = load_cache(Path(app.doctreedir) / CACHE_FILE, CODE_DIGEST)
        return self._cache

    @property
    def inputs(self) -> ProjectInputs:
        """conf.py's settings and Sphinx's own list of documents (``env.found_docs``)."""
        app = self._need("project's inputs", Stage.PAGES_LISTED)
        if self._inputs is None:
            self._inputs = _resolve_inputs(app)
        return self._inputs

    @property
    def sources(self) -> dict[str, str]:
        """Page file -> its text, read once per build."""
        if self._sources is None:
            self._sources = self.inputs.read_sources()
        return self._sources

    @property
    def reading(self) -> str:
        """The reading of the pages this build's needs come from (:func:`reading_key`),
        once Sphinx has read them."""
        app = self._need("reading of the pages", Stage.PAGES_LISTED)
        if self._project_key is None:
            self._project_key = project_key(self.inputs, self.sources)
        return reading_key(app, self._tags, self._project_key)

    @property
    def graph(self) -> RoadmapGraph:
        """The needs graph of the resolved needs; their values are checked again only
        when the reading is not the one they were last checked under."""
        app = self._need("needs graph", Stage.NEEDS_RESOLVED)
        if self._graph is None:
            from sphinx_needs.api import get_needs_view

            cache, reading = self.cache, self.reading
            check = _KeptChecks(cache.checked if cache.checked_reading == reading else None)
            # read from sphinx-needs' own needs, not from copies of them
            self._graph = build_graph(get_needs_view(app), self.inputs.metamodel,
                                      check=check)
            if check.kept is None:
                cache.checked_reading, cache.checked = reading, check.found
        return self._graph

    @property
    def results(self) -> list[RuleResult]:
        """Every rule's result that is known before the site is written (graph and schema
        rules, source guards); the built-site guards run after it. Kept in the cache, and
        reused without the graph while the reading is the same."""
        self._need("rule results", Stage.NEEDS_RESOLVED)
        if self._results is None:
            cache, reading = self.cache, self.reading
            if cache.results_reading != reading:
                key = results_key(self.graph, self.inputs, self.sources)
                if cache.results_key != key:
                    cache.results_key, cache.results = key, self._all_results()
                cache.results_reading = reading
                self.save()
            self._results = cache.results
        return self._results

    @property
    def scans(self) -> MutableMapping[str, Any]:
        """The built pages' scans of the last build, for the built-site guards."""
        return self.cache.scans

    # ---------------------------------------------------------------- the guards
    def source_results(self, needs: Mapping[str, NeedData]) -> list[RuleResult]:
        """The source and metamodel guards over the pages as read, with the needs of the
        read phase (before sphinx-needs resolves them): what a page edit alone can change.
        Kept in the cache."""
        inputs, sources, cache, reading = self.inputs, self.sources, self.cache, self.reading
        if cache.source_reading != reading:
            graph = build_graph(needs, inputs.metamodel)
            key = results_key(graph, inputs, sources)
            if cache.source_key != key:
                cache.source_key = key
                cache.source_results = self._read_pages(graph, ("sources", "toml"))
            cache.source_reading = reading
            self.save()
        self._sources_checked = True
        return cache.source_results

    def _all_results(self) -> list[RuleResult]:
        """The graph rules on the resolved graph, and the source and metamodel guards:
        those ran on this build's pages when the build looked for outdated pages (they
        read the pages and the needs' IDs, which resolving does not change)."""
        if self._sources_checked:
            found = [*run_suite(SuiteInputs(graph=self.graph, project=self.inputs),
                                reads=("graph",)),
                     *self.cache.source_results]
            return sorted(found, key=lambda r: FAMILIES.index(r.rule.family))
        return self._read_pages(self.graph, ("graph", "toml", "sources"))

    def _read_pages(self, graph: RoadmapGraph, reads: tuple[Input, ...]) -> list[RuleResult]:
        """The suite's checks of ``reads``, with the pages: the page memo is read from its
        file for them, and written back and let go after (it is the largest part of what
        the build keeps, 28 MiB at 10,000 needs, and the writing of the site does not need
        it); the manifest's record of the declared needs is taken from it on the way."""
        app = self._need("project's pages", Stage.PAGES_LISTED)
        path = Path(app.doctreedir) / PAGES_FILE
        memo = load_pages(path, CODE_DIGEST)
        inputs, sources = self.inputs, self.sources
        results = run_suite(SuiteInputs(graph=graph, project=inputs, sources=sources,
                                        page_memo=memo), reads=reads)
        self.cache.manifest = manifest_data(memo.declared(sources, inputs.metamodel.types))
        save_cache(path, (CODE_DIGEST, memo))
        return results

    def save(self) -> None:
        """Keep what this build learnt (results, parses, page scans)."""
        app = self._need("cache of the last build", Stage.STARTED)
        save_cache(Path(app.doctreedir) / CACHE_FILE, self.cache)


def _resolve_inputs(app: Sphinx) -> ProjectInputs:
    namespace = config_namespace(app)
    pages = [str(Path(app.env.doc2path(d)).relative_to(app.srcdir)) for d in app.env.found_docs]
    try:
        return from_settings(Path(app.confdir), namespace, pages, os.environ)
    except SettingsError:
        # config-inited has warned about the setting; the build goes on with defaults
        namespace.update({s.config_name: s.default for s in SETTINGS})
        return from_settings(Path(app.confdir), namespace, pages)


# ------------------------------------------------------------------ the events
def _begin(app: Sphinx) -> None:
    BuildState.of(app.env).begin(app)


def _pages_listed(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    BuildState.of(env).reach(Stage.PAGES_LISTED)


def _needs_resolved(app: Sphinx, builder: Any) -> None:
    BuildState.of(app.env).reach(Stage.NEEDS_RESOLVED)


def setup(app: Sphinx) -> None:
    # first of the builder-inited handlers: nothing may see the last build's values
    app.connect("builder-inited", _begin, priority=1)
    app.connect("env-before-read-docs", _pages_listed, priority=1)
    # after sphinx-needs resolves the needs at write-started (priority 500)
    app.connect("write-started", _needs_resolved, priority=600)
