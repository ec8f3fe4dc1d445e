"""A case reference must be the case system's reference, never a child's name or identifiers."""

from __future__ import annotations

import re

from ..privacy import ALL_KINDS, counted, redact

_IDENTIFIERS = ALL_KINDS - {"reference"}  # a case reference is what this field is for

MAX_LENGTH = 40
ADVICE = "Use the reference from your case system (for example CR-2024-0113), not a child's name."


TEAM_ADVICE = ("Name the team or the learning event (for example North CIN team, Q4 learning), "
               "never a child or a family.")


def case_ref_problem(text: str, team: bool = False) -> str:
    """Why this cannot be a case reference, or '' when it can. A team session's reference names
    the team or the learning event instead: words are welcome, but no person's name or other
    identifier."""
    ref = text.strip()
    if team:
        return _team_ref_problem(ref)
    if not ref:
        return "Give the case reference. " + ADVICE
    if len(ref) > MAX_LENGTH:
        return f"A case reference is at most {MAX_LENGTH} characters. " + ADVICE
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 /_.\-]*", ref):
        return "A case reference holds letters, digits, spaces and / _ . - only. " + ADVICE
    if not re.search(r"\d", ref):
        return "A case reference has digits in it, and this has none: it looks like a name. " + ADVICE
    found = redact(ref, _IDENTIFIERS)[1]
    if found:
        return f"That looks like it holds a personal identifier ({counted(found)}). " + ADVICE
    if any(len(word) > 4 and not word.isupper() for word in re.findall(r"[A-Za-z]+", ref)):
        return "That looks like it holds a name. " + ADVICE
    return ""


def _team_ref_problem(ref: str) -> str:
    if not ref:
        return "Give the team's reference. " + TEAM_ADVICE
    if len(ref) > MAX_LENGTH:
        return f"A team reference is at most {MAX_LENGTH} characters. " + TEAM_ADVICE
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 /_.&'’()\-]*", ref):
        return "A team reference holds letters, digits, spaces and / _ . & ' ( ) - only. " + TEAM_ADVICE
    found = redact(ref, _IDENTIFIERS)[1]  # a case system's reference may stand for the team's
    if found:
        return f"That looks like it holds a personal identifier ({counted(found)}). " + TEAM_ADVICE
    return ""
