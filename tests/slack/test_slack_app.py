"""The Slack app end to end: signed requests in over HTTP, Web API calls out to a loopback Slack."""

from __future__ import annotations

import json
import logging
import time

import pytest
from sqlalchemy import text

from bot.records.db import get_engine
from tests.slack.harness import BOT_USER, mention, message
from tests.slack.supervising import handled

ESCALATION = "the SW closed the case and i disagree, how do i escalate"


def replies(fake, channel: str = "C1") -> list:  # type: ignore[no-untyped-def]
    return [c for c in fake.calls_to("chat.postMessage") if c.args["channel"] == channel]


def blocks_of(call) -> list:  # type: ignore[no-untyped-def]
    blocks = call.args["blocks"]
    return json.loads(blocks) if isinstance(blocks, str) else blocks


def rows(settings, sql: str) -> list:  # type: ignore[no-untyped-def]
    with get_engine(settings.database_url).connect() as connection:
        return list(connection.execute(text(sql)))


def test_a_mention_is_answered_in_its_thread_with_citations(slack):  # type: ignore[no-untyped-def]
    status, _ = slack.sender.event(mention(ESCALATION, ts="100.1"))
    assert status == 200
    reply = slack.fake.wait_for(lambda: replies(slack.fake))[0]
    assert reply.args["thread_ts"] == "100.1"
    shown = json.dumps(blocks_of(reply))
    assert "What case reviews have learned" in shown and "Questions to reflect on" in shown
    assert "Child " in shown or "Alice" in shown
    assert reply.args["text"].startswith("From case reviews:")
    (ask,) = rows(slack.settings, "SELECT surface, slack_user, channel, thread_ts FROM ask")
    assert tuple(ask) == ("mention", "UALICE", "C1", "100.1")


def test_a_reply_in_the_thread_continues_with_the_thread_as_context(slack):  # type: ignore[no-untyped-def]
    slack.sender.event(mention("mum's new partner has a history of domestic abuse", ts="200.1"))
    slack.fake.wait_for(lambda: replies(slack.fake))
    slack.sender.event(message("and the baby has a bruise on her cheek", ts="200.5",
                               thread_ts="200.1"))
    second = slack.fake.wait_for(lambda: replies(slack.fake)[1:])[0]
    assert second.args["thread_ts"] == "200.1"
    stored = rows(slack.settings, "SELECT surface, prompt, answer FROM ask ORDER BY id")
    assert [r[0] for r in stored] == ["mention", "thread"]
    assert stored[1][1] == "and the baby has a bruise on her cheek"
    query = json.loads(stored[1][2])["query"]
    assert query.startswith("and the baby has a bruise") and "domestic abuse" in query


def test_talk_in_a_thread_the_bot_is_not_in_is_left_alone(slack):  # type: ignore[no-untyped-def]
    slack.sender.event(message("lunch at 1?", ts="300.2", thread_ts="300.1"))
    slack.sender.event(message("anyone seen the new escalation policy", ts="300.3"))
    handled(slack, 2)
    assert replies(slack.fake) == []


def test_a_direct_message_is_answered_in_its_thread(slack):  # type: ignore[no-untyped-def]
    slack.sender.event(message("pre-birth assessment for a care leaver, who should be there?",
                               channel="D1", channel_type="im", ts="400.1"))
    reply = slack.fake.wait_for(lambda: replies(slack.fake, "D1"))[0]
    assert reply.args["thread_ts"] == "400.1"


def test_a_greeting_in_a_dm_gets_what_the_bot_does_with_an_example(slack):  # type: ignore[no-untyped-def]
    slack.sender.event(message("hi", channel="D1", channel_type="im", ts="410.1"))
    reply = slack.fake.wait_for(lambda: replies(slack.fake, "D1"))[0]
    shown = json.dumps(reply.args.get("blocks") or reply.args.get("text"))
    assert "Describe a situation" in shown and "For example" in shown
    assert "What case reviews have learned" not in shown and "Nothing close" not in shown


def test_a_channel_mention_that_also_arrives_as_a_message_is_answered_once(slack):  # type: ignore[no-untyped-def]
    slack.sender.event(message(f"<@{BOT_USER}> {ESCALATION}", ts="500.1"))
    slack.sender.event(mention(ESCALATION, ts="500.1"))
    handled(slack, 2)
    assert len(replies(slack.fake)) == 1


