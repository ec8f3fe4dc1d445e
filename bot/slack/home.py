"""The App Home tab: what the bot knows, the person's recent asks, how to use it."""

from __future__ import annotations

from ..records.models import Ask
from ..reflection.inputs import HELP_MESSAGE
from .blocks import MAX_BLOCKS, clip, context_block, escape, section_block

HOW_TO = ("*How to use me*\n• Mention me in a channel, or message me here, describing the "
          "situation; I answer in the thread, and a reply in the thread carries on.\n"
          "• `/reflect your situation` answers privately, with a button to share.\n"
          "• `/supervise` (supervisors) runs a reflective supervision session in a thread and "
          "ends with an action plan and a record for the case file.\n"
          "• Please don't type children's names or details: I remove the ones I recognise "
          "before anything is searched or stored, and tell you what I removed.")


def home_view(index: dict, theme_labels: list[str], recent: list[Ask],
              supervision: list[dict] | None = None) -> dict:
    """The Home tab view for one person (supervision: their actions and sessions, as blocks)."""
    documents = index.get("documents", {})
    titles = sorted(f"{d.get('title')} ({d.get('year') or 'year unknown'})"
                    for d in documents.values())
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Reflective supervision"}},
        section_block(escape(HELP_MESSAGE)),
        section_block(HOW_TO),
        {"type": "divider"},
        section_block(f"*What I know*: {len(documents)} documents, last indexed "
                 f"{escape(index.get('built_at') or 'never')}\n"
                 + escape(clip(", ".join(titles), 2500))),
        context_block("Themes: " + escape(clip(", ".join(theme_labels), 1900))),
        {"type": "divider"},
    ]
    if recent:
        lines = [f"• {a.created_at:%d %b %H:%M} — {escape(clip(a.prompt, 140))}" for a in recent]
        blocks.append(section_block("*Your recent asks*\n" + "\n".join(lines)))
    else:
        blocks.append(section_block("*Your recent asks*\nNone yet."))
    blocks += supervision or []
    return {"type": "home", "blocks": blocks[:MAX_BLOCKS]}
