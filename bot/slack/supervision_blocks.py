"""Block Kit for supervision: the /supervise modal, a step in the thread, the action modal, the close."""

from __future__ import annotations

import json
from datetime import date

from ..records.models import Action, SupervisionSession
from ..reflection.present import day, in_words
from ..supervision.frameworks import Frameworks
from ..supervision.sessions import State
from ..supervision.signoff import Closing
from . import ids
from .blocks import MAX_BLOCKS, MAX_SECTION, clip, context_block, escape, section_block, user_ref

OPTION_TEXT = 75  # Slack's limit for an option's text


def _plain(text: str, limit: int = 150) -> dict:
    return {"type": "plain_text", "text": clip(text, limit)}


def _option(value: str, text: str) -> dict:
    return {"text": _plain(text, OPTION_TEXT), "value": value}


def _input(block_id: str, label: str, element: dict, optional: bool = False, hint: str = "") -> dict:
    block = {"type": "input", "block_id": block_id, "optional": optional, "label": _plain(label),
             "element": {**element, "action_id": ids.VALUE}}
    if hint:
        block["hint"] = _plain(hint, 2000)
    return block


def _button(text: str, action_id: str, value: str, style: str = "") -> dict:
    button = {"type": "button", "text": _plain(text, OPTION_TEXT), "action_id": action_id,
              "value": value}
    if style:
        button["style"] = style
    return button


def open_view(frameworks: Frameworks, reviews: dict[str, str], channel: str) -> dict:
    """The modal /supervise opens: framework, who, case reference, functions, review."""
    blocks = [
        _input("framework", "Framework", {"type": "static_select", "options": [
            _option(f.id, f.name) for f in frameworks.frameworks]},
            hint="; ".join(f"{f.name}: {f.summary}" for f in frameworks.frameworks)),
        _input("supervisee", "Practitioner (one-to-one supervision)", {"type": "users_select"},
               optional=True),
        _input("team_channel", "Team channel (team sessions)",
               {"type": "conversations_select", "filter": {"include": ["public", "private"]}},
               optional=True),
        _input("case_ref", "Case reference", {"type": "plain_text_input", "max_length": 40},
               hint="The reference from your case system, never the child's name. For a team "
                    "session, the team or the learning event (e.g. North CIN team, Q4 learning)."),
        _input("functions", "Functions of supervision in focus", {"type": "checkboxes", "options": [
            _option(f.id, f.label) for f in frameworks.functions]}, optional=True),
    ]
    if reviews:
        blocks.append(_input("review", "Review (team learning from one review)", {
            "type": "static_select", "options": [_option(path, title) for path, title in
                                                 sorted(reviews.items(), key=lambda x: x[1])][:100]},
            optional=True))
    return {"type": "modal", "callback_id": ids.SUPERVISE_VIEW,
            "private_metadata": json.dumps({"channel": channel}),
            "title": _plain("Reflective supervision", 24), "submit": _plain("Start", 24),
            "close": _plain("Cancel", 24), "blocks": blocks}


def opening_values(view: dict) -> dict:
    """What the person chose in the /supervise modal, as plain values."""
    values = view["state"]["values"]

    def pick(block: str) -> dict:
        return values.get(block, {}).get(ids.VALUE, {}) or {}

    return {
        "framework": (pick("framework").get("selected_option") or {}).get("value", ""),
        "supervisee": pick("supervisee").get("selected_user") or "",
        "team_channel": pick("team_channel").get("selected_conversation") or "",
        "case_ref": pick("case_ref").get("value") or "",
        "functions": tuple(o["value"] for o in pick("functions").get("selected_options") or []),
        "review": (pick("review").get("selected_option") or {}).get("value", ""),
    }


def session_header(state: State, review_title: str, functions: tuple[str, ...] = ()) -> str:
    who = f"with {user_ref(state.supervisee)}" if state.supervisee else "with the team"
    about = f" on the review {escape(review_title)}" if review_title else ""
    ref = "team" if state.framework.audience == "team" else "case"
    focus = f" Functions in focus: {escape(', '.join(functions))}." if functions else ""
    return (f"*Supervision session {state.id}*: {escape(state.framework.name)} {who}{about}, "
            f"{ref} {escape(state.case_ref)}, led by {user_ref(state.supervisor)}.{focus} I keep the "
            "record in this thread: each reply is stored as an entry at the step it was posted in.")


