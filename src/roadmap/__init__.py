"""The NovaCron roadmap's own code: pure functions over the needs graph and
thin adapters (Sphinx extension, command line, pytest)."""

__version__ = "1.0.0"
