"""Identifiers with a shape: e-mails, phone, NHS and NI numbers, postcodes, dates, addresses,
schools and case references, as UK practitioners type them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .lexicon import lexicon, zipf
from .spans import Span

_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_SEP = r"\s?[/.\-]{1,2}\s?"
_NUMERIC_DATE = rf"(?:0?[1-9]|[12]\d|3[01]){_SEP}(?:0?[1-9]|1[0-2]){_SEP}(?:(?:19|20)\d\d|\d\d)"
_DATES = re.compile(
    rf"(?<![\w/.])(?:{_NUMERIC_DATE}"
    rf"|(?:19|20)\d\d-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])"
    rf"|(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTHS}\b\.?(?:,?\s+(?:(?:19|20)\d\d|['’]?\d\d))?"
    rf"|{_MONTHS}\.?\s+{_DAY}\b(?:,?\s+(?:19|20)\d\d)?)(?![\w/])",
    re.I,
)
# a month and year, or digits run together, are a date of birth only after a birth word
_COMPACT = r"(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:(?:19|20)\d\d|\d\d)"
_BIRTH_ONLY = re.compile(
    rf"(?<![\w/.])(?:{_MONTHS}\.?,?\s+(?:(?:19|20)\d\d|['’]\d\d)|(?:0?[1-9]|1[0-2])/(?:19|20)\d\d"
    rf"|{_COMPACT}|(?:0?[1-9]|[12]\d|3[01])[/.\-](?:0?[1-9]|1[0-2]))(?![\w/])", re.I)
# eight digits that read as a day, month and year of birth, or any date in brackets after a person
_COMPACT_LONG = re.compile(r"(?<![\w/.])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19[2-9]\d|20[0-2]\d)(?![\w/])")
_BRACKETED = re.compile(rf"\(\s*({_COMPACT}|{_NUMERIC_DATE}|{_DAY}\s+{_MONTHS}\.?\s+(?:(?:19|20)\d\d|\d\d))\s*\)", re.I)
# a day and month without a year, with a slash ('11/03'), not a score ('7/10') or '24/7'
_SLASH_DAY_MONTH = re.compile(r"(?<![\w/.£$])((?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2]))(?![\w/%]|\.\d)")
_SCORE_CUE = re.compile(r"(?:scor\w*|rat\w*|scale|out of|level|gcp\d?|x)\W{0,12}\Z", re.I)
# a day and month without a year with a dot: a chronology's line, or after on / since / seen
_DAY_MONTH = re.compile(
    r"(?:^|(?<=\n)|(?<=[-–•*]\s)|(?<=\bon\s)|(?<=\bsince\s)|(?<=\bseen\s)|(?<=\bfrom\s)|(?<=\bon the\s))"
    r"((?:0?[1-9]|[12]\d|3[01])[/.](?:0?[1-9]|1[0-2]))(?![\w/.%]|\.\d)", re.I)
_BIRTH_CUE = re.compile(r"(?:\bd\.?\s?o\.?\s?b\b\.?|date of birth|\bborn\b|\bbirthday\b|\bbday\b|"
                        r"\bb\.|\bturns? \d+|\bwill be \d+)\W{0,4}(?:on\s+|in\s+)?(?:the\s+)?$", re.I)
# Dates of meetings, hearings and bookings are not events in the family's life (the policy)
_NOT_EVENT = re.compile(
    r"\b(?:para(?:graph)?|section|i?cpc|rcpc|conf(?:erence)?|core group|strat(?:egy)?|review|meeting|mtg|court|hearing|"
    r"irh|fhdra|ffh|marac|mappa|panel|supervision|training|session|deadline|due|booked|book|"
    r"appt|appointment|next|planned|scheduled|until|by|before|lac|cla|cin|pep|tac|tam|"
    r"will|going to|plan to|expected|edd|listed|adjourned)\b(?:[^.;:!?\n]|[.:](?=\d)){0,25}\Z",
    re.I)

_EMAIL = re.compile(r"[\w.+'’-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)\d(?:[\s\-.)]{0,2}\d){8,9}(?![\d])")
_FREEPHONE = re.compile(r"^\(?0?(?:800|808)")  # helplines (NSPCC, Childline) stay
_DIGIT_RUN = re.compile(r"(?<![\w/.£$])\d(?:[\s\-.]?\d){6,11}(?![\w/])")
_NHS_CUE = re.compile(r"\bnhs\b[^\d\n]{0,30}\Z", re.I)
# with its suffix letter any two letters lead (a mistyped one identifies all the same); without
# it, only the letters HMRC issues
_NI = re.compile(
    r"(?<![\w])(?:[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]|"
    r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2})(?![\w])", re.I)
_POSTCODE = re.compile(r"(?<![\w])(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s*\d[ABD-HJLNP-UW-Z]{2}(?![\w])", re.I)

_WORD = r"[^\W\d_][\w'’.-]*"
_FUNCTION = (r"(?:in|at|on|to|for|with|and|or|of|from|by|a|an|is|was|are|her|his|their|my|our|your|"
             r"mum|dad|kids|children|child|times|weeks|days|months|years|visits|people|of)\b")
_PLACE_WORD = rf"(?!{_FUNCTION}){_WORD}"
_STREET = (r"(?:street|st|road|rd|avenue|ave|lane|ln|close|drive|dr|way|court|ct|crescent|cres|"
           r"place|pl|grove|terrace|terr|gardens|gdns|walk|mews|row|square|sq|hill|park|view|rise|"
           r"green|parade|fold|croft|crofts|meadow|meadows|brow|gate|wharf|estate|boulevard|"
           r"broadway|vale|wynd|brae|chase|approach|yard|quay|mount|villas|cottages|bank|"
           r"heights|court|house|tower|towers|point|lodge|mansions|buildings|apartments|plaza|"
           r"mill|works|hall|flats|end|side|field|fields|nook|dale|grange|cottage|farm|cl)")
_STRONG_STREET = (r"(?:street|road|rd|avenue|ave|lane|crescent|cres|drive|grove|terrace|gardens|"
                  r"gdns|mews|close|way|heights|mansions|towers|parade|boulevard)")
_WELSH = r"(?:heol|ffordd|stryd|lon|lôn|maes|bryn|cae|llys|rhodfa|cwrt|clos|teras|nant|glan|parc|plas|pen|tan|ty|tŷ|bro)"
_UNIT = r"(?:flat|apartment|apt|unit|room|pitch|plot|bay|no\.?)"
_HOUSE_NO = r"\d{1,4}[a-z]{0,2}(?:\s?[,/]\s?\d{1,4}[a-z]{0,2}){0,2}"
_NUMBERED = re.compile(
    rf"(?<![\w/.])(?:{_UNIT}\s*)?({_HOUSE_NO},?\s+"
    rf"(?:the\s+)?(?:{_PLACE_WORD}\s+){{0,3}}(?:{_STREET})\b\.?"
    rf"|\d{{1,4}}[a-z]?,?\s+{_WELSH}\s+(?:(?:y|yr|'r)\s+)?{_WORD})", re.I)
_UNIT_IN_BUILDING = re.compile(
    rf"\b{_UNIT}\s*({_HOUSE_NO},?\s+(?:the\s+)?(?:{_PLACE_WORD}\s+){{0,2}}{_PLACE_WORD})",
    re.I)
_UNNUMBERED = re.compile(
    rf"(?:\b(?:on|in|at|off|to|from|of|address|lives|living)|,)\s+((?:{_WORD}\s+){{1,2}}?{_STRONG_STREET})\b",
    re.I)
_HOUSE_WORD = (r"(?:cottage|farm|farmhouse|lodge|barn|bungalow|manor|grange|house|vicarage|rectory|"
               r"villa|lea|view|bank|croft|hall)")
_NAMED_HOUSE = re.compile(
    rf"\b(?:at|address:?|lives|living|of|from)\s+((?:the\s+)?(?:{_PLACE_WORD}\s+){{0,2}}?{_HOUSE_WORD}"
    rf"|(?:the\s+)?(?:{_PLACE_WORD}\s+){{0,2}}{_PLACE_WORD}(?=,\s+(?:{_PLACE_WORD}\s+){{1,2}}{_STRONG_STREET}\b))\b",
    re.I)
_PLAIN_NO = r"(?<![\w/.£$:])\d{1,4}(?:[a-h](?![a-z]))?(?:\s?/\s?\d{1,4}[a-h]?)?(?![\d:.])"
_THE_NUMBERED = re.compile(rf"{_PLAIN_NO},?\s+the\s+([a-z][a-z'’-]+)(?:\s+[a-z][a-z'’-]+)?", re.I)
_NUMBER_AND_WORD = re.compile(rf"{_PLAIN_NO},?\s+(?:y\s+)?([a-z][a-z'’-]{{3,}})\b", re.I)
_NOT_A_HOUSE = re.compile(r"(?:\bp|\bpp|page|para|paragraph|section|aged?|year|yr|score|level|of)\s*\Z", re.I)

_NOT_ADDRESS_WORD = frozenset("""
a an her his their my your our its this that which what who the same other another new old
family home house same nice big small my your school nursery court hospital police station
""".split()) - {"old"}

_SCHOOL_TYPE = re.compile(
    r"\b(?:(?:c\s?of\s?e|ce|rc|r\.c\.|catholic|church|methodist|community|free|girls'?|boys'?|"
    r"grammar|infants?|junior|juniors|primary|secondary|special|short stay|prep|preparatory|high)\s+)*"
    r"(?:school|academy|primary|juniors|infants|college|sixth form(?:\s+college)?|nursery|"
    r"pre-?school|playgroup|pru|pupil referral unit|children'?s cent(?:re|er)|prim|high)"
    r"(?:\s+(?:school|academy|college|nursery))*\b", re.I)
_GENERIC_TYPE = re.compile(r"(?:school|college|high|primary|nursery)", re.I)  # "after school"
_WELSH_SCHOOL = re.compile(r"\b(?:ysgol|cylch meithrin|meithrinfa)\s+(?:(?:y|yr|gymraeg|gynradd|uwchradd|"
                           rf"{_WORD})\s*){{1,3}}", re.I)
_NOT_SCHOOL_WORD = frozenset("""
the a an at to from in into of and or with by for on her his their my your our its this that
which what who attends attending attended goes go going started starts start moved move left
leaving excluded exclusion new old local current previous former private same another other
nearby village town primary secondary high school nursery college academy infant junior
special mainstream independent state his her year reception no not any is was are were be been
has have had says said told contacted called rang emailed visited spoke dsl teacher head staff
place places placement placed named name attend cafe
""".split())

_REF_CUE = re.compile(
    r"\b(?:(?:case|cin|cp|lac|cla|crime|incident|log|police|occurrence|upn|uln|lcs|mosaic|eclipse|"
    r"child|person|client|hospital|hosp|mrn|court|family court|home office|ho|cafcass|claim|"
    r"niche|storm|athena|pnc|id)\s*(?:ref(?:erence)?|no\.?|number|num|id|#)?|"
    r"ref(?:erence)?|ref no|ref\.|no\.|#)\s*[:#.\-]?\s*"
    r"([A-Z0-9][A-Z0-9/*\-]*\d[A-Z0-9/*\-]*)", re.I)
_REF_SHAPES = re.compile(
    r"(?<![\w/])(?:\d{2}/\d{4,8}/\d{2,4}|\d{2}\*\d{5,8}|[A-Z]\d{11}[A-Z0-9]|[A-Z]{2}\d{2}[A-Z]\d{5}|"
    r"[A-Z]{1,4}[-/]?\d{2,4}[-/]\d{3,8}|[A-Z]{1,4}\d{6,12})(?![\w/])", re.I)


def find(text: str) -> list[Span]:
    """Every identifier with a recognisable shape in the text (may overlap; see spans.settle)."""
    return [*_emails(text), *_phones(text), *_long_numbers(text), *_ni(text), *_postcodes(text),
            *_dates(text), *_addresses(text), *_schools(text), *_references(text)]


def _spans(pattern: re.Pattern[str], text: str, kind: str, group: int = 0) -> Iterator[Span]:
    for m in pattern.finditer(text):
        if m.group(group):
            yield Span(m.start(group), m.end(group), kind)


def _emails(text: str) -> Iterator[Span]:
    return _spans(_EMAIL, text, "email")


def _phones(text: str) -> Iterator[Span]:
    for m in _PHONE.finditer(text):
        if not _FREEPHONE.match(m.group(0)):
            yield Span(m.start(), m.end(), "phone")


def _long_numbers(text: str) -> Iterator[Span]:
    """NHS numbers in any grouping (9 to 11 digits, mistyped ones too) and other long numbers."""
    for m in _DIGIT_RUN.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        cued = bool(_NHS_CUE.search(text[max(0, m.start() - 36):m.start()]))
        if digits.startswith("0") and not cued:
            continue  # a phone number: _phones takes it
        if cued and 9 <= len(digits) <= 11:
            yield Span(m.start(), m.end(), "nhs_number")
        elif len(digits) == 10:
            yield Span(m.start(), m.end(), "nhs_number" if valid_nhs_number(digits) else "long_number")


def valid_nhs_number(digits: str) -> bool:
    """The NHS number check digit (modulus 11) holds."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _ni(text: str) -> Iterator[Span]:
    for m in _NI.finditer(text):
        if re.search(r"\d", m.group(0)) and not m.group(0)[:2].isdigit():
            yield Span(m.start(), m.end(), "ni_number")


