"""Page-wide marks for the reader's layout, set on a resolved page's nodes.

- A link whose text is a need ID is marked ``roadmap-id``: the style sheet keeps it on
  one line (an ID broken over lines, ``MS-/SEC-/03``, reads as three words); so is the
  ID of a link that reads ``Title (ID)``, the need role's text.
- A table with many columns, and every view drawn across the weeks, is marked
  ``roadmap-wide``: a page holding one gives its content the width of the screen
  (``roadmap.css``) instead of the theme's reading column.

The marks work on the nodes :func:`nodes_of` found in one walk of the page, which the
other rewrites of a resolved page share (each used to walk the whole page again).
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable

from docutils import nodes

Kind = type[nodes.Element]

ID_CLASS = "roadmap-id"
WIDE_CLASS = "roadmap-wide"
# A table with at least this many columns does not fit the theme's 46em column.
WIDE_COLUMNS = 4
# Views that are wide whatever their tables hold.
WIDE_VIEWS = frozenset({"roadmap-timeline", "roadmap-capacity-view", "roadmap-explorer-view",
                        "roadmap-week-view", "roadmap-risk-register",
                        "roadmap-weeks-view"})


_TITLED = re.compile(r"^(?P<title>.*) \((?P<id>[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)\)$", re.DOTALL)


def nodes_of(doctree: nodes.Node, kinds: Iterable[Kind]) -> dict[Kind, list[nodes.Element]]:
    """The nodes of a page that are of each of ``kinds``, in document order, found in
    one walk (a node of two of the kinds is listed under both)."""
    wanted = tuple(kinds)
    found: dict[Kind, list[nodes.Element]] = {kind: [] for kind in wanted}
    kinds_of: dict[type, tuple[Kind, ...]] = {}  # per node class, the kinds it is of
    stack: list[nodes.Node] = [doctree]
    while stack:
        node = stack.pop()
        if not isinstance(node, nodes.Element):
            continue
        cls = type(node)
        its = kinds_of.get(cls)
        if its is None:
            its = kinds_of[cls] = tuple(k for k in wanted if issubclass(cls, k))
        for kind in its:
            found[kind].append(node)
        stack.extend(reversed(node.children))
    return found


def mark_ids(references: Iterable[nodes.Element], ids: Container[str]) -> int:
    """Mark every reference whose text is one of ``ids``, and the ID at the end of a
    ``Title (ID)`` reference; returns how many."""
    marked = 0
    for ref in references:
        text = ref.astext().strip()
        if text in ids:
            if ID_CLASS not in ref["classes"]:
                ref["classes"].append(ID_CLASS)
                marked += 1
        elif (match := _TITLED.match(text)) and match.group("id") in ids:
            marked += _mark_titled(ref, match.group("id"))
    return marked


def _mark_titled(ref: nodes.Element, need_id: str) -> int:
    """``Title (ID)`` -> ``Title (`` + the ID in a ``roadmap-id`` span + ``)``."""
    texts = list(ref.findall(nodes.Text))
    last = texts[-1] if texts else None
    tail = f"({need_id})"
    if last is None or not str(last).endswith(tail) or last.parent is None:
        return 0
    head = str(last)[: -len(tail)]
    parent = last.parent
    index = parent.index(last)
    parent.remove(last)
    parent.insert(index, [nodes.Text(head + "("),
                          nodes.inline(text=need_id, classes=[ID_CLASS]), nodes.Text(")")])
    return 1


def columns(table: nodes.Element) -> int:
    group = next(iter(table.findall(nodes.tgroup)), None)
    return int(group["cols"]) if group is not None and "cols" in group else 0


def mark_wide(tables: Iterable[nodes.Element], boxes: Iterable[nodes.Element]) -> bool:
    """Mark wide tables and wide views; True when the page holds any."""
    wide = False
    for table in tables:
        if columns(table) >= WIDE_COLUMNS and "need" not in table["classes"]:
            table["classes"].append(WIDE_CLASS)
            wide = True
    for box in boxes:
        if WIDE_VIEWS.intersection(box["classes"]):
            box["classes"].append(WIDE_CLASS)
            wide = True
    return wide
