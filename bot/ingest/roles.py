"""Which role a section plays, read from its headings."""

from __future__ import annotations

import re

# Checked in order against each heading, innermost first; the first group that matches wins.
_ROLE_PATTERNS: list[tuple[str, tuple[str, ...]]] = [
    ("reflection_question", ("what does this mean for me", "questions for", "reflective question",
                             "questions to consider", "self-reflection", "questions?")),
    ("recommendation", ("recommendation", "what needs to happen", "actions required", "needs to improve",
                        "areas for improvement", "area for improvement", "areas for development",
                        "priority action", "what should happen")),
    ("action", ("action plan", "implementing change", "what actions", "next steps")),
    ("learning_point", ("learning point", "lessons learn", "key lessons", "learning for",
                        "lessons for", "key learning", "what we learned")),
    ("other", ("learn more", "references", "methodology", "terms of reference", "independence",
               "confidentiality", "timescales", "dissemination", "family involvement",
               "contents", "glossary", "training")),
    ("finding", ("finding", "conclusion", "analysis", "emerging issue", "voice of the child",
                 "going well", "working well", "key issue", "what went well", "practice issues",
                 "strengths", "key strength", "practice study", "case study", "effective practice",
                 "what is working")),
    ("concern", ("safeguarding concern", "worried about", "concerns", "risks")),
    ("incident", ("incident", "what happened")),
    ("background", ("background", "story", "introduction", "family composition", "chronology",
                    "significant events", "narrative", "summary of events", "overview",
                    "process")),
    ("procedure", ("procedure", "multi-agency responses", "protocol", "policy", "practice guidance")),
]

# Guidance asks its questions of the reader ("What is the status of this guidance?"); a review's
# questions are its lines of enquiry, answered by findings beneath them.
_NO_KEY_QUESTIONS = ("guidance", "research")

_SELF_QUESTION = re.compile(
    r"^(before [^?]{0,80}, )?(am i|do i|have i|can i|could i|would i|should i|how do i|how can i|"
    r"what do i|who do i|is my|are my|does my|how will i|what would i)\b",
    re.I,
)


def role_for(path: list[str], kind: str | None = None) -> str:
    """The role of a section with this heading path in a document of this kind."""
    if kind == "procedure":
        return "procedure"
    for heading in reversed(path):
        low = heading.lower().strip()
        if re.sub(r"[^a-z ]", "", low).strip() in ("the review", "review"):
            return "other"
        for role, patterns in _ROLE_PATTERNS:
            question = low.endswith("?") and len(low.split()) > 6 and kind not in _NO_KEY_QUESTIONS
            if role == "concern" and question:
                return "finding"  # a review's key question, analysed beneath it
            if any(p in low for p in patterns):
                return role
    return "other"


def is_self_question(text: str) -> bool:
    """A question a document asks of practitioners themselves ("Am I aware of...?")."""
    return text.rstrip().endswith("?") and bool(_SELF_QUESTION.match(text.strip()))
