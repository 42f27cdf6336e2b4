"""Tables of the metamodel itself, so the page that explains the checks cannot drift
from it: the need types, the fields or the link types of ubproject.toml."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docutils import nodes

from roadmap import render as vn
from roadmap.view_options import choice
from roadmap.views import View, ViewArgs, view


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


view(View(name="metamodel", shows_needs_by_id=True,
          summary="A table of the metamodel: types, fields or links.",
          build=build_metamodel, argument=choice(("types", "fields", "links"))))
