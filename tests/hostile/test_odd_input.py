"""Huge and odd text in every place people type: a clear sentence back, never an apology."""

from __future__ import annotations

import json
import sqlite3

from bot.supervision.sessions import MAX_ENTRY_CHARS
from tests.slack.harness import mention, message

HUGE = ("Dad was never seen at the home visits and the baby had a bruise on her cheek. "
        * 2600)[:199_999] + "."
ODD = ("baby\x00 has a bruise \ud83d and dad \u202eis violent\u200b, mum\u0301 is scared 👶🏽 "
       "\u2067الطفل خائف\u2069")
APOLOGY = "something went wrong on my side"


def thread_reply(app, ts: str) -> dict:  # type: ignore[no-untyped-def]
    call = app.fake.wait_for(lambda: [c for c in app.fake.calls_to("chat.postMessage")
                                      if c.args.get("thread_ts") == ts])[0]
    return {"text": call.args["text"], "blocks": json.loads(call.args["blocks"])
            if isinstance(call.args["blocks"], str) else call.args["blocks"]}


def test_a_200k_character_message_is_answered_from_its_start_with_a_note(app):  # type: ignore[no-untyped-def]
    app.sender.event(mention(HUGE, ts="20.1"))
    app.sender.event(message(HUGE, channel="D1", channel_type="im", ts="20.2"))
    app.sender.command(HUGE, "UALICE", "C1", app.fake.response_url(), app.fake.trigger_id())
    private = app.fake.wait_for(lambda: [r for r in app.fake.responses if r.get("blocks")])[0]
    for reply in (thread_reply(app, "20.1"), thread_reply(app, "20.2"), private):
        shown = json.dumps(reply["blocks"])
        # the record keeps a bounded part (said first), and the search reads the start of that
        assert "Your message was 200,00" in shown and "the record keeps its first 11," in shown
        assert "so I searched its first" in shown and "What case reviews have learned" in shown
        assert APOLOGY not in reply["text"]


def test_nul_lone_surrogates_and_direction_marks_are_answered_not_apologised_for(app):  # type: ignore[no-untyped-def]
    app.sender.event(mention(ODD, ts="21.1"))
    app.sender.event(mention("\x00\u200b\u202e\ud800", ts="21.2"))
    app.sender.event(mention("الطفل خائف من والده والأم لا تسمح للعاملة الاجتماعية برؤيته", ts="21.3"))
    odd, empty, arabic = (thread_reply(app, ts) for ts in ("21.1", "21.2", "21.3"))
    assert odd["text"].startswith("From case reviews:")
    assert empty["text"].startswith("Tell me a little about the situation")
    assert "This looks like Arabic. The reviews are in English" in json.dumps(arabic["blocks"])


def test_a_huge_or_odd_supervision_entry_is_kept_and_the_cut_is_said(busy):  # type: ignore[no-untyped-def]
    app = busy
    database = app.settings.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as db:
        channel, thread = db.execute("SELECT channel, thread_ts FROM supervision_session").fetchone()
    for ts, text in (("30.1", HUGE), ("30.2", ODD)):
        app.sender.event(message(text, user="UALICE", channel=channel, channel_type="mpim", ts=ts,
                                 thread_ts=thread))
    note = ("Your reply was long (200,000 characters), so the record keeps its first 4,000. "
            "Post the rest as another reply.")
    app.fake.wait_for(lambda: len(app.fake.calls_to("reactions.add")) == 2)
    app.fake.wait_for(lambda: [c for c in app.fake.calls_to("chat.postEphemeral")
                               if c.args["text"] == note])
    assert not [c for c in app.fake.calls_to("chat.postEphemeral") if "couldn't" in c.args["text"]]
    with sqlite3.connect(database) as db:
        stored = [r[0] for r in db.execute("SELECT text FROM entry ORDER BY source_ts")]
    assert len(stored) == 2 and stored[0] == HUGE[:MAX_ENTRY_CHARS]
    assert "\x00" not in stored[1] and "bruise" in stored[1] and "\u202e" in stored[1]
