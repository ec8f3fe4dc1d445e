"""The supervision modals: opening a session, an action, a decision, the sign-off."""

from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from ....records.models import utcnow
from ....supervision import plan, sessions, signoff
from ... import blocks
from ... import supervision_blocks as sblocks
from ...deps import Deps, log
from ..inputs import button_ids, json_object
from .replies import NOT_MINE, dm, guarded, quietly
from .thread import can_post, show, supervision

NOT_IN_CHANNEL = ("I'm not in that channel, so I can't run the session there. Invite me first: "
                  "type /invite @Reflect in the channel, then start again.")


@guarded
def on_open(ack: Ack, body: dict, view: dict, client: WebClient, deps: Deps) -> None:
    """Open the session and its thread: in the team's channel, or a private conversation of the
    supervisor, the practitioner and the bot. A session whose thread cannot be posted is closed
    as not started, and the supervisor is told why."""
    user, flow = body["user"]["id"], supervision(deps)
    opening = sessions.Opening(supervisor=user, surface="slack", **sblocks.opening_values(view))
    errors = flow.opening_problems(opening)
    if not errors and opening.team_channel and can_post(client, opening.team_channel) is False:
        errors = {"team_channel": NOT_IN_CHANNEL}
    if not _accepted(ack, errors):
        return
    state = flow.open(opening)
    flow.name(_profile_names(client, {user, opening.supervisee} - {""}))
    functions = tuple(deps.frameworks.function_label(f) for f in state.functions)
    header = sblocks.session_header(state, flow.title(state), functions)
    try:
        channel = opening.team_channel or client.conversations_open(
            users=f"{user},{opening.supervisee}")["channel"]["id"]
        head = client.chat_postMessage(channel=channel, text=header,
                                       blocks=[blocks.section_block(header)])
    except SlackApiError as exc:
        flow.abandon(state, user, "its thread could not be posted")
        log.error("session thread failed session=%s error=%s", state.id, exc.response.get("error"))
        where = f" in <#{opening.team_channel}>" if opening.team_channel else ""
        dm(client, user, f"I couldn't start the session{where}: Slack refused the post "
                         f"({exc.response.get('error')}). Nothing was kept open. If it is a channel, "
                         "invite me there with /invite @Reflect and start again.")
        return
    show(client, flow.arrive(flow.attach(state, channel, head["ts"])))


@guarded
def on_action_submitted(ack: Ack, body: dict, view: dict, client: WebClient, deps: Deps) -> None:
    user, found = body["user"]["id"], button_ids(view.get("private_metadata"))
    if found is None:
        ack()
        return dm(client, user, NOT_MINE)
    values = sblocks.action_values(view)
    if not _accepted(ack, plan.action_problems(values, utcnow().date())):
        return
    flow = supervision(deps)
    action = flow.add_action(found[0], actor=user, values=values)
    state = flow.state(found[0])
    client.chat_postMessage(channel=state.channel, thread_ts=state.thread_ts,
                            text=f"Action {action.id} added.", blocks=[blocks.section_block(
                                f"Action {action.id} added by <@{user}>: "
                                + sblocks.action_line(action, utcnow().date()))])


@guarded
def on_decision_submitted(ack: Ack, body: dict, view: dict, client: WebClient, deps: Deps) -> None:
    user, found = body["user"]["id"], button_ids(view.get("private_metadata"))
    if found is None:
        ack()
        return dm(client, user, NOT_MINE)
    values = sblocks.form_values(view)
    if not _accepted(ack, plan.decision_problems(values)):
        return
    flow = supervision(deps)
    decision = flow.add_decision(found[0], actor=user, what=values["what"], rationale=values["rationale"])
    state = flow.state(found[0])
    client.chat_postMessage(channel=state.channel, thread_ts=state.thread_ts,
                            text=f"Decision recorded: {decision.what}", blocks=[blocks.section_block(
                                f"Decision recorded by <@{user}>: *{blocks.escape(decision.what)}*\n"
                                f"Why: {blocks.escape(decision.rationale)}")])


@guarded
def on_sign_off_submitted(ack: Ack, body: dict, view: dict, client: WebClient, deps: Deps) -> None:
    user, meta = body["user"]["id"], json_object(view.get("private_metadata"))
    session_id = meta.get("session")
    if not isinstance(session_id, int):
        ack()
        return dm(client, user, NOT_MINE)
    values = sblocks.form_values(view)
    if not _accepted(ack, signoff.sign_off_problems(values, utcnow().date())):
        return
    closing = supervision(deps).close(session_id, actor=user, values=values)
    if isinstance(meta.get("channel"), str) and isinstance(meta.get("ts"), str):
        quietly(client.chat_update, channel=meta["channel"], ts=meta["ts"],
                text=f"Closed by <@{user}>.", blocks=sblocks.moved_on(f"Closed by <@{user}>."))
    client.chat_postMessage(channel=closing.state.channel, thread_ts=closing.state.thread_ts,
                            text=f"Session {session_id} closed and signed off.",
                            blocks=sblocks.closing_blocks(closing))


def _accepted(ack: Ack, errors: dict[str, str]) -> bool:
    """Answer the form: with what is wrong shown under each field (it stays open), or closed."""
    if errors:
        ack(response_action="errors", errors=errors)
        return False
    ack()
    return True


def _profile_names(client: WebClient, users: set[str]) -> dict[str, str]:
    """Slack profile names, so the record names people and not only their IDs."""
    found = {}
    for user in users:
        try:
            profile = client.users_info(user=user)["user"]
        except SlackApiError:
            continue
        found[user] = profile.get("real_name") or (profile.get("profile") or {}).get("real_name") or ""
    return found
