"""Risk scores and bands: likelihood x impact on 1-5 scales, one reading for all.

The high-risk rule, the heat map, the register and the report read a risk's score
here, so a risk is "high" in the same way everywhere; the band limits are the
project settings (``roadmap_risk_bands``, ``roadmap_high_risk_threshold``).
"""

from __future__ import annotations

from roadmap.graph import Need
from roadmap.roles import FIELDS

LEVELS = (1, 2, 3, 4, 5)
LIKELIHOOD = {1: "rare", 2: "unlikely", 3: "possible", 4: "likely", 5: "almost certain"}
IMPACT = {1: "negligible", 2: "minor", 3: "moderate", 4: "major", 5: "severe"}


def rating(risk: Need, name: str) -> int | None:
    """A likelihood or impact on the 1 to 5 scale, None when missing or off it."""
    value = risk.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not float(value).is_integer() or int(value) not in LEVELS:
        return None
    return int(value)


def likelihood(risk: Need) -> int | None:
    return rating(risk, FIELDS.likelihood)


def impact(risk: Need) -> int | None:
    return rating(risk, FIELDS.impact)


def score(risk: Need) -> int | None:
    """Likelihood x impact, None when either is missing or off the scale."""
    first, second = likelihood(risk), impact(risk)
    return None if first is None or second is None else first * second


def score_text(risk: Need) -> str:
    """``4 x 5 = 20``, or an en dash when the risk is not scored."""
    first, second = likelihood(risk), impact(risk)
    if first is None or second is None:
        return "\u2013"
    return f"{first} x {second} = {first * second}"
