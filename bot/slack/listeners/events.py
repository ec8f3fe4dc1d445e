"""Mentions, direct messages and thread follow-ups: the answer goes in the thread."""

from __future__ import annotations

import re
import time

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from ... import conversation
from .. import blocks
from ..deps import Deps, log
from . import supervise

_MENTION = re.compile(r"<@[A-Z0-9]+>")


def register(app: App, deps: Deps) -> None:
    @app.middleware
    def skip_events_already_handled(body: dict, next, logger) -> BoltResponse | None:  # type: ignore[no-untyped-def]
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not conversation.claim_event(deps.database_url, event_id=event_id):
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
        if event.get("subtype") or event.get("bot_id") or event.get("user") == context.get("bot_user_id"):
            return _done(deps, body)  # edits, deletions, joins and bots (itself included)
        if supervise.take_entry(client, deps, event):
            return _done(deps, body)  # a reply in a supervision session's thread is an entry
        in_dm = event.get("channel_type") == "im"
        mentions_me = f"<@{context.get('bot_user_id')}>" in (event.get("text") or "")
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


def _done(deps: Deps, body: dict) -> None:
    if body.get("event_id"):
        conversation.finish_event(deps.database_url, event_id=body["event_id"])


def _answer_in_thread(deps: Deps, body: dict, event: dict, client: WebClient, *, surface: str,
                      follow_up: bool = False) -> None:
    started = time.perf_counter()
    channel, user = event["channel"], event.get("user", "")
    thread_ts = event.get("thread_ts") or event["ts"]
    try:
        reply = conversation.ask_and_record(
            deps.engine, deps.database_url, text=_MENTION.sub(" ", event.get("text") or ""),
            surface=surface, slack_team=body.get("team_id", ""), slack_user=user,
            channel=channel, thread_ts=thread_ts, follow_up=follow_up)
        if reply.privacy_note:
            client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts,
                                      text=blocks.escape(reply.privacy_note))
        client.chat_postMessage(channel=channel, thread_ts=thread_ts,
                                text=blocks.fallback_text(reply.answer),
                                blocks=blocks.answer_blocks(reply.answer, reply.ask_id),
                                unfurl_links=False, unfurl_media=False)
        log.info("answered event_id=%s ask_id=%s channel=%s ms=%.0f", body.get("event_id"),
                 reply.ask_id, channel, (time.perf_counter() - started) * 1000)
    except Exception as exc:  # never a silent failure: the person sees an apology
        log.error("answer failed event_id=%s channel=%s user=%s error=%s", body.get("event_id"),
                  channel, user, type(exc).__name__)
        text, apology = blocks.apology_blocks()
        try:
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text, blocks=apology)
        except Exception as again:
            log.error("apology failed event_id=%s error=%s", body.get("event_id"),
                      type(again).__name__)
    finally:
        _done(deps, body)
