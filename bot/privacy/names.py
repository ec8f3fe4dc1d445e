"""People's names in what practitioners type, in any case: a name list weighed against English
word frequency and the words around it ("grace" the child goes, "grace period" stays)."""

from __future__ import annotations

import re

from .lexicon import Lexicon, folded, lexicon, ordinary_word, zipf
from .memory import Remembered
from .name_context import (
    _SENTENCE_START,
    _copula,
    _Message,
    _pair,
    _Signals,
    _signals,
    _stands_alone,
    _subject,
    _Token,
)
from .other_language import inflected_name, other_language, words_of
from .spans import Span, covered

_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s?$", re.I)
_CODE = re.compile(r"[A-Z]{1,2}\d{0,2}")  # a pseudonym's letters: LI, B1, T, X2


def find_names(text: str, taken: list[Span], known: Remembered | None = None) -> list[Span]:
    """Spans of people's names, not inside spans already taken; `known` holds the names found
    earlier in the same thread or session (as digests), removed wherever they appear."""
    lex = lexicon()
    tokens = [t for t in _tokens(text, lex) if not covered(taken, t.start, t.end)]
    msg = _Message(text, tokens, taken, lex, _mostly_capitalised(tokens), other_language(tokens, lex))
    exempt = msg.exempt = _exempt(msg) | words_of(tokens, msg.language, lex)
    for rounds in range(3):  # names beside names: "hope" goes in "hope smith"
        for i, token in enumerate(tokens):
            if i not in msg.found and i not in exempt and token.lower not in lex.not_names \
                    and _is_name(msg, i, rounds):
                msg.found.add(i)
    names = {tokens[i].base for i in msg.found}
    names |= {part for name in list(names) for part in re.split(r"[-'’]", name) if len(part) > 2}
    for i, token in enumerate(tokens):  # every mention, in any case or form
        if i not in exempt and token.lower not in lex.not_names and \
                (token.base in names or known and len(token.base) > 1 and token.base in known):
            msg.found.add(i)
    return _merged(text, [tokens[i] for i in sorted(msg.found)])


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
        rank, ordinary, plural = lex.names.get(base, 0), ordinary_word(lex, base), False
        if base.endswith("s") and (not rank or ordinary) and len(base) > 4 and zipf(base) < 3.0:
            for stem in (base[:-1], base[:-2] if base.endswith("es") else ""):  # "kyles", "the nowaks"
                if stem and lex.names.get(stem) and stem not in lex.not_names:
                    base, rank, ordinary, plural = stem, lex.names[stem], ordinary_word(lex, stem), True
                    break
        if not rank and re.match(r"[od]['’]\w{3,}", base):  # "o'neill", "d'souza"
            rank, ordinary = lex.max_rank, False
        if not rank and "-" in base:  # "taylor-brown", "al-rashid"
            parts = base.split("-")
            ranks = [lex.names.get(p, 0) if len(p) > 2 else 1 for p in parts]
            if all(ranks) and not all(ordinary_word(lex, p) for p in parts) and \
                    not any(p in lex.not_names for p in parts):
                rank, ordinary = max(ranks), False
        tokens.append(_Token(m.start(), m.start() + len(core), core, base, rank,
                             zipf(base if plural else core.lower()), ordinary, plural))
    return tokens


def _exempt(msg: _Message) -> set[int]:
    """Tokens that are review pseudonyms (Child LI), published cases or the field's authors."""
    exempt: set[int] = set()
    tokens, lex = msg.tokens, msg.lex
    lower = msg.text.lower()
    for phrase in lex.public_names:
        if phrase not in lower:
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", lower):
            inside = [i for i, t in enumerate(tokens) if m.start() <= t.start < m.end()]
            if " " in phrase or not _beside_a_person(tokens, inside, lex):
                exempt.update(inside)
    for i, token in enumerate(tokens):
        if i and tokens[i - 1].lower in lex.pseudonym_heads and _CODE.fullmatch(token.text):
            exempt.add(i)
        if i and tokens[i - 1].lower in ("st", "saint", "san", "santa", "sant"):
            exempt.add(i)  # St Peter's (a church, a school, a hospital), not a person
        if i + 1 < len(tokens) and tokens[i + 1].lower in ("review", "cspr", "lcspr", "scr", "et"):
            exempt.add(i)  # "the Alice review", "Brandon et al": a published review, an author
    return exempt


def _beside_a_person(tokens: list[_Token], inside: list[int], lex: Lexicon) -> bool:
    """A cue or a name-list word right before: 'mum jo munro', not 'kolb's cycle'."""
    if not inside or inside[0] == 0:
        return False
    before = tokens[inside[0] - 1]
    return before.lower in lex.cues or (before.rank > 0 and before.zipf < lex.rare_zipf
                                        and before.lower not in lex.public_names)


_LATIN_ACCENTED = frozenset(chr(c) for c in range(0xC0, 0x250) if chr(c).isalpha()) | \
    frozenset(chr(c) for c in range(0x1E00, 0x1F00))  # "ŷ", "ș", "ł", "ệ": a name's letters


