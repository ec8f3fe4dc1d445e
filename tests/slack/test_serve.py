"""`reflect serve` as a process: HTTP mode behind waitress, and Socket Mode."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from bot.config import PROJECT_ROOT
from tests.slack.harness import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, FakeSlack, Sender, mention


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(fake: FakeSlack, seed_settings, tmp_path, **extra: str) -> subprocess.Popen:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "REFLECT_"))}
    env.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
               SLACK_API_URL=fake.url + "/api", REFLECT_INDEX_DIR=str(seed_settings.index_dir),
               DATABASE_URL=f"sqlite:///{tmp_path / 'serve.db'}", **extra)
    return subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=PROJECT_ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_http_mode_serves_slack_at_slack_events(seed_settings, tmp_path):  # type: ignore[no-untyped-def]
    fake, port = FakeSlack(), free_port()
    process = serve(fake, seed_settings, tmp_path, REFLECT_PORT=str(port))
    try:
        deadline = time.time() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert r.read() == b"ok"
                    break
            except OSError:
                assert process.poll() is None and time.time() < deadline, "serve did not start"
                time.sleep(0.5)
        sender = Sender(f"http://127.0.0.1:{port}/slack/events")
        assert sender.event(mention("escalation policy?", ts="1.1"))[0] == 200
        reply = fake.wait_for(lambda: fake.calls_to("chat.postMessage"))[0]
        assert reply.args["thread_ts"] == "1.1"
        assert sender.post(json.dumps({"type": "event_callback"}).encode(),
                           "application/json", {})[0] == 401
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
        fake.close()
    assert "Listening on http://127.0.0.1:" in output
    assert "escalation policy" not in output and BOT_TOKEN not in output


def test_socket_mode_when_an_app_token_is_set(seed_settings, tmp_path):  # type: ignore[no-untyped-def]
    fake = FakeSlack()
    process = serve(fake, seed_settings, tmp_path, SLACK_APP_TOKEN=APP_TOKEN)
    try:
        opened = fake.wait_for(lambda: fake.calls_to("apps.connections.open"), timeout=120)
        assert opened
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
        fake.close()
    assert "Socket Mode" in output and APP_TOKEN not in output
