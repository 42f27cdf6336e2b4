"""The fault fixtures of ``tests/faults`` fed to the language server instead of a build.

A fixture's mutations are applied with the fault kit's own code (``faultkit.apply_mutation``)
to a copy of the docs tree on disk (the stray-page guard walks the folders, so the copy
must be files), and the pages it changed are handed to the server's index as an editor
hands them over: the changed pages parsed again, a new page found, the whole project
read again when its configuration (``ubproject.toml``) changed. A command-line fixture
that edits the built ``needs.json`` instead (``set``, ``add_to``) becomes the same edit
of the need's options on its page; where a fixture also edits the pages, its
``needs.json`` edit only stands for what the build makes of them and is left out. A
need the fixture adds to the ``needs.json`` (``add``) is written as its directive on the
page and at the line the fixture gives it, with the fixture's other edits.

Which fixtures the server must answer is decided from the rule registry, so a fixture
for a new rule is covered the day it lands: every rule the suite runs on the graph,
the metamodel or the pages (the checks that read ``graph``, ``toml`` or ``sources``),
and the warnings of sphinx-needs the server gives in sphinx-needs' words. The rest is
out of scope, each kind with its reason (:func:`out_of_scope`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import faultkit

from roadmap.findings import Rule
from roadmap.inputs import ProjectInputs
from roadmap.lsp.diagnostics import READS, Diagnostic, diagnose
from roadmap.lsp.plan_index import PlanIndex
from roadmap.suite import Input, checks

# sphinx-needs' warnings the server gives itself (roadmap.lsp.diagnostics)
SPHINX_NEEDS_WARNINGS = frozenset({"needs.create_need", "needs.link_outgoing",
                                   "needs.link_target_type", "needs.link_ref"})
# the files whose change makes the server read the whole project again
CONFIGURATION = ("conf.py", "ubproject.toml", "schemas.json")
# what a check reads that the server does not have, and why
NOT_READ: dict[Input, str] = {
    "html": "the HTML the build writes (a built-site guard); the server builds no site",
    "manifest": "the manifest of the build that wrote a needs.json, to compare the two; the "
                "server makes the needs from the pages, so no export can lose one",
}


@dataclass(frozen=True)
class Registry:
    """What the registry says of each rule: the rule and what its check reads."""

    rules: dict[str, Rule]
    reads: dict[str, Input]

    @classmethod
    def of(cls, project: ProjectInputs) -> Registry:
        rules: dict[str, Rule] = {}
        reads: dict[str, Input] = {}
        for check in checks():
            for rule in check.rules(project):
                rules[rule.id] = rule
                reads[rule.id] = check.reads
        return cls(rules, reads)


def out_of_scope(fault: faultkit.Fault, registry: Registry) -> str | None:
    """Why the server cannot be asked for this fixture's warning, or None."""
    rule_id = fault.expect["rule"]
    if rule_id in SPHINX_NEEDS_WARNINGS:
        return None
    rule = registry.rules.get(rule_id)
    if rule is None:
        return (f"{rule_id} is Sphinx's or MyST's own warning (cross-references, the toctree): "
                "the server runs no Sphinx")
    if registry.reads[rule_id] not in READS:
        return f"{rule_id} reads {NOT_READ[registry.reads[rule_id]]}"
    if rule.reporter != "roadmap":
        return (f"{rule_id} is the command line's check of a needs.json; in the build (and the "
                "server) sphinx-needs' own warning reports the same fault")
    if fault.mode == "cli" and not fault.mutations and set(fault.needs_json) - {
            "set", "add_to", "add"}:
        return ("the fault is a needs.json that lost needs its pages declare; the server makes "
                "the needs from the pages, which still declare them")
    location = fault.expect.get("location")
    if isinstance(location, dict) and location.get("file") == "needs.json":
        return ("the fault is a value only a needs.json holds (NaN, an object, a number as "
                "text), which the command line's check refuses at its line; a page writes "
                "every option as text, which sphinx-needs' schema check reads")
    if any("type" in values for values in (fault.needs_json.get("set") or {}).values()):
        return ("the fault gives a need of needs.json another type; a page writes the type as "
                "the directive's name, which no edit of the fault kit changes")
    return None


def text_mutations(fault: faultkit.Fault) -> list[dict[str, Any]]:
    """The fixture's edits of the pages, its needs.json edits made edits of the pages."""
    added = _added_pages(fault.needs_json.get("add") or {})
    if fault.mutations:
        return [*fault.mutations, *added]
    edits = list(added)
    for need_id, values in (fault.needs_json.get("set") or {}).items():
        # a value emptied in needs.json (null, []) is an option the page leaves out
        emptied = [name for name, value in values.items() if value in (None, [])]
        kept = {name: value for name, value in values.items() if name not in emptied}
        edits.append({"need": need_id, "set": kept, "unset": emptied})
    for need_id, values in (fault.needs_json.get("add_to") or {}).items():
        edits.append({"need": need_id, "add_to": values})
    return edits


