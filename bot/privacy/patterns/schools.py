"""Schools, nurseries, colleges and pupil referral units by name ('st mary's rc primary',
'little acorns nursery', 'ysgol y graig'), not "the school" or "nursery" alone."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..lexicon import lexicon, ordinary_word, zipf
from ..spans import Span
from .words import WORD, spans

_SCHOOL_TYPE = re.compile(
    r"\b(?:(?:c\s?of\s?e|ce|rc|r\.c\.|catholic|church|methodist|community|free|girls'?|boys'?|"
    r"grammar|infants?|junior|juniors|primary|secondary|special|short stay|prep|preparatory|high)\s+)*"
    r"(?:school|academy|primary|juniors|infants|college|sixth form(?:\s+college)?|(?:day\s+)?nursery|"
    r"pre-?school|playgroup|pru|pupil referral unit|children'?s cent(?:re|er)|prim|high)"
    r"(?:\s+(?:school|academy|college|nursery))*\b", re.I)
_GENERIC_TYPE = re.compile(r"(?:school|college|high|primary|nursery)", re.I)  # "after school"
_WELSH_SCHOOL = re.compile(r"\b(?:ysgol|cylch meithrin|meithrinfa)\s+(?:(?:y|yr|gymraeg|gynradd|uwchradd|"
                           rf"{WORD})\s*){{1,3}}", re.I)
_NOT_SCHOOL_WORD = frozenset("""
the a an at to from in into of and or with by for on her his their my your our its this that
which what who attends attending attended goes go going started starts start moved move left
leaving excluded exclusion new old local current previous former private same another other
nearby village town primary secondary high school nursery college academy infant junior
special mainstream independent state his her year reception no not any is was are were be been
has have had says said told contacted called rang emailed visited spoke dsl teacher head staff
place places placement placed named name attend cafe
""".split())



def find(text: str) -> Iterator[Span]:
    yield from spans(_WELSH_SCHOOL, text, "school")
    for m in _SCHOOL_TYPE.finditer(text):
        start, names = _name_before(text, m.start())
        named = len([n for n in names if n.lower() not in lexicon().not_names]) >= 2
        if names and (not _GENERIC_TYPE.fullmatch(m.group(0)) or named
                      or all(map(_name_like, names))):  # "busy bees nursery", "thornleigh high"
            yield Span(start, m.end(), "school")


def _name_before(text: str, at: int) -> tuple[int, list[str]]:
    """Where the name in front of a school word starts ("st mary's" primary), and its words."""
    offset = max(0, at - 60)
    taken: list[str] = []
    end = at
    for word in reversed(list(re.finditer(r"[\w'’&.-]+", text[offset:at]))):
        found, lower = word.group(0), word.group(0).lower().strip("'’")
        gap = text[offset + word.end():end]
        if len(taken) == 4 or re.search(r"[,;:()!?|+/\n]", gap) or found.isdigit() or \
                found.endswith(".") and lower not in ("st.", "r.c.") or \
                lower in _NOT_SCHOOL_WORD and not (lower in ("and", "&") and taken) or \
                lower in lexicon().verbs or len(lower) > 4 and lower.endswith(("ing", "ed")):
            break
        taken.insert(0, found)
        end = offset + word.start()
    return end, taken


def _name_like(word: str) -> bool:
    """A word that names a school rather than describes one: 'Kelvin', 'thornleigh', not 'after'."""
    lower = re.sub(r"['’]s?$", "", word.lower().strip("."))
    lex = lexicon()
    return word[:1].isupper() or lower in ("st", "saint") or zipf(lower) < 3.0 or \
        lex.names.get(lower, 0) > 0 and not ordinary_word(lex, lower) or \
        lex.english_names.get(lower, lex.max_rank + 1) <= lex.english_rank  # "st mary's"
