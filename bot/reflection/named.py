"""Reviews a prompt names ("what did Child LI say..."), and whether a named review speaks to it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..retrieval.artifact import Artifact
from ..retrieval.text import tokenize
from .policy import Policy

# Words that ask about a review rather than say what the question is about.
_ASKING = frozenset(tokenize(
    "review reviews say said says recommend recommended recommendations recommendation learning "
    "learn lessons lesson tell told mention mentioned anything something about what findings "
    "find found report briefing"))
_GENERIC = {"safeguarding", "children", "children's", "childrens", "board", "partnership",
            "borough", "local", "city", "county", "council", "and", "the", "of", "for", "lscb", "scp"}


# What a person calls a document when they point at it: "the Croydon JTAI", "the ADCS research",
# "the national framework".
_DOCUMENT_WORDS = (r"(?:review|scr|cspr|lcspr|serious case review|briefing|report|inspection|"
                   r"re-?inspection|jtai|ilacs|letter|visit|research|study|survey|guidance|guide|"
                   r"framework|regulations|regs|policy|procedure|protocol)s?")
TITLE_WORDS = 14  # a longer title is a sentence (a saved web page's first line)
ORDINARY_ZIPF = 5.0  # a phrase of only words this common ("care policy") is no document's name
PLACE_AS_WORD_ZIPF = 4.5  # a place in a title that is more common than this as a word is a word
_WORD = r"[\w’'-]+"
_NUMBERED = r"(?:phase|part|project|volume|edition|wave|round|no\.?)"  # "Phase 9", "Project 2A"
_TITLE_STOPS = frozenset("a an and at by for from in including into of on or the to with".split())


def named_reviews(text: str, index: Artifact) -> dict[str, list[str]]:
    """The documents the prompt names, each with the words that named it: a title or alias in
    full, or its place before a word for a document ("the Oldham review", "Croydon's JTAI"). A
    place alone ("the family moved to Oldham") names nothing. The answer searches only these."""
    named: dict[str, list[str]] = {}
    for source, doc in index.documents().items():
        aliases = [a for a in {doc.get("title") or "", *doc.get("aliases", [])} if a]
        found = [a for a in aliases if _mentions(text, a)]
        found += [m.group("name") for p in _patterns(index, source).names for m in p.finditer(text)]
        if found:
            named[source] = found
    return named


def learn_names(index: Artifact) -> None:
    """Work out how prompts can name or refer to each document of a newly loaded index, so the
    first person's question does not wait for it."""
    for source in index.documents():
        _patterns(index, source)


def referred_documents(text: str, index: Artifact) -> dict[str, list[str]]:
    """Documents the prompt points at more loosely, by the words of their title rather than its
    name: "the national framework", "the ADCS research", "safeguarding pressures 9". Their
    passages are weighed up, not searched alone. Of two overlapping references ("the DfE national
    framework": a DfE document, and the framework), the one inside the other wins."""
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for source in index.documents():
        found = [(m.start("name"), m.end("name"), m.group("name"))
                 for p in _patterns(index, source).references for m in p.finditer(text)]
        if found:
            spans[source] = found
    def inside_another(span: tuple[int, int, str], source: str) -> bool:
        return any(o[0] >= span[0] and o[1] <= span[1] and (o[1] - o[0]) < (span[1] - span[0])
                   for other, found in spans.items() if other != source for o in found)
    return {source: [f[2] for f in found] for source, found in spans.items()
            if not all(inside_another(f, source) for f in found)}


@dataclass(frozen=True)
class _Patterns:
    names: list[re.Pattern[str]]  # each with a group 'name', the words to take out of the prompt
    references: list[re.Pattern[str]]


_PATTERNS: dict[tuple[str, str], _Patterns] = {}  # (index version, source) -> its patterns


def _patterns(index: Artifact, source: str) -> _Patterns:
    key = (index.version, source)
    if key not in _PATTERNS:
        if len(_PATTERNS) > 1024:
            _PATTERNS.clear()
        _PATTERNS[key] = _make_patterns(index, source)
    return _PATTERNS[key]


