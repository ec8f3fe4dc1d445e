"""What stands around a word in a message: the cues that it names a person ("mum jade", "spoke to
dr price", "hope arrived", "the turner children"), read by the name rules in `names`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import Lexicon
from .spans import Span

_SENTENCE_START = re.compile(r"(?:^|[.!?\n:;]\s*|[-•*]\s+|\(\s*)$")
_FAMILY = frozenset("family families children kids household siblings twins boys girls".split())
_OWNED = frozenset("""address nhs dob school nursery placement number phone mobile house flat room
bedroom upn weight name role case file contact care plan health behaviour attendance""".split())
_DETERMINERS = frozenset("""the a an these those his her my our your their its some any every each
no another other whose""".split())
_BARE_VERBS = frozenset("""be have go come get need want know see take make do stay live move
visit attend""".split())
_CLAUSE_OPENERS = frozenset("""if that because when until while whether says said thinks think
told tell asked""".split())
_COPULAS = frozenset("is was are were will would can could should might may must has had have".split())
_AGE_AFTER = re.compile(
    r"\s*(?:\(\s*(?:yr|year|y|aged?)?\s*\d|\s(?:is|was|turned|turns|aged?)\s+\d{1,2}\b|,\s*\d{1,2}\b|"
    r"\s\d{1,2}\s?(?:yo|y/o|yrs?|years?|months?|wks?|weeks?)\b)", re.I)
_LABEL_GAP = re.compile(r"[\s,(:\-–]*(?:(?:nhs|ni|dob|d\.o\.b|born|tel|mob|ph|phone|email|upn|no|"
                        r"number|is|on|at)[\s.:#]*)*")
_AFTER_KINDS = frozenset({"nhs_number", "long_number", "date_of_birth", "phone", "email", "ni_number"})


@dataclass
class _Token:
    start: int
    end: int  # without a possessive 's
    text: str
    base: str  # lower case, without accents, possessive and plural taken off
    rank: int  # best rank in the name list (0: not in it)
    zipf: float
    ordinary: bool  # an ordinary English word too ('hope', 'mark')
    plural: bool  # a bare possessive or a family's plural ('kyles', 'the smiths')

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass
class _Message:
    text: str
    tokens: list[_Token]
    taken: list[Span]
    lex: Lexicon
    capitalised: bool  # the writer capitalises most words: a capital tells nothing
    language: str  # the other language most of it is in ('pl'), '' when it is English
    found: set[int] = field(default_factory=set)
    exempt: set[int] = field(default_factory=set)

    @property
    def foreign(self) -> bool:
        return bool(self.language)


@dataclass(frozen=True)
class _Signals:
    """What stands around a word: the evidence that it names a person."""

    title: bool  # "dr price", "pc long"
    relation: bool  # "mum jade", "dad yaw"
    cue: bool  # a relation, role or verb of meeting: "the allocated sw jo", "spoke to..."
    weak: bool  # a preposition or conjunction: "with ava", "and kai"
    after: bool  # an age, a date of birth, an identifier or a possessive after it
    verb: bool  # a verb after it: "hope arrived"
    capital: bool  # capitalised where the writer types in lower case
    beside: bool  # touching a name found already: "hope smith"
    listed: bool  # in a list with names: "tiffany and bartley", "kids mark and lina"
    family: bool  # "the turner children", "the smiths have moved"
    determined: bool  # "the penny", "a new fella"


def _signals(msg: _Message, i: int, rounds: int) -> _Signals:
    title, cue, weak = _cues_before(msg, i)
    after, verb = _follows(msg, i)
    beside = rounds > 0 and (_touching(msg, i, i + 1) and i + 1 in msg.found
                             or _touching(msg, i - 1, i) and i - 1 in msg.found)
    return _Signals(title=title, relation=_relation_before(msg, i), cue=cue, weak=weak,
                    after=after, verb=verb, capital=_capital_cue(msg, msg.tokens[i]), beside=beside,
                    listed=rounds > 0 and _coordinated(msg, i) or _listed_after_cue(msg, i),
                    family=_family(msg, i), determined=_determined(msg, i))


def _cues_before(msg: _Message, i: int) -> tuple[bool, bool, bool]:
    """Whether a title, a relation or role (a cue) or a preposition (weak) comes just before."""
    if i == 0:
        return False, False, False
    before, lex = msg.tokens[i - 1], msg.lex
    gap = msg.text[before.end:msg.tokens[i].start]
    if not re.fullmatch(r"(?:['’]s)?\.?\s*[:,]?\s*|\s*\(\s*", gap):
        return False, False, False
    title = before.lower in lex.titles and re.fullmatch(r"\.?\s+", gap) is not None
    return title, before.lower in lex.cues, before.lower in lex.weak_cues


def _determined(msg: _Message, i: int) -> bool:
    """A determiner before it, perhaps with an adjective between: 'the penny', 'a new fella'."""
    def plain(a: int, b: int) -> bool:
        return re.fullmatch(r"\s+", msg.text[msg.tokens[a].end:msg.tokens[b].start]) is not None

    tokens, lex = msg.tokens, msg.lex
    if i > 0 and tokens[i - 1].lower in _DETERMINERS and plain(i - 1, i):
        return True
    return i > 1 and tokens[i - 2].lower in _DETERMINERS and plain(i - 2, i - 1) and plain(i - 1, i) \
        and tokens[i - 1].ordinary and tokens[i - 1].lower not in \
        lex.cues | lex.relations | lex.weak_cues | lex.place_words | lex.verbs | lex.not_names


def _relation_before(msg: _Message, i: int) -> bool:
    """A family relation right before: 'mum jade', 'dad yaw'."""
    if i == 0 or msg.tokens[i - 1].lower not in msg.lex.relations:
        return False
    gap = msg.text[msg.tokens[i - 1].end:msg.tokens[i].start]
    return re.fullmatch(r"['’]?s?\s+|\s*[:(]\s*", gap) is not None


def _follows(msg: _Message, i: int) -> tuple[bool, bool]:
    """Whether what follows marks a person (an age, a date of birth, an NHS number, a possessive:
    'grace, 4', 'tia (dob', "kai's", 'kyles mum'), and whether a verb follows ('hope arrived')."""
    token, lex = msg.tokens[i], msg.lex
    rest = msg.text[token.end:token.end + 24]
    age = _AGE_AFTER.match(rest) if not token.ordinary else re.match(r"\s*\(\s*\d", rest)
    gap = len(_LABEL_GAP.match(rest).group(0))  # type: ignore[union-attr]  # it matches '' at least
    identifier = any(s.kind in _AFTER_KINDS and s.start == token.end + gap for s in msg.taken) \
        and (not token.ordinary or token.zipf < lex.common_zipf)  # "ring 07700...": a verb
    after = bool(re.match(r"['’]s\b", rest) or age or identifier)
    following = msg.tokens[i + 1] if i + 1 < len(msg.tokens) else None
    if following is None or not re.fullmatch(r"[\s(,]*", msg.text[token.end:following.start]):
        return after, False
    owned = token.plural and (following.lower in _OWNED or following.lower in lex.cues)
    return after or owned or following.lower in lex.after_name, following.lower in lex.verbs


def _subject(msg: _Message, i: int) -> bool:
    """The subject of a clause: 'will bill be assessed', 'asking if bob will come', 'said ty is'."""
    tokens, lex = msg.tokens, msg.lex
    if i == 0 or i + 1 >= len(tokens):
        return False
    gaps = msg.text[tokens[i - 1].end:tokens[i].start] + msg.text[tokens[i].end:tokens[i + 1].start]
    if not re.fullmatch(r"\s+", gaps):
        return False
    before, after = tokens[i - 1].lower, tokens[i + 1].lower
    inverted = before in _COPULAS and after in _BARE_VERBS
    clause = before in _CLAUSE_OPENERS and (after in lex.verbs or after in _COPULAS)
    return inverted or clause


def _copula(msg: _Message, i: int) -> bool:
    """'is', 'was', 'will' and their like follow any noun ('the topic is'), not only a person."""
    return i + 1 < len(msg.tokens) and msg.tokens[i + 1].lower in _COPULAS


def _capital_cue(msg: _Message, token: _Token) -> bool:
    """A capital where the writer otherwise types lower case, not at a sentence's start."""
    if msg.capitalised or not token.text[0].isupper():
        return False
    return not _SENTENCE_START.search(msg.text[max(0, token.start - 3):token.start])


