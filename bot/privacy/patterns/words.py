"""What the pattern modules share."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..spans import Span

WORD = r"[^\W\d_][\w'’.-]*"


def spans(pattern: re.Pattern[str], text: str, kind: str, group: int = 0) -> Iterator[Span]:
    """Every match of the pattern (or of its group) as a span of this kind."""
    for m in pattern.finditer(text):
        if m.group(group):
            yield Span(m.start(group), m.end(group), kind)
