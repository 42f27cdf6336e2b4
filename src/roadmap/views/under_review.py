"""The "Under review" page: the review of this build's plan against a base plan (the
same review as the pull-request comment, :mod:`roadmap.impact`), drawn when the setting
``roadmap_review_base`` (or ``ROADMAP_REVIEW_BASE``) names a base: a ``needs.json``
(relative to conf.py) or a git revision, built in a temporary worktree. Without a base
the page says how to get one."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes

from roadmap import render as vn
from roadmap.config import REVIEW_BASE_VARIABLE
from roadmap.graph import NeedsJsonError, load_graph
from roadmap.impact import ImpactError, impact
from roadmap.impact.render_nodes import impact_nodes
from roadmap.ledger import Ledger, LedgerError, read_ledger
from roadmap.revisions import WORKTREE, PlanSource, RevisionError, plan_source
from roadmap.views import View, ViewArgs, view

HOW_TO = (
    "This build has no base plan to compare with. Name one and build again: "
    f"{REVIEW_BASE_VARIABLE}=origin/main make html compares the site with a git revision "
    f"(built in a temporary worktree), {REVIEW_BASE_VARIABLE}=path/to/needs.json with "
    "another build's needs. The same review prints on the command line with make review "
    "BASE=origin/main FORMAT=markdown, and a pull request gets it as a comment.")


def base_source(ctx: vn.ViewContext, spec: str) -> PlanSource:
    """The base the settings name: a needs.json of the project, else a revision."""
    root = ctx.project.root
    if spec == WORKTREE:
        raise vn.ViewError(f"{REVIEW_BASE_VARIABLE}={spec}: the base is a needs.json or a git "
                           "revision, not the working tree being built")
    path = root / spec
    if path.is_file():
        shown = path.resolve()
        return PlanSource(path, str(shown.relative_to(root)) if shown.is_relative_to(root)
                          else shown.name)
    try:
        return plan_source(root, spec, "base", ctx.settings.review_ledger)
    except RevisionError as error:
        raise vn.ViewError(str(error)) from None


def head_ledger(ctx: vn.ViewContext) -> Ledger | None:
    path: Path | None = ctx.project.ledger_path
    if path is None:
        return None
    try:
        return read_ledger(path, ctx.graph.metamodel.links)
    except LedgerError:
        return None  # the build warns about it once, at the ledger


def build(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    spec = ctx.settings.review_base
    if not spec:
        return [vn.box(vn.paragraph(HOW_TO), classes=["roadmap-under-review"])]
    source = base_source(ctx, spec)
    try:
        base = load_graph(source.needs_json, ctx.graph.metamodel)
        result = impact(base, ctx.graph, ctx.project, ledger=head_ledger(ctx),
                        base_label=source.label, head_label="this build")
    except (NeedsJsonError, ImpactError) as error:
        raise vn.ViewError(f"the review base {spec}: {error}") from None
    return [vn.box(*impact_nodes(ctx, result), classes=["roadmap-under-review"])]


view(View(
    name="under-review", build=build, review_base=True,
    summary="The review of this build's plan against a base plan (roadmap_review_base)."))
