"""The real Bolt app, served over HTTP by waitress, talking to the loopback Slack."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import pytest

from bot.config import Settings
from bot.reflection import Engine
from bot.slack.app import create_app
from bot.slack.server import make_http_server
from tests.slack.harness import BOT_TOKEN, SIGNING_SECRET, FakeSlack, Sender, serve_in_thread


@dataclass
class Running:
    fake: FakeSlack
    sender: Sender
    settings: Settings
    url: str


@pytest.fixture(autouse=True)
def no_slack_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """SLACK_CLIENT_ID and friends would silently switch Bolt to OAuth mode."""
    for name in list(os.environ):
        if name.startswith("SLACK_"):
            monkeypatch.delenv(name)


@pytest.fixture
def slack(seed_settings: Settings, engine, tmp_path) -> Iterator[Running]:  # type: ignore[no-untyped-def]
    with serving(seed_settings, lambda _: engine, database_url=f"sqlite:///{tmp_path / 'records.db'}",
                 admins=frozenset({"UADMIN"}), supervisors=frozenset({"USUP"})) as running:
        yield running


@contextlib.contextmanager
def serving(base: Settings, make_engine: Callable[[Settings], Engine], **changes) -> Iterator[Running]:  # type: ignore[no-untyped-def]
    """The app over `base` with `changes` and the loopback Slack's credentials, served on a free
    port; the server and the fake Slack are closed afterwards."""
    fake = FakeSlack()
    settings = replace(base, slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET,
                       slack_api_url=fake.url + "/api", **changes)
    server, url = start_app(settings, make_engine(settings))
    try:
        yield Running(fake, Sender(url), settings, url)
    finally:
        server.close()
        fake.close()


def start_app(settings: Settings, engine):  # type: ignore[no-untyped-def]
    """The Bolt app served by waitress on a free port; returns the server and its events URL."""
    server = make_http_server(create_app(settings, engine), "127.0.0.1", 0,
                              signing_secret=settings.slack_signing_secret)
    serve_in_thread(server)
    return server, f"http://127.0.0.1:{server.effective_port}/slack/events"
