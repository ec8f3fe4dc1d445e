"""Who may do what, over HTTP: Slack's signature on every request, the admin-only and record-read
rules against people not entitled, and no credential in the logs or the records."""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import replace

import pytest

from bot import cli
from bot.slack import ids
from bot.slack.listeners.uploads import metadata_view
from tests.slack.conftest import Running, start_app
from tests.slack.harness import (
    APP_TOKEN,
    BOT_TOKEN,
    BOT_USER,
    SIGNING_SECRET,
    TEAM,
    Call,
    Sender,
    mention,
    message,
)
from tests.slack.supervising import (
    PRACTITIONER,
    SUPERVISOR,
    as_data,
    click,
    opening,
    rows,
    say,
    sign_off,
    start_session,
    stored_entries,
    submit,
    wait_post,
)

ADMIN, OUTSIDER = "UADMIN", "UMALLORY"
ESCALATION = "the SW closed the case and i disagree, how do i escalate"


@pytest.fixture
def app(slack, engine, tmp_path, caplog) -> Iterator[Running]:  # type: ignore[no-untyped-def]
    """The app as deployed (an app token set too), over a copy of the knowledge folder, with every
    log record from its start captured at DEBUG (slack_bolt and slack_sdk at the level it sets)."""
    caplog.set_level(logging.DEBUG)
    settings = replace(slack.settings, slack_app_token=APP_TOKEN, data_dir=tmp_path / "data",
                       knowledge_dir=shutil.copytree(slack.settings.knowledge_dir, tmp_path / "knowledge"))
    server, url = start_app(settings, engine)
    slack.sender.url = url
    try:
        yield Running(slack.fake, slack.sender, settings, url)
    finally:
        server.close()


def interact(app: Running, user: str, action: dict, **where) -> None:  # type: ignore[no-untyped-def]
    """A button press by this person, on a message (channel=...) or in App Home (view=...)."""
    app.sender.interaction({
        "type": "block_actions", "user": {"id": user}, "team": {"id": TEAM}, "api_app_id": "A1",
        "token": "legacy", "trigger_id": app.fake.trigger_id(),
        "actions": [{"type": "button", "block_id": "b", **action}], **where})


def told(app: Running, user: str, needle: str) -> str:
    """The text of the ephemeral message telling this person something with needle in it."""
    return app.fake.wait_for(lambda: [c.args["text"] for c in app.fake.calls_to("chat.postEphemeral")
                                      if c.args["user"] == user and needle in c.args["text"]])[-1]


def home_of(app: Running, user: str) -> dict:
    """The App Home view published for this person when they open it."""
    before = len(app.fake.calls_to("views.publish"))
    app.sender.event({"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home"})
    return as_data(app.fake.wait_for(lambda: [c for c in app.fake.calls_to("views.publish")[before:]
                                              if c.args["user_id"] == user])[-1].args["view"])


def dm_to(app: Running, user: str, needle: str):  # type: ignore[no-untyped-def]
    return wait_post(app.fake, needle, channel=f"D{user}")


# --- Slack's signature ------------------------------------------------------------------------

def event_body(text: str, fake=None) -> bytes:  # type: ignore[no-untyped-def]
    return json.dumps({"token": "legacy", "team_id": TEAM, "api_app_id": "A1",
                       "type": "event_callback", "event_id": "EvSIGNED", "event_time": int(time.time()),
                       "event": mention(text, ts="10.1"),
                       "authorizations": [{"user_id": BOT_USER, "is_bot": True}]}).encode()


def command_body(text: str, fake) -> bytes:  # type: ignore[no-untyped-def]
    return urllib.parse.urlencode({
        "token": "legacy", "team_id": TEAM, "channel_id": "C7", "user_id": PRACTITIONER,
        "command": "/reflect", "text": text, "response_url": fake.url + "/response/1",
        "trigger_id": fake.trigger_id(), "api_app_id": "A1"}).encode()


def interaction_body(case_ref: str, fake=None) -> bytes:  # type: ignore[no-untyped-def]
    view = {"type": "modal", "id": "V9", "callback_id": ids.SUPERVISE_VIEW, "private_metadata": "",
            "state": {"values": opening("kolb", case_ref=case_ref)}}
    return urllib.parse.urlencode({"payload": json.dumps({
        "type": "view_submission", "user": {"id": SUPERVISOR}, "team": {"id": TEAM},
        "api_app_id": "A1", "token": "legacy", "view": view})}).encode()


