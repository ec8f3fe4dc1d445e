"""The buttons of a session's thread and of App Home: move, pause, resume, the scale, the forms,
acknowledge, export, an action done."""

from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from ....records.models import utcnow
from ....supervision import sessions
from ... import supervision_blocks as sblocks
from ...deps import Deps, log
from ..inputs import button_ids, clicked_channel
from .replies import NOT_MINE, guarded, quietly, tell
from .thread import show, supervision


def _ids(body: dict, count: int = 1) -> tuple[int, ...]:
    """The session (and step) a button carries; refused when it is not one of this app's."""
    found = button_ids(body["actions"][0].get("value"), count)
    if found is None:
        raise sessions.SessionInputError({"button": NOT_MINE})
    return found


def _retire(client: WebClient, body: dict, text: str) -> None:
    """Replace a step's buttons with a line saying what happened, so old buttons can't be pressed."""
    message, channel = body.get("message") or {}, (body.get("channel") or {}).get("id")
    if message.get("ts") and channel:
        quietly(client.chat_update, channel=channel, ts=message["ts"], text=text,
                blocks=sblocks.moved_on(text))


def _move(client: WebClient, deps: Deps, body: dict, by: int) -> None:
    user, (session_id, at) = body["user"]["id"], _ids(body, 2)
    view = supervision(deps).move(session_id, actor=user, by=by, at=at)
    left = view.state.framework.steps[at].title
    _retire(client, body, f"{left}: done. <@{user}> moved the session {'on' if by > 0 else 'back'}.")
    show(client, view)


@guarded
def on_next(ack: Ack, body: dict, client: WebClient, deps: Deps) -> None:
    ack()
    _move(client, deps, body, by=1)


@guarded
def on_back(ack: Ack, body: dict, client: WebClient, deps: Deps) -> None:
    ack()
    _move(client, deps, body, by=-1)


@guarded
def on_pause(ack: Ack, body: dict, client: WebClient, deps: Deps) -> None:
    ack()
    user, (session_id,) = body["user"]["id"], _ids(body)
    state = supervision(deps).pause(session_id, actor=user)
    _retire(client, body, f"Paused by <@{user}>.")
    client.chat_postMessage(channel=state.channel, thread_ts=state.thread_ts,
                            text=f"Session {session_id} paused.",
                            blocks=sblocks.paused_blocks(session_id, user))


@guarded
def on_resume(ack: Ack, body: dict, client: WebClient, deps: Deps) -> None:
    ack()
    user, (session_id,) = body["user"]["id"], _ids(body)
    view = supervision(deps).resume(session_id, actor=user)
    _retire(client, body, f"Resumed by <@{user}>.")
    show(client, view)


@guarded
def on_scale(ack: Ack, body: dict, client: WebClient, deps: Deps) -> None:
    ack()
    chosen = button_ids((body["actions"][0].get("selected_option") or {}).get("value"), 2)
    if chosen is None:
        return tell(client, body, NOT_MINE)
    supervision(deps).scale(chosen[0], author=body["user"]["id"], value=chosen[1],
                            channel=clicked_channel(body))


@guarded
def on_add_action(ack: Ack, body: dict, client: WebClient, deps: Deps) -> None:
    ack()
    client.views_open(trigger_id=body["trigger_id"], view=sblocks.action_view(_ids(body)[0], utcnow().date()))


@guarded
def on_add_decision(ack: Ack, body: dict, client: WebClient, deps: Deps) -> None:
    ack()
    client.views_open(trigger_id=body["trigger_id"], view=sblocks.decision_view(_ids(body)[0]))


@guarded
def on_close(ack: Ack, body: dict, client: WebClient, deps: Deps) -> None:
    """The sign-off form; only the session's supervisor is shown it."""
    ack()
    user, (session_id,) = body["user"]["id"], _ids(body)
    supervision(deps).may_sign_off(session_id, actor=user)
    message, channel = body.get("message") or {}, (body.get("channel") or {}).get("id")
    back_to = {"channel": channel, "ts": message["ts"]} if channel and message.get("ts") else {}
    client.views_open(trigger_id=body["trigger_id"],
                      view=sblocks.sign_off_view(session_id, utcnow().date(), back_to))


@guarded
def on_acknowledge(ack: Ack, body: dict, client: WebClient, deps: Deps) -> None:
    ack()
    user, (session_id,) = body["user"]["id"], _ids(body)
    state = supervision(deps).acknowledge(session_id, actor=user)
    client.chat_postMessage(channel=state.channel, thread_ts=state.thread_ts,
                            text=f"<@{user}> has read and acknowledged the record of session {session_id}.")


def _export(client: WebClient, deps: Deps, body: dict, fmt: str) -> None:
    user, (session_id,) = body["user"]["id"], _ids(body)
    exported = supervision(deps).export(session_id, viewer=user, fmt=fmt)
    channel = client.conversations_open(users=user)["channel"]["id"]
    client.files_upload_v2(channel=channel, filename=exported.name, content=exported.content,
                           title=exported.title, initial_comment="Your supervision record for the case file.")
    log.info("exported session=%s format=%s user=%s", session_id, fmt, user)


@guarded
def on_export_pdf(ack: Ack, body: dict, client: WebClient, deps: Deps) -> None:
    ack()
    _export(client, deps, body, "pdf")


@guarded
def on_export_md(ack: Ack, body: dict, client: WebClient, deps: Deps) -> None:
    ack()
    _export(client, deps, body, "md")


@guarded
def on_action_done(ack: Ack, body: dict, client: WebClient, deps: Deps) -> None:
    ack()
    user, (action_id,) = body["user"]["id"], _ids(body)
    supervision(deps).mark_done(action_id, actor=user)
    from ..home_tab import publish_home

    publish_home(client, deps, user)

