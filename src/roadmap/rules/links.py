"""Link resolution re-checked on a needs.json that may not come from a strict build.

In the Sphinx build sphinx-needs reports these itself (``needs.link_outgoing``,
``needs.link_target_type``), so the extension does not repeat them; the command
line applies them to any needs.json it is given.
"""

from __future__ import annotations

from roadmap.config import DEFAULTS, Settings
from roadmap.findings import Rule, RuleResult
from roadmap.graph import RoadmapGraph
from roadmap.suite import graph_rule

LINKS_RESOLVE = Rule(
    "LINK-RESOLVED", "Links resolve to the right type",
    "Every outgoing link names an existing need of a type its link type allows "
    "(target_types in ubproject.toml).", "graph", reporter="sphinx-needs")


@graph_rule(LINKS_RESOLVE)
def check_links(graph: RoadmapGraph, settings: Settings = DEFAULTS) -> RuleResult:
    result = RuleResult(LINKS_RESOLVE)
    allowed = {link: set(graph.metamodel.target_types(link)) for link in graph.metamodel.links}
    needs = graph.needs  # some 40,000 links at 10,000 needs: names bound once
    result.checked_ids.extend(needs)
    for need in needs.values():
        for link, targets in need.links.items():
            types = allowed.get(link)
            for target_id in targets:
                target = needs.get(target_id)
                if target is None:
                    result.fail(need, f"'{link}' links to {target_id}, which does not exist")
                elif types and target.type not in types:
                    result.fail(need, f"'{link}' links to {target_id}, a {target.type}; "
                                f"allowed: {', '.join(sorted(types))}")
    return result
