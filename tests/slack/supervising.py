"""Driving a supervision session through the real app and the loopback Slack: commands, modals,
buttons and thread replies, as test_supervise and the privacy and access tests use them."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import date

from tests.slack.harness import TEAM, message

SUPERVISOR, PRACTITIONER = "USUP", "UALICE"
GROUP_DM = f"D{SUPERVISOR},{PRACTITIONER}"  # what the loopback conversations.open answers


def as_data(value):  # type: ignore[no-untyped-def]
    return json.loads(value) if isinstance(value, str) else value


def rows(settings, sql: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    with sqlite3.connect(settings.database_url.removeprefix("sqlite:///")) as db:
        return db.execute(sql).fetchall()


def handled(slack, count: int) -> None:  # type: ignore[no-untyped-def]
    """Wait until `count` Slack events have been handled to the end (each handler marks its event
    finished last), so a test that something did not happen knows the handler ran."""
    deadline = time.time() + 20
    while rows(slack.settings, "SELECT count(*) FROM slackevent WHERE done")[0][0] < count:
        assert time.time() < deadline, "timed out waiting for the app to finish the events"
        time.sleep(0.02)


def posts(fake, channel: str | None = None) -> list:  # type: ignore[no-untyped-def]
    return [c for c in fake.calls_to("chat.postMessage") if channel in (None, c.args.get("channel"))]


def wait_post(fake, needle: str, channel: str | None = None, nth: int = 1):  # type: ignore[no-untyped-def]
    """The nth message posted whose text or blocks hold needle (the newest, once there are n)."""
    def found():  # type: ignore[no-untyped-def]
        hits = [c for c in posts(fake, channel)
                if needle in c.args.get("text", "") or needle in json.dumps(as_data(c.args.get("blocks")))]
        return hits[-1] if len(hits) >= nth else None
    return fake.wait_for(found)


def button(call, action_id: str) -> dict:  # type: ignore[no-untyped-def]
    for block in as_data(call.args["blocks"]):
        for element in block.get("elements", []) + [block.get("accessory") or {}]:
            if element.get("action_id") == action_id:
                return {**element, "block_id": block.get("block_id", "b")}
    raise AssertionError(f"no {action_id} button in the message")


def click(slack, call, action_id: str, user: str = SUPERVISOR, **extra) -> None:  # type: ignore[no-untyped-def]
    slack.sender.interaction({
        "type": "block_actions", "user": {"id": user}, "team": {"id": TEAM}, "api_app_id": "A1",
        "token": "legacy", "trigger_id": slack.fake.trigger_id(),
        "channel": {"id": call.args["channel"]},
        "message": {"ts": call.args["ts"], "thread_ts": call.args.get("thread_ts")},
        "actions": [{**button(call, action_id), **extra}]})


def submit(slack, opened, values: dict, user: str = SUPERVISOR):  # type: ignore[no-untyped-def]
    view = as_data(opened.args["view"])
    return slack.sender.interaction({
        "type": "view_submission", "user": {"id": user}, "team": {"id": TEAM}, "api_app_id": "A1",
        "token": "legacy", "view": {**view, "id": "V9", "state": {"values": values}}})


def opening(framework: str, case_ref: str = "CR-2026-0042", supervisee: str = PRACTITIONER,
            team_channel: str = "", review: str = "") -> dict:
    values = {
        "framework": {"value": {"type": "static_select", "selected_option": {"value": framework}}},
        "supervisee": {"value": {"type": "users_select", "selected_user": supervisee or None}},
        "team_channel": {"value": {"type": "conversations_select",
                                   "selected_conversation": team_channel or None}},
        "case_ref": {"value": {"type": "plain_text_input", "value": case_ref}},
        "functions": {"value": {"type": "checkboxes", "selected_options": [
            {"value": "development"}, {"value": "support"}]}},
    }
    if review:
        values["review"] = {"value": {"type": "static_select", "selected_option": {"value": review}}}
    return values


def action_values(what: str, who: str, due: date, done_check: str = "It is on the case record",
                  worked_check: str = "Mum engages") -> dict:
    def text(value: str) -> dict:
        return {"value": {"type": "plain_text_input", "value": value}}
    return {"what": text(what), "who": {"value": {"type": "users_select", "selected_user": who}},
            "due": {"value": {"type": "datepicker", "selected_date": due.isoformat()}},
            "done_check": text(done_check), "worked_check": text(worked_check)}


def form_values(**fields) -> dict:  # type: ignore[no-untyped-def]
    """A modal's state: text inputs, and date pickers for dates."""
    return {name: {"value": {"type": "datepicker", "selected_date": value.isoformat()}
                   if isinstance(value, date) else {"type": "plain_text_input", "value": value}}
            for name, value in fields.items()}


def sign_off(slack, step, oversight: str = "Plan agreed; I will review progress at our next session",
             next_date: date | None = None):  # type: ignore[no-untyped-def]
    """Close and sign off through the sign-off form; the closing message it posts."""
    opened = len(slack.fake.calls_to("views.open"))
    click(slack, step, "session_close")
    form = slack.fake.wait_for(lambda: slack.fake.calls_to("views.open")[opened:])[-1]
    when = next_date or date.fromordinal(date.today().toordinal() + 28)
    status, body = submit(slack, form, form_values(oversight=oversight, next_date=when))
    assert status == 200 and body in ("", "{}"), body
    return wait_post(slack.fake, "closed and signed off")


def start_session(slack, values: dict, channel: str = "C5"):  # type: ignore[no-untyped-def]
    slack.sender.command("", SUPERVISOR, channel, slack.fake.response_url(), slack.fake.trigger_id(),
                         command="/supervise")
    opened = slack.fake.wait_for(lambda: slack.fake.calls_to("views.open"))[-1]
    status, body = submit(slack, opened, values)
    assert status == 200 and body in ("", "{}"), body
    return wait_post(slack.fake, "Supervision session")


_POSTED: dict[tuple[int, str], str] = {}  # (fixture, label) -> the ts Slack gave that message


def posted_ts(slack, label: str) -> str:  # type: ignore[no-untyped-def]
    """A Slack ts for a message label: the time it is first said, as Slack stamps a message, and
    the same ts again for a retry of that label."""
    return _POSTED.setdefault((id(slack), label), f"{time.time():.6f}")


def say(slack, head, text: str, user: str, ts: str) -> None:  # type: ignore[no-untyped-def]
    slack.sender.event(message(text, user=user, channel=head.args["channel"],
                               ts=posted_ts(slack, ts), thread_ts=head.args["ts"],
                               channel_type="mpim"))


def stored_entries(slack, n: int) -> list[tuple]:  # type: ignore[no-untyped-def]
    """The entries, once there are n of them (the database is polled: it rings no bell)."""
    deadline = time.time() + 20
    while True:
        found = rows(slack.settings, "SELECT step, author, kind, text FROM entry ORDER BY id")
        if len(found) >= n or time.time() > deadline:
            assert len(found) >= n, found
            return found
        time.sleep(0.05)
