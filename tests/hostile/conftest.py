"""The real app over a small knowledge folder of its own, and a watch on what goes wrong inside it."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from bot.config import Settings
from bot.reflection import Engine
from bot.retrieval.build import build_index
from tests.conftest import copy_seeds
from tests.slack.conftest import Running, no_slack_environment, serving, start_app  # noqa: F401
from tests.slack.harness import TEAM


@pytest.fixture(scope="session")
def small_settings(tmp_path_factory: pytest.TempPathFactory, embedder) -> Settings:  # type: ignore[no-untyped-def]
    """Four short seed reviews: a quick index build, and a knowledge folder uploads may write to."""
    root = tmp_path_factory.mktemp("hostile")
    knowledge = copy_seeds(root / "knowledge", "LI", "X1X2", "H", "ALICE")
    build_index(knowledge, root / "index", embedder)
    return Settings(knowledge_dir=knowledge, index_dir=root / "index", data_dir=root / "data",
                    database_url=f"sqlite:///{root / 'records.db'}")


@pytest.fixture(scope="session")
def small_engine(small_settings: Settings, embedder) -> Engine:  # type: ignore[no-untyped-def]
    return Engine(small_settings, embedder)


@pytest.fixture
def app(small_settings: Settings, small_engine: Engine, tmp_path) -> Iterator[Running]:  # type: ignore[no-untyped-def]
    """The Slack app served over HTTP, its own records and data folder, talking to a fake Slack."""
    with serving(small_settings, lambda _: small_engine, data_dir=tmp_path / "data",
                 database_url=f"sqlite:///{tmp_path / 'records.db'}",
                 admins=frozenset({"UADMIN"}), supervisors=frozenset({"USUP"})) as running:
        yield running


class Failures(logging.Handler):
    """Every error logged while the app runs: a listener that raised, an apology that was sent."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def __str__(self) -> str:
        return "\n".join(f"{r.name}: {r.getMessage()}" for r in self.records)


@pytest.fixture
def failures() -> Iterator[Failures]:
    handler = Failures()
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)


@pytest.fixture
def busy(app):  # type: ignore[no-untyped-def]
    """The app with an answer to share and a supervision session in a thread, both numbered 1."""
    app.sender.command("bruising on a baby", "UALICE", "C7", app.fake.response_url(),
                       app.fake.trigger_id())
    app.fake.wait_for(lambda: [r for r in app.fake.responses if r.get("blocks")])
    start_session(app, opening("four_by_four"))
    app.fake.wait_for(lambda: [c for c in app.fake.calls_to("chat.postMessage")
                               if c.args.get("text", "").startswith("Step 1:")])
    return app


def start_session(app, values: dict):  # type: ignore[no-untyped-def]
    """Open a supervision session as its supervisor would; the message that heads its thread."""
    def headers() -> list:
        return [c for c in app.fake.calls_to("chat.postMessage")
                if c.args.get("text", "").startswith("*Supervision session")]

    started, opened = len(headers()), len(app.fake.calls_to("views.open"))
    app.sender.command("", "USUP", "C5", app.fake.response_url(), app.fake.trigger_id(),
                       command="/supervise")
    view = app.fake.wait_for(lambda: app.fake.calls_to("views.open")[opened:])[0].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    status, body = app.sender.interaction({
        "type": "view_submission", "user": {"id": "USUP"}, "team": {"id": TEAM}, "api_app_id": "A1",
        "token": "legacy", "view": {**view, "id": "V9", "state": {"values": values}}})
    assert status == 200 and body in ("", "{}"), body
    return app.fake.wait_for(lambda: headers()[started:])[0]


def opening(framework: str, supervisee: object = "UALICE", team_channel: object = None,
            case_ref: object = "CR-2026-0042", functions: tuple = ("support",),
            review: object = None) -> dict:
    """The /supervise modal's state as Slack sends it, filled in with these values."""
    return {
        "framework": {"value": {"type": "static_select", "selected_option": {"value": framework}}},
        "supervisee": {"value": {"type": "users_select", "selected_user": supervisee}},
        "team_channel": {"value": {"type": "conversations_select",
                                   "selected_conversation": team_channel}},
        "case_ref": {"value": {"type": "plain_text_input", "value": case_ref}},
        "functions": {"value": {"type": "checkboxes",
                                "selected_options": [{"value": f} for f in functions]}},
        "review": {"value": {"type": "static_select", "selected_option": {"value": review}}},
    }