def test_a_retried_event_gets_one_reply(slack):  # type: ignore[no-untyped-def]
    event = mention(ESCALATION, ts="600.1")
    assert slack.sender.event(event, event_id="EvRETRY1")[0] == 200
    assert slack.sender.event(event, event_id="EvRETRY1", retry=1)[0] == 200
    slack.fake.wait_for(lambda: replies(slack.fake))
    assert slack.sender.event(event, event_id="EvRETRY1", retry=2)[0] == 200
    later = mention("and the baby has a bruise", ts="600.2")  # handled after the retries
    assert slack.sender.event(later, event_id="EvLATER1")[0] == 200
    slack.fake.wait_for(lambda: replies(slack.fake)[1:])
    handled(slack, 2)
    assert [r.args["thread_ts"] for r in replies(slack.fake)] == ["600.1", "600.2"]
    assert rows(slack.settings, "SELECT event_id, done FROM slackevent ORDER BY event_id") == [
        ("EvLATER1", 1), ("EvRETRY1", 1)]


@pytest.mark.parametrize("event", [
    message("an answer of mine", user=BOT_USER, ts="700.1", channel_type="im", channel="D1"),
    message("another bot", bot_id="B999", ts="700.2", channel_type="im", channel="D1"),
    message("edited", subtype="message_changed", ts="700.3", channel_type="im", channel="D1"),
], ids=["itself", "another bot", "an edit"])
def test_its_own_and_other_bots_messages_and_edits_are_ignored(slack, event):  # type: ignore[no-untyped-def]
    assert slack.sender.event(event)[0] == 200
    slack.sender.event(message("hi", channel="D1", channel_type="im", ts="700.9"))  # sent after
    slack.fake.wait_for(lambda: replies(slack.fake, "D1"))
    assert [r.args["thread_ts"] for r in replies(slack.fake, "D1")] == ["700.9"]


def test_an_event_nobody_handles_is_still_acknowledged(slack):  # type: ignore[no-untyped-def]
    status, _ = slack.sender.event({"type": "reaction_added", "user": "UALICE", "reaction": "eyes",
                                    "item": {"type": "message", "channel": "C1", "ts": "1.1"}})
    assert status == 200


def test_reflect_answers_privately_and_can_be_shared(slack):  # type: ignore[no-untyped-def]
    response_url = slack.fake.response_url()
    status, _ = slack.sender.command("dad never seen at home visits, always at work", "UALICE",
                                     "C7", response_url, slack.fake.trigger_id())
    assert status == 200
    private = slack.fake.wait_for(lambda: slack.fake.responses)[-1]
    assert private["response_type"] == "ephemeral"
    buttons = [b for b in private["blocks"] if b["type"] == "actions"][0]["elements"]
    share = next(b for b in buttons if b["action_id"] == "share_answer")
    assert replies(slack.fake, "C7") == []
    slack.sender.interaction({
        "type": "block_actions", "user": {"id": "UALICE"}, "team": {"id": "T0TEAM"},
        "channel": {"id": "C7"}, "trigger_id": slack.fake.trigger_id(),
        "response_url": response_url, "actions": [{**share, "block_id": "b"}],
        "container": {"type": "message"}, "api_app_id": "A1", "token": "legacy"})
    shared = slack.fake.wait_for(lambda: replies(slack.fake, "C7"))[0]
    assert "Shared by <@UALICE>" in shared.args["text"]
    assert slack.fake.wait_for(lambda: [r for r in slack.fake.responses
                                        if r.get("text") == "Shared in the channel."])


def test_only_the_asker_can_share_an_answer(slack):  # type: ignore[no-untyped-def]
    url = slack.fake.response_url()
    slack.sender.command("bruising on a baby", "UALICE", "C8", url, slack.fake.trigger_id())
    private = slack.fake.wait_for(lambda: slack.fake.responses)[-1]
    share = [b for b in private["blocks"] if b["type"] == "actions"][0]["elements"][0]
    slack.sender.interaction({
        "type": "block_actions", "user": {"id": "UMALLORY"}, "team": {"id": "T0TEAM"},
        "channel": {"id": "C8"}, "trigger_id": slack.fake.trigger_id(), "response_url": url,
        "actions": [{**share, "block_id": "b"}], "api_app_id": "A1", "token": "legacy"})
    slack.fake.wait_for(lambda: any("someone else's" in r.get("text", "")
                                    for r in slack.fake.responses))
    assert replies(slack.fake, "C8") == []