def step_blocks(state: State) -> list[dict]:
    """One step: its prompts, guidance for the supervisor, and the buttons that move the session."""
    step, n = state.step, len(state.framework.steps)
    prompts = "\n".join(f"• {escape(p)}" for p in step.prompts)
    blocks: list[dict] = [
        {"type": "header", "text": _plain(f"Step {state.index + 1} of {n}: {step.title}")},
        section_block(prompts),
        context_block(f"For the supervisor: {escape(step.guidance)}"),
    ]
    if step.scale:
        blocks.append({"type": "actions", "block_id": f"scale_{state.id}_{state.index}", "elements": [{
            "type": "static_select", "action_id": ids.SESSION_SCALE,
            "placeholder": _plain("How safe is the child? 0-10"),
            "options": [_option(f"{state.id}:{v}", f"{v} out of 10") for v in range(11)]}]})
    blocks.append(context_block("Reply in this thread to add to this step."))
    blocks.append(_session_buttons(state))
    return blocks


CLOSE_CONFIRM = ("The session is signed off with the record as it stands: nothing more can be "
                 "added to it. The action plan stays open until each action is marked done.")


def _session_buttons(state: State) -> dict:
    here = f"{state.id}:{state.index}"
    elements = []
    if state.index > 0:
        elements.append(_button("Back", ids.SESSION_BACK, here))
    if state.step.actions:
        elements.append(_button("Add an action", ids.SESSION_ADD_ACTION, str(state.id), "primary"))
    if state.step.actions or state.step.learning:
        elements.append(_button("Record a decision", ids.SESSION_ADD_DECISION, str(state.id)))
    if state.is_last:  # its modal asks for the oversight and next date, and is the confirmation
        elements.append(_button("Close and sign off", ids.SESSION_CLOSE, str(state.id), "danger"))
    else:
        elements.append(_button("Next step", ids.SESSION_NEXT, here, "primary"))
    elements.append(_button("Pause", ids.SESSION_PAUSE, str(state.id)))
    return {"type": "actions", "block_id": f"session_{here}", "elements": elements}


def moved_on(text: str) -> list[dict]:
    """What a step message becomes once the session has left it (no stale buttons)."""
    return [context_block(text)]


def panels_messages(title: str, panels: list[tuple[str, str]]) -> list[list[dict]]:
    """The review's panels whole, for a team to read before discussing: a long panel runs over
    several sections, broken between lines, and the panels over as many messages as they need."""
    sections: list[dict] = []
    for heading, text in panels:
        lines = [escape(line).replace("- ", "• ", 1) if line.startswith("- ") else escape(line)
                 for line in text.splitlines() if line.strip()]
        part = f"*{escape(heading)}*"
        for line in lines:
            if len(part) + len(line) + 1 > MAX_SECTION - 100:
                sections.append(section_block(part))
                part = ""
            part = f"{part}\n{line}" if part else clip(line, MAX_SECTION - 100)
        sections.append(section_block(part))
    per = MAX_BLOCKS - 1
    header = {"type": "header", "text": _plain(f"{title}: the panels")}
    return [([header] if i == 0 else []) + sections[i:i + per] for i in range(0, len(sections), per)]


def recap_blocks(lines: tuple[str, ...]) -> list[dict]:
    """Where a resumed session stands, so no one has to scroll back through the thread."""
    return [section_block("*Where we are*\n" + "\n".join(f"• {escape(line)}" for line in lines))]


def paused_blocks(session_id: int, who: str) -> list[dict]:
    return [section_block(f"Session {session_id} paused by <@{who}>. Everything so far is stored; "
                          "resume when you are ready, even days from now."),
            {"type": "actions", "block_id": f"paused_{session_id}", "elements": [
                _button("Resume", ids.SESSION_RESUME, str(session_id), "primary")]}]


def action_view(session_id: int, today: date) -> dict:
    """The action plan template: what, who, by when, how we'll know it's done, and that it worked."""
    text = {"type": "plain_text_input", "multiline": True, "max_length": 1000}
    return {"type": "modal", "callback_id": ids.ACTION_VIEW, "private_metadata": str(session_id),
            "title": _plain("Add an action", 24), "submit": _plain("Add", 24),
            "close": _plain("Cancel", 24), "blocks": [
                _input("what", "What needs to happen?", text),
                _input("who", "Who will do it?", {"type": "users_select"}),
                _input("due", "By when?", {"type": "datepicker", "initial_date": today.isoformat()}),
                _input("done_check", "How will you know it has been done?", text),
                _input("worked_check", "How will you know it has worked?", text)]}


