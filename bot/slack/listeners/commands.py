"""`/reflect TEXT`: a private answer to the asker, with a button to share it."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond

from ... import conversation
from ...records.db import unreachable
from .. import blocks, ids
from ..deps import Deps, log
from .inputs import typed_text


def register(app: App, deps: Deps) -> None:
    @app.command(ids.REFLECT_COMMAND)
    def on_reflect(ack: Ack, command: dict, respond: Respond) -> None:
        ack()  # within Slack's 3 seconds; the answer follows through response_url
        user, channel = command.get("user_id", ""), command.get("channel_id", "")
        try:
            reply = conversation.ask_and_record(
                deps.engine, deps.database_url, text=typed_text(command.get("text")),
                surface="command", slack_team=command.get("team_id", ""), slack_user=user,
                channel=channel)
            if reply.privacy_note:
                respond(response_type="ephemeral", text=blocks.escape(reply.privacy_note),
                        blocks=blocks.privacy_note_blocks(reply.privacy_note, reply.stored,
                                                          ids.REMOVE_ASK, reply.ask_id)
                        if reply.ask_id is not None and reply.stored else None)
            respond(response_type="ephemeral", text=blocks.fallback_text(reply.answer),
                    blocks=blocks.answer_blocks(reply.answer, reply.ask_id, shareable=True))
        except Exception as exc:
            log.error("/reflect failed user=%s channel=%s error=%s", user, channel,
                      type(exc).__name__)
            text, apology = blocks.apology_blocks(records_down=unreachable(exc))
            respond(response_type="ephemeral", text=text, blocks=apology)