def _directive(need_id: str, values: dict[str, Any]) -> list[str]:
    lines = [f"```{{{values['type']}}} {values.get('title', need_id)}", f":id: {need_id}"]
    for name, value in values.items():
        if name not in ("type", "title", "docname", "lineno"):
            text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            lines.append(f":{name}: {text}")
    return [*lines, "```", ""]


def _added_pages(added: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The needs a fixture adds to the needs.json, each written on its page (a new one)
    with its directive at the line the fixture gives."""
    pages: dict[str, list[str]] = {}
    for need_id, values in sorted(added.items(), key=lambda item: item[1].get("lineno", 1)):
        lines = pages.setdefault(f"{values.get('docname', 'added')}.md", ["# Added", ""])
        lines += [""] * max(0, int(values.get("lineno", 1)) - 1 - len(lines))
        lines += _directive(need_id, values)
    return [{"file": page, "create": "\n".join(lines)} for page, lines in pages.items()]


# ------------------------------------------------------------ the tree
def copy_site(docs: Path, dest: Path) -> Path:
    """A copy of the docs tree as the fault kit's build slots make it."""
    faultkit.copy_tree(docs, dest)
    for name in faultkit._LINKED:
        if (docs / name).exists() and not (dest / name).exists():
            (dest / name).symlink_to(docs / name)
    return dest


@dataclass
class Site:
    """The copy of the tree and the index of its pristine state."""

    src: Path
    index: PlanIndex

    @classmethod
    def of(cls, docs: Path, dest: Path) -> Site:
        src = copy_site(docs, dest)
        index = PlanIndex.of_project(src, os.environ)
        diagnose(index)  # every page read once by every guard, as the server starts
        return cls(src, index)

    @contextmanager
    def broken(self, fault: faultkit.Fault) -> Iterator[PlanIndex]:
        """The index with the fault's edits applied; the tree and the index are as
        before afterwards."""
        kept = {file: (self.src / file).read_bytes() for file in
                [*self.index.texts, *CONFIGURATION, *_named_files(fault)]
                if (self.src / file).is_file()}
        try:
            for mutation in text_mutations(fault):
                faultkit.apply_mutation(self.src, mutation)
            yield self._fed(kept)
        finally:
            self._restore(kept, fault)

    def _fed(self, kept: dict[str, bytes]) -> PlanIndex:
        if any(_changed(self.src / f, kept.get(f)) for f in CONFIGURATION):
            return PlanIndex.of_project(self.src, os.environ)  # a new metamodel: read again
        self.index.rediscover()  # a page created (or one an excluded folder now holds)
        for file in list(self.index.texts):
            if _changed(self.src / file, kept.get(file)):
                self.index.update(file, (self.src / file).read_text(encoding="utf-8"))
        return self.index

    def _restore(self, kept: dict[str, bytes], fault: faultkit.Fault) -> None:
        for mutation in fault.mutations:
            # a folder the fixture linked into the tree (GUARD-SOURCE-LINK's fixtures)
            if "symlink" in mutation and (self.src / mutation["file"]).is_symlink():
                (self.src / mutation["file"]).unlink()
        for file in _named_files(fault):
            if file not in kept and (self.src / file).is_file():
                (self.src / file).unlink()
        for file, data in kept.items():
            if _changed(self.src / file, data):
                (self.src / file).write_bytes(data)
        self.index.rediscover()
        for file in list(self.index.texts):
            if file in kept:
                self.index.update(file, kept[file].decode("utf-8"))


def _named_files(fault: faultkit.Fault) -> list[str]:
    return [m["file"] for m in text_mutations(fault) if "file" in m]


def _changed(path: Path, before: bytes | None) -> bool:
    return path.is_file() and path.read_bytes() != before


def cleanup(site: Site) -> None:
    shutil.rmtree(site.src, ignore_errors=True)


# ------------------------------------------------------------ judging
def record(found: Diagnostic) -> str:
    """A diagnostic as the build prints its warning, so the fixture is judged by the fault
    kit's own matcher: a roadmap rule's message carries its ``[RULE]`` in front (once);
    Sphinx appends ``[type.subtype]`` to sphinx-needs' own warnings."""
    kind = f" [{found.rule}]" if found.rule.startswith("needs.") else ""
    return f"{found.file}:{found.line}: WARNING: {found.message}{kind}"


def matched(fault: faultkit.Fault, found: list[Diagnostic], src: Path) -> list[str]:
    location = faultkit.expected_location(fault, src, src)
    return [r for r in map(record, found) if faultkit.matches(fault, r, location)]