def _postcodes(text: str) -> Iterator[Span]:
    return _spans(_POSTCODE, text, "postcode")


def _dates(text: str) -> Iterator[Span]:
    for m in _DATES.finditer(text):
        start = m.start() + (4 if m.group(0).lower().startswith("the ") else 0)
        before = text[max(0, start - 30):start]
        if _BIRTH_CUE.search(before):
            yield Span(start, m.end(), "date_of_birth")
        elif not _NOT_EVENT.search(text[max(0, start - 45):start]):
            yield Span(start, m.end(), "date")
        else:
            yield Span(start, m.end(), "kept")  # a meeting's date: no one's name either
    for m in _BIRTH_ONLY.finditer(text):
        if _BIRTH_CUE.search(text[max(0, m.start() - 30):m.start()]):
            yield Span(m.start(), m.end(), "date_of_birth")
    # a date in brackets after a person, or eight digits that read as a date: in a message a date
    # of birth, in a published review's chronology a date like any other
    yield from _spans(_COMPACT_LONG, text, "birth_guess")
    yield from _spans(_BRACKETED, text, "birth_guess", 1)
    for m in _SLASH_DAY_MONTH.finditer(text):
        before = text[max(0, m.start() - 45):m.start()]
        if not m.group(1).endswith("/10") and m.group(1) != "24/7" and not _SCORE_CUE.search(before):
            kind = "date_of_birth" if _BIRTH_CUE.search(before[-30:]) else \
                "kept" if _NOT_EVENT.search(before) else "date"
            yield Span(m.start(1), m.end(1), kind)
    for m in _DAY_MONTH.finditer(text):
        if not _NOT_EVENT.search(text[max(0, m.start() - 45):m.start()]) and \
                not text[m.end(1):m.end(1) + 1].isdigit() and not m.group(1).endswith("/10"):
            yield Span(m.start(1), m.end(1), "date")


