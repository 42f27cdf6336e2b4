"""The build's record of the needs it declared, written next to ``needs.json``.

``python -m roadmap check needs.json`` without ``--source`` sees only the export: an
export with every need removed, or with one need removed, passes every coverage rule
that has nothing left to check. The build therefore writes ``roadmap-manifest.json``
beside ``needs.json``: every need directive of the sources with its type, file and
line, and a fingerprint of that list. The command line reads it when it is there and
names each need the export lacks (or has without the build having declared it) at the
place the need is written. sphinx-needs' own ``needs.json`` is not changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roadmap.directive_parser import SourceNeed
from roadmap.errors import InputError

MANIFEST = "roadmap-manifest.json"
FORMAT = 1


class ManifestError(InputError):
    """A manifest that cannot be read, or that does not match its own fingerprint."""


@dataclass(frozen=True)
class Declared:
    id: str
    type: str
    file: str
    line: int


@dataclass(frozen=True)
class Manifest:
    path: Path
    needs: Mapping[str, Declared]

    def line_of(self, need_id: str) -> int | None:
        """The line of a need's entry in the manifest file itself."""
        text = self.path.read_text(encoding="utf-8")
        at = text.find(json.dumps(need_id) + ":")
        return text.count("\n", 0, at) + 1 if at >= 0 else None


def fingerprint(needs: Iterable[Declared]) -> str:
    text = "\n".join(f"{n.id} {n.type}" for n in sorted(needs, key=lambda n: n.id))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def manifest_data(declared: Iterable[SourceNeed]) -> dict[str, Any]:
    """The manifest of the need directives of a build (those with an ID)."""
    needs = {n.need_id: Declared(n.need_id, n.need_type, n.file, n.line)
             for n in declared if n.need_id}
    ordered = dict(sorted(needs.items()))
    return {"format": FORMAT, "generator": "roadmap", "count": len(ordered),
            "fingerprint": fingerprint(ordered.values()),
            "needs": {i: {"type": n.type, "file": n.file, "line": n.line}
                      for i, n in ordered.items()}}


def write_manifest(folder: Path, declared: Iterable[SourceNeed]) -> Path:
    path = folder / MANIFEST
    text = json.dumps(manifest_data(declared), indent=1, sort_keys=False) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def read_manifest(path: Path) -> Manifest:
    """A manifest, checked against its own count and fingerprint."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ManifestError(f"{path}: cannot read it ({error.strerror})") from None
    except (UnicodeDecodeError, RecursionError, json.JSONDecodeError):
        raise ManifestError(f"{path}: not a roadmap manifest (not readable JSON)") from None
    entries = data.get("needs") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or data.get("format") != FORMAT:
        raise ManifestError(f'{path}: not a roadmap manifest of format {FORMAT} (expected an '
                            'object with "format" and "needs")')
    needs: dict[str, Declared] = {}
    for need_id, entry in entries.items():
        if not (isinstance(entry, dict) and isinstance(entry.get("type"), str)
                and isinstance(entry.get("file"), str) and isinstance(entry.get("line"), int)):
            raise ManifestError(f"{path}: the entry of {need_id} is not "
                                '{"type": ..., "file": ..., "line": ...}')
        needs[need_id] = Declared(need_id, entry["type"], entry["file"], entry["line"])
    if data.get("count") != len(needs) or data.get("fingerprint") != fingerprint(needs.values()):
        raise ManifestError(f"{path}: its count or fingerprint does not match the needs it "
                            "lists (it was edited after the build); rebuild the site")
    return Manifest(path, needs)


def manifest_beside(needs_json: Path) -> Manifest | None:
    """The manifest next to a needs.json, if the build wrote one there."""
    path = needs_json.parent / MANIFEST
    return read_manifest(path) if path.is_file() else None
