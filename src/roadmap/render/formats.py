"""How values read in a view: numbers as a reader writes them, shares as percentages,
and the en dash of a cell without a value."""

from __future__ import annotations

NONE = "\u2013"  # an en dash: the cell has no value


def fmt_number(value: float | None) -> str:
    """A number as a reader writes it: no trailing .0, thousands grouped."""
    if value is None:
        return NONE
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def percent(value: float) -> str:
    return f"{value * 100:.1f} %"