def _addresses(text: str) -> Iterator[Span]:
    yield from _spans(_NUMBERED, text, "address", 1)
    for m in _NUMBERED.finditer(text):
        if not m.group(1):
            yield Span(m.start(), m.end(), "address")
    for m in _UNIT_IN_BUILDING.finditer(text):
        yield Span(m.start(1), m.end(1), "address")
    for pattern, rarer_than in ((_THE_NUMBERED, 3.5), (_NUMBER_AND_WORD, 2.0)):
        for m in pattern.finditer(text):  # "4 the beeches", "2 braeside": a number and a name
            word, stop = m.group(1).lower(), lexicon().not_names
            if zipf(word) < rarer_than and word not in stop and word.rstrip("s") not in stop and \
                    not m.group(1).isupper() and \
                    not _NOT_A_HOUSE.search(text[max(0, m.start() - 12):m.start()]):
                yield Span(m.start(), m.end(), "address")
    for pattern in (_UNNUMBERED, _NAMED_HOUSE):
        for m in pattern.finditer(text):
            first = re.sub(r"^the\s+", "", m.group(1), flags=re.I).split()[0].lower()
            if first not in _NOT_ADDRESS_WORD and not (pattern is _UNNUMBERED and first != m.group(1).split()[0].lower()):
                yield Span(m.start(1), m.end(1), "address")


