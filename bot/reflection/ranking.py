"""What leads an answer: passages weighed by their role, their document's kind and the prompt's
references, and whether guidance or learning comes first."""

from __future__ import annotations

import re

from ..retrieval.search import Hit
from .answer import PROCEDURE_KINDS
from .policy import Policy


def weighed(hits: list[Hit], policy: Policy, kinds: dict[str, str], quoted: list[str],
            referred: frozenset[str] = frozenset()) -> list[Hit]:
    """Findings, learning and recommendations first, review learning before the rest, the
    document the prompt refers to before others, and a passage holding a term the person
    quoted before any other. `kinds` maps each document to its kind."""
    for hit in hits:
        hit.score *= policy.role_weights.get(hit.chunk.role, 0.8) * policy.kind_weights.get(
            kinds.get(hit.chunk.source, "other"), 0.9)
        if hit.chunk.source in referred:
            hit.score *= policy.referred_weight
        if quoted and holds_quote(hit, quoted):
            hit.score += 1.0
    return sorted(hits, key=lambda h: -h.score)


def lead_of(kinds: dict[str, str], hits: list[Hit], guidance: list[Hit]) -> str:
    """Guidance or a procedure document comes first when its best passage ranks above the
    learning's; a procedure a review only names ("the bruising protocol") never leads."""
    if guidance and kinds.get(guidance[0].chunk.source) in PROCEDURE_KINDS and (
            not hits or guidance[0].score > hits[0].score):
        return "procedures"
    return "learning"


def holds_quote(hit: Hit, quoted: list[str]) -> bool:
    """The passage (or its section's heading) holds a term the person quoted, as they wrote it."""
    text = re.sub(r"\s+", " ", f"{hit.chunk.section} {hit.chunk.text}".lower().replace("’", "'"))
    return any(q.replace("’", "'") in text for q in quoted)
