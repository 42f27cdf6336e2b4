"""Sphinx adapter: the rule suite's findings become build warnings with file, line and
need ID (so ``-W`` fails), and the registered views become directives.

The graph is built once per build, at ``write-started`` when sphinx-needs has
resolved every need, and shared by the rules and the views. Nothing here decides a
rule or draws a view: that is :mod:`roadmap.suite` and :mod:`roadmap.views`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from roadmap import roles
from roadmap.config import SETTINGS, SettingsError, settings_from
from roadmap.findings import Finding, RuleResult
from roadmap.inputs import CONF_FILE, InputsError, from_settings
from roadmap.manifest import write_manifest_data
from roadmap.sphinx_ext import (
    a11y,
    build_warnings,
    directives,
    file_reads,
    filters,
    freshness,
    mermaid_local,
    need_field,
    neutralize,
    page_meta,
    pdf,
    permalink,
    reading,
    review_links,
    search,
    site_exports,
    state,
)
from roadmap.sphinx_ext.build_warnings import RoadmapWarning
from roadmap.sphinx_ext.state import BuildState
from roadmap.suite import SuiteInputs, run_suite
from roadmap.ubproject import MetamodelError

# conf.py may give a setting any value: the setting's own reader judges it
ANY_TYPE = frozenset({Any})


def _docname_of(app: Sphinx, finding: Finding) -> str | None:
    """The page a finding is reported on: the page it names (a finding about a need
    may stand on another page, such as a table restating the need's field), else the
    page of its need."""
    page = Path(finding.file)
    if page.suffix and not page.is_absolute() and (Path(app.srcdir) / page).is_file():
        return app.env.path2doc(str(Path(app.srcdir) / page))
    need = BuildState.of(app.env).graph.needs.get(finding.need_id)
    return need.docname if need is not None and need.docname else None


def _report(app: Sphinx, results: list[RuleResult]) -> None:
    for result in results:
        if result.rule.reporter != "roadmap":
            continue  # sphinx-needs itself warns about these, with file and line
        for finding in result.findings:
            build_warnings.report_finding(app, finding, _docname_of(app, finding),
                                          severity=result.rule.severity)


def _check_model(app: Sphinx) -> None:
    """The roles the package reads must exist in the metamodel (else rules check nothing)."""
    try:
        inputs = from_settings(Path(app.confdir), state.config_namespace(app, False), ())
        missing = roles.missing_roles(inputs.metamodel)
    except (InputsError, MetamodelError) as error:
        build_warnings.warn(RoadmapWarning.METAMODEL, str(error))
        return
    for problem in missing:
        build_warnings.warn(RoadmapWarning.METAMODEL, f"ubproject.toml does not declare the "
                            f"{problem} that the roadmap package reads", where=inputs.toml_path)
    filters.configure(lambda: BuildState.of(app.env).graph)


def _write_started(app: Sphinx, builder: Any) -> None:
    _report(app, BuildState.of(app.env).results)


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    build = BuildState.of(app.env)
    project = build.inputs
    suite = SuiteInputs(graph=build.graph, project=project, html_dir=Path(app.outdir),
                        html_scans=build.scans)
    _report(app, run_suite(suite, reads=("html",)))
    # the record of the declared needs, for `roadmap check` on needs.json alone (made
    # when the source guards last read the pages)
    write_manifest_data(Path(app.outdir), build.cache.manifest)
    build.save()


def _add_config_values(app: Sphinx) -> None:
    """``roadmap_<name>`` for every declared setting. Any type passes Sphinx: the
    setting's own reader refuses a wrong one with one located line (Sphinx's check would
    add a second, unlocated one)."""
    for spec in SETTINGS:
        app.add_config_value(spec.config_name, spec.default, "env", types=ANY_TYPE,
                             description=spec.description)


def _validate_settings(app: Sphinx, config: Config) -> None:
    try:
        settings_from({s.config_name: getattr(config, s.config_name) for s in SETTINGS},
                      os.environ, Path(app.confdir) / CONF_FILE)
    except SettingsError as error:
        # one line; the build goes on with the defaults and fails for the warning
        build_warnings.warn_error(error, RoadmapWarning.SETTINGS)


def _leave_out_looping_links(app: Sphinx, config: Config) -> None:
    """A folder linked into the tree is not read (GUARD-SOURCE-LINK names it): a link to an
    ancestor would make Sphinx read the tree again at every level."""
    from roadmap.inputs import looping_links

    excluded = list(config.exclude_patterns)
    for link in looping_links(Path(app.srcdir), excluded):
        config.exclude_patterns = [*config.exclude_patterns, link, f"{link}/**"]


def setup(app: Sphinx) -> dict[str, Any]:
    _add_config_values(app)
    mermaid_local.setup(app)
    neutralize.setup(app)
    file_reads.setup(app)
    freshness.setup(app)
    a11y.setup(app)
    directives.setup(app)
    need_field.setup(app)
    reading.setup(app)
    review_links.setup(app)
    page_meta.setup(app)
    search.setup(app)
    permalink.setup(app)
    site_exports.setup(app)
    pdf.setup(app)
    state.setup(app)
    app.connect("config-inited", build_warnings.configure, priority=100)
    app.connect("config-inited", _validate_settings)
    app.connect("config-inited", _leave_out_looping_links)
    app.connect("builder-inited", _check_model)
    # After sphinx-needs' own write-started handlers (priority 500).
    app.connect("write-started", _write_started, priority=900)
    app.connect("build-finished", _build_finished, priority=900)
    # env_version: the shape of what the build state keeps on the environment (its
    # freshness records) and the package's code; either new makes Sphinx read every
    # page again
    return {"version": "2.0", "env_version": state.env_version(),
            "parallel_read_safe": True,
            "parallel_write_safe": True}
