"""Suspect links in the build: the plan's links against the review ledger
(``roadmap_review_ledger``), checked once per build in one pass over the links with a
dictionary of fingerprints (:func:`roadmap.ledger.review_links`).

In an author's build a suspect or unreviewed link is a notice on the build's output
that does not fail ``-W``; in a release build (``roadmap_release = True`` or
``ROADMAP_RELEASE=1``) it is a warning at the linking need's file and line, so the
build fails until the link is reviewed and cleared. A ledger that is missing or
cannot be read is a warning in every build (never "no suspect link"). The card of a
need with a suspect link says what changed ("review: MET-REL-UPTIME changed (target
99.95 -> 99.99)") until the link is cleared; when the ledger changes, the pages of the
cards whose lines change are written again.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from roadmap.config import review_base_of
from roadmap.graph import build_graph
from roadmap.ledger import LedgerError, LinkReview, read_ledger, review_links
from roadmap.render.cards import is_card
from roadmap.sphinx_ext import build_warnings
from roadmap.sphinx_ext.build_warnings import RoadmapWarning
from roadmap.sphinx_ext.state import BuildState

REVIEW_CLASS = "roadmap-review-suspect"


def _read(app: Sphinx) -> tuple[Path | None, LinkReview | None, str]:
    """The ledger's path, the links against it, and why it cannot be read ("")."""
    state = BuildState.of(app.env)
    project = state.inputs
    path = project.ledger_path
    if path is None:
        return None, None, ""
    try:
        ledger = read_ledger(path, project.metamodel.links)
    except LedgerError as error:
        return path, None, str(error)
    return path, review_links(state.graph, ledger), ""


def _checked(app: Sphinx) -> tuple[Path | None, LinkReview | None, str]:
    """This build's links against the ledger, checked once (kept in the build state)."""
    state = BuildState.of(app.env)
    if state.link_review is None:
        state.link_review = _read(app)
    return state.link_review


def link_review(app: Sphinx) -> LinkReview | None:
    """This build's links against the ledger; None without a readable ledger."""
    return _checked(app)[1]


def card_lines(review: LinkReview) -> dict[str, tuple[str, ...]]:
    """Per need, what its card says about its suspect links."""
    lines: dict[str, list[str]] = {}
    for suspect in review.suspect:
        lines.setdefault(suspect.key.source, []).append(suspect.text)
    return {need_id: tuple(found) for need_id, found in lines.items()}


def _messages(review: LinkReview) -> list[tuple[str | None, int | None, str]]:
    """(docname, line, message) of every link to review, as the build words them."""
    found: list[tuple[str | None, int | None, str]] = [
        (s.source.docname or None, s.source.lineno,
         f"[REVIEW-SUSPECT-LINK] {s.key.source}: its {s.key.link} link is suspect: {s.text}; "
         f"review it, then run python -m roadmap review --clear {s.key.source} --by NAME")
        for s in review.suspect]
    found += [(need.docname or None, need.lineno,
               f"[REVIEW-UNREVIEWED-LINK] {key.source}: its {key.link} link to {key.target} "
               "is not in the review ledger; review it, then run python -m roadmap review "
               f"--clear {key.source} --by NAME") for key, need in review.unreviewed]
    found += [(None, None, f"[REVIEW-STALE-LINK] {key.source}: the review ledger records "
               f"{key}, a link that no longer exists; python -m roadmap review --clear "
               "removes it") for key in review.stale]
    return found


def _report(app: Sphinx, _builder: Any) -> None:
    problem, messages = _kept_report(app)
    if problem:
        build_warnings.warn(RoadmapWarning.REVIEW_LEDGER, problem)
        return
    state = BuildState.of(app.env)
    release, path = state.inputs.settings.release, state.inputs.ledger_path
    for docname, line, message in messages:
        if release:
            location = (docname, line) if docname else None
            build_warnings.warn_tagged(RoadmapWarning.REVIEW_LINKS, message, location)
        else:
            # an author's build lists the links to review without failing -W, on the
            # build's error stream (a quiet build, -q, shows no informational line)
            where = f"{app.env.doc2path(docname)}:{line or ''}: " if docname else f"{path}: "
            print(f"{where}review: {message}", file=sys.stderr)


