"""People's names in what practitioners type, in any case: a name list weighed against English
word frequency and the words around it ("grace" the child goes, "grace period" stays)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .lexicon import Lexicon, folded, lexicon, ordinary_word, zipf
from .spans import Span, covered

_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s?$", re.I)
_SENTENCE_START = re.compile(r"(?:^|[.!?\n:;]\s*|[-•*]\s+|\(\s*)$")
_FAMILY = frozenset("family families children kids household siblings twins boys girls".split())
_CODE = re.compile(r"[A-Z]{1,3}\d{0,2}")  # a pseudonym's letters: LI, B1, T, X2
_AGE_AFTER = re.compile(r"^\s*(?:\(\s*(?:yr|year|y|aged?)?\s*\d|,\s*\d{1,2}\b|\s\d{1,2}\s?(?:yo|y/o|yrs?|years?|months?|wks?|weeks?)\b)",
                        re.I)


@dataclass
class _Token:
    start: int
    end: int  # without a possessive 's
    text: str
    base: str  # lower case, possessive and plural taken off where that makes it a name
    rank: int  # best rank in the name list (0: not in it)
    zipf: float
    ordinary: bool  # an ordinary English word too ('hope', 'mark')

    @property
    def lower(self) -> str:
        return self.text.lower()


def find_names(text: str, taken: list[Span], known: Iterable[str] = ()) -> list[Span]:
    """Spans of people's names, not inside spans already taken; `known` holds names (lower case)
    found earlier in the same thread or session, removed wherever they appear."""
    lex = lexicon()
    tokens = [t for t in _tokens(text, lex) if not covered(taken, t.start, t.end)]
    exempt = _exempt(text, tokens, lex)
    capitalised_text = _mostly_capitalised(tokens)
    found: set[int] = set()
    for rounds in range(3):  # names beside names: "hope" goes in "hope smith"
        for i, token in enumerate(tokens):
            if i in found or i in exempt or token.lower in lex.not_names:
                continue
            if _is_name(text, tokens, i, found, lex, capitalised_text, rounds):
                found.add(i)
    names = {tokens[i].base for i in found} | {folded(k.lower()) for k in known}
    names |= {part for name in list(names) for part in re.split(r"[-'’]", name) if len(part) > 2}
    for i, token in enumerate(tokens):  # every mention, in any case or form
        if i not in exempt and token.lower not in lex.not_names and \
                (token.base in names or folded(token.lower) in names):
            found.add(i)
    return _merged(text, [tokens[i] for i in sorted(found)])


def names_in(text: str, spans: list[Span]) -> set[str]:
    """The name words (lower case, without accents) inside the name spans, to remember."""
    return {folded(w.lower()) for s in spans if s.kind == "name"
            for w in _TOKEN.findall(text[s.start:s.end]) if len(w) > 1}


def _tokens(text: str, lex: Lexicon) -> list[_Token]:
    tokens = []
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        possessive = _POSSESSIVE.search(word)
        core = word[:possessive.start()] if possessive and possessive.start() > 1 else word
        base = folded(core.lower())
        rank = lex.names.get(base, 0)
        ordinary = ordinary_word(lex, base)
        if not rank and base.endswith("s") and not ordinary and zipf(base) < lex.rare_zipf:
            for stem in (base[:-1], base[:-2] if base.endswith("es") else ""):  # "the nowaks"
                if stem and lex.names.get(stem):
                    base, rank = stem, lex.names[stem]
                    break
        if not rank and re.match(r"[od]['’]\w{3,}", base):  # "o'neill", "d'souza"
            rank, ordinary = lex.max_rank, False
        if not rank and "-" in base:  # "taylor-brown", "al-rashid"
            parts = [lex.names.get(p, 0) if len(p) > 2 else 1 for p in base.split("-")]
            if all(parts) and not all(ordinary_word(lex, p) for p in base.split("-")) and \
                    not any(p in lex.not_names for p in base.split("-")):
                rank, ordinary = max(parts), False
        tokens.append(_Token(m.start(), m.start() + len(core), core, base, rank,
                             zipf(core.lower()), ordinary))
    return tokens


def _exempt(text: str, tokens: list[_Token], lex: Lexicon) -> set[int]:
    """Tokens that are review pseudonyms (Child LI), published cases or the field's authors."""
    exempt: set[int] = set()
    lower = text.lower()
    for phrase in lex.public_names:
        for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", lower):
            inside = [i for i, t in enumerate(tokens) if m.start() <= t.start < m.end()]
            if " " in phrase or not _beside_a_person(tokens, inside, lex):
                exempt.update(inside)
    for i, token in enumerate(tokens):
        if i and tokens[i - 1].lower in lex.pseudonym_heads and _CODE.fullmatch(token.text):
            exempt.add(i)
        if i + 1 < len(tokens) and tokens[i + 1].lower in ("review", "cspr", "lcspr", "scr"):
            exempt.add(i)  # "the Alice review": a published review's name
    return exempt


