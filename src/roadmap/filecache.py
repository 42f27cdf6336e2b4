"""Configuration files read once per version: a file is parsed again only when it
changes (a long-lived process, such as ``make live``, sees every edit)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def read_once(path: Path, parse: Callable[[Path], T], error: type[Exception], what: str) -> T:
    """``parse(path)``, cached by the file's modification time; a file that cannot be
    read raises ``error`` naming the file and ``what`` it holds."""
    resolved = Path(path).resolve()
    try:
        stamp = resolved.stat().st_mtime_ns
    except OSError as problem:
        raise error(f"{path}: cannot read the {what} ({problem.strerror})") from None
    result: T = _parsed(resolved, stamp, parse)
    return result


@cache
def _parsed(path: Path, _stamp: int, parse: Callable[[Path], Any]) -> Any:
    return parse(path)
