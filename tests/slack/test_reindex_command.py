"""`/reindex` from Slack: admins only, progress in one DM message, then a summary."""

from __future__ import annotations

import json


def test_reindex_is_refused_politely_to_a_non_admin(slack):  # type: ignore[no-untyped-def]
    status, body = slack.sender.command("", "UALICE", "C1", slack.fake.response_url(),
                                        slack.fake.trigger_id(), command="/reindex")
    assert status == 200
    reply = json.loads(body)
    assert reply["response_type"] == "ephemeral" and "Only the knowledge base admins" in reply["text"]
    assert slack.fake.calls_to("conversations.open") == []


def test_an_admin_reindexes_and_sees_one_message_end_in_a_summary(slack):  # type: ignore[no-untyped-def]
    status, body = slack.sender.command("", "UADMIN", "C1", slack.fake.response_url(),
                                        slack.fake.trigger_id(), command="/reindex")
    assert status == 200 and "Rebuilding the index" in json.loads(body)["text"]
    posted = slack.fake.wait_for(lambda: slack.fake.calls_to("chat.postMessage"))[0]
    assert posted.args["channel"] == "DUADMIN"
    summary = slack.fake.wait_for(lambda: [c for c in slack.fake.calls_to("chat.update")
                                           if "Themes now covered" in c.args["text"]], timeout=60)[0]
    assert summary.args["channel"] == "DUADMIN"
    assert "5 documents" in summary.args["text"] and "of 29" in summary.args["text"]
