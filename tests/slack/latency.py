"""Time from a signed Slack event to the threaded reply, through the loopback harness, under load.

Run with scripts/bench (not part of scripts/test). At each concurrency level N, rounds of N signed
app_mention events leave N threads at once; about a tenth of the events at the highest level are
sent again as Slack retries (same event_id, X-Slack-Retry-Num: 1) and must still be answered once.
Prints one line a level and writes JSON; `--quick` runs tiny sizes as a smoke test.
"""

from __future__ import annotations

import json
import math
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from bot.bench.evaluation import load_questions
from bot.config import Settings
from bot.reflection import Engine
from bot.slack.app import create_app
from bot.slack.blocks import apology_blocks
from bot.slack.server import make_http_server
from tests.slack.harness import BOT_TOKEN, SIGNING_SECRET, FakeSlack, Sender, mention, serve_in_thread

QUESTIONS = Path(__file__).resolve().parents[1] / "data" / "eval_questions.jsonl"
FULL = ((1, 60), (10, 6), (50, 3))  # (concurrency, rounds): >=50 timings at 1 and 10
QUICK = ((1, 3), (5, 2))
REPLY_TIMEOUT = 30.0  # seconds from send; a reply later than this counts as lost
SETTLE = 2.0  # seconds to wait after the last round for late (duplicate) replies


@dataclass
class Sent:
    """One signed POST to the app: which event, when (wall clock, as FakeSlack stamps calls)."""

    event_id: str
    ts: str
    at: float
    status: int
    ack_ms: float
    retry: bool = False


def measure(plan: tuple[tuple[int, int], ...] = FULL, *, timeout: float = REPLY_TIMEOUT,
            retry_share: float = 0.1) -> dict:
    """Latency, losses, duplicates and throughput at each (concurrency, rounds) in the plan."""
    fake = FakeSlack()
    prompts = [q.question for q in load_questions(QUESTIONS)]
    highest = max(size for size, _ in plan)
    with tempfile.TemporaryDirectory() as tmp:
        settings = replace(Settings.from_env(), slack_bot_token=BOT_TOKEN,
                           slack_signing_secret=SIGNING_SECRET, slack_api_url=fake.url + "/api",
                           database_url=f"sqlite:///{tmp}/bench.db")
        # a waitress thread for every request of the largest burst, so none waits to be acked
        server = make_http_server(create_app(settings, Engine(settings)), "127.0.0.1", 0,
                                  signing_secret=SIGNING_SECRET, threads=highest + 4)
        serve_in_thread(server)
        sender = Sender(f"http://127.0.0.1:{server.effective_port}/slack/events")
        sender.event(mention(prompts[0], ts="0.1"))  # warm-up
        fake.wait_for(lambda: fake.calls_to("chat.postMessage"))
        runs, first = [], 0
        for size, rounds in plan:
            share = retry_share if size == highest else 0.0
            runs.append(_level(fake, sender, prompts, size, rounds, first, share, timeout))
            first += size * rounds
        time.sleep(SETTLE)
        replies = _replies_by_ts(fake)
        server.close()
    fake.close()
    levels = [_summary(size, sent, spans, replies, timeout) for size, sent, spans in runs]
    return {"timeout_s": timeout, "retry_share": retry_share, "levels": levels}


def _level(fake: FakeSlack, sender: Sender, prompts: list[str], size: int, rounds: int,
           first: int, retry_share: float, timeout: float) -> tuple[int, list[Sent], list[float]]:
    """Every round of one level: what was sent, and each round's span from send to last reply."""
    sent: list[Sent] = []
    spans = []
    every = round(1 / retry_share) if retry_share else 0
    for r in range(rounds):
        start = first + r * size
        retried = {i for i in range(size) if every and (start + i) % every == 0}
        batch = _burst(sender, prompts, size, start, retried)
        sent += batch
        spans.append(_await_replies(fake, batch, timeout))
    return size, sent, spans


