"""Assemble the Bolt app: one client, one signing secret, one register() a surface."""

from __future__ import annotations

import logging

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from ..config import Settings, SettingsError
from ..reflection import Engine
from .deps import Deps, log
from .listeners import actions, commands, corrections, events, home_tab, reindex, supervision, uploads


def create_app(settings: Settings, engine: Engine) -> App:
    """The Slack app over the given engine; fails fast when a credential is missing."""
    if not settings.slack_bot_token or not settings.slack_signing_secret:
        raise SettingsError("Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to run the Slack app.")
    problems = settings.slack_problems()
    if problems:  # a wrong credential found now, not at the first message
        raise SettingsError("; ".join(problems) + ". `reflect doctor` checks the whole set-up.")
    client = WebClient(token=settings.slack_bot_token,
                       base_url=settings.slack_api_url.rstrip("/") + "/" if settings.slack_api_url
                       else WebClient.BASE_URL)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=3))
    for name in ("slack_bolt", "slack_sdk"):
        logging.getLogger(name).setLevel(logging.WARNING)  # their debug logs carry message text
    app = App(client=client, signing_secret=settings.slack_signing_secret,
              logger=logging.getLogger("slack_bolt.App"))

    @app.error
    def unreadable(error: Exception) -> BoltResponse:
        """A signed payload of the wrong shape (Bolt's own middleware reads it before ours): 400,
        not 500; logged by type only, as a traceback can carry what someone typed."""
        log.error("request failed in Bolt error=%s", type(error).__name__)
        wrong_shape = isinstance(error, (AttributeError, KeyError, TypeError, ValueError))
        return BoltResponse(status=400 if wrong_shape else 500, body="")

    deps = Deps(engine, settings)
    deps.frameworks  # noqa: B018  (a broken frameworks.yaml stops the start, with its message)

    @app.middleware
    def with_deps(context: dict, next) -> None:  # type: ignore[no-untyped-def]  # noqa: A002
        """Module-level handlers name `deps` among their arguments; Bolt fills it from here."""
        context["deps"] = deps
        next()

    supervision.refresh_roles(client, deps)  # from configuration and Slack user groups
    home_tab.register(app, deps)  # before events: its event is more specific than the catch-all
    commands.register(app, deps)
    reindex.register(app, deps)
    supervision.register(app)
    uploads.register(app, deps)  # before events: file shares are messages too
    actions.register(app, deps)
    corrections.register(app, deps)
    events.register(app, deps)
    return app