def _beside_a_person(tokens: list[_Token], inside: list[int], lex: Lexicon) -> bool:
    """A cue or a name-list word right before: 'mum jo munro', not 'kolb's cycle'."""
    if not inside or inside[0] == 0:
        return False
    before = tokens[inside[0] - 1]
    return before.lower in lex.cues or (0 < before.rank and before.zipf < lex.rare_zipf)


def _mostly_capitalised(tokens: list[_Token]) -> bool:
    words = [t for t in tokens if len(t.text) > 1]
    return bool(words) and sum(t.text[0].isupper() for t in words) > 0.5 * len(words)


def _is_name(text: str, tokens: list[_Token], i: int, found: set[int], lex: Lexicon,
             capitalised_text: bool, rounds: int) -> bool:
    token = tokens[i]
    if len(token.text) < 2 or token.text.isupper() and len(token.text) <= 3 and not token.rank:
        return False
    place = token.lower in lex.places
    title, cue, weak = _cues_before(text, tokens, i, lex)
    after, verb = _name_follows(text, tokens, i, lex)
    capital = _capital_cue(text, token, capitalised_text)
    beside = rounds > 0 and (i + 1 in found and _touching(text, token, tokens[i + 1])
                             or i - 1 in found and _touching(text, tokens[i - 1], token))
    if title:
        return token.lower not in lex.verbs and token.zipf < lex.name_zipf + 0.2
    if len(token.text) == 2 and not (cue or beside or capital) or \
            token.text.isupper() and len(token.text) <= 4 and not capitalised_text and not (cue or beside):
        return False  # "rd", "cc", "GCP": short words and capitals are a name only beside a cue
    if place:  # "bury", "leeds": a person only with a person's cue, never "moved to bury"
        return bool(token.rank) and not (i and tokens[i - 1].lower in lex.place_words) and \
            (cue or after or verb or beside or _pair(text, tokens, i, lex))
    family = _family_after(text, tokens, i)
    if token.rank:
        if not token.ordinary and token.zipf < lex.name_zipf:
            return True
        if token.zipf < lex.common_zipf:  # an ordinary word too ('grace'): it takes context
            return after or verb or capital or beside or family or _pair(text, tokens, i, lex) or \
                _coordinated(text, tokens, i, found) or (cue or weak) and _stands_alone(text, token)
        plain = token.lower not in lex.verbs and token.zipf < lex.name_zipf  # not "will", "said"
        return after or family or plain and (beside or _coordinated(text, tokens, i, found)
                                             or cue and (verb or _stands_alone(text, token)))
    foreign = any(ord(c) > 127 for c in token.text) and token.zipf < 1.0
    if token.zipf < lex.unknown_zipf and token.text.isalpha():
        return foreign or cue or (capital and not token.text.isupper()) or beside or family
    return False


def _family_after(text: str, tokens: list[_Token], i: int) -> bool:
    """'the turner children', 'the hall family': a family named by its surname."""
    return 0 < i < len(tokens) - 1 and tokens[i - 1].lower == "the" and \
        tokens[i + 1].lower in _FAMILY and re.fullmatch(r"\s+", text[tokens[i].end:tokens[i + 1].start]) is not None


