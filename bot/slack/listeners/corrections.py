"""Edits and deletions of stored messages, and the privacy note's remove button: the record follows
its author."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from ...conversation import corrections
from ...privacy import redact
from .. import blocks, ids
from ..deps import Deps, log
from .inputs import button_ids, typed_text

FOLLOWED = ("message_changed", "message_deleted")  # subtypes the record follows
_MESSAGE_KEYS = ("user", "ts", "thread_ts", "subtype", "bot_id")


def register(app: App, deps: Deps) -> None:
    @app.action(ids.REMOVE_ASK)
    def on_remove_ask(ack: Ack, body: dict, client: WebClient, respond: Respond) -> None:
        ack()
        _remove(client, respond, body, lambda record_id, user: corrections.remove_ask(
            deps.database_url, record_id, actor=user))

    @app.action(ids.REMOVE_ENTRY)
    def on_remove_entry(ack: Ack, body: dict, client: WebClient, respond: Respond) -> None:
        ack()
        _remove(client, respond, body, lambda record_id, user: corrections.remove_entry(
            deps.database_url, record_id, actor=user))


def follow(client: WebClient, deps: Deps, event: dict) -> None:
    """A message edited or deleted in Slack: what was stored from it follows, for its author."""
    channel = typed_text(event.get("channel"))
    message, previous = _part(event, "message"), _part(event, "previous_message")
    if event.get("subtype") == "message_changed" and message.get("subtype") != "tombstone":
        return _follow_edit(client, deps, channel, message, previous)
    # deleted; a thread's first message deleted under its replies stays as a tombstone instead
    ts = typed_text(event.get("deleted_ts")) or typed_text(message.get("ts"))
    for change in corrections.delete_message(deps.database_url, channel=channel, ts=ts,
                                             author=typed_text(previous.get("user"))):
        log.info("deletion followed kind=%s id=%s outcome=%s", change.kind, change.record_id,
                 change.outcome)


def _follow_edit(client: WebClient, deps: Deps, channel: str, message: dict,
                 previous: dict) -> None:
    if message.get("bot_id"):
        return  # the bot's own chat.update of a step, or another bot's message
    if "text" in previous and previous.get("text") == message.get("text"):
        return  # not an edit of the text: a link unfurled, a thread's replies counted
    author, ts = typed_text(message.get("user")), typed_text(message.get("ts"))
    done = corrections.edit_message(deps.database_url, channel=channel, ts=ts, author=author,
                                    key=deps.settings.redaction_key(),
                                    text=typed_text(message.get("text")))
    for change in done:
        log.info("edit followed kind=%s id=%s outcome=%s", change.kind, change.record_id,
                 change.outcome)
        if change.note:  # what the redaction took from the new text, and what the record keeps
            post_privacy_note(client, channel=channel, user=author,
                              thread_ts=typed_text(message.get("thread_ts")) or ts,
                              note=change.note, stored=change.text, kind=change.kind,
                              record_id=change.record_id)


def as_pending(event: dict) -> dict:
    """An edit or deletion as it would be handled again after a crash: ids, the new text redacted."""
    kept: dict[str, object] = {k: typed_text(event.get(k)) for k in (
        "type", "subtype", "channel", "channel_type", "deleted_ts") if event.get(k)}
    message, previous = _part(event, "message"), _part(event, "previous_message")
    if message:
        kept["message"] = {**{k: typed_text(message.get(k)) for k in _MESSAGE_KEYS if message.get(k)},
                           "text": redact(typed_text(message.get("text")))[0]}
    if previous.get("user"):
        kept["previous_message"] = {"user": typed_text(previous.get("user"))}
    return kept


def post_privacy_note(client: WebClient, *, channel: str, user: str, thread_ts: str, note: str,
                      stored: str, kind: str, record_id: int | None) -> None:
    """Tell the author, privately, what was removed and show what the record keeps, with a button
    to take it out of the record (a plain note when nothing was stored)."""
    action = ids.REMOVE_ASK if kind == "ask" else ids.REMOVE_ENTRY
    shown = blocks.privacy_note_blocks(note, stored, action, record_id) \
        if record_id is not None and stored else None
    client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts or None,
                              text=blocks.escape(note), blocks=shown)


def _remove(client: WebClient, respond: Respond, body: dict,
            remove: Callable[[int, str], corrections.Correction]) -> None:
    user = body["user"]["id"]
    found = button_ids(body["actions"][0].get("value"))
    outcome = remove(found[0], user).outcome if found else corrections.GONE
    log.info("remove clicked action=%s id=%s user=%s outcome=%s", body["actions"][0].get("action_id"),
             found[0] if found else None, user, outcome)
    text = blocks.REMOVED_MESSAGES.get(outcome, blocks.REMOVED_MESSAGES[corrections.GONE])
    try:
        if body.get("response_url"):
            respond(response_type="ephemeral", replace_original=outcome == corrections.REMOVED,
                    text=text)
        elif (body.get("channel") or {}).get("id"):
            client.chat_postEphemeral(channel=body["channel"]["id"], user=user, text=text)
        else:
            client.chat_postMessage(channel=client.conversations_open(users=user)["channel"]["id"],
                                    text=text)
    except SlackApiError as exc:
        log.warning("remove reply failed error=%s", exc.response.get("error"))


def _part(event: dict, key: str) -> dict:
    value = event.get(key)
    return value if isinstance(value, dict) else {}
