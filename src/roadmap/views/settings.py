"""The project settings (``roadmap_*`` in conf.py) with their values, defaults and
meaning, read from their declarations so the page cannot drift from them."""

from __future__ import annotations

from typing import Any

from docutils import nodes

from roadmap import render as vn
from roadmap.config import SETTINGS
from roadmap.views import View, ViewArgs, view


def _value(value: Any) -> str:
    """A setting as a reader writes it: bands, periods, or the plain value."""
    if isinstance(value, tuple) and not value:
        return "none"
    if isinstance(value, tuple) and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return ", ".join(f"{name} from {lowest}" for name, lowest in value)
    if isinstance(value, tuple) and all(isinstance(v, tuple) and len(v) == 3 for v in value):
        return "; ".join(f"{name}: {first} to {last}" for first, last, name in value)
    return str(value)


def build_settings(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    current = ctx.settings
    rows: list[vn.RowLike] = [
        [nodes.literal(text=spec.config_name), _value(getattr(current, spec.name)),
         _value(spec.default), f"{spec.description} Expects {spec.expects}."]
        for spec in SETTINGS]
    return [vn.table("Project settings (conf.py)", ["Setting", "Value", "Default", "Meaning"],
                     rows)]


# reads_now: the values shown include the as-of week and today, which the environment
# may set for one build
view(View(name="settings", shows_needs_by_id=True, reads_now=True,
          summary="The project settings and their values.",
          build=build_settings))