def _coordinated(text: str, tokens: list[_Token], i: int, found: set[int]) -> bool:
    """Listed with a name found already: 'tiffany and bartley', 'summer, ava and kai'."""
    def joined(a: int, b: int) -> bool:
        return re.fullmatch(r"\s*(?:,|and|&|or|\+|/)\s*", text[tokens[a].end:tokens[b].start], re.I) is not None

    return (i + 1 in found and joined(i, i + 1)) or (i - 1 in found and joined(i - 1, i)) or \
        (i + 2 < len(tokens) and i + 2 in found and tokens[i + 1].lower in ("and", "or") and joined(i, i + 2)) or \
        (i >= 2 and i - 2 in found and tokens[i - 1].lower in ("and", "or") and joined(i - 2, i))


def _stands_alone(text: str, token: _Token) -> bool:
    """Nothing but punctuation or the end after it: 'mum grace.', 'nan rose - 0170...'."""
    return re.match(r"\s*(?:$|[,.;:!?)\n-]|\s-)", text[token.end:]) is not None


def _pair(text: str, tokens: list[_Token], i: int, lex: Lexicon) -> bool:
    """Beside a word that can only be a name: a first name and a surname ('ava jackson')."""
    def namely(t: _Token) -> bool:
        return bool(t.rank) and not t.ordinary and t.zipf < lex.name_zipf and \
            t.lower not in lex.not_names and t.lower not in lex.places

    return (i > 0 and namely(tokens[i - 1]) and _touching(text, tokens[i - 1], tokens[i])) or \
        (i + 1 < len(tokens) and namely(tokens[i + 1]) and _touching(text, tokens[i], tokens[i + 1]))


def _cues_before(text: str, tokens: list[_Token], i: int, lex: Lexicon) -> tuple[bool, bool, bool]:
    """Whether a title, a relation or role (a cue) or a preposition (weak) comes just before."""
    if i == 0:
        return False, False, False
    before = tokens[i - 1]
    gap = text[before.end:tokens[i].start]
    if not re.fullmatch(r"(?:['’]s)?\.?\s*[:,]?\s*|\s*\(\s*", gap):
        return False, False, False
    word = before.lower
    title = word in lex.titles and re.fullmatch(r"\.?\s+", gap) is not None
    return title, word in lex.cues, word in lex.weak_cues


def _name_follows(text: str, tokens: list[_Token], i: int, lex: Lexicon) -> tuple[bool, bool]:
    """An age, a date of birth or a possessive right after ('grace, 4', 'tia (dob', "kai's"),
    and whether a verb follows ('hope arrived')."""
    rest = text[tokens[i].end:tokens[i].end + 20]
    age = _AGE_AFTER.match(rest) if not tokens[i].ordinary else re.match(r"\s*\(\s*\d", rest)
    after = bool(re.match(r"['’]s\b", rest) or age or re.match(r"\s*\[(?:date of birth|NHS)", rest))
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    if following is None or not re.fullmatch(r"[\s(,]*", text[tokens[i].end:following.start]):
        return after, False
    return after or following.lower in lex.after_name, following.lower in lex.verbs


def _capital_cue(text: str, token: _Token, capitalised_text: bool) -> bool:
    """A capital where the writer otherwise types lower case, not at a sentence's start."""
    if capitalised_text or not token.text[0].isupper():
        return False
    return not _SENTENCE_START.search(text[max(0, token.start - 3):token.start])


def _touching(text: str, left: _Token, right: _Token) -> bool:
    return re.fullmatch(r"[ \t-]{1,2}", text[left.end:right.start]) is not None


def _merged(text: str, tokens: list[_Token]) -> list[Span]:
    spans: list[Span] = []
    for token in tokens:
        if spans and re.fullmatch(r"[ \t]{1,2}", text[spans[-1].end:token.start]):
            spans[-1] = Span(spans[-1].start, token.end, "name")
        else:
            spans.append(Span(token.start, token.end, "name"))
    return spans
