"""The digest of the package's own code: what the build cache and the exports' stamp
are keyed on, so that a change of the code (not only of the plan) makes them again.

Pure: no Sphinx import (the export step of ``make html`` reads it too).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def code_digest(package: Path) -> str:
    """A digest of the package's code: the path and the bytes of each ``*.py`` file
    (content only: a file touched but not changed gives the same digest)."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
