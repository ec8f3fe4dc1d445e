"""Which printed lines are headings, and at what level: from the sizes a document's chapters
and sections are printed in, and its weight."""

from __future__ import annotations

import re

from .layout_config import layout
from .pdf_chars import Line

# Bullet glyphs, Symbol and Wingdings ones included (they arrive in the private use area).
BULLET = re.compile(r"^([•●▪◼■◦○▫□➢➤►▶✓✔❖◆◇·∙⁃‣–-]|[\uf000-\uf0ff]|o(?=\s))\s*")
_METADATA = re.compile(r"^(inspection dates?|report published|published|date of \w+|dates? of \w+)\b"
                       r"|.*\b(january|february|march|april|may|june|july|august|september|october"
                       r"|november|december) (19|20)\d\d\b", re.I)


def heading_sizes(pages: list[list[Line]], body: float) -> tuple[float | None, float | None]:
    """The sizes chapter and section headings are printed in: the two largest heading sizes used
    on three pages or more (a cover's title is printed once). None where there is no such size."""
    pages_of: dict[int, set[int]] = {}
    for n, lines in enumerate(pages):
        for line in lines:
            if line.size >= layout().heading_size * body and re.search(r"[^\W\d_]{2}", line.text):
                pages_of.setdefault(round(line.size), set()).add(n)
    if not pages_of:
        return None, None
    used = sorted((size for size, seen in pages_of.items() if len(seen) >= 3), reverse=True)
    chapter = float(used[0] if used else max(pages_of))
    return chapter, float(used[1]) if len(used) > 1 else None


def heading_level(line: Line, body: float, sizes: tuple[float | None, float | None]) -> int:
    """2 for a chapter heading (or larger), 3 for a section heading, 5 for one below that, else 0.
    Where nothing is printed larger than the body, bold lines are the headings (2)."""
    limits = layout()
    chapter, section = sizes
    words = line.text.split()
    if not words or len(words) > limits.heading_words or not re.search(r"[^\W\d_]{2}", line.text):
        return 0
    if BULLET.match(line.text) or line.text.endswith((",", ";")) or len(line.cells) > 1:
        return 0
    if _METADATA.match(line.text) and not line.bold:
        return 0  # "Inspection dates: 12 September 2016 to 6 October 2016"
    larger = line.size >= limits.heading_size * body
    if chapter is not None and larger and line.size >= chapter - 0.5:
        return 2
    if section is not None and larger and line.size >= section - 0.5:
        return 3
    if larger or line.bold and line.size >= 0.95 * body:
        return 2 if chapter is None else 3 if section is None else 5
    return 0
