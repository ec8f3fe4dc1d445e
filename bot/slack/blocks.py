"""Block Kit payloads, built by plain functions from plain data and kept within Slack's limits."""

from __future__ import annotations

import re

from ..conversation.corrections import GONE, KEPT, REFUSED, REMOVED
from ..ingest.inspect import Inspection
from ..reflection import Answer
from ..reflection.answer import PROCEDURES_HEADING, heading
from ..reflection.present import role_heading, source_name
from . import ids

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_CONTEXT = 2000
MAX_FALLBACK = 3000
MAX_PASSAGE = 1200
MAX_KEPT = 2600  # the stored text shown in a privacy note, quoted, within a section

NOTHING_CLOSE = ("*Nothing close in the reviews.* None of the case reviews I hold speaks closely "
                 "to this, so I'm not citing any. These questions may still help.")


def escape(text: str) -> str:
    """Text safe to echo in mrkdwn: no <!channel> pings, user mentions or links, no broken markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def user_ref(user_id: str) -> str:
    """A mention of a Slack user ID; anything else that claims to be one is shown as plain text."""
    return f"<@{user_id}>" if re.fullmatch(r"[UW][A-Z0-9]{2,20}", user_id) else escape(user_id)


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def citation(title: str, partnership: str | None, year: int | None, section: str,
             link: str | None) -> str:
    """'Child B1 (Leicester Safeguarding Children Board, 2016) · 16 What did…, para 16.7'."""
    name = escape(source_name(title, partnership, year))
    if link:
        url = link if link.startswith("http") else f"https://{link}"
        name = f"<{escape(url)}|{name}>"
    return f"{name} · {escape(clip(section, 200))}"


def section_block(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, MAX_SECTION)}}


def context_block(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(text, MAX_CONTEXT)}]}


def _quote(text: str, limit: int = MAX_PASSAGE) -> str:
    return "\n".join("> " + line for line in escape(clip(text, limit)).splitlines())


def privacy_note_blocks(note: str, stored: str, remove_action: str, record_id: int) -> list[dict]:
    """The private note: what was removed, the text exactly as the record keeps it, and a button
    that takes it out of the record."""
    confirm = {"title": {"type": "plain_text", "text": "Remove from the record?"},
               "text": {"type": "mrkdwn", "text": "It leaves the record and its exports for good. A "
                        "message you posted stays in Slack until you delete it there."},
               "confirm": {"type": "plain_text", "text": "Remove"},
               "deny": {"type": "plain_text", "text": "Keep"}, "style": "danger"}
    return [section_block(escape(note)),
            section_block(f"*{KEPT}:*\n{_quote(stored, MAX_KEPT)}"),
            {"type": "actions", "block_id": f"kept_{record_id}", "elements": [{
                "type": "button", "action_id": remove_action, "value": str(record_id),
                "style": "danger", "confirm": confirm,
                "text": {"type": "plain_text", "text": "Remove this from the record"}}]}]


REMOVED_MESSAGES = {  # what the remove button's clicker is told
    REMOVED: "Removed from the record: it no longer appears in exports or in your App Home. A "
               "message you posted stays in Slack until you delete it there.",
    GONE: "That is no longer in the record.",
    REFUSED: "Only the person who wrote it can remove it from the record.",
}


def answer_blocks(answer: Answer, ask_id: int | None, shareable: bool = False) -> list[dict]:
    """The answer as blocks: notes, cited learning, procedures, questions, themes, buttons."""
    blocks: list[dict] = [context_block(escape(n)) for n in answer.notes
                          if not (answer.no_match and n.startswith("Nothing in the case"))]
    if answer.needs_more:
        return blocks
    if answer.no_match:
        blocks.append(section_block(NOTHING_CLOSE))
    learning: list[dict] = []
    if answer.learning:
        learning.append({"type": "header", "text": {"type": "plain_text", "emoji": False,
                                                     "text": heading(answer.evidence)}})
    for n, item in enumerate(answer.learning, 1):
        label = role_heading(item.role)
        cite = citation(item.title, item.partnership, item.year, item.section, item.link)
        learning.append(section_block(f"*{n}. {label}* — {cite}\n{_quote(item.text)}"))
    procedures: list[dict] = []
    if answer.procedures:
        named = [f"• *{escape(p.title)}* — {escape(clip(p.text, 300))}"
                 for p in answer.procedures if not p.section]
        procedures.append(section_block(f"*{PROCEDURES_HEADING}*" + "".join(
            "\n" + line for line in named)))
        procedures += [section_block(f"*{escape(p.title)}* · {escape(clip(p.section, 200))}\n"
                                     f"{_quote(p.text)}") for p in answer.procedures if p.section]
    blocks += procedures + learning if answer.lead == "procedures" else learning + procedures
    if answer.questions:
        blocks.append({"type": "divider"})
        lines = [f"• {escape(q.text)}" + (f" _(asked in {escape(q.origin)})_" if q.origin else "")
                 for q in answer.questions]
        blocks.append(section_block("*Questions to reflect on*\n" + "\n".join(lines)))
    if answer.themes:
        blocks.append(context_block("Themes: " + ", ".join(escape(t.label) for t in answer.themes)))
    if ask_id is not None:
        blocks.append(_buttons(ask_id, shareable))
    return blocks[:MAX_BLOCKS]


def _buttons(ask_id: int, shareable: bool) -> dict:
    elements = [
        {"type": "button", "action_id": ids.FEEDBACK_HELPFUL, "value": str(ask_id),
         "text": {"type": "plain_text", "text": "Helpful"}},
        {"type": "button", "action_id": ids.FEEDBACK_NOT_HELPFUL, "value": str(ask_id),
         "text": {"type": "plain_text", "text": "Not helpful"}},
    ]
    if shareable:
        elements.insert(0, {"type": "button", "action_id": ids.SHARE_ANSWER, "style": "primary",
                            "value": str(ask_id),
                            "text": {"type": "plain_text", "text": "Share in channel"}})
    return {"type": "actions", "block_id": f"ask_{ask_id}", "elements": elements}


def fallback_text(answer: Answer) -> str:
    """The plain-text version, for notifications and clients that cannot show blocks."""
    if answer.needs_more:
        return escape(answer.notes[0])
    if answer.no_match:
        head = "Nothing close in the reviews."
    else:
        learning = ("From case reviews: " if answer.evidence == "strong" else
                    "Not a close match; the closest learning: ") + "; ".join(
            f"{escape(i.title)} ({escape(clip(i.section, 80))})" for i in answer.learning)
        procedures = f"{PROCEDURES_HEADING}: " + "; ".join(
            escape(p.title) for p in answer.procedures)
        parts = ([procedures] if answer.procedures else []) + ([learning] if answer.learning else [])
        head = " ".join(parts if answer.lead == "procedures" else reversed(parts))
    questions = " ".join(escape(q.text) for q in answer.questions[:2])
    return clip(f"{head} Questions: {questions}", MAX_FALLBACK)


RECORDS_DOWN = ("I can't reach the records database just now, so I haven't answered: every "
                "answer is kept in the supervision record, and nothing of this one was saved. "
                "Please ask again in a few minutes; if it keeps happening, tell your admin.")


def apology_blocks(records_down: bool = False) -> tuple[str, list[dict]]:
    text = RECORDS_DOWN if records_down else (
        "Sorry, something went wrong on my side and I couldn't answer that. Nothing you typed "
        "was stored. Please try again in a minute; if it keeps happening, tell your admin.")
    return text, [section_block(text)]


def feedback_reason_view(ask_id: int) -> dict:
    """The modal that asks, optionally, why an answer was not helpful."""
    return {
        "type": "modal", "callback_id": ids.FEEDBACK_REASON_VIEW, "private_metadata": str(ask_id),
        "title": {"type": "plain_text", "text": "Not helpful"},
        "submit": {"type": "plain_text", "text": "Send"},
        "close": {"type": "plain_text", "text": "Skip"},
        "blocks": [{
            "type": "input", "block_id": ids.FEEDBACK_REASON_BLOCK, "optional": True,
            "label": {"type": "plain_text", "text": "What was missing or wrong? (optional)"},
            "element": {"type": "plain_text_input", "action_id": ids.FEEDBACK_REASON_INPUT,
                        "multiline": True, "max_length": 1000},
        }],
    }


def inspection_summary(found: Inspection) -> str:
    """What the reader understood of an upload, in a few lines: kind, publisher, sections,
    passages by role, and what it left out."""
    about = " · ".join(x for x in (found.kind or "kind unknown",
                                   f"published by {found.publisher}" if found.publisher else "",
                                   str(found.year or "")) if x)
    lines = [f"*What I read:* {escape(about)}",
             f"{_count(len(found.sections), 'section')}, {_count(found.passages, 'passage')}: "
             f"{escape(found.role_summary())}"
             + (" (context is never shown as learning)" if "context" in found.roles else "")]
    if found.left_out:
        lines.append("Left out: " + escape(", ".join(left.counted() for left in found.left_out
                                                     if left.what != "identifiers")))
    return "\n".join(line for line in lines if not line.endswith("Left out: "))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def upload_offer(name: str, metadata: dict, removed: str, found: Inspection | None,
                 value: str) -> tuple[str, list[dict]]:
    """The reply to an admin's upload: what was inferred, what the reader understood, and the
    button that opens the metadata modal."""
    title, year = metadata.get("title"), metadata.get("year")
    text = (f"I read *{escape(name)}*: title “{escape(str(title))}”, year "
            f"{year or 'unknown'}. Confirm its details to add it to the knowledge base.")
    if removed:
        text += (f" It holds identifiers no published review should ({escape(removed)}): "
                 "I'll take them out before indexing. Check it is the published version.")
    blocks = [section_block(text)]
    if found is not None:
        blocks.append(context_block(inspection_summary(found)))
    blocks.append({"type": "actions", "elements": [{
        "type": "button", "action_id": ids.ADD_UPLOAD, "style": "primary",
        "text": {"type": "plain_text", "text": "Add to knowledge base"}, "value": value}]})
    return text, blocks
