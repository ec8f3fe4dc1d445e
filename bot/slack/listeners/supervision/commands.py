"""/supervise: who may open a session (roles refreshed from configuration and Slack groups)."""

from __future__ import annotations

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from ....records.access import NotAllowed
from ... import supervision_blocks as sblocks
from ...deps import Deps, log
from .replies import guarded
from .thread import supervision


@guarded
def on_supervise(ack: Ack, body: dict, command: dict, client: WebClient, respond: Respond,
                 deps: Deps) -> None:
    ack()
    user = command.get("user_id", "")
    refresh_roles(client, deps)
    try:
        supervision(deps).may_open(user)
    except NotAllowed as exc:  # said where they typed it, in a channel the bot may not be in
        respond(response_type="ephemeral", text=str(exc))
        return
    client.views_open(trigger_id=command["trigger_id"], view=sblocks.open_view(
        deps.frameworks, deps.reviews(), command.get("channel_id", "")))


def refresh_roles(client: WebClient, deps: Deps) -> None:
    """Supervisors and admins from configuration plus the Slack user groups named there. When a
    group cannot be read, the supervisors named in configuration still supervise, and so does
    everyone who did last time; the failure is logged and recorded for `reflect doctor`."""
    supervisors = set(deps.settings.supervisors)
    unread = []
    for group in sorted(deps.settings.supervisor_groups):
        try:
            supervisors |= set(client.usergroups_users_list(usergroup=group)["users"])
        except SlackApiError as exc:
            error = str(exc.response.get("error") or "error")
            log.error("user group read failed group=%s error=%s", group, error)
            unread.append(f"{group} ({error})")
    supervision(deps).set_roles(supervisors=supervisors, admins=set(deps.settings.admins),
                                unread=unread)