def _mostly_capitalised(tokens: list[_Token]) -> bool:
    words = [t for t in tokens if len(t.text) > 1]
    return bool(words) and sum(t.text[0].isupper() for t in words) > 0.5 * len(words)


def _is_name(msg: _Message, i: int, rounds: int) -> bool:
    token, lex = msg.tokens[i], msg.lex
    s = _signals(msg, i, rounds)
    if s.title:
        return token.lower not in lex.verbs and token.zipf < lex.name_zipf + 0.2
    if s.relation and _named_by_relation(msg, token, s):
        return True  # "mum jade", "dad yaw"; "baby date of birth" stays
    if len(token.text) == 2 and not (s.cue or s.beside or s.capital) or token.text.isupper() and \
            len(token.text) <= 4 and not msg.capitalised and not (s.cue or s.beside):
        return False  # "rd", "cc", "GCP": short words and capitals are a name only by a cue
    if token.lower in lex.places:  # "bury": a person only by a person's cue, never "moved to bury"
        return bool(token.rank) and not (i and msg.tokens[i - 1].lower in lex.place_words) and \
            (s.cue or s.after or s.verb or s.beside or _pair(msg, i))
    if s.determined and not s.family:  # "the penny dropped"; but "the barlows" are a family
        return token.plural and msg.tokens[i - 1].lower == "the" and token.rank > 0
    if token.rank:
        return _name_list_word(msg, i, s)
    if token.zipf < lex.unknown_zipf and token.text.isalpha():
        return _unknown_word(msg, i, s)
    return False


def _named_by_relation(msg: _Message, token: _Token, s: _Signals) -> bool:
    lex = msg.lex
    return token.rank > 0 and token.lower not in lex.verbs and token.zipf < lex.name_zipf and \
        not (token.ordinary and token.lower.endswith(("ed", "ing"))) and \
        (not token.ordinary or token.zipf < lex.common_zipf or s.after or s.verb or s.capital
         or _stands_alone(msg, token))


def _name_list_word(msg: _Message, i: int, s: _Signals) -> bool:
    """A word the name list has: a name unless it is an ordinary word too and nothing says so."""
    token, lex = msg.tokens[i], msg.lex
    if not token.ordinary and token.zipf < lex.name_zipf and \
            (token.zipf < lex.common_zipf or not msg.foreign and (
                s.after or s.verb or s.beside or s.capital or s.cue or s.weak or s.listed)):
        return True  # "ayaan", "szymańska"; "max" needs more than itself
    if token.zipf < lex.common_zipf:  # an ordinary word too ('grace'): it takes context
        starts = _SENTENCE_START.search(msg.text[max(0, token.start - 3):token.start]) is not None
        return s.after or s.verb and (starts or not _copula(msg, i)) or s.capital or s.beside or \
            s.family or s.listed or _pair(msg, i) or _subject(msg, i) or \
            (s.cue or s.weak) and _stands_alone(msg, token)
    plain = token.lower not in lex.verbs and token.zipf < lex.name_zipf  # not "will", "said"
    owned = bool(re.match(r"['’]s\b", msg.text[token.end:token.end + 3]))
    aged = s.after and (not owned or lex.english_names.get(token.lower, lex.max_rank + 1) <= 300)
    starts = _SENTENCE_START.search(msg.text[max(0, token.start - 3):token.start]) is not None
    given = lex.english_names.get(token.lower, lex.max_rank + 1) <= lex.english_rank
    return aged or s.family or plain and (
        s.beside or s.listed or _subject(msg, i) or s.cue and (s.verb or _stands_alone(msg, token))
        or given and starts and (s.verb or _copula(msg, i)))  # "guy goes to", "mary said"


def _unknown_word(msg: _Message, i: int, s: _Signals) -> bool:
    """A word neither the name list nor English knows: a name by a cue, a capital or an accent."""
    token = msg.tokens[i]
    accented = any(c in _LATIN_ACCENTED for c in token.text) and token.zipf < 1.0
    if i and msg.tokens[i - 1].lower in msg.lex.place_words:
        return accented or s.cue and not s.weak  # "at Todmorden": a place
    if msg.foreign:  # Welsh: its words; Polish: a name's forms, "z tomkiem", "u kowalskiej"
        return accented or s.cue and not s.weak or inflected_name(token, msg.language, msg.lex) \
            or s.capital and not token.text.isupper()  # "opowiadała mi o Dawidzie"
    return accented or s.cue or (s.capital and not token.text.isupper()) or s.beside or s.family


def _merged(text: str, tokens: list[_Token]) -> list[Span]:
    spans: list[Span] = []
    for token in tokens:
        if spans and re.fullmatch(r"[ \t]{1,2}", text[spans[-1].end:token.start]):
            spans[-1] = Span(spans[-1].start, token.end, "name")
        else:
            spans.append(Span(token.start, token.end, "name"))
    return spans
