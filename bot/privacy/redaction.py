"""Find and remove a live child's identifiers from what a practitioner types.

Precision matters less than recall here: a wrongly removed word costs a little search quality,
a missed NHS number is a breach. Every replacement is a bracketed label the reader understands.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from . import patterns
from .memory import Remembered
from .names import find_names, names_in
from .spans import Span, settle


@dataclass(frozen=True)
class Redaction:
    """What was removed: a kind ('nhs_number', 'name'...) and how many times."""

    kind: str
    count: int


_LABELS = {
    "email": "[email]", "nhs_number": "[NHS number]", "phone": "[phone]",
    "ni_number": "[NI number]", "date_of_birth": "[date of birth]", "date": "[date]",
    "postcode": "[postcode]", "address": "[address]", "name": "[name]", "long_number": "[number]",
    "school": "[school]", "reference": "[reference]",
}
_NOUNS = {  # singular, plural
    "email": ("email address", "email addresses"), "nhs_number": ("NHS number", "NHS numbers"),
    "phone": ("phone number", "phone numbers"),
    "ni_number": ("National Insurance number", "National Insurance numbers"),
    "date_of_birth": ("date of birth", "dates of birth"), "date": ("full date", "full dates"),
    "postcode": ("postcode", "postcodes"), "address": ("street address", "street addresses"),
    "name": ("name", "names"), "long_number": ("ten-digit number", "ten-digit numbers"),
    "school": ("school or nursery", "schools or nurseries"),
    "reference": ("case or crime reference", "case or crime references"),
}


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


def redact(text: str, kinds: frozenset[str] = ALL_KINDS,
           known: Remembered | None = None) -> tuple[str, list[Redaction]]:
    """The text with identifiers (of the given kinds) replaced by labels, and what was removed;
    always storable, as everything stored passes through here. `known` holds the names found
    earlier in the same conversation (see `found_names`), removed wherever they appear again."""
    text = storable(text)
    spans = _find(text, kinds, known)
    counts: Counter[str] = Counter()
    parts, at = [], 0
    for span in spans:
        parts += [text[at:span.start], _LABELS[span.kind]]
        counts[span.kind] += 1
        at = span.end
    parts.append(text[at:])
    return "".join(parts), [Redaction(kind, counts[kind]) for kind in _LABELS if counts[kind]]


def warm() -> None:
    """Load the word lists the redactor needs (about two seconds), once per process."""
    from .lexicon import zipf
    from .other_language import LANGUAGES, welsh

    redact("mum jade rang from 07700 900123 about baby grace")
    for language in LANGUAGES:
        zipf("dom", language)
    welsh()


def found_names(text: str, known: Remembered | None = None) -> set[str]:
    """The name words removed from the text (lower case, no accents): what a conversation
    remembers, as keyed digests (see memory), so later mentions go too."""
    text = storable(text)
    return names_in(text, _find(text, ALL_KINDS, known))


@lru_cache(maxsize=256)  # the same message is redacted by several layers on its way through
def _find(text: str, kinds: frozenset[str], known: Remembered | None) -> list[Span]:
    in_message = "date" in kinds  # a document keeps its chronology's dates
    shaped = []
    for span in patterns.find(text):
        if span.kind == "birth_guess":
            span = Span(span.start, span.end, "date_of_birth" if in_message else "kept")
        if span.kind in kinds or span.kind == "kept":
            shaped.append(span)
    taken = settle(shaped)
    if "name" in kinds:
        taken = settle(taken + find_names(text, taken, known))
    return [s for s in taken if s.kind != "kept"]


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