KINDS = {  # each would store and post if the app took it: body maker, content type, genuine value
    "event": (event_body, "application/json", ESCALATION),
    "command": (command_body, "application/x-www-form-urlencoded", ESCALATION),
    "interaction": (interaction_body, "application/x-www-form-urlencoded", "CR-2026-0042"),
}


def forgeries(sender: Sender, body: bytes, altered: bytes) -> dict[str, tuple[bytes, dict]]:
    """The genuine body sent without Slack's signature, or with one that must not pass."""
    return {
        "unsigned": (body, {}),
        "wrong signature": (body, {**sender.sign(body), "X-Slack-Signature": "v0=" + "0" * 64}),
        "signed with another secret": (body, Sender(sender.url, "f" * 32).sign(body)),
        "stale, over 5 minutes": (body, sender.sign(body, timestamp=int(time.time()) - 330)),
        "from the future": (body, sender.sign(body, timestamp=int(time.time()) + 330)),
        "replayed with altered content": (altered, sender.sign(body)),
    }


@pytest.mark.parametrize("kind", list(KINDS))
def test_requests_not_signed_by_slack_are_refused_and_do_nothing(app, kind):  # type: ignore[no-untyped-def]
    make, content_type, genuine = KINDS[kind]
    body = make(genuine, app.fake)
    altered = make(genuine.replace("2026", "2025").replace("escalate", "complain"), app.fake)
    for name, (sent, headers) in forgeries(app.sender, body, altered).items():
        assert app.sender.post(sent, content_type, headers)[0] == 401, name
    # The genuine request, sent last, does what it should, once: so none of the forgeries did.
    assert app.sender.post(body, content_type)[0] == 200
    if kind == "interaction":
        wait_post(app.fake, "Supervision session")
        assert rows(app.settings, "SELECT case_ref FROM supervision_session") == [(genuine,)]
        return
    if kind == "command":
        app.fake.wait_for(lambda: app.fake.responses)
    else:
        app.fake.wait_for(lambda: app.fake.calls_to("chat.postMessage"))
        assert rows(app.settings, "SELECT event_id FROM slackevent") == [("EvSIGNED",)]
    assert [prompt.strip() for (prompt,) in rows(app.settings, "SELECT prompt FROM ask")] == [genuine]
    assert len(app.fake.responses) + len(app.fake.calls_to("chat.postMessage")) == 1


