"""Find and remove a live child's identifiers from what a practitioner types.

Precision matters less than recall here: a wrongly removed word costs a little search quality,
a missed NHS number is a breach. Every replacement is a bracketed label the reader understands.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"\b(?:{_DAY}[/.\-]{{1}}(?:0?[1-9]|1[0-2])[/.\-](?:\d{{4}}|\d{{2}})"  # 12/03/2019, 1.3.19
    rf"|(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"  # 2019-03-12
    rf"|{_DAY}\s+(?:of\s+)?{_MONTHS}\.?,?\s+(?:19|20)\d\d"  # 12 March 2019, 12th of mar 2019
    rf"|{_MONTHS}\.?\s+{_DAY},?\s+(?:19|20)\d\d)\b",  # March 12, 2019
    re.I,
)
_BIRTH_CONTEXT = re.compile(r"(d\.?\s?o\.?\s?b|date of birth|born|birthday|b\.)\W{0,3}$", re.I)
_EMAIL = re.compile(r"\b[\w.+'-]+@[\w-]+(?:\.[\w-]+)+\b")
_TEN_DIGITS = re.compile(r"(?<![\d+])(\d{3})[\s-]?(\d{3})[\s-]?(\d{4})(?!\d)")
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)")
_NI = re.compile(r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.I)
_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s*\d[ABD-HJLNP-UW-Z]{2}\b", re.I)
_STREET = (r"(?:street|st|road|rd|avenue|ave|lane|ln|close|drive|dr|way|court|ct|crescent|cres|"
           r"place|pl|grove|terrace|gardens|gdns|walk|mews|row|square|sq|hill|park|view|rise|"
           r"green|parade|fold|croft|meadow|meadows|brow|gate|wharf|estate)")
_ADDRESS = re.compile(
    rf"\b(?:(?:flat|apartment|apt|unit)\s+\d+[a-z]?,?\s+)?\d{{1,4}}[a-z]?,?\s+"
    rf"(?:[a-z'’-]+\s+){{1,3}}{_STREET}\b\.?",
    re.I,
)
_NAME = r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2}"
_INTRODUCED = re.compile(
    r"\b(?:(?:his|her|their|the child'?s?|child'?s|baby'?s|kid'?s|my|full)\s+name\s+is|"
    r"(?:is\s+)?(?:called|named|known\s+as))\s+([A-Za-z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2})",
)
_RELATION = re.compile(
    rf"\b(?i:child|son|daughter|baby|boy|girl|brother|sister|sibling|toddler|infant|twin|"
    rf"stepson|stepdaughter|grandson|granddaughter|nephew|niece|pupil|student|mum|mother|dad|"
    rf"father|stepdad|stepmum|partner|boyfriend|girlfriend|nan|gran|grandmother|grandfather|"
    rf"uncle|aunt|auntie|carer),?\s+({_NAME})\b"
)
_NAME_BEFORE_ID = re.compile(
    rf"\b({_NAME})\s*[,(]?\s*(?:\((?:dob|d\.o\.b\.?|born)?\s*|(?:dob|d\.o\.b\.?|born|aged?)\s*:?\s*)?"
    r"\[(?:date of birth|NHS number|address|date)\]"
)
_NOT_NAMES = frozenset("""
i the a an he she they we it this that what when where who why how mum mother dad father child
protection plan in need social care services health visitor school police monday tuesday
wednesday thursday friday saturday sunday january february march april may june july august
september october november december and or but with has had was is are be also then today
yesterday tomorrow lives living aged age born dob nhs
""".split())
_REVIEW_NAMES = re.compile(r"^(?:Child\s+)?[A-Z]{1,2}\d?(?:/[A-Z]\d)?$")


@dataclass(frozen=True)
class Redaction:
    """What was removed: a kind ('nhs_number', 'name'...) and how many times."""

    kind: str
    count: int


_LABELS = {
    "email": "[email]", "nhs_number": "[NHS number]", "phone": "[phone]",
    "ni_number": "[NI number]", "date_of_birth": "[date of birth]", "date": "[date]",
    "postcode": "[postcode]", "address": "[address]", "name": "[name]", "long_number": "[number]",
}
_NOUNS = {  # singular, plural
    "email": ("email address", "email addresses"), "nhs_number": ("NHS number", "NHS numbers"),
    "phone": ("phone number", "phone numbers"),
    "ni_number": ("National Insurance number", "National Insurance numbers"),
    "date_of_birth": ("date of birth", "dates of birth"), "date": ("full date", "full dates"),
    "postcode": ("postcode", "postcodes"), "address": ("street address", "street addresses"),
    "name": ("name", "names"), "long_number": ("ten-digit number", "ten-digit numbers"),
}


def valid_nhs_number(digits: str) -> bool:
    """The NHS number check digit (modulus 11) holds."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


