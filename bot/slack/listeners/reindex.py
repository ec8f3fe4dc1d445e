"""`/reindex`: admins rebuild the index from Slack; one message shows progress, then a summary."""

from __future__ import annotations

import time

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from ...admin import knowledge as admin
from ...retrieval.build import BuildError
from .. import ids
from ..blocks import escape
from ..deps import Deps, log

UPDATE_EVERY = 1.5  # seconds between progress edits of the message


def register(app: App, deps: Deps) -> None:
    @app.command(ids.REINDEX_COMMAND)
    def on_reindex(ack: Ack, command: dict, client: WebClient, respond: Respond) -> None:
        user = command.get("user_id", "")
        if not admin.is_admin(deps.settings, user):
            ack(response_type="ephemeral", text=admin.NOT_ADMIN)
            return
        ack(response_type="ephemeral", text="Rebuilding the index; I'll keep you posted in a DM.")
        channel = client.conversations_open(users=user)["channel"]["id"]
        ts = client.chat_postMessage(channel=channel, text="Reindexing: starting…")["ts"]
        last = [0.0]

        def progress(stage: str, done: int, total: int) -> None:
            if time.monotonic() - last[0] < UPDATE_EVERY and done < total:
                return
            last[0] = time.monotonic()
            what = "documents read" if stage == "reading" else "passages embedded"
            client.chat_update(channel=channel, ts=ts, text=f"Reindexing: {done} of {total} {what}…")

        try:
            report = admin.reindex(deps.settings, deps.build_embedder, progress, actor=user)
        except BuildError as exc:
            client.chat_update(channel=channel, ts=ts, text=escape(f"Reindex stopped: {exc}"))
            return
        except Exception as exc:
            log.error("reindex failed user=%s error=%s", user, type(exc).__name__)
            client.chat_update(channel=channel, ts=ts, text="Reindex failed; the live index is "
                               "unchanged and still answering. Check the server log.")
            return
        deps.engine.refresh(force=True)
        covered, themes = deps.engine.coverage()
        summary = admin.report_lines(report) + [f"Themes now covered: {covered} of {themes}."]
        client.chat_update(channel=channel, ts=ts, text=escape("\n".join(summary)))
        log.info("reindex done user=%s version=%s seconds=%.1f", user, report.version,
                 report.seconds)
