"""Fault injection: apply one fixture's fault to a copy of the docs tree and check
that the build (or the command-line check) fails with the message the fixture
states.

Each fixture in ``tests/faults/*.yaml`` says what it breaks and what it expects::

    name: dangling-link
    description: A milestone depends on a milestone that does not exist.
    mutate:                       # one mutation or a list of them
      need: MS-SEC-03             # edit the options of the need with this ID ...
      file: modules/security-roadmap.md   # ... which is defined in this file
      add_to: {depends_on: MS-SEC-99}
    expect:
      rule: needs.link_outgoing   # warning type, or a roadmap rule ID
      need: MS-SEC-03             # the need the message must name
      message: "has unknown outgoing link 'MS-SEC-99' in field 'depends_on'"  # regex
      location: need              # file:line of that need's directive

Mutations: ``need`` + ``set`` / ``unset`` / ``add_to`` / ``remove_from`` edit the
option block of one need directive; ``unlink`` removes a target from a link option in
every page; ``replace`` (exact text, must occur once), ``append`` and ``create`` edit
text files, ``symlink`` (with ``file``) makes ``file`` a symbolic link to a folder. A
fixture with ``mode: cli`` edits the built ``needs.json`` instead
(``needs_json: {drop: [ID]}``, ``{keep: [ID]}`` (drops every other need; ``[]`` drops
all), ``{drop_types: [type]}``, ``{set: {ID: {field: value}}}`` (``null``: the field is
not there; a ``set`` of a need mutation removes the option for it),
``{add_to: {ID: {link: target}}}`` or ``{add: {ID: {type: ..., docname: ..., lineno:
..., field: value}}}`` (a need the sources do not have, entered in the build's manifest
as if a page declared it)), applies its text mutations to the sources, and
runs ``python -m roadmap check`` over it (a text mutation with ``built: true`` edits the
built site instead, as a directive no source guard parses could have written it), with
``--source`` and ``--html`` unless
``cli_with`` lists fewer of them (``cli_with: []``: the needs.json alone, next to the
build's manifest), and with the arguments of ``cli_args`` (``[--strict]`` fails on a
warning rule's finding).

Batches: build-mode fixtures that name the same ``batch`` are applied together to one
copy of the tree and built once; each is judged on its own expected message, file,
line and need, so the fixtures of a batch must edit different files (checked).

Speed: every build slot (a fixed directory, because Sphinx rebuilds from scratch when
the source directory moves) builds the pristine tree once; each fault restores the
slot's pristine sources, doctrees and HTML and rebuilds incrementally, so only the
mutated pages are read again. ``Runner.start`` runs the faults in the background
(``tests/conftest.py`` starts them when pytest has collected the tests, if other tests
were selected too), so the slots' builds use the core the rest of the suite, one
process, leaves idle; such a runner builds at a lower priority (``nice``), so that the
tests in the foreground keep their pace.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from sphinx.util.matching import Matcher

from roadmap.directive_parser import SourceNeed, need_directives
from roadmap.inputs import ProjectInputs, from_conf, read_conf

ROOT = Path(__file__).resolve().parents[1]
FAULTS_DIR = Path(__file__).resolve().parent / "faults"
# The build's record of the needs it declared, written next to needs.json.
MANIFEST = "roadmap-manifest.json"
# The docs tree to break: the checkout, or (while developing) another tree.
DOCS_ROOT = Path(os.environ.get("ROADMAP_FI_DOCS", ROOT)).resolve()
WORKERS = int(os.environ.get("ROADMAP_FI_WORKERS", min(2, os.cpu_count() or 1)))

# Excluded from the sources but read by the build (the npm packages) or named by the
# pages (example needs point at tests): linked into a copy of the tree.
_LINKED = ("node_modules", "tests")

# --no-color: CI sets CI=true, which makes Sphinx colour its warnings; the
# expected messages are matched on plain text.
SPHINX_OPTS = ("-b", "html", "-W", "--keep-going", "-n", "-q", "--no-color")
# A background runner's builds and checks yield the CPU to the tests that run meanwhile
# (``Runner.start``); the outcome of a build does not depend on its priority.
NICE = ("nice", "-n", "10") if shutil.which("nice") else ()


class FixtureError(Exception):
    """The fixture no longer fits the docs tree (not a missed fault)."""


# ------------------------------------------------------------------ fixtures
@dataclass(frozen=True)
class Fault:
    name: str
    description: str
    mutations: tuple[dict[str, Any], ...]
    expect: dict[str, Any]
    mode: str = "build"
    needs_json: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    batch: str | None = None  # build-mode fixtures of one batch share one build
    cli_with: tuple[str, ...] = ("source", "html")  # what the cli mode passes besides
    cli_args: tuple[str, ...] = ()  # more arguments of the cli mode's check


def load_faults(directory: Path = FAULTS_DIR) -> list[Fault]:
    faults = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        mutate = data.get("mutate", [])
        mutations = tuple(mutate if isinstance(mutate, list) else [mutate])
        fault = Fault(name=data["name"], description=data["description"].strip(),
                      mutations=mutations, expect=data["expect"],
                      mode=data.get("mode", "build"), needs_json=data.get("needs_json", {}),
                      path=path, batch=data.get("batch"),
                      cli_with=tuple(data.get("cli_with", ("source", "html"))),
                      cli_args=tuple(data.get("cli_args", ())))
        if fault.name != path.stem:
            raise FixtureError(f"{path.name}: name {fault.name!r} differs from the file name")
        for key in ("rule", "message"):
            if key not in fault.expect:
                raise FixtureError(f"{path.name}: expect.{key} is missing")
        faults.append(fault)
    return faults


# ------------------------------------------------------------------ the tree
def project_of(src: Path) -> ProjectInputs:
    """The tree as its own conf.py describes it: its pages and its metamodel."""
    return from_conf(src)


def pages(src: Path) -> Iterator[Path]:
    """The pages of the tree, the same Sphinx builds (conf.py's exclude patterns)."""
    for page in project_of(src).pages:
        yield src / page


def copy_tree(docs: Path, dest: Path) -> None:
    """Copy what the build reads: every file but those conf.py excludes from the
    sources (the build's output, the virtualenv, the package, the tests); the npm
    packages and the package are linked, not copied."""
    excluded = Matcher(read_conf(docs).get("exclude_patterns", []))
    dest.mkdir(parents=True, exist_ok=True)
    # an excluded folder is not walked at all: the virtualenvs and the npm packages hold
    # some 66,000 files, the copy about 200
    for folder, dirs, files in os.walk(docs):
        here = Path(folder).relative_to(docs)
        walked = []
        for name in sorted(dirs):
            if excluded(str(here / name)):
                continue
            if (docs / here / name).is_symlink():  # copied as the link it is
                shutil.copy2(docs / here / name, dest / here / name, follow_symlinks=False)
            else:
                (dest / here / name).mkdir(exist_ok=True)
                walked.append(name)
        dirs[:] = walked
        for name in sorted(files):
            if not excluded(str(here / name)):
                shutil.copy2(docs / here / name, dest / here / name, follow_symlinks=False)


_OPTION = re.compile(r"^:(?P<name>[\w-]+):(?:\s+(?P<value>.*))?$")


@dataclass
class NeedBlock:
    """Where one need directive sits in a page: its fence line and option lines."""

    path: Path
    lines: list[str]
    fence: int  # index of the opening fence line
    options: dict[str, int]  # option name -> line index

    @property
    def lineno(self) -> int:
        return self.fence + 1

    @property
    def end_of_options(self) -> int:
        return max(self.options.values()) + 1


def _blocks_in(path: Path, need_id: str, types: set[str]) -> list[NeedBlock]:
    """The directives of ``need_id`` in a page (not examples shown in code blocks)."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    return [NeedBlock(path, lines, need.line - 1,
                      {name: line - 1 for name, line in need.option_lines.items()})
            for need in _need_directives(text, frozenset(types)) if need.need_id == need_id]


@lru_cache(maxsize=256)
def _need_directives(text: str, types: frozenset[str]) -> tuple[SourceNeed, ...]:
    """A page's need directives, parsed once per text: finding a need reads every page."""
    return tuple(need_directives(text, types))


def find_need(src: Path, need_id: str, occurrence: int = 1) -> NeedBlock:
    project = project_of(src)  # conf.py read once for the types and the pages (0.1 s)
    types = set(project.metamodel.types)
    blocks = [b for page in project.pages for b in _blocks_in(src / page, need_id, types)]
    if len(blocks) < occurrence:
        raise FixtureError(f"need {need_id} is not defined in the docs tree"
                           if not blocks else f"need {need_id} is defined only {len(blocks)}x")
    if occurrence == 1 and len(blocks) > 1:
        places = ", ".join(f"{b.path.relative_to(src)}:{b.lineno}" for b in blocks)
        raise FixtureError(f"need {need_id} is defined more than once ({places})")
    return blocks[occurrence - 1]


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


@dataclass
class _OptionEdit:
    """The edits to one need's option block: replaced, removed and new option lines."""

    block: NeedBlock
    need_id: str
    removed: set[int] = field(default_factory=set)
    inserted: list[str] = field(default_factory=list)

    def value(self, name: str) -> str:
        match = _OPTION.match(self.block.lines[self.block.options[name]])
        return (match.group("value") or "") if match else ""

    def put(self, name: str, text: str) -> None:
        if name in self.block.options:
            self.block.lines[self.block.options[name]] = text
        else:
            self.inserted.append(text)

    def set(self, name: str, value: Any) -> None:
        self.put(name, f":{name}: {_format(value)}")

    def unset(self, name: str) -> None:
        if name not in self.block.options:
            raise FixtureError(f"need {self.need_id} has no :{name}: option to remove")
        self.removed.add(self.block.options[name])

    def add_to(self, name: str, item: Any) -> None:
        items = _split(self.value(name)) if name in self.block.options else []
        self.put(name, f":{name}: {', '.join([*items, str(item)])}")

    def remove_from(self, name: str, item: Any) -> None:
        items = _split(self.value(name)) if name in self.block.options else []
        if str(item) not in items:
            raise FixtureError(f"need {self.need_id} has no {item} in :{name}:")
        items.remove(str(item))
        if items:
            self.put(name, f":{name}: {', '.join(items)}")
        else:
            self.removed.add(self.block.options[name])

    def write(self) -> Path:
        lines, end = self.block.lines, self.block.end_of_options
        new_lines = [line for i, line in enumerate(lines[:end]) if i not in self.removed]
        new_lines += self.inserted + lines[end:]
        self.block.path.write_text("\n".join(new_lines), encoding="utf-8")
        return self.block.path


def _edit_need(src: Path, mutation: dict[str, Any]) -> Path:
    block = find_need(src, mutation["need"])
    if "file" in mutation and block.path != src / mutation["file"]:
        raise FixtureError(f"need {mutation['need']} is defined in "
                           f"{block.path.relative_to(src)}, not {mutation['file']}")
    edit = _OptionEdit(block, mutation["need"])
    for name, value in (mutation.get("set") or {}).items():
        if value is None:  # a needs.json field set to null: the option is not there
            edit.unset(name)
        else:
            edit.set(name, value)
    for name in mutation.get("unset") or ():
        edit.unset(name)
    for name, item in (mutation.get("add_to") or {}).items():
        edit.add_to(name, item)
    for name, item in (mutation.get("remove_from") or {}).items():
        edit.remove_from(name, item)
    return edit.write()


def _format(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _unlink(src: Path, link: str, target: str) -> list[Path]:
    """Remove ``target`` from the ``link`` option of every need in the tree."""
    option = re.compile(rf"^:{re.escape(link)}:(?:\s+(.*))?$")
    changed = []
    for page in pages(src):
        lines = page.read_text(encoding="utf-8").split("\n")
        out, hit = [], False
        for line in lines:
            match = option.match(line)
            if match and target in _split(match.group(1) or ""):
                hit = True
                items = [i for i in _split(match.group(1) or "") if i != target]
                if items:
                    out.append(f":{link}: {', '.join(items)}")
                continue
            out.append(line)
        if hit:
            page.write_text("\n".join(out), encoding="utf-8")
            changed.append(page)
    if not changed:
        raise FixtureError(f"no need lists {target} in :{link}:")
    return changed


def apply_mutation(src: Path, mutation: dict[str, Any]) -> None:
    if "need" in mutation:
        _edit_need(src, mutation)
    elif "unlink" in mutation:
        _unlink(src, mutation["unlink"]["link"], mutation["unlink"]["target"])
    elif "symlink" in mutation:
        path = src / mutation["file"]
        if path.exists() or path.is_symlink():
            raise FixtureError(f"{mutation['file']} exists already")
        path.symlink_to(mutation["symlink"], target_is_directory=True)
    else:
        _edit_text(src, mutation)


def _edit_text(src: Path, mutation: dict[str, Any]) -> None:
    path = src / mutation.get("file", "")
    if "replace" in mutation:
        text = path.read_text(encoding="utf-8")
        old, new = mutation["replace"], mutation["with"]
        if text.count(old) != 1:
            raise FixtureError(f"{mutation['file']}: {old!r} occurs {text.count(old)} times, "
                               "expected exactly once")
        path.write_text(text.replace(old, new), encoding="utf-8")
    elif "append" in mutation:
        if not path.exists():
            raise FixtureError(f"{mutation['file']} does not exist")
        text = path.read_text(encoding="utf-8")
        path.write_text(text.rstrip("\n") + "\n\n" + mutation["append"], encoding="utf-8")
    elif "create" in mutation:
        if path.exists():
            raise FixtureError(f"{mutation['file']} exists already")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(mutation["create"], encoding="utf-8")
    else:
        raise FixtureError(f"unknown mutation {sorted(mutation)}")


def _drop(needs: dict[str, Any], spec: dict[str, Any]) -> None:
    if "keep" in spec:
        kept = set(spec["keep"] or ())
        for need_id in [i for i in needs if i not in kept]:
            del needs[need_id]
    for need_type in spec.get("drop_types", []):
        dropped = [i for i, n in needs.items() if n.get("type") == need_type]
        if not dropped:
            raise FixtureError(f"needs.json has no {need_type} need to drop")
        for need_id in dropped:
            del needs[need_id]
    for need_id in spec.get("drop", []):
        if need_id not in needs:
            raise FixtureError(f"needs.json has no {need_id} to drop")
        del needs[need_id]


def _need_of(needs: dict[str, Any], need_id: str) -> dict[str, Any]:
    if need_id not in needs:
        raise FixtureError(f"needs.json has no {need_id}")
    need: dict[str, Any] = needs[need_id]
    return need


def mutate_needs_json(path: Path, spec: dict[str, Any]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    version = data.get("current_version", "")
    needs = data["versions"][version]["needs"]
    _drop(needs, spec)
    for need_id, values in (spec.get("set") or {}).items():
        _need_of(needs, need_id).update(values)
    for need_id, values in (spec.get("add_to") or {}).items():
        need = _need_of(needs, need_id)
        for name, item in values.items():
            need[name] = [*(need.get(name) or []), item]
    for need_id, values in (spec.get("add") or {}).items():
        if need_id in needs:
            raise FixtureError(f"needs.json has {need_id} already")
        needs[need_id] = {"id": need_id, **values}
    path.write_text(json.dumps(data), encoding="utf-8")
    _declare(path.parent / MANIFEST, spec.get("add") or {})


def _declare(manifest: Path, added: dict[str, Any]) -> None:
    """Enter added needs in the build's manifest, as if the pages declared them."""
    if not added or not manifest.exists():
        return
    from roadmap.manifest import Declared, fingerprint

    data = json.loads(manifest.read_text(encoding="utf-8"))
    for need_id, values in added.items():
        data["needs"][need_id] = {"type": values["type"],
                                  "file": f"{values.get('docname', '')}.md",
                                  "line": values.get("lineno", 1)}
    data["count"] = len(data["needs"])
    data["fingerprint"] = fingerprint(Declared(i, n["type"], n["file"], n["line"])
                                      for i, n in data["needs"].items())
    manifest.write_text(json.dumps(data, indent=1), encoding="utf-8")


# ------------------------------------------------------------------ output
def records(output: str, join_indented: bool = True) -> list[str]:
    """Warnings and errors of a build, one record each (indented continuation lines
    joined); with ``join_indented=False`` every line of a report is a record."""
    result: list[str] = []
    for line in output.splitlines():
        if not line.strip():
            continue
        if join_indented and line[0].isspace() and result:
            result[-1] += " " + line.strip()
        else:
            result.append(line.strip())
    return result


def _need_location(src: Path, where: dict[str, Any]) -> str:
    """A need's directive line, or with ``option`` the line of one of its options."""
    block = find_need(src, where["need"], where.get("occurrence", 1))
    if "option" not in where:
        return f"{block.path.relative_to(src)}:{block.lineno}"
    if where["option"] not in block.options:
        raise FixtureError(f"need {where['need']} has no :{where['option']}: option")
    return f"{block.path.relative_to(src)}:{block.options[where['option']] + 1}"


def expected_location(fault: Fault, src: Path, html: Path) -> str | None:
    """The ``file:line`` (or ``file``) the expected message must carry."""
    where = fault.expect.get("location")
    if where in (None, "none"):
        return None
    if where == "need":
        block = find_need(src, fault.expect["need"])
        return f"{block.path.relative_to(src)}:{block.lineno}"
    if isinstance(where, dict) and "need" in where:
        return _need_location(src, where)
    if isinstance(where, dict):
        base = html if where.get("built") else src
        path = base / where["file"]
        if "line" in where:
            return f"{where['file']}:{where['line']}"
        if "line_of" in where:
            if not path.exists():
                raise FixtureError(f"{path} does not exist")
            for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
                if where["line_of"] in line:
                    return f"{where['file']}:{number}"
            raise FixtureError(f"{where['file']} has no line with {where['line_of']!r}")
        return where["file"]
    raise FixtureError(f"{fault.name}: cannot read location {where!r}")


def matches(fault: Fault, record: str, location: str | None) -> bool:
    expect = fault.expect
    rule = expect["rule"]
    if f"[{rule}]" not in record:  # a rule ID, or a warning's type.subtype
        return False
    if not re.search(expect["message"], record):
        return False
    if "need" in expect and not re.search(rf"(?<![\w-]){re.escape(expect['need'])}(?![\w-])",
                                          record):
        return False
    if location is not None:
        boundary = rf"(?:^|[\s/]){re.escape(location)}(?::|\s|$)"
        if not re.search(boundary, record):
            return False
    return True


# ------------------------------------------------------------------ running
@dataclass
class Outcome:
    fault: Fault
    exit_code: int
    output: str
    seconds: float
    location: str | None = None
    matched: list[str] = field(default_factory=list)
    already_in_pristine: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def caught(self) -> bool:
        return (self.error is None and self.exit_code != 0 and bool(self.matched)
                and not self.already_in_pristine)

    def explain(self) -> str:
        if self.error:
            return f"{self.fault.name}: fixture error: {self.error}"
        if self.caught:
            return f"{self.fault.name}: caught by {self.matched[0]}"
        lines = [f"{self.fault.name}: NOT caught (exit code {self.exit_code}); expected "
                 f"[{self.fault.expect['rule']}] {self.fault.expect.get('need', '')} "
                 f"/{self.fault.expect['message']}/ at {self.location}"]
        if self.already_in_pristine:
            lines.append("the expected message is already in the pristine build: "
                         + self.already_in_pristine[0])
        lines.append("output:")
        lines += ["  " + r for r in records(self.output)[:60]]
        return "\n".join(lines)


class Slot:
    """One build directory with a fixed path, its pristine copy built once."""

    def __init__(self, base: Path, index: int, docs: Path = DOCS_ROOT,
                 env: dict[str, str] | None = None, prefix: tuple[str, ...] = ()) -> None:
        self.dir = base / f"slot{index}"
        self.pristine = base / f"slot{index}.pristine"
        self.docs = docs
        self.env = env if env is not None else _env()
        self.prefix = prefix  # of the commands: ``NICE`` in a background runner
        self.pristine_output = ""
        self.pristine_exit = 0
        self.pristine_seconds = 0.0
        self.built = False  # a fault has rebuilt the slot since it was last fully restored

    @property
    def src(self) -> Path:
        return self.dir / "src"

    @property
    def doctrees(self) -> Path:
        return self.dir / "doctrees"

    @property
    def html(self) -> Path:
        return self.dir / "html"

    def build(self) -> tuple[int, str, float]:
        start = time.perf_counter()
        proc = subprocess.run(
            [*self.prefix, sys.executable, "-m", "sphinx", *SPHINX_OPTS, "-d", str(self.doctrees),
             str(self.src), str(self.html)],
            capture_output=True, text=True, env=self.env, cwd=self.dir)
        output = (proc.stdout + proc.stderr).replace(f"{self.src}/", "")
        return proc.returncode, output, time.perf_counter() - start

    def prepare(self) -> None:
        if self.dir.exists():
            shutil.rmtree(self.dir)
        copy_tree(self.docs, self.src)
        for name in _LINKED:
            if (self.docs / name).exists():
                (self.src / name).symlink_to(self.docs / name)
        # The engine under test is always the checkout's.
        (self.src / "src").symlink_to(ROOT / "src")
        self.pristine_exit, self.pristine_output, self.pristine_seconds = self.build()
        shutil.copytree(self.dir, self.pristine, symlinks=True)

    def restore(self, sources_only: bool = False) -> None:
        """Back to the pristine tree; a command-line fault, which changes only the
        sources, restores only them while the built site is still the pristine one."""
        if sources_only and not self.built:
            shutil.rmtree(self.src)
            shutil.copytree(self.pristine / "src", self.src, symlinks=True)
            return
        shutil.rmtree(self.dir)
        shutil.copytree(self.pristine, self.dir, symlinks=True)
        self.built = False

    def run(self, fault: Fault) -> Outcome:
        return self.run_batch([fault])[0]

    def run_batch(self, faults: list[Fault]) -> list[Outcome]:
        """Apply the faults together, build once, judge each on its own message."""
        cli = len(faults) == 1 and faults[0].mode == "cli"
        self.restore(sources_only=cli)
        try:
            if cli:
                return [self._run_cli(faults[0])]
            _check_disjoint(faults, self.src)
            self.built = True
            for fault in faults:
                for mutation in fault.mutations:
                    apply_mutation(self.src, mutation)
            exit_code, output, seconds = self.build()
        except FixtureError as error:
            return [Outcome(f, -1, "", 0.0, error=str(error)) for f in faults]
        return [self._judge(f, exit_code, output, seconds) for f in faults]

    def _run_cli(self, fault: Fault) -> Outcome:
        for mutation in fault.mutations:
            if mutation.get("built"):  # a file as the build could have written it
                self.built = True  # the next fault restores the built site too
                apply_mutation(self.html, mutation)
            else:
                apply_mutation(self.src, mutation)
        needs_json = self.dir / "needs.json"
        shutil.copy2(self.html / "needs.json", needs_json)
        if (self.html / MANIFEST).exists():  # the build's record travels with its export
            shutil.copy2(self.html / MANIFEST, self.dir / MANIFEST)
        mutate_needs_json(needs_json, fault.needs_json)
        extra = ([*(["--source", str(self.src)] if "source" in fault.cli_with else []),
                  *(["--html", str(self.html)] if "html" in fault.cli_with else [])])
        start = time.perf_counter()
        proc = subprocess.run(
            [*self.prefix, sys.executable, "-m", "roadmap", "check", str(needs_json),
             "--project", str(self.src), "--toml", str(self.src / "ubproject.toml"),
             "--schemas", str(self.src / "schemas.json"), *extra, *fault.cli_args],
            capture_output=True, text=True, env=self.env, cwd=self.dir)
        output = (proc.stdout + proc.stderr).replace(f"{self.src}/", "")
        return self._judge(fault, proc.returncode, output, time.perf_counter() - start,
                           join_indented=False)

    def _judge(self, fault: Fault, exit_code: int, output: str, seconds: float,
               join_indented: bool = True) -> Outcome:
        try:
            location = expected_location(fault, self.src, self.html)
        except (FixtureError, KeyError) as error:
            return Outcome(fault, exit_code, output, seconds, error=repr(error))
        outcome = Outcome(fault, exit_code, output, seconds, location)
        outcome.matched = [r for r in records(output, join_indented)
                           if matches(fault, r, location)]
        pristine = set(records(self.pristine_output))
        outcome.already_in_pristine = [r for r in outcome.matched if r in pristine]
        return outcome


def _files_of(fault: Fault, src: Path) -> set[str]:
    """The files a fault's mutations edit (``unlink`` edits every page: all of them)."""
    files: set[str] = set()
    for mutation in fault.mutations:
        if "need" in mutation:
            files.add(mutation.get("file") or str(find_need(src, mutation["need"]).path
                                                  .relative_to(src)))
        elif "file" in mutation:
            files.add(mutation["file"])
        else:
            files.add("*")
    return files


def _check_disjoint(faults: list[Fault], src: Path) -> None:
    if len(faults) < 2:
        return
    seen: dict[str, str] = {}
    for fault in faults:
        if fault.mode != "build":
            raise FixtureError(f"{fault.name}: only build-mode fixtures can share a batch")
        for name in _files_of(fault, src):
            if name == "*" or name in seen:
                other = seen.get(name, "every page")
                raise FixtureError(f"batch {fault.batch}: {fault.name} and {other} both edit "
                                   f"{name if name != '*' else 'every page'}")
            seen[name] = fault.name


def batches(faults: Iterable[Fault]) -> list[list[Fault]]:
    """The units of work: each batch of build-mode fixtures together, every other
    fixture alone; in the order of their first fixture."""
    units: dict[str, list[Fault]] = {}
    for fault in faults:
        key = f"batch:{fault.batch}" if fault.batch and fault.mode == "build" else fault.name
        units.setdefault(key, []).append(fault)
    return list(units.values())


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"),
                                                      env.get("PYTHONPATH")]))
    env.setdefault("PYTHONHASHSEED", "0")
    env["NO_COLOR"] = "1"
    return env