def request(url: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, bytes]:
    """GET, or POST when there is a body: the status and the body of the answer."""
    req = urllib.request.Request(url, data=body, headers=headers or {},
                                 method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_the_health_check_and_other_paths_expose_nothing(app):  # type: ignore[no-untyped-def]
    base = app.url.removesuffix("/slack/events")
    assert request(base + "/healthz") == (200, b"ok")
    for path in ("/", "/slack", "/slack/events/", "/index/CURRENT", "/knowledge/themes.yaml",
                 "/data/reflect.db", "/records.db", "/.env", "/healthz/../slack/events"):
        assert request(base + path) == (404, b"not found"), path
    status, body = request(app.url)  # a GET on Slack's path: nothing to install, nothing to read
    assert status == 404 and len(body) < 40
    # A correctly signed event sent to another path is not handled there...
    event = event_body(ESCALATION)
    signed = {"Content-Type": "application/json", **app.sender.sign(event)}
    assert request(base + "/healthz", event, signed) == (200, b"ok")
    assert request(base + "/events", event, signed) == (404, b"not found")
    # ...so its event ID is still free when it arrives where Slack sends it, and it is answered once.
    assert app.sender.post(event, "application/json")[0] == 200
    app.fake.wait_for(lambda: app.fake.calls_to("chat.postMessage"))
    assert len(rows(app.settings, "SELECT id FROM ask")) == 1


# --- admin-only and record-read rules ----------------------------------------------------------

def test_a_non_admin_cannot_confirm_an_upload_nor_file_it(app):  # type: ignore[no-untyped-def]
    content = b"# Child R review\n\n## Findings\n\n" + b"Nobody saw the child alone. " * 20
    app.sender.event(message("the new review", user=ADMIN, channel=f"D{ADMIN}", channel_type="im",
                             subtype="file_share", ts="50.1",
                             files=[app.fake.share_file("child-r.md", content)]))
    offer = dm_to(app, ADMIN, "Confirm its details")
    add = next(b for b in as_data(offer.args["blocks"]) if b["type"] == "actions")["elements"][0]
    pending = json.loads(add["value"])
    # The admin's button, pressed by someone else, and its modal, submitted by them.
    interact(app, PRACTITIONER, add, channel={"id": f"D{ADMIN}"})
    modal = Call("views.open", {"view": metadata_view(pending)})
    submit(app, modal, {"title": {"title": {"value": "Hijacked"}}}, user=PRACTITIONER)
    # The admin then confirms it as usual.
    interact(app, ADMIN, add, channel={"id": f"D{ADMIN}"})
    submit(app, app.fake.wait_for(lambda: app.fake.calls_to("views.open"))[-1],
           {"title": {"title": {"value": "Child R"}}}, user=ADMIN)
    dm_to(app, ADMIN, "Run /reindex")
    assert len(app.fake.calls_to("views.open")) == 1  # the admin's alone
    filed = sorted(p.name for p in (app.settings.knowledge_dir / "uploads").iterdir())
    assert filed == ["child-r.md", "child-r.md.meta.yaml"]
    assert "Child R" in (app.settings.knowledge_dir / "uploads" / filed[1]).read_text()
    assert not any("Added" in c.args["text"] for c in app.fake.calls_to("chat.postMessage")
                   if c.args["channel"] == f"D{PRACTITIONER}")


def test_a_non_supervisor_submitting_the_opening_modal_opens_nothing(app):  # type: ignore[no-untyped-def]
    view = Call("views.open", {"view": {"type": "modal", "callback_id": ids.SUPERVISE_VIEW,
                                        "private_metadata": ""}})
    assert submit(app, view, opening("kolb", supervisee="UBOB"), user=PRACTITIONER)[0] == 200
    dm_to(app, PRACTITIONER, "Only supervisors")
    assert rows(app.settings, "SELECT id FROM supervision_session") == []
    assert rows(app.settings, "SELECT supervisor FROM supervision_link") == []  # no reading rights


def test_a_session_is_moved_closed_read_and_exported_only_by_those_entitled(app, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    head = start_session(app, opening("four_by_four"))
    step = wait_post(app.fake, "Step 1 of 4")
    say(app, head, "The baby's bruise was explained by the cot", PRACTITIONER, "20.1")
    stored_entries(app, 1)
    click(app, step, "session_next", user=OUTSIDER)
    told(app, OUTSIDER, "Only the supervisor and the practitioner can move this session on")
    for n in range(2, 5):
        click(app, step, "session_next")
        step = wait_post(app.fake, f"Step {n} of 4")
    click(app, step, "session_close", user=PRACTITIONER)
    told(app, PRACTITIONER, "Only the supervisor who opened the session can close")
    assert rows(app.settings, "SELECT step, status, signed_off_by FROM supervision_session") == [
        (3, "active", "")]
    closed = sign_off(app, step)

    for user in (OUTSIDER, ADMIN):  # an admin, by that role alone, reads no one's record
        click(app, closed, "export_pdf", user=user)
        assert "You can't export" in dm_to(app, user, "You can't export").args["text"]
    homes = {user: home_of(app, user) for user in (PRACTITIONER, OUTSIDER, ADMIN)}
    assert "Session 1 · 4x4x4 supervision cycle ·" in json.dumps(homes[PRACTITIONER], ensure_ascii=False)
    assert all("Session 1" not in json.dumps(homes[user]) for user in (OUTSIDER, ADMIN))
    export = next(b["accessory"] for b in homes[PRACTITIONER]["blocks"]
                  if (b.get("accessory") or {}).get("action_id") == ids.EXPORT_PDF)
    interact(app, OUTSIDER, export, view={"id": "V1"})  # App Home's button, pressed by another
    dm_to(app, OUTSIDER, "You can't export")
    monkeypatch.setenv("DATABASE_URL", app.settings.database_url)
    monkeypatch.setenv("REFLECT_INDEX_DIR", str(app.settings.index_dir))
    out = tmp_path / "admin.md"
    assert cli.main(["records", "export", "1", "--as", ADMIN, "--format", "md", "--out", str(out)]) == 1
    assert not out.exists()
    interact(app, PRACTITIONER, export, view={"id": "V1"})
    args, pdf = app.fake.wait_for(lambda: app.fake.uploaded())[-1]
    assert args["channel_id"] == f"D{PRACTITIONER}" and pdf.startswith(b"%PDF")
    assert len(app.fake.uploaded()) == 1
    refused = rows(app.settings, "SELECT actor, detail FROM audit WHERE action = 'refused'")
    assert sorted(refused) == sorted([(OUTSIDER, "export_pdf"), (OUTSIDER, "export_pdf"),
                                      (ADMIN, "export_pdf"), (ADMIN, "export_md")])


# --- secrets ----------------------------------------------------------------------------------

def test_no_credential_reaches_the_logs_or_the_records(app, caplog):  # type: ignore[no-untyped-def]
    app.sender.event(mention("dad never seen at home visits, always at work", ts="30.1"))
    app.sender.event(message("pre-birth assessment for a care leaver", channel=f"D{PRACTITIONER}",
                             channel_type="im", ts="31.1"))
    app.sender.command("bruising on a baby", PRACTITIONER, "C7", app.fake.response_url(),
                       app.fake.trigger_id())
    reply = app.fake.wait_for(lambda: [c for c in app.fake.calls_to("chat.postMessage")
                                       if c.args.get("thread_ts") == "30.1"])[0]
    app.sender.event(message("and mum's new partner", ts="30.2", thread_ts="30.1"))
    not_helpful = [b for b in as_data(reply.args["blocks"]) if b["type"] == "actions"][0]["elements"][1]
    interact(app, PRACTITIONER, not_helpful, channel={"id": "C1"})
    reason = app.fake.wait_for(lambda: app.fake.calls_to("views.open"))[-1]
    submit(app, reason, {"reason_block": {"reason_input": {"type": "plain_text_input",
                                                           "value": "too general"}}}, user=PRACTITIONER)
    app.sender.event(message("the new review", user=ADMIN, channel=f"D{ADMIN}", channel_type="im",
                             subtype="file_share", ts="32.1", files=[app.fake.share_file(
                                 "child-r.md", b"# Child R\n\n## Findings\n\n" + b"Nobody asked. " * 30)]))
    dm_to(app, ADMIN, "Confirm its details")  # fetched from Slack with the bot token
    head = start_session(app, opening("kolb"))
    wait_post(app.fake, "Step 1 of 4")
    say(app, head, "We did not see dad", PRACTITIONER, "33.1")
    stored_entries(app, 1)
    interact(app, PRACTITIONER, {"action_id": ids.EXPORT_PDF, "value": "1"}, view={"id": "V1"})
    app.fake.wait_for(lambda: app.fake.uploaded())
    app.sender.event({"type": "app_home_opened", "user": PRACTITIONER, "channel": "D1", "tab": "home"})
    app.sender.command("", PRACTITIONER, "C1", app.fake.response_url(), app.fake.trigger_id(),
                       command="/reindex")
    app.sender.post(event_body("forged"), "application/json", {})
    app.fake.wait_for(lambda: app.fake.calls_to("views.publish"))
    app.fake.wait_for(lambda: len([c for c in app.fake.calls_to("chat.postMessage")
                                   if c.args.get("thread_ts") == "30.1"]) >= 2)
    with sqlite3.connect(app.settings.database_url.removeprefix("sqlite:///")) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        stored = "\n".join(str(row) for t in tables for row in db.execute(f'SELECT * FROM "{t}"'))
    assert "ask recorded" in caplog.text and "exported session" in caplog.text  # it did log, at DEBUG
    assert any(r.levelno == logging.DEBUG for r in caplog.records)
    for secret in (BOT_TOKEN, SIGNING_SECRET, APP_TOKEN):
        assert secret not in caplog.text and secret not in stored
