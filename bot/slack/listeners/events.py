"""Mentions, direct messages and thread follow-ups: the answer goes in the thread."""

from __future__ import annotations

import json
import re
import time

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient

from ... import conversation
from ...conversation.corrections import without_mentions
from ...privacy import redact
from ...records.db import unreachable
from .. import blocks
from ..deps import Deps, log
from . import corrections, supervision
from .inputs import event_id as _event_id
from .inputs import typed_text

REPLIES = (None, "thread_broadcast")  # a reply also sent to the channel is still a reply


def register(app: App, deps: Deps) -> None:
    @app.middleware
    def skip_events_already_handled(body: dict, client: WebClient, next, logger,  # type: ignore[no-untyped-def]
                                    request) -> BoltResponse | None:
        event_id = _event_id(body) if body.get("type") == "event_callback" else ""
        if not event_id:
            return next()
        try:
            claimed = conversation.claim_event(deps.database_url, event_id=event_id,
                                               pending=_to_answer_again(body))
        except Exception as exc:
            if not unreachable(exc):
                raise
            log.error("records database unreachable event_id=%s error=%s", event_id,
                      type(exc).__name__)
            if not request.headers.get("x-slack-retry-num"):
                _tell_records_down(client, body.get("event") or {})
            return BoltResponse(status=503, body="")  # Slack sends it again in 1 and 5 minutes
        if not claimed:
            log.info("event skipped, already handled event_id=%s", event_id)
            return BoltResponse(status=200, body="")
        return next()

    @app.event("app_mention")
    def on_mention(body: dict, event: dict, client: WebClient, context: dict) -> None:
        thread = event.get("thread_ts") or ""
        follow_up = bool(thread) and conversation.in_bot_thread(
            deps.database_url, channel=event["channel"], thread_ts=thread)
        _answer_in_thread(deps, body, event, client, surface="mention", follow_up=follow_up)

    @app.event("message")
    def on_message(body: dict, event: dict, client: WebClient, context: dict) -> None:
        if event.get("subtype") in corrections.FOLLOWED:
            try:
                corrections.follow(client, deps, event)  # the record follows its author
            finally:
                _done(deps, body)
            return
        if event.get("subtype") not in REPLIES or event.get("bot_id") \
                or event.get("user") == context.get("bot_user_id"):
            return _done(deps, body)  # joins, topic changes and bots (itself included)
        if supervision.take_entry(client, deps, event):
            return _done(deps, body)  # a reply in a supervision session's thread is an entry
        in_dm = event.get("channel_type") == "im"
        mentions_me = f"<@{context.get('bot_user_id')}>" in typed_text(event.get("text"))
        thread = event.get("thread_ts") or ""
        if not in_dm and (mentions_me or not thread):
            return _done(deps, body)  # a mention is answered once, by on_mention
        follow_up = bool(thread) and conversation.in_bot_thread(
            deps.database_url, channel=event["channel"], thread_ts=thread)
        if not in_dm and not follow_up:
            return _done(deps, body)  # people talking in someone else's thread
        _answer_in_thread(deps, body, event, client,
                          surface="thread" if follow_up else "dm", follow_up=follow_up)

    @app.event(re.compile(".*"))
    def any_other_event(body: dict) -> None:
        _done(deps, body)  # acknowledged, so Slack does not retry it


def _to_answer_again(body: dict) -> dict | None:
    """The event as it would be sent again, its text redacted; None for events nobody awaits."""
    event = body.get("event")
    if not isinstance(event, dict) or event.get("type") not in ("app_mention", "message") \
            or event.get("bot_id"):
        return None
    if event.get("subtype") in corrections.FOLLOWED:
        return {"type": "event_callback", "event_id": _event_id(body),
                "team_id": typed_text(body.get("team_id")), "event": corrections.as_pending(event)}
    if event.get("subtype") not in REPLIES:
        return None
    kept = {k: typed_text(event.get(k)) for k in ("type", "channel", "channel_type", "user", "ts",
                                                  "thread_ts") if event.get(k)}
    return {"type": "event_callback", "event_id": _event_id(body),
            "team_id": typed_text(body.get("team_id")),
            "event": {**kept, "text": redact(typed_text(event.get("text")))[0]}}


def answer_abandoned_events(app: App, database_url: str) -> int:
    """Handle again the events a dead worker took and never finished (on a restart); how many.

    They go through the app as Socket Mode requests do: they were verified when they arrived.
    """
    bodies = conversation.abandoned_events(database_url)
    for body in bodies:
        log.info("answering an abandoned event event_id=%s", body.get("event_id"))
        app.dispatch(BoltRequest(body=json.dumps(body), mode="socket_mode"))
    return len(bodies)


def _tell_records_down(client: WebClient, event: dict) -> None:
    """Tell someone who spoke to the bot that their message waits for the records database."""
    addressed = event.get("type") == "app_mention" or (
        event.get("channel_type") == "im" and event.get("subtype") in REPLIES
        and not event.get("bot_id"))
    if not addressed or not event.get("channel"):
        return
    text = ("I can't reach the records database just now, so I can't answer yet: every answer is "
            "kept in the supervision record, and nothing of this one has been saved. Slack will "
            "send me your message again in a minute or two and I'll answer then; if no answer "
            "comes, please ask again later.")
    try:
        client.chat_postMessage(channel=event["channel"], text=text,
                                thread_ts=event.get("thread_ts") or event.get("ts"))
    except Exception as exc:
        log.error("records-down notice failed error=%s", type(exc).__name__)


def _done(deps: Deps, body: dict) -> None:
    if _event_id(body):
        conversation.finish_event(deps.database_url, event_id=_event_id(body))


def _answer_in_thread(deps: Deps, body: dict, event: dict, client: WebClient, *, surface: str,
                      follow_up: bool = False) -> None:
    started = time.perf_counter()
    channel, user = event["channel"], event.get("user", "")
    thread_ts = event.get("thread_ts") or event["ts"]
    try:
        reply = conversation.ask_and_record(
            deps.engine, deps.database_url, text=without_mentions(typed_text(event.get("text"))),
            surface=surface, slack_team=body.get("team_id", ""), slack_user=user,
            channel=channel, thread_ts=thread_ts, message_ts=event.get("ts", ""),
            follow_up=follow_up)
        if reply.privacy_note:
            corrections.post_privacy_note(client, channel=channel, user=user, thread_ts=thread_ts,
                                          note=reply.privacy_note, stored=reply.stored,
                                          kind="ask", record_id=reply.ask_id)
        client.chat_postMessage(channel=channel, thread_ts=thread_ts,
                                text=blocks.fallback_text(reply.answer),
                                blocks=blocks.answer_blocks(reply.answer, reply.ask_id),
                                unfurl_links=False, unfurl_media=False)
        log.info("answered event_id=%s ask_id=%s channel=%s ms=%.0f", body.get("event_id"),
                 reply.ask_id, channel, (time.perf_counter() - started) * 1000)
    except Exception as exc:  # never a silent failure: the person sees an apology
        log.error("answer failed event_id=%s channel=%s user=%s error=%s", body.get("event_id"),
                  channel, user, type(exc).__name__)
        text, apology = blocks.apology_blocks(records_down=unreachable(exc))
        try:
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text, blocks=apology)
        except Exception as again:
            log.error("apology failed event_id=%s error=%s", body.get("event_id"),
                      type(again).__name__)
    finally:
        _done(deps, body)