class Runner:
    """Runs faults over a few build slots in parallel and keeps the outcomes."""

    def __init__(self, base: Path | None = None, workers: int = WORKERS,
                 docs: Path = DOCS_ROOT, background: bool = False) -> None:
        self.base = base or Path(tempfile.mkdtemp(prefix="roadmap-faults-"))
        self.docs = docs
        self.workers = max(1, workers)
        self.slots: list[Slot] = []
        self.outcomes: dict[str, Outcome] = {}
        self._lock = threading.Lock()
        self._prepare_lock = threading.Lock()
        # the environment of the builds, taken now: a test running meanwhile may set a
        # variable for its own build (monkeypatch) that must not reach the slots' builds
        self.env = _env()
        self.prefix = NICE if background else ()
        self._early: Future[dict[str, Outcome]] | None = None
        self._cancelled = threading.Event()

    def _prepare(self) -> None:
        with self._prepare_lock:  # the background run and ``pristine`` may ask at once
            if self.slots:
                return
            slots = [Slot(self.base, i, self.docs, self.env, self.prefix)
                     for i in range(self.workers)]
            with ThreadPoolExecutor(len(slots)) as pool:
                list(pool.map(Slot.prepare, slots))
            self.slots = slots

    @property
    def pristine(self) -> Slot:
        self._prepare()
        return self.slots[0]

    def start(self, faults: Iterable[Fault]) -> None:
        """Run the faults in a thread of their own; ``run`` waits for them."""
        background = ThreadPoolExecutor(1, thread_name_prefix="faultkit")
        self._early = background.submit(self._run, list(faults))
        background.shutdown(wait=False)

    def run(self, faults: Iterable[Fault]) -> dict[str, Outcome]:
        """The outcomes of the faults: those ``start`` ran and any others, run now."""
        if self._early is not None:
            early, self._early = self._early, None
            early.result()  # what stopped the background run stops this one
        return self._run(faults)

    def _run(self, faults: Iterable[Fault]) -> dict[str, Outcome]:
        with self._lock:
            self._prepare()
            todo = batches(f for f in faults if f.name not in self.outcomes)
            # the longest units first, so the slots finish together
            todo.sort(key=lambda unit: unit[0].mode == "cli")
            free = list(self.slots)
            slot_lock = threading.Lock()

            def work(unit: list[Fault]) -> list[Outcome]:
                if self._cancelled.is_set():  # the session ends without asking for them
                    return []
                with slot_lock:
                    slot = free.pop()
                try:
                    return slot.run_batch(unit)
                finally:
                    with slot_lock:
                        free.append(slot)

            with ThreadPoolExecutor(len(self.slots)) as pool:
                for outcomes in pool.map(work, todo):
                    for outcome in outcomes:
                        self.outcomes[outcome.fault.name] = outcome
            return self.outcomes

    def cleanup(self) -> None:
        """Stop what ``start`` runs (the builds under way finish) and remove the slots."""
        self._cancelled.set()
        if self._early is not None:
            self._early.exception()  # wait: the slots are in use until it returns
        shutil.rmtree(self.base, ignore_errors=True)