def test_feedback_clicks_and_a_reason_are_stored(slack):  # type: ignore[no-untyped-def]
    slack.sender.event(mention(ESCALATION, ts="800.1"))
    reply = slack.fake.wait_for(lambda: replies(slack.fake))[0]
    buttons = [b for b in blocks_of(reply) if b["type"] == "actions"][0]["elements"]
    helpful, not_helpful = buttons
    base = {"type": "block_actions", "team": {"id": "T0TEAM"}, "channel": {"id": "C1"},
            "response_url": slack.fake.response_url(), "api_app_id": "A1", "token": "legacy"}
    slack.sender.interaction({**base, "user": {"id": "UALICE"}, "trigger_id": slack.fake.trigger_id(),
                              "actions": [{**helpful, "block_id": "b"}]})
    slack.sender.interaction({**base, "user": {"id": "UBOB"}, "trigger_id": slack.fake.trigger_id(),
                              "actions": [{**not_helpful, "block_id": "b"}]})
    opened = slack.fake.wait_for(lambda: slack.fake.calls_to("views.open"))[0]
    view = json.loads(opened.args["view"]) if isinstance(opened.args["view"], str) else opened.args["view"]
    status, _ = slack.sender.interaction({
        "type": "view_submission", "user": {"id": "UBOB"}, "team": {"id": "T0TEAM"},
        "api_app_id": "A1", "token": "legacy",
        "view": {**view, "id": "V2", "state": {"values": {"reason_block": {"reason_input": {
            "type": "plain_text_input",
            "value": "it missed the point; child Jayden Smith dob 01/02/2020"}}}}}})
    assert status == 200
    deadline = time.time() + 10
    while time.time() < deadline and len(rows(slack.settings, "SELECT id FROM feedback")) < 3:
        time.sleep(0.1)
    # Listeners run after the ack, each on its own thread, so rows may land in any order.
    stored = sorted(rows(slack.settings, "SELECT slack_user, helpful, reason FROM feedback"),
                    key=lambda r: (r[0], r[2] or ""))
    assert [(r[0], bool(r[1])) for r in stored] == [("UALICE", True), ("UBOB", False), ("UBOB", False)]
    assert "missed the point" in stored[2][2] and "Jayden" not in stored[2][2]


def test_feedback_on_an_answer_not_shown_to_the_person_is_refused(slack):  # type: ignore[no-untyped-def]
    slack.sender.event(mention(ESCALATION, ts="810.1"))
    reply = slack.fake.wait_for(lambda: replies(slack.fake))[0]
    helpful, not_helpful = [b for b in blocks_of(reply) if b["type"] == "actions"][0]["elements"]
    # Eve, in another channel, sends the same button with the answer's ask id (a forged click).
    base = {"type": "block_actions", "team": {"id": "T0TEAM"}, "channel": {"id": "C9"},
            "user": {"id": "UEVE"}, "api_app_id": "A1", "token": "legacy"}
    for button in (helpful, not_helpful):
        slack.sender.interaction({**base, "trigger_id": slack.fake.trigger_id(),
                                  "response_url": slack.fake.response_url(),
                                  "actions": [{**button, "block_id": "b"}]})
    slack.fake.wait_for(lambda: len([r for r in slack.fake.responses
                                     if "wasn't shown to you" in r.get("text", "")]) == 2)
    assert not slack.fake.calls_to("views.open")  # no reason form for her
    assert rows(slack.settings, "SELECT id FROM feedback") == []
    (ask_id,), = rows(slack.settings, "SELECT id FROM ask")
    assert rows(slack.settings, "SELECT actor, subject FROM audit WHERE action = 'refused'") == \
        [("UEVE", f"ask:{ask_id}")] * 2
    # The asker, in a DM elsewhere, may still rate their own answer.
    slack.sender.interaction({**base, "channel": {"id": "D7"}, "user": {"id": "UALICE"},
                              "trigger_id": slack.fake.trigger_id(),
                              "response_url": slack.fake.response_url(),
                              "actions": [{**helpful, "block_id": "b"}]})
    slack.fake.wait_for(lambda: any(r.get("text") == "Thanks, noted." for r in slack.fake.responses))
    assert rows(slack.settings, "SELECT slack_user FROM feedback") == [("UALICE",)]