def _stands_alone(msg: _Message, token: _Token) -> bool:
    """Only punctuation or the end after it: 'mum grace.', 'nan rose - 0170...'."""
    return re.match(r"\s*(?:$|[,.;:!?)(\n-]|\s-)", msg.text[token.end:]) is not None


def _pair(msg: _Message, i: int) -> bool:
    """Beside a word that can only be a name: a first name and a surname ('ava jackson')."""
    lex = msg.lex

    def namely(j: int) -> bool:
        t = msg.tokens[j]
        return bool(t.rank) and not t.ordinary and t.zipf < lex.name_zipf and j not in msg.exempt \
            and t.lower not in lex.not_names and t.lower not in lex.places

    return (_touching(msg, i - 1, i) and namely(i - 1)) or (_touching(msg, i, i + 1) and namely(i + 1))


def _coordinated(msg: _Message, i: int) -> bool:
    """Listed with a name found already: 'tiffany and bartley', 'summer, ava and kai'."""
    def joined(a: int, b: int) -> bool:
        return a >= 0 and b < len(msg.tokens) and a in msg.found | {i} and b in msg.found | {i} and \
            re.fullmatch(r"\s*(?:,|and|&|or|\+|/)?\s*(?:and\s+)?",
                         msg.text[msg.tokens[a].end:msg.tokens[b].start], re.I) is not None
    return joined(i, i + 1) or joined(i - 1, i) or joined(i, i + 2) and msg.tokens[i + 1].lower == "and" \
        or joined(i - 2, i) and msg.tokens[i - 1].lower == "and"


