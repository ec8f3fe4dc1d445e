"""Sustained load through the loopback Slack while supervision sessions write entries.

A burst of 50 signed events at once, then a steady rate for a minute: mentions that must each
get one threaded answer, and replies in open supervision threads that must each be stored as one
entry (marked with one ✓). Run on SQLite and on PostgreSQL. Counts what was lost, doubled or
failed (a database lock error shows as an apology or a missing entry) and the rates held.

    python -m tests.slack.load [--quick] [--rate N] [OUT.json]   (scripts/load; its short form
                                                                 is tests/slack/test_load.py)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

from sqlmodel import select

from bot.bench.evaluation import load_questions
from bot.config import Settings
from bot.records import people
from bot.records.db import session_for
from bot.records.models import Ask, Entry
from bot.reflection import Engine
from bot.slack.app import create_app
from bot.slack.server import make_http_server
from bot.supervision import sessions
from bot.supervision.frameworks import load_frameworks
from tests.postgres import fresh_database
from tests.slack.harness import (
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    Sender,
    mention,
    message,
    serve_in_thread,
)
from tests.slack.latency import QUESTIONS, _percentile

SESSIONS = 10  # supervision sessions open side by side, each taking entries


@dataclass(frozen=True)
class Plan:
    burst: int  # events sent at once (half mentions, half entries)
    rate: float  # events a second afterwards (half mentions, half entries)
    seconds: float  # how long the steady rate is held
    settle: float = 60.0  # longest wait for the last replies


FULL = Plan(burst=50, rate=10.0, seconds=60.0)
QUICK = Plan(burst=50, rate=8.0, seconds=5.0, settle=45.0)


@dataclass
class Sent:
    kind: str  # mention | entry
    ts: str
    at: float
    status: int


def measure(plan: Plan, database: str, engine: Engine | None = None,
            settings: Settings | None = None) -> dict:
    """Run the plan against one database ('sqlite' or 'postgresql'); the figures as a dict."""
    settings = settings or Settings.from_env()
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        url = (f"sqlite:///{tmp / 'load.db'}" if database == "sqlite"
               else stack.enter_context(fresh_database()))
        fake = FakeSlack()
        stack.callback(fake.close)
        settings = replace(settings, slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET,
                           slack_api_url=fake.url + "/api", database_url=url,
                           supervisors=frozenset({"USUP"}))
        threads = _open_sessions(settings)
        server = make_http_server(create_app(settings, engine or Engine(settings)), "127.0.0.1", 0,
                                  signing_secret=settings.slack_signing_secret,
                                  threads=plan.burst + 4)
        serve_in_thread(server)
        stack.callback(server.close)
        sender = Sender(f"http://127.0.0.1:{server.effective_port}/slack/events")
        return _run(plan, database, fake, sender, url, threads)


def _open_sessions(settings: Settings) -> list[tuple[str, str, str]]:
    """Open sessions straight through the core; each is (channel, thread_ts, practitioner)."""
    frameworks = load_frameworks(settings.curated_file("frameworks.yaml"))
    with session_for(settings.database_url) as db:
        people.set_roles(db, supervisors={"USUP"}, admins=set())
    threads = []
    for i in range(SESSIONS):
        channel, thread, user = f"GLOAD{i}", f"1700000000.{i:06d}", f"UPRAC{i}"
        session_id = sessions.start(settings.database_url, frameworks, {}, sessions.Opening(
            framework="kolb", supervisor="USUP", supervisee=user, case_ref=f"CR-{i}"))
        sessions.attach_thread(settings.database_url, session_id, channel=channel, thread_ts=thread)
        threads.append((channel, thread, user))
    return threads


def _run(plan: Plan, database: str, fake: FakeSlack, sender: Sender, url: str,
         threads: list[tuple[str, str, str]]) -> dict:
    prompts = [q.question for q in load_questions(QUESTIONS)]
    counter = iter(range(10**9))
    sent: list[Sent] = []
    lock = threading.Lock()

    def send(kind: str) -> None:
        n = next(counter)
        ts = f"1800000000.{n:06d}"
        if kind == "mention":
            event = mention(prompts[n % len(prompts)], ts=ts, channel=f"CLOAD{n % 5}")
        else:
            channel, thread, user = threads[n % len(threads)]
            event = message(f"entry {n}: what I noticed at the visit and what I felt", user=user,
                            channel=channel, ts=ts, thread_ts=thread, channel_type="mpim")
        at = time.time()
        try:
            status, _ = sender.event(event)
        except OSError:
            status = 0
        with lock:
            sent.append(Sent(kind, ts, at, status))

    sender.event(mention(prompts[0], ts="1799999999.000001"))  # warm-up, not counted
    fake.wait_for(lambda: fake.calls_to("chat.postMessage"))
    kinds = ["mention", "entry"]
    with ThreadPoolExecutor(max_workers=plan.burst + 8) as pool:
        started = time.perf_counter()
        barrier = threading.Barrier(plan.burst)

        def in_burst(i: int) -> None:
            barrier.wait()
            send(kinds[i % 2])

        for i in range(plan.burst):
            pool.submit(in_burst, i)
        steady_from = time.perf_counter()
        total = int(plan.rate * plan.seconds)
        for i in range(total):  # on a fixed clock, whatever the acks take
            time.sleep(max(0.0, steady_from + i / plan.rate - time.perf_counter()))
            pool.submit(send, kinds[i % 2])
    send_seconds = time.perf_counter() - started
    _await(fake, sent, plan.settle)
    return _figures(plan, database, fake, sent, url, send_seconds)


def _await(fake: FakeSlack, sent: list[Sent], settle: float) -> None:
    wanted_answers = {s.ts for s in sent if s.kind == "mention"}
    wanted_marks = {s.ts for s in sent if s.kind == "entry"}

    def all_in() -> bool:
        answered = {c.args.get("thread_ts") for c in fake.calls_to("chat.postMessage")}
        marked = {c.args.get("timestamp") for c in fake.calls_to("reactions.add")}
        return wanted_answers <= answered and wanted_marks <= marked

    with contextlib.suppress(AssertionError):  # the figures count what is missing
        fake.wait_for(all_in, timeout=settle)
    time.sleep(1.0)  # late duplicates


def _figures(plan: Plan, database: str, fake: FakeSlack, sent: list[Sent], url: str,
             send_seconds: float) -> dict:
    mentions = [s for s in sent if s.kind == "mention"]
    entries = [s for s in sent if s.kind == "entry"]
    replies = Counter(c.args.get("thread_ts") for c in fake.calls_to("chat.postMessage"))
    first_reply: dict[str, float] = {}
    for call in fake.calls_to("chat.postMessage"):
        first_reply.setdefault(call.args.get("thread_ts", ""), call.at)
    marks = Counter(c.args.get("timestamp") for c in fake.calls_to("reactions.add"))
    refused = [c for c in fake.calls_to("chat.postEphemeral")
               if "couldn't store" in (c.args.get("text") or "")]
    apologies = [c for c in fake.calls_to("chat.postMessage") if not c.args.get("blocks")
                 or "Sorry" in (c.args.get("text") or "")]
    with session_for(url) as db:
        asks = Counter(db.exec(select(Ask.message_ts)).all())
        stored = Counter(db.exec(select(Entry.source_ts)).all())
    latencies = [(first_reply[s.ts] - s.at) * 1000 for s in mentions if s.ts in first_reply]
    steady = [(first_reply[s.ts] - s.at) * 1000 for s in mentions[plan.burst // 2:]
              if s.ts in first_reply]  # sent after the burst
    last = max([*first_reply.values(), time.time()])
    return {
        "database": database, "burst": plan.burst, "rate_per_s": plan.rate,
        "seconds": plan.seconds, "events": len(sent), "ack_errors": sum(s.status != 200 for s in sent),
        "mentions": len(mentions), "answered": sum(replies[s.ts] >= 1 for s in mentions),
        "answered_twice": sum(replies[s.ts] > 1 for s in mentions),
        "asks_stored_once": sum(asks[s.ts] == 1 for s in mentions),
        "apologies": len(apologies),
        "entries": len(entries), "entries_stored_once": sum(stored[s.ts] == 1 for s in entries),
        "entries_marked_once": sum(marks[s.ts] == 1 for s in entries),
        "entry_refusals": len(refused),
        "answer_p50_ms": _percentile(latencies, 0.5), "answer_p95_ms": _percentile(latencies, 0.95),
        "answer_max_ms": _percentile(latencies, 1.0), "steady_p95_ms": _percentile(steady, 0.95),
        "sent_per_s": round(len(sent) / send_seconds, 1),
        "handled_per_s": round(len(sent) / (last - min(s.at for s in sent)), 1),
    }


COLUMNS = ("database", "events", "ack_errors", "mentions", "answered", "answered_twice",
           "asks_stored_once", "apologies", "entries", "entries_stored_once", "entries_marked_once",
           "entry_refusals", "answer_p50_ms", "answer_p95_ms", "answer_max_ms", "steady_p95_ms",
           "sent_per_s",
           "handled_per_s")


def table(runs: list[dict]) -> list[str]:
    width = max(len(c) for c in COLUMNS)
    return [f"{c:>{width}} " + " ".join(f"{str(r[c]):>12}" for r in runs) for c in COLUMNS]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Sustained load through the loopback Slack.")
    parser.add_argument("out", nargs="?", default="load-results.json")
    parser.add_argument("--quick", action="store_true", help="a few seconds, as a smoke test")
    parser.add_argument("--rate", type=float, help="events a second after the burst")
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    plan = replace(plan, rate=args.rate) if args.rate else plan
    shared = Settings.from_env()
    engine = Engine(shared)
    runs = [measure(plan, db, engine, shared) for db in ("sqlite", "postgresql")]
    out = Path(args.out)
    out.write_text(json.dumps({"plan": plan.__dict__, "runs": runs}, indent=2) + "\n")
    print(f"burst of {plan.burst}, then {plan.rate}/s for {plan.seconds:.0f} s "
          f"(half mentions, half supervision entries in {SESSIONS} sessions)")
    print("\n".join(table(runs)))
    print(f"written to {out}")
