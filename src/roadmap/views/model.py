"""Tables of the model itself, so the page that explains the checks cannot drift from
them: the need types, fields and links of ubproject.toml, every rule of the suite, and
the project settings with their values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docutils import nodes

from roadmap.config import SETTINGS
from roadmap.suite import catalogue
from roadmap.views import View, ViewArgs, view
from roadmap.views import blocks as vn
from roadmap.views.options import choice
from roadmap.views.report import FAMILY_TEXT


def schema_text(spec: Mapping[str, Any]) -> str:
    schema = dict(spec.get("schema", {}))
    text = str(schema.pop("type", ""))
    extras = [f"{key} {value}" for key, value in schema.items()]
    if "derive" in spec:
        derive = spec["derive"]
        extras.append(f"derived: {derive.get('kind')} over {derive.get('over', '')}".strip())
    for need_type, derive in spec.get("derive_by_type", {}).items():
        extras.append(f"derived on {need_type}: {derive.get('kind')} over {derive.get('over')}")
    return text + (f" ({'; '.join(extras)})" if extras else "")


def build_metamodel(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    model = ctx.project.metamodel
    if args.argument == "types":
        rows: list[vn.RowLike] = [
            [spec.get("title", name), nodes.literal(text=name),
             nodes.literal(text=spec.get("prefix", ""))]
            for name, spec in model.needs_table.get("types", {}).items()]
        return [vn.table("Need types of ubproject.toml", ["Type", "Directive", "ID prefix"],
                         rows)]
    if args.argument == "fields":
        rows = [[nodes.literal(text=name), schema_text(spec), spec.get("description", "")]
                for name, spec in model.fields.items()]
        return [vn.table("Fields of ubproject.toml", ["Field", "Schema", "Meaning"], rows)]
    rows = [[nodes.literal(text=name), spec.get("outgoing", name), spec.get("incoming", ""),
             ", ".join(spec.get("target_types", [])), spec.get("description", "")]
            for name, spec in model.links.items()]
    return [vn.table("Link types of ubproject.toml",
                     ["Link", "Reads (outgoing)", "Reads (incoming)", "Target types", "Meaning"],
                     rows)]


def build_rules(ctx: vn.ViewContext, args: ViewArgs) -> list[nodes.Node]:
    rows: list[vn.RowLike] = [
        [nodes.literal(text=rule.id), rule.description,
         FAMILY_TEXT.get((rule.family, rule.reporter), rule.family)]
        for rule in catalogue(ctx.project)]
    return [vn.table("Every rule the build and the gate apply",
                     ["Rule", "What must hold", "Enforced by"], rows)]


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
         _value(spec.default), spec.description]
        for spec in SETTINGS]
    return [vn.table("Project settings (conf.py)", ["Setting", "Value", "Default", "Meaning"],
                     rows)]


view(View(name="metamodel", shows_needs_by_id=True,
          summary="A table of the metamodel: types, fields or links.",
          build=build_metamodel, argument=choice(("types", "fields", "links"))))
view(View(name="rules", summary="Every rule the build and the gate apply.", build=build_rules))
view(View(name="settings", shows_needs_by_id=True,
          summary="The project settings and their values.",
          build=build_settings))
