#!/usr/bin/env python3
"""Print the advance widths of DejaVu Sans (regular and bold) for the characters the
timeline's labels use, in thousandths of an em: the table in
src/roadmap/gantt/textwidth.py. Reads the TrueType tables itself (no font library).

    python3 scripts/font-widths.py /usr/share/fonts/truetype/dejavu
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

CHARS = "".join(chr(c) for c in range(32, 127)) + "\u2013\u2014\u2019\u2026\u00b7\u2192\u00e9"


def tables(data: bytes) -> dict[str, tuple[int, int]]:
    count = struct.unpack(">H", data[4:6])[0]
    found = {}
    for i in range(count):
        tag, _check, offset, length = struct.unpack(">4sIII", data[12 + 16 * i: 28 + 16 * i])
        found[tag.decode("latin-1")] = (offset, length)
    return found


def cmap_format4(data: bytes, offset: int) -> dict[int, int]:
    count = struct.unpack(">H", data[offset + 2: offset + 4])[0]
    for i in range(count):
        platform, encoding, sub = struct.unpack(">HHI", data[offset + 4 + 8 * i: offset + 12 + 8 * i])
        if (platform, encoding) == (3, 1):
            return _segments(data, offset + sub)
    raise SystemExit("no Unicode BMP cmap")


def _segments(data: bytes, at: int) -> dict[int, int]:
    segx2 = struct.unpack(">H", data[at + 6: at + 8])[0]
    seg = segx2 // 2
    ends = struct.unpack(f">{seg}H", data[at + 14: at + 14 + segx2])
    starts_at = at + 16 + segx2
    starts = struct.unpack(f">{seg}H", data[starts_at: starts_at + segx2])
    deltas = struct.unpack(f">{seg}h", data[starts_at + segx2: starts_at + 2 * segx2])
    range_at = starts_at + 2 * segx2
    ranges = struct.unpack(f">{seg}H", data[range_at: range_at + segx2])
    mapping = {}
    for i in range(seg):
        for code in range(starts[i], ends[i] + 1):
            if code == 0xFFFF:
                continue
            if ranges[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                where = range_at + 2 * i + ranges[i] + 2 * (code - starts[i])
                glyph = struct.unpack(">H", data[where: where + 2])[0]
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            mapping[code] = glyph
    return mapping


def widths(path: Path) -> dict[str, int]:
    data = path.read_bytes()
    found = tables(data)
    head = found["head"][0]
    units = struct.unpack(">H", data[head + 18: head + 20])[0]
    hhea = found["hhea"][0]
    metrics = struct.unpack(">H", data[hhea + 34: hhea + 36])[0]
    hmtx = found["hmtx"][0]
    advances = [struct.unpack(">H", data[hmtx + 4 * i: hmtx + 4 * i + 2])[0]
                for i in range(metrics)]
    cmap = cmap_format4(data, found["cmap"][0])
    out = {}
    for char in CHARS:
        glyph = cmap.get(ord(char), 0)
        advance = advances[min(glyph, metrics - 1)]
        out[char] = round(1000 * advance / units)
    return out


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu")
    for name, file in (("REGULAR", "DejaVuSans.ttf"), ("BOLD", "DejaVuSans-Bold.ttf")):
        table = widths(folder / file)
        print(f"{name} = {table!r}")


if __name__ == "__main__":
    main()
