"""When the export step has nothing to do: the exports' key and the stamp that keeps it.

``make html`` runs ``python -m roadmap export --stamp FILE`` after Sphinx. The exports
are a function of the needs (``needs.json``'s bytes), the project's settings and
metamodel (``conf.py``, ``ubproject.toml``), the ``ROADMAP_*`` and ``SOURCE_DATE_EPOCH``
environment, the package's code (:mod:`roadmap.package_code`) and the versions of the
libraries that write them; their digest is the *exports key*. The stamp file holds the
key the exports in the folder were written from: the step writes nothing when the
stamp holds the key of this run and every export is in the folder (a no-op rebuild
pays for reading needs.json and hashing the code, about 0.1 s), and writes the stamp
only after the exports are in place, so an interrupted step runs again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

from roadmap.exports import EXPORTS
from roadmap.exports.source import EPOCH_VARIABLE
from roadmap.inputs import ProjectInputs
from roadmap.package_code import PACKAGE, code_digest

# the libraries whose output is in the files (a new version may write other bytes)
LIBRARIES = ("icalendar", "reqif", "lxml", "openpyxl")


def _library_versions() -> list[tuple[str, str]]:
    versions = []
    for name in LIBRARIES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, ""))
    return versions


def exports_key(needs_json: bytes, project: ProjectInputs, environ: Mapping[str, str]) -> str:
    """The digest of everything the exports are made of."""
    digest = hashlib.sha256(needs_json)
    variables = sorted((k, v) for k, v in environ.items()
                       if k.startswith("ROADMAP_") or k == EPOCH_VARIABLE)
    digest.update(repr((project.settings, project.metamodel.text, variables, _library_versions(),
                        code_digest(PACKAGE))).encode())
    return digest.hexdigest()


def up_to_date(stamp: Path, folder: Path, key: str) -> bool:
    """Whether the stamp holds ``key`` and every export is in ``folder``."""
    try:
        kept = stamp.read_text(encoding="utf-8").strip()
    except OSError:
        return False
    return kept == key and all((folder / e.filename).is_file() for e in EXPORTS)


def keep(stamp: Path, key: str) -> None:
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(key + "\n", encoding="utf-8")
