"""The roadmap's rules, one module per family of checks.

Importing this package imports every module in it, and each module registers its
checks with :mod:`roadmap.suite`; a new rule module needs no other edit. Graph rules
read the needs graph, the schema rules ``schemas.json``, the source guards the MyST
pages and ``ubproject.toml``, the site guards every file of the built site. Which module holds
which family is in the package's map, ``src/roadmap/README.md`` (kept true by
``tests/test_structure.py``).
"""

from __future__ import annotations

import importlib
import pkgutil

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")
