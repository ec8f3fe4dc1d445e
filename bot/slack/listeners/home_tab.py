"""The App Home tab, published when a person opens it."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from ... import conversation
from ..deps import Deps
from ..home import home_view


def register(app: App, deps: Deps) -> None:
    @app.event("app_home_opened")
    def on_home_opened(event: dict, client: WebClient, body: dict) -> None:
        if event.get("tab") not in (None, "home"):
            return
        user = event["user"]
        deps.engine.refresh()
        labels = [t.label for t in deps.engine.themes.themes]
        recent = conversation.recent_asks(deps.database_url, slack_user=user)
        client.views_publish(user_id=user, view=home_view(
            deps.engine.searcher.index.manifest, labels, recent))
        conversation.finish_event(deps.database_url, event_id=body.get("event_id", ""))
