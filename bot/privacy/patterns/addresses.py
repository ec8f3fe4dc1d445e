"""Addresses: a number and a street, flats in named blocks, named houses, streets without a
number, Welsh street names, pitches on a site."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..lexicon import lexicon, zipf
from ..spans import Span
from .words import WORD, spans

_FUNCTION = (r"(?:in|at|on|to|for|with|and|or|of|from|by|a|an|is|was|are|her|his|their|my|our|your|"
             r"mum|dad|kids|children|child|times|weeks|days|months|years|visits|people|of|each|per|"
             r"mins?|minutes|hours?|hrs|miles|km|sessions|calls|referrals|files|cases)\b")
_PLACE_WORD = rf"(?!{_FUNCTION}){WORD}"
_STREET = (r"(?:street|st|road|rd|avenue|ave|lane|ln|close|drive|dr|way|court|ct|crescent|cres|"
           r"place|pl|grove|terrace|terr|gardens|gdns|walk|mews|row|square|sq|hill|park|view|rise|"
           r"green|parade|fold|croft|crofts|meadow|meadows|brow|gate|wharf|estate|boulevard|"
           r"broadway|vale|wynd|brae|chase|approach|yard|quay|mount|villas|cottages|bank|"
           r"heights|court|house|tower|towers|point|lodge|mansions|buildings|apartments|plaza|"
           r"mill|works|hall|flats|end|side|field|fields|nook|dale|grange|cottage|farm|cl)")
_STRONG_STREET = (r"(?:street|st|road|rd|avenue|ave|lane|crescent|cres|drive|grove|terrace|gardens|"
                  r"gdns|mews|close|way|heights|mansions|towers|parade|boulevard)")
_WELSH = (r"(?:heol|ffordd|stryd|lon|lôn|maes|bryn|cae|llys|rhodfa|cwrt|clos|teras|nant|glan|parc|"
          r"plas|pen|tan|ty|tŷ|bro)")
_UNIT = r"(?:flat|apartment|apt|unit|room|pitch|plot|bay|no\.?)"
_HOUSE_NO = r"\d{1,4}[a-z]{0,2}(?:\s?[,/]\s?\d{1,4}[a-z]{0,2}){0,2}"
_NUMBERED = re.compile(
    rf"(?<![\w/.])(?:{_UNIT}\s*)?({_HOUSE_NO},?\s+"
    rf"(?:the\s+)?(?:{_PLACE_WORD}\s+){{0,3}}(?:{_STREET})\b\.?"
    rf"|\d{{1,4}}[a-z]?,?\s+{_WELSH}\s+(?:(?:y|yr|'r)\s+)?{WORD})", re.I)
_UNIT_NO = r"\d{1,4}[a-z]{0,2}(?:\s?[,/\s]\s?\d{1,4}[a-z]{0,2}){0,2}"  # "flat 28b 26"
_UNIT_IN_BUILDING = re.compile(
    rf"\b{_UNIT}\s*({_UNIT_NO},?\s+(?:the\s+)?(?:{_PLACE_WORD}\s+){{0,2}}{_PLACE_WORD})",
    re.I)
_UNNUMBERED = re.compile(
    rf"(?:\b(?:on|in|at|off|to|from|of|address|lives|living)|,)\s+((?:{WORD}\s+){{1,2}}?{_STRONG_STREET})\b",
    re.I)
_HOUSE_WORD = (r"(?:cottage|farm|farmhouse|lodge|barn|bungalow|manor|grange|house|vicarage|rectory|"
               r"villa|lea|view|bank|croft|hall)")
_NAMED_HOUSE = re.compile(
    rf"\b(?:at|to|address:?|lives|living|of|from)\s+((?:the\s+)?(?:{_PLACE_WORD}\s+){{0,2}}?{_HOUSE_WORD}"
    rf"|{_WELSH}\s+(?:y\s+|yr\s+)?{WORD}"
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



def find(text: str) -> Iterator[Span]:
    yield from spans(_NUMBERED, text, "address", 1)
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
            words = m.group(1).lower().split()
            first = words[1] if words[0] == "the" and len(words) > 1 else words[0]
            if first not in _NOT_ADDRESS_WORD and not (pattern is _UNNUMBERED and words[0] == "the"):
                yield Span(m.start(1), m.end(1), "address")
