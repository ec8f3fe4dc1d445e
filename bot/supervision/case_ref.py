"""A case reference must be the case system's reference, never a child's name or identifiers."""

from __future__ import annotations

import re

from ..privacy import ALL_KINDS, counted, redact

_IDENTIFIERS = ALL_KINDS - {"reference"}  # a case reference is what this field is for

MAX_LENGTH = 40
ADVICE = "Use the reference from your case system (for example CR-2024-0113), not a child's name."


def case_ref_problem(text: str) -> str:
    """Why this cannot be a case reference, or '' when it can."""
    ref = text.strip()
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
