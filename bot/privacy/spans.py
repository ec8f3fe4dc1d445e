"""A found identifier as a stretch of text, and how overlapping finds are settled."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Span:
    """Characters start..end (exclusive) of the text hold an identifier of this kind ('kept':
    a look-alike that stays, such as a meeting's date, which no other kind may claim)."""

    start: int
    end: int
    kind: str


# When two finds overlap, the more specific kind wins; then the longer.
_PRIORITY = {"email": 9, "nhs_number": 8, "ni_number": 8, "phone": 8, "postcode": 8,
             "reference": 7, "date_of_birth": 7, "birth_guess": 7, "date": 6, "school": 5, "address": 5,
             "long_number": 4, "name": 1, "kept": 0}


def settle(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans in text order: of overlapping ones, the higher priority, longer one."""
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (-_PRIORITY[s.kind], -(s.end - s.start), s.start)):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen)


def covered(spans: list[Span], start: int, end: int) -> bool:
    """Whether any span overlaps start..end."""
    return any(s.start < end and start < s.end for s in spans)
