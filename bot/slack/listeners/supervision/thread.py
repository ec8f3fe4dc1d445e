"""The session's thread: a step shown as the core describes it, and replies taken as entries."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from ....records.access import Refused
from ....supervision import sessions
from ....supervision.flow import NOTHING_SAID, StepView, Supervision
from ... import blocks
from ... import supervision_blocks as sblocks
from ...deps import Deps, log
from ..corrections import post_privacy_note
from ..inputs import typed_text
from .replies import quietly


def supervision(deps: Deps) -> Supervision:
    return Supervision(deps.engine, deps.frameworks, deps.database_url, deps.settings.redaction_key())


def show(client: WebClient, view: StepView) -> None:
    """Post a step in the session's thread: the recap on resume, the review's panels, the step with
    its buttons, then the learning brought on arrival (or why there is none)."""
    state = view.state
    where: dict = {"channel": state.channel, "thread_ts": state.thread_ts}
    if view.recap:
        client.chat_postMessage(**where, text="Where the session stands",
                                blocks=sblocks.recap_blocks(view.recap))
    if view.panels:
        for part in sblocks.panels_messages(view.review_title, list(view.panels)):
            client.chat_postMessage(**where, text=f"{blocks.escape(view.review_title)}: the panels",
                                    blocks=part)
    client.chat_postMessage(**where, text=f"Step {state.index + 1}: {state.step.title}",
                            blocks=sblocks.step_blocks(state))
    if view.nothing_said:
        client.chat_postMessage(**where, text=NOTHING_SAID)
    elif view.learning is not None:
        client.chat_postMessage(**where, text=blocks.fallback_text(view.learning),
                                blocks=[blocks.context_block(
                                    "Learning from case reviews, found from everything said so "
                                    "far in this session:")] + blocks.answer_blocks(view.learning, None)[:48],
                                unfurl_links=False, unfurl_media=False)


def take_entry(client: WebClient, deps: Deps, event: dict) -> bool:
    """Store a reply in a session's thread as an entry, filed under the step in force when it was
    posted; False when the thread holds no session."""
    thread, channel = event.get("thread_ts") or "", event["channel"]
    session_id = sessions.in_thread(deps.database_url, channel=channel, thread_ts=thread) if thread else None
    if session_id is None:
        return False
    user, text = event.get("user", ""), typed_text(event.get("text"))

    def whisper(words: str) -> None:
        client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread, text=words)

    try:
        stored = supervision(deps).say(session_id, author=user, text=text, source_ts=event["ts"])
    except Refused as exc:
        whisper(str(exc))
        return True
    except Exception as exc:  # never silent: the person knows to post it again
        log.error("entry failed session=%s error=%s", session_id, type(exc).__name__)
        whisper("Sorry, I couldn't store that reply in the record. Please post it again in a minute.")
        return True
    if stored.entry_id is not None:  # a retry is marked again: the first run may have died first
        log.info("entry stored session=%s entry=%s retried=%s", session_id, stored.entry_id,
                 stored.retried)
        quietly(client.reactions_add, channel=channel, timestamp=event["ts"], name="white_check_mark")
    if stored.entry_id is not None and len(text) > sessions.MAX_ENTRY_CHARS:
        whisper(f"Your reply was long ({len(text):,} characters), so the record keeps its first "
                f"{sessions.MAX_ENTRY_CHARS:,}. Post the rest as another reply.")
    if stored.privacy_note:
        post_privacy_note(client, channel=channel, user=user, thread_ts=thread,
                          note=stored.privacy_note, stored=stored.text, kind="entry",
                          record_id=stored.entry_id)
    return True


def can_post(client: WebClient, channel: str) -> bool | None:
    """Whether the bot is in a channel; None when Slack will not say (the post is then tried)."""
    try:
        found = client.conversations_info(channel=channel)["channel"]
    except SlackApiError as exc:
        error = exc.response.get("error")
        log.warning("channel check failed error=%s", error)
        return False if error == "channel_not_found" else None  # a private channel it is not in
    return bool(found.get("is_member") or found.get("is_im") or found.get("is_mpim"))