def _make_patterns(index: Artifact, source: str) -> _Patterns:
    """Names: the partnership's place, or a place in the title, before a word for a document.
    References: an acronym of the title before such a word ("the ADCS research"); "the" and a
    phrase of the title that no other document uses, ending in such a word ("the national
    framework"); a phrase of the title with its number ("safeguarding pressures 9")."""
    from ..privacy.lexicon import lexicon, zipf

    doc = index.documents()[source]
    title = str(doc.get("title") or "")
    words = re.findall(_WORD, title)
    places = {_place(doc.get("partnership"))}
    places |= {" ".join(words[i:i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1)
               if words[i][:1].isupper() and " ".join(words[i:i + n]).lower() in lexicon().places
               and (n > 1 or zipf(words[i].lower()) < PLACE_AS_WORD_ZIPF)}  # not "From", "Reading"
    acronyms = {w for w in words if re.fullmatch(r"(?=\w*[A-Z]\w*[A-Z])[A-Za-z]{2,6}", w)}  # ADCS, DfE
    names = [_owned(owner) for owner in places if owner]
    references = [_owned(owner) for owner in acronyms - places]
    if len(words) > TITLE_WORDS:  # a sentence for a title (a saved web page): no phrase of it names it
        return _Patterns(names, references)
    numbers = re.findall(rf"\b{_NUMBERED}\s+(\d+[A-Za-z]?)(?![\w-])", title, re.I)
    for phrase in _title_phrases(words):
        if (all(zipf(w.lower()) >= ORDINARY_ZIPF for w in phrase.split())
                or _used_elsewhere(index, source, phrase.lower())):
            continue
        said = r"\s+".join(re.escape(w) for w in phrase.split())
        if re.search(rf"{_DOCUMENT_WORDS}$", phrase, re.I):
            references.append(re.compile(rf"(?<!\w)the\s+(?:[\w/-]+\s+)?(?P<name>{said})(?!\w)", re.I))
        for number in numbers:
            references.append(re.compile(rf"(?<!\w)(?P<name>{said}\W+(?:{_NUMBERED}\s+)?{number})"
                                         r"(?!\w)", re.I))
    return _Patterns(names, references)


def _owned(owner: str) -> re.Pattern[str]:
    """'Oldham' -> matches 'the Oldham review', "Oldham's SCR", 'oldham X1/X2 briefing'."""
    return re.compile(rf"(?<![\w/])(?P<name>{re.escape(owner)}(?:['’]s)?(?:\s+[\w/-]+){{0,2}}?"
                      rf"\s+{_DOCUMENT_WORDS})(?!\w)", re.I)


def _title_phrases(words: list[str]) -> list[str]:
    """Runs of two or more of a title's words with no little word inside ('Children's Social
    Care National Framework' -> 'National Framework', 'Care National Framework', ...), as
    ending at each word; a number ends a run."""
    phrases: list[str] = []
    run: list[str] = []
    for word in [*words, "of"]:
        if word.lower() in _TITLE_STOPS or any(ch.isdigit() for ch in word):
            for end in range(2, len(run) + 1):
                phrases += [" ".join(run[start:end]) for start in range(end - 1)]
            run = []
        else:
            run.append(word)
    return phrases


def _used_elsewhere(index: Artifact, source: str, phrase: str) -> bool:
    """Whether another document's title or text uses the phrase: then it is an ordinary phrase
    ("safeguarding policy", "learning briefing"), not this document's name."""
    return bool(_phrase_users(index).get(phrase, set()) - {source})


_USERS: dict[str, dict[str, set[str]]] = {}  # index version -> title phrase -> documents using it


def _phrase_users(index: Artifact) -> dict[str, set[str]]:
    """For every phrase of every title, the documents whose title or passages use it: one pass
    over the index's words, made once per index version."""
    if index.version not in _USERS:
        documents = index.documents()
        titles = {s: re.findall(_WORD, str(d.get("title") or "")) for s, d in documents.items()}
        phrases = {p.lower() for words in titles.values() if len(words) <= TITLE_WORDS
                   for p in _title_phrases(words)}
        longest = max((len(p.split()) for p in phrases), default=0)
        users: dict[str, set[str]] = {}
        texts = [(s, " ".join(words)) for s, words in titles.items()]
        texts += [(c.source, f"{c.section} {c.text}") for c in index.passages()]
        for source, text in texts:
            words = re.findall(_WORD, text.lower())
            for n in range(2, longest + 1):
                for i in range(len(words) - n + 1):
                    phrase = " ".join(words[i:i + n])
                    if phrase in phrases:
                        users.setdefault(phrase, set()).add(source)
        _USERS.clear()  # one index version is served at a time
        _USERS[index.version] = users
    return _USERS[index.version]


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


def silent_on(index: Artifact, sources: tuple[str, ...], text: str, policy: Policy,
              shorthand: frozenset[str]) -> bool:
    """A short, direct question about these documents that their words do not touch."""
    used = coverage(index, sources, text, policy.named_coverage_words, shorthand)
    return used is not None and used < policy.named_coverage_min


def named_grade(index: Artifact, named: tuple[str, ...], text: str, grade: str, policy: Policy,
                shorthand: frozenset[str]) -> str:
    """A short, direct question about a named review is answered by its words: silent when the
    review does not use them, at least weak when it does. A longer prompt describes a situation,
    and is graded on meaning alone."""
    used = coverage(index, named, text, policy.named_coverage_words, shorthand)
    if used is None:
        return grade
    if used < policy.named_coverage_min:
        return "none"
    return "weak" if grade == "none" else grade


def titles(index: Artifact, sources: dict[str, list[str]]) -> list[str]:
    """The documents' titles, to name them to the person."""
    return [str(index.documents()[s].get("title") or s) for s in sources]


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
        _STEMS[key] = frozenset(stem for chunk in index.passages(source)
                                for stem in tokenize(f"{chunk.section} {chunk.text}"))
    return _STEMS[key]


def _mentions(text: str, alias: str) -> bool:
    short = len(alias) <= 2 and not any(ch.isdigit() for ch in alias)
    flags = 0 if short else re.I  # "LI" only in capitals; "li" is not a name
    return re.search(rf"(?<![\w/]){re.escape(alias)}(?![\w/])", text, flags) is not None


def _place(partnership: str | None) -> str:
    """The place a partnership is named after: 'Leicester Safeguarding Children Board' -> 'Leicester'."""
    return " ".join(w for w in (partnership or "").split() if w.lower() not in _GENERIC)
