"""Reviews a prompt names ("what did Child LI say..."), and whether a named review speaks to it."""

from __future__ import annotations

import re
from functools import lru_cache

from ..retrieval.artifact import Artifact
from ..retrieval.text import tokenize

# Words that ask about a review rather than say what the question is about.
_ASKING = frozenset(tokenize(
    "review reviews say said says recommend recommended recommendations recommendation learning "
    "learn lessons lesson tell told mention mentioned anything something about what findings "
    "find found report briefing"))
# A place names a review only as "the Oldham review", "Oldham's SCR": where a family lives does
# not narrow the search.
_REVIEW_WORDS = r"(?:review|scr|cspr|lcspr|serious case review|briefing|report)s?"
_GENERIC = {"safeguarding", "children", "children's", "childrens", "board", "partnership",
            "borough", "local", "city", "county", "council", "and", "the", "of", "for", "lscb", "scp"}


def named_reviews(text: str, index: Artifact) -> dict[str, list[str]]:
    """The documents the prompt names, each with the words that named it."""
    named: dict[str, list[str]] = {}
    for source, doc in index.manifest["documents"].items():
        aliases = [a for a in {doc.get("title") or "", *doc.get("aliases", [])} if a]
        found = [a for a in aliases if _mentions(text, a)]
        place = _place(doc.get("partnership"))
        if place and re.search(rf"(?<!\w){re.escape(place)}(?:['’]s)?(?:\s+\w+){{0,2}}\s+"
                               rf"{_REVIEW_WORDS}(?!\w)", text, re.I):
            found.append(place)
        if found:
            named[source] = found
    return named


def without_names(text: str, names: list[str]) -> str:
    """The prompt with the names of reviews taken out, so they do not pull the search."""
    for name in sorted(set(names), key=len, reverse=True):
        text = re.sub(rf"(?<![\w/]){re.escape(name)}(?:['’]s)?(?![\w/])", " ", text, flags=re.I)
    return re.sub(r"[ \t]+", " ", text).strip()


def quoted_phrases(text: str) -> list[str]:
    """Terms of two words or more the person put in quotes ("what does 'respectful nosey' mean")."""
    found = re.findall(r"(?<!\w)['‘\"“]([^'‘’\"“”\n]{3,60})['’\"”](?!\w)", text)
    return [f.strip().lower() for f in found if 2 <= len(f.split()) <= 8]


def coverage(index: Artifact, sources: tuple[str, ...], text: str, max_words: int,
             shorthand: frozenset[str] = frozenset()) -> float | None:
    """How much of what the prompt asks about (its words, rarer ones weighing more) the named
    documents use at all: near 0 when a review is silent on the question. A prompt of more than
    `max_words` words describes a situation rather than asks about the review: None. Short words
    and `shorthand` (abbreviations, whose expansions the text carries) are not weighed."""
    words = {}
    for word in re.findall(r"[a-z]+", text.lower()):
        if len(word) < 4 or word in shorthand:
            continue
        stems = tokenize(word)
        if stems and stems[0] not in _ASKING:
            words[stems[0]] = _rarity(word)
    if not words or len(words) > max_words:
        return None
    used = set().union(*(_document_stems(index, s) for s in sources))
    return sum(w for stem, w in words.items() if stem in used) / sum(words.values())


@lru_cache(maxsize=256)
def _rarity(word: str) -> float:
    from wordfreq import zipf_frequency

    return max(0.5, 7.0 - zipf_frequency(word, "en"))


_STEMS: dict[tuple[str, str], frozenset[str]] = {}  # (index version, source) -> its stems


def _document_stems(index: Artifact, source: str) -> frozenset[str]:
    key = (index.version, source)
    if key not in _STEMS:
        if len(_STEMS) > 256:
            _STEMS.clear()
        _STEMS[key] = frozenset(stem for chunk in index.chunks if chunk.source == source
                                for stem in tokenize(f"{chunk.section} {chunk.text}"))
    return _STEMS[key]


def _mentions(text: str, alias: str) -> bool:
    short = len(alias) <= 2 and not any(ch.isdigit() for ch in alias)
    flags = 0 if short else re.I  # "LI" only in capitals; "li" is not a name
    return re.search(rf"(?<![\w/]){re.escape(alias)}(?![\w/])", text, flags) is not None


def _place(partnership: str | None) -> str:
    """The place a partnership is named after: 'Leicester Safeguarding Children Board' -> 'Leicester'."""
    return " ".join(w for w in (partnership or "").split() if w.lower() not in _GENERIC)
