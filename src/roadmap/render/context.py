"""What a view reads: the needs graph, the settings and how to link from the page being
written (:class:`ViewContext`), and the error a view raises when it cannot be drawn as
asked (:class:`ViewError`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from roadmap.config import Settings
from roadmap.errors import InputError
from roadmap.findings import RuleResult
from roadmap.graph import Need, RoadmapGraph
from roadmap.inputs import ProjectInputs


class ViewError(InputError):
    """A view cannot be drawn as asked (an unknown target, say): the build warns."""


@dataclass
class ViewContext:
    """What a view reads: the graph, the settings, and how to link from this page."""

    project: ProjectInputs
    graph: RoadmapGraph
    docname: str  # the page being written
    uri: Callable[[Need], str]  # relative URI of a need from the page being written
    results: Callable[[], list[RuleResult]]  # the build's rule results, computed on demand
    index: int = 1  # the view's number on its page, for IDs unique on the page
    # relative URI of another page of the site by its document name, None when the site
    # has no such page (the week pages, say, in a project without them)
    doc_uri: Callable[[str], str | None] = lambda docname: None
    # what the views of one build read once and share (the baseline file, read once
    # instead of once per status section): the build keeps it for the build's length
    shared: dict[Any, Any] = field(default_factory=dict)

    @property
    def settings(self) -> Settings:
        return self.project.settings

    def need(self, need_id: str, need_type: str) -> Need:
        """The need ``need_id`` of type ``need_type``; ViewError when there is none."""
        need = self.graph.needs.get(need_id)
        if need is None or need.type != need_type:
            raise ViewError(f"{need_id!r} is not a {need_type} need")
        return need

