"""Identifiers with a shape: e-mails, phone, NHS and NI numbers, postcodes, dates, addresses,
schools and case references, as UK practitioners type them."""

from __future__ import annotations

from ..spans import Span
from . import addresses, dates, numbers, schools


def find(text: str) -> list[Span]:
    """Every identifier with a recognisable shape in the text (may overlap; see spans.settle)."""
    return [*numbers.find(text), *dates.find(text), *addresses.find(text), *schools.find(text)]
