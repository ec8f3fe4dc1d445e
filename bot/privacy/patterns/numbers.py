"""Identifiers made of digits and letters: e-mails, phones, NHS and NI numbers, postcodes and
case, crime and school references, in every grouping practitioners type."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..spans import Span
from .words import spans

_EMAIL = re.compile(r"[\w.+'’-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?<![\w+.])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)\d(?:[\s\-.)]{0,2}\d){8,9}(?![\d])")
# another country's number, as families who moved here keep them: +48 601 234 567, 0040 722...
_INTERNATIONAL = re.compile(r"(?<![\w+])(?:\+|00)\s?[1-9]\d{0,2}(?:[\s\-.()]{0,2}\d){6,12}(?!\d)")
_FREEPHONE = re.compile(r"^\(?0?(?:800|808)")  # helplines (NSPCC, Childline) stay
_DIGIT_RUN = re.compile(r"(?<![\w/.£$])\d(?:[\s\-.]?\d){6,11}(?![\w/])")
_NHS_CUE = re.compile(r"\bnhs\b[^\d\n]{0,30}\Z", re.I)
# with its suffix letter any two letters lead (a mistyped one identifies all the same); without
# it, only the letters HMRC issues
_NI = re.compile(
    r"(?<![\w])(?:[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]|"
    r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2})(?![\w])", re.I)
_POSTCODE = re.compile(r"(?<![\w])(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s*\d[ABD-HJLNP-UW-Z]{2}(?![\w])", re.I)

_REF_CUE = re.compile(
    r"\b(?:(?:case|cin|cp|lac|cla|crime|incident|log|police|occurrence|upn|uln|lcs|mosaic|eclipse|"
    r"child|person|client|hospital|hosp|mrn|court|family court|home office|ho|cafcass|claim|"
    r"niche|storm|athena|pnc|id)\s*(?:ref(?:erence)?|no\.?|number|num|id|#)?|"
    r"ref(?:erence)?|ref no|ref\.|no\.|#)\s*[:#.\-]?\s*"
    r"([A-Z0-9][A-Z0-9/*\-]*\d[A-Z0-9/*\-]*)", re.I)
_REF_SHAPES = re.compile(
    r"(?<![\w/])(?:\d{2}/\d{4,8}/\d{2,4}|\d{2}\*\d{5,8}|[A-Z]\d{11}[A-Z0-9]|[A-Z]{2}\d{2}[A-Z]\d{5}|"
    r"[A-Z]{1,4}[-/]?\d{2,4}[-/]\d{3,8}|[A-Z]{1,4}\d{6,12})(?![\w/])", re.I)


def find(text: str) -> Iterator[Span]:
    yield from spans(_EMAIL, text, "email")
    yield from _phones(text)
    yield from _long_numbers(text)
    yield from _ni(text)
    yield from spans(_POSTCODE, text, "postcode")
    yield from _references(text)


def _phones(text: str) -> Iterator[Span]:
    for m in _PHONE.finditer(text):
        if not _FREEPHONE.match(m.group(0)):
            yield Span(m.start(), m.end(), "phone")
    yield from spans(_INTERNATIONAL, text, "phone")


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


def _references(text: str) -> Iterator[Span]:
    for m in _REF_CUE.finditer(text):
        if len(re.sub(r"\D", "", m.group(1))) >= 4 and not re.fullmatch(r"s\d+", m.group(1), re.I):
            yield Span(m.start(1), m.end(1), "reference")
    yield from spans(_REF_SHAPES, text, "reference")
