"""How wide a line of text is, so the timeline's labels can be wrapped at build time.

The SVG is laid out in Python, before any browser has measured a glyph: each label is
wrapped at a word to fit its column using the advance widths of DejaVu Sans, the font
the chart asks for first (read from the font files by ``scripts/font-widths.py``).
Another font (the reader's Verdana, say) is about as wide; the layout keeps a margin
for it (:data:`SLACK`), and a character missing from the table counts as the widest.
"""

from __future__ import annotations

# The characters of the table, then their widths in thousandths of an em.
_CHARS = (''.join(chr(c) for c in range(32, 127))
          + "\u2013\u2014\u2019\u2026\u00b7\u2192\u00e9")
_REGULAR = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636,
    636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684,
    686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695,
    635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550,
    635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392,
    634, 592, 818, 592, 592, 525, 636, 337, 636, 838, 500, 1000, 318, 1000, 318, 838, 615
)
_BOLD = (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696,
    696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774,
    762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770,
    720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593,
    716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478,
    712, 652, 924, 645, 652, 582, 712, 365, 712, 838, 500, 1000, 380, 1000, 380, 838, 678
)
REGULAR = dict(zip(_CHARS, _REGULAR, strict=True))
BOLD = dict(zip(_CHARS, _BOLD, strict=True))
_WIDEST = max(*_REGULAR, *_BOLD)
# Other fonts run up to this much wider than DejaVu Sans.
SLACK = 1.08


def width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` at font size ``size`` (px), with the margin for other fonts."""
    table = BOLD if bold else REGULAR
    return SLACK * size * sum(table.get(char, _WIDEST) for char in text) / 1000


def wrap(text: str, room: float, size: float, first_room: float | None = None,
         bold: bool = False) -> list[str]:
    """``text`` in lines that each fit ``room`` px (the first ``first_room``), broken at
    words; a single word wider than a line stands alone on its line."""
    words = " ".join(text.split()).split(" ")
    lines: list[str] = []
    line = ""
    limit = room if first_room is None else first_room
    for word in words:
        candidate = f"{line} {word}" if line else word
        if line and width(candidate, size, bold) > limit:
            lines.append(line)
            line, limit = word, room
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines or [""]
