"""Which role a section plays, read from its headings and the kind of document it is in."""

from __future__ import annotations

import re

# Checked in order against each heading, innermost first; the first group that matches wins.
_ROLE_PATTERNS: list[tuple[str, str]] = [
    ("reflection_question", r"what does this mean for me|questions for|reflective question|"
                            r"questions to consider|self-reflection|questions\?"),
    ("recommendation", r"recommendation|what needs to happen|actions required|needs to improve|"
                       r"areas? for improvement|areas for development|priority action|what should happen"),
    ("action", r"action plan|implementing change|what actions|next steps"),
    ("learning_point", r"learning point|lessons learn|key lessons|learning for|lessons for|key learning|"
                       r"what we learned|messages for (practitioners|professionals|practice)"),
    # Boilerplate a practitioner should never be shown as learning: how the review or report
    # was made, who made it, where to read more.
    ("context", r"learn more|references|bibliography|further (reading|information)|useful (links|resources)|"
                r"\bmethod(s|ology)\b|research design|data collection|terms of reference|\bscope\b|"
                r"independence|confidentiality|timescales|dissemination|family involvement|contents|"
                r"glossary|explanation of terms|abbreviations|acknowledge?ment|"
                r"^(multi-agency |our |further )?training\b|"
                r"review process|process and background|introduction to (the|this) review|"
                r"about this (report|review|guid|document|briefing|inspection|publication)|"
                r"information about this|status of this guid|who is this guid|how this guide works|"
                r"report structure|review date|contact (details|us)|inspection team"),
    ("finding", r"finding|conclusion|analysis|emerging issue|voice of the child|going well|working well|"
                r"key issue|what went well|practice issues|strengths|key strength|practice study|"
                r"case study|effective practice|what is working|good practice|what (the review|we) found"),
    ("concern", r"safeguarding concern|worried about|concerns|risks"),
    ("incident", r"incident|what happened"),
    ("background", r"background|story|introduction|family composition|chronology|significant events|"
                   r"narrative|summary of events|overview|process"),
    ("procedure", r"procedure|multi-agency responses|protocol|policy|practice guidance"),
]
_PROCESS_HEADINGS = ("the review", "review", "the case review", "process", "the process")
_COMPILED = [(role, re.compile(pattern)) for role, pattern in _ROLE_PATTERNS]

# A case's concerns, incident and background are a review's; guidance, research and inspections
# use those words of their own subject, and a policy they mention is no local procedure.
_CASE_ROLES = ("concern", "incident", "background", "procedure")
# (the heading roles a kind's headings can give, the role of its body where none does)
_KINDS: dict[str, tuple[tuple[str, ...], str]] = {
    "guidance": (("reflection_question", "context"), "guidance"),
    "research": (("reflection_question", "recommendation", "action", "learning_point", "context",
                  "finding"), "finding"),
    "inspection": (("reflection_question", "recommendation", "action", "learning_point", "context",
                    "finding"), "finding"),
}
# A procedure is procedure throughout, save what is plainly not: where to read more.
_PROCEDURE_CONTEXT = re.compile(r"references|related (policies|procedures|documents)|further reading|"
                                r"glossary|contents|document control|version history|acknowledge?ment")

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
        return "context" if any(_PROCEDURE_CONTEXT.search(h.lower()) for h in path) else "procedure"
    allowed, body = _KINDS.get(kind or "", (tuple(r for r, _ in _ROLE_PATTERNS), "other"))
    for heading in reversed(path):
        role = _heading_role(heading.lower().strip(), kind, allowed)
        if role:
            return role
    return body


def _heading_role(low: str, kind: str | None, allowed: tuple[str, ...]) -> str | None:
    if re.sub(r"[^a-z ]", "", low).strip() in _PROCESS_HEADINGS and "context" in allowed:
        return "context"
    question = low.endswith("?") and len(low.split()) > 6 and kind not in _NO_KEY_QUESTIONS
    for role, pattern in _COMPILED:
        if role == "concern" and question and "finding" in allowed:
            return "finding"  # a review's key question, analysed beneath it
        if role in allowed and pattern.search(low):
            return role
    return None


def names_a_part(heading: str) -> bool:
    """The heading names a part of a review or inspection that holds what follows it."""
    return role_for([heading]) not in ("other", "context")


def is_self_question(text: str) -> bool:
    """A question a document asks of practitioners themselves ("Am I aware of...?")."""
    return text.rstrip().endswith("?") and bool(_SELF_QUESTION.match(text.strip()))
