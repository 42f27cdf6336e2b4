"""The roadmap's rules, one module per family of checks.

Importing this package imports every module in it, and each module registers its
checks with :mod:`roadmap.suite`; a new rule module needs no other edit.

- ``links``, ``schedule``, ``consistency``: graph rules over the needs;
- ``schema``: the rules of schemas.json and of the field schemas of ubproject.toml;
- ``sources``: guards over the MyST pages and the metamodel file;
- ``site``: guards over the built HTML.
"""

from __future__ import annotations

import importlib
import pkgutil

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")