def _listed_after_cue(msg: _Message, i: int) -> bool:
    """Name-list words listed after a cue: 'kids mark and lina', 'children: ava, kai'."""
    lex, tokens = msg.lex, msg.tokens
    j = i
    joiner = re.compile(r"\s*(?:,|and|&)\s*(?:and\s+)?")
    while j > 0 and joiner.fullmatch(msg.text[tokens[j - 1].end:tokens[j].start]) \
            and tokens[j - 1].rank and tokens[j - 1].lower not in lex.not_names | lex.verbs:
        j -= 1
    if j == i:
        return i + 1 < len(tokens) and tokens[i + 1].rank > 0 and _cues_before(msg, i)[1] and \
            re.fullmatch(r"\s*(?:,|and|&)\s*", msg.text[tokens[i].end:tokens[i + 1].start]) is not None
    return _cues_before(msg, j)[1]


def _family(msg: _Message, i: int) -> bool:
    """A family named by its surname: 'the turner children', 'the smiths have moved'."""
    tokens = msg.tokens
    if i == 0 or tokens[i - 1].lower != "the" or i + 1 >= len(tokens):
        return False
    return tokens[i + 1].lower in _FAMILY or tokens[i].plural and tokens[i + 1].lower in msg.lex.verbs


def _touching(msg: _Message, a: int, b: int) -> bool:
    if a < 0 or b >= len(msg.tokens):
        return False
    return re.fullmatch(r"[ \t-]{1,2}", msg.text[msg.tokens[a].end:msg.tokens[b].start]) is not None
