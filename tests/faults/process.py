"""The bot as it runs in production: `reflect serve` in its own process, which a test can kill."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bot.config import PROJECT_ROOT, Settings
from tests.slack.harness import BOT_TOKEN, SIGNING_SECRET, FakeSlack

START_TIMEOUT = 90.0  # seconds; a cold start is a few seconds on an idle machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class BotProcess:
    """`reflect serve` over the given settings, talking to the fake Slack; start, kill, start again."""

    def __init__(self, settings: Settings, fake: FakeSlack, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/slack/events"
        self.log = log
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "REFLECT_"))}
        self.env = {**keep, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                    "SLACK_API_URL": fake.url + "/api", "REFLECT_PORT": str(self.port),
                    "REFLECT_KNOWLEDGE_DIR": str(settings.knowledge_dir),
                    "REFLECT_INDEX_DIR": str(settings.index_dir),
                    "REFLECT_DATA_DIR": str(settings.data_dir),
                    "DATABASE_URL": settings.database_url,
                    "REFLECT_SUPERVISORS": ",".join(settings.supervisors),
                    "REFLECT_ADMINS": ",".join(settings.admins)}
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=PROJECT_ROOT,
                                            env=self.env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.time() + START_TIMEOUT
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the bot exited at start:\n{self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("the bot did not start listening in time")

    def kill(self) -> None:
        """SIGKILL: no clean-up runs, as when the machine or the container dies."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.kill()