def test_app_home_shows_what_the_bot_knows_and_recent_asks(slack):  # type: ignore[no-untyped-def]
    slack.sender.event(mention(ESCALATION + " <!channel> *now*", ts="900.1"))
    slack.fake.wait_for(lambda: replies(slack.fake))
    slack.sender.event({"type": "app_home_opened", "user": "UALICE", "channel": "D1", "tab": "home"})
    published = slack.fake.wait_for(lambda: slack.fake.calls_to("views.publish"))[0]
    view = json.loads(published.args["view"]) if isinstance(published.args["view"], str) \
        else published.args["view"]
    shown = json.dumps(view)
    assert published.args["user_id"] == "UALICE"
    assert "5 documents" in shown and "Child B1" in shown and "How to use me" in shown
    assert "For example" in shown  # the same help a greeting gets
    assert "how do i escalate &lt;!channel&gt; *now*" in shown and "<!channel>" not in shown


@pytest.mark.parametrize("case", ["unsigned", "forged", "stale"])
def test_requests_not_signed_by_slack_are_refused(slack, case):  # type: ignore[no-untyped-def]
    body = json.dumps({"type": "event_callback", "event_id": "EvX", "team_id": "T0TEAM",
                       "event": mention(ESCALATION)}).encode()
    headers = {"unsigned": {}, "forged": {**slack.sender.sign(body),
                                          "X-Slack-Signature": "v0=" + "0" * 64},
               "stale": slack.sender.sign(body, timestamp=int(time.time()) - 600)}[case]
    status, _ = slack.sender.post(body, "application/json", headers)
    assert status == 401
    slack.sender.event(message("hi", channel="D1", channel_type="im", ts="800.1"))  # a signed one
    slack.fake.wait_for(lambda: replies(slack.fake, "D1"))
    handled(slack, 1)
    assert replies(slack.fake) == []  # the refused mention in C1 was never answered
    assert rows(slack.settings, "SELECT count(*) FROM slackevent") == [(1,)]


def test_a_rate_limited_post_is_retried_after_retry_after(slack):  # type: ignore[no-untyped-def]
    slack.fake.rate_limit["chat.postMessage"] = 1
    slack.sender.event(mention(ESCALATION, ts="1000.1"))
    slack.fake.wait_for(lambda: replies(slack.fake), timeout=30)
    limited = slack.fake.calls_to("chat.postMessage:429")
    assert len(limited) == 1
    assert replies(slack.fake)[0].at - limited[0].at >= 0.9


def test_a_failure_inside_the_core_ends_in_a_visible_apology(slack, engine, monkeypatch, caplog):  # type: ignore[no-untyped-def]
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("index exploded: secret prompt text")

    monkeypatch.setattr(engine, "ask", broken)
    caplog.set_level(logging.INFO)
    slack.sender.event(mention(ESCALATION, ts="1100.1"))
    reply = slack.fake.wait_for(lambda: replies(slack.fake))[0]
    assert reply.args["thread_ts"] == "1100.1" and "Sorry, something went wrong" in reply.args["text"]
    assert "answer failed" in caplog.text and "RuntimeError" in caplog.text
    assert "secret prompt text" not in caplog.text and "escalate" not in caplog.text


def test_identifiers_never_reach_the_search_the_database_or_the_logs(slack, caplog):  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    typed = ("worried about my child Jayden Smith dob 14/02/2021, lives at 22 Acacia Avenue "
             "LS6 2AB, NHS 943 476 5919, mum's new boyfriend hits her <!channel>")
    slack.sender.event(mention(typed, ts="1200.1"))
    reply = slack.fake.wait_for(lambda: replies(slack.fake))[0]
    note = slack.fake.wait_for(lambda: slack.fake.calls_to("chat.postEphemeral"))[0]
    assert note.args["user"] == "UALICE" and "removed" in note.args["text"]
    assert "name" in note.args["text"] and "date of birth" in note.args["text"]
    secrets = ["Jayden", "Smith", "14/02/2021", "Acacia", "LS6 2AB", "943 476 5919"]
    stored = json.dumps([list(map(str, r)) for r in rows(slack.settings, "SELECT * FROM ask")])
    outbound = json.dumps([c.args for c in slack.fake.calls])
    for secret in secrets:
        assert secret not in stored and secret not in caplog.text and secret not in outbound
    assert "[name]" in stored and "boyfriend" in stored
    assert "<!channel>" not in json.dumps(blocks_of(reply))