def asked_for(items: Iterable[pytest.Item], faults: list[Fault]) -> list[Fault]:
    """The faults the selected tests of the fault-injection module ask about: all of
    them when its catch-rate test is selected, else those its selected cases name."""
    if any(getattr(i, "originalname", "") == "test_catch_rate" for i in items):
        return faults
    specs = [getattr(i, "callspec", None) for i in items]
    names = {s.params["fault"].name for s in specs if s is not None and "fault" in s.params}
    return [f for f in faults if f.name in names]


def catch_rate(outcomes: Iterable[Outcome]) -> tuple[int, int]:
    done = list(outcomes)
    return sum(o.caught for o in done), len(done)


def main(argv: list[str]) -> int:
    """``python tests/faultkit.py [fault-name ...]``: run faults and print the outcome."""
    verbose = "-v" in argv
    names = [a for a in argv if a != "-v"]
    faults = [f for f in load_faults() if not names or f.name in names]
    runner = Runner()
    try:
        start = time.perf_counter()
        pristine = runner.pristine
        print(f"pristine build: exit {pristine.pristine_exit}, "
              f"{pristine.pristine_seconds:.1f} s, {len(records(pristine.pristine_output))} "
              "warnings")
        outcomes = runner.run(faults)
        for fault in faults:
            outcome = outcomes[fault.name]
            print(f"[{outcome.seconds:5.1f} s] {outcome.explain()}")
            if verbose:
                print("\n".join("    " + r for r in records(outcome.output)))
        caught, injected = catch_rate(outcomes.values())
        print(f"fault catch rate: {caught}/{injected} "
              f"({time.perf_counter() - start:.0f} s in all)")
        return 0 if caught == injected else 1
    finally:
        if not os.environ.get("ROADMAP_FI_KEEP"):
            runner.cleanup()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