def decision_view(session_id: int) -> dict:
    """A decision the session reached and the reason for it, as the case file needs both."""
    text = {"type": "plain_text_input", "multiline": True, "max_length": 1000}
    return {"type": "modal", "callback_id": ids.DECISION_VIEW, "private_metadata": str(session_id),
            "title": _plain("Record a decision", 24), "submit": _plain("Record", 24),
            "close": _plain("Cancel", 24), "blocks": [
                _input("what", "What was decided?", text),
                _input("rationale", "Why: the reasons and what was weighed", text)]}


def sign_off_view(session_id: int, today: date, back_to: dict) -> dict:
    """Close and sign off: the supervisor's management oversight and the next supervision date.
    `back_to` is the step message whose buttons retire once it is signed off."""
    return {"type": "modal", "callback_id": ids.SIGN_OFF_VIEW,
            "private_metadata": json.dumps({"session": session_id, **back_to}),
            "title": _plain("Close and sign off", 24), "submit": _plain("Sign off", 24),
            "close": _plain("Not yet", 24), "blocks": [
                section_block(CLOSE_CONFIRM),
                _input("oversight", "Management oversight", {
                    "type": "plain_text_input", "multiline": True, "max_length": 2000},
                    hint="Your view of the work and the direction you have given, as it should "
                         "read on the case file."),
                _input("next_date", "Next supervision", {"type": "datepicker",
                                                         "initial_date": today.isoformat()})]}


def form_values(view: dict) -> dict[str, str]:
    """Every text, user and date a modal holds, by block: what the person entered."""
    found = {}
    for block, inputs in view["state"]["values"].items():
        element = inputs.get(ids.VALUE) or {}
        found[block] = str(element.get("value") or element.get("selected_user")
                           or element.get("selected_date") or "")
    return found


def action_values(view: dict) -> dict[str, str]:
    values = view["state"]["values"]

    def pick(block: str) -> dict:
        return values.get(block, {}).get(ids.VALUE, {}) or {}

    return {"what": pick("what").get("value") or "", "who": pick("who").get("selected_user") or "",
            "due": pick("due").get("selected_date") or "",
            "done_check": pick("done_check").get("value") or "",
            "worked_check": pick("worked_check").get("value") or ""}


def action_line(action: Action, today: date) -> str:
    overdue = action.status == "open" and action.due < today
    flag = " :warning: *overdue*" if overdue else ""
    done = " ✓ done" if action.status == "done" else ""
    return (f"*{escape(clip(action.what, 300))}* — {user_ref(action.owner)}, by "
            f"{in_words(action.due)}{flag}{done}")


def closing_blocks(closing: Closing) -> list[dict]:
    sid, state = str(closing.state.id), closing.state
    buttons = [_button("Export PDF for the case file", ids.EXPORT_PDF, sid, "primary"),
               _button("Export Markdown", ids.EXPORT_MD, sid)]
    found = [{"type": "header", "text": _plain(f"Session {sid} closed and signed off")},
             section_block(escape(closing.summary))]
    if state.supervisee and not state.acknowledged_by:
        buttons.append(_button("I have read this record", ids.SESSION_ACKNOWLEDGE, sid))
        found.append(context_block(f"{user_ref(state.supervisee)}, please read the record and "
                                   "acknowledge it: your acknowledgement is kept with it."))
    return found + [{"type": "actions", "block_id": f"export_{sid}", "elements": buttons},
                    context_block("The export arrives in a direct message, to those entitled to "
                                  "the record.")]


def home_supervision_blocks(actions: list[Action], sessions: list[SupervisionSession],
                            today: date, frameworks: Frameworks) -> list[dict]:
    """App Home: the person's open actions (overdue first to the eye) and their sessions."""
    blocks: list[dict] = [{"type": "divider"}]
    if not actions:
        blocks.append(section_block("*Your actions*\nNo open actions."))
    else:
        blocks.append(section_block("*Your actions*"))
        for action in actions[:15]:
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": action_line(action, today)},
                           "accessory": _button("Mark done", ids.ACTION_DONE, str(action.id))})
    if sessions:
        blocks.append(section_block("*Your supervision sessions*"))
        for row in sessions[:8]:
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": clip(
                f"Session {row.id} · {escape(frameworks.name_of(row.framework))} · "
                f"{escape(row.case_ref)} · "
                f"{row.status} · {day(row.created_at)}", 3000)},
                "accessory": _button("Export PDF", ids.EXPORT_PDF, str(row.id))})
    return blocks
