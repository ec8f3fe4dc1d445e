"""The records database goes away and comes back (PostgreSQL behind a relay the test cuts).

While it is away nobody is answered without a record: the person is told in plain words, Slack
is asked to send the event again, and nothing is half-written. When it returns, Slack's retry
is answered and stored, once.
"""

from __future__ import annotations

import json
from dataclasses import replace
from types import SimpleNamespace

from sqlalchemy import text

from bot.records.db import get_engine
from bot.slack.blocks import RECORDS_DOWN
from tests.faults.proxy import Relay
from tests.postgres import fresh_database
from tests.slack.conftest import start_app
from tests.slack.harness import BOT_TOKEN, SIGNING_SECRET, FakeSlack, Sender, mention
from tests.slack.supervising import SUPERVISOR, click, opening, posts, start_session, wait_post


def _count(url: str, table: str) -> int:
    with get_engine(url).connect() as connection:
        return connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def _in_thread(fake: FakeSlack, ts: str) -> list:
    return [c for c in fake.calls_to("chat.postMessage") if c.args.get("thread_ts") == ts]


def test_the_database_away_gets_a_clear_reply_and_its_return_an_answer(seed_settings, engine):  # type: ignore[no-untyped-def]
    relay, fake = Relay(("127.0.0.1", 5432)), FakeSlack()
    with fresh_database(port=relay.port) as url:
        settings = replace(seed_settings, slack_bot_token=BOT_TOKEN,
                           slack_signing_secret=SIGNING_SECRET, slack_api_url=fake.url + "/api",
                           database_url=url)
        server, app_url = start_app(settings, engine)
        sender = Sender(app_url)
        try:
            before = mention("baby 10 weeks with a bruise", ts="1700000300.000100")
            assert sender.event(before)[0] == 200
            fake.wait_for(lambda: _in_thread(fake, before["ts"]))

            relay.cut()
            away = mention("dad has dv history and mum has stopped answering the door",
                           ts="1700000301.000100")
            assert sender.event(away, event_id="EvAway")[0] == 503  # Slack: send it again
            notice = fake.wait_for(lambda: _in_thread(fake, away["ts"]))[0]
            assert "can't reach the records database" in notice.args["text"]
            assert not notice.args.get("blocks"), "an answer went out with no record of it"
            assert sender.event(away, event_id="EvAway", retry=1)[0] == 503
            sender.command("neglect and missed appointments", "UALICE", "C1",
                           fake.response_url(), fake.trigger_id())
            said = fake.wait_for(lambda: fake.responses)[0]
            assert said["text"] == RECORDS_DOWN
            assert len(_in_thread(fake, away["ts"])) == 1, "told twice while still away"

            relay.restore()
            assert _count(url, "ask") == 1 and _count(url, "slackevent") == 1  # nothing half-written
            assert sender.event(away, event_id="EvAway", retry=2)[0] == 200
            answer = fake.wait_for(lambda: len(_in_thread(fake, away["ts"])) == 2
                                   and _in_thread(fake, away["ts"]))[1]
            assert answer.args.get("blocks"), "the retry after recovery was not answered"
            assert _count(url, "ask") == 2
        finally:
            server.close()
            fake.close()
            relay.close()


def test_a_supervision_button_pressed_while_the_database_is_away_is_told_so_and_works_after(
        seed_settings, engine):  # type: ignore[no-untyped-def]
    relay, fake = Relay(("127.0.0.1", 5432)), FakeSlack()
    with fresh_database(port=relay.port) as url:
        settings = replace(seed_settings, slack_bot_token=BOT_TOKEN,
                           slack_signing_secret=SIGNING_SECRET, slack_api_url=fake.url + "/api",
                           database_url=url, supervisors=frozenset({SUPERVISOR}))
        server, app_url = start_app(settings, engine)
        slack = SimpleNamespace(fake=fake, sender=Sender(app_url), settings=settings)
        try:
            start_session(slack, opening("four_by_four"))
            step = wait_post(fake, "Step 1 of 4")
            relay.cut()
            click(slack, step, "session_next")
            told = fake.wait_for(lambda: [c for c in fake.calls_to("chat.postEphemeral")
                                          if "records database" in c.args["text"]])[0]
            assert told.args["user"] == SUPERVISOR and "nothing of it was saved" in told.args["text"]
            assert not [c for c in posts(fake) if "Step 2 of 4" in json.dumps(c.args)]
            relay.restore()
            click(slack, step, "session_next")  # the same button: the session never moved
            wait_post(fake, "Step 2 of 4")
        finally:
            server.close()
            fake.close()
            relay.close()
