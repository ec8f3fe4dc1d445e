"""Dates: of birth in any form, and of events in the family's life, not of meetings."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..spans import Span
from .words import spans


def _other_months() -> str:
    """Month names in the other languages families here write ('stycznia', 'ianuarie', 'Mawrth',
    'enero'), from dateparser's language data: four letters or more, and none an English word."""
    from importlib import import_module

    from wordfreq import zipf_frequency

    names: set[str] = set()
    for code in ("pl", "ro", "cy", "lt", "lv", "pt", "es", "cs", "sk", "fr", "it", "de", "nl", "tr", "hu"):
        info = import_module(f"dateparser.data.date_translation_data.{code}").info
        for month in ("january", "february", "march", "april", "may", "june", "july", "august",
                      "september", "october", "november", "december"):
            names.update(n.lower() for n in info.get(month, []) if len(n) >= 4)
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)
                    if zipf_frequency(n, "en") <= 2.5)


_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           rf"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|{_other_months()})")
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_SEP = r"\s?[/.\-]{1,2}\s?"
_NUMERIC_DATE = rf"(?:0?[1-9]|[12]\d|3[01]){_SEP}(?:0?[1-9]|1[0-2]){_SEP}(?:(?:19|20)\d\d|\d\d)"
_DATES = re.compile(
    rf"(?<![\w/.])(?:{_NUMERIC_DATE}"
    rf"|(?:19|20)\d\d-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])"
    rf"|(?:the\s+)?{_DAY}\.?\s+(?:of\s+|de\s+)?{_MONTHS}\b\.?(?:,?\s+(?:de\s+)?(?:(?:19|20)\d\d|['’]?\d\d))?"
    rf"|{_MONTHS}\.?\s+{_DAY}\b(?:,?\s+(?:19|20)\d\d)?)(?![\w/])",
    re.I,
)
# a month and year, or digits run together, are a date of birth only after a birth word
_COMPACT = r"(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:(?:19|20)\d\d|\d\d)"
_BIRTH_ONLY = re.compile(
    rf"(?<![\w/.])(?:{_MONTHS}\.?,?\s+(?:de\s+)?(?:(?:19|20)\d\d|['’]\d\d)|(?:0?[1-9]|1[0-2])/(?:19|20)\d\d"
    rf"|{_COMPACT}|(?:0?[1-9]|[12]\d|3[01])[/.\-](?:0?[1-9]|1[0-2]))(?![\w/])", re.I)
# eight digits that read as a day, month and year of birth, or any date in brackets after a person
_COMPACT_LONG = re.compile(
    r"(?<![\w/.])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19[2-9]\d|20[0-2]\d)(?![\w/])")
_BRACKETED = re.compile(
    rf"\(\s*({_COMPACT}|{_NUMERIC_DATE}|{_DAY}\s+{_MONTHS}\.?\s+(?:(?:19|20)\d\d|\d\d))\s*\)", re.I)
# a day and month without a year, with a slash ('11/03'), not a score ('7/10') or '24/7'
_SLASH_DAY_MONTH = re.compile(r"(?<![\w/.£$])((?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2]))(?![\w/%]|\.\d)")
_SCORE_CUE = re.compile(r"\b(?:scor|rat|scale|out of|level|gcp)\w*[^.\n]{0,20}\Z|\bx\W{0,3}\Z", re.I)
# a day and month without a year with a dot: a chronology's line, or after a word that dates an
# event ("since 23.10", "visited 26.09", "moved to Bristol 29.01")
_EVENT_WORD = (r"on|since|seen|from|on the|visited|excluded|missing|released|arrested|attended|"
               r"found|sectioned|evicted|disclosed|referred|moved to \w+|moved")
_DAY_MONTH = re.compile(
    rf"(?:^|(?<=\n)|(?<=[-–•*]\s)|(?:\b(?:{_EVENT_WORD})\s))"
    r"((?:0?[1-9]|[12]\d|3[01])[/.](?:0?[1-9]|1[0-2]))(?![\w/%]|\.\d)", re.I)
# with the words for born in the other languages: urodzona, născută, nascido, nacimiento, ganwyd,
# gimęs, narozená/nar.
_BIRTH_CUE = re.compile(r"(?:\bd\.?\s?o\.?\s?b\b\.?|date of birth|\bborn\b|\bbirthday\b|\bbday\b|"
                        r"\bb\.|\bturns? \d+|\bwill be \d+|\burodzon[aey]\b|\bn[ăa]scut[ăa]?\b|"
                        r"\bnascid[oa]\b|\bnacimiento\b|\bnacid[oa]\b|\bganwyd\b|\bgim[ęe]s\b|"
                        r"\bgimusi\b|\bnaro[zž]en[aáýy]?\b|\bnar\.)"
                        r"\W{0,4}(?:on\s+|in\s+|w\s+|în\s+|pe\s+|a\s+|el\s+|ar\s+)?(?:the\s+)?$", re.I)
# Dates of meetings, hearings and bookings are not events in the family's life (the policy)
_NOT_EVENT = re.compile(
    r"\b(?:para(?:graph)?|section|i?cpc|rcpc|conf(?:erence)?|core group|strat(?:egy)?|review|"
    r"meeting|mtg|court|hearing|"
    r"irh|fhdra|ffh|marac|mappa|panel|supervision|training|session|deadline|due|booked|book|"
    r"appt|appointment|next|planned|scheduled|until|by|before|lac|cla|cin|pep|tac|tam|"
    r"will|going to|plan to|expected|edd|listed|adjourned|continued|postponed|rearranged|"
    r"deferred|provisional\w*|likely|pencilled|tbc|inset|course|workshop|forum|"
    r"party|event)\b(?:[^.;:!?\n]|[.:](?=\d)){0,25}\Z",
    re.I)



def find(text: str) -> Iterator[Span]:
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
    yield from spans(_COMPACT_LONG, text, "birth_guess")
    yield from spans(_BRACKETED, text, "birth_guess", 1)
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
