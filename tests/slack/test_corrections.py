"""Edits and deletions follow the author, and the privacy note shows what was kept with a button to
remove it: through the real app and the loopback Slack, checked in the exports and App Home."""

from __future__ import annotations

import json
import time

from bot.conversation.corrections import without_mentions
from bot.privacy import redact
from tests.slack.harness import BOT_USER, TEAM, mention, message
from tests.slack.supervising import (
    PRACTITIONER,
    SUPERVISOR,
    as_data,
    opening,
    posted_ts,
    rows,
    say,
    start_session,
    stored_entries,
    wait_post,
)

CASE = "CR-7"  # a case system's reference, which no redactor takes for an identifier
BEFORE = "Visit cancelled by the family, nobody answered the door"
AFTER = "Visit went ahead after all, grandad gave his number 07700 900123"
WITH_NHS = "The baby was asleep upstairs, NHS 943 476 5919, and mum seemed low"


def until(find, timeout: float = 20.0):  # type: ignore[no-untyped-def]
    """Poll the records (they ring no bell) until find() is truthy, within a bound."""
    deadline = time.time() + timeout
    while not (found := find()):
        assert time.time() < deadline, "timed out waiting for the records"
        time.sleep(0.05)
    return found


def audit(slack) -> list[tuple]:  # type: ignore[no-untyped-def]
    return rows(slack.settings, "SELECT actor, action, subject, detail FROM audit ORDER BY id")