ALL_KINDS = frozenset(_LABELS)
# In a published review, names are pseudonyms ("Child LI", "Alice"), dates make its chronology
# and a street pattern meets numbered paragraphs ("19.1 Culture is a way of life"): a document
# loses only what no review should ever carry.
DOCUMENT_KINDS = frozenset({"email", "nhs_number", "long_number", "ni_number", "phone",
                            "postcode", "date_of_birth"})


_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")  # NUL and lone surrogates: no database takes them


def storable(text: str) -> str:
    """The text without the characters no database stores (a NUL, half a surrogate pair)."""
    return _UNSTORABLE.sub("", text)


def redact(text: str, kinds: frozenset[str] = ALL_KINDS) -> tuple[str, list[Redaction]]:
    """The text with identifiers (of the given kinds) replaced by labels, and what was removed;
    always storable, as everything stored passes through here."""
    text = storable(text)
    counts: Counter[str] = Counter()

    def sub(pattern: re.Pattern[str], kind: str, text: str, group: int = 0) -> str:
        def replace(m: re.Match[str]) -> str:
            found = m.group(group)
            if kind not in kinds or kind == "name" and (found.split()[0].lower() in _NOT_NAMES
                                                        or _REVIEW_NAMES.match(found)):
                return m.group(0)
            counts[kind] += 1
            start, end = m.start(group) - m.start(0), m.end(group) - m.start(0)
            whole = m.group(0)
            return whole[:start] + _LABELS[kind] + whole[end:]
        return pattern.sub(replace, text)

    text = sub(_EMAIL, "email", text)
    text = _TEN_DIGITS.sub(lambda m: _nhs(m, counts, kinds), text)
    text = sub(_NI, "ni_number", text)
    text = sub(_PHONE, "phone", text)
    text = _DATE.sub(lambda m: _date(m, text, counts, kinds), text)
    text = sub(_ADDRESS, "address", text)
    text = sub(_POSTCODE, "postcode", text)
    text = sub(_INTRODUCED, "name", text, group=1)
    text = sub(_RELATION, "name", text, group=1)
    text = sub(_NAME_BEFORE_ID, "name", text, group=1)
    return text, [Redaction(kind, n) for kind, n in counts.items()]


def _nhs(m: re.Match[str], counts: Counter[str], kinds: frozenset[str]) -> str:
    digits = "".join(m.groups())
    if digits.startswith("0") and not valid_nhs_number(digits):
        return m.group(0)  # a phone number: the phone pattern takes it
    # otherwise an NHS number, or a mistyped one or a case number: identifying all the same
    kind = "nhs_number" if valid_nhs_number(digits) else "long_number"
    return _count(kind, counts, kinds) or m.group(0)


def _date(m: re.Match[str], text: str, counts: Counter[str], kinds: frozenset[str]) -> str:
    before = text[max(0, m.start() - 20):m.start()]
    kind = "date_of_birth" if _BIRTH_CONTEXT.search(before) else "date"
    return _count(kind, counts, kinds) or m.group(0)


def _count(kind: str, counts: Counter[str], kinds: frozenset[str]) -> str:
    """The label for a found identifier, counted; '' when its kind is not being removed."""
    if kind not in kinds:
        return ""
    counts[kind] += 1
    return _LABELS[kind]


def describe(redactions: list[Redaction]) -> str:
    """A sentence telling the person what was removed and why, or '' when nothing was."""
    if not redactions:
        return ""
    return (f"To protect the family's privacy I removed {counted(redactions)} before searching or "
            "saving your message. Please use initials or a case reference instead.")


def counted(redactions: list[Redaction]) -> str:
    """What was removed, in words: '2 NHS numbers and 1 date of birth'."""
    parts = [f"{r.count} {_NOUNS[r.kind][r.count > 1]}" for r in redactions]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
