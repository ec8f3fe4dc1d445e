"""A case reference must be the case system's reference, never a child's name or identifiers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..privacy import ALL_KINDS, counted, redact

_IDENTIFIERS = ALL_KINDS - {"reference"}  # a case reference is what this field is for

MAX_LENGTH = 40
ADVICE = "Use the reference from your case system (for example CR-2024-0113), not a child's name."
TEAM_ADVICE = ("Name the team or the learning event (for example North CIN team, Q4 learning), "
               "never a child or a family.")


@dataclass(frozen=True)
class _Field:
    name: str  # as the messages call it
    given: str  # what to give, when nothing was
    characters: str  # the pattern the whole reference matches
    listed: str  # those characters, as the message lists them
    advice: str


_CASE = _Field("case reference", "the case reference", r"[A-Za-z0-9][A-Za-z0-9 /_.\-]*",
               "/ _ . -", ADVICE)
_TEAM = _Field("team reference", "the team's reference", r"[A-Za-z0-9][A-Za-z0-9 /_.&'’()\-]*",
               "/ _ . & ' ( ) -", TEAM_ADVICE)


def case_ref_problem(text: str, team: bool = False) -> str:
    """Why this cannot be a case reference, or '' when it can. A team session's reference names
    the team or the learning event instead: words are welcome (no digits needed), but no
    person's name or other identifier; a case system's reference may stand for it too."""
    ref, field = text.strip(), _TEAM if team else _CASE
    if not ref:
        return f"Give {field.given}. " + field.advice
    if len(ref) > MAX_LENGTH:
        return f"A {field.name} is at most {MAX_LENGTH} characters. " + field.advice
    if not re.fullmatch(field.characters, ref):
        return f"A {field.name} holds letters, digits, spaces and {field.listed} only. " + field.advice
    if not team and not re.search(r"\d", ref):
        return "A case reference has digits in it, and this has none: it looks like a name. " + ADVICE
    found = redact(ref, _IDENTIFIERS)[1]
    if found:
        return f"That looks like it holds a personal identifier ({counted(found)}). " + field.advice
    if not team and any(len(word) > 4 and not word.isupper() for word in re.findall(r"[A-Za-z]+", ref)):
        return "That looks like it holds a name. " + ADVICE
    return ""
