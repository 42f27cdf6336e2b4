"""The blocks a view is laid out in: its box, titled parts, paragraphs, bullet lists,
strong and small text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from docutils import nodes


def section(title: str, section_id: str, *content: nodes.Node) -> nodes.container:
    """A titled part of a view (a rubric, so it does not enter the page's contents)."""
    box = nodes.container(ids=[section_id], classes=["roadmap-part"])
    box += nodes.rubric(text=title)
    box.extend(content)
    return box


def box(*content: nodes.Node, classes: Sequence[str] = ()) -> nodes.container:
    """The container every view sits in (styled by roadmap-views.css)."""
    out = nodes.container(classes=["roadmap-view", *classes])
    out.extend(content)
    return out


def paragraph(*content: str | nodes.Node, classes: Sequence[str] = ()) -> nodes.paragraph:
    para = nodes.paragraph(classes=list(classes))
    for part in content:
        para += nodes.Text(part) if isinstance(part, str) else part
    return para


def bullets(items: Iterable[Sequence[str | nodes.Node]], classes: Sequence[str] = ()
            ) -> nodes.bullet_list:
    out = nodes.bullet_list(classes=list(classes))
    for item in items:
        entry = nodes.list_item()
        entry += paragraph(*item)
        out += entry
    return out


def strong(text: str) -> nodes.strong:
    return nodes.strong(text=text)


def small(text: str) -> nodes.inline:
    return nodes.inline(text=text, classes=["roadmap-sub"])

