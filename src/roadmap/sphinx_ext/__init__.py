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
from sphinx.util import logging

from roadmap import roles
from roadmap.config import DEFAULTS, SETTINGS
from roadmap.findings import Finding, RuleResult
from roadmap.inputs import InputsError, from_settings
from roadmap.manifest import write_manifest
from roadmap.sphinx_ext import (
    a11y,
    directives,
    filters,
    freshness,
    mermaid_local,
    need_field,
    neutralize,
    pdf,
    permalink,
    reading,
    review_links,
    search,
    site_exports,
    state,
)
from roadmap.sphinx_ext.state import BuildState
from roadmap.suite import SuiteInputs, run_suite
from roadmap.ubproject import MetamodelError

logger = logging.getLogger("roadmap")

def warn(finding: Finding, docname: str | None = None) -> None:
    location = (docname, finding.line) if docname else None
    where = "" if docname else f"{finding.location}: "
    logger.warning(f"{where}[{finding.rule}] {finding.need_id}: {finding.message}",
                   location=location, type="roadmap", subtype=finding.rule)


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
            warn(finding, _docname_of(app, finding))


def _check_model(app: Sphinx) -> None:
    """The roles the package reads must exist in the metamodel (else rules check nothing)."""
    try:
        inputs = from_settings(Path(app.confdir), state.config_namespace(app, False), ())
        missing = roles.missing_roles(inputs.metamodel)
    except (InputsError, MetamodelError) as error:
        logger.warning(f"[roadmap.ubproject] {error}", type="roadmap", subtype="metamodel")
        return
    for problem in missing:
        logger.warning(f"{inputs.toml_path}: [roadmap.ubproject] ubproject.toml does not declare "
                       f"the {problem} that the roadmap package reads", type="roadmap",
                       subtype="metamodel")
    filters.configure(inputs.metamodel)


def _write_started(app: Sphinx, builder: Any) -> None:
    _report(app, BuildState.of(app.env).results)


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    build = BuildState.of(app.env)
    project = build.inputs
    suite = SuiteInputs(graph=build.graph, project=project, html_dir=Path(app.outdir),
                        html_scans=build.scans, token_memo=build.token_memo)
    _report(app, run_suite(suite, reads=("html",)))
    # the record of the declared needs, for `roadmap check` on needs.json alone
    declared = build.cache.parsed.declared(build.sources, project.metamodel.types,
                                           build.token_memo)
    write_manifest(Path(app.outdir), declared)
    build.save()


def _add_config_values(app: Sphinx) -> None:
    for spec in SETTINGS:
        app.add_config_value(spec.config_name, getattr(DEFAULTS, spec.name), "env")


def _validate_settings(app: Sphinx, config: Config) -> None:
    from roadmap.config import SettingsError, settings_from

    try:
        settings_from({s.config_name: getattr(config, s.config_name) for s in SETTINGS},
                      os.environ)
    except SettingsError as error:
        logger.warning(f"{Path(app.confdir) / 'conf.py'}: [roadmap.config] {error}",
                       type="roadmap", subtype="settings")


def setup(app: Sphinx) -> dict[str, Any]:
    _add_config_values(app)
    mermaid_local.setup(app)
    neutralize.setup(app)
    freshness.setup(app)
    a11y.setup(app)
    directives.setup(app)
    need_field.setup(app)
    reading.setup(app)
    review_links.setup(app)
    search.setup(app)
    permalink.setup(app)
    site_exports.setup(app)
    pdf.setup(app)
    state.setup(app)
    app.connect("config-inited", _validate_settings)
    app.connect("builder-inited", _check_model)
    # After sphinx-needs' own write-started handlers (priority 500).
    app.connect("write-started", _write_started, priority=900)
    app.connect("build-finished", _build_finished, priority=900)
    # env_version: the shape of what the build state keeps on the environment (its
    # freshness records); a new shape makes Sphinx read every page again
    return {"version": "2.0", "env_version": state.records_version(),
            "parallel_read_safe": True,
            "parallel_write_safe": True}