def _kept_report(app: Sphinx) -> tuple[str, list[tuple[str | None, int | None, str]]]:
    """Why the ledger cannot be read, and the links to review: found again only when
    the needs (the pages' reading) or the ledger's bytes changed, else the last build's
    (a no-op rebuild no longer reads the ledger and checks every link against it)."""
    cache, reading = BuildState.of(app.env).cache, _reading(app)
    if cache.review_report_reading != reading:
        _path, review, problem = _checked(app)
        cache.review_report = (problem, _messages(review) if review is not None else [])
        cache.review_report_reading = reading
    return cache.review_report


def _add_lines(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    review = link_review(app)
    if review is None or not review.suspect:
        return
    lines = card_lines(review)
    for card in list(doctree.findall(is_card)):
        said = lines.get(card["ids"][0]) if isinstance(card, nodes.Element) else None
        metas = [n for n in card.findall(nodes.Element) if "needs_meta" in n["classes"]]
        if not said or not metas:
            continue
        for text in said:
            line = nodes.line(classes=[REVIEW_CLASS])
            line += nodes.inline(text="Review: ", classes=["needs_label"])
            line += nodes.inline(text=text, classes=["needs_data"])
            metas[0] += line


def _current_lines(app: Sphinx, needs: Mapping[str, Any]
                   ) -> dict[str, tuple[str, ...]]:
    project = BuildState.of(app.env).inputs
    if project.ledger_path is None:
        return {}
    try:
        ledger = read_ledger(project.ledger_path, project.metamodel.links)
    except LedgerError:
        return {}  # the build warns at write-started
    return card_lines(review_links(build_graph(needs, project.metamodel), ledger))


def _reading(app: Sphinx) -> str:
    """What the cards' review lines follow from: the pages' reading (the needs) and the
    ledger's bytes."""
    state = BuildState.of(app.env)
    path = state.inputs.ledger_path
    try:
        ledger = path.read_bytes() if path is not None else b""
    except OSError:
        ledger = b"unreadable"
    return hashlib.sha256(state.reading.encode() + b"\0" + ledger).hexdigest()


def _to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages of the needs whose card's review lines change (a review was cleared,
    or a target changed): written again although unchanged."""
    from roadmap.sphinx_ext.freshness import _raw_needs

    needs = _raw_needs(env)
    records = BuildState.of(env).freshness
    reading = _reading(app)
    if records.review_reading == reading:
        return []  # the same needs and ledger: the same lines
    now = _current_lines(app, needs)
    before, records.review_lines = records.review_lines, now
    records.review_reading = reading
    changed = {i for i in before.keys() | now.keys() if before.get(i) != now.get(i)}
    pages = {str(needs[i].get("docname")) for i in changed if i in needs
             and needs[i].get("docname")}
    return sorted(pages & set(env.found_docs))


# ------------------------------------------------------------------ the review page
def _review_base(env: BuildEnvironment) -> str:
    return review_base_of(os.environ, getattr(env.config, "roadmap_review_base", ""))


def _base_changed(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                  removed: set[str]) -> list[str]:
    """The review pages, when the base named differs from the last build's."""
    records = BuildState.of(env).freshness
    base = _review_base(env)
    before, records.review_base = records.review_base, base
    if before is None or before == base:
        return []
    return sorted(records.review_docs & set(env.found_docs))


def setup(app: Sphinx) -> None:
    app.connect("env-get-outdated", _base_changed)
    app.connect("env-get-updated", _to_rewrite)
    # after the rule warnings (900)
    app.connect("write-started", _report, priority=910)
    # after the cards are written in words (reading.py, 600)
    app.connect("doctree-resolved", _add_lines, priority=650)
