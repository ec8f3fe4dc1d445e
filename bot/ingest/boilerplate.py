"""Blocks that are boilerplate wherever they stand: a letter's date, salutation and signature,
a table's header row, an inspection saying how it was made, a review saying how reviews work."""

from __future__ import annotations

import re

from .model import Block, Section
from .roles import is_self_question

_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december)"
_FURNITURE = re.compile(
    rf"^((\d{{1,2}}(st|nd|rd|th)? )?{_MONTH},? (19|20)\d\d|dear [^.!?]{{1,60}}|www\.\S+)$"
    r"|crown copyright", re.I)
_LABEL = re.compile(  # a short line labelled so: 'Inspection dates: ...', 'Lead inspector: ...'
    r"^(inspection dates?|report published|published|last (updated|reviewed)|date of publication|"
    r"contact for enquiries|lead inspector|deputy lead inspector|team inspectors?|user researchers?|"
    r"independent author)\s*:", re.I)
_SIGN_OFF = re.compile(r"^yours (sincerely|faithfully)\b", re.I)
# An inspection's account of itself: when, by whom, under which framework.
_ABOUT_INSPECTION = re.compile(
    r"^(this letter\b[^.]{0,80}\b(summarises|outlines|sets out)|this (joint )?(inspection|visit)\b[^.]{0,80}"
    r"\b(took place|was carried out|was conducted|was undertaken)|between [^.]{5,250}\bundertook a joint"
    r"|inspectors (looked at|considered|have looked|evaluated)|the inspection of the local authority "
    r"was carried out|ofsted produces this report|ofsted will take the findings|this joint inspection"
    r"|her majesty.s chief inspector [^.]{0,80}\bis leading)", re.I)
# A review's account of how reviews are made, under its introduction or process heading.
_REVIEW_PROCESS = re.compile(
    r"working together( to safeguard children)?,? \(?(19|20)\d\d"
    r"|\b(serious case|safeguarding practice|case|learning|rapid) reviews? (is|are|was|were|should|must|"
    r"will)\b[^.]{0,60}\b(conducted|commissioned|undertaken|carried out|take place|a part of|required)\b"
    r"|\bpurpose of (a|the|this) [a-z ]{0,40}review\b|^reviews (therefore )?(must|should)\b"
    r"|\bmet the criteria for\b|\bthe (case )?review panel\b", re.I)
_PROCESS_HEADING = re.compile(r"introduction|background|process|\breview\b", re.I)
_NOT_REVIEWS = ("guidance", "research", "inspection", "procedure")
_JUDGEMENT = re.compile(r"^(inadequate|requires improvement( to be good)?|good|outstanding)$", re.I)


def block_roles(section: Section, kind: str | None = None) -> list[str]:
    """Each block's role: the section's, save boilerplate (context) and a self-question anywhere
    (a reflection question)."""
    if section.role == "context":
        return ["context"] * len(section.blocks)
    process = (kind not in _NOT_REVIEWS and section.role in ("background", "other") and bool(section.path)
               and bool(_PROCESS_HEADING.search(section.path[-1])))
    roles: list[str] = []
    signed = lead = False  # after 'Yours sincerely'; after a boilerplate lead-in ending ':'
    for i, block in enumerate(section.blocks):
        signed = signed or bool(_SIGN_OFF.match(block.text))
        labelled = bool(_LABEL.match(block.text)) and len(block.text.split()) <= 20
        boilerplate = (signed or labelled or bool(_FURNITURE.search(block.text))
                       or is_header_row(section.blocks, i)
                       or (kind == "inspection" and (not section.path or _ABOUT_INSPECTION.match(block.text)))
                       or (process and (bool(_REVIEW_PROCESS.search(block.text))
                                        or (lead and block.kind == "bullet"))))
        if boilerplate:
            roles.append("context")
        elif section.role != "reflection_question" and is_self_question(block.text):
            roles.append("reflection_question")
        else:
            roles.append(section.role)
        if block.kind != "bullet":
            lead = boilerplate and block.text.endswith(":")
    return roles


def is_header_row(blocks: list[Block], i: int) -> bool:
    """A table's first row, of labels ('Name | Relations'), above its rows; or a row of
    questions a template asks ('What needs to happen? | Who will do it?')."""
    block = blocks[i]
    if block.kind != "row" or (i > 0 and blocks[i - 1].kind == "row"):
        return False
    cells = block.text.split(" | ")
    if len(cells) < 2:
        return False
    if all(c.endswith("?") for c in cells):
        return True
    above = i + 1 < len(blocks) and blocks[i + 1].kind == "row"
    return above and all(_label(c) for c in cells)


def _label(cell: str) -> bool:
    """A column's label: short, or a question a form asks; no number, grade or sentence."""
    words = len(cell.split())
    return (words <= 14 or "?" in cell and words <= 25) and not cell[:1].isdigit() \
        and not _JUDGEMENT.match(cell) and not (cell.endswith(".") and words > 2)
