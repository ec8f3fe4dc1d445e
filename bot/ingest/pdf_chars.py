"""A PDF's printed lines with their type: size, weight and position, read with PDFium."""

from __future__ import annotations

import ctypes
import math
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .dropped import note
from .layout_config import layout

_LOCK = threading.Lock()  # PDFium is not thread-safe; uploads and builds may read at once
_EMPTY_BRACKETS = re.compile(r"\[\s*\]|\(\s*\)")  # what a bracketed marker "[1]" leaves
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi")


@dataclass
class Line:
    """One printed line: its text (cells split where a table's columns leave a wide gap)."""

    cells: list[str]
    x0: float
    y: float  # baseline, from the top of the page
    size: float  # the size most of its letters are printed in
    bold: bool
    marker: bool = False  # it began with a raised number: a footnote's own

    @property
    def text(self) -> str:
        return " ".join(self.cells)


@dataclass
class _Char:
    ch: str
    x: float
    right: float
    y: float
    size: float
    bold: bool


@dataclass
class Page:
    """A page's lines in the order they are drawn, and its height."""

    lines: list[Line] = field(default_factory=list)
    height: float = 0.0


def read_pages(path: Path, max_pages: int) -> list[Page]:
    """Every page's lines. Raises ValueError when the file has more pages than max_pages."""
    import pypdfium2 as pdfium

    with _LOCK:
        document = pdfium.PdfDocument(str(path))
        try:
            if len(document) > max_pages:
                raise ValueError(f"it has {len(document)} pages; I take up to {max_pages}")
            return [_read_page(document[n]) for n in range(len(document))]
        finally:
            document.close()


def _read_page(page) -> Page:  # type: ignore[no-untyped-def]
    import pypdfium2.raw as raw

    height = page.get_height()
    text_page = page.get_textpage()
    matrix = raw.FS_MATRIX()
    x, y = ctypes.c_double(), ctypes.c_double()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    name, flags = ctypes.create_string_buffer(128), ctypes.c_int()
    chars: list[_Char] = []
    for k in range(raw.FPDFText_CountChars(text_page)):
        ch = chr(raw.FPDFText_GetUnicode(text_page, k))
        if ch in "\r\n\x00\ufffe\uffff":
            continue
        raw.FPDFText_GetMatrix(text_page, k, matrix)
        if abs(matrix.b) > 0.1 * abs(matrix.a) + 1e-6:
            continue  # rotated text: chart axes and margin notes
        size = raw.FPDFText_GetFontSize(text_page, k) * (math.hypot(matrix.c, matrix.d) or 1.0)
        raw.FPDFText_GetCharOrigin(text_page, k, x, y)
        raw.FPDFText_GetCharBox(text_page, k, left, right, bottom, top)
        raw.FPDFText_GetFontInfo(text_page, k, name, 128, flags)
        weight = raw.FPDFText_GetFontWeight(text_page, k)
        font = name.value.decode("latin-1").lower()
        bold = weight >= 600 or any(b in font for b in _BOLD_NAMES) or bool(flags.value & 0x40000)
        chars.append(_Char(ch, x.value, max(right.value, x.value), height - y.value, size, bold))
    text_page.close()
    return Page([line for line in _lines(chars) if line.cells], height)


def _lines(chars: list[_Char]) -> list[Line]:
    """Characters grouped into lines by baseline, in drawing order."""
    groups: list[list[_Char]] = []
    for c in chars:
        current = groups[-1] if groups else None
        if current:
            last = current[-1]
            same_line = abs(c.y - last.y) < 0.5 * max(c.size, last.size)
            if same_line and c.x >= last.x - 2 * max(c.size, 1.0):
                current.append(c)
                continue
        groups.append([c])
    return [_line(group) for group in groups if any(c.ch.strip() for c in group)]


def _line(chars: list[_Char]) -> Line:
    """One line: its footnote markers taken out, its cells split at wide gaps."""
    limits = layout()
    sizes = Counter(round(c.size, 1) for c in chars if c.ch.strip())
    size = sizes.most_common(1)[0][0]
    heights = sorted(c.y for c in chars if round(c.size, 1) == size)
    baseline = heights[len(heights) // 2]
    kept: list[_Char] = []
    marker = removed = False
    for c in chars:
        raised = baseline - c.y > limits.marker_rise * size
        small = c.size <= limits.marker_size * size
        if c.ch.strip() and small and raised and (c.ch.isdigit() or c.ch in "*†‡,"):
            marker = marker or not any(k.ch.strip() for k in kept)
            removed = True
            continue  # a footnote marker ("Croydon.1")
        kept.append(c)
    cells, current, previous = [], "", None
    for c in kept:
        if previous is not None and c.ch.strip():
            gap = c.x - previous.right
            if gap > limits.cell_gap * size:
                cells.append(current.strip())
                current = ""
            elif gap > 0.25 * size and current[-1:] != " ":
                current += " "
        current += c.ch
        if c.ch.strip():
            previous = c  # gaps are measured between printed letters, not generated spaces
    cells.append(current.strip())
    cells = [" ".join(_EMPTY_BRACKETS.sub("", cell).split()) for cell in cells]
    if removed:
        note("footnote markers")  # "400,000 children1, and" leaves no space before its comma
        cells = [re.sub(r"\s+(?=[,.;:)])", "", cell) for cell in cells]
    cells = [cell for cell in cells if cell]
    marker = marker or bool(kept and _EMPTY_BRACKETS.match("".join(c.ch for c in kept).strip()[:3]))
    letters = [c for c in kept if c.ch.isalpha()]
    bold = bool(letters) and sum(c.bold for c in letters) >= limits.bold_share * len(letters)
    x0 = min((c.x for c in kept if c.ch.strip()), default=0.0)
    return Line(cells, x0, baseline, size, bold, marker)
