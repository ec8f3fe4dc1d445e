"""The bot process killed at the worst moments: nothing is lost, nothing is doubled.

The bot runs as `reflect serve` in its own process. The loopback Slack parks the call the bot
makes at the moment of interest, the test kills the process with SIGKILL, starts it again, and
sends Slack's retry of the same event, as Slack does when its event was not acknowledged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlmodel import select

from bot.records import people
from bot.records.db import session_for
from bot.records.models import Ask, Entry
from bot.supervision import sessions
from bot.supervision.frameworks import load_frameworks
from tests.faults.process import BotProcess
from tests.slack.harness import FakeSlack, Sender, mention, message

PROMPT = "hv here, baby 10 wks with a bruise on his cheek, dad has dv history"


@pytest.fixture
def bot(seed_settings, tmp_path) -> Iterator[tuple[FakeSlack, BotProcess, Sender]]:  # type: ignore[no-untyped-def]
    fake = FakeSlack()
    settings = replace(seed_settings, data_dir=tmp_path / "data",
                       database_url=f"sqlite:///{tmp_path / 'data' / 'records.db'}",
                       supervisors=frozenset({"USUP"}))
    process = BotProcess(settings, fake, tmp_path / "bot.log")
    process.start()
    try:
        yield fake, process, Sender(process.url)
    finally:
        process.stop()
        fake.close()


def _replies(fake: FakeSlack, thread_ts: str) -> list:
    return [c for c in fake.calls_to("chat.postMessage") if c.args.get("thread_ts") == thread_ts]


def _settle(fake: FakeSlack, sender: Sender) -> None:
    """Send one more mention and wait for its answer: anything sent before it has been handled."""
    probe = mention("one more question about neglect", ts="1700009999.000001")
    assert sender.event(probe)[0] == 200
    fake.wait_for(lambda: _replies(fake, probe["ts"]))


def test_killed_mid_answer_slacks_retry_is_answered_once_after_restart(bot):  # type: ignore[no-untyped-def]
    fake, process, sender = bot
    event = mention(PROMPT, ts="1700000100.000100")
    fake.hold("chat.postMessage")
    assert sender.event(event, event_id="EvCrash1")[0] == 200
    fake.wait_for(lambda: fake.calls_to("chat.postMessage:held"))  # answered, reply in flight
    process.kill()
    fake.release()
    assert not _replies(fake, event["ts"])

    process.start()
    assert sender.event(event, event_id="EvCrash1", retry=1)[0] == 200
    reply = fake.wait_for(lambda: _replies(fake, event["ts"]))[0]
    assert "case review" in reply.args["text"].lower() or reply.args.get("blocks")
    assert sender.event(event, event_id="EvCrash1", retry=2)[0] == 200  # Slack's third try
    _settle(fake, sender)
    assert len(_replies(fake, event["ts"])) == 1
    with session_for(process.env["DATABASE_URL"]) as db:
        stored = db.exec(select(Ask).where(Ask.message_ts == event["ts"])).all()
    assert len(stored) == 1, "the ask was stored twice"


def test_killed_after_acking_the_restarted_bot_answers_what_was_left_by_itself(bot):  # type: ignore[no-untyped-def]
    fake, process, sender = bot
    event = mention("mum's new partner Kyle Jones has moved in, baby is 4 months",
                    ts="1700000150.000100")
    fake.hold("chat.postMessage")
    assert sender.event(event, event_id="EvLeft1")[0] == 200  # acked: Slack will not send it again
    fake.wait_for(lambda: fake.calls_to("chat.postMessage:held"))
    process.kill()
    fake.release()

    process.start()
    reply = fake.wait_for(lambda: _replies(fake, event["ts"]))[0]
    assert reply.args.get("blocks"), "the answer, not a notice"
    assert "Kyle" not in str(reply.args)
    assert sender.event(event, event_id="EvLeft1", retry=1)[0] == 200  # a late retry: not again
    _settle(fake, sender)
    assert len(_replies(fake, event["ts"])) == 1


def test_killed_between_an_entry_and_its_reply_the_entry_is_kept_once_and_the_session_goes_on(bot):  # type: ignore[no-untyped-def]
    fake, process, sender = bot
    url = process.env["DATABASE_URL"]
    frameworks = load_frameworks(Path(process.env["REFLECT_KNOWLEDGE_DIR"]) / "frameworks.yaml")
    with session_for(url) as db:
        people.set_roles(db, supervisors={"USUP"}, admins=set())
    session_id = sessions.start(url, frameworks, {}, sessions.Opening(
        framework="four_by_four", supervisor="USUP", supervisee="UALICE", case_ref="CR-7"))
    sessions.attach_thread(url, session_id, channel="G1", thread_ts="1700000200.000100")
    said = message("I felt rushed at the visit and didn't ask who else lives there", user="UALICE",
                   channel="G1", ts="1700000201.000100", thread_ts="1700000200.000100",
                   channel_type="mpim")
    fake.hold("reactions.add")  # the ✓ that tells the person it was stored
    assert sender.event(said, event_id="EvEntry1")[0] == 200
    fake.wait_for(lambda: fake.calls_to("reactions.add:held"))
    process.kill()
    fake.release()

    process.start()
    assert sender.event(said, event_id="EvEntry1", retry=1)[0] == 200
    fake.wait_for(lambda: [c for c in fake.calls_to("reactions.add")
                           if c.args.get("timestamp") == said["ts"]])
    more = message("next time I will ask to see every room", user="UALICE", channel="G1",
                   ts="1700000202.000100", thread_ts="1700000200.000100", channel_type="mpim")
    assert sender.event(more, event_id="EvEntry2")[0] == 200
    fake.wait_for(lambda: [c for c in fake.calls_to("reactions.add")
                           if c.args.get("timestamp") == more["ts"]])
    with session_for(url) as db:
        entries = db.exec(select(Entry).where(Entry.session_id == session_id)).all()
    assert sorted(e.source_ts for e in entries) == [said["ts"], more["ts"]]
    assert sessions.state(url, frameworks, session_id).status == "active"
