"""The shape of the package: no import circle, every third-party import declared, the
registries find every rule and view without a list to keep in step, no module name
twice, and one view per module of ``views/``, named like its directive."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from roadmap import suite
from roadmap.inputs import from_conf
from roadmap.views import views

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "roadmap"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(path: Path) -> set[str]:
    """Every module a file imports, at module level or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def project_imports(module: str) -> set[str]:
    """The package's own modules that ``module`` imports (a package's ``__init__`` runs
    when one of its modules is imported, so it counts too)."""
    found = set()
    for name in imported(MODULES[module]):
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name and name != module:
            found.add(name)
    return found


def test_no_import_circle() -> None:
    edges = {module: project_imports(module) for module in MODULES}
    visiting: list[str] = []
    done: set[str] = set()
    circles: list[str] = []

    def visit(module: str) -> None:
        if module in done:
            return
        if module in visiting:
            circles.append(" -> ".join([*visiting[visiting.index(module):], module]))
            return
        visiting.append(module)
        for target in sorted(edges[module]):
            if not module.startswith(f"{target}."):  # a module's own package is not a circle
                visit(target)
        visiting.pop()
        done.add(module)

    for module in sorted(edges):
        visit(module)
    assert circles == []


def declared_distributions() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = [*project["dependencies"],
             *(s for group in project["optional-dependencies"].values() for s in group)]
    return {spec.split("[")[0].split("=")[0].split("<")[0].split(">")[0].strip().lower()
            .replace("_", "-") for spec in specs}


def third_party(paths: list[Path]) -> set[str]:
    names = set()
    for path in paths:
        for name in imported(path):
            top = name.split(".")[0]
            if top not in sys.stdlib_module_names and top not in {"roadmap", "__future__"}:
                names.add(top)
    return names


@pytest.mark.parametrize("where", ["src", "tests", "bench"])
def test_every_third_party_import_is_declared(where: str) -> None:
    # the project's own modules that tests import by path (test helpers, the guides' code)
    local = {p.stem for folder in ("tests", "bench", "implementation")
             for p in (ROOT / folder).rglob("*.py")}
    found = third_party(sorted((ROOT / where).rglob("*.py"))) - local
    distributions = packages_distributions()
    declared = declared_distributions()
    undeclared = sorted(name for name in found
                        if not {d.lower().replace("_", "-") for d in distributions.get(name, [])}
                        & declared)
    assert undeclared == []


def test_every_rule_module_registers_itself() -> None:
    project = from_conf(ROOT)
    rule_modules = {c.module for c in suite.checks()}
    expected = {f"roadmap.rules.{p.stem}" for p in (PACKAGE / "rules").glob("*.py")
                if p.stem != "__init__"}
    assert rule_modules == expected
    ids = [rule.id for rule in suite.catalogue(project)]
    assert len(ids) == len(set(ids)) > 40


def test_each_module_of_views_registers_one_view_named_like_its_directive() -> None:
    """``roadmap-X`` lives in ``views/X.py`` (hyphens as underscores), and a module of
    ``views/`` registers exactly one view: no helper hides among the views."""
    registered: dict[str, list[str]] = {}
    for name, spec in views().items():
        registered.setdefault(spec.build.__module__, []).append(name)
    wrong = {module: names for module, names in registered.items()
             if names != [module.rpartition(".")[2].replace("_", "-")]}
    assert wrong == {}
    modules = {f"roadmap.views.{p.stem}" for p in (PACKAGE / "views").glob("*.py")
               if p.stem != "__init__"}
    assert modules - set(registered) == set(), "modules of views/ that register no view"


def test_no_module_name_twice_and_none_named_like_a_package() -> None:
    """A name leads to one file: no basename twice anywhere in the package (``report``
    once), and no module called like a package of it (no ``rules.py`` beside ``rules/``)."""
    modules = [p for p in PACKAGE.rglob("*.py") if p.stem != "__init__"]
    packages = {p.parent.name for p in PACKAGE.rglob("__init__.py")}
    by_name: dict[str, list[str]] = {}
    for path in modules:
        by_name.setdefault(path.stem, []).append(str(path.relative_to(PACKAGE)))
    assert {name: paths for name, paths in by_name.items() if len(paths) > 1} == {}
    assert sorted(name for name in by_name if name in packages) == []


MAP = PACKAGE / "README.md"
# a row of the map: its first cell names one module (``graph.py``) or folder (``rules/``)
MAP_ROW = re.compile(r"^\|\s*`(?P<path>[\w/]+(?:\.py|/))`\s*\|", re.MULTILINE)


def mapped() -> set[str]:
    return {m.group("path") for m in MAP_ROW.finditer(MAP.read_text(encoding="utf-8"))}


def package_parts() -> set[str]:
    """Every module (``rules/links.py``) and subpackage (``rules/``) of the package."""
    modules = {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
               if p.name != "__init__.py" or p.parent == PACKAGE}
    packages = {f"{p.parent.relative_to(PACKAGE).as_posix()}/"
                for p in PACKAGE.rglob("__init__.py") if p.parent != PACKAGE}
    return modules | packages


def test_the_map_names_every_module_and_subpackage() -> None:
    assert sorted(package_parts() - mapped()) == [], "missing from src/roadmap/README.md"


def test_the_map_names_nothing_that_does_not_exist() -> None:
    assert sorted(p for p in mapped() if not (PACKAGE / p).exists()) == []


SPHINX = {"sphinx", "sphinx_needs", "sphinxcontrib", "myst_parser"}
# The two questions only Sphinx can answer, asked lazily so that importing the core never
# imports Sphinx: which files are documents (the command line finds the pages as the
# build does) and which keys sphinx-needs accepts in ubproject.toml (GUARD-TOML-KEYS).
ASKS_SPHINX = {"roadmap.inputs.discover_pages", "roadmap.rules.sources.known_toml_keys"}


def sphinx_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    return [node for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            and any(name.split(".")[0] in SPHINX for name in
                    ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""]))]


def outside_the_adapter() -> dict[str, Path]:
    return {module: path for module, path in MODULES.items()
            if not module.startswith("roadmap.sphinx_ext")}


def test_no_module_outside_sphinx_ext_imports_sphinx_at_module_level() -> None:
    """The core is importable without Sphinx: views build docutils nodes, and the
    Sphinx adapter (sphinx_ext/) turns what needs Sphinx's own nodes into them."""
    found = []
    for module, path in outside_the_adapter().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inside = {id(n) for f in ast.walk(tree)
                  if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
                  for n in ast.walk(f)}
        found += [f"{module}:{n.lineno}" for n in sphinx_imports(tree) if id(n) not in inside]
    assert found == []


def test_the_core_asks_sphinx_only_where_it_must() -> None:
    found = set()
    for module, path in outside_the_adapter().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef) and sphinx_imports(function):
                found.add(f"{module}.{function.name}")
    assert found == ASKS_SPHINX