def _schools(text: str) -> Iterator[Span]:
    yield from _spans(_WELSH_SCHOOL, text, "school")
    for m in _SCHOOL_TYPE.finditer(text):
        start, names = _name_before(text, m.start())
        if names and (not _GENERIC_TYPE.fullmatch(m.group(0)) or all(map(_name_like, names))):
            yield Span(start, m.end(), "school")


def _name_before(text: str, at: int) -> tuple[int, list[str]]:
    """Where the name in front of a school word starts ("st mary's" primary), and its words."""
    offset = max(0, at - 60)
    taken: list[str] = []
    end = at
    for word in reversed(list(re.finditer(r"[\w'’&.-]+", text[offset:at]))):
        found, lower = word.group(0), word.group(0).lower().strip("'’")
        gap = text[offset + word.end():end]
        if len(taken) == 4 or re.search(r"[,;:()!?|\n]", gap) or found.isdigit() or \
                found.endswith(".") and lower not in ("st.", "r.c.") or \
                lower in _NOT_SCHOOL_WORD and not (lower in ("and", "&") and taken):
            break
        taken.insert(0, found)
        end = offset + word.start()
    return end, taken


def _name_like(word: str) -> bool:
    """A word that names a school rather than describes one: 'Kelvin', 'thornleigh', not 'after'."""
    lower = word.lower().strip("'’.")
    return word[:1].isupper() or lower in ("st", "saint") or zipf(lower) < 3.0


def _references(text: str) -> Iterator[Span]:
    for m in _REF_CUE.finditer(text):
        if len(re.sub(r"\D", "", m.group(1))) >= 4 and not re.fullmatch(r"s\d+", m.group(1), re.I):
            yield Span(m.start(1), m.end(1), "reference")
    yield from _spans(_REF_SHAPES, text, "reference")
