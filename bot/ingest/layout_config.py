"""The PDF reader's calibrated thresholds, read once from data/layout.yaml."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("data") / "layout.yaml"


@dataclass(frozen=True)
class Layout:
    """Ratios and counts that tell headings, footnotes, tables and paragraphs apart in print."""

    heading_size: float
    footnote_size: float
    marker_size: float
    marker_rise: float
    paragraph_gap: float
    cell_gap: float
    bold_share: float
    heading_words: int
    paragraph_run: int
    contents_share: float
    contents_lines: int
    number_share: float


@cache
def layout() -> Layout:
    """The thresholds; a missing, unknown or non-positive value is an error that names it."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8")) or {}
    names = {f.name: f.type for f in fields(Layout)}
    unknown, missing = set(data) - set(names), set(names) - set(data)
    if unknown or missing:
        raise ValueError(f"{DATA.name}: unknown {sorted(unknown)}, missing {sorted(missing)}")
    for name, value in data.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise ValueError(f"{DATA.name}: '{name}' must be a positive number, not {value!r}")
    return Layout(**data)
