"""Ask and record: the one function every chat surface (Slack, terminal) calls to answer."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..privacy import Remembered, describe, found_names, redact
from ..records import asks, memory
from ..records.access import audit
from ..records.db import session_for
from ..reflection import Answer, Engine
from ..reflection.inputs import within_limit

log = logging.getLogger(__name__)


@dataclass
class Reply:
    answer: Answer
    ask_id: int | None  # None when nothing was stored (an empty prompt)
    privacy_note: str  # what was removed and why, for the asker alone; '' when nothing was
    stored: str = ""  # the prompt as the record keeps it (redacted); '' when nothing was stored


def ask_and_record(engine: Engine, database_url: str, *, text: str, surface: str,
                   slack_team: str = "", slack_user: str = "", channel: str = "",
                   thread_ts: str = "", message_ts: str = "", follow_up: bool = False) -> Reply:
    """Answer a prompt (with the thread so far when it follows up) and store it as an ask.

    A Slack message (message_ts) is stored once: asked again, as when a worker died before its
    reply reached Slack and Slack retried, the stored answer comes back.
    """
    text, cut = within_limit(text or "")
    context: tuple[str, ...] = ()
    scope = memory.thread_scope(channel, thread_ts) if channel and thread_ts else ""
    key = engine.settings.redaction_key() if scope else b""
    known: Remembered | None = None
    with session_for(database_url) as session:
        earlier = asks.ask_for_message(session, channel=channel, message_ts=message_ts) \
            if message_ts else None
        if earlier is not None:
            answer = Answer.from_dict(earlier.answer)
            return Reply(answer, earlier.id, describe(answer.redactions), earlier.prompt)
        if follow_up:
            context = tuple(asks.thread_prompts(session, channel=channel, thread_ts=thread_ts))
        if scope:  # names the thread has shown go from this message too, in any case or form
            known = memory.recall(session, scope=scope, key=key)
    answer = engine.ask(text, context=context, known=known)  # no transaction held while searching
    if cut:
        answer.notes.insert(0, cut)
    if answer.needs_more:
        return Reply(answer, None, describe(answer.redactions))
    prompt = redact(text, known=known)[0]
    with session_for(database_url) as session:
        ask = asks.record_ask(session, surface=surface, prompt=prompt,
                              answer=answer.to_dict(full=True), slack_team=slack_team,
                              slack_user=slack_user, channel=channel, thread_ts=thread_ts,
                              message_ts=message_ts)
        ask_id = ask.id
        if known is not None:
            memory.remember(session, scope=scope, key=key, words=found_names(text, known),
                            known=known)
    log.info("ask recorded ask_id=%s surface=%s user=%s channel=%s", ask_id, surface,
             slack_user, channel)
    return Reply(answer, ask_id, describe(answer.redactions), prompt)


def stored_answer(database_url: str, *, ask_id: int, slack_user: str) -> Answer | None:
    """An earlier answer, for the person who asked it only (None for anyone else)."""
    with session_for(database_url) as session:
        ask = asks.get_ask(session, ask_id)
        if ask is None or ask.slack_user != slack_user:
            return None
        return Answer.from_dict(ask.answer)


def record_feedback(database_url: str, *, ask_id: int, slack_user: str, helpful: bool,
                    channel: str | None = None, reason: str = "") -> bool:
    """Store a feedback click (from `channel`) or reason (redacted). False, storing nothing, when
    the ask does not exist or was not shown to this person: only the asker, or someone in the
    channel the answer was posted in, rates it; a reason only follows that person's own click."""
    with session_for(database_url) as session:
        ask = asks.get_ask(session, ask_id)
        if ask is None:
            return False
        shown = ask.slack_user == slack_user or (
            ask.channel == channel if channel is not None
            else asks.gave_feedback(session, ask_id=ask_id, slack_user=slack_user))
        if not shown:
            audit(session, actor=slack_user, action="refused", subject=f"ask:{ask_id}",
                  detail="feedback on an answer not shown to them")
            log.warning("feedback refused ask_id=%s user=%s", ask_id, slack_user)
            return False
        asks.record_feedback(session, ask_id=ask_id, slack_user=slack_user, helpful=helpful,
                             reason=redact(reason)[0])
        return True


def in_bot_thread(database_url: str, *, channel: str, thread_ts: str) -> bool:
    with session_for(database_url) as session:
        return asks.is_bot_thread(session, channel=channel, thread_ts=thread_ts)


def recent_asks(database_url: str, *, slack_user: str) -> list:
    """The person's latest asks, newest first."""
    with session_for(database_url) as session:
        return asks.recent_asks(session, slack_user=slack_user)


def claim_event(database_url: str, *, event_id: str, pending: dict | None = None) -> bool:
    """True when this worker should handle this Slack event (see asks.claim_event); `pending` is
    the event to answer again should this worker die first (its text must be redacted)."""
    with session_for(database_url) as session:
        return asks.claim_event(session, event_id=event_id, pending=pending)


def abandoned_events(database_url: str) -> list[dict]:
    with session_for(database_url) as session:
        return asks.abandoned_events(session)


def finish_event(database_url: str, *, event_id: str) -> None:
    with session_for(database_url) as session:
        asks.finish_event(session, event_id=event_id)
