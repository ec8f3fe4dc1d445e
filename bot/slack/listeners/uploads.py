"""Admins send a review as a file in a DM, confirm its metadata in a modal, then /reindex."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request

from slack_bolt import Ack, App
from slack_sdk import WebClient

from ... import conversation
from ...admin import knowledge as admin
from ...admin import uploads
from ...ingest.readers import MAX_BYTES
from .. import ids
from ..blocks import escape, upload_offer
from ..deps import Deps, log
from .inputs import event_id, json_object, typed_text

NOT_MINE = "That upload reference is not one of mine; please send the file again."
REVIEW_TYPES = ("Local child safeguarding practice review", "Serious case review",
                "Rapid review", "National review", "Learning review", "Procedure", "Other")


def register(app: App, deps: Deps) -> None:
    @app.event({"type": "message", "subtype": "file_share"})
    def on_file(event: dict, body: dict, client: WebClient) -> None:
        try:
            if event.get("channel_type") == "im":
                _receive(deps, event, client)
        finally:
            conversation.finish_event(deps.database_url, event_id=event_id(body))

    @app.action(ids.ADD_UPLOAD)
    def on_add(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        if not admin.is_admin(deps.settings, body["user"]["id"]):
            return
        pending = _pending(body["actions"][0].get("value"))
        if pending is None:
            return _tell(client, body["user"]["id"], NOT_MINE)
        client.views_open(trigger_id=body["trigger_id"], view=metadata_view(pending))

    @app.view(ids.UPLOAD_VIEW)
    def on_metadata(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        user = body["user"]["id"]
        values = {f: (view["state"]["values"].get(f, {}).get(f, {}) or {}) for f in ids.UPLOAD_FIELDS}
        fields = {f: typed_text(v.get("value") or (v.get("selected_option") or {}).get("value")).strip()
                  for f, v in values.items()}
        if fields["year"] and not re.fullmatch(r"[0-9]{4}", fields["year"]):
            ack(response_action="errors", errors={"year": "A year, like 2024."})
            return
        ack()
        if not admin.is_admin(deps.settings, user):
            return
        pending = _pending(view.get("private_metadata"))
        if pending is None:
            return _tell(client, user, NOT_MINE)
        metadata = {**fields, "year": int(fields["year"]) if fields["year"] else None,
                    "kind": pending["metadata"].get("kind") or "other",
                    "publisher": pending["metadata"].get("publisher")}
        channel = client.conversations_open(users=user)["channel"]["id"]
        try:
            path = uploads.accept_upload(deps.settings, actor=user, key=pending["key"], name=pending["name"],
                                         metadata=metadata)
        except uploads.UploadRefused as exc:
            client.chat_postMessage(channel=channel, text=escape(str(exc)))
            return
        log.info("upload filed user=%s file=%s", user, path.name)
        client.chat_postMessage(channel=channel, text=escape(
            f"Added {path.name} to the knowledge folder as “{metadata['title']}”. "
            "Run /reindex to make it searchable."))


def _receive(deps: Deps, event: dict, client: WebClient) -> None:
    user, channel, ts = event.get("user", ""), event["channel"], event["ts"]
    if not admin.is_admin(deps.settings, user):
        client.chat_postMessage(channel=channel, thread_ts=ts, text=admin.NOT_ADMIN)
        return
    for file in event.get("files", []):
        try:
            content = _download(file.get("url_private_download", ""), deps)
            pending = uploads.hold_upload(deps.settings, actor=user, content=content,
                                          name=typed_text(file.get("name")) or "document")
        except uploads.UploadRefused as exc:
            client.chat_postMessage(channel=channel, thread_ts=ts, text=escape(str(exc)))
            continue
        value = json.dumps({"key": pending.key, "name": pending.name, "metadata": pending.metadata})
        text, blocks = upload_offer(pending.name, pending.metadata, pending.removed, pending.inspection,
                                    value)
        client.chat_postMessage(channel=channel, thread_ts=ts, text=text, blocks=blocks)


def _download(url: str, deps: Deps) -> bytes:
    """A file Slack holds, fetched with the bot token from Slack's own host only."""
    host = urllib.parse.urlsplit(url).hostname or ""
    api_host = urllib.parse.urlsplit(deps.settings.slack_api_url).hostname or "slack.com"
    if not (host == api_host or host == "slack.com" or host.endswith(".slack.com")):
        raise uploads.UploadRefused("That file is not stored by Slack, so I won't fetch it.")
    request = urllib.request.Request(
        url, headers={"Authorization": f"Bearer {deps.settings.slack_bot_token}"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            content: bytes = response.read(MAX_BYTES + 1)
    except OSError:  # refused, not found, timed out: Slack did not give it to us
        raise uploads.UploadRefused("I couldn't fetch that file from Slack; please send it "
                                    "again.") from None
    return content


def _pending(value: object) -> dict | None:
    """A held upload as this app described it in a button or modal; None for anything else."""
    pending = json_object(value)
    if not (isinstance(pending.get("key"), str) and isinstance(pending.get("name"), str)
            and isinstance(pending.get("metadata"), dict)):
        return None
    return pending


def _tell(client: WebClient, user: str, text: str) -> None:
    channel = client.conversations_open(users=user)["channel"]["id"]
    client.chat_postMessage(channel=channel, text=text)


def _text_input(field: str, label: str, initial: str, optional: bool = True) -> dict:
    element: dict = {"type": "plain_text_input", "action_id": field, "max_length": 200}
    if initial:
        element["initial_value"] = initial[:200]
    return {"type": "input", "block_id": field, "optional": optional,
            "label": {"type": "plain_text", "text": label}, "element": element}


def metadata_view(pending: dict) -> dict:
    """The modal confirming an upload's metadata, filled with what was inferred."""
    meta = pending["metadata"]
    publisher = str(meta.get("publisher") or "")
    partnership = publisher if "safeguarding" in publisher.lower() else ""
    options = [{"text": {"type": "plain_text", "text": t}, "value": t} for t in REVIEW_TYPES]
    return {
        "type": "modal", "callback_id": ids.UPLOAD_VIEW, "private_metadata": json.dumps(pending),
        "title": {"type": "plain_text", "text": "Add a document"},
        "submit": {"type": "plain_text", "text": "Add"},
        "blocks": [
            _text_input("title", "Title (e.g. Child Q)", str(meta.get("title") or ""), False),
            _text_input("partnership", "Safeguarding partnership", partnership),
            _text_input("year", "Year published", str(meta.get("year") or "")),
            {"type": "input", "block_id": "review_type", "optional": True,
             "label": {"type": "plain_text", "text": "Review type"},
             "element": {"type": "static_select", "action_id": "review_type",
                         "options": options}},
            _text_input("source", "Source link", str(meta.get("source") or "")),
        ],
    }
