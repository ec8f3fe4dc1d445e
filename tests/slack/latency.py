"""Time from a signed Slack event to the threaded reply, through the loopback harness.

Run with scripts/bench (not part of scripts/test): prints median and p95 and writes JSON.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bot.config import Settings
from bot.evaluation import load_questions
from bot.reflection import Engine
from bot.slack.app import create_app
from bot.slack.server import make_http_server
from tests.slack.harness import BOT_TOKEN, SIGNING_SECRET, FakeSlack, Sender, mention, serve_in_thread

QUESTIONS = Path(__file__).resolve().parents[1] / "data" / "eval_questions.jsonl"


def measure(events: int = 100) -> dict:
    fake = FakeSlack()
    with tempfile.TemporaryDirectory() as tmp:
        settings = replace(Settings.from_env(), slack_bot_token=BOT_TOKEN,
                           slack_signing_secret=SIGNING_SECRET, slack_api_url=fake.url + "/api",
                           database_url=f"sqlite:///{tmp}/bench.db")
        server = make_http_server(create_app(settings, Engine(settings)), "127.0.0.1", 0)
        serve_in_thread(server)
        sender = Sender(f"http://127.0.0.1:{server.effective_port}/slack/events")
        prompts = [q.question for q in load_questions(QUESTIONS)]
        sender.event(mention(prompts[0], ts="0.1"))  # warm-up
        fake.wait_for(lambda: fake.calls_to("chat.postMessage"))
        timings = []
        for n in range(events):
            ts = f"{n + 1}.5"
            started = time.perf_counter()
            sender.event(mention(prompts[n % len(prompts)], ts=ts))
            fake.wait_for(lambda ts=ts: [c for c in fake.calls_to("chat.postMessage")
                                         if c.args.get("thread_ts") == ts])
            timings.append((time.perf_counter() - started) * 1000)
        server.close()
    fake.close()
    ordered = sorted(timings)
    return {"events": events, "median_ms": round(statistics.median(timings), 1),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
            "max_ms": round(ordered[-1], 1)}


if __name__ == "__main__":
    figures = measure()
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "bench-slack.json")
    out.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"signed event -> threaded reply: median {figures['median_ms']} ms, "
          f"p95 {figures['p95_ms']} ms over {figures['events']} events (written to {out})")
