"""Render an answer for a terminal (rich), readably: learning, citations, questions."""

from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.text import Text

from ..ingest.model import role_label
from ..privacy import describe
from .answer import Answer, heading


def citation(title: str, partnership: str | None, year: int | None, section: str) -> str:
    """'Child B1 (Leicester Safeguarding Children Board, 2016), 16 What did ..., para 16.7'."""
    where = ", ".join(str(x) for x in (partnership, year) if x)
    return f"{title}{f' ({where})' if where else ''} — {section}"


def render(answer: Answer, kept: str = "") -> Group:
    """A rich renderable of the whole answer; `kept`, the line showing the prompt as stored,
    follows the note on what was removed."""
    parts: list = []
    removed = describe(answer.redactions)
    if removed:
        parts.append(Text(removed, style="yellow"))
        if kept:
            parts.append(Text(kept, style="yellow"))
    for note in answer.notes:
        parts.append(Text(note, style="italic"))
    if answer.learning:
        parts.append(Text(heading(answer.evidence) + ":", style="bold"))
    if answer.themes:
        parts.append(Text("Themes: " + ", ".join(t.label for t in answer.themes), style="cyan"))
    for n, item in enumerate(answer.learning, 1):
        body = Text(item.text)
        cite = citation(item.title, item.partnership, item.year, item.section)
        parts.append(Panel(body, title=f"{n}. {role_label(item.role) or 'from the document'}",
                           subtitle=Text(cite[:150], style="dim"), title_align="left",
                           subtitle_align="left"))
    if answer.procedures:
        parts.append(Text("Procedures to look at:", style="bold"))
        parts += [Text(f"  • {p.title} ({p.text})") for p in answer.procedures]
    if answer.questions:
        parts.append(Text("Questions to reflect on:", style="bold"))
        parts += [Text(f"  • {q.text}" + (f" (asked in {q.origin})" if q.origin else ""))
                  for q in answer.questions]
    return Group(*parts)