def audited(slack, actor: str, action: str, subject: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [r for r in audit(slack) if r[:3] == (actor, action, subject)]


def edited(channel: str, ts: str, text: str, user: str, thread_ts: str | None = None) -> dict:
    """A message_changed event, shaped as Slack sends it."""
    now = f"{time.time():.6f}"
    changed = {"type": "message", "user": user, "text": text, "ts": ts,
               "edited": {"user": user, "ts": now}}
    if thread_ts:
        changed["thread_ts"] = thread_ts
    return {"type": "message", "subtype": "message_changed", "hidden": True, "channel": channel,
            "channel_type": "mpim", "ts": now, "event_ts": now, "message": changed,
            "previous_message": {"type": "message", "user": user, "ts": ts, "text": "(before)"}}


def deleted(channel: str, ts: str, user: str) -> dict:
    now = f"{time.time():.6f}"
    return {"type": "message", "subtype": "message_deleted", "hidden": True, "channel": channel,
            "channel_type": "mpim", "ts": now, "event_ts": now, "deleted_ts": ts,
            "previous_message": {"type": "message", "user": user, "ts": ts, "text": "(before)"}}


def export_markdown(slack, user: str = SUPERVISOR, session_id: int = 1) -> str:  # type: ignore[no-untyped-def]
    """The session's Markdown export as a person gets it from its button, Markdown escapes undone."""
    before = len(slack.fake.uploaded())
    slack.sender.interaction({
        "type": "block_actions", "user": {"id": user}, "team": {"id": TEAM}, "api_app_id": "A1",
        "token": "legacy", "trigger_id": slack.fake.trigger_id(), "view": {"id": "V1"},
        "actions": [{"action_id": "export_md", "block_id": "export_1", "type": "button",
                     "value": str(session_id)}]})
    _, markdown = slack.fake.wait_for(lambda: slack.fake.uploaded()[before:])[0]
    return markdown.decode().replace("\\", "")


def notes(slack, needle: str) -> list:  # type: ignore[no-untyped-def]
    return [c for c in slack.fake.calls_to("chat.postEphemeral") if needle in json.dumps(c.args)]


def click_note(slack, note: dict, channel: str, user: str) -> dict:  # type: ignore[no-untyped-def]
    """Click the privacy note's remove button, as Slack sends a click on an ephemeral message;
    returns what the app answered through the response_url."""
    button = next(e for b in as_data(note["blocks"]) if b["type"] == "actions"
                  for e in b["elements"])
    answered = len(slack.fake.responses)
    slack.sender.interaction({
        "type": "block_actions", "user": {"id": user}, "team": {"id": TEAM}, "api_app_id": "A1",
        "token": "legacy", "trigger_id": slack.fake.trigger_id(),
        "container": {"type": "message", "is_ephemeral": True, "channel_id": channel},
        "channel": {"id": channel}, "response_url": slack.fake.response_url(),
        "actions": [{**button, "block_id": "kept"}]})
    return slack.fake.wait_for(lambda: slack.fake.responses[answered:])[0]


def test_an_entry_edited_by_its_author_is_stored_redacted_and_exported_as_edited(slack):  # type: ignore[no-untyped-def]
    head = start_session(slack, opening("four_by_four", case_ref=CASE))
    wait_post(slack.fake, "Step 1 of 4")
    say(slack, head, BEFORE, PRACTITIONER, "1.1")
    stored_entries(slack, 1)
    slack.sender.event(edited(head.args["channel"], posted_ts(slack, "1.1"), AFTER, PRACTITIONER,
                              head.args["ts"]))
    kept = until(lambda: [t for (t,) in rows(slack.settings, "SELECT text FROM entry")
                          if t != redact(BEFORE)[0]])
    assert kept == [redact(AFTER)[0]] and "900123" not in kept[0]
    assert audited(slack, PRACTITIONER, "edit", "entry:1")
    note = slack.fake.wait_for(lambda: notes(slack, "remove_entry"))[-1]  # told what was kept
    assert note.args["user"] == PRACTITIONER and "removed" in note.args["text"]
    assert "900123" not in json.dumps(note.args)
    exported = export_markdown(slack)
    assert redact(AFTER)[0] in exported and redact(BEFORE)[0] not in exported
    assert "900123" not in exported and "nobody answered the door" not in exported


def test_a_change_that_leaves_the_text_alone_is_no_edit(slack):  # type: ignore[no-untyped-def]
    head = start_session(slack, opening("four_by_four", case_ref=CASE))
    wait_post(slack.fake, "Step 1 of 4")
    say(slack, head, WITH_NHS, PRACTITIONER, "2.5")
    stored_entries(slack, 1)
    until(lambda: slack.fake.calls_to("chat.postEphemeral"))  # the entry's own note, posted after it
    notes_before = len(slack.fake.calls_to("chat.postEphemeral"))
    unfurled = edited(head.args["channel"], posted_ts(slack, "2.5"), WITH_NHS, PRACTITIONER, head.args["ts"])
    unfurled["previous_message"]["text"] = WITH_NHS  # Slack added a link preview, say
    slack.sender.event(unfurled, event_id="EvUNFURL1")
    until(lambda: rows(slack.settings, "SELECT done FROM slackevent WHERE event_id = 'EvUNFURL1'")
          == [(1,)])
    assert not [r for r in audit(slack) if r[1] in ("edit", "refused")]
    assert len(slack.fake.calls_to("chat.postEphemeral")) == notes_before


def test_someone_elses_edit_leaves_the_entry_as_it_was(slack):  # type: ignore[no-untyped-def]
    head = start_session(slack, opening("four_by_four", case_ref=CASE))
    wait_post(slack.fake, "Step 1 of 4")
    say(slack, head, BEFORE, PRACTITIONER, "2.1")
    stored_entries(slack, 1)
    slack.sender.event(edited(head.args["channel"], posted_ts(slack, "2.1"), AFTER, "UMALLORY",
                              head.args["ts"]))
    until(lambda: audited(slack, "UMALLORY", "refused", "entry:1"))
    assert rows(slack.settings, "SELECT text, author FROM entry") == [
        (redact(BEFORE)[0], PRACTITIONER)]
    assert not audited(slack, "UMALLORY", "edit", "entry:1")
    assert redact(BEFORE)[0] in export_markdown(slack)


def test_a_deleted_entry_leaves_the_record_and_its_export(slack):  # type: ignore[no-untyped-def]
    head = start_session(slack, opening("four_by_four", case_ref=CASE))
    wait_post(slack.fake, "Step 1 of 4")
    say(slack, head, BEFORE, PRACTITIONER, "3.1")
    say(slack, head, "Mum engaged well and showed me the baby's sleeping space", PRACTITIONER, "3.2")
    stored_entries(slack, 2)
    slack.sender.event(deleted(head.args["channel"], posted_ts(slack, "3.1"), "UMALLORY"))  # not its author
    until(lambda: audited(slack, "UMALLORY", "refused", "entry:1"))
    assert len(rows(slack.settings, "SELECT id FROM entry")) == 2
    slack.sender.event(deleted(head.args["channel"], posted_ts(slack, "3.1"), PRACTITIONER))
    until(lambda: audited(slack, PRACTITIONER, "remove", "entry:1"))
    assert [t for (t,) in rows(slack.settings, "SELECT text FROM entry")] == [
        redact("Mum engaged well and showed me the baby's sleeping space")[0]]
    exported = export_markdown(slack)
    assert "nobody answered the door" not in exported and "sleeping space" in exported
    assert ("remove", "entry:1", "session=1 via=slack_delete") in [r[1:] for r in audit(slack)]


def test_a_reply_also_sent_to_the_channel_is_stored_as_an_entry(slack):  # type: ignore[no-untyped-def]
    head = start_session(slack, opening("four_by_four", case_ref=CASE))
    wait_post(slack.fake, "Step 1 of 4")
    slack.sender.event(message("Dad was present and answered for the children", user=PRACTITIONER,
                               channel=head.args["channel"], ts="4.1", thread_ts=head.args["ts"],
                               channel_type="mpim", subtype="thread_broadcast",
                               root={"type": "message", "user": SUPERVISOR, "ts": head.args["ts"],
                                     "text": "Supervision session 1"}))
    assert stored_entries(slack, 1)[0][1:] == (PRACTITIONER, "entry",
                                               "Dad was present and answered for the children")
    slack.fake.wait_for(lambda: [c for c in slack.fake.calls_to("reactions.add")
                                 if c.args["timestamp"] == "4.1"])


def test_a_reply_also_sent_to_the_channel_follows_up_in_a_bot_thread(slack):  # type: ignore[no-untyped-def]
    slack.sender.event(mention("mum's new partner has a history of domestic abuse", ts="5.1"))
    slack.fake.wait_for(lambda: [c for c in slack.fake.calls_to("chat.postMessage")
                                 if c.args.get("thread_ts") == "5.1"])
    slack.sender.event(message("and the baby has a bruise on her cheek", ts="5.2", thread_ts="5.1",
                               subtype="thread_broadcast"))
    slack.fake.wait_for(lambda: [c for c in slack.fake.calls_to("chat.postMessage")
                                 if c.args.get("thread_ts") == "5.1"][1:])
    assert [s for (s,) in rows(slack.settings, "SELECT surface FROM ask ORDER BY id")] == [
        "mention", "thread"]


def test_the_note_shows_the_entry_as_kept_and_its_author_alone_can_remove_it(slack):  # type: ignore[no-untyped-def]
    head = start_session(slack, opening("four_by_four", case_ref=CASE))
    wait_post(slack.fake, "Step 1 of 4")
    say(slack, head, WITH_NHS, PRACTITIONER, "6.1")
    stored_entries(slack, 1)
    note = slack.fake.wait_for(lambda: notes(slack, "remove_entry"))[-1]
    shown = json.dumps(as_data(note.args["blocks"]))
    assert "NHS number" in shown and "As kept in the record" in shown
    assert json.dumps(redact(WITH_NHS)[0])[1:-1] in shown and "5919" not in shown
    assert note.args["channel"] == head.args["channel"] and note.args["user"] == PRACTITIONER

    refused = click_note(slack, note.args, head.args["channel"], "UMALLORY")
    assert "Only the person who wrote it" in refused["text"] and not refused.get("replace_original")
    assert len(rows(slack.settings, "SELECT id FROM entry")) == 1
    assert audited(slack, "UMALLORY", "refused", "entry:1")

    removed = click_note(slack, note.args, head.args["channel"], PRACTITIONER)
    assert "Removed from the record" in removed["text"] and removed["replace_original"] is True
    assert rows(slack.settings, "SELECT id FROM entry") == []
    again = click_note(slack, note.args, head.args["channel"], PRACTITIONER)  # a second click
    assert "no longer in the record" in again["text"]
    assert len(audited(slack, PRACTITIONER, "remove", "entry:1")) == 1
    assert "asleep upstairs" not in export_markdown(slack)


def test_an_ask_edited_then_deleted_follows_in_app_home(slack):  # type: ignore[no-untyped-def]
    first = f"<@{BOT_USER}> worried, baby with a bruise, nhs 943 476 5919"
    second = f"<@{BOT_USER}> worried, baby with a bruise, dad's phone 07700 900123"
    slack.sender.event(mention(first, ts="7.1"))
    slack.fake.wait_for(lambda: [c for c in slack.fake.calls_to("chat.postMessage")
                                 if c.args.get("thread_ts") == "7.1"])
    note = slack.fake.wait_for(lambda: notes(slack, "remove_ask"))[-1]
    assert json.dumps(redact(without_mentions(first))[0].strip())[1:-1] in json.dumps(
        as_data(note.args["blocks"]))

    slack.sender.event(edited("C1", "7.1", second, "UALICE"))
    kept = redact(without_mentions(second))[0]
    until(lambda: rows(slack.settings, "SELECT prompt FROM ask") == [(kept,)])
    assert audited(slack, "UALICE", "edit", "ask:1")
    assert "900123" not in json.dumps(rows(slack.settings, "SELECT * FROM ask"))
    assert "bruise" in home(slack, "UALICE") and "5919" not in home(slack, "UALICE")

    # The thread's first message deleted under the bot's reply: Slack leaves a tombstone.
    tombstone = edited("C1", "7.1", "This message was deleted.", "USLACKBOT")
    tombstone["message"]["subtype"] = "tombstone"
    tombstone["previous_message"]["user"] = "UALICE"
    slack.sender.event(tombstone)
    until(lambda: audited(slack, "UALICE", "remove", "ask:1"))
    assert rows(slack.settings, "SELECT id FROM ask") == []
    assert "None yet" in home(slack, "UALICE")


def home(slack, user: str) -> str:  # type: ignore[no-untyped-def]
    before = len(slack.fake.calls_to("views.publish"))
    slack.sender.event({"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"})
    published = slack.fake.wait_for(lambda: slack.fake.calls_to("views.publish")[before:])[-1]
    return json.dumps(as_data(published.args["view"]))


def test_a_private_answer_can_be_removed_from_the_record_with_its_feedback(slack):  # type: ignore[no-untyped-def]
    slack.sender.command("dad is never seen at visits, his mobile is 07700 900123", "UALICE", "C7",
                         slack.fake.response_url(), slack.fake.trigger_id())
    note = slack.fake.wait_for(lambda: [r for r in slack.fake.responses
                                        if "remove_ask" in json.dumps(r.get("blocks"))])[0]
    answer = slack.fake.wait_for(lambda: [r for r in slack.fake.responses
                                          if "feedback_helpful" in json.dumps(r.get("blocks"))])[0]
    helpful = next(e for b in answer["blocks"] if b["type"] == "actions" for e in b["elements"]
                   if e["action_id"] == "feedback_helpful")
    slack.sender.interaction({
        "type": "block_actions", "user": {"id": "UALICE"}, "team": {"id": TEAM}, "api_app_id": "A1",
        "token": "legacy", "channel": {"id": "C7"}, "response_url": slack.fake.response_url(),
        "actions": [{**helpful, "block_id": "b"}]})
    slack.fake.wait_for(lambda: [r for r in slack.fake.responses if r.get("text") == "Thanks, noted."])
    assert rows(slack.settings, "SELECT helpful FROM feedback") == [(1,)]
    removed = click_note(slack, note, "C7", "UALICE")
    assert "Removed from the record" in removed["text"]
    assert rows(slack.settings, "SELECT id FROM ask") == []
    assert rows(slack.settings, "SELECT id FROM feedback") == []
    assert ("UALICE", "remove", "ask:1", "via=button") in audit(slack)


def test_an_edit_a_killed_worker_left_is_followed_on_restart(slack, engine):  # type: ignore[no-untyped-def]
    import socket

    from bot.records.db import session_for
    from bot.records.models import SlackEvent
    from bot.slack.app import create_app
    from bot.slack.listeners.events import _to_answer_again, answer_abandoned_events

    head = start_session(slack, opening("four_by_four", case_ref=CASE))
    wait_post(slack.fake, "Step 1 of 4")
    say(slack, head, BEFORE, PRACTITIONER, "9.1")
    stored_entries(slack, 1)
    body = {"type": "event_callback", "event_id": "EvEDIT1", "team_id": TEAM,
            "event": edited(head.args["channel"], posted_ts(slack, "9.1"), AFTER, PRACTITIONER,
                            head.args["ts"])}
    pending = _to_answer_again(body)
    assert pending is not None and "900123" not in json.dumps(pending)  # kept redacted
    with session_for(slack.settings.database_url) as db:  # claimed by a worker since killed
        db.add(SlackEvent(event_id="EvEDIT1", owner=f"{socket.gethostname()}/999999999/0",
                          pending=pending))
    assert answer_abandoned_events(create_app(slack.settings, engine),
                                   slack.settings.database_url) == 1
    until(lambda: rows(slack.settings, "SELECT text FROM entry") == [(redact(AFTER)[0],)])
    until(lambda: rows(slack.settings, "SELECT done FROM slackevent WHERE event_id = 'EvEDIT1'")
          == [(1,)])
