"""Bad input, reported as one located line.

Every error the package raises for input it cannot use (a conf.py setting, a
needs.json, ubproject.toml, schemas.json, a baseline, a command-line argument, a view's
options) is an :class:`InputError`. It knows where the input is wrong (file, line), which
check refuses it (a rule tag such as ``roadmap.settings``) and what it concerns (a need ID,
or a setting), and prints as the one line the project's standard asks for::

    file:line: [RULE] NEED: what is wrong and what is expected

The adapters catch this one class: the command line prints the line and exits 2, the
build warns with it (so ``-W`` fails). A finding of a rule prints the same way
(:func:`one_line`).
"""

from __future__ import annotations

import copy
from functools import partial
from pathlib import Path
from typing import Any, ClassVar, Self


def one_line(location: str, rule: str, subject: str, message: str) -> str:
    """``location: [rule] subject: message``, leaving out the parts that are empty."""
    parts = [f"{location}: " if location else "", f"[{rule}] " if rule else "",
             f"{subject}: " if subject else "", message]
    return "".join(parts)


class InputError(ValueError):
    """Input the roadmap cannot use; ``str()`` is its one located line."""

    rule: ClassVar[str] = ""  # the tag of the check that refuses it, when it has one

    def __init__(self, message: str, *, file: str | Path = "", line: int | None = None,
                 need_id: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file)
        self.line = line
        self.need_id = need_id

    @property
    def location(self) -> str:
        """``file:line``, ``file``, or nothing when the input has no file."""
        if not self.file:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file

    def located(self, file: str | Path, line: int | None = None) -> Self:
        """This error at ``file`` (and ``line``), unless it already names its place."""
        if self.file:
            return self
        placed = copy.copy(self)
        placed.file, placed.line = str(file), line
        return placed

    def __str__(self) -> str:
        return one_line(self.location, self.rule, self.need_id, self.message)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # pickled with its place (a parallel build's worker sends errors to the main one)
        return partial(type(self), file=self.file, line=self.line,
                       need_id=self.need_id), (self.message,)
