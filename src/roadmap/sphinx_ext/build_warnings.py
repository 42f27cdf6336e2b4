"""The warnings of the roadmap extension, declared in one place (as sphinx-needs'
``logging.py`` and MyST's ``MystWarnings`` declare theirs).

Every warning of the extension has the type ``roadmap`` and a subtype: the rule ID
of a finding (``roadmap.SCHED-PHASE-WINDOW``), or one of :class:`RoadmapWarning`
(``roadmap.settings``). ``suppress_warnings = ["roadmap.<subtype>"]`` in conf.py silences
one of them, as for any Sphinx warning.

Each prints its tag once, in front, as the project's one-line format asks::

    file:line: WARNING: [SCHED-PHASE-WINDOW] MS-SEC-05: weeks 4-6 are outside phase PH-2
    conf.py:70: WARNING: [roadmap.settings] roadmap_as_of = 'six': expected a whole number

Sphinx appends ``[type.subtype]`` to a warning logged with a type (``show_warning_types``,
on by default), which printed every rule ID twice. So the extension decides suppression
itself, with Sphinx's own ``is_suppressed_warning`` and conf.py's ``suppress_warnings``,
and logs the warning without a type.

A finding of a rule whose severity is ``"warning"`` or ``"new"`` is a note, not a Sphinx
warning: it is written to the build's error stream (visible with ``-q``, where Sphinx shows
warnings only) and does not count as a warning, so ``-W`` does not fail on it; ``roadmap
check --strict`` does (see :mod:`roadmap.findings`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from docutils.nodes import Node
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.logging import is_suppressed_warning

from roadmap.errors import InputError, one_line
from roadmap.findings import Finding, Severity

TYPE = "roadmap"
logger = logging.getLogger(TYPE)
# where a warning is: a docname and line, a node, or a "file:line" text
Location = str | tuple[str | None, int | None] | Node | None


class RoadmapWarning(StrEnum):
    """The subtypes of the extension's warnings besides the rule IDs of findings."""

    SETTINGS = "settings"
    """A ``roadmap_*`` setting in conf.py, or ``ROADMAP_AS_OF``, the roadmap cannot use."""
    METAMODEL = "metamodel"
    """ubproject.toml cannot be read, or lacks a type, link or field the package reads."""
    FILTERS = "filters"
    """A needtable filter calls ``bearing_on`` with what is not a phase or workstream."""
    MERMAID = "mermaid"
    """conf.py asks mermaid for a security level that lets a diagram run scripts."""
    VIEWS = "views"
    """A roadmap view cannot show what its directive names (or failed)."""
    REVIEW_LEDGER = "review-ledger"
    """The review ledger of the plan's links is missing or cannot be read."""
    REVIEW_LINKS = "review-links"
    """A release build has a suspect, unreviewed or stale link (``[REVIEW-...]``)."""


_suppressed: tuple[str, ...] = ()  # conf.py's suppress_warnings, set when the config is read


def configure(_app: Sphinx, config: Config) -> None:
    """Read conf.py's ``suppress_warnings`` (at ``config-inited``, before any warning)."""
    global _suppressed
    _suppressed = tuple(config.suppress_warnings or ())


def is_suppressed(subtype: str, suppressed: Sequence[str] | None = None) -> bool:
    """Whether ``suppress_warnings`` silences ``roadmap.<subtype>``."""
    return is_suppressed_warning(TYPE, subtype, _suppressed if suppressed is None
                                 else suppressed)


def warn(subtype: RoadmapWarning, message: str, location: Location = None,
         where: str | Path = "") -> None:
    """``[roadmap.<subtype>] message`` at ``location`` (a docname and line, a node or a
    ``file:line`` text), or, without one, with ``where`` (a file) written in front."""
    if is_suppressed(subtype):
        return
    text = one_line(str(where), f"{TYPE}.{subtype}", "", message)
    logger.warning(text, location=location)


def warn_tagged(subtype: RoadmapWarning, line: str, location: Location = None) -> None:
    """A line that carries its own tag in front (``[REVIEW-SUSPECT-LINK] QG-1: ...``),
    as it is; ``roadmap.<subtype>`` silences it."""
    if not is_suppressed(subtype):
        logger.warning(line, location=location)


def warn_error(error: InputError, subtype: RoadmapWarning) -> None:
    """An input error as its one line, with its file and line as the warning's place."""
    if is_suppressed(subtype):
        return
    text = one_line("", f"{TYPE}.{subtype}", error.need_id, error.message)
    if error.line:
        logger.warning(text, location=error.location)  # "file:line" Sphinx prints as is
    else:
        logger.warning(one_line(error.file, "", "", text))


# what a note says of its rule, by the rule's severity
NOTE_REASONS: dict[Severity, str] = {
    "warning": "a warning: shown on the status pages, failing only roadmap check --strict",
    "new": "a new rule: reported, not yet failing the build",
}


def report_finding(app: Sphinx, finding: Finding, docname: str | None, *,
                   severity: Severity = "error") -> None:
    """A rule's finding at its need's page and line (its file, when the need has no
    page); a note, when the rule is a warning or new, which does not fail the build."""
    if is_suppressed(finding.rule):
        return
    text = one_line("" if docname else finding.location, finding.rule, finding.need_id,
                    finding.message)
    if severity == "error":
        logger.warning(text, location=(docname, finding.line) if docname else None)
        return
    where = ""
    if docname:
        where = str(app.env.doc2path(docname)) + (f":{finding.line}" if finding.line else "")
    # not a warning: Sphinx counts every warning, and -W would fail the build on it
    print(one_line(where, "", "", f"NOTE: {text} ({NOTE_REASONS[severity]})"),
          file=sys.stderr)
