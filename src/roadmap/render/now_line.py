"""The line every page that shows status opens with: the week the status is reported
for against the week the calendar is in, and what the difference means
(:mod:`roadmap.tracking.now`)."""

from __future__ import annotations

from docutils import nodes

from roadmap.render.blocks import paragraph, strong
from roadmap.render.context import ViewContext
from roadmap.tracking.now import now_of


def now_paragraph(ctx: ViewContext) -> nodes.paragraph:
    """``Now: Status as of week N (date); the calendar says week M (date). <meaning>``"""
    now = now_of(ctx.settings, ctx.graph.horizon)
    return paragraph(strong("Now: "), f"{now.sentence()} {now.meaning()}",
                     classes=["roadmap-now"])
