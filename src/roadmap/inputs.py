"""What a check reads, resolved once: the project's paths, its pages and its settings.

The Sphinx build, the command line and the tests each used to decide on their own
which files are the sources and where ``ubproject.toml`` lies; they disagreed. Here
the answer comes from ``conf.py`` itself: the build hands in Sphinx's own list of
documents (:attr:`roadmap.sphinx_ext.state.BuildState.inputs`), and everything else reads
``conf.py`` (:func:`from_conf`) and lists the documents with Sphinx's own discovery,
so both see the same pages.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from roadmap.config import Settings, settings_from
from roadmap.errors import InputError
from roadmap.ubproject import Metamodel, load_metamodel

CONF_FILE = "conf.py"


class InputsError(InputError):
    """The project cannot be read: no conf.py, or no metamodel named in it (a setting it
    cannot use is a :class:`roadmap.config.SettingsError`)."""


@dataclass(frozen=True)
class ProjectInputs:
    root: Path  # the Sphinx source (and configuration) directory
    toml_path: Path
    schemas_path: Path | None
    pages: tuple[str, ...]  # source files of the documents, relative to root, sorted
    settings: Settings
    excluded: tuple[str, ...] = ()  # conf.py's exclude_patterns

    @cached_property
    def metamodel(self) -> Metamodel:
        return load_metamodel(self.toml_path)

    @property
    def ledger_path(self) -> Path | None:
        """The review ledger's file, when the settings name one."""
        ledger = self.settings.review_ledger
        return (self.root / ledger).resolve() if ledger else None

    @property
    def baseline_path(self) -> Path | None:
        """The baseline's file (proposed or approved), when the settings name one."""
        return (self.root / self.settings.baseline).resolve() if self.settings.baseline else None

    def read_sources(self, pages: Iterable[str] | None = None) -> dict[str, str]:
        """Page file (relative to root) -> its text, for every page or the given ones."""
        return {page: (self.root / page).read_text(encoding="utf-8")
                for page in (self.pages if pages is None else pages)}


def from_settings(root: Path, namespace: Mapping[str, Any], pages: Iterable[str],
                  environ: Mapping[str, str] | None = None) -> ProjectInputs:
    """Inputs from a configuration namespace (conf.py's, or Sphinx's config values);
    ``environ`` may override the as-of week (``ROADMAP_AS_OF``)."""
    toml_name = namespace.get("needs_from_toml")
    if not toml_name:
        raise InputsError(f"{root / CONF_FILE}: needs_from_toml is not set; the metamodel "
                          "(ubproject.toml) cannot be found")
    toml_path = (root / str(toml_name)).resolve()
    schemas_name = namespace.get("needs_schema_definitions_from_json")
    metamodel = None if schemas_name else load_metamodel(toml_path)
    if metamodel is not None:
        schemas_name = metamodel.needs_table.get("schema_definitions_from_json")
    settings = settings_from(namespace, environ, root / CONF_FILE)  # raises SettingsError
    inputs = ProjectInputs(
        root=root.resolve(),
        toml_path=toml_path,
        schemas_path=(root / str(schemas_name)).resolve() if schemas_name else None,
        pages=tuple(sorted(pages)),
        settings=settings,
        excluded=tuple(str(p) for p in namespace.get("exclude_patterns") or ()),
    )
    if metamodel is not None:
        # the metamodel just read is the one ``inputs.metamodel`` would read again (a copy
        # made with dataclasses.replace starts without it and reads its own toml_path)
        vars(inputs)["metamodel"] = metamodel
    return inputs


def from_conf(root: Path, environ: Mapping[str, str] | None = None) -> ProjectInputs:
    """Inputs of the project whose conf.py is in ``root``, with the pages Sphinx would
    build (its own discovery, with conf.py's exclude and include patterns)."""
    namespace = read_conf(root)
    return from_settings(root, namespace, discover_pages(root, namespace), environ)


def read_conf(root: Path) -> dict[str, Any]:
    """conf.py's namespace, executed the way Sphinx executes it."""
    path = root / CONF_FILE
    try:
        code = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputsError(f"{path}: cannot read the Sphinx configuration "
                          f"({error.strerror})") from None
    namespace: dict[str, Any] = {"__file__": str(path.resolve()), "tags": _NoTags()}
    exec(compile(code, str(path), "exec"), namespace)
    return namespace


def discover_pages(root: Path, namespace: Mapping[str, Any]) -> list[str]:
    """The source files Sphinx's HTML build reads (``env.found_docs``), relative to root."""
    from sphinx.project import Project  # imported here: only a source check needs it

    suffixes = namespace.get("source_suffix") or {".rst": "restructuredtext"}
    if isinstance(suffixes, str):
        suffixes = {suffixes: "restructuredtext"}
    elif not isinstance(suffixes, Mapping):
        suffixes = dict.fromkeys(suffixes, "restructuredtext")
    excluded = [*namespace.get("exclude_patterns", ()), *namespace.get("templates_path", ()),
                *namespace.get("html_static_path", ()), *namespace.get("html_extra_path", ())]
    excluded += [pattern for link in looping_links(root, excluded)
                 for pattern in (link, f"{link}/**")]
    project = Project(root, suffixes)
    docnames = project.discover(excluded, namespace.get("include_patterns", ("**",)))
    return sorted(str(project.doc2path(d, absolute=False)) for d in docnames)


def excluded_by(relative: str, patterns: Iterable[str]) -> bool:
    """Whether a path (relative to the root, with /) matches one of conf.py's exclude
    patterns, read as Sphinx reads them closely enough to skip folders (``*`` and ``**``
    cross folders, a pattern names a folder and all below it)."""
    return any(fnmatch.fnmatchcase(relative, p) or fnmatch.fnmatchcase(relative, f"{p}/*")
               for p in patterns)


def looping_links(root: Path, excluded: Iterable[str] = ()) -> list[str]:
    """The folders of the sources (relative to root) that are symbolic links to a folder
    inside the tree: Sphinx follows them, so a link to an ancestor reads the tree again
    at every level until the path is too long (thousands of pages, each need many times),
    and a link to another folder reads its pages twice. The excluded folders are not
    searched."""
    patterns = [p.removesuffix("/**") for p in excluded]
    top = Path(os.path.realpath(root))
    found: list[str] = []
    for folder, subfolders, _files in os.walk(root):
        here = Path(folder)
        kept = []
        for name in sorted(subfolders):
            path = here / name
            relative = path.relative_to(root).as_posix()
            if excluded_by(relative, patterns):
                continue
            kept.append(name)
            target = Path(os.path.realpath(path))
            if path.is_symlink() and (target == top or target.is_relative_to(top)):
                found.append(relative)
        subfolders[:] = kept
    return sorted(found)


class _NoTags:
    """conf.py may test build tags; outside a build none is set."""

    def has(self, _tag: str) -> bool:
        return False

    def __contains__(self, _tag: str) -> bool:
        return False
