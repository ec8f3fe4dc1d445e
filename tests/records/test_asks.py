"""Asks, feedback and Slack event claims, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from datetime import timedelta

from bot.records import asks, workers
from bot.records.db import session_for
from bot.records.models import SlackEvent, utcnow

ANSWER = {"query": "q", "redactions": [{"kind": "name", "count": 1}], "no_match": False,
          "learning": [{"source": "reviews/a.txt"}, {"source": "reviews/b.txt"},
                       {"source": "reviews/a.txt"}]}


def test_an_ask_its_thread_and_its_feedback_are_stored(database_url):  # type: ignore[no-untyped-def]
    with session_for(database_url) as session:
        first = asks.record_ask(session, surface="mention", prompt="first [name]", answer=ANSWER,
                                slack_user="U1", channel="C1", thread_ts="1.1")
        asks.record_ask(session, surface="thread", prompt="second", answer=ANSWER,
                        slack_user="U1", channel="C1", thread_ts="1.1")
        asks.record_feedback(session, ask_id=first.id, slack_user="U2", helpful=False,
                             reason="missed it")
    with session_for(database_url) as session:
        stored = asks.get_ask(session, first.id)
        assert stored.sources == ["reviews/a.txt", "reviews/b.txt"]
        assert stored.redactions == [{"kind": "name", "count": 1}]
        assert asks.thread_prompts(session, channel="C1", thread_ts="1.1") == ["first [name]", "second"]
        assert asks.is_bot_thread(session, channel="C1", thread_ts="1.1")
        assert not asks.is_bot_thread(session, channel="C1", thread_ts="9.9")
        assert [a.prompt for a in asks.recent_asks(session, slack_user="U1")] == ["second", "first [name]"]


def test_an_event_is_claimed_once_across_workers_until_a_claim_goes_stale(database_url):  # type: ignore[no-untyped-def]
    results: list[bool] = []

    def worker() -> None:
        with session_for(database_url) as session:
            results.append(asks.claim_event(session, event_id="Ev1"))

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 5 + [True]
    later = utcnow() + asks.STALE_CLAIM + timedelta(seconds=1)
    with session_for(database_url) as session:  # the claimant died: a retry may take over
        assert asks.claim_event(session, event_id="Ev1", now=later)
    with session_for(database_url) as session:
        asks.finish_event(session, event_id="Ev1")
    with session_for(database_url) as session:  # finished: never again
        assert not asks.claim_event(session, event_id="Ev1", now=later + timedelta(hours=1))


def test_a_claim_left_by_a_dead_worker_on_this_host_is_taken_over_at_once(database_url):  # type: ignore[no-untyped-def]
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # a worker that has exited
    dead = f"{socket.gethostname()}/{child.pid}/{workers._start_ticks(child.pid) or '1'}"
    alive = f"{socket.gethostname()}/1/{workers._start_ticks(1)}"  # init: running
    elsewhere = f"other-host/{child.pid}/1"
    with session_for(database_url) as session:
        for event_id, owner in (("EvDead", dead), ("EvAlive", alive), ("EvElsewhere", elsewhere)):
            session.add(SlackEvent(event_id=event_id, claimed_at=utcnow(), owner=owner))
    with session_for(database_url) as session:
        assert asks.claim_event(session, event_id="EvDead")
        assert not asks.claim_event(session, event_id="EvAlive")
        assert not asks.claim_event(session, event_id="EvElsewhere")
    with session_for(database_url) as session:  # the new claim is this worker's, and it is alive
        assert not asks.claim_event(session, event_id="EvDead")


def test_a_nul_or_half_a_surrogate_pair_is_dropped_not_fatal(database_url, engine):  # type: ignore[no-untyped-def]
    from bot import conversation

    reply = conversation.ask_and_record(engine, database_url, surface="chat",
                                        text="dad\x00 drinks\ud800 and mum is scared of him")
    with session_for(database_url) as session:
        stored = asks.get_ask(session, reply.ask_id)
    assert stored is not None and stored.prompt == "dad drinks and mum is scared of him"
