"""What to do with a prompt before searching: refuse empty, bound huge, flag other languages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..retrieval.text import english_stopword_ratio

MAX_SEARCH_CHARS = 2000


class EmptyPrompt(ValueError):
    """Nothing to search for; the message asks for more."""


EMPTY_MESSAGE = ("Tell me a little about the situation you're thinking about (who is involved, "
                 "what worries you) and I'll find what case reviews have learned about it.")


@dataclass
class Prepared:
    text: str  # the bounded text to search
    notes: list[str] = field(default_factory=list)


def prepare(text: str) -> Prepared:
    """The part of a (redacted) prompt to search, with notes for the person about what was done."""
    text = (text or "").strip()
    if not re.search(r"\w", text):
        raise EmptyPrompt(EMPTY_MESSAGE)
    notes = []
    if len(text) > MAX_SEARCH_CHARS:
        cut = text[:MAX_SEARCH_CHARS]
        boundary = max(cut.rfind(". "), cut.rfind("\n"))
        cut = cut[: boundary + 1] if boundary > MAX_SEARCH_CHARS // 2 else cut.rsplit(" ", 1)[0]
        notes.append(f"Your message was long ({len(text):,} characters), so I searched the first "
                     f"{len(cut):,}. For a closer match, send the part that worries you most.")
        text = cut
    if _not_english(text):
        notes.append("This doesn't look like English. The reviews are in English, so I searched "
                     "your words as written and matches may be weak; I don't translate.")
    return Prepared(text, notes)


# Common function words of other languages practitioners' clients speak (none is English).
_FOREIGN = frozenset("""
el la los las que y en un una por con para es del al se su lo le les des et est une du qui pas
avec sur dans der die das und ist nicht ein eine mit zu den von sie auf nie na się że jest jak
os não com um uma il di che non è per sono ze są tak ale czy od przez
""".split())


def _not_english(text: str) -> bool:
    letters = re.findall(r"[^\W\d_]", text)
    if not letters:
        return False
    non_latin = sum(not ("a" <= ch.lower() <= "z") for ch in letters) / len(letters)
    if non_latin > 0.3:
        return True
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 6:
        return False
    foreign = sum(w in _FOREIGN for w in words) / len(words)
    english = english_stopword_ratio(text)
    return foreign >= 0.12 and foreign > english