def _burst(sender: Sender, prompts: list[str], size: int, start: int,
           retried: set[int]) -> list[Sent]:
    """N events from N threads released together; the retried ones are sent again once acked."""
    barrier = threading.Barrier(size)
    sent: list[Sent] = []

    def send(i: int) -> None:
        n = start + i
        event = mention(prompts[n % len(prompts)], ts=f"1800000000.{n:06d}")
        event_id = f"EvBench{n:06d}"
        barrier.wait()
        sent.append(_post(sender, event, event_id))
        if i in retried:  # while the answer is still in flight, as a slow ack would cause
            sent.append(_post(sender, event, event_id, retry=1))

    threads = [threading.Thread(target=send, args=(i,)) for i in range(size)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sent


def _post(sender: Sender, event: dict, event_id: str, retry: int | None = None) -> Sent:
    at, started = time.time(), time.perf_counter()
    try:
        status, _ = sender.event(event, event_id=event_id, retry=retry)
    except OSError:  # refused or timed out: no ack at all
        status = 0
    return Sent(event_id, event["ts"], at, status, (time.perf_counter() - started) * 1000,
                retry=bool(retry))


def _await_replies(fake: FakeSlack, batch: list[Sent], timeout: float) -> float:
    """Wait until each event in the batch has a threaded reply (or timeout); the round's span."""
    wanted = {s.ts for s in batch}
    sent_at = min(s.at for s in batch)

    def answered() -> list[float]:
        seen = {c.args.get("thread_ts"): c.at for c in fake.calls_to("chat.postMessage")
                if c.args.get("thread_ts") in wanted}
        return list(seen.values()) if len(seen) == len(wanted) else []

    try:
        return max(fake.wait_for(answered, timeout=timeout)) - sent_at
    except AssertionError:  # some were lost; the level summary counts them
        return timeout


def _replies_by_ts(fake: FakeSlack) -> dict[str, list[tuple[float, bool]]]:
    """Each thread's replies: when they reached Slack, and whether they were the apology."""
    apology = apology_blocks()[0]
    replies: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for call in fake.calls_to("chat.postMessage"):
        replies[call.args.get("thread_ts", "")].append((call.at, call.args.get("text") == apology))
    return replies


def _summary(size: int, sent: list[Sent], spans: list[float],
             replies: dict[str, list[tuple[float, bool]]], timeout: float) -> dict:
    events = [s for s in sent if not s.retry]
    timings = []
    for s in events:
        first = min((at for at, _ in replies.get(s.ts, [])), default=None)
        if first is not None and first - s.at <= timeout:
            timings.append((first - s.at) * 1000)
    retries = [s for s in sent if s.retry]
    retried = {s.ts for s in retries}
    acks = [s.ack_ms for s in sent]
    return {
        "concurrency": size, "rounds": len(spans), "events": len(events),
        "replies": sum(len(replies.get(s.ts, [])) for s in events),
        "lost": len(events) - len(timings),
        "duplicated": sum(len(replies.get(s.ts, [])) > 1 for s in events),
        "apologies": sum(apology for s in events for _, apology in replies.get(s.ts, [])),
        "retries_sent": len(retried),
        "retries_answered_once": sum(len(replies.get(ts, [])) == 1 for ts in retried),
        "retries_before_reply": sum(s.at < min((at for at, _ in replies.get(s.ts, [])),
                                               default=math.inf) for s in retries),
        "p50_ms": _percentile(timings, 0.50), "p95_ms": _percentile(timings, 0.95),
        "max_ms": _percentile(timings, 1.0),
        "ack_p95_ms": _percentile(acks, 0.95), "ack_errors": sum(s.status != 200 for s in sent),
        "requests_per_s": round(len(events) / sum(spans), 1) if sum(spans) else None,
    }


def _percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile, rounded to 0.1 ms; None when there is nothing to rank."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(q * len(ordered)) - 1)], 1)


def _table(figures: dict) -> list[str]:
    columns = ("concurrency", "events", "replies", "lost", "duplicated", "apologies",
               "retries_sent", "retries_answered_once", "p50_ms", "p95_ms", "max_ms",
               "ack_p95_ms", "ack_errors", "requests_per_s")
    header = ("level", "sent", "replies", "lost", "dup", "apology", "retries", "retry_ok",
              "p50_ms", "p95_ms", "max_ms", "ack_p95", "ack_err", "req/s")
    lines = [" ".join(f"{h:>7}" for h in header)]
    for level in figures["levels"]:
        lines.append(" ".join(f"{str(level[c]):>7}" for c in columns))
    return lines


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--quick"]
    quick = "--quick" in sys.argv[1:]
    figures = measure(QUICK if quick else FULL)
    out = Path(args[0] if args else "bench-slack.json")
    out.write_text(json.dumps(figures, indent=2) + "\n")
    print("signed app_mention -> threaded reply, by concurrency (ms; req/s = events answered "
          "per second of round time)")
    print("\n".join(_table(figures)))
    print(f"written to {out}")
