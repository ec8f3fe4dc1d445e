"""Buttons on an answer: share it in the channel, and helpful / not helpful (with a reason)."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from ... import conversation
from .. import blocks, ids
from ..deps import Deps, log
from .inputs import button_ids, clicked_channel, typed_text

NOT_YOURS = "I can't find that answer any more, or it wasn't shown to you, so I haven't noted that."


def _ask_id(body: dict) -> int:
    found = button_ids(body["actions"][0].get("value"))
    return found[0] if found else -1


def register(app: App, deps: Deps) -> None:
    @app.action(ids.SHARE_ANSWER)
    def on_share(ack: Ack, body: dict, client: WebClient, respond: Respond) -> None:
        ack()
        user, channel = body["user"]["id"], clicked_channel(body)
        answer = conversation.stored_answer(deps.database_url, ask_id=_ask_id(body),
                                            slack_user=user)
        if answer is None:
            respond(response_type="ephemeral", replace_original=False,
                    text="I can't find that answer any more, or it was someone else's.")
            return
        try:
            client.chat_postMessage(
                channel=channel, text=f"Shared by <@{user}>: {blocks.fallback_text(answer)}",
                blocks=[blocks.context_block(f"Shared by <@{user}> from /reflect")]
                + blocks.answer_blocks(answer, None), unfurl_links=False)
        except SlackApiError as exc:
            log.error("share failed user=%s channel=%s error=%s", user, channel,
                      exc.response.get("error"))
            respond(response_type="ephemeral", replace_original=False,
                    text="I couldn't post in this channel. Invite me first with /invite, "
                         "then try the button again.")
            return
        respond(response_type="ephemeral", replace_original=True, text="Shared in the channel.")

    @app.action(ids.FEEDBACK_HELPFUL)
    def on_helpful(ack: Ack, body: dict, respond: Respond) -> None:
        ack()
        noted = conversation.record_feedback(deps.database_url, ask_id=_ask_id(body),
                                             slack_user=body["user"]["id"], helpful=True,
                                             channel=clicked_channel(body))
        respond(response_type="ephemeral", replace_original=False,
                text="Thanks, noted." if noted else NOT_YOURS)

    @app.action(ids.FEEDBACK_NOT_HELPFUL)
    def on_not_helpful(ack: Ack, body: dict, client: WebClient, respond: Respond) -> None:
        ack()
        ask_id = _ask_id(body)
        if not conversation.record_feedback(deps.database_url, ask_id=ask_id,
                                            slack_user=body["user"]["id"], helpful=False,
                                            channel=clicked_channel(body)):
            respond(response_type="ephemeral", replace_original=False, text=NOT_YOURS)
            return
        client.views_open(trigger_id=body["trigger_id"], view=blocks.feedback_reason_view(ask_id))

    @app.view(ids.FEEDBACK_REASON_VIEW)
    def on_reason(ack: Ack, body: dict, view: dict) -> None:
        ack()
        value = typed_text(view["state"]["values"].get(ids.FEEDBACK_REASON_BLOCK, {})
                           .get(ids.FEEDBACK_REASON_INPUT, {}).get("value"))
        ask_id = button_ids(view.get("private_metadata"))
        if value.strip() and ask_id:
            conversation.record_feedback(deps.database_url, ask_id=ask_id[0],
                                         slack_user=body["user"]["id"], helpful=False,
                                         reason=value)
