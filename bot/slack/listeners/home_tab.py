"""The App Home tab, published when a person opens it and when their actions change."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from ... import conversation
from ...records.models import utcnow
from ...supervision import casefile, plan
from ..deps import Deps
from ..home import home_view
from ..supervision_blocks import home_supervision_blocks
from .inputs import event_id


def register(app: App, deps: Deps) -> None:
    @app.event("app_home_opened")
    def on_home_opened(event: dict, client: WebClient, body: dict) -> None:
        if event.get("tab") not in (None, "home"):
            return
        publish_home(client, deps, event["user"])
        conversation.finish_event(deps.database_url, event_id=event_id(body))


def publish_home(client: WebClient, deps: Deps, user: str) -> None:
    """What the bot knows, the person's recent asks, their actions and supervision sessions."""
    deps.engine.refresh()
    labels = [t.label for t in deps.engine.themes.themes]
    recent = conversation.recent_asks(deps.database_url, slack_user=user)
    supervision = home_supervision_blocks(plan.actions_for(deps.database_url, user),
                                          casefile.sessions_readable(deps.database_url, user),
                                          utcnow().date(), deps.frameworks)
    client.views_publish(user_id=user, view=home_view(
        deps.engine.index_summary(), labels, recent, supervision))
