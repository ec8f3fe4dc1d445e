"""Text handling for search: abbreviation expansion and the lexical tokenizer."""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves im ive id dont doesnt didnt cant wont isnt wasnt also get
got really think just like
""".split())


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(text: str) -> list[str]:
    """Lower-case, stop-word-free, stemmed tokens for the lexical index and its queries."""
    words = [w.replace("’", "'").split("'")[0] for w in _TOKEN.findall(text.lower())]
    return _stemmer().stemWords([w for w in words if w and w not in _STOPWORDS])


def expand_abbreviations(text: str, abbreviations: dict[str, str]) -> str:
    """The text with each known abbreviation followed by its expansion: 'hv (health visitor)'."""
    if not abbreviations:
        return text
    pattern = _abbreviation_pattern(tuple(sorted(abbreviations, key=len, reverse=True)))

    def expand(match: re.Match[str]) -> str:
        return f"{match.group(0)} ({abbreviations[match.group(0).lower()]})"

    return pattern.sub(expand, text)


@lru_cache(maxsize=8)
def _abbreviation_pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(k) for k in keys)
    return re.compile(rf"(?<![\w&-])(?:{alternatives})(?![\w&-])", re.I)
