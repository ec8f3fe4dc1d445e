"""What a PDF prints that is no part of its text: running heads, page numbers, footnotes,
contents pages and the number runs of chart labels."""

from __future__ import annotations

import re
from collections import Counter

from .dropped import note
from .layout_config import layout
from .pdf_chars import Line, Page

_PAGE_NUMBER = re.compile(r"^\s*(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?\s*$", re.I)
_CONTENTS_LINE = re.compile(r"^.{2,160}?(\s*\.){4,}\s*\d{1,4}\s*$|^contents$", re.I)  # "1. Intro .... 3"
_ENDS_IN_PAGE = re.compile(r"^\D.{1,160}?\s\d{1,3}\s*$")  # "Review date 5"
_FOOTNOTE = re.compile(r"^(\d{1,3})\s+\S")
_NUMBERISH = re.compile(r"^[-–(]?[£$]?\d[\d,.]*%?[)]?$|^[-–—|%]+$|^n=\d+$", re.I)


def furniture_key(text: str) -> str:
    """A line's shape with its numbers blurred, so 'Page 3' and 'Page 4' are one heading."""
    return re.sub(r"\d+", "#", text.lower()).strip()


def strip_furniture(pages: list[Page], body: float) -> list[list[Line]]:
    """Each page's lines without running heads and feet, page numbers, footnotes, contents
    lines and chart-label number runs."""
    edges: Counter[str] = Counter()
    for page in pages:
        ends = page.lines[:3] + page.lines[-3:]
        for key in {furniture_key(line.text) for line in ends}:
            edges[key] += 1
    threshold = max(2, len(pages) // 2)
    kept = []
    for page in pages:
        lines = [line for line in page.lines
                 if not _PAGE_NUMBER.match(line.text) and edges[furniture_key(line.text)] < threshold]
        note("page furniture", len(page.lines) - len(lines))
        text = _drop_footnotes(lines, body)
        note("footnotes", len(lines) - len(text))
        body_lines = _drop_contents(text)
        note("contents lines", len(text) - len(body_lines))
        kept.append([line for line in body_lines if not is_number_run(line.text)])
        note("chart labels", len(body_lines) - len(kept[-1]))
    return kept


def _drop_footnotes(lines: list[Line], body: float) -> list[Line]:
    """Remove the footnotes at a page's foot: from the first small line that starts with its
    number (a raised marker or '3 Brown and Ward (2012)') below the body text, to the end."""
    small = layout().footnote_size * body
    for i, line in enumerate(lines):
        starts = line.marker or bool(_FOOTNOTE.match(line.text))
        rest = lines[i:]
        if starts and line.size < small and all(r.size < small or _PAGE_NUMBER.match(r.text) for r in rest):
            return lines[:i]
    return _drop_plain_footnotes(lines)


def _drop_plain_footnotes(lines: list[Line]) -> list[Line]:
    """Footnotes printed in the body's type: a last line '3 Brown and Ward (2012)' whose number
    is glued to a word above it ('timeframe3'), which loses the marker too."""
    lines = list(lines)
    for i in range(len(lines) - 1, max(-1, len(lines) - 6), -1):
        match = _FOOTNOTE.match(lines[i].text)
        if not match:
            continue
        glued = re.compile(rf"(?<=[^\W\d_).,;:’'\"]){match.group(1)}(?![\d%])")
        above = next((line for line in lines[:i] if glued.search(line.text)), None)
        if above is not None:
            above.cells = [glued.sub("", cell, count=1) for cell in above.cells]
            del lines[i]
    return lines


def _drop_contents(lines: list[Line]) -> list[Line]:
    """A contents page's entries, with dot leaders or without ('Review date 5')."""
    limits = layout()
    entries = [line for line in lines if _ENDS_IN_PAGE.match(line.text)]
    named = any(line.text.strip().lower() in ("contents", "table of contents") for line in lines)
    share = len(entries) >= limits.contents_share * len(lines)
    if len(entries) >= limits.contents_lines and (named or share):
        last = max(i for i, line in enumerate(lines) if _ENDS_IN_PAGE.match(line.text))
        lines = lines[last + 1:]  # an entry that wraps ends in its page number a line later
    return [line for line in lines if not _CONTENTS_LINE.match(line.text)]


def is_number_run(text: str) -> bool:
    """A run of numbers with hardly a word ('13% 14% 11% 13% 7%'): chart labels, not text."""
    words = text.replace("\t", " ").split()
    numbers = sum(1 for w in words if _NUMBERISH.match(w))
    labels = {w.lower() for w in words if not _NUMBERISH.match(w)}
    # 'Phase 1 Phase 2 Phase 3 ...': a chart's legend, one word counted along
    return numbers >= 3 and (numbers >= layout().number_share * len(words) or len(labels) <= 1)
