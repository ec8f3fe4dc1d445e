"""Render an answer for a terminal (rich), readably: learning, citations, questions."""

from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.text import Text

from ..privacy import describe
from ..reflection.answer import PROCEDURES_HEADING, Answer, heading
from ..reflection.present import citation, role_heading


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
    if answer.themes:
        parts.append(Text("Themes: " + ", ".join(t.label for t in answer.themes), style="cyan"))
    learning: list = []
    if answer.learning:
        learning.append(Text(heading(answer.evidence) + ":", style="bold"))
    for n, item in enumerate(answer.learning, 1):
        body = Text(item.text)
        cite = citation(item.title, item.partnership, item.year, item.section)
        learning.append(Panel(body, title=f"{n}. {role_heading(item.role)}",
                              subtitle=Text(cite[:150], style="dim"), title_align="left",
                              subtitle_align="left"))
    procedures: list = []
    if answer.procedures:
        procedures.append(Text(PROCEDURES_HEADING + ":", style="bold"))
        procedures += [Text(f"  • {p.title} ({p.text})") for p in answer.procedures if not p.section]
        procedures += [Panel(Text(p.text), title="from the guidance", title_align="left",
                             subtitle=Text(f"{p.title} — {p.section}"[:150], style="dim"),
                             subtitle_align="left") for p in answer.procedures if p.section]
    parts += procedures + learning if answer.lead == "procedures" else learning + procedures
    if answer.questions:
        parts.append(Text("Questions to reflect on:", style="bold"))
        parts += [Text(f"  • {q.text}" + (f" (asked in {q.origin})" if q.origin else ""))
                  for q in answer.questions]
    return Group(*parts)
