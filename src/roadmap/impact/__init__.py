"""What a change does to the plan: one engine (:func:`impact`) that compares two plans,
an :class:`Impact` value, and its renderers. See :mod:`roadmap.impact.engine`."""

from roadmap.impact.engine import Impact, impact
from roadmap.impact.pair import ImpactError

__all__ = ["Impact", "ImpactError", "impact"]
